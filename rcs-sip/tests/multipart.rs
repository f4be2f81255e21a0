//! Multipart bodies: a group-chat INVITE (SDP + resource-lists), nesting, limits, errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::{
    ErrorKind, KnownHeader, LimitKind, Message, MessageBuilder, Multipart, ParseOptions,
};

const SDP: &str = "v=0\r\no=- 1 1 IN IP4 198.51.100.7\r\ns=-\r\nc=IN IP4 198.51.100.7\r\nt=0 0\r\nm=message 9 TCP/MSRP *\r\na=accept-types:message/cpim\r\na=path:msrp://198.51.100.7:9;tcp/g1;tcp\r\na=setup:active\r\n";
const LIST: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\" xmlns:cp=\"urn:ietf:params:xml:ns:copycontrol\">\r\n<list>\r\n<entry uri=\"tel:+8613800138001\" cp:copyControl=\"to\"/>\r\n<entry uri=\"tel:+8613800138002\" cp:copyControl=\"to\"/>\r\n</list>\r\n</resource-lists>\r\n";

fn group_invite() -> Message<'static> {
    let body = format!(
        "preamble text\r\n--boundary42\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{SDP}\r\n--boundary42\r\nContent-Type: application/resource-lists+xml\r\nContent-Disposition: recipient-list\r\n\r\n{LIST}\r\n--boundary42--\r\nepilogue",
        SDP.len()
    );
    MessageBuilder::request("INVITE", "sip:conference-factory@ims.example.com")
        .header(
            KnownHeader::Via,
            "SIP/2.0/TCP 198.51.100.7;branch=z9hG4bKg1",
        )
        .header(
            KnownHeader::From,
            "<sip:+8613912345678@ims.example.com>;tag=g1",
        )
        .header(KnownHeader::To, "<sip:conference-factory@ims.example.com>")
        .header(KnownHeader::CallId, "group-1@198.51.100.7")
        .header(KnownHeader::CSeq, "1 INVITE")
        .header(KnownHeader::Require, "recipient-list-invite")
        .header(
            KnownHeader::ContentType,
            "multipart/mixed;boundary=\"boundary42\"",
        )
        .body(body)
        .build()
        .unwrap()
}

#[test]
fn group_chat_invite_splits_into_sdp_and_resource_list() {
    let msg = group_invite();
    assert!(!msg.validate().has_errors(), "{:?}", msg.validate());
    let mp = msg.multipart().unwrap().unwrap();
    assert_eq!(mp.preamble(), b"preamble text");
    assert_eq!(mp.epilogue(), b"epilogue");
    assert_eq!(mp.parts().len(), 2);
    let sdp = mp.find("application", "sdp").unwrap();
    assert_eq!(sdp.body(), SDP.as_bytes());
    assert_eq!(
        sdp.header("content-length").unwrap().value(),
        SDP.len().to_string()
    );
    let list = mp.find("application", "resource-lists+xml").unwrap();
    assert_eq!(list.body(), LIST.as_bytes());
    assert_eq!(
        list.header("Content-Disposition").unwrap().value(),
        "recipient-list"
    );
    // Offsets point into the message.
    let at = list.offset();
    assert_eq!(
        &msg.as_bytes()[at..at + list.as_bytes().len()],
        list.as_bytes()
    );
    // Zero-copy: the parts borrow the message body.
    let body = msg.body().as_ptr_range();
    assert!(body.contains(&list.body().as_ptr()));
}

#[test]
fn parts_without_headers_and_empty_parts() {
    let body = b"--b\r\n\r\nno headers\r\n--b\r\n\r\n\r\n--b  \r\nX-A: 1\r\n\r\n\r\n--b--";
    let mp = Multipart::parse(body, "b", &ParseOptions::new()).unwrap();
    let p = mp.parts();
    assert_eq!(p.len(), 3);
    assert_eq!(
        (p[0].headers().count(), p[0].body()),
        (0, &b"no headers"[..])
    );
    assert_eq!((p[1].headers().count(), p[1].body()), (0, &b""[..]));
    assert_eq!(p[2].header("x-a").unwrap().value(), "1");
    assert_eq!(p[2].body(), b"");
    assert!(p[2].content_type().is_none());
}

