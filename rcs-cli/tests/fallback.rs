//! `rcs fallback sms`: the encoding, the segments and their bytes, as text and JSON.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::rcs;

fn json(args: &[&str], stdin: &[u8]) -> serde_json::Value {
    let (code, out, err) = rcs(args, stdin);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

#[test]
fn ascii_is_gsm7_with_packed_hex() {
    let v = json(&["fallback", "sms", "--json", "hellohello"], b"");
    assert_eq!(v["encoding"], "gsm7");
    assert_eq!(v["segments"], 1);
    // The textbook packing of "hellohello".
    assert_eq!(v["parts"][0]["hex"], "E8329BFD4697D9EC37");
    assert_eq!(
        (&v["unit"], &v["parts"][0]["length"]),
        (&serde_json::json!("septets"), &serde_json::json!(10))
    );
    assert_eq!(v["forced_by"], serde_json::json!([]));
}

#[test]
fn chinese_is_ucs2_and_says_why() {
    let text = "中".repeat(71);
    let v = json(&["fallback", "sms", "--json", &text], b"");
    assert_eq!(v["encoding"], "ucs2");
    assert_eq!(v["segments"], 2);
    assert_eq!(
        (&v["unit"], &v["parts"][0]["length"]),
        (&serde_json::json!("units"), &serde_json::json!(67))
    );
    // 8-bit concatenation element with the default reference 1: part 1 of 2.
    assert!(
        v["parts"][0]["hex"]
            .as_str()
            .unwrap()
            .starts_with("050003010201")
    );
    assert_eq!(v["forced_by"][0]["codepoint"], "U+4E2D");
    assert_eq!(v["forced_by"][0]["count"], 71);
}

#[test]
fn national_tables_only_when_allowed() {
    let text = "ğüşıöç ".repeat(12);
    let none = json(&["fallback", "sms", "--json", &text], b"");
    assert_eq!(
        (none["encoding"].as_str(), none["segments"].as_u64()),
        (Some("ucs2"), Some(2))
    );
    let tr = json(&["fallback", "sms", "--json", "--nls", "tr", &text], b"");
    assert_eq!(tr["encoding"], "gsm7-nls");
    assert_eq!(tr["segments"], 1);
    assert_eq!(tr["national"]["single_shift"], "turkish");
    // Header: UDHL 3, IE 0x24 (single shift), length 1, Turkish.
    assert!(
        tr["parts"][0]["hex"]
            .as_str()
            .unwrap()
            .starts_with("03240101")
    );
}

#[test]
fn stdin_text_drops_one_newline_and_text_form_prints_parts() {
    let (code, out, _) = rcs(
        &["fallback", "sms", "--ref", "66", "-"],
        b"Price: 5\xe2\x82\xac\n",
    );
    assert_eq!(code, 0);
    assert!(out.contains("encoding: gsm7"), "{out}");
    assert!(out.contains("part 1: 10 septets"), "{out}");
    assert!(out.contains("text: \"Price: 5€\""), "{out}");
}

#[test]
fn grapheme_split_keeps_the_family_together() {
    let text = format!("{}👨‍👩‍👧bbbbb", "a".repeat(64));
    let scalar = json(&["fallback", "sms", "--json", &text], b"");
    let grapheme = json(
        &["fallback", "sms", "--json", "--split", "grapheme", &text],
        b"",
    );
    assert_eq!(scalar["parts"][0]["length"], 67);
    assert_eq!(grapheme["parts"][0]["length"], 64);
}

#[test]
fn usage_errors() {
    for args in [
        &["fallback"][..],
        &["fallback", "mms", "x"],
        &["fallback", "sms"],
        &["fallback", "sms", "--nls", "klingon", "x"],
        &["fallback", "sms", "--concat", "12", "x"],
        &["fallback", "sms", "--ref", "70000", "x"],
    ] {
        let (code, _, err) = rcs(args, b"");
        assert_eq!(code, 2, "{args:?}: {err}");
    }
    let (code, out, _) = rcs(&["fallback", "sms", "--help"], b"");
    assert_eq!(code, 0);
    assert!(out.contains("--nls"));
    // `--to` is a phone number everywhere; the card's output kind is --target.
    let (code, _, err) = rcs(&["fallback", "card", "--to", "sms", "x.json"], b"");
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("unexpected argument '--to'"), "{err}");
}

#[test]
fn too_long_is_exit_1() {
    let text = "中".repeat(67 * 255 + 1);
    let (code, _, err) = rcs(&["fallback", "sms", &text], b"");
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("256 segments"), "{err}");
}

