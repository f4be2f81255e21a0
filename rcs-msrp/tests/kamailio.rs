//! Interop with a real MSRP relay: Kamailio's msrp module on loopback (Debian `kamailio`).
//! Our encoded frames, written in small pieces, including chunks far over Kamailio's default
//! 16 KB read buffer (raised here), must get replies our strict decoder reads; Kamailio's digest
//! must accept the credentials we compute for AUTH; and a SEND it relays to us must arrive as
//! our own `Frame::forward` would have sent it. Skips (saying so) without kamailio, unless
//! `RCS_REQUIRE_ORACLES=1`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::BytesMut;
use rcs_msrp::{Chunker, DigestChallenge, Frame, FrameBuilder, FrameDecoder, ParseOptions};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str = r#"#!KAMAILIO
debug=2
log_stderror=yes
children=1
tcp_children=2
auto_aliases=no
tcp_accept_no_cl=yes
tcp_rd_buf_size=1048576
listen=tcp:127.0.0.1:@PORT@
mpath="@MODULES@"
loadmodule "sl.so"
loadmodule "pv.so"
loadmodule "xlog.so"
loadmodule "auth.so"
loadmodule "msrp.so"
modparam("auth", "qop", "auth")
request_route { drop; }
event_route[msrp:frame-in] {
    if (msrp_is_reply()) { exit; }
    # Kamailio reads $msrp(...) through a SIP view of the frame that it builds only for frames
    # under about 11 KB: for larger ones the method reads as null, and only SENDs are that large.
    $var(m) = $null;
    $var(m) = $msrp(method);
    if ($var(m) == "AUTH") {
        if (!pv_www_authenticate("rcs.test", "s3cret", "0", "$msrp(method)")) {
            auth_get_www_authenticate("rcs.test", "1", "$var(wauth)");
            msrp_reply("401", "Unauthorized", "$var(wauth)");
            exit;
        }
        msrp_reply("200", "OK", "Use-Path: msrp://127.0.0.1:@PORT@/relay1;tcp\r\nExpires: 600\r\n");
        exit;
    }
    if ($var(m) == "REPORT") {
        if ($msrp(nexthops) > 0) { msrp_relay(); }
        exit;
    }
    if ($var(m) != $null && $var(m) != "SEND") {
        msrp_reply("501", "Request-method-not-understood");
        exit;
    }
    msrp_reply("200", "OK");
    # Relays when the To-Path names a next hop (for large frames nexthops cannot be read).
    msrp_relay();
}
"#;

/// Kamailio running on a loopback port, stopped (SIGTERM to the main process, which stops its
/// children) when dropped.
struct Kamailio {
    child: Child,
    port: u16,
    dir: std::path::PathBuf,
}

impl Drop for Kamailio {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
        let log = std::fs::read_to_string(self.dir.join("kamailio.log")).unwrap_or_default();
        if std::thread::panicking() {
            eprintln!("kamailio log:\n{log}");
        }
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start() -> Option<Kamailio> {
    let required = std::env::var("RCS_REQUIRE_ORACLES").is_ok_and(|v| v == "1");
    let found = Command::new("kamailio")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    let modules = [
        "/usr/lib/x86_64-linux-gnu/kamailio/modules",
        "/usr/lib/kamailio/modules",
    ]
    .into_iter()
    .find(|d| std::path::Path::new(d).join("msrp.so").exists());
    let (true, Some(modules)) = (found, modules) else {
        assert!(
            !required,
            "kamailio (msrp module) missing and RCS_REQUIRE_ORACLES=1"
        );
        eprintln!("kamailio not installed: interop test skipped");
        return None;
    };
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("rcs-msrp-kamailio-{}-{port}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = CONFIG
        .replace("@PORT@", &port.to_string())
        .replace("@MODULES@", &format!("{modules}/"));
    std::fs::write(dir.join("kamailio.cfg"), cfg).unwrap();
    let log = std::fs::File::create(dir.join("kamailio.log")).unwrap();
    let child = Command::new("kamailio")
        .arg("-f")
        .arg(dir.join("kamailio.cfg"))
        .args(["-DD", "-E", "-P"])
        .arg(dir.join("kamailio.pid"))
        .arg("-Y")
        .arg(&dir)
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut k = Kamailio { child, port, dir };
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "kamailio did not start"
        );
        assert!(k.child.try_wait().unwrap().is_none(), "kamailio exited");
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(k)
}

/// A connection that writes in small pieces and reads frames with our strict decoder.
struct Conn {
    sock: TcpStream,
    dec: FrameDecoder,
    buf: BytesMut,
}

impl Conn {
    fn open(port: u16) -> Self {
        Self::wrap(TcpStream::connect(("127.0.0.1", port)).unwrap())
    }

