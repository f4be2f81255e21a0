//! Known-answer tests for each typed header and URI form.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_sip::*;
use std::net::Ipv4Addr;

fn one<'a, T: Element<'a>>(kind: KnownHeader, value: &'a str) -> T {
    let mut it = LineValues::<T>::new(kind, value);
    let v = it
        .next()
        .expect("one value")
        .unwrap_or_else(|e| panic!("{value:?}: {e}"));
    assert!(it.next().is_none(), "exactly one value in {value:?}");
    v
}

fn all<'a, T: Element<'a>>(kind: KnownHeader, value: &'a str) -> Vec<T> {
    LineValues::<T>::new(kind, value)
        .map(|r| r.unwrap_or_else(|e| panic!("{value:?}: {e}")))
        .collect()
}

fn fails<'a, T: Element<'a> + std::fmt::Debug>(kind: KnownHeader, value: &'a str) -> DecodeError {
    match LineValues::<T>::new(kind, value).find_map(Result::err) {
        Some(e) => e,
        None => panic!("{value:?} should not parse as {kind:?}"),
    }
}

#[test]
fn every_known_name_and_compact_form_resolves() {
    for &k in KnownHeader::ALL {
        let name = k.as_str();
        assert_eq!(KnownHeader::from_name(name.as_bytes()), Some(k), "{name}");
        assert_eq!(
            KnownHeader::from_name(name.to_ascii_lowercase().as_bytes()),
            Some(k)
        );
        assert_eq!(
            KnownHeader::from_name(name.to_ascii_uppercase().as_bytes()),
            Some(k)
        );
        if let Some(c) = k.compact() {
            assert_eq!(KnownHeader::from_name(c.to_string().as_bytes()), Some(k));
            assert_eq!(
                KnownHeader::from_name(c.to_ascii_uppercase().to_string().as_bytes()),
                Some(k)
            );
        }
    }
    for unknown in [
        "X-Foo",
        "Vias",
        "Vi",
        "To-",
        "g",
        "z",
        "Content-Lengths",
        "InReplyTo-Contribution-IDs",
        "P-Asserted-Identit",
    ] {
        assert_eq!(
            KnownHeader::from_name(unknown.as_bytes()),
            None,
            "{unknown}"
        );
    }
    let compact: Vec<char> = KnownHeader::ALL
        .iter()
        .filter_map(|k| k.compact())
        .collect();
    assert_eq!(compact.len(), 19, "a b c d e f i j k l m o r s t u v x y");
    let typed = KnownHeader::ALL.iter().filter(|&&k| is_typed(k)).count();
    println!("known headers: {}, typed: {typed}", KnownHeader::ALL.len());
}

#[test]
fn the_known_header_table_is_complete_and_consistent() {
    // One row per header: names unique and in alphabetical order (ALL is documented so), the
    // flags exclusive, and the counts that the table held when it became one declaration.
    let names: Vec<String> = KnownHeader::ALL
        .iter()
        .map(|k| k.as_str().to_ascii_lowercase())
        .collect();
    assert!(names.windows(2).all(|w| w[0] < w[1]), "{names:?}");
    assert_eq!(names.len(), 80);
    assert!(
        KnownHeader::ALL
            .iter()
            .all(|k| !(k.is_single_valued() && k.is_list()))
    );
    let single = KnownHeader::ALL
        .iter()
        .filter(|k| k.is_single_valued())
        .count();
    let list = KnownHeader::ALL.iter().filter(|k| k.is_list()).count();
    assert_eq!((single, list), (37, 37));
    for (k, single) in [
        (KnownHeader::CallId, true),
        (KnownHeader::Via, false),
        (KnownHeader::To, true),
        (KnownHeader::Route, false),
    ] {
        assert_eq!(k.is_single_valued(), single, "{k:?}");
        assert_eq!(k.is_list(), !single, "{k:?}");
    }
}

