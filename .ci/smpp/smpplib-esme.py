"""An ESME on PyPI `smpplib` against `rcs smsc serve --receipts`: binds, sends a long UCS-2
text as the parts `smpplib.gsm.make_parts` makes, with receipts asked, and matches every
receipt to a submit_sm_resp id. Usage: python3 smpplib-esme.py PORT (exit 0 when all match)."""
import json
import sys
import time

import smpplib.client
import smpplib.consts
import smpplib.gsm

port = int(sys.argv[1])
client = smpplib.client.Client("127.0.0.1", port, allow_unknown_opt_params=True)
ids, receipts = set(), set()


def sent(pdu):
    ids.add(pdu.message_id.decode())


def received(pdu):
    if pdu.esm_class & 0x04:
        rid = pdu.receipted_message_id.decode() if pdu.receipted_message_id else None
        receipts.add(rid)
        print(json.dumps({"event": "receipt", "id": rid}))


client.set_message_sent_handler(sent)
client.set_message_received_handler(received)
client.connect()
client.bind_transceiver(system_id="esme", password="pw")
text = "回落短信测试，" * 20  # 140 characters: three UCS-2 parts
parts, coding, esm_class = smpplib.gsm.make_parts(text)
for part in parts:
    client.send_message(
        source_addr_ton=smpplib.consts.SMPP_TON_ALNUM,
        source_addr="rcs",
        dest_addr_ton=smpplib.consts.SMPP_TON_INTL,
        destination_addr="8613800138000",
        short_message=part,
        data_coding=coding,
        esm_class=esm_class,
        registered_delivery=True,
    )
deadline = time.time() + 15
while (len(receipts) < len(parts) or len(ids) < len(parts)) and time.time() < deadline:
    client.read_once()
ok = len(parts) == 3 and ids == receipts
print(json.dumps({"event": "done", "parts": len(parts), "ids": sorted(ids), "receipts": sorted(r or "" for r in receipts)}))
client.unbind()
client.disconnect()
sys.exit(0 if ok else 1)
