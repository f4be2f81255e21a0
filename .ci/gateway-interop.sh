#!/usr/bin/env bash
# The SMS gateway engine against real peers on loopback: npm `smpp` as SMSC against
# `rcs smsc send` and as ESME against `rcs smsc serve`, PyPI `smpplib` as ESME against
# `rcs smsc serve` (long UCS-2 text, receipts); CMPP 3.0/2.0, SGIP and SMGP client against
# server (no installable peer exists); throttling and TLS; tshark reads every SMPP and CMPP
# PDU sent. Usage: .ci/gateway-interop.sh path/to/rcs NODE_MODULES_DIR
# Prints one line per check and `gateway interop: N passed, N failed`; exits non-zero on a failure.
set -uo pipefail
rcs="$(realpath "${1:-target/debug/rcs}")"
export NODE_PATH="${2:-/tmp/rcs-ci-npm/node_modules}"
scripts="$(cd "$(dirname "$0")/smpp" && pwd)"
dir=/tmp/rcs-gateway-interop
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
passed=0; failed=0
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "gateway $1: ok"; }
fail() { failed=$((failed + 1)); echo "gateway $1: FAILED"; [ -f "$2" ] && tail -25 "$2"; }
wait_port() { for _ in $(seq 100); do ss -Hlnt "( sport = :$1 )" | grep -q . && return 0; sleep 0.05; done; return 1; }
serve() { # name port protocol args...: starts `rcs smsc serve` in the background
  local name=$1 port=$2 protocol=$3; shift 3
  "$rcs" smsc serve --listen "127.0.0.1:$port" --protocol "$protocol" "$@" >"$dir/$name.jsonl" 2>"$dir/$name.err" &
  pids+=($!)
  wait_port "$port" || fail "$name starts" "$dir/$name.err"
}
send() { # file label port protocol args...: `rcs smsc send`, ok when it exits 0
  local file=$1 name=$2 port=$3 protocol=$4; shift 4
  if timeout 60 "$rcs" smsc send --connect "127.0.0.1:$port" --protocol "$protocol" \
      --user 900001 --password pw "$@" >"$dir/$file.jsonl" 2>&1; then ok "$name"; else fail "$name" "$dir/$file.jsonl"; fi
}

tshark -q -i lo -f "portrange 27750-27759 or port 7890" -w "$dir/gateway.pcap" >/dev/null 2>&1 &
pids+=($!)
sleep 1

long="Fallback from RCS: this text is longer than one SMS can carry, so it goes out as a concatenated message of three parts, each with its user data header, and comes back as one receipt per part — every part must be delivered."
parts=$("$rcs" fallback sms --json "$long" | python3 -c 'import json,sys; print(json.load(sys.stdin)["segments"])')

# --- npm smpp as the SMSC, rcs as the ESME ----------------------------------------------
node "$scripts/node-smsc.js" 27750 >"$dir/node-smsc.jsonl" 2>&1 &
pids+=($!)
wait_port 27750 || fail "node SMSC starts" "$dir/node-smsc.jsonl"
if timeout 60 "$rcs" smsc send --connect 127.0.0.1:27750 --protocol smpp --user esme --password pw \
    --to 8613800138000 --count 10 --window 4 --receipts --wait-ms 5000 "$long" >"$dir/send-node.jsonl" 2>&1; then
  ok "rcs ESME -> node SMSC (10 messages of $parts parts, receipts by decimal id)"
else
  fail "rcs ESME -> node SMSC" "$dir/send-node.jsonl"
fi
# The node SMSC saw every part with a UDH that joins them back, and the MO it sent reached us.
python3 - "$dir/node-smsc.jsonl" "$dir/send-node.jsonl" "$long" "$parts" <<'PY' && ok "node SMSC read our UDH parts; our client read its MO" || fail "node SMSC parts and MO" "$dir/node-smsc.jsonl"
import json, sys, collections
subs = [json.loads(l) for l in open(sys.argv[1]) if '"submit"' in l]
by_ref = collections.defaultdict(dict)
for s in subs:
    udh = bytes.fromhex(s["udh"][0])  # IEI 00, length 3, reference, total, sequence
    assert udh[0] == 0 and udh[1] == 3 and udh[3] == int(sys.argv[4]), s
    by_ref[udh[2]][udh[4]] = s["message"]
texts = ["".join(p[i] for i in sorted(p)) for p in by_ref.values()]
assert len(subs) == 10 * int(sys.argv[4]) and len(texts) == 10, len(subs)
assert all(t == sys.argv[3] for t in texts), texts
out = [json.loads(l) for l in open(sys.argv[2])]
assert any(o.get("event") == "inbound" and o.get("text") == "MO from node" for o in out), out
summary = [o for o in out if o.get("event") == "summary"][0]
assert summary["accepted"] == 10 and summary["delivered"] == 10, summary
PY

