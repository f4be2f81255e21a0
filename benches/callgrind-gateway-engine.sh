#!/usr/bin/env bash
# Instructions per submit round trip in the gateway engine, in process: a client submits, a
# server answers, the client sees the acceptance (both sessions' framing, decoding and
# encoding). (count(run N) - count(setup)) / N, per protocol and window.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-10000}"
cargo build -q --release -p rcs-benches --bin gateway_engine_count
bin=target/release/gateway_engine_count
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$@" 2>&1 | awk '/Collected/ {print $4}'; }
for protocol in smpp cmpp sgip smgp; do
  for window in 1 64; do
    base=$(count setup "$protocol" "$window" "$N")
    total=$(count run "$protocol" "$window" "$N")
    echo "$protocol window $window: $(( (total - base) / N )) instructions per submit round trip"
  done
done