#[test]
fn sip_uri_forms() {
    let Uri::Sip(u) =
        Uri::parse("sips:alice:secret@[2001:db8::1]:5061;transport=tls;lr?subject=hi&x=%41")
            .unwrap()
    else {
        panic!()
    };
    assert!(u.is_secure());
    assert_eq!(u.user(), Some("alice"));
    assert_eq!(u.password(), Some("secret"));
    assert_eq!(u.host(), Host::Ipv6("2001:db8::1"));
    assert_eq!(u.port(), Some(5061));
    assert_eq!(u.params().value("transport"), Some("tls"));
    assert!(u.params().contains("lr"));
    assert_eq!(
        u.header_pairs().collect::<Vec<_>>(),
        vec![("subject", "hi"), ("x", "%41")]
    );
    let Uri::Sip(u) = Uri::parse("sip:null-%00-null@example.com").unwrap() else {
        panic!()
    };
    assert_eq!(u.user_decoded().unwrap().as_ref(), b"null-\0-null");
    // The parts are kept as offsets: every combination of present and absent parts.
    for (text, user, password, params, headers) in [
        ("sip:h", None, None, "", None),
        ("sip:bob:@h", Some("bob"), Some(""), "", None),
        ("SIP:Bob@H;a?b=c", Some("Bob"), None, ";a", Some("b=c")),
        ("sips:h?x=y&z=", None, None, "", Some("x=y&z=")),
        ("sips:u:p@h:1;x=1;y", Some("u"), Some("p"), ";x=1;y", None),
    ] {
        let Uri::Sip(u) = Uri::parse(text).unwrap() else {
            panic!()
        };
        assert_eq!(
            (u.user(), u.password(), u.params().as_str(), u.headers()),
            (user, password, params, headers),
            "{text}"
        );
        let dbg = format!("{u:?}");
        assert!(dbg.contains(&format!("user: {user:?}")), "{dbg}");
    }
    let Uri::Sip(u) =
        Uri::parse("sip:+8613800138000@ims.mnc000.mcc460.3gppnetwork.org;user=phone").unwrap()
    else {
        panic!()
    };
    assert_eq!(u.user_param(), Some("phone"));
    let Uri::Sip(u) = Uri::parse("sip:192.0.2.1:5060").unwrap() else {
        panic!()
    };
    assert_eq!(u.host(), Host::Ipv4(Ipv4Addr::new(192, 0, 2, 1)));
    assert_eq!(u.user(), None);
    // RFC 5118 §4.10: both IPv4-in-IPv6 spellings, same address.
    let a = Uri::parse("sip:[2001:db8:::192.0.2.1]").unwrap();
    let b = Uri::parse("sip:[2001:db8::192.0.2.1]").unwrap();
    assert!(a.equivalent(&b));
    // Hosts.
    for good in [
        "a",
        "a.b",
        "a-b.c",
        "a--b.com",
        "example.com.",
        "1a.example.com",
        "x.y.z.example",
    ] {
        assert!(Uri::parse(&format!("sip:{good}")).is_ok(), "{good}");
    }
    for bad in [
        "-a.com",
        "a-.com",
        "a..b",
        ".a",
        "a.-b",
        "a.1",
        "256.1.1.1",
        "1.2.3",
        "1.2.3.4.5",
        "[::g]",
        "[1::2",
        "a_b.com",
        "",
        "a@",
    ] {
        assert!(Uri::parse(&format!("sip:{bad}")).is_err(), "{bad}");
    }
    for bad in [
        "sip:a@b:65536",
        "sip:a@b:x",
        "sip:a@b;",
        "sip:a@b;=1",
        "sip:a@b;p=",
        "sip:@b",
        "sip:a b@c",
        "sip:a@b?",
        "sip:a@b?=1",
    ] {
        assert!(Uri::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn tel_uri_forms() {
    let Uri::Tel(t) = Uri::parse("tel:+86-138-0013-8000;ext=12").unwrap() else {
        panic!()
    };
    assert!(t.is_global());
    assert_eq!(t.digits(), "+8613800138000");
    assert_eq!(t.params().value("ext"), Some("12"));
    let Uri::Tel(t) = Uri::parse("tel:7042;phone-context=example.com").unwrap() else {
        panic!()
    };
    assert!(!t.is_global());
    assert_eq!(t.phone_context(), Some("example.com"));
    let Uri::Tel(t) = Uri::parse("tel:*21#;phone-context=+86").unwrap() else {
        panic!()
    };
    assert_eq!(t.number(), "*21#");
    // Local numbers need phone-context (RFC 3966 §5.1.5); digits are required.
    assert!(Uri::parse("tel:7042").is_err());
    assert!(Uri::parse("tel:+").is_err());
    assert!(Uri::parse("tel:+--").is_err());
    assert!(Uri::parse("tel:+1;;x").is_err());
    // RFC 3966 §4: separators do not matter, parameter order does not matter.
    let a = Uri::parse("tel:+1-201-555-0123;ext=7;isub=2").unwrap();
    let b = Uri::parse("tel:+1.201.555.0123;isub=2;ext=7").unwrap();
    assert!(a.equivalent(&b));
    assert!(!a.equivalent(&Uri::parse("tel:+1-201-555-0124;ext=7;isub=2").unwrap()));
}

#[test]
fn other_schemes_stay_opaque() {
    let Uri::Other(u) = Uri::parse("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6").unwrap() else {
        panic!()
    };
    assert_eq!(u.scheme(), "urn");
    assert_eq!(u.rest(), "uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
    assert!(Uri::parse("im:alice@example.com").is_ok());
    for bad in ["", ":x", "1a:x", "a:", "a:<x>", "a:x y", "a b:x"] {
        assert!(Uri::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn uri_comparison_rfc3261_19_1_4() {
    let eq = |a: &str, b: &str| Uri::parse(a).unwrap().equivalent(&Uri::parse(b).unwrap());
    assert!(eq(
        "sip:%61lice@atlanta.com;transport=TCP",
        "sip:alice@AtLanTa.CoM;Transport=tcp"
    ));
    assert!(eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com;newparam=5"
    ));
    assert!(eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com;security=on"
    ));
    assert!(eq(
        "sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com;security=on"
    ));
    assert!(eq(
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
        "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"
    ));
    assert!(eq(
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
        "sip:alice@atlanta.com?priority=urgent&subject=project%20x"
    ));
    assert!(!eq(
        "SIP:ALICE@AtLanTa.CoM;Transport=udp",
        "sip:alice@AtLanTa.CoM;Transport=UDP"
    ));
    assert!(!eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
    assert!(!eq(
        "sip:bob@biloxi.com",
        "sip:bob@biloxi.com;transport=udp"
    ));
    assert!(!eq(
        "sip:bob@biloxi.com",
        "sip:bob@biloxi.com:6000;transport=tcp"
    ));
    assert!(!eq(
        "sip:carol@chicago.com",
        "sip:carol@chicago.com?Subject=next%20meeting"
    ));
    assert!(!eq("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
    assert!(!eq("sip:a@b", "sips:a@b"));
    assert!(!eq("sip:a@b", "tel:+1"));
}

#[test]
fn via_forms() {
    let v: Via<'_> = one(
        KnownHeader::Via,
        "SIP/2.0/UDP [2001:db8::9:1]:5060;received=[2001:db8::9:255];rport=1234;branch=z9hG4bKas3;maddr=224.2.0.1;ttl=16",
    );
    assert_eq!(
        (v.protocol(), v.version(), v.transport()),
        ("SIP", "2.0", "UDP")
    );
    assert_eq!(v.host(), Host::Ipv6("2001:db8::9:1"));
    assert_eq!(v.port(), Some(5060));
    assert_eq!(v.received(), Some("[2001:db8::9:255]"));
    assert_eq!(v.rport(), Some(Some(1234)));
    assert_eq!(v.branch(), Some("z9hG4bKas3"));
    assert!(v.is_rfc3261_branch());
    assert_eq!(v.maddr(), Some("224.2.0.1"));
    assert_eq!(v.ttl(), Some(16));
    let v: Via<'_> = one(
        KnownHeader::Via,
        "SIP/2.0/TCP 192.0.2.1;rport;branch=z9hG4bK1;received=2001:db8::9",
    );
    assert_eq!(v.rport(), Some(None));
    assert!(!v.alias());
    let v: Via<'_> = one(
        KnownHeader::Via,
        "SIP/2.0/TLS proxy.example.com:5061;branch=z9hG4bK1;ALIAS",
    );
    assert!(
        v.alias(),
        "RFC 5923 alias, names compared case-insensitively"
    );
    let vs: Vec<Via<'_>> = all(
        KnownHeader::Via,
        "SIP / 2.0 / WSS a.example.com ; branch = z9hG4bK1 , SIP/2.0/UDP b.example;branch=z9hG4bK2",
    );
    assert_eq!(vs.len(), 2);
    assert_eq!(vs[0].transport(), "WSS");
    // Parts are offsets into each element's own text, wherever it starts in the value.
    assert_eq!(
        (vs[0].protocol(), vs[0].version(), vs[0].host()),
        ("SIP", "2.0", Host::Domain("a.example.com"))
    );
    assert_eq!(vs[0].params().value("branch"), Some("z9hG4bK1"));
    assert_eq!(
        (vs[1].as_str(), vs[1].transport(), vs[1].host()),
        (
            "SIP/2.0/UDP b.example;branch=z9hG4bK2",
            "UDP",
            Host::Domain("b.example")
        )
    );
    assert_eq!(vs[1].params().as_str(), ";branch=z9hG4bK2");
    let v: Via<'_> = one(KnownHeader::Via, "sip/2.0/tls h");
    assert_eq!(
        (v.protocol(), v.version(), v.transport()),
        ("sip", "2.0", "tls")
    );
    let v: Via<'_> = one(KnownHeader::Via, "SIP/2.1/UDP h");
    assert_eq!(v.version(), "2.1");
    assert_eq!(vs[1].branch(), Some("z9hG4bK2"));
    // The first branch wins, as a walk of the parameters finds it.
    let v: Via<'_> = one(
        KnownHeader::Via,
        "SIP/2.0/UDP h;BRANCH=z9hG4bK1;branch=z9hG4bK2",
    );
    assert_eq!(v.branch(), Some("z9hG4bK1"));
    assert_eq!(v.branch(), v.params().value("branch"));
    let v: Via<'_> = one(KnownHeader::Via, "SIP/2.0/UDP h;rport");
    assert_eq!(v.branch(), None);
    for bad in [
        "SIP/2.0 host",
        "SIP/2.0/UDP",
        "SIP/2.0/UDP host;ttl=256",
        "SIP/2.0/UDP host;received=example.com",
        "SIP/2.0/UDP host;rport=x",
        "SIP/2.0/UDP host;branch",
        "SIP/2.0/UDP host;branch=z9hG4bK:1",
        "SIP/2.0/UDP host;branch=[::1]",
        "SIP/2.0/UDP host,",
        "SIP/2.0/UDP host:99999",
    ] {
        fails::<Via<'_>>(KnownHeader::Via, bad);
    }
}

#[test]
fn from_to_forms() {
    let a: Address<'_> = one(
        KnownHeader::From,
        "\"李雷 \\\"Li Lei\\\"\" <sip:+8613912345678@example.com;user=phone>;tag=a6c85cf",
    );
    assert_eq!(a.display_name_unquoted().unwrap(), "李雷 \"Li Lei\"");
    assert_eq!(a.tag(), Some("a6c85cf"));
    assert!(a.is_bracketed());
    let Uri::Sip(u) = a.uri() else { panic!() };
    assert_eq!(u.user_param(), Some("phone"));
    let a: Address<'_> = one(KnownHeader::To, "Bob Smith <sip:bob@example.com>");
    assert_eq!(a.display_name(), Some("Bob Smith"));
    // Display names and parameters are offsets into each element's own text.
    let r: Vec<Address<'_>> = all(
        KnownHeader::Route,
        "\"A\" <sip:a@h;lr>;x=1 , B <sip:b@h>;y, <sip:c@h>",
    );
    let parts: Vec<_> = r
        .iter()
        .map(|a| (a.display_name(), a.uri().as_str(), a.params().as_str()))
        .collect();
    assert_eq!(
        parts,
        [
            (Some("\"A\""), "sip:a@h;lr", ";x=1"),
            (Some("B"), "sip:b@h", ";y"),
            (None, "sip:c@h", "")
        ]
    );
    assert!(format!("{:?}", r[1]).contains("display_name: Some(\"B\")"));
    let a: Address<'_> = one(KnownHeader::To, "sip:bob@example.com;tag=1");
    assert!(!a.is_bracketed());
    assert_eq!(a.tag(), Some("1"));
    assert_eq!(a.uri().as_str(), "sip:bob@example.com");
    let a: Address<'_> = one(KnownHeader::To, "<sip:b@h>;Tag=1;tag=2");
    assert_eq!(a.tag(), Some("1"));
    // Outside From/To a tag may be valueless; the first one still decides.
    let a: Address<'_> = one(KnownHeader::Route, "<sip:b@h;lr>;tag;tag=2");
    assert_eq!(a.tag(), None);
    assert_eq!(a.tag(), a.params().value("tag"));
    let a: Address<'_> = one(KnownHeader::PAssertedIdentity, "<sip:b@h>");
    assert_eq!(a.tag(), None);
    for (text, secure) in [
        ("<SIPS:b@h>", true),
        ("<Sip:b@h>", false),
        ("<sIpS:b@h>", true),
    ] {
        let a: Address<'_> = one(KnownHeader::To, text);
        let Uri::Sip(u) = a.uri() else {
            panic!("{text}")
        };
        assert_eq!(u.is_secure(), secure, "{text}");
    }
    // The URI parser stops at the '>' of a name-addr; what follows is the header's.
    for (text, uri, tag) in [
        ("<sip:a@b>;tag=x", "sip:a@b", Some("x")),
        (
            "<sip:a@b?subject=hi>;tag=y",
            "sip:a@b?subject=hi",
            Some("y"),
        ),
        (
            "<tel:+1-212;phone-context=x>;tag=z",
            "tel:+1-212;phone-context=x",
            Some("z"),
        ),
        ("<tel:+123>", "tel:+123", None),
        ("<urn:uuid:f81d4fae>;tag=u", "urn:uuid:f81d4fae", Some("u")),
    ] {
        let a: Address<'_> = one(KnownHeader::To, text);
        assert_eq!((a.uri().as_str(), a.tag()), (uri, tag), "{text}");
        assert_eq!(Uri::parse(uri).unwrap(), a.uri(), "{text}");
    }
    for bad in [
        "<sip:a@b",
        "<sip:a@b c>",
        "<tel:+1>>",
        "<urn:>",
        "<sip:a@b;>",
        "<tel:12;x=1>",
    ] {
        fails::<Address<'_>>(KnownHeader::To, bad);
    }
    let a: Address<'_> = one(KnownHeader::To, "<tel:+8613800138000>");
    assert!(matches!(a.uri(), Uri::Tel(_)));
    for bad in [
        "\"unterminated <sip:a@b>",
        "Bell, Alexander <sip:a@b>",
        "< sip:a@b >",
        "<sip:a@b",
        "sip:a@b?x=1",
        "sip:a@b;tag",
        "sip:a@b;tag=\"q\"",
        "sip:a@b;tag=a:b",
        "<sip:a@b>;tag=x]",
        "sip:a@b, sip:c@d",
    ] {
        fails::<Address<'_>>(KnownHeader::From, bad);
    }
    // Host-shaped values are fine where a tag need not be a token, and in other parameters.
    let a: Address<'_> = one(KnownHeader::Route, "<sip:a@b>;tag=a:b;x=[2001:db8::1]");
    assert_eq!(
        (a.tag(), a.params().value("x")),
        (Some("a:b"), Some("[2001:db8::1]"))
    );
}

#[test]
fn contact_forms() {
    let cs: Vec<Contact<'_>> = all(
        KnownHeader::Contact,
        "<sip:alice@192.0.2.4;transport=tcp;ob>;expires=3600;q=0.7;+sip.instance=\"<urn:gsma:imei:35209900-176148-1>\";reg-id=1;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\";audio, sip:alice@host2.example",
    );
    assert_eq!(cs.len(), 2);
    let c = &cs[0];
    assert_eq!(c.expires(), Some(3600));
    assert_eq!(c.q(), Some(700));
    assert_eq!(
        c.sip_instance().unwrap(),
        "<urn:gsma:imei:35209900-176148-1>"
    );
    assert_eq!(c.reg_id(), Some(1));
    let tags: Vec<_> = c.feature_tags().map(|p| p.name).collect();
    assert_eq!(tags, vec!["+sip.instance", "+g.3gpp.icsi-ref", "audio"]);
    assert_eq!(
        c.params().value("+g.3gpp.icsi-ref"),
        Some("\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\""),
        "feature-tag values stay %-escaped as sent"
    );
    let c: Contact<'_> = one(KnownHeader::Contact, "<sip:a@b>;tag=x;tag=y");
    assert_eq!(c.address().unwrap().tag(), Some("x"));
    let star: Contact<'_> = one(KnownHeader::Contact, "*");
    assert!(star.is_wildcard());
    for bad in [
        "<sip:a@b>;q=1.5",
        "<sip:a@b>;q=0.1234",
        "<sip:a@b>;expires=4294967296",
        "<sip:a@b>;expires=x",
        "<sip:a@b>,",
    ] {
        fails::<Contact<'_>>(KnownHeader::Contact, bad);
    }
}

