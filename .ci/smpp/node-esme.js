// An ESME on npm `smpp` (node-smpp 0.5) against `rcs smsc serve --receipts`: binds, submits
// short messages and a three-part UDH message with receipts asked, matches every receipt's
// receipted_message_id to a submit_sm_resp id, sends enquire_link, unbinds.
// Usage: node node-esme.js PORT  (exit 0 when every receipt matched)
const smpp = require('smpp');
const port = Number(process.argv[2]);
const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
const ids = new Set();
const receipts = new Set();
let expected = 0;
const fail = (why) => { console.log(JSON.stringify({ event: 'error', why })); process.exit(1); };
setTimeout(() => fail(`timeout: ${ids.size} ids, ${receipts.size} receipts`), 15000);
session.on('error', (e) => fail(String(e)));
session.on('deliver_sm', (pdu) => {
  session.send(pdu.response());
  if (!(pdu.esm_class & 4)) return;
  const id = pdu.receipted_message_id;
  if (!ids.has(id)) fail(`receipt for unknown id ${id}`);
  if (!/stat:DELIVRD/.test(pdu.short_message.message)) fail(`receipt text ${pdu.short_message.message}`);
  receipts.add(id);
  console.log(JSON.stringify({ event: 'receipt', id, state: pdu.message_state }));
  if (receipts.size === expected) {
    session.enquire_link({}, (r) => {
      if (r.command_status !== 0) fail('enquire_link');
      session.unbind({}, () => { console.log(JSON.stringify({ event: 'done', receipts: receipts.size })); session.close(); process.exit(0); });
    });
  }
});
const submit = (fields) => {
  expected += 1;
  session.submit_sm(Object.assign({ destination_addr: '8613800138000', registered_delivery: 1 }, fields), (pdu) => {
    if (pdu.command_status !== 0) fail(`submit status ${pdu.command_status}`);
    ids.add(pdu.message_id);
  });
};
session.bind_transceiver({ system_id: 'esme', password: 'pw' }, (pdu) => {
  if (pdu.command_status !== 0) fail(`bind status ${pdu.command_status}`);
  for (let i = 0; i < 5; i += 1) submit({ short_message: `node message ${i}` });
  const parts = ['first part, ', 'second part, ', 'third part.'];
  parts.forEach((text, i) => submit({
    esm_class: 0x40,
    short_message: { udh: Buffer.from([0x05, 0x00, 0x03, 0x2a, 3, i + 1]), message: text },
  }));
});
