#!/usr/bin/env python3
"""Every feature of every library crate on its own: `cargo clippy -p CRATE --lib --features F`
for each F in the crate's [features] (the defaults plus that one). A workspace build unifies
the features all members turn on, which hides a feature that does not build alone (rcs-fallback's
`mms` needed `gateway` until this check existed)."""

import subprocess
import sys
import tomllib
from pathlib import Path

CRATES = ["rcs-base", "rcs-sip", "rcs-sdp", "rcs-msrp", "rcs-cpim", "rcs-chatbot",
          "rcs-fallback", "rcs-sip-engine", "rcs-gateway-engine", "rcs-driver"]

failed = []
checked = 0
for crate in CRATES:
    manifest = tomllib.loads(Path(crate, "Cargo.toml").read_text())
    for feature in manifest.get("features", {}):
        if feature in ("default", "std"):
            continue
        cmd = ["cargo", "clippy", "-p", crate, "--lib", "--locked", "--features", feature,
               "--", "-D", "warnings"]
        r = subprocess.run(cmd, capture_output=True, text=True)
        checked += 1
        if r.returncode != 0:
            failed.append(f"{crate} --features {feature}")
            print(f"features {crate} {feature}: FAILED\n{r.stderr[-3000:]}")
print(f"features: {checked} crate/feature pairs checked, {len(failed)} failed")
sys.exit(1 if failed else 0)
