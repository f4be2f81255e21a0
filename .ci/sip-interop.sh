#!/usr/bin/env bash
# The SIP engine against SIPp on loopback, both ways, over UDP and TCP; tshark reads every
# message sent. Usage: .ci/sip-interop.sh path/to/rcs
# Prints one line per check and `sip interop: N passed, N failed`; exits non-zero on a failure.
set -uo pipefail
rcs="$(realpath "${1:-target/debug/rcs}")"
scenarios="$(cd "$(dirname "$0")/sipp" && pwd)"
dir=/tmp/rcs-sip-interop
rm -rf "$dir"; mkdir -p "$dir"; cd "$dir"
passed=0; failed=0
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT

ok() { passed=$((passed + 1)); echo "sip $1: ok"; }
fail() { failed=$((failed + 1)); echo "sip $1: FAILED"; [ -f "$2" ] && tail -25 "$2"; }
# Waits until something listens on PROTO PORT (SIPp and rcs take a moment to bind).
wait_port() { for _ in $(seq 100); do ss -Hln "( sport = :$2 )" -"$1" | grep -q . && return 0; sleep 0.05; done; return 1; }

# Kamailio's TLS certificate (a self-signed end-entity certificate for 127.0.0.1, which the
# rcs agents trust with --ca).
mkdir -p "$dir/tls"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$dir/tls/key.pem" -out "$dir/tls/cert.pem" \
  -days 2 -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" \
  -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=serverAuth,clientAuth" \
  >/dev/null 2>&1
tshark -q -i lo -f "portrange 15060-15062 or port 15070 or portrange 15071-15077 or portrange 15090-15093" \
  -w "$dir/sip.pcap" >/dev/null 2>&1 &
pids+=($!)
sleep 1

# --- SIPp as UAC against `rcs sip serve` --------------------------------------------------
"$rcs" sip serve --listen udp:127.0.0.1:15070 --listen tcp:127.0.0.1:15070 --ring-ms 300 \
  >"$dir/serve.jsonl" 2>"$dir/serve.err" &
serve_pid=$!; pids+=($serve_pid)
wait_port u 15070 && wait_port t 15070 || { fail "serve starts" "$dir/serve.err"; }
uac() { # name transport scenario-args...
  local name=$1 t=$2; shift 2
  if timeout 60 sipp "$@" 127.0.0.1:15070 -t "$t" -i 127.0.0.1 -m 10 -r 20 -nostdin \
      -timeout 30s -timeout_error >"$dir/$name.log" 2>&1; then ok "$name"; else fail "$name" "$dir/$name.log"; fi
}
uac "sipp-uac-invite-udp" u1 -sn uac -p 15081
uac "sipp-uac-invite-tcp" t1 -sn uac -p 15082
uac "sipp-uac-message-udp" u1 -sf "$scenarios/uac-message.xml" -p 15083
uac "sipp-uac-message-tcp" t1 -sf "$scenarios/uac-message.xml" -p 15084
uac "sipp-uac-options-udp" u1 -sf "$scenarios/uac-options.xml" -p 15085
uac "sipp-uac-options-tcp" t1 -sf "$scenarios/uac-options.xml" -p 15086
uac "sipp-uac-cancel-udp" u1 -sf "$scenarios/uac-cancel.xml" -p 15087
uac "sipp-uac-cancel-tcp" t1 -sf "$scenarios/uac-cancel.xml" -p 15088
# Every request was delivered once and answered; nothing was dropped or failed to build.
python3 - "$dir/serve.jsonl" <<'EOF' && ok "serve-events" || fail "serve-events" "$dir/serve.jsonl"
import collections, json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
kinds = collections.Counter(e["event"] for e in ev)
methods = collections.Counter(e["method"] for e in ev if e["event"] == "request")
bad = [e for e in ev if e["event"] in ("error", "dropped")]
# 10 calls per scenario per transport: INVITE/BYE (uac), MESSAGE, OPTIONS, INVITE (cancel).
want = {"INVITE": 40, "BYE": 20, "MESSAGE": 20, "OPTIONS": 20}
# Dialogs (--ring-ms: every INVITE gets a 180 with a tag first): early for all 40, confirmed
# for the 20 answered, ended for all 40 (BYE, or the CANCEL's 487).
dialogs = collections.Counter(e["state"] for e in ev if e["event"] == "dialog")
print(dict(kinds), dict(methods), dict(dialogs), bad[:3])
ok = all(methods[m] == n for m, n in want.items()) and kinds["cancelled"] == 20 and not bad
sys.exit(0 if ok and dialogs == {"early": 40, "confirmed": 20, "ended": 40} else 1)
EOF

