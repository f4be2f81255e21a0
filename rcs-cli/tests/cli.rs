//! End-to-end tests of the `rcs` binary: output shapes and exit statuses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::rcs;

const OPTIONS: &[u8] = b"OPTIONS sip:bob@example.com SIP/2.0\r\n\
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK74bf9\r\n\
Max-Forwards: 70\r\n\
f: \"Alice\" <sip:alice@example.com>;tag=9fxced76sl\r\n\
To: <sip:bob@example.com>\r\n\
Call-ID: 3848276298220188511@192.0.2.1\r\n\
CSeq: 63104 OPTIONS\r\n\
Content-Length: 0\r\n\r\n";

#[test]
fn the_sample_on_request_and_empty_stdin_refused() {
    // Empty piped input is an error upstream, not a request for the sample.
    let (code, out, err) = rcs(&["inspect"], b"");
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("no input on stdin"), "{err}");
    let (code, out, err) = rcs(&["inspect", "--sample"], b"");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("SIP request INVITE"), "{out}");
    assert!(out.contains("P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session"));
    assert!(out.contains("validate: 0 errors"));
}

#[test]
fn valid_message_exits_0_and_prints_typed_values() {
    let (code, out, _) = rcs(&["inspect", "-"], OPTIONS);
    assert_eq!(code, 0);
    assert!(
        out.contains("From: \"Alice\" <sip:alice@example.com>;tag=9fxced76sl (sent as f)"),
        "{out}"
    );
    assert!(out.contains("= cseq seq=63104 method=OPTIONS"));
    assert!(out.contains("= via SIP/2.0/UDP host=192.0.2.1 branch=z9hG4bK74bf9"));
}

#[test]
fn json_has_the_documented_shape() {
    let (code, out, _) = rcs(&["inspect", "--json", "-"], OPTIONS);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["protocol"], "sip");
    assert_eq!(v["kind"], "request");
    assert_eq!(v["method"], "OPTIONS");
    assert_eq!(v["uri"], "sip:bob@example.com");
    assert!(v["status"].is_null() && v["reason"].is_null());
    let headers = v["headers"].as_array().unwrap();
    assert_eq!(headers.len(), 7);
    assert_eq!(headers[2]["name"], "From");
    assert_eq!(headers[2]["raw_name"], "f");
    assert_eq!(headers[2]["typed"][0]["display_name"], "Alice");
    assert_eq!(headers[5]["typed"][0]["seq"], 63104);
    assert_eq!(v["body"], "");
    assert_eq!(v["problems"].as_array().unwrap().len(), 0);
}

/// `rcs inspect --json` is `{"protocol"}`, then the library's serde form of the value key for
/// key and in order, then the keys the command adds.
fn assert_library_form(protocol: &str, input: &[u8], library: serde_json::Value, added: &[&str]) {
    let (_, out, err) = rcs(&["inspect", "--json", "--as", protocol, "-"], input);
    let v: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let cli = v.as_object().unwrap();
    let library = library.as_object().unwrap();
    let keys: Vec<&String> = cli.keys().collect();
    let mut expected: Vec<&str> = vec!["protocol"];
    expected.extend(library.keys().map(String::as_str));
    expected.extend(added);
    assert_eq!(keys, expected, "{protocol}");
    assert_eq!(cli["protocol"], protocol);
    for (k, value) in library {
        assert_eq!(&cli[k], value, "{protocol}: {k}");
    }
}

