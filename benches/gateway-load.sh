#!/usr/bin/env bash
# SMPP submit -> submit_sm_resp round trips per second over loopback, window 1 and 64, every
# client beside every server in one run: rcs (`rcs smsc send/serve`, release build), npm
# `smpp` 0.5.1 and PyPI `smpplib` 2.2.4 (client only). Prints a table. Needs node and
# python3 with those packages (NODE_PATH or benches/gateway-load/node_modules).
# Usage: benches/gateway-load.sh [COUNT_WINDOW64] [COUNT_WINDOW1]
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p rcs-cli
rcs="$PWD/target/release/rcs"
here="$PWD/benches/gateway-load"
export NODE_PATH="${NODE_PATH:-/tmp/rcs-ci-npm/node_modules}"
big="${1:-100000}"; small="${2:-10000}"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
wait_port() { for _ in $(seq 100); do ss -Hlnt "( sport = :$1 )" | grep -q . && return 0; sleep 0.05; done; return 1; }
"$rcs" smsc serve --quiet --listen 127.0.0.1:27780 --protocol smpp >/dev/null 2>&1 & pids+=($!)
node "$here/node-smsc.js" 27781 >/dev/null 2>&1 & pids+=($!)
wait_port 27780 && wait_port 27781 || { echo "servers did not start"; exit 1; }
rate() { python3 -c 'import json,sys; print(round([json.loads(l) for l in sys.stdin if "rate" in l][-1]["rate"]))'; }
client() { # name port count window
  case "$1" in
    rcs) "$rcs" smsc send --quiet --connect "127.0.0.1:$2" --protocol smpp --user 900001 --password pw \
           --to 8613800138000 --count "$3" --window "$4" "Your verification code is 4711." | rate ;;
    node) node "$here/node-esme.js" "$2" "$3" "$4" | rate ;;
    smpplib) python3 "$here/smpplib-esme.py" "$2" "$3" "$4" | rate ;;
  esac
}
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); commit $(git rev-parse --short HEAD)"
printf '%-10s %-10s %14s %14s\n' client server "window 1 /s" "window 64 /s"
for c in rcs node smpplib; do
  for s in rcs:27780 node:27781; do
    name=${s%%:*}; port=${s##*:}
    w1=$(client "$c" "$port" "$small" 1)
    n64=$big; [ "$c" != rcs ] && [ "$name" = node ] && n64=$small
    [ "$c" != rcs ] && n64=$((big / 5))
    w64=$(client "$c" "$port" "$n64" 64)
    printf '%-10s %-10s %14s %14s\n' "$c" "$name" "$w1" "$w64"
  done
done