#[test]
fn content_type_and_accept() {
    // The `mime` crate refuses white space before ';', which SIP allows.
    let m: MediaType<'_> = one(KnownHeader::ContentType, "text/plain ; charset=utf-8");
    assert!(m.is("TEXT", "Plain"));
    assert_eq!(m.param("charset").unwrap(), "utf-8");
    assert_eq!(m.canonical(), "text/plain;charset=utf-8");
    let m: MediaType<'_> = one(
        KnownHeader::ContentType,
        "multipart/mixed;boundary=\"b o u n d\"",
    );
    assert_eq!(m.param("boundary").unwrap(), "b o u n d");
    let acc: Vec<MediaType<'_>> = all(KnownHeader::Accept, "application/sdp;q=0.9, text/*, */*");
    assert!(acc[1].matches("text", "html"));
    assert!(acc[2].matches("message", "cpim"));
    assert!(
        LineValues::<MediaType<'_>>::new(KnownHeader::Accept, "")
            .next()
            .is_none(),
        "empty Accept"
    );
    fails::<MediaType<'_>>(KnownHeader::ContentType, "text");
    fails::<MediaType<'_>>(KnownHeader::Accept, "*/sdp");
}

#[cfg(feature = "mime")]
#[test]
fn media_type_converts_to_mime() {
    let m: MediaType<'_> = one(KnownHeader::ContentType, "text/plain ; charset=utf-8");
    assert_eq!(m.to_mime().unwrap().essence_str(), "text/plain");
}