#[test]
fn json_is_the_library_serde_form() {
    let invite = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/invite-chat.sip"
    ))
    .unwrap();
    for raw in [OPTIONS, &invite[..]] {
        let m = rcs_sip::Message::parse(raw).unwrap();
        let library = serde_json::to_value(&m).unwrap();
        assert_library_form(
            "sip",
            raw,
            library,
            &["sdp", "cpim", "problems", "body_errors"],
        );
    }
    let msrp = sample("msrp-send-cpim.msrp");
    let frame = rcs_msrp::Frame::parse(&msrp).unwrap();
    assert_library_form(
        "msrp",
        &msrp,
        serde_json::to_value(&frame).unwrap(),
        &["cpim", "problems"],
    );
    let body = &invite[invite.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4..];
    let sdp = rcs_sdp::Session::parse(body).unwrap();
    assert_library_form("sdp", body, serde_json::to_value(&sdp).unwrap(), &[]);
    let hex = "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07";
    let octets = rcs_base::hex::decode(hex.as_bytes()).unwrap();
    let tpdu = rcs_fallback::Tpdu::parse(&octets[8..]).unwrap();
    assert_library_form(
        "tpdu",
        hex.as_bytes(),
        serde_json::to_value(&tpdu).unwrap(),
        &["smsc", "framing"],
    );
    let smpp = "00000039000000040000000000004fe80001013430343034000101343439353133363139323000000000000001000000084024232125262f3a";
    let octets = rcs_base::hex::decode(smpp.as_bytes()).unwrap();
    let pdu = rcs_fallback::gateway::smpp::SmppPdu::parse(&octets).unwrap();
    assert_library_form(
        "smpp",
        smpp.as_bytes(),
        serde_json::to_value(&pdu).unwrap(),
        &[],
    );
    let cmpp = "000000670000000500000005b5256280000100003930303030310000000000000000000000000000000000000000000000000000000031333431323334303030300000000000000000000000125468697320697320612074657374204d4f2e0000000000000000";
    let octets = rcs_base::hex::decode(cmpp.as_bytes()).unwrap();
    let pdu = rcs_fallback::gateway::cmpp::CmppPdu::parse(
        &octets,
        rcs_fallback::gateway::cmpp::CmppVersion::V20,
    )
    .unwrap();
    assert_library_form(
        "cmpp",
        cmpp.as_bytes(),
        serde_json::to_value(&pdu).unwrap(),
        &[],
    );
    let cpim = sample("cpim-chat.cpim");
    let m = rcs_cpim::Message::parse(&cpim).unwrap();
    assert_library_form("cpim", &cpim, serde_json::to_value(&m).unwrap(), &[]);
}

#[test]
fn response_json() {
    let resp = b"SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/TCP 192.0.2.1;branch=z9hG4bKx\r\nFrom: <sip:a@b.example>;tag=1\r\nTo: <sip:c@d.example>;tag=2\r\nCall-ID: x\r\nCSeq: 2 INVITE\r\nContent-Length: 0\r\n\r\n";
    let (code, out, _) = rcs(&["inspect", "--json", "--as", "sip", "-"], resp);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "response");
    assert_eq!(v["status"], 486);
    assert_eq!(v["reason"], "Busy Here");
    assert!(v["method"].is_null());
}

#[test]
fn syntax_error_exits_1_with_line_and_column() {
    let bad = b"OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n";
    let (code, _, err) = rcs(&["inspect", "-"], bad);
    assert_eq!(code, 1);
    assert!(err.contains("invalid parameter in Via at 2:28"), "{err}");
    let (code, _, err) = rcs(
        &["inspect", "-"],
        b"OPTIONS  sip:bob@example.com SIP/2.0\r\n\r\n",
    );
    assert_eq!(code, 1);
    assert!(err.contains("at 1:9"), "{err}");
}

#[test]
fn semantic_error_exits_3() {
    let msg = String::from_utf8(OPTIONS.to_vec())
        .unwrap()
        .replace("CSeq: 63104 OPTIONS", "CSeq: 63104 INVITE");
    let (code, _, err) = rcs(&["inspect", "-"], msg.as_bytes());
    assert_eq!(code, 3);
    assert!(err.contains("CSeq method differs"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(rcs(&["inspect", "--nope"], b"").0, 2);
    assert_eq!(rcs(&["frobnicate"], b"").0, 2);
    assert_eq!(rcs(&[], b"").0, 2);
    assert_eq!(rcs(&["inspect", "--as", "xmpp", "-"], b"").0, 2);
    assert_eq!(rcs(&["inspect", "/nonexistent/file.sip"], b"").0, 2);
}

#[test]
fn undetectable_input_exits_1() {
    let (code, _, err) = rcs(&["inspect", "-"], b"GET / HTTP/1.1\r\n\r\n");
    assert_eq!(code, 1);
    assert!(err.contains("could not detect"), "{err}");
}

#[test]
fn bare_lf_needs_the_option() {
    let lf = String::from_utf8(OPTIONS.to_vec())
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(rcs(&["inspect", "-"], lf.as_bytes()).0, 1);
    let (code, out, _) = rcs(&["inspect", "--allow-bare-lf", "-"], lf.as_bytes());
    assert_eq!(code, 0);
    assert!(out.contains("parse warning: BareLf"));
}

const SDP: &[u8] = b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n\
m=message 7654 TCP/MSRP *\r\na=accept-types:message/cpim\r\na=path:msrp://192.0.2.1:7654/s1;tcp\r\na=setup:passive\r\n";

#[test]
fn sdp_is_detected_and_typed() {
    let (code, out, err) = rcs(&["inspect", "-"], SDP);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("SDP: 9 lines, 1 media"), "{out}");
    assert!(out.contains("= msrp path [\"msrp://192.0.2.1:7654/s1;tcp\"]"));
    let (code, out, _) = rcs(&["inspect", "--json", "--as", "sdp", "-"], SDP);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["protocol"], "sdp");
    assert_eq!(v["media"][0]["proto"], "TCP/MSRP");
    assert_eq!(
        v["media"][0]["msrp"]["path"][0],
        "msrp://192.0.2.1:7654/s1;tcp"
    );
    assert_eq!(v["media"][0]["msrp"]["setup"], "passive");
}

