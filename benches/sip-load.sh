#!/usr/bin/env bash
# `rcs sip serve --quiet` beside Kamailio (tm t_reply) answering the same MESSAGE statefully,
# with SIPp as the load over loopback UDP: CPU seconds per 10,000 transactions at a fixed rate
# (utime + stime of the server from /proc), and the highest of a ladder of rates each server
# answers with no failed call. Prints a table. Needs sipp and kamailio; a release build of rcs.
# Usage: benches/sip-load.sh [RATE_FOR_CPU] (default 2000/s)
set -uo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p rcs-cli
rcs="$PWD/target/release/rcs"
scenario="$PWD/.ci/sipp/uac-message.xml"
rate="${1:-2000}"
dir=/tmp/rcs-sip-load; rm -rf "$dir"; mkdir -p "$dir"
hz=$(getconf CLK_TCK)
cpu() { # clock ticks used by a pid and its threads (children included for Kamailio)
  local total=0
  for p in $(pgrep -P "$1") "$1"; do
    read -r -a f <"/proc/$p/stat" 2>/dev/null || continue
    total=$((total + f[13] + f[14]))
  done
  echo "$total"
}
wait_port() { for _ in $(seq 100); do ss -Hlun "( sport = :$1 )" | grep -q . && return 0; sleep 0.05; done; return 1; }
load() { # port rate calls -> prints failed count
  timeout 120 sipp -sf "$scenario" "127.0.0.1:$1" -i 127.0.0.1 -p 0 -r "$2" -m "$3" -nostdin \
    -timeout 60s -trace_stat -stf "$dir/stat.csv" -fd 1 >"$dir/sipp.log" 2>&1
  tail -1 "$dir/stat.csv" | awk -F';' '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+$/) last = $i } END {}' >/dev/null
  grep -E "Failed call" "$dir/sipp.log" | tail -1 | awk -F'|' '{ gsub(/ /, "", $3); print $3 }'
}
run() { # name port start-command...
  local name=$1 port=$2; shift 2
  "$@" >"$dir/$name.out" 2>&1 &
  local pid=$!
  wait_port "$port" || { echo "$name did not start"; kill "$pid"; return; }
  sleep 0.5
  local calls=$((rate * 10))
  local before; before=$(cpu "$pid")
  local failed; failed=$(load "$port" "$rate" "$calls")
  local after; after=$(cpu "$pid")
  local per10k; per10k=$(awk -v t=$((after - before)) -v hz="$hz" -v n="$calls" 'BEGIN { printf "%.3f", t / hz * 10000 / n }')
  local best=0
  for r in 1000 2000 4000 8000 12000 16000; do
    local f; f=$(load "$port" "$r" $((r * 5)))
    if [ "$f" = "0" ]; then best=$r; else break; fi
  done
  printf '%-22s %8s/s %10s failed %14s CPU s/10k %10s/s max clean rate\n' "$name" "$rate" "$failed" "$per10k" "$best"
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
  pkill -P "$pid" 2>/dev/null
}
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
run rcs_sip_serve 15150 "$rcs" sip serve --quiet --listen udp:127.0.0.1:15150
run kamailio_tm 15160 kamailio -f "$PWD/benches/sip-load/kamailio.cfg" -DD -E
