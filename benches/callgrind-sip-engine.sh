#!/usr/bin/env bash
# Instructions per SIP server transaction (MESSAGE in, the TU's 200 built and sent, Timer J
# run): (count(run N) - count(prepare N)) / N, the requests' own making subtracted; and
# resident memory per open transaction.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-10000}"
cargo build -q --release -p rcs-benches --bin sip_engine_count
bin=target/release/sip_engine_count
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 | awk '/Collected/ {print $4}'; }
base=$(count prepare "$N")
total=$(count run "$N")
echo "instructions per server transaction (layer and the TU's 200): $(( (total - base) / N ))"
"$bin" memory 100000