#[test]
fn scalar_headers() {
    let c: CSeq<'_> = one(KnownHeader::CSeq, "2147483647 INVITE");
    assert_eq!((c.seq(), c.method()), (2147483647, "INVITE"));
    fails::<CSeq<'_>>(KnownHeader::CSeq, "2147483648 INVITE");
    fails::<CSeq<'_>>(KnownHeader::CSeq, "1INVITE");
    let n: Number = one(KnownHeader::MaxForwards, "0070");
    assert_eq!(n.get(), 70);
    fails::<Number>(KnownHeader::MaxForwards, "256");
    fails::<Number>(KnownHeader::ContentLength, "-1");
    let e: Seconds<'_> = one(KnownHeader::Expires, "4294967295");
    assert_eq!(e.value(), u32::MAX);
    fails::<Seconds<'_>>(KnownHeader::Expires, "4294967296");
    let r: Seconds<'_> = one(
        KnownHeader::RetryAfter,
        "18000 (in maintenance);duration=3600",
    );
    assert_eq!(r.comment(), Some("(in maintenance)"));
    assert_eq!(r.params().value("duration"), Some("3600"));
    let s: Seconds<'_> = one(KnownHeader::SessionExpires, "1800;refresher=uac");
    assert_eq!(s.refresher(), Some("uac"));
    let r: RAck<'_> = one(KnownHeader::RAck, "776656 1 INVITE");
    assert_eq!((r.rseq(), r.cseq(), r.method()), (776656, 1, "INVITE"));
    let id: CallId<'_> = one(KnownHeader::CallId, "a84b4c76e66710@pc33.atlanta.com");
    assert_eq!(id.as_str(), "a84b4c76e66710@pc33.atlanta.com");
    fails::<CallId<'_>>(KnownHeader::CallId, "a@");
    fails::<CallId<'_>>(KnownHeader::CallId, "a b");
    let d: SipDate<'_> = one(KnownHeader::Date, "Sat, 13 Nov 2010 23:29:00 GMT");
    assert_eq!(
        (d.year, d.month, d.day, d.hour, d.minute, d.second),
        (2010, 11, 13, 23, 29, 0)
    );
    fails::<SipDate<'_>>(KnownHeader::Date, "Fri, 01 Jan 2010 16:00:00 EST");
    fails::<SipDate<'_>>(KnownHeader::Date, "Foo, 01 Jan 2010 16:00:00 GMT");
    let w: WarningValue<'_> = one(
        KnownHeader::Warning,
        "301 isi.edu \"Incompatible network address type 'E.164'\"",
    );
    assert_eq!((w.code(), w.agent()), (301, "isi.edu"));
    assert_eq!(w.text(), "Incompatible network address type 'E.164'");
    fails::<WarningValue<'_>>(KnownHeader::Warning, "1812 overture \"In Progress\"");
}

#[test]
fn option_tags_and_tokens() {
    let tags: Vec<Token<'_>> = all(KnownHeader::Supported, "timer, 100rel,gruu , path");
    assert_eq!(
        tags.iter().map(|t| t.as_str()).collect::<Vec<_>>(),
        vec!["timer", "100rel", "gruu", "path"]
    );
    assert!(
        LineValues::<Token<'_>>::new(KnownHeader::Supported, "")
            .next()
            .is_none()
    );
    fails::<Token<'_>>(KnownHeader::Require, "");
    fails::<Token<'_>>(KnownHeader::Require, "a,,b");
    let d: Vec<Token<'_>> = all(KnownHeader::RequestDisposition, "proxy, recurse, parallel");
    assert_eq!(d.len(), 3);
}

#[test]
fn event_subscription_reason() {
    let e: TokenParams<'_> = one(KnownHeader::Event, "presence.winfo;id=1234");
    assert_eq!((e.value(), e.id()), ("presence.winfo", Some("1234")));
    let s: TokenParams<'_> = one(KnownHeader::SubscriptionState, "active;expires=600");
    assert_eq!(s.expires(), Some(600));
    fails::<TokenParams<'_>>(KnownHeader::SubscriptionState, "active;expires=soon");
    let r: Vec<TokenParams<'_>> = all(
        KnownHeader::Reason,
        "SIP ;cause=200 ;text=\"Call completed elsewhere\", Q.850;cause=16",
    );
    assert_eq!((r[0].value(), r[0].cause()), ("SIP", Some(200)));
    assert_eq!(r[0].text().unwrap(), "Call completed elsewhere");
    assert_eq!(r[1].cause(), Some(16));
}

#[test]
fn caller_preferences_rfc3841() {
    let a: FeaturePreference<'_> = one(
        KnownHeader::AcceptContact,
        "*;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\";require;explicit",
    );
    assert!(a.require() && a.explicit());
    assert_eq!(
        a.params().value("+g.3gpp.icsi-ref"),
        Some("\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\"")
    );
    let r: Vec<FeaturePreference<'_>> = all(
        KnownHeader::RejectContact,
        "*;actor=\"msg-taker\";video, *;automata",
    );
    assert_eq!(r.len(), 2);
    fails::<FeaturePreference<'_>>(KnownHeader::AcceptContact, "sip:a@b");
}

#[test]
fn ims_p_headers() {
    let ids: Vec<Address<'_>> = all(
        KnownHeader::PAssertedIdentity,
        "\"Li Lei\" <sip:+8613912345678@ims.example.com>, <tel:+8613912345678>",
    );
    assert_eq!(ids.len(), 2);
    assert!(matches!(ids[1].uri(), Uri::Tel(_)));
    let s: Vec<ServiceId<'_>> = all(
        KnownHeader::PAssertedService,
        "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session, urn:urn-7:3gpp-service.ims.icsi.mmtel",
    );
    assert_eq!(s[1].as_str(), "urn:urn-7:3gpp-service.ims.icsi.mmtel");
    fails::<ServiceId<'_>>(KnownHeader::PPreferredService, "sip:x");
    let p: Privacy<'_> = one(KnownHeader::Privacy, "id; header;user");
    assert_eq!(p.values().collect::<Vec<_>>(), vec!["id", "header", "user"]);
    assert!(p.contains("ID"));
    let a: TokenParams<'_> = one(
        KnownHeader::PAccessNetworkInfo,
        "3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=46000123456789ab;network-provided",
    );
    assert_eq!(a.value(), "3GPP-E-UTRAN-FDD");
    assert_eq!(
        a.params().value("utran-cell-id-3gpp"),
        Some("46000123456789ab")
    );
    let pau: Vec<Address<'_>> = all(
        KnownHeader::PAssociatedUri,
        "<sip:user1_public1@home1.net>, <sip:+1-212-555-1234@home1.net;user=phone>",
    );
    assert_eq!(pau.len(), 2);
    let cpid: Address<'_> = one(
        KnownHeader::PCalledPartyId,
        "<sip:user1-business@example.com>;param=1",
    );
    assert_eq!(cpid.params().value("param"), Some("1"));
    let cv: ParamsValue<'_> = one(
        KnownHeader::PChargingVector,
        "icid-value=\"AyretyU0dm+6O2IrT5tAFrbHLso=023551024\";orig-ioi=home1.net",
    );
    assert_eq!(cv.icid(), Some("\"AyretyU0dm+6O2IrT5tAFrbHLso=023551024\""));
    assert_eq!(cv.params().value("orig-ioi"), Some("home1.net"));
    let sc: Vec<TokenParams<'_>> = all(
        KnownHeader::SecurityClient,
        "ipsec-3gpp;alg=hmac-sha-1-96;ealg=aes-cbc;spi-c=3929102;spi-s=3929103;port-c=5066;port-s=5068;q=0.1, digest;d-qop=auth",
    );
    assert_eq!(sc[0].value(), "ipsec-3gpp");
    assert_eq!(sc[0].params().value("spi-c"), Some("3929102"));
    fails::<TokenParams<'_>>(KnownHeader::SecurityVerify, "ipsec-3gpp;q=2");
}