    fn wrap(sock: TcpStream) -> Self {
        sock.set_nodelay(true).unwrap();
        sock.set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut opts = ParseOptions::new();
        opts.limits_mut().max_chunk_size = 1 << 20;
        Self {
            sock,
            dec: FrameDecoder::new(opts),
            buf: BytesMut::new(),
        }
    }

    /// Write `bytes` in pieces of `piece` octets, pausing now and then so they leave as
    /// separate segments.
    fn send(&mut self, bytes: &[u8], piece: usize) {
        for (i, p) in bytes.chunks(piece).enumerate() {
            self.sock.write_all(p).unwrap();
            if i % 16 == 15 {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
    }

    #[track_caller]
    fn frame(&mut self) -> Frame<'static> {
        loop {
            if let Some(f) = self.dec.decode(&mut self.buf).unwrap() {
                return f;
            }
            let mut tmp = [0u8; 65536];
            let n = self
                .sock
                .read(&mut tmp)
                .expect("a reply before the timeout");
            assert!(n > 0, "kamailio closed the connection");
            self.buf.extend_from_slice(&tmp[..n]);
        }
    }
}

#[test]
fn kamailio_interop() {
    let Some(k) = start() else { return };
    let me = "msrp://127.0.0.1:9/s1;tcp";
    let kam = format!("msrp://127.0.0.1:{}/s2;tcp", k.port);

    // SENDs: small, a 3-chunk message, and a 200 KB chunk; written 7 (then 1000) octets at a
    // time. Each gets Kamailio's 200, which our strict decoder reads.
    let mut c = Conn::open(k.port);
    let mut sent = Vec::new();
    for (msg, size) in [
        (b"hello kamailio".to_vec(), 100),
        (
            (0..3000u32).map(|i| (i % 251) as u8).collect::<Vec<u8>>(),
            1024,
        ),
        (vec![b'x'; 200 << 10], 256 << 10),
    ] {
        let id = format!("m{}", sent.len());
        let chunks: Vec<Frame<'static>> = Chunker::new(msg, &id, "application/octet-stream", size)
            .paths(&kam, me)
            .tid_prefix(&format!("k{}", sent.len()))
            .collect::<Result<_, _>>()
            .unwrap();
        for f in chunks {
            let piece = if f.as_bytes().len() > 20_000 { 1000 } else { 7 };
            c.send(f.as_bytes(), piece);
            sent.push(f);
        }
    }
    assert!(sent.iter().any(|f| f.body().unwrap().len() > 16 << 10));
    for f in &sent {
        let r = c.frame();
        assert_eq!(
            r.status(),
            Some(200),
            "{:?}",
            String::from_utf8_lossy(r.as_bytes())
        );
        assert_eq!(r.transaction_id(), f.transaction_id());
        assert_eq!(r.header("To-Path"), Some(me));
    }

    // Unknown method: 501. REPORT: no response (the next reply is the 501).
    let report = FrameBuilder::request("rep00001", "REPORT")
        .to_path(&kam)
        .from_path(me)
        .header("Message-ID", "m0")
        .header("Byte-Range", "1-14/14")
        .header("Status", "000 200 OK")
        .build()
        .unwrap();
    assert!(report.response(200, None).unwrap().is_none());
    c.send(report.as_bytes(), 5);
    let foo = FrameBuilder::request("foo00001", "FOO")
        .to_path(&kam)
        .from_path(me)
        .build()
        .unwrap();
    c.send(foo.as_bytes(), 3);
    let r = c.frame();
    assert_eq!((r.transaction_id(), r.status()), ("foo00001", Some(501)));

    // AUTH (RFC 4976): 401 with a challenge; our credentials; 200 with Use-Path and Expires.
    let relay = format!("msrp://127.0.0.1:{};tcp", k.port);
    let auth = |tid: &str, authz: Option<&str>| {
        let mut b = FrameBuilder::request(tid, "AUTH")
            .to_path(&relay)
            .from_path(me);
        if let Some(a) = authz {
            b = b.header("Authorization", a);
        }
        b.build().unwrap()
    };
    c.send(auth("auth0001", None).as_bytes(), 11);
    let r = c.frame();
    assert_eq!(r.status(), Some(401));
    let challenge = DigestChallenge::parse(r.header("WWW-Authenticate").unwrap()).unwrap();
    assert_eq!(challenge.realm, "rcs.test");
    let wrong = challenge.authorization("alice", "nope", &relay, 1, "c0ffee01");
    c.send(auth("auth0002", Some(&wrong)).as_bytes(), 64);
    assert_eq!(c.frame().status(), Some(401));
    let creds = challenge.authorization("alice", "s3cret", &relay, 1, "c0ffee02");
    c.send(auth("auth0003", Some(&creds)).as_bytes(), 64);
    let r = c.frame();
    assert_eq!(
        r.status(),
        Some(200),
        "{}",
        String::from_utf8_lossy(r.as_bytes())
    );
    assert_eq!(
        r.use_path().collect::<Vec<_>>(),
        [format!("msrp://127.0.0.1:{}/relay1;tcp", k.port)]
    );
    assert_eq!(r.expires(), Some(Ok(600)));

    // Relaying: Kamailio forwards a SEND (one small, one of 12 KB) to us as our `forward` would.
    // (Kamailio 5.6 silently forwards nothing of a 20 KB frame: its relay path keeps a smaller
    // buffer than the tcp_rd_buf_size raised above; direct replies are checked to 200 KB.)
    let next_hop = TcpListener::bind("127.0.0.1:0").unwrap();
    let ours = format!(
        "msrp://127.0.0.1:{}/s3;tcp",
        next_hop.local_addr().unwrap().port()
    );
    let to = format!("{kam} {ours}");
    let mut frames = Vec::new();
    for (i, body) in [b"via kamailio".to_vec(), vec![b'z'; 12 << 10]]
        .into_iter()
        .enumerate()
    {
        let f = FrameBuilder::request(&format!("rel0000{i}"), "SEND")
            .to_path(&to)
            .from_path(me)
            .header("Message-ID", &format!("r{i}"))
            .header("Byte-Range", &format!("1-{0}/{0}", body.len()))
            .body("text/plain", body)
            .build()
            .unwrap();
        c.send(f.as_bytes(), 500);
        assert_eq!(c.frame().status(), Some(200));
        frames.push(f);
    }
    let (sock, _) = next_hop.accept().unwrap();
    let mut inbound = Conn::wrap(sock);
    for f in &frames {
        let got = inbound.frame();
        let want = f.forward(got.transaction_id()).unwrap();
        assert_eq!(got.header("To-Path"), want.header("To-Path"));
        assert_eq!(got.header("From-Path"), want.header("From-Path"));
        assert_eq!(got.body(), want.body());
        assert_eq!(got.flag(), want.flag());
        for h in ["Message-ID", "Byte-Range", "Content-Type"] {
            assert_eq!(got.header(h), want.header(h), "{h}");
        }
        // Our response to the relayed SEND goes back to Kamailio, hop by hop.
        let resp = got
            .response(200, Some("OK"))
            .unwrap()
            .unwrap()
            .build()
            .unwrap();
        assert_eq!(resp.header("To-Path"), Some(kam.as_str()));
        inbound.send(resp.as_bytes(), 13);
    }
}
