"""A load ESME on PyPI `smpplib`: binds, keeps WINDOW submit_sm outstanding until COUNT are
answered, prints {"rate": answered per second}. Usage: smpplib-esme.py PORT COUNT WINDOW"""
import json
import sys
import time

import smpplib.client

port, count, window = (int(a) for a in sys.argv[1:4])
client = smpplib.client.Client("127.0.0.1", port, allow_unknown_opt_params=True)
answered = 0


def sent(pdu):
    global answered
    answered += 1


client.set_message_sent_handler(sent)
client.connect()
client.bind_transceiver(system_id="900001", password="pw")
start = time.perf_counter()
submitted = 0
while answered < count:
    while submitted < count and submitted - answered < window:
        client.send_message(destination_addr="8613800138000", short_message=b"Your verification code is 4711.")
        submitted += 1
    client.read_once()
seconds = time.perf_counter() - start
print(json.dumps({"answered": answered, "seconds": seconds, "rate": answered / seconds}))
client.unbind()
client.disconnect()
