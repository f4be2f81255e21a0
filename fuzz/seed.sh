#!/usr/bin/env bash
# Build the fuzz seed corpora at run time (fuzz/corpus is git-ignored): the shared conformance
# corpus read in place, plus the project's own vectors. Nothing here is committed.
set -euo pipefail
cd "$(dirname "$0")"
shared="${RCS_CORPUS_DIR:-../../shared/corpus}"
mkdir -p corpus/sip_message_decode corpus/sip_message_owned corpus/sip_stream corpus/sip_uri_decode corpus/sip_message_roundtrip corpus/sdp_session_roundtrip corpus/msrp_frame_roundtrip corpus/cpim_message_roundtrip corpus/chatbot_document_roundtrip corpus/fallback_tpdu_roundtrip corpus/fallback_gateway_roundtrip corpus/sip_engine_transactions corpus/gateway_engine_sessions corpus/sdp_decode corpus/msrp_frame_decode corpus/msrp_stream corpus/msrp_uri_decode corpus/msrp_reassemble corpus/msrp_relay corpus/cpim_message_decode corpus/imdn_xml_decode corpus/iscomposing_xml_decode corpus/fthttp_xml_decode corpus/resource_lists_xml_decode corpus/conference_info_xml_decode corpus/location_xml_decode corpus/chatbot_botmessage_decode corpus/chatbot_suggestion_decode corpus/chatbot_validate corpus/chatbot_layout corpus/chatbot_maap_decode corpus/chatbot_json_reader corpus/fallback_segment corpus/fallback_tpdu_decode corpus/fallback_gateway_decode corpus/fallback_mms_decode
for t in sip_message_decode sip_message_owned sip_stream; do
  if [ -d "$shared/sip-torture" ]; then
    cp "$shared"/sip-torture/*.dat "$shared"/sip-torture/rfc5118-archive/* "corpus/$t/" 2>/dev/null || true
    cp "$shared"/sip-bench/*.sip "corpus/$t/" 2>/dev/null || true
  fi
  cp ../rcs-cli/samples/*.sip "corpus/$t/"
done
# URIs: every sip/sips/tel URI in the seed messages, one per file.
sources=(../rcs-cli/samples/*.sip)
[ -d "$shared/sip-torture" ] && sources+=("$shared"/sip-torture/*.dat)
{ grep -ahoE '(sips?|tel):[^ <>",]+' "${sources[@]}" || true; } | sort -u \
  | awk 'NR <= 500 { f = sprintf("corpus/sip_uri_decode/seed-%04d", NR); printf "%s", $0 > f; close(f) }'
# SDP: the corpus descriptions, and the SDP bodies of the SIP seeds.
if [ -d "$shared/msrp" ]; then
  cp "$shared"/msrp/*.sdp corpus/sdp_decode/ 2>/dev/null || true
fi
for f in "${sources[@]}"; do
  if grep -aq "application/sdp" "$f"; then
    awk 'BEGIN { RS = "\r\n\r\n" } NR > 1 { printf "%s", $0; if (RT) printf "%s", RT }' "$f" > "corpus/sdp_decode/body-$(basename "$f")"
  fi
done
# MSRP: the corpus frames (one per file; the pipelined and trailing ones exercise the stream).
if [ -d "$shared/msrp" ]; then
  cp "$shared"/msrp/*.msrp corpus/msrp_frame_decode/ 2>/dev/null || true
  cp "$shared"/msrp/*.msrp corpus/msrp_stream/ 2>/dev/null || true
  cp "$shared"/msrp/*.msrp corpus/msrp_relay/ 2>/dev/null || true
  { grep -ahoE 'msrps?://[^ ]+' "$shared"/msrp/*.msrp "$shared"/msrp/*.sdp || true; } | tr -d '\r' | sort -u \
    | awk '{ f = sprintf("corpus/msrp_uri_decode/seed-%04d", NR); printf "%s", $0 > f; close(f) }'
fi
# Relay seeds of our own: chunks whose To-Path names a next hop, pipelined.
relay_send() { # tid flag range body
  printf 'MSRP %s SEND\r\nTo-Path: msrp://relay.example:2855;tcp msrp://bob.example:2855/s2;tcp\r\nFrom-Path: msrp://alice.example:2855/s1;tcp\r\nMessage-ID: m1\r\nByte-Range: %s\r\nContent-Type: text/plain\r\n\r\n%s\r\n-------%s%s\r\n' "$1" "$3" "$4" "$1" "$2"
}
{ relay_send r1a1 + 1-20/40 'first twenty octets.'; relay_send r1a2 '$' 21-40/40 'and the second half.'; } > corpus/msrp_relay/own-two-chunks
{ relay_send r2a1 '$' '1-*/*' "$(printf 'x%.0s' $(seq 1 300))"; } > corpus/msrp_relay/own-long-chunk
# CPIM: the corpus messages, and the CPIM part of the multipart INVITE body.
if [ -d "$shared/cpim" ]; then
  cp "$shared"/cpim/*.cpim "$shared"/imdn/*.cpim corpus/cpim_message_decode/ 2>/dev/null || true
  cp "$shared"/cpim/*.mime corpus/cpim_message_decode/ 2>/dev/null || true
fi
# XML bodies: the corpus documents.
if [ -d "$shared/imdn" ]; then
  cp "$shared"/imdn/*.xml corpus/imdn_xml_decode/ 2>/dev/null || true
  cp "$shared"/imdn/*iscomposing*.xml corpus/iscomposing_xml_decode/ 2>/dev/null || true
fi
if [ -d "$shared/rcsbody" ]; then
  cp "$shared"/rcsbody/*fthttp*.xml corpus/fthttp_xml_decode/ 2>/dev/null || true
  cp "$shared"/rcsbody/*resource-lists*.xml corpus/resource_lists_xml_decode/ 2>/dev/null || true
fi
# conference-info: our own vector (a group chat NOTIFY body, as in rcs-cpim's tests).
printf '%s' '<?xml version="1.0" encoding="UTF-8"?><conference-info xmlns="urn:ietf:params:xml:ns:conference-info" entity="sip:group@conf.example.cn" state="full" version="2"><conference-description><subject>team</subject><maximum-user-count>100</maximum-user-count></conference-description><users><user entity="tel:+8613800000001" state="full"><display-text>Alice</display-text><roles><entry>chairman</entry></roles><endpoint entity="tel:+8613800000001"><status>connected</status></endpoint></user></users></conference-info>' > corpus/conference_info_xml_decode/own-group-notify.xml
# Geolocation push: our own vector (RCC.07 shape).
printf '%s' '<?xml version="1.0" encoding="UTF-8"?><rcsenvelope xmlns="urn:gsma:params:xml:ns:rcs:rcs:geolocation" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0" entity="tel:+8613800138000"><rcspushlocation id="a1" label="here"><gp:geopriv><gp:location-info><gs:Circle srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>30.259244 120.148783</gml:pos><gs:radius uom="urn:ogc:def:uom:EPSG::9001">25</gs:radius></gs:Circle></gp:location-info></gp:geopriv><timestamp>2026-11-21T16:09:44+08:00</timestamp></rcspushlocation></rcsenvelope>' > corpus/location_xml_decode/own-circle.xml
# Our own CPIM vector.
cp ../rcs-cli/samples/*.cpim corpus/cpim_message_decode/
echo "seeded: $(ls corpus/sip_message_decode | wc -l) messages, $(ls corpus/sip_uri_decode | wc -l) URIs, $(ls corpus/sdp_decode | wc -l) SDP"
# Chatbot JSON: every body of the corpus (the envelopes too: their shapes stress the parser),
# and our own small documents.
if [ -d "$shared/chatbot" ]; then
  for t in chatbot_botmessage_decode chatbot_suggestion_decode chatbot_validate chatbot_layout; do
    for f in "$shared"/chatbot/*/*.json "$shared"/chatbot/ctcu-v1.0.4/invalid/*.json; do
      cp "$f" "corpus/$t/$(basename "$(dirname "$f")")-$(basename "$f")"
    done
  done
fi
for t in chatbot_botmessage_decode chatbot_suggestion_decode chatbot_validate chatbot_layout; do
  printf '%s' '{"suggestions":[{"reply":{"displayText":"Yes","postback":{"data":"y"}}},{"action":{"displayText":"Map","mapAction":{"showLocation":{"location":{"latitude":30.25,"longitude":120.14,"label":"West Lake"}}}}}]}' > "corpus/$t/own-chips.json"
  printf '%s' '{"menu":{"entries":[{"reply":{"displayText":"r"}},{"menu":{"displayText":"m","entries":[{"action":{"displayText":"c","dialerAction":{"dialPhoneNumber":{"phoneNumber":"+8610086"}}}}]}}]}}' > "corpus/$t/own-menu.json"
done
# Platform bodies: the CT/CU and FNW.11 JSON, China Mobile's XML.
if [ -d "$shared/chatbot" ]; then
  for f in "$shared"/chatbot/ctcu-v1.0.4/*.json "$shared"/chatbot/fnw11-maap/*.json "$shared"/chatbot/cmcc-xml/*.xml; do
    cp "$f" "corpus/chatbot_maap_decode/$(basename "$f")"
    cp "$f" "corpus/chatbot_layout/platform-$(basename "$f")"
  done
fi
printf '%s' '{"RCSMessage":{"fileMessage":{"fileUrl":"https://x/f.jpg","fileName":null}},"messageContact":{"userContact":"+1425"}}' > corpus/chatbot_maap_decode/own-nulls.json
# The reader's differential target: every JSON file of the chatbot corpus, and edge cases.
if [ -d "$shared/chatbot" ]; then
  for f in "$shared"/chatbot/*/*.json "$shared"/chatbot/ctcu-v1.0.4/invalid/*.json; do
    cp "$f" "corpus/chatbot_json_reader/$(basename "$(dirname "$f")")-$(basename "$f")"
  done
fi
i=0
for v in '-0' '-0.0' '1e400' '1E-400' '18446744073709551616' '-9223372036854775809' '0.1' '[1,2,]' '{"a":1,}' '"\ud800"' '"\udc00\ud800"' '"a\u0000b"' '[[[[]]]]' ' {"a" : [ true , false , null ] } ' '"\x"' '01' '1.' '.5' '-' '"' '[' '{"a"' 'tru' '"é\u00e9"'; do
  i=$((i + 1)); printf '%s' "$v" > "corpus/chatbot_json_reader/own-$i"
done
# Fallback: texts from the segmentation vectors (two option octets, then the text), and our own.
if [ -d "$shared/fallback" ]; then
  python3 - "$shared/fallback/sms/segmentation_vectors.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
cases = d["segment_count"] + d["split_boundaries"]
for i, c in enumerate(cases):
    with open("corpus/fallback_segment/seed-%03d" % i, "wb") as f:
        f.write(bytes([i & 0xFF, (i * 37) & 0xFF]) + c["body"].encode())
PY
  python3 - "$shared/fallback/sms/tpdu_vectors.json" <<'PY'
import json, sys
for i, v in enumerate(json.load(open(sys.argv[1]))["vectors"]):
    with open("corpus/fallback_tpdu_decode/seed-%03d" % i, "wb") as f:
        f.write(bytes.fromhex(v["tpdu_hex"]))
    with open("corpus/fallback_tpdu_decode/sca-%03d" % i, "wb") as f:
        f.write(bytes.fromhex(v["sca_hex"] + v["tpdu_hex"]))
PY
  python3 - "$shared/fallback" <<'PY'
import os, sys
root = sys.argv[1]
n = 0
for name, col in (("smpp/cloudhopper_pdus.tsv", 2), ("smpp/submit_sm_generated.tsv", 1), ("cmpp/china_gateway_pdus.tsv", 3)):
    for line in open(os.path.join(root, name)).read().splitlines()[1:]:
        try:
            data = bytes.fromhex(line.split("\t")[col])
        except ValueError:
            continue
        with open("corpus/fallback_gateway_decode/seed-%03d" % n, "wb") as f:
            f.write(data)
        n += 1
PY
  cp "$shared"/fallback/mms/*.mms corpus/fallback_mms_decode/
fi
printf '\xfe\x7f%s' 'Sayın müşterimiz, kargonuz yola çıktı. नमस्ते, आपका पैकेज भेजा गया है। €{}[]~' > corpus/fallback_segment/own-nls
printf '\x01\x80%s' '【5G消息】您的订单已发货，点击 https://t.cn/abc 查看 👨‍👩‍👧🇨🇳' > corpus/fallback_segment/own-cjk-emoji