#[test]
fn sdp_errors_exit_1_with_the_line() {
    let bad = b"v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=message x TCP/MSRP *\r\n";
    let (code, _, err) = rcs(&["inspect", "-"], bad);
    assert_eq!(code, 1);
    assert!(err.contains("invalid m= line at 5:"), "{err}");
    let bad_attr =
        b"v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nt=0 0\r\nm=message 9 TCP/MSRP *\r\na=setup:eager\r\n";
    let (code, _, err) = rcs(&["inspect", "-"], bad_attr);
    assert_eq!(code, 1);
    assert!(err.contains(" at 6:"), "{err}");
}

#[test]
fn sip_body_is_decoded_as_sdp() {
    let (_, out, _) = rcs(&["inspect", "--json", "--sample"], b"");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["sdp"]["media"][0]["msrp"]["accept_types"][0],
        "message/cpim"
    );
    let (_, tree, _) = rcs(&["inspect", "--sample"], b"");
    assert!(tree.contains("SDP: 12 lines, 1 media"), "{tree}");
}

const MSRP: &[u8] = b"MSRP a786hjs2 SEND\r\nTo-Path: msrp://b.example:2855/s2;tcp\r\nFrom-Path: msrp://a.example:2855/s1;tcp\r\nMessage-ID: m1234\r\nByte-Range: 1-2/2\r\nContent-Type: text/plain\r\n\r\nhi\r\n-------a786hjs2$\r\nMSRP a786hjs2 200 OK\r\nTo-Path: msrp://a.example:2855/s1;tcp\r\nFrom-Path: msrp://b.example:2855/s2;tcp\r\n-------a786hjs2$\r\n";

#[test]
fn msrp_frames_are_detected_and_listed() {
    let (code, out, err) = rcs(&["inspect", "-"], MSRP);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("MSRP frame 1") && out.contains("MSRP frame 2 ") && out.contains("200 OK"),
        "{out}"
    );
    let (code, out, _) = rcs(&["inspect", "--json", "--as", "msrp", "-"], MSRP);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["method"], "SEND");
    assert_eq!(v[0]["byte_range"]["total"], 2);
    assert_eq!(v[0]["flag"], "$");
    assert_eq!(
        (&v[0]["body"], &v[0]["body_length"]),
        (&serde_json::json!("hi"), &serde_json::json!(2))
    );
    assert_eq!(v[1]["status"], 200);
    // Bare LF: refused unless asked for.
    let lf = String::from_utf8(MSRP.to_vec())
        .unwrap()
        .replace("\r\n", "\n");
    assert_eq!(rcs(&["inspect", "-"], lf.as_bytes()).0, 1);
    assert_eq!(
        rcs(&["inspect", "--allow-bare-lf", "-"], lf.as_bytes()).0,
        0
    );
    // A cut-off last frame is an error.
    let (code, _, err) = rcs(&["inspect", "-"], &MSRP[..MSRP.len() - 5]);
    assert_eq!(code, 1);
    assert!(err.contains("incomplete frame"), "{err}");
    // Frames are printed as they are decoded: the JSON array holds the whole frames before
    // the cut and stays valid.
    let (code, out, _) = rcs(&["inspect", "--json", "-"], &MSRP[..MSRP.len() - 5]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(1));
}

const SAMPLES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/samples");

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!("{SAMPLES}/{name}")).unwrap()
}