#[test]
fn nested_multipart_and_depth_limit() {
    let inner = "--in\r\nContent-Type: text/plain\r\n\r\nhello\r\n--in--";
    let outer = format!(
        "--out\r\nContent-Type: multipart/alternative; boundary=in\r\n\r\n{inner}\r\n--out--\r\n"
    );
    let mp = Multipart::parse(outer.as_bytes(), "out", &ParseOptions::new()).unwrap();
    let nested = mp.parts()[0].multipart().unwrap().unwrap();
    assert_eq!(nested.parts()[0].body(), b"hello");
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_nesting_depth = 1;
    let mp = Multipart::parse(outer.as_bytes(), "out", &opts).unwrap();
    let e = mp.parts()[0].multipart().unwrap().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::NestingDepth));
}

#[test]
fn malformed_bodies_are_refused() {
    let opts = ParseOptions::new();
    let e = |body: &[u8], b: &str| Multipart::parse(body, b, &opts).unwrap_err().kind();
    assert_eq!(e(b"no boundary here", "b"), ErrorKind::InvalidMultipart);
    assert_eq!(
        e(b"--b\r\nX: 1\r\n\r\nbody without close", "b"),
        ErrorKind::InvalidMultipart
    );
    assert_eq!(e(b"--bx\r\n\r\n", "b"), ErrorKind::InvalidMultipart);
    assert_eq!(
        e(b"--b\r\nX 1\r\n\r\n\r\n--b--", "b"),
        ErrorKind::MissingColon
    );
    assert_eq!(e(b"--b\r\n\r\n\r\n--b--", ""), ErrorKind::InvalidMultipart);
    assert_eq!(
        e(b"--b\r\n\r\n\r\n--b--", &"x".repeat(71)),
        ErrorKind::InvalidMultipart
    );
    let mut few = ParseOptions::new();
    few.limits_mut().max_parts = 2;
    let body = b"--b\r\n\r\n1\r\n--b\r\n\r\n2\r\n--b\r\n\r\n3\r\n--b--";
    assert_eq!(
        Multipart::parse(body, "b", &few).unwrap_err().kind(),
        ErrorKind::LimitExceeded(LimitKind::PartCount)
    );
    // A message that says multipart but gives no boundary.
    let m = MessageBuilder::request("MESSAGE", "sip:a@b.example")
        .header(KnownHeader::ContentType, "multipart/mixed")
        .body("x")
        .build()
        .unwrap();
    assert_eq!(
        m.multipart().unwrap().unwrap_err().kind(),
        ErrorKind::InvalidMultipart
    );
    // Not multipart: None.
    assert!(group_invite_sdp_only().multipart().is_none());
}

fn group_invite_sdp_only() -> Message<'static> {
    MessageBuilder::request("INVITE", "sip:a@b.example")
        .header(KnownHeader::ContentType, "application/sdp")
        .body(SDP)
        .build()
        .unwrap()
}

/// RFC 4475 mpart01 (read in place from the shared corpus): multipart/mixed with a text part and
/// a binary part holding bare CR and LF octets, which must not be taken for delimiters.
#[test]
fn rfc4475_mpart01_binary_part() {
    let Some(bytes) = rcs_testkit::corpus_file("sip-torture", "mpart01.dat") else {
        return;
    };
    let m = Message::parse_datagram(&bytes, &ParseOptions::new()).unwrap();
    let mp = m.multipart().unwrap().unwrap();
    assert_eq!(mp.parts().len(), 2);
    assert_eq!(mp.parts()[0].body(), b"Hello");
    let bin = mp.find("application", "octet-stream").unwrap();
    assert_eq!(
        bin.header("Content-Transfer-Encoding").unwrap().value(),
        "binary"
    );
    assert_eq!(bin.body().len(), 342);
    assert!(bin.body().contains(&b'\n') && bin.body().contains(&b'\r'));
    assert_eq!(mp.epilogue(), b"");
}

#[test]
fn bare_lf_delimiters_need_the_option() {
    let body = b"--b\r\nX: 1\r\n\r\nbinary\n--b--";
    assert_eq!(
        Multipart::parse(body, "b", &ParseOptions::new())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidMultipart
    );
    let mp = Multipart::parse(body, "b", &ParseOptions::new().allow_bare_lf(true)).unwrap();
    assert_eq!(mp.parts()[0].body(), b"binary");
}
