// A load ESME on npm `smpp`: binds, keeps WINDOW submit_sm outstanding until COUNT are
// answered, prints {"rate": answered per second}. Usage: node node-esme.js PORT COUNT WINDOW
const smpp = require('smpp');
const [port, count, window] = process.argv.slice(2).map(Number);
const session = smpp.connect({ url: `smpp://127.0.0.1:${port}` });
let sent = 0; let answered = 0; let start = 0;
const next = () => {
  while (sent < count && sent - answered < window) {
    sent += 1;
    session.submit_sm({ destination_addr: '8613800138000', short_message: 'Your verification code is 4711.' }, (pdu) => {
      if (pdu.command_status !== 0) { console.error('status', pdu.command_status); process.exit(1); }
      answered += 1;
      if (answered === count) {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        console.log(JSON.stringify({ answered, seconds, rate: answered / seconds }));
        session.unbind({}, () => { session.close(); process.exit(0); });
      } else {
        next();
      }
    });
  }
};
session.bind_transceiver({ system_id: '900001', password: 'pw' }, (pdu) => {
  if (pdu.command_status !== 0) { console.error('bind', pdu.command_status); process.exit(1); }
  start = process.hrtime.bigint();
  next();
});