#[test]
fn cpim_is_detected_with_namespaces_resolved() {
    let (code, out, err) = rcs(&["inspect", "-"], &sample("cpim-chat.cpim"));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("CPIM message"), "{out}");
    assert!(
        out.contains("rcs.Message-ID: Uu7hG2k4R9pQ  [urn:ietf:params:imdn]"),
        "{out}"
    );
    assert!(out.contains("= IMDN requested: positive-delivery, display"));
    assert!(out.contains("| 你好，5G消息！"));
    let (code, out, _) = rcs(&["inspect", "--json", "-"], &sample("cpim-chat.cpim"));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["protocol"], "cpim");
    assert_eq!(v["headers"][3]["namespace"], "urn:ietf:params:imdn");
    assert_eq!(v["headers"][3]["prefix"], "rcs");
    assert_eq!(v["imdn"]["message_id"], "Uu7hG2k4R9pQ");
    assert_eq!(v["content"]["text"], "你好，5G消息！");
    // Forced, and broken.
    let (code, _, err) = rcs(
        &["inspect", "--as", "cpim", "-"],
        b"From: <im:a@b>\r\nx.Y: z\r\n\r\n\r\n",
    );
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("undeclared namespace prefix") || err.contains("error"),
        "{err}"
    );
}

#[test]
fn msrp_send_shows_its_cpim_and_text() {
    let (code, out, err) = rcs(&["inspect", "-"], &sample("msrp-send-cpim.msrp"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  CPIM message (325 bytes)"), "{out}");
    assert!(out.contains("    | 你好，5G消息！"), "{out}");
    let (_, out, _) = rcs(&["inspect", "--json", "-"], &sample("msrp-send-cpim.msrp"));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["protocol"], "msrp");
    assert_eq!(v["cpim"]["protocol"], "cpim");
    assert_eq!(v["cpim"]["content"]["type"], "text/plain");
    assert_eq!(v["cpim"]["content"]["text"], "你好，5G消息！");
}

#[test]
fn sip_message_shows_its_cpim_and_imdn() {
    let (code, out, err) = rcs(&["inspect", "-"], &sample("sip-message-cpim-imdn.sip"));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("  CPIM message (529 bytes)"), "{out}");
    assert!(out.contains("Content-Disposition: notification"));
    assert!(out.contains("<delivered/>"));
    let (_, out, _) = rcs(
        &["inspect", "--json", "-"],
        &sample("sip-message-cpim-imdn.sip"),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["cpim"]["imdn"]["message_id"], "Zx93kLm0aQ1b");
    assert_eq!(v["cpim"]["content"]["type"], "message/imdn+xml");
    assert!(
        v["cpim"]["content"]["text"]
            .as_str()
            .unwrap()
            .contains("<delivered/>")
    );
}

#[test]
fn imdn_inside_cpim_inside_sip_is_typed() {
    let (_, out, _) = rcs(
        &["inspect", "--json", "-"],
        &sample("sip-message-cpim-imdn.sip"),
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let doc = &v["cpim"]["content"]["document"];
    assert_eq!(doc["protocol"], "imdn");
    assert_eq!(doc["kind"], "delivery");
    assert_eq!(doc["status"], "delivered");
    assert_eq!(doc["message_id"], "Uu7hG2k4R9pQ");
    let (_, out, _) = rcs(&["inspect", "-"], &sample("sip-message-cpim-imdn.sip"));
    assert!(out.contains("= imdn "), "{out}");
    assert!(out.contains("status=delivered"), "{out}");
}

#[test]
fn bare_xml_documents_are_detected() {
    let imdn = b"<?xml version=\"1.0\"?>\n<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\"><message-id>m1</message-id><datetime>2026-11-21T09:30:02Z</datetime><display-notification><status><displayed/></status></display-notification></imdn>";
    let (code, out, err) = rcs(&["inspect", "--json", "-"], imdn);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["protocol"].as_str(), v["status"].as_str()),
        (Some("imdn"), Some("displayed"))
    );
    let composing = b"<isComposing xmlns=\"urn:ietf:params:xml:ns:im-iscomposing\"><state>idle</state></isComposing>";
    let (code, out, _) = rcs(&["inspect", "--json", "-"], composing);
    assert_eq!(code, 0);
    assert!(out.contains("\"state\":\"idle\""), "{out}");
    let (code, _, err) = rcs(&["inspect", "--as", "imdn", "-"], b"<imdn><x");
    assert_eq!(code, 1);
    assert!(err.contains("invalid XML at 1:"), "{err}");
}

