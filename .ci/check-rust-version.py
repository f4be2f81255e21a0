#!/usr/bin/env python3
"""Checks that no dependency of a workspace crate declares a newer rust-version than the crate.

Only one toolchain can be installed here, so the minimum supported Rust version cannot be
tested by building with it; this reads what every dependency (normal and build, all features,
as resolved in Cargo.lock) declares instead. Prints `rust-version: N passed, N failed`.
"""
import json
import subprocess
import sys


def version_key(text):
    return tuple(int(part) for part in text.split("."))


def main():
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--all-features", "--locked"],
        check=True, capture_output=True, text=True).stdout)
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    passed = failed = 0
    for member in sorted(meta["workspace_members"], key=lambda i: packages[i]["name"]):
        crate = packages[member]
        own = crate.get("rust_version")
        if not own:
            print(f"{crate['name']}: declares no rust-version")
            failed += 1
            continue
        seen, stack = set(), [member]
        while stack:
            for dep in nodes[stack.pop()]["deps"]:
                if any(k["kind"] in (None, "build") for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                    seen.add(dep["pkg"])
                    stack.append(dep["pkg"])
        newer = sorted(
            (version_key(packages[i]["rust_version"]), packages[i]["name"], packages[i]["rust_version"])
            for i in seen
            if packages[i].get("rust_version") and version_key(packages[i]["rust_version"]) > version_key(own))
        if newer:
            failed += 1
            names = ", ".join(f"{name} {rv}" for _, name, rv in newer)
            print(f"{crate['name']} declares rust-version {own}, but its dependencies need: {names}")
        else:
            passed += 1
    print(f"rust-version: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
