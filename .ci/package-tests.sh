#!/usr/bin/env bash
# Each publishable crate as crates.io would serve it: `cargo package` (which builds each one from
# its .crate), then every packaged crate's own tests, examples and benches compiled outside this
# workspace, from the unpacked .crate files alone (path dependencies are gone there, so a test
# that reaches for a file the package does not ship fails here, not for a user).
set -euo pipefail
cd "$(dirname "$0")/.."
# cargo package verifies each crate against the others through a local registry, and cargo
# keeps what it unpacked from there under $CARGO_HOME by name and version: a copy left by an
# earlier run of the same version would be built instead of this one. Remove ours first.
cargo_home="${CARGO_HOME:-$HOME/.cargo}"
for name in $(cargo metadata --no-deps --format-version 1 | python3 -c \
    'import json,sys; print(" ".join(p["name"] + "-" + p["version"] for p in json.load(sys.stdin)["packages"]))'); do
  rm -rf "$cargo_home"/registry/src/*/"$name" "$cargo_home"/registry/cache/*/"$name.crate"
done
rm -rf target/package
cargo package --workspace --exclude rcs-benches --locked --allow-dirty --quiet
out="${RCS_PACKAGE_DIR:-/tmp/rcs-packaged}"
rm -rf "$out"; mkdir -p "$out"
members=(); patches=()
for crate in target/package/*.crate; do
  # -m: extracted files get the time now, so cargo rebuilds what changed (a .crate keeps
  # fixed mtimes, which would make a cached build of an older version look fresh).
  tar -m -xzf "$crate" -C "$out"
  dir=$(basename "$crate" .crate)
  name=${dir%-*}
  members+=("\"$dir\"")
  patches+=("$name = { path = \"$dir\" }")
done
{
  echo '[workspace]'
  echo 'resolver = "3"'
  echo "members = [$(IFS=,; echo "${members[*]}")]"
  echo
  echo '[patch.crates-io]'
  printf '%s\n' "${patches[@]}"
} > "$out/Cargo.toml"
cp Cargo.lock "$out/Cargo.lock"
# The corpus is not shipped with the crates: its tests skip outside the workspace.
unset RCS_REQUIRE_CORPUS RCS_REQUIRE_ORACLES
packaged_target="$out/../rcs-packaged-target"
(cd "$out" && CARGO_TARGET_DIR="$packaged_target" cargo test --workspace --all-features --no-run --quiet)
# The packaged build is a second full debug build; it is not needed once it has compiled.
rm -rf "$packaged_target"
echo "packaged crates: ${#members[@]} built and their tests compiled outside the workspace"