#[test]
fn fthttp_documents_are_typed() {
    let doc = b"<?xml version=\"1.0\"?><file xmlns=\"urn:gsma:params:xml:ns:rcs:rcs:fthttp\"><file-info type=\"file\"><file-size>42</file-size><file-name>a.png</file-name><content-type>image/png</content-type><data url=\"https://ft.example/a\" until=\"2026-11-22T00:00:00Z\"/></file-info></file>";
    let (code, out, err) = rcs(&["inspect", "--json", "-"], doc);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["protocol"], "fthttp");
    assert_eq!(v["file"]["size"], 42);
    assert_eq!(v["file"]["url"], "https://ft.example/a");
}

#[test]
fn group_and_location_documents_are_typed() {
    let lists = b"<resource-lists xmlns=\"urn:ietf:params:xml:ns:resource-lists\" xmlns:cp=\"urn:ietf:params:xml:ns:copycontrol\"><list><entry uri=\"tel:+8613800000001\" cp:copyControl=\"to\"/></list></resource-lists>";
    let (code, out, err) = rcs(&["inspect", "--json", "-"], lists);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"copy_control\":\"to\""), "{out}");
    let conf = b"<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"sip:g@c\" state=\"full\" version=\"1\"><users><user entity=\"tel:+1\"><endpoint entity=\"tel:+1\"><status>connected</status></endpoint></user></users></conference-info>";
    let (code, out, _) = rcs(&["inspect", "--json", "-"], conf);
    assert_eq!(code, 0);
    assert!(out.contains("\"status\":\"connected\""), "{out}");
    // Subject and maximum-user-count beside service-uris are shown.
    let conf = b"<conference-info xmlns=\"urn:ietf:params:xml:ns:conference-info\" entity=\"sip:g@c\"><conference-description><subject>Team</subject><service-uris><entry><uri>sip:g@c</uri></entry></service-uris><maximum-user-count>50</maximum-user-count></conference-description></conference-info>";
    let (code, out, _) = rcs(&["inspect", "--json", "-"], conf);
    assert_eq!(code, 0);
    assert!(out.contains("\"subject\":\"Team\""), "{out}");
    assert!(out.contains("\"max_user_count\":50"), "{out}");
    let loc = b"<rcsenvelope xmlns=\"urn:gsma:params:xml:ns:rcs:rcs:geolocation\" xmlns:gp=\"urn:ietf:params:xml:ns:pidf:geopriv10\" xmlns:gml=\"http://www.opengis.net/gml\" entity=\"tel:+1\"><rcspushlocation id=\"a\"><gp:geopriv><gp:location-info><gml:Point><gml:pos>30.25 120.14</gml:pos></gml:Point></gp:location-info></gp:geopriv></rcspushlocation></rcsenvelope>";
    let (code, out, _) = rcs(&["inspect", "--json", "-"], loc);
    assert_eq!(code, 0);
    assert!(out.contains("\"latitude\":30.25"), "{out}");
}