# --- `rcs sip send` against SIPp as UAS ---------------------------------------------------
uas() { # name port transport scenario-args... -- send-args...
  local name=$1 port=$2 t=$3; shift 3
  local sipp_args=(); while [ "$1" != "--" ]; do sipp_args+=("$1"); shift; done; shift
  timeout 60 sipp "${sipp_args[@]}" -t "$t" -i 127.0.0.1 -p "$port" -m 1 -nostdin -timeout 30s \
    >"$dir/$name.sipp.log" 2>&1 &
  local sipp_pid=$!
  local proto=u; [ "$t" = t1 ] && proto=t
  wait_port "$proto" "$port"
  if timeout 60 "$rcs" sip send "$@" >"$dir/$name.log" 2>&1 && wait "$sipp_pid"; then
    ok "$name"
  else
    fail "$name" "$dir/$name.log"; tail -5 "$dir/$name.sipp.log"
  fi
}
echo -n "你好 from rcs" >"$dir/body.txt"
uas "rcs-send-invite-udp" 15090 u1 -sn uas -- INVITE sip:bob@127.0.0.1:15090
uas "rcs-send-message-udp" 15091 u1 -sf "$scenarios/uas-message.xml" -- \
  MESSAGE sip:bob@127.0.0.1:15091 --body "$dir/body.txt" --content-type text/plain
uas "rcs-send-options-tcp" 15092 t1 -sf "$scenarios/uas-message.xml" -- \
  OPTIONS sip:bob@127.0.0.1:15092 --via tcp:127.0.0.1:15092
# CANCEL from the client side: INVITE, 180, CANCEL (200), 487, ACK; over UDP and TCP.
uas "rcs-send-cancel-udp" 15094 u1 -sf "$scenarios/uas-cancel.xml" -- \
  INVITE sip:bob@127.0.0.1:15094 --cancel-after 200
uas "rcs-send-cancel-tcp" 15095 t1 -sf "$scenarios/uas-cancel.xml" -- \
  INVITE sip:bob@127.0.0.1:15095 --via tcp:127.0.0.1:15095 --cancel-after 200

# --- Timer E read from SIPp's trace: T1 doubling up to T2 ----------------------------------
timeout 60 sipp -sf "$scenarios/uas-slow.xml" -i 127.0.0.1 -p 15093 -m 1 -nostdin -timeout 30s \
  -trace_msg -message_file "$dir/slow.msg" >"$dir/slow.sipp.log" 2>&1 &
slow_pid=$!
wait_port u 15093
timeout 60 "$rcs" sip send MESSAGE sip:bob@127.0.0.1:15093 --body "$dir/body.txt" \
  --content-type text/plain >"$dir/slow.log" 2>&1
wait "$slow_pid"
python3 - "$dir/slow.msg" <<'EOF' && ok "timer-e-intervals" || fail "timer-e-intervals" "$dir/slow.msg"
import datetime, re, sys
text = open(sys.argv[1], errors="replace").read()
stamps = []
for block in re.split(r"^-{20,} ", text, flags=re.M)[1:]:
    head, _, rest = block.partition("\n")
    if "message received" in rest.split("\n", 1)[0] and "\nMESSAGE " in "\n" + rest:
        stamps.append(datetime.datetime.strptime(head.strip(), "%Y-%m-%d %H:%M:%S.%f"))