#[test]
fn tpdu_submit_per_part_and_inspect_reads_it_back() {
    let v = json(
        &[
            "fallback",
            "sms",
            "--json",
            "--tpdu",
            "submit",
            "--to",
            "+8613800138000",
            "你好😀",
        ],
        b"",
    );
    // The corpus vector corpus-submit-utf16-emoji, byte for byte.
    let tpdu = v["parts"][0]["tpdu"].as_str().unwrap();
    assert_eq!(tpdu, "01000D91683108108300F00008084F60597DD83DDE00");
    let back = json(&["inspect", "--as", "tpdu", "--json", "-"], tpdu.as_bytes());
    assert_eq!(back["type"], "submit");
    assert_eq!(
        back["destination"],
        serde_json::json!({"type_of_address": 145, "value": "8613800138000"})
    );
    assert_eq!(back["user_data"]["text"], "你好😀");
    // Without --to the TP-DA is empty: `01 00 00 81 …`.
    let v = json(&["fallback", "sms", "--json", "--tpdu", "submit", "x"], b"");
    assert!(
        v["parts"][0]["tpdu"]
            .as_str()
            .unwrap()
            .starts_with("01000081"),
        "{v}"
    );
    let back = json(
        &["inspect", "--as", "tpdu", "--json", "-"],
        v["parts"][0]["tpdu"].as_str().unwrap().as_bytes(),
    );
    assert_eq!(back["user_data"]["text"], "x");
}

