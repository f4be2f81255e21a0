//! `../shared/corpus/cpim/` and the CPIM files of `imdn/` (read in place), plus the CPIM bodies
//! carried inside other corpus files (a multipart INVITE body, an MSRP SEND in a pcap), each
//! handled as its MANIFEST says.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_cpim::{
    CPIM_NS, ErrorKind, IMDN_NS, Message, MessageBuilder, Notification, ParseOptions, Warning,
};
use rcs_testkit::{corpus_dir, corpus_file};

/// Rebuild a parsed message with the builder (same headers by namespace, same content) and
/// check the semantic fields survive.
fn rebuild_equal(m: &Message<'_>) -> Result<(), String> {
    let mut b = MessageBuilder::new();
    for n in m.namespaces() {
        if let Some(p) = n.prefix {
            b = b.namespace(p, n.urn);
        }
    }
    for h in m.headers() {
        if h.is(CPIM_NS, "NS") {
            continue;
        }
        let ns = h.namespace.ok_or("undeclared prefix")?;
        b = if h.is(CPIM_NS, "Subject") {
            b.subject(h.value, h.lang())
        } else {
            b.header(ns, h.name, h.value)
        };
    }
    for (n, v) in m.content_headers() {
        if !n.eq_ignore_ascii_case("Content-Type") && !n.eq_ignore_ascii_case("Content-Length") {
            b = b.content_header(n, v);
        }
    }
    let ct = m.content_header("Content-Type").unwrap_or("text/plain");
    let built = b
        .content(ct, m.content().to_vec())
        .build()
        .map_err(|e| e.to_string())?;
    let key = |m: &Message<'_>| {
        m.headers()
            .filter(|h| !h.is(CPIM_NS, "NS"))
            .map(|h| {
                (
                    h.namespace.map(str::to_ascii_lowercase),
                    h.name.to_string(),
                    h.value.to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    if key(&built) != key(m) || built.content() != m.content() {
        return Err("rebuilt message differs".into());
    }
    Ok(())
}

fn judge(file: &str, bytes: &[u8]) -> Result<String, String> {
    let strict = |b: &[u8]| {
        Message::parse(b)
            .map(|m| m.into_owned())
            .map_err(|e| e.to_string())
    };
    let m = match file {
        // RFC 5438's example counts 12 octets for "Hello World" and its CRLF (13): strict
        // parsing refuses the Content-Length, lenient parsing warns.
        "rfc5438-s7.1.1-request.cpim" => {
            let e = Message::parse(bytes).unwrap_err();
            if e.kind() != ErrorKind::ContentLengthMismatch {
                return Err(format!("strict: {e}"));
            }
            let mut opts = ParseOptions::new();
            opts = opts.allow_wrong_content_length(true);
            let m = Message::parse_with(bytes, &opts)
                .map_err(|e| e.to_string())?
                .into_owned();
            if m.warnings() != [Warning::WrongContentLength] {
                return Err(format!("warnings {:?}", m.warnings()));
            }
            if !(m.wants(Notification::PositiveDelivery) && m.wants(Notification::Display)) {
                return Err("Disposition-Notification".into());
            }
            if m.imdn_message_id() != Some("34jk324j") || m.content() != b"Hello World\r\n" {
                return Err("message id or content".into());
            }
            m
        }
        _ => strict(bytes)?,
    };
    if m.as_bytes() != bytes {
        return Err("not byte-exact".into());
    }
    let from = m.from().transpose().map_err(|e| e.to_string())?;
    let to: Vec<_> = m
        .to()
        .collect::<Result<_, _>>()
        .map_err(|e| e.to_string())?;
    let dt = m.date_time().transpose().map_err(|e| e.to_string())?;
    let ct = m.content_type().transpose().map_err(|e| e.to_string())?;
    let checks: Result<(), String> = match file {
        "rfc3862-example.cpim" => {
            let subjects: Vec<_> = m.subjects().collect();
            let ext = m.header("mid:MessageFeatures@id.foo.com", "VitalMessageOption");
            (from.unwrap().formal_name == Some("MR SANDERS")
                && to[0].formal_name == Some("Depressed Donkey")
                && dt.unwrap().offset_minutes == -480
                && subjects
                    == [
                        ("the weather will be fine today", None),
                        ("beau temps prevu pour aujourd'hui", Some("fr")),
                    ]
                && m.require().collect::<Vec<_>>() == ["MyFeatures.VitalMessageOption"]
                && ext == Some("Confirmation-requested")
                && m.content_id() == Some("<1234567890@foo.com>")
                && ct.unwrap().is("text", "xml")
                && m.content().starts_with(b"<body>\r\n")
                && m.content().ends_with(b"</body>"))
            .then_some(())
            .ok_or("fields".into())
        }
        "liblinphone-rfc-example-quoted.cpim" => {
            let f = from.unwrap();
            (f.formal_name == Some("\"MR SANDERS\"")
                && f.display_name().as_deref() == Some("MR SANDERS")
                && to[0].uri == "im:eeyore@100akerwood.com")
                .then_some(())
                .ok_or("quoted names".into())
        }
        "liblinphone-generic-header-params.cpim" => {
            let test = m.headers().find(|h| h.name == "Test").unwrap();
            let yepee = m.headers().find(|h| h.name == "yepee").unwrap();
            (test.param("aaa") == Some("bbb")
                && test.param("yes") == Some("no")
                && test.value == "CheckMe"
                && yepee.params == ";good=bad"
                && yepee.value == "ugly"
                && m.header(CPIM_NS, "yaya") == Some("coucou"))
            .then_some(())
            .ok_or("parameters".into())
        }
        "liblinphone-minimal.cpim" => (from.is_none()
            && to.is_empty()
            && m.content().is_empty()
            && ct.unwrap().charset() == Some("utf-8"))
        .then_some(())
        .ok_or("minimal".into()),
        "rcsjta-cpim-imdn-positive-delivery.cpim" | "rcsjta-cpim-blank-content.cpim" => {
            let want: &[u8] = if file.contains("blank") {
                b"  "
            } else {
                b"Bonjour"
            };
            (from.unwrap().uri == "sip:anonymous@anonymous.invalid"
                && m.imdn_message_id() == Some("ae6926cfcffa40a89e44252ce9e970a2")
                && m.wants(Notification::PositiveDelivery)
                && !m.wants(Notification::Display)
                && m.content_length() == Some(want.len() as u64)
                && m.content() == want)
                .then_some(())
                .ok_or("rcsjta fields".into())
        }
        "rfc5438-s7.1.1-request.cpim" => Ok(()),
        "rfc5438-delivery-notification-wrapped.cpim" => (m.imdn_message_id()
            == Some("d834jied93rf")
            && m.disposition_notification().is_none()
            && m.content_disposition().unwrap().unwrap().kind == "notification"
            && ct.unwrap().is("message", "imdn+xml")
            && m.content().starts_with(b"<?xml"))
        .then_some(())
        .ok_or("IMDN wrapper".into()),
        "multipart INVITE part" => (m.content() == b"   "
            && m.header(IMDN_NS, "Message-ID") == Some("dd4167b82b864c6ea9def42deada1b54")
            && m.wants(Notification::Display))
        .then_some(())
        .ok_or("INVITE part".into()),
        "MSRP SEND body (pcap)" => (m.content() == b"Bonjour"
            && m.wants(Notification::PositiveDelivery))
        .then_some(())
        .ok_or("pcap SEND".into()),
        other => Err(format!("no expectation for {other}")),
    };
    checks?;
    rebuild_equal(&m)?;
    Ok(format!(
        "{} headers, {} content octets",
        m.headers().count(),
        m.content().len()
    ))
}

/// The body parts of a multipart body with this boundary (RFC 2046: the CRLF before a delimiter
/// belongs to it).
fn parts<'a>(body: &'a [u8], boundary: &str) -> Vec<&'a [u8]> {
    let delim = format!("--{boundary}");
    let text = body;
    let mut at: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(p) = text[i..]
        .windows(delim.len())
        .position(|w| w == delim.as_bytes())
    {
        at.push(i + p);
        i += p + delim.len();
    }
    at.windows(2)
        .map(|w| {
            let start = w[0] + delim.len() + 2;
            let end = w[1] - 2;
            &text[start..end]
        })
        .collect()
}

fn after_blank_line(b: &[u8]) -> &[u8] {
    let i = b.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    &b[i + 4..]
}

#[test]
fn corpus() {
    let (mut right, mut wrong) = (0, Vec::new());
    let mut run = |name: &str, bytes: &[u8]| match judge(name, bytes) {
        Ok(what) => {
            eprintln!("ok   {name}: {what}");
            right += 1;
        }
        Err(e) => wrong.push(format!("{name}: {e}")),
    };
    for topic in ["cpim", "imdn"] {
        let Some(dir) = corpus_dir(topic) else { return };
        let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
        for line in manifest.lines().skip(1) {
            let file = line.split('\t').next().unwrap();
            if !file.ends_with(".cpim") {
                continue;
            }
            run(file, &std::fs::read(dir.join(file)).unwrap());
        }
    }
    // The CPIM part of rcsjta's multipart INVITE body.
    let mime = corpus_file("cpim", "rcsjta-sip-invite-multipart-sdp-cpim.mime").unwrap();
    let p = parts(&mime, "----=_Part_3144_497651830.1459426876307");
    assert_eq!(p.len(), 2);
    run("multipart INVITE part", after_blank_line(p[1]));
    // The CPIM body of the MSRP SEND in the pcap.
    let pcap = corpus_file("msrp", "pcap/msrp-send-cpim-imdn-and-200.pcap").unwrap();
    let at = pcap.windows(12).position(|w| w == b"message/cpim").unwrap();
    let body = after_blank_line(&pcap[at..]);
    let end = body.windows(9).position(|w| w == b"\r\n-------").unwrap();
    run("MSRP SEND body (pcap)", &body[..end]);
    eprintln!("cpim corpus: {right} right, {} wrong", wrong.len());
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(right, 10);
}
