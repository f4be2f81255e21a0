// An SMSC on npm `smpp` (node-smpp 0.5) for `rcs smsc send`: binds esme/pw as a transceiver,
// sends one MO message after the bind, answers each submit_sm with a message id and, when a
// receipt was asked for, a delivery receipt; logs one JSON line per submit_sm.
// Usage: node node-smsc.js PORT
const smpp = require('smpp');
const port = Number(process.argv[2]);
let submits = 0;
const server = smpp.createServer((session) => {
  session.on('bind_transceiver', (pdu) => {
    if (pdu.system_id !== 'esme' || pdu.password !== 'pw') {
      session.send(pdu.response({ command_status: smpp.ESME_RBINDFAIL }));
      session.close();
      return;
    }
    session.send(pdu.response({ system_id: 'node-smsc' }));
    session.deliver_sm({
      source_addr: '8613800138000',
      destination_addr: '10690001',
      short_message: 'MO from node',
    });
  });
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => { session.send(pdu.response()); session.close(); });
  session.on('submit_sm', (pdu) => {
    submits += 1;
    const id = (0xA000 + submits).toString(16).toUpperCase();
    session.send(pdu.response({ message_id: id }));
    const sm = pdu.short_message;
    console.log(JSON.stringify({
      event: 'submit', id, esm_class: pdu.esm_class, data_coding: pdu.data_coding,
      destination: pdu.destination_addr, registered_delivery: pdu.registered_delivery,
      udh: sm.udh ? sm.udh.map((u) => Buffer.from(u).toString('hex')) : null,
      message: typeof sm.message === 'string' ? sm.message : Buffer.from(sm.message || []).toString('hex'),
    }));
    if (pdu.registered_delivery & 1) {
      // The receipt names the id in decimal, as many SMSCs do: the client must still match it.
      const dec = parseInt(id, 16).toString();
      session.deliver_sm({
        source_addr: pdu.destination_addr,
        destination_addr: pdu.source_addr,
        esm_class: 4,
        short_message: `id:${dec} sub:001 dlvrd:001 submit date:2412051200 done date:2412051201 stat:DELIVRD err:000 text:`,
      });
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log(JSON.stringify({ event: 'listening', port })));
