#!/usr/bin/env bash
# Instructions per 1 KB text for each SMS subject and input (callgrind; start-up and input
# construction removed by subtracting an n=0 run): the stable measure on a noisy machine.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-1000}"
cargo build -q --release -p rcs-benches --bin fallback_count
bin=target/release/fallback_count
count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 | awk '/Collected/ {print $4}'; }
printf '%-12s %10s %10s %10s %10s %10s\n' input plan encode pack sms_pdu gsm7
for input in ascii_1k gsm_ext_1k chinese_1k emoji_1k; do
  base=$(count none "$input" 0)
  row=""
  for s in plan encode pack sms_pdu gsm7; do
    case "$s:$input" in
      pack:chinese_1k|pack:emoji_1k|gsm7:chinese_1k|gsm7:emoji_1k|sms_pdu:emoji_1k) row="$row $(printf '%10s' -)"; continue ;;
    esac
    per=$(( ($(count "$s" "$input" "$N") - base) / N ))
    row="$row $(printf '%10d' "$per")"
  done
  printf '%-12s%s\n' "$input" "$row"
done
