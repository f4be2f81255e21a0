//! Differential check against Wireshark's SIP dissector: messages our builder encodes are
//! dissected by `tshark`, which must agree on method/status, Call-ID, CSeq, From/To tags and the
//! top Via branch. Skips (saying so) without tshark, unless `RCS_REQUIRE_ORACLES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::{KnownHeader as K, Message, MessageBuilder};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn token(&mut self) -> String {
        let n = 4 + self.next() % 16;
        (0..n)
            .map(|_| {
                b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ0123456789-.!%*_+`'~"
                    [(self.next() % 69) as usize] as char
            })
            .collect()
    }
}

fn messages() -> Vec<Message<'static>> {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let methods = [
        "INVITE",
        "MESSAGE",
        "OPTIONS",
        "REGISTER",
        "SUBSCRIBE",
        "NOTIFY",
        "BYE",
        "UPDATE",
        "INFO",
    ];
    let hosts = [
        "192.0.2.10",
        "[2001:db8::7]",
        "pcscf.ims.mnc000.mcc460.3gppnetwork.org",
        "client.example.com",
    ];
    let users = ["+8613800138000", "alice", "bob.smith", "13912345678"];
    let names = [
        "\"Li Lei\"",
        "\"李雷\"",
        "Alice",
        "\"A \\\"quoted\\\" name\"",
        "",
    ];
    let mut out = Vec::new();
    for i in 0..60 {
        let method = rng.pick(&methods);
        let host = rng.pick(&hosts);
        let ruri = format!("sip:{}@{}", rng.pick(&users), rng.pick(&hosts));
        let branch = format!("z9hG4bK{}", rng.token());
        let (from_tag, call_id) = (rng.token(), format!("{}@{}", rng.token(), rng.pick(&hosts)));
        let seq = rng.next() % (1 << 31);
        let name = rng.pick(&names);
        let mut b = MessageBuilder::request(method, &ruri)
            .header(
                K::Via,
                &format!(
                    "SIP/2.0/{} {host};branch={branch};rport",
                    rng.pick(&["UDP", "TCP", "TLS"])
                ),
            )
            .header(K::MaxForwards, "70")
            .header(
                K::From,
                format!(
                    "{name} <sip:{}@{}>;tag={from_tag}",
                    rng.pick(&users),
                    rng.pick(&hosts)
                )
                .trim_start(),
            )
            .header(
                K::To,
                &format!("<tel:{}>", rng.pick(&["+8613800138000", "+14155550100"])),
            )
            .header(K::CallId, &call_id)
            .header(K::CSeq, &format!("{seq} {method}"));
        if i % 3 == 0 {
            b = b
                .header(K::Contact, &format!("<sip:{}@{host};transport=tcp>;+sip.instance=\"<urn:gsma:imei:35209900-176148-1>\"", rng.pick(&users)))
                .header(K::ContentType, "text/plain;charset=UTF-8")
                .body(format!("message {i}: 你好 5G消息"));
        }
        let req = b.build().unwrap();
        if i % 2 == 1 {
            let code = [100u16, 180, 200, 202, 404, 486, 503][(rng.next() % 7) as usize];
            let to_tag = rng.token();
            out.push(
                MessageBuilder::response_to(&req, code, "Reason Phrase", Some(&to_tag))
                    .build()
                    .unwrap(),
            );
        }
        out.push(req);
    }
    out
}

/// What the comparison looks at, as strings tshark prints them.
fn ours(m: &Message<'_>) -> Vec<String> {
    let cseq = m.cseq().unwrap().unwrap();
    vec![
        m.method().unwrap_or("").to_string(),
        m.status().map(|s| s.to_string()).unwrap_or_default(),
        m.call_id().unwrap().unwrap().as_str().to_string(),
        format!("{} {}", cseq.seq(), cseq.method()),
        m.from_header()
            .unwrap()
            .unwrap()
            .tag()
            .unwrap_or("")
            .to_string(),
        m.to_header()
            .unwrap()
            .unwrap()
            .tag()
            .unwrap_or("")
            .to_string(),
        m.vias()
            .next()
            .unwrap()
            .unwrap()
            .branch()
            .unwrap_or("")
            .to_string(),
    ]
}

#[test]
fn tshark_agrees_with_our_encoding() {
    if !rcs_testkit::oracles(&["tshark", "text2pcap"]) {
        return;
    }
    let msgs = messages();
    // One message per UDP datagram.
    let packets: Vec<_> = msgs.iter().map(|m| m.to_bytes()).collect();
    let fields = [
        "sip.Method",
        "sip.Status-Code",
        "sip.Call-ID",
        "sip.CSeq",
        "sip.from.tag",
        "sip.to.tag",
        "sip.Via.branch",
    ];
    let rows = rcs_testkit::tshark_fields(&packets, &["-u", "5060,5060"], &[], &fields);
    assert_eq!(rows.len(), msgs.len(), "one dissected packet per message");
    let (mut passed, mut failed) = (0, 0);
    for (m, theirs) in msgs.iter().zip(rows) {
        let ours = ours(m);
        if theirs == ours {
            passed += 1;
        } else {
            failed += 1;
            println!(
                "DISAGREE\n ours:   {ours:?}\n tshark: {theirs:?}\n{}",
                String::from_utf8_lossy(&m.to_bytes())
            );
        }
    }
    println!("tshark: {passed} passed, {failed} failed");
    assert_eq!(failed, 0);
}