#[test]
fn rcs_conversation_identifiers() {
    for k in [
        KnownHeader::ContributionId,
        KnownHeader::ConversationId,
        KnownHeader::InReplyToContributionId,
    ] {
        let id: Identifier<'_> = one(k, "f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        assert_eq!(id.as_str(), "f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        fails::<Identifier<'_>>(k, "a b");
    }
    assert_eq!(
        KnownHeader::from_name(b"InReplyTo-Contribution-ID"),
        Some(KnownHeader::InReplyToContributionId)
    );
    assert_eq!(
        KnownHeader::from_name(b"In-Reply-To-Contribution-ID"),
        None,
        "RCC.07 spelling only"
    );
}

#[test]
fn authentication_headers() {
    let c: Auth<'_> = one(
        KnownHeader::WwwAuthenticate,
        "Digest realm=\"ims.mnc000.mcc460.3gppnetwork.org\", nonce=\"CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==\", algorithm=AKAv1-MD5, qop=\"auth,auth-int\"",
    );
    assert!(c.is_digest());
    assert_eq!(c.param("algorithm").unwrap(), "AKAv1-MD5");
    assert_eq!(c.param("qop").unwrap(), "auth,auth-int");
    let a: Auth<'_> = one(
        KnownHeader::Authorization,
        "Digest username=\"alice\", realm=\"atlanta.com\", nonce=\"84a4cc6f3082121f32b42a2187831a9e\", uri=\"sip:alice@atlanta.com\", response=\"7587245234b3434cc3412213e5f113a5432\", qop=auth, nc=00000001, cnonce=\"0a4f113b\"",
    );
    assert_eq!(a.param("nc").unwrap(), "00000001");
    let dbg = format!("{a:?}");
    assert!(
        !dbg.contains("7587245234b3434cc3412213e5f113a5432") && dbg.contains("<redacted>"),
        "{dbg}"
    );
    let info: Auth<'_> = one(
        KnownHeader::AuthenticationInfo,
        "nextnonce=\"47364c23432d2e131a5fb210812c\", qop=auth, rspauth=\"1a2b\"",
    );
    assert_eq!(info.scheme(), "");
    assert_eq!(info.param("qop").unwrap(), "auth");
    let other: Auth<'_> = one(
        KnownHeader::Authorization,
        "NoOneKnowsThisScheme opaque-data=here",
    );
    assert_eq!(other.scheme(), "NoOneKnowsThisScheme");
    fails::<Auth<'_>>(KnownHeader::Authorization, "Digest realm");
    fails::<Auth<'_>>(KnownHeader::Authorization, "Digest realm=\"x\",");
}

#[test]
fn info_uris_and_routes() {
    let i: Vec<InfoUri<'_>> = all(
        KnownHeader::CallInfo,
        "<http://wwww.example.com/alice/photo.jpg> ;purpose=icon, <http://www.example.com/alice/> ;purpose=info",
    );
    assert_eq!(i[0].params().value("purpose"), Some("icon"));
    let r: Vec<Address<'_>> = all(
        KnownHeader::Route,
        "<sip:p1.example.com;lr>,<sip:p2.example.com;lr>",
    );
    assert_eq!(r.len(), 2);
    let Uri::Sip(u) = r[1].uri() else { panic!() };
    assert!(u.params().contains("lr"));
}

#[test]
fn split_values_respects_quotes_brackets_comments() {
    let msg = b"OPTIONS sip:a@b.example SIP/2.0\r\nX-List: \"a, b\" <sip:c@d.example;x=1,2>, (x, y) z, w\r\n\r\n";
    let m = Message::parse(msg).unwrap();
    let parts: Vec<_> = m.header("X-List").unwrap().split_values().collect();
    assert_eq!(
        parts,
        vec!["\"a, b\" <sip:c@d.example;x=1,2>", "(x, y) z", "w"]
    );
}

#[test]
fn folded_values_read_as_one_space() {
    let msg = b"OPTIONS sip:a@b.example SIP/2.0\r\nSubject: one\r\n \t two \r\n\tthree\r\nTo: \"A\r\n B\" <sip:a@b.example>\r\n\r\n";
    let m = Message::parse(msg).unwrap();
    assert_eq!(
        m.header("subject").unwrap().unfolded_value(),
        "one two  three"
    );
    assert_eq!(
        m.header("Subject").unwrap().value(),
        "one\r\n \t two \r\n\tthree"
    );
    assert_eq!(
        m.to_header()
            .unwrap()
            .unwrap()
            .display_name_unquoted()
            .unwrap(),
        "A B"
    );
}

#[test]
fn errors_say_what_and_where() {
    let msg = b"INVITE sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCSeq: x INVITE\r\n\r\n";
    let m = Message::parse(msg).unwrap();
    let e = m.cseq().unwrap().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidNumber);
    assert_eq!(e.field(), Some("CSeq"));
    assert_eq!((e.line(), e.column()), (3, 7));
    assert_eq!(
        e.to_string(),
        "invalid or overflowing number in CSeq at 3:7"
    );
    let e =
        Message::parse(b"INVITE sip:a@b.example SIP/2.0\r\nVia SIP/2.0/UDP h\r\n\r\n").unwrap_err();
    assert_eq!(
        (e.kind(), e.line(), e.column()),
        (ErrorKind::MissingColon, 2, 5)
    );
    let e = Message::parse(b"INVITE sip:a@b.example SIP/2.0\r\nVia: x\r\n").unwrap_err();
    assert!(e.is_incomplete());
    let e = Message::parse(b"INVITE sip:a@b.example SIP/2.0\r\nX: \xff\r\n\r\n").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidUtf8, 35));
    let e = Message::parse(b"INVITE sip:a@b.example SIP/2.0\r\nX: a\x00b\r\n\r\n").unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::InvalidHeaderValue, 36));
    let e = Message::parse(b"INVITE sip:a@b.example SIP/2.0\r\nX: a\rb\r\n\r\n").unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidLineEnding);
}