# --- rcs as the SMSC, npm smpp and smpplib as ESMEs ----------------------------------------
serve smsc-smpp 27751 smpp --receipts --user esme --password pw
if timeout 30 node "$scripts/node-esme.js" 27751 >"$dir/node-esme.jsonl" 2>&1; then
  ok "node ESME -> rcs SMSC (8 submits incl. a 3-part UDH message, receipts matched)"
else
  fail "node ESME -> rcs SMSC" "$dir/node-esme.jsonl"
fi
if timeout 30 python3 "$scripts/smpplib-esme.py" 27751 >"$dir/smpplib.jsonl" 2>&1; then
  ok "smpplib ESME -> rcs SMSC (a 3-part UCS-2 text, receipts matched)"
else
  fail "smpplib ESME -> rcs SMSC" "$dir/smpplib.jsonl"
fi

# --- rcs against rcs: CMPP 3.0 / 2.0, SGIP, SMGP; throttling; TLS ---------------------------
cn="回落短信：这条消息比一条短信长，所以分成几段发送，每一段都带着用户数据头，回执按段返回。$long"
serve ismg-cmpp 7890 cmpp --receipts --user 900001 --password pw
send cmpp3 "CMPP 3.0 client -> server (20 UCS-2 messages, receipts)" 7890 cmpp --to 13800138000 --count 20 --receipts "$cn"
serve ismg-cmpp2 27753 cmpp2 --receipts --user 900001 --password pw
send cmpp2 "CMPP 2.0 client -> server (receipts)" 27753 cmpp2 --to 13800138000 --count 20 --receipts "$cn"
serve smg-sgip 27754 sgip --user 900001 --password pw --receipts --report-to 127.0.0.1:27758
send sgip "SGIP client -> server, REPORTs on the SMG's link back to the SP" 27754 sgip --to 8613800138000 --count 20 --receipts --listen-reports 127.0.0.1:27758 "$cn"
serve ismg-smgp 27755 smgp --receipts --user 900001 --password pw
send smgp "SMGP client -> server (receipts)" 27755 smgp --to 13800138000 --count 20 --receipts "$cn"
serve smsc-throttle 27756 smpp --throttle 5/s
send throttle "throttled answers resubmitted (20 at 5/s)" 27756 smpp --to 1 --count 20 --window 8 "hello"
if grep -q '"throttled":true' "$dir/smsc-throttle.jsonl"; then ok "the server throttled"; else fail "the server throttled" "$dir/smsc-throttle.jsonl"; fi
serve smsc-tls 27757 smpp --tls --receipts
send tls "SMPP over TLS" 27757 smpp --tls --insecure --to 1 --count 5 --receipts "over tls"
if timeout 20 "$rcs" smsc send --connect 127.0.0.1:27751 --protocol smpp --user esme --password nope \
    --to 1 hi >"$dir/refused.jsonl" 2>&1; then fail "a wrong password exits 4" "$dir/refused.jsonl"
elif [ $? -eq 4 ] && grep -q "login refused (status 14)" "$dir/refused.jsonl"; then ok "a wrong password is refused (ESME_RINVPASWD), exit 4"
else fail "a wrong password exits 4" "$dir/refused.jsonl"; fi

# --- tshark reads what was sent --------------------------------------------------------------
sleep 1
kill "${pids[0]}" 2>/dev/null; sleep 1
decode="-d tcp.port==27750,smpp -d tcp.port==27751,smpp -d tcp.port==27756,smpp -d tcp.port==7890,cmpp"
smpp=$(tshark -r "$dir/gateway.pcap" $decode -Y "smpp" -T fields -e smpp.command_id 2>/dev/null | tr ',' '\n' | grep -c .)
cmpp=$(tshark -r "$dir/gateway.pcap" $decode -Y "cmpp" -T fields -e cmpp.Command_Id 2>/dev/null | tr ',' '\n' | grep -c .)
# Only the ports decoded on purpose: tshark's SMPP heuristics also misread SGIP and SMGP.
bad=$(tshark -r "$dir/gateway.pcap" $decode -Y "tcp.port in {27750 27751 27756 7890} && (smpp || cmpp) && _ws.malformed" 2>/dev/null | wc -l)
echo "tshark: $smpp SMPP PDUs, $cmpp CMPP PDUs, $bad malformed"
if [ "$smpp" -gt 150 ] && [ "$cmpp" -gt 100 ] && [ "$bad" -eq 0 ]; then ok "tshark"; else fail "tshark" /dev/null; fi

echo "gateway interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