gaps = [round((b - a).total_seconds() * 1000) for a, b in zip(stamps, stamps[1:])]
print("MESSAGE arrivals, ms apart:", gaps)
want = [500, 1000, 2000, 4000]  # T1 = 500 ms doubling to T2 = 4 s; the 200 comes at 9 s
sys.exit(0 if len(gaps) == 4 and all(abs(g - w) <= 150 for g, w in zip(gaps, want)) else 1)
EOF

# --- Kamailio as registrar (Digest) and record-routing stateful proxy ------------------------
kamailio -f "$(dirname "$scenarios")/kamailio-sip.cfg" -DD -E >"$dir/kamailio.log" 2>&1 &
pids+=($!)
wait_port u 15060 || fail "kamailio starts" "$dir/kamailio.log"
# alice and bob over UDP, carol over TLS, dave over WebSocket (Kamailio reaches dave back on
# the connection dave opened), mallory with a wrong password.
for ua in alice:udp:15071:15060:s3cret bob:udp:15072:15060:s3cret mallory:udp:15073:15060:wrong \
    carol:tls:15074:15061:s3cret dave:ws:15075:15062:s3cret; do
  IFS=: read -r name proto port proxy password <<<"$ua"
  "$rcs" sip serve --listen "$proto:127.0.0.1:$port" --register "sip:$name@rcs.test" \
    --proxy "$proto:127.0.0.1:$proxy" --user "$name" --password "$password" \
    --ca "$dir/tls/cert.pem" >"$dir/$name.jsonl" 2>&1 &
  pids+=($!)
done
for _ in $(seq 200); do
  n=$(grep -l '"registered"' "$dir"/{alice,bob,carol,dave}.jsonl 2>/dev/null | wc -l)
  [ "$n" -eq 4 ] && grep -q '"register_failed"' "$dir/mallory.jsonl" && break
  sleep 0.05
done
for name in alice bob carol dave; do
  if grep -q '"registered"' "$dir/$name.jsonl"; then
    ok "kamailio-register-$name"; else fail "kamailio-register-$name" "$dir/$name.jsonl"; fi
done
if grep -q '"register_failed","status":401' "$dir/mallory.jsonl"; then
  ok "kamailio-register-wrong-password"; else fail "kamailio-register-wrong-password" "$dir/mallory.jsonl"; fi
via=(--via udp:127.0.0.1:15060 --from sip:alice@rcs.test)
if timeout 30 "$rcs" sip send MESSAGE sip:bob@rcs.test "${via[@]}" --body "$dir/body.txt" \
    --content-type text/plain >"$dir/k-message.log" 2>&1 \
    && grep -q '"method":"MESSAGE"' "$dir/bob.jsonl"; then
  ok "kamailio-message"; else fail "kamailio-message" "$dir/k-message.log"; fi
if timeout 30 "$rcs" sip send OPTIONS sip:bob@rcs.test "${via[@]}" >"$dir/k-options.log" 2>&1 \
    && grep -q 'icsi-ref' "$dir/k-options.log"; then
  ok "kamailio-options"; else fail "kamailio-options" "$dir/k-options.log"; fi
if timeout 60 "$rcs" sip send INVITE sip:bob@rcs.test "${via[@]}" --body "$scenarios/msrp-offer.sdp" \
    --content-type application/sdp >"$dir/k-invite.log" 2>&1 \
    && grep -q '"bye":200' "$dir/k-invite.log" && grep -q 'Record-Route' "$dir/k-invite.log" \
    && grep -q '"state":"ended"' "$dir/bob.jsonl" && grep -q '"event":"ack"' "$dir/bob.jsonl"; then
  ok "kamailio-invite-dialog"; else fail "kamailio-invite-dialog" "$dir/k-invite.log"; tail -5 "$dir/bob.jsonl"; fi
# rcs over TLS and over WebSocket to Kamailio, and Kamailio to carol (TLS) and dave (WS).
for case in "tls bob tls:127.0.0.1:15061" "ws bob ws:127.0.0.1:15062" "to-tls carol udp:127.0.0.1:15060" \
    "to-ws dave udp:127.0.0.1:15060"; do
  read -r label to hop <<<"$case"
  if timeout 40 "$rcs" sip send MESSAGE "sip:$to@rcs.test" --via "$hop" --ca "$dir/tls/cert.pem" \
      --from sip:alice@rcs.test --body "$dir/body.txt" --content-type text/plain \
      >"$dir/k-$label.log" 2>&1 && grep -q '"method":"MESSAGE"' "$dir/$to.jsonl"; then
    ok "kamailio-message-$label"; else fail "kamailio-message-$label" "$dir/k-$label.log"; fi