#[test]
fn limits_are_enforced() {
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_headers = 2;
    let msg = b"OPTIONS sip:a@b.example SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
    let e = Message::parse_with(msg, &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::HeaderCount));
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_line_length = 10;
    let e = Message::parse_with(
        b"OPTIONS sip:a@b.example SIP/2.0\r\nSubject: a long subject\r\n\r\n",
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::LineLength));
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_body_size = 3;
    let e = Message::parse_with(
        b"OPTIONS sip:a@b.example SIP/2.0\r\nl: 4\r\n\r\nabcd",
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::BodySize));
    let mut opts = ParseOptions::new();
    opts.limits_mut().max_message_size = 10;
    let e = Message::parse_with(b"OPTIONS sip:a@b.example SIP/2.0\r\n\r\n", &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::MessageSize));
    let e = Message::parse_datagram(b"OPTIONS sip:a@b.example SIP/2.0\r\n\r\n", &opts).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::MessageSize));
}

#[test]
fn datagram_and_websocket_framing() {
    let two = b"OPTIONS sip:a@b.example SIP/2.0\r\nl: 0\r\n\r\nGARBAGE";
    let m = Message::parse_datagram(two, &ParseOptions::new()).unwrap();
    assert_eq!(m.warnings(), &[Warning::TrailingBytesDiscarded { len: 7 }]);
    assert_eq!(
        Message::parse(two).unwrap_err().kind(),
        ErrorKind::TrailingBytes
    );
    let short = b"OPTIONS sip:a@b.example SIP/2.0\r\nl: 10\r\n\r\nabc";
    assert_eq!(
        Message::parse_datagram(short, &ParseOptions::new())
            .unwrap_err()
            .kind(),
        ErrorKind::BodyTruncated
    );
    assert!(Message::parse(short).unwrap_err().is_incomplete());
    let ws = b"MESSAGE sip:a@b.example SIP/2.0\r\nc: text/plain\r\n\r\nhi";
    assert_eq!(
        Message::parse_websocket(ws, &ParseOptions::new())
            .unwrap()
            .body(),
        b"hi"
    );
}

#[test]
fn response_to_copies_what_rfc3261_8_2_6_says() {
    let req = MessageBuilder::request("INVITE", "sip:bob@example.com")
        .header(KnownHeader::Via, "SIP/2.0/TCP a.example;branch=z9hG4bK1")
        .header(KnownHeader::Via, "SIP/2.0/TCP b.example;branch=z9hG4bK2")
        .header(KnownHeader::RecordRoute, "<sip:p.example;lr>")
        .header(KnownHeader::From, "<sip:alice@example.com>;tag=1")
        .header(KnownHeader::To, "<sip:bob@example.com>")
        .header(KnownHeader::CallId, "c@a")
        .header(KnownHeader::CSeq, "1 INVITE")
        .header(KnownHeader::Subject, "not copied")
        .build()
        .unwrap();
    let ring = MessageBuilder::response_to(&req, 180, "Ringing", Some("t9"))
        .build()
        .unwrap();
    assert_eq!(ring.vias().count(), 2);
    assert_eq!(ring.record_routes().count(), 1);
    assert_eq!(ring.to_header().unwrap().unwrap().tag(), Some("t9"));
    assert!(ring.header("Subject").is_none());
    let trying = MessageBuilder::response_to(&req, 100, "Trying", Some("t9"))
        .build()
        .unwrap();
    assert_eq!(
        trying.to_header().unwrap().unwrap().tag(),
        None,
        "no To tag on 100"
    );
    assert_eq!(trying.record_routes().count(), 0);
    // Builder refuses header injection and bad pieces.
    let refused = |b: MessageBuilder| b.build().unwrap_err().piece().to_string();
    assert_eq!(
        refused(MessageBuilder::request("IN VITE", "sip:a@b")),
        "request line"
    );
    assert_eq!(
        refused(MessageBuilder::request("INVITE", "sip:a@b?x=1")),
        "request line"
    );
    assert_eq!(refused(MessageBuilder::response(99, "x")), "status line");
    let b = MessageBuilder::request("INVITE", "sip:a@b");
    assert_eq!(
        refused(b.clone().raw_header("X-A", "a\r\nVia: evil")),
        "X-A"
    );
    assert_eq!(
        refused(b.clone().header(KnownHeader::Via, "not a via")),
        "Via"
    );
    assert_eq!(
        refused(b.clone().header(KnownHeader::ContentLength, "5")),
        "Content-Length"
    );
    assert_eq!(refused(b.clone().raw_header("Bad Name", "x")), "Bad Name");
    // The first refusal is kept; later pieces do not replace it.
    let two = b
        .clone()
        .header(KnownHeader::CSeq, "x")
        .header(KnownHeader::Via, "not a via");
    assert_eq!(two.refused().map(|e| e.piece()), Some("CSeq"));
    assert_eq!(refused(two.header(KnownHeader::MaxForwards, "70")), "CSeq");
    // A To tag that is not a token is refused, not split into a tag and a parameter.
    let req = b
        .clone()
        .header(KnownHeader::To, "<sip:b@h>")
        .build()
        .unwrap();
    assert_eq!(
        refused(MessageBuilder::response_to(&req, 200, "OK", Some("a;b"))),
        "To"
    );
    assert!(b.build().is_ok());
}

