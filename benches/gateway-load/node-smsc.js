// A load SMSC on npm `smpp`: accepts any bind, answers every submit_sm at once with an id.
// Usage: node node-smsc.js PORT
const smpp = require('smpp');
let n = 0;
smpp.createServer((session) => {
  const bind = (pdu) => session.send(pdu.response({ system_id: 'node' }));
  session.on('bind_transceiver', bind);
  session.on('bind_transmitter', bind);
  session.on('enquire_link', (pdu) => session.send(pdu.response()));
  session.on('unbind', (pdu) => { session.send(pdu.response()); session.close(); });
  session.on('submit_sm', (pdu) => { n += 1; session.send(pdu.response({ message_id: n.toString(16) })); });
}).listen(Number(process.argv[2]), '127.0.0.1');