#[test]
fn inspect_tpdu_with_smsc_and_binary_input() {
    // python-messaging's deliver with an SMSC address in front (PDU mode), as hex.
    let hex = "07911326040000F0040B911346610089F60000208062917314080CC8F71D14969741F977FD07";
    let v = json(&["inspect", "--as", "tpdu", "--json", "-"], hex.as_bytes());
    assert_eq!(v["type"], "deliver");
    assert_eq!(v["smsc"]["value"], "31624000000");
    assert_eq!(v["originator"]["value"], "31641600986");
    // The offset octet is a zero with the sign bit: RFC 3339's "unknown offset".
    assert_eq!(v["timestamp"], "2002-08-26T19:37:41-00:00");
    assert_eq!(v["framing"], "pdu-mode");
    assert_eq!(v["user_data"]["text"], "How are you?");
    // The same TPDU as binary, no SMSC; the text tree form.
    let bin: Vec<u8> = (16..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    let (code, out, _) = rcs(&["inspect", "--as", "tpdu", "-"], &bin);
    assert_eq!(code, 0);
    assert!(
        out.contains("type: deliver") && out.contains("text: How are you?"),
        "{out}"
    );
    let (code, _, err) = rcs(&["inspect", "--as", "tpdu", "-"], b"0440");
    assert_eq!(code, 1);
    assert!(err.contains("TP-OA"), "{err}");
}

#[test]
fn fold_when_it_saves_segments() {
    let text = "It’s “quoted” — and that’s all… ".repeat(4);
    let plain = json(&["fallback", "sms", "--json", &text], b"");
    assert_eq!(
        (plain["encoding"].as_str(), plain["segments"].as_u64()),
        (Some("ucs2"), Some(2))
    );
    let folded = json(&["fallback", "sms", "--json", "--fold", &text], b"");
    assert_eq!(
        (folded["encoding"].as_str(), folded["segments"].as_u64()),
        (Some("gsm7"), Some(1))
    );
    assert_eq!(folded["folded"][0]["codepoint"], "U+2019");
    assert_eq!(folded["folded"][0]["replacement"], "'");
}

#[test]
fn inspect_smpp_and_cmpp() {
    // cloudhopper's submit_sm: data_coding 0, read both ways.
    let submit = "00000039000000040000000000004fe80001013430343034000101343439353133363139323000000000000001000000084024232125262f3a";
    let v = json(
        &["inspect", "--as", "smpp", "--json", "-"],
        submit.as_bytes(),
    );
    assert_eq!(v["command"], "submit_sm");
    assert_eq!(
        v["body"]["short_message"]["destination"]["address"],
        "44951361920"
    );
    assert_eq!(v["text_latin1"], "@$#!%&/:");
    // Two PDUs in one stream: enquire_link and its response.
    let stream = "0000001000000015000000000a342ee70000001080000015000000000a342ee7";
    let v = json(
        &["inspect", "--as", "smpp", "--json", "-"],
        stream.as_bytes(),
    );
    assert_eq!(v[1]["command"], "enquire_link_resp");
    // gocmpp's CMPP 2.0 DELIVER: the text; read as 3.0 it does not fit, so as 2.0.
    let deliver = "000000670000000500000005b5256280000100003930303030310000000000000000000000000000000000000000000000000000000031333431323334303030300000000000000000000000125468697320697320612074657374204d4f2e0000000000000000";
    let v = json(
        &["inspect", "--as", "cmpp", "--json", "-"],
        deliver.as_bytes(),
    );
    assert_eq!(
        (v["version"].as_str(), v["text"].as_str()),
        (Some("2.0"), Some("This is a test MO."))
    );
    let (code, _, err) = rcs(
        &["inspect", "--as", "smpp", "-"],
        b"0000001000000015000000000a342e",
    );
    assert_eq!(code, 1, "{err}");
}

#[test]
fn card_fallbacks() {
    let corpus = rcs_testkit::corpus_dir("fallback");
    let Some(dir) = corpus else { return };
    let xml = dir.join("maap/outbound_with_fallback_example.xml");
    let xml = xml.to_str().unwrap();
    // The CSP's SMS text and UP 1.0 text win.
    let v = json(&["fallback", "card", "--json", xml], b"");
    assert_eq!(
        v["text"],
        "【示例】订单已发货，查看物流 https://example.com/o/123 拒收请回复R"
    );
    assert_eq!(v["notes"][0]["kind"], "csp-content");
    let v = json(
        &["fallback", "card", "--json", "--target", "text", xml],
        b"",
    );
    assert_eq!(v["text"], "订单已发货，查看物流：https://example.com/o/123");
    // An MMS from the card: the subject is the title, the image (not fetched) a link.
    let v = json(&["fallback", "card", "--json", "--target", "mms", xml], b"");
    assert!(v["mms_size"].as_u64().unwrap() > 200);
    assert!(
        v["text"]
            .as_str()
            .unwrap()
            .contains("https://example.com/p.jpg")
    );
    let mms = v["mms"].as_str().unwrap();
    let back = json(&["inspect", "--as", "mms", "--json", "-"], mms.as_bytes());
    assert_eq!(back["subject"], "订单已发货");
}

#[test]
fn card_from_chatbot_json() {
    let card = r#"{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"title":"Order shipped","description":"Track it below","suggestions":[{"action":{"displayText":"Track","urlAction":{"openUrl":{"url":"https://example.com/t/1"}}}},{"reply":{"displayText":"Thanks","postback":{"data":"ty"}}}]}}}}"#;
    let v = json(
        &["fallback", "card", "--json", "--signature", "Shop", "-"],
        card.as_bytes(),
    );
    assert_eq!(
        v["text"],
        "【Shop】Order shipped\nTrack it below\nTrack: https://example.com/t/1\n1. Thanks"
    );
    // 【】 are not GSM 7-bit: UCS-2, 75 units, two segments.
    assert_eq!(
        (v["encoding"].as_str(), v["segments"].as_u64()),
        (Some("ucs2"), Some(2))
    );
    let v = json(
        &[
            "fallback",
            "card",
            "--json",
            "--target",
            "smart-sms",
            "--signature",
            "Shop",
            "--link",
            "https://h5.example/c/9",
            "-",
        ],
        card.as_bytes(),
    );
    assert_eq!(v["text"], "【Shop】Order shipped https://h5.example/c/9");
    let (code, _, err) = rcs(
        &["fallback", "card", "--target", "smart-sms", "-"],
        card.as_bytes(),
    );
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("signature"));
}

#[test]
fn card_from_ctcu_request() {
    let req = r#"{"messageId":"m1","messageList":[{"contentType":"application/vnd.gsma.botmessage.v1.0+json","contentText":{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"title":"Hello","description":"World"}}}}}],"destinationAddress":["tel:+8613800138000"],"senderAddress":"sip:bot@example.com","smsSupported":true,"smsContent":"【示例】Hello World"}"#;
    let v = json(&["fallback", "card", "--json", "-"], req.as_bytes());
    assert_eq!(v["text"], "【示例】Hello World");
    assert_eq!(v["notes"][0]["kind"], "csp-content");
    let v = json(
        &["fallback", "card", "--json", "--target", "text", "-"],
        req.as_bytes(),
    );
    assert_eq!(v["text"], "Hello\nWorld");
}