#[cfg(feature = "serde")]
#[test]
fn serde_output() {
    use serde_json::json;
    let raw = b"REGISTER sip:ims.example.com SIP/2.0\r\nv: SIP/2.0/TCP [2001:db8::1];branch=z9hG4bK1;rport;alias\r\nAuthorization: Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:ims.example.com\", response=\"d37c644c60d6dde8492926a53b847822\"\r\nX-Folded: a\r\n b\r\nl: 0\r\n\r\n";
    let m = Message::parse(raw).unwrap();
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(
        (
            &j["kind"],
            &j["method"],
            &j["uri"],
            &j["status"],
            &j["version"]
        ),
        (
            &json!("request"),
            &json!("REGISTER"),
            &json!("sip:ims.example.com"),
            &json!(null),
            &json!("SIP/2.0")
        )
    );
    let via = &j["headers"][0];
    assert_eq!(
        (&via["name"], &via["raw_name"]),
        (&json!("Via"), &json!("v"))
    );
    assert_eq!(
        via["typed"][0],
        json!({"type": "via", "protocol": "SIP", "version": "2.0", "transport": "TCP",
            "host": "[2001:db8::1]", "port": null, "branch": "z9hG4bK1", "received": null,
            "rport": true, "params": [{"name": "branch", "value": "z9hG4bK1"},
            {"name": "rport", "value": null}, {"name": "alias", "value": null}]})
    );
    let auth = j["headers"][1]["typed"][0].to_string();
    assert!(
        auth.contains("<redacted>") && !auth.contains("d37c644c"),
        "{auth}"
    );
    // An unknown header: its value unfolded, no typed form; the name as sent only when it
    // differs from the canonical one.
    assert_eq!(j["headers"][2], json!({"name": "X-Folded", "value": "a b"}));
    assert_eq!(
        j["headers"][3]["typed"],
        json!([{"type": "number", "value": 0}])
    );
    assert_eq!(
        (
            &j["body"],
            &j["body_base64"],
            &j["body_length"],
            &j["warnings"]
        ),
        (&json!(""), &json!(null), &json!(0), &json!([]))
    );
    // A body that is not UTF-8 comes as base64; a header that does not read says why.
    let m = Message::parse(b"SIP/2.0 200 OK\r\nCSeq: x\r\nContent-Length: 3\r\n\r\n\xff\xfe\x00")
        .unwrap();
    let j = serde_json::to_value(&m).unwrap();
    assert_eq!(
        (
            &j["kind"],
            &j["status"],
            &j["reason"],
            &j["body"],
            &j["body_base64"]
        ),
        (
            &json!("response"),
            &json!(200),
            &json!("OK"),
            &json!(null),
            &json!("//4A")
        )
    );
    assert_eq!(j["headers"][0]["typed"], json!([]));
    assert!(j["headers"][0]["error"].as_str().unwrap().contains("CSeq"));
    // URIs and hosts are their text.
    let u = serde_json::to_value(Uri::parse("sip:alice@h:5;x=1?a=b").unwrap()).unwrap();
    assert_eq!(u, json!("sip:alice@h:5;x=1?a=b"));
    // Every typed form, by a header of each.
    let cases: &[(KnownHeader, &str, serde_json::Value)] = &[
        (
            KnownHeader::From,
            "\"A \\\"x\\\"\" <sip:a@h>;tag=1",
            json!({"type": "address", "uri": "sip:a@h", "scheme": "sip", "display_name": "A \"x\"",
                "params": [{"name": "tag", "value": "1"}], "tag": "1"}),
        ),
        (
            KnownHeader::Contact,
            "*",
            json!({"type": "contact", "wildcard": true}),
        ),
        (
            KnownHeader::Contact,
            "<sip:a@h>;expires=60;q=0.5;+sip.instance=\"<urn:uuid:1>\";reg-id=2",
            json!({"type": "contact", "wildcard": false, "uri": "sip:a@h", "display_name": null,
                "params": [{"name": "expires", "value": "60"}, {"name": "q", "value": "0.5"},
                    {"name": "+sip.instance", "value": "\"<urn:uuid:1>\""}, {"name": "reg-id", "value": "2"}],
                "expires": 60, "q": 0.5, "sip_instance": "<urn:uuid:1>", "reg_id": 2}),
        ),
        (
            KnownHeader::CSeq,
            "4 MESSAGE",
            json!({"type": "cseq", "seq": 4, "method": "MESSAGE"}),
        ),
        (
            KnownHeader::RAck,
            "1 2 INVITE",
            json!({"type": "rack", "rseq": 1, "cseq": 2, "method": "INVITE"}),
        ),
        (
            KnownHeader::CallId,
            "a@b",
            json!({"type": "call-id", "value": "a@b"}),
        ),
        (
            KnownHeader::ContentType,
            "text/plain;charset=UTF-8",
            json!({"type": "media-type", "media_type": "text", "subtype": "plain",
                "params": [{"name": "charset", "value": "UTF-8"}]}),
        ),
        (
            KnownHeader::Supported,
            "gruu",
            json!({"type": "token", "value": "gruu"}),
        ),
        (
            KnownHeader::Event,
            "conference;id=7",
            json!({"type": "token-params", "value": "conference", "params": [{"name": "id", "value": "7"}]}),
        ),
        (
            KnownHeader::RetryAfter,
            "30 (busy);duration=5",
            json!({"type": "seconds", "value": 30, "comment": "(busy)", "params": [{"name": "duration", "value": "5"}]}),
        ),
        (
            KnownHeader::MaxForwards,
            "70",
            json!({"type": "number", "value": 70}),
        ),
        (
            KnownHeader::Date,
            "Sat, 13 Nov 2010 23:29:00 GMT",
            json!({"type": "date", "value": "2010-11-13T23:29:00Z"}),
        ),
        (
            KnownHeader::Warning,
            "399 h \"x\"",
            json!({"type": "warning", "code": 399, "agent": "h", "text": "\"x\""}),
        ),
        (
            KnownHeader::AcceptContact,
            "*;+g.oma.sip-im",
            json!({"type": "feature-preference", "params": [{"name": "+g.oma.sip-im", "value": null}]}),
        ),
        (
            KnownHeader::PPreferredService,
            "urn:urn-7:3gpp-service.ims.icsi.mmtel",
            json!({"type": "service-id", "value": "urn:urn-7:3gpp-service.ims.icsi.mmtel"}),
        ),
        (
            KnownHeader::Privacy,
            "id;header",
            json!({"type": "privacy", "value": ["id", "header"]}),
        ),
        (
            KnownHeader::PChargingVector,
            "icid-value=1",
            json!({"type": "params", "params": [{"name": "icid-value", "value": "1"}]}),
        ),
        (
            KnownHeader::CallInfo,
            "<http://h/i.png>;purpose=icon",
            json!({"type": "info-uri", "uri": "http://h/i.png", "params": [{"name": "purpose", "value": "icon"}]}),
        ),
        (
            KnownHeader::ConversationId,
            "c1",
            json!({"type": "identifier", "value": "c1"}),
        ),
        (
            KnownHeader::Identity,
            "eyJhbGc.eyJh.c2ln;info=<https://cert.example.org/p.cer>;alg=ES256;ppt=shaken",
            json!({"type": "identity", "digest": "eyJhbGc.eyJh.c2ln", "info": "https://cert.example.org/p.cer",
                "alg": "ES256", "ppt": "shaken", "params": [{"name": "info", "value": "<https://cert.example.org/p.cer>"},
                    {"name": "alg", "value": "ES256"}, {"name": "ppt", "value": "shaken"}]}),
        ),
    ];
    // A validation finding: a stable kind, its words, where, and the status.
    let m = Message::parse(b"MESSAGE sip:h SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n").unwrap();
    let report = m.validate();
    let p = report
        .problems
        .iter()
        .find(|p| p.kind == rcs_sip::ProblemKind::CSeqMethodMismatch)
        .unwrap();
    assert_eq!(
        serde_json::to_value(p).unwrap(),
        json!({"severity": "error", "kind": "cseq-method-mismatch",
            "description": "CSeq method differs from the request method", "detail": null,
            "header": "CSeq", "offset": p.offset, "status": 400})
    );
    for (kind, value, expected) in cases {
        let raw = format!(
            "OPTIONS sip:h SIP/2.0\r\n{}: {value}\r\n\r\n",
            kind.as_str()
        );
        let m = Message::parse(raw.as_bytes()).unwrap();
        let j = serde_json::to_value(&m).unwrap();
        assert_eq!(&j["headers"][0]["typed"][0], expected, "{kind:?} {value}");
    }
    let e = Message::parse(b"X").unwrap_err();
    assert_eq!(serde_json::to_value(e).unwrap()["kind"], "Incomplete");
}

#[test]
fn typed_builder_setters() {
    let m = MessageBuilder::request("MESSAGE", "sip:bob@example.com")
        .via("TLS", "[2001:db8::1]", Some(5061), "z9hG4bKx1", true)
        .max_forwards(70)
        .from(Some("李 \"雷\""), "sip:alice@example.com", "a1")
        .to(None, "tel:+8613800138000", None)
        .call_id("c@h")
        .cseq(7, "MESSAGE")
        .contact("sip:alice@198.51.100.7;transport=tls", ";expires=600")
        .content_type("text", "plain;charset=UTF-8")
        .body("hi")
        .build()
        .unwrap();
    let via = m.vias().next().unwrap().unwrap();
    assert_eq!(
        (via.transport(), via.port(), via.branch(), via.rport()),
        ("TLS", Some(5061), Some("z9hG4bKx1"), Some(None))
    );
    assert_eq!(
        m.from_header()
            .unwrap()
            .unwrap()
            .display_name_unquoted()
            .unwrap(),
        "李 \"雷\""
    );
    assert_eq!(m.cseq().unwrap().unwrap().seq(), 7);
    assert_eq!(m.contacts().next().unwrap().unwrap().expires(), Some(600));
    assert!(m.validate().is_clean(), "{:?}", m.validate());
    assert!(
        MessageBuilder::request("MESSAGE", "sip:b@e.com")
            .cseq(1 << 31, "MESSAGE")
            .build()
            .is_err()
    );
    assert!(
        MessageBuilder::request("MESSAGE", "sip:b@e.com")
            .via("UDP", "bad host", None, "z9hG4bK1", false)
            .build()
            .is_err()
    );
}