/// A body that does not read as its declared type (SDP, CPIM; a whole body or a multipart
/// part) is a syntax error of the message, placed on the message's line.
#[test]
fn bodies_that_do_not_read_as_their_type_are_reported() {
    let head = "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n\
Max-Forwards: 70\r\nTo: <sip:bob@example.com>\r\nFrom: <sip:a@example.com>;tag=1\r\n\
Call-ID: x\r\nCSeq: 1 INVITE\r\nContact: <sip:a@h>\r\n";
    let sdp = "v=0\r\no=- 1 1 IN IP4 h\r\nbogus line\r\n";
    let msg = format!(
        "{head}Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{sdp}",
        sdp.len()
    );
    let (code, out, err) = rcs(&["inspect", "--json", "-"], msg.as_bytes());
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["sdp"], serde_json::Value::Null);
    let e = &v["body_errors"][0];
    assert_eq!(
        (e["type"].as_str(), e["line"].as_u64()),
        (Some("SDP"), Some(14))
    );
    assert!(
        err.contains("SDP body: line is not <type>=<value> at 3:1 (message line 14"),
        "{err}"
    );
    // In a multipart part, and a CPIM part beside a good SDP one.
    let body = String::from(
        "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\n\
--b\r\nContent-Type: message/cpim\r\n\r\nnot cpim at all\r\n--b--\r\n",
    );
    let msg = format!(
        "{head}Content-Type: multipart/mixed;boundary=b\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (code, out, err) = rcs(&["inspect", "--json", "-"], msg.as_bytes());
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let errors = v["body_errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0]["type"].as_str(), errors[0]["part"].as_u64()),
        (Some("CPIM"), Some(2))
    );
    // Nested parts are checked at any depth: a bad SDP two levels down, then a multipart
    // body that does not read (no closing delimiter), then nesting past the limit (4).
    let inner = "--c\r\nContent-Type: application/sdp\r\n\r\nnot sdp\r\n--c--\r\n";
    let body = format!(
        "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: multipart/mixed;boundary=c\r\n\r\n{inner}\r\n--b--\r\n"
    );
    let msg = format!(
        "{head}Content-Type: multipart/mixed;boundary=b\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (code, out, err) = rcs(&["inspect", "--json", "-"], msg.as_bytes());
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let e = &v["body_errors"][0];
    assert_eq!(
        (e["type"].as_str(), e["path"].as_str()),
        (Some("SDP"), Some("2.1")),
        "{e}"
    );
    assert!(err.contains("SDP body (part 2.1)"), "{err}");
    let body = "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n";
    let msg = format!(
        "{head}Content-Type: multipart/mixed;boundary=b\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let (code, out, err) = rcs(&["inspect", "--json", "-"], msg.as_bytes());
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["body_errors"][0]["type"], "multipart", "{v}");
    for (depth, want) in [(4, 0), (5, 1)] {
        let mut body = String::from("Content-Type: text/plain\r\n\r\nx");
        for level in (1..depth).rev() {
            body = format!(
                "Content-Type: multipart/mixed;boundary=b{level}\r\n\r\n--b{level}\r\n{body}\r\n--b{level}--\r\n"
            );
        }
        let body = format!("--b0\r\n{body}\r\n--b0--\r\n");
        let msg = format!(
            "{head}Content-Type: multipart/mixed;boundary=b0\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let (code, _, err) = rcs(&["inspect", "-"], msg.as_bytes());
        assert_eq!(code, want, "depth {depth}: {err}");
        if want == 1 {
            assert!(err.contains("multipart body (part 1.1.1.1)"), "{err}");
        }
    }
    // A good body: no errors, exit 0.
    let sdp = "v=0\r\no=- 1 1 IN IP4 h\r\ns=-\r\nc=IN IP4 h\r\nt=0 0\r\n";
    let msg = format!(
        "{head}Content-Type: application/sdp\r\nContent-Length: {}\r\n\r\n{sdp}",
        sdp.len()
    );
    let (code, out, _) = rcs(&["inspect", "--json", "-"], msg.as_bytes());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (code, v["body_errors"].as_array().map(Vec::len)),
        (0, Some(0))
    );
    assert!(v["sdp"].is_object());
}

/// MSRP frames that parse but break a header grammar or a method's rules are reported with
/// the status a receiver would answer; a header grammar broken is exit 1, others exit 3.
#[test]
fn msrp_problems_are_reported() {
    let frame = |headers: &str| {
        format!(
            "MSRP a786hjs2 SEND\r\nTo-Path: msrp://b.example.com:7654/jshA7we;tcp\r\n\
From-Path: msrp://a.example.com:12763/kjhd37s2s20w2a;tcp\r\n{headers}\
Content-Type: text/plain\r\n\r\nhello\r\n-------a786hjs2$\r\n"
        )
    };
    let (code, out, err) = rcs(
        &["inspect", "--json", "-"],
        frame("Message-ID: 87652491\r\nStatus: 200 OK\r\n").as_bytes(),
    );
    assert_eq!(code, 1, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["problems"][0]["header"], "Status");
    assert_eq!(v["problems"][0]["status"], 400);
    assert!(err.contains("invalid header value in Status"), "{err}");
    // A SEND without Message-ID: semantic (3).
    let (code, out, _) = rcs(&["inspect", "--json", "-"], frame("").as_bytes());
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["problems"][0]["kind"], "missing-header");
    assert_eq!(v["problems"][0]["description"], "missing mandatory header");
    // Clean.
    let (code, out, _) = rcs(
        &["inspect", "-"],
        frame("Message-ID: 87652491\r\n").as_bytes(),
    );
    assert_eq!(code, 0);
    assert!(!out.contains("error:"), "{out}");
}