done
# Nobody registered as erin: the proxy answers 404, the exit status is 1.
timeout 30 "$rcs" sip send MESSAGE sip:erin@rcs.test "${via[@]}" >"$dir/k-404.log" 2>&1
if [ $? -eq 1 ] && grep -q '"status":404' "$dir/k-404.log"; then
  ok "kamailio-404"; else fail "kamailio-404" "$dir/k-404.log"; fi

# --- A WebSocket client of another make (Python websockets) against rcs sip serve ------------
"$rcs" sip serve --listen ws:127.0.0.1:15076 --listen wss:127.0.0.1:15077 \
  >"$dir/ws-serve.jsonl" 2>&1 &
pids+=($!)
wait_port t 15076; wait_port t 15077
python3 - <<'EOF' >"$dir/ws-client.log" 2>&1 && ok "websockets-client" || fail "websockets-client" "$dir/ws-client.log"
import asyncio, websockets
async def main():
    async with websockets.connect("ws://127.0.0.1:15076/", subprotocols=["sip"]) as ws:
        assert ws.subprotocol == "sip", ws.subprotocol
        await ws.send("OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
            "Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bKws1\r\n"
            "From: <sip:alice@example.com>;tag=w1\r\nTo: <sip:bob@127.0.0.1>\r\n"
            "Call-ID: ws-1@x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n")
        reply = await asyncio.wait_for(ws.recv(), 10)
        print(reply)
        assert reply.startswith("SIP/2.0 200 OK"), reply
        assert "+g.3gpp.icsi-ref" in reply
    # Without the sip subprotocol the handshake is refused (RFC 7118 §4.1).
    try:
        async with websockets.connect("ws://127.0.0.1:15076/"):
            raise SystemExit("accepted without the sip subprotocol")
    except websockets.exceptions.InvalidHandshake as e:
        print("refused:", e)
    # Secure WebSocket: the serve's self-signed certificate, not verified.
    import ssl
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    async with websockets.connect("wss://127.0.0.1:15077/", subprotocols=["sip"], ssl=ctx) as ws:
        await ws.send("OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
            "Via: SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bKwss1\r\n"
            "From: <sip:alice@example.com>;tag=w2\r\nTo: <sip:bob@127.0.0.1>\r\n"
            "Call-ID: wss-1@x\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n\r\n")
        reply = await asyncio.wait_for(ws.recv(), 10)
        assert reply.startswith("SIP/2.0 200 OK"), reply
        print("wss:", reply.splitlines()[0])
asyncio.run(main())
EOF
# And rcs's own secure WebSocket client against it.
if timeout 30 "$rcs" sip send OPTIONS sip:bob@127.0.0.1 --via wss:127.0.0.1:15077 --insecure \
    >"$dir/wss-send.log" 2>&1 && grep -q '"status":200' "$dir/wss-send.log"; then
  ok "rcs-send-wss"; else fail "rcs-send-wss" "$dir/wss-send.log"; fi

# --- tshark reads what was sent ------------------------------------------------------------
kill "$serve_pid" 2>/dev/null
sleep 1
kill "${pids[0]}" 2>/dev/null; wait "${pids[0]}" 2>/dev/null
sip=$(tshark -r "$dir/sip.pcap" -Y "sip" 2>/dev/null | wc -l)
bad=$(tshark -r "$dir/sip.pcap" -Y "sip && _ws.malformed" 2>/dev/null | wc -l)
echo "tshark: $sip SIP messages, $bad malformed"
if [ "$sip" -gt 300 ] && [ "$bad" -eq 0 ]; then ok "tshark"; else fail "tshark" /dev/null; fi

echo "sip interop: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