#[test]
fn first_and_values_accept_the_same_list_values() {
    // `first()` takes a direct path for speed; it must still refuse what `values()` refuses.
    let raw = b"OPTIONS sip:b@example.com SIP/2.0\r\nContact: <sip:a@example.com> ,\r\nContent-Length: 0\r\n\r\n";
    let m = Message::parse(raw).unwrap();
    let first = m
        .first::<Contact<'_>>(KnownHeader::Contact)
        .unwrap()
        .unwrap_err();
    let listed = m
        .values::<Contact<'_>>(KnownHeader::Contact)
        .next()
        .unwrap()
        .unwrap_err();
    assert_eq!(first.kind(), ErrorKind::InvalidHeaderSyntax);
    assert_eq!(first.offset(), listed.offset());
    assert_eq!(first.field(), Some("Contact"));
    assert_eq!(first.line(), 2);

    // A well-formed list still gives its first element.
    let raw = b"OPTIONS sip:b@example.com SIP/2.0\r\nContact: <sip:a@example.com>, <sip:c@example.com>\r\nContent-Length: 0\r\n\r\n";
    let m = Message::parse(raw).unwrap();
    let c = m
        .first::<Contact<'_>>(KnownHeader::Contact)
        .unwrap()
        .unwrap();
    assert_eq!(c.as_str(), "<sip:a@example.com>");
}

#[test]
fn route_like_headers_take_name_addr_only() {
    let name_addr_only = [
        KnownHeader::Route,
        KnownHeader::RecordRoute,
        KnownHeader::Path,
        KnownHeader::ServiceRoute,
        KnownHeader::PAssociatedUri,
        KnownHeader::PCalledPartyId,
    ];
    for kind in name_addr_only {
        let a: Address<'_> = one(kind, "<sip:p1.example.com;lr>");
        assert_eq!(a.uri().as_str(), "sip:p1.example.com;lr", "{kind:?}");
        let e = fails::<Address<'_>>(kind, "sip:p1.example.com;lr");
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::InvalidNameAddr, 0),
            "{kind:?}"
        );
        // The second element of a list, bare: refused where it starts.
        if kind.is_list() {
            let e = fails::<Address<'_>>(kind, "<sip:p1.example.com;lr>, sip:p2.example.com");
            assert_eq!(
                (e.kind(), e.offset()),
                (ErrorKind::InvalidNameAddr, 25),
                "{kind:?}"
            );
        }
    }
    // Where the grammar allows addr-spec, it still parses.
    for kind in [
        KnownHeader::From,
        KnownHeader::To,
        KnownHeader::ReplyTo,
        KnownHeader::ReferTo,
        KnownHeader::PAssertedIdentity,
    ] {
        let a: Address<'_> = one(kind, "sip:alice@example.com");
        assert_eq!(a.uri().as_str(), "sip:alice@example.com", "{kind:?}");
    }
}

/// RFC 8224 §4.1: `Identity: digest;info=<absoluteURI>[;alg=..][;ppt=..][;ext]`.
#[test]
fn identity_rfc8224() {
    // A STIR/SHAKEN PASSporT (compact JWS: three base64url parts), as ATIS-1000074 sends it.
    let jws = "eyJhbGciOiJFUzI1NiIsInBwdCI6InNoYWtlbiIsInR5cCI6InBhc3Nwb3J0In0.eyJhdHRlc3QiOiJBIn0.MEUCIQ-_x";
    let v = format!("{jws};info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken");
    let id: IdentityValue<'_> = one(KnownHeader::Identity, &v);
    assert_eq!(id.digest(), jws);
    assert_eq!(
        id.info().unwrap().to_string(),
        "https://cert.example.org/passport.cer"
    );
    assert_eq!(id.alg(), Some("ES256"));
    assert_eq!(id.ppt(), Some("shaken"));
    let names: Vec<_> = id.params().map(|p| p.name).collect();
    assert_eq!(names, ["info", "alg", "ppt"]);
    // RFC 8224's own form: base64 with '/', '+' and padding; info anywhere; quoted and
    // valueless extensions; a ';' inside the bracketed URI; spaces around separators.
    let v = "sv5CTo05KqpSmtHt3dcEi0/1CWT+Zt==;alg=ES256 ; info = <https://biloxi.example.org/c.cer;v=1>;x=\"a;b\";flag";
    let id: IdentityValue<'_> = one(KnownHeader::Identity, v);
    assert_eq!(id.digest(), "sv5CTo05KqpSmtHt3dcEi0/1CWT+Zt==");
    assert_eq!(
        id.info().unwrap().to_string(),
        "https://biloxi.example.org/c.cer;v=1"
    );
    let params: Vec<_> = id.params().map(|p| (p.name, p.value)).collect();
    assert_eq!(
        params,
        [
            ("alg", Some("ES256")),
            ("info", Some("<https://biloxi.example.org/c.cer;v=1>")),
            ("x", Some("\"a;b\"")),
            ("flag", None)
        ]
    );
    assert_eq!(id.param("x"), Some("a;b"));
    assert_eq!(id.param("flag"), Some(""));
    assert_eq!(id.param("ppt"), None);
    // RFC 4474's form: the digest alone, bare or quoted; the certificate is in Identity-Info.
    for v in ["r5mwreLuyDRY/0TiP+w==", "\"r5mwreLuyDRY/0TiP+w==\""] {
        let id: IdentityValue<'_> = one(KnownHeader::Identity, v);
        assert_eq!(id.digest(), "r5mwreLuyDRY/0TiP+w==");
        assert_eq!((id.info(), id.params().count()), (None, 0));
    }
    // Refused: info twice, info not bracketed, an info that is not an absolute URI, an empty
    // digest, a character outside base64/base64url in the digest, an empty value, an
    // unclosed bracket, a quoted digest that is not base64.
    for (bad, at) in [
        ("\"ab.c\"", 1),
        ("abc;info=<https://a/b>;info=<https://a/c>", 23),
        ("abc;info=https://a/b", 4),
        ("abc;info=<not a uri>", 10),
        (";info=<https://a/b>", 0),
        ("ab$c;info=<https://a/b>", 2),
        ("abc;info=<https://a/b>;alg=", 27),
        ("abc;info=<https://a/b", 10),
    ] {
        let e = LineValues::<IdentityValue<'_>>::new(KnownHeader::Identity, bad)
            .next()
            .unwrap()
            .unwrap_err();
        assert_eq!(e.offset(), at, "{bad}: {e}");
    }
    // A whole INVITE with it parses, and the header reads back through the message.
    let msg = format!(
        "INVITE sip:+12155551213@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
Identity: {jws};info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken\r\n\
Content-Length: 0\r\n\r\n"
    );
    let m = Message::parse(msg.as_bytes()).unwrap();
    let v: Vec<IdentityValue<'_>> = m
        .values(KnownHeader::Identity)
        .map(|r| r.unwrap())
        .collect();
    assert_eq!(v[0].ppt(), Some("shaken"));
}
