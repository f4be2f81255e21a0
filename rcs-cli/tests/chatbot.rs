//! `rcs inspect` and `rcs validate` on chatbot JSON: detection, nesting in CPIM, exit statuses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::rcs;

const CHIPS: &str = r#"{"suggestions":[{"reply":{"displayText":"是","postback":{"data":"yes"}}},{"action":{"displayText":"Open","urlAction":{"openUrl":{"url":"https://a.cn/x","application":"browser"}}}}]}"#;
const CHIPS_NO_APP: &str = r#"{"suggestions":[{"action":{"displayText":"Open","urlAction":{"openUrl":{"url":"https://a.cn/x"}}}}]}"#;

#[test]
fn inspect_detects_a_chip_list() {
    let (code, out, err) = rcs(&["inspect", "-"], CHIPS.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("chatbot botsuggestion\n"), "{out}");
    assert!(out.contains("chip reply \"是\""), "{out}");
    assert!(
        out.contains("chip action \"Open\": open https://a.cn/x"),
        "{out}"
    );
    let (code, out, _) = rcs(&["inspect", "--json", "-"], CHIPS.as_bytes());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "botsuggestion");
    assert_eq!(
        v["document"],
        serde_json::from_str::<serde_json::Value>(CHIPS).unwrap()
    );
    assert_eq!(v["violations"].as_array().unwrap().len(), 0);
}

#[test]
fn inspect_exits_3_on_violations_and_1_on_lenient_only() {
    let (code, out, _) = rcs(&["inspect", "-"], CHIPS_NO_APP.as_bytes());
    assert_eq!(code, 3);
    assert!(
        out.contains(
            "violation: /suggestions/0/action/urlAction/openUrl: required (application, absent)"
        ),
        "{out}"
    );
    let unknown = CHIPS.replace("\"postback\"", "\"colour\":\"red\",\"postback\"");
    let (code, out, err) = rcs(&["inspect", "-"], unknown.as_bytes());
    assert_eq!(code, 1);
    assert!(
        out.contains("warning: /suggestions/0/reply/colour: unknown member kept"),
        "{out}"
    );
    assert!(
        err.contains("unknown member in /suggestions/0/reply/colour"),
        "{err}"
    );
}

#[test]
fn validate_profiles_and_exit_statuses() {
    let (code, out, _) = rcs(&["validate", "-"], CHIPS.as_bytes());
    assert_eq!((code, out.as_str()), (0, ""));
    let long = CHIPS.replace("\"是\"", "\"一二三四五六七八九十\"");
    let (code, _, _) = rcs(&["validate", "-"], long.as_bytes());
    assert_eq!(code, 0);
    let (code, out, _) = rcs(&["validate", "--profile", "ctcu", "-"], long.as_bytes());
    assert_eq!(code, 3);
    assert_eq!(
        out,
        "/suggestions/0/reply/displayText: maxLength (25 bytes, 30 bytes)\n"
    );
    let (code, out, _) = rcs(
        &["validate", "--profile", "ctcu", "--json", "-"],
        long.as_bytes(),
    );
    assert_eq!(code, 3);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["profile"], "ctcu");
    assert_eq!(v["valid"], false);
    assert_eq!(v["violations"][0]["rule"], "maxLength");
    assert_eq!(v["violations"][0]["actual"], "30 bytes");
    // Not JSON, and JSON that is no chatbot document: 1. Usage: 2.
    assert_eq!(rcs(&["validate", "-"], b"{\"a\":1,}").0, 1);
    assert_eq!(rcs(&["validate", "-"], b"{\"revoke\":1}").0, 1);
    assert_eq!(
        rcs(&["validate", "--profile", "nope", "-"], CHIPS.as_bytes()).0,
        2
    );
    assert_eq!(rcs(&["validate"], b"").0, 2);
}

#[test]
fn chatbot_json_inside_cpim_is_typed() {
    let cpim = format!(
        "From: <sip:bot@botplatform.example.cn>\r\nTo: <tel:+8613800000000>\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: m1\r\n\r\nContent-Type: application/vnd.gsma.botsuggestion.v1.0+json\r\nContent-Length: {}\r\n\r\n{CHIPS}",
        CHIPS.len()
    );
    let (code, out, err) = rcs(&["inspect", "-"], cpim.as_bytes());
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("chatbot botsuggestion"), "{out}");
    assert!(out.contains("chip reply \"是\""), "{out}");
    let (_, out, _) = rcs(&["inspect", "--json", "-"], cpim.as_bytes());
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["content"]["document"]["kind"], "botsuggestion", "{out}");
}

#[test]
fn platform_bodies_are_detected_and_validated() {
    let Some(dir) = rcs_testkit::corpus_dir("chatbot") else {
        return;
    };
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let (code, out, _) = rcs(
        &["inspect", "-"],
        &read("ctcu-v1.0.4/outbound.text-with-chiplist.json"),
    );
    assert_eq!(code, 3);
    assert!(
        out.starts_with("CT/CU message cb1188a3-37ec-1037-9054-2dc66e44375b\n"),
        "{out}"
    );
    assert!(out.contains("violation: /messageList/1/contentText/suggestions/2/action/urlAction/openUrl: required (application, absent)"), "{out}");
    let (code, out, _) = rcs(
        &["inspect", "-"],
        &read("ctcu-v1.0.4/outbound.text-with-sms-fallback.json"),
    );
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("SMS fallback (on): hello world!"), "{out}");
    let (code, out, _) = rcs(
        &["inspect", "--json", "-"],
        &read("fnw11-maap/event.newUser.json"),
    );
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "maap-fnw11");
    assert_eq!(v["document"]["event"], "newUser");
    let (code, out, _) = rcs(
        &["inspect", "-"],
        &read("cmcc-xml/outbound.carousel-chiplist-fallback.SYNTHETIC.xml"),
    );
    assert_eq!(code, 3, "{out}");
    assert!(
        out.contains("part 2 application/vnd.gsma.botsuggestion.v1.0+json (201 bytes)"),
        "{out}"
    );
    assert!(out.contains("carousel (MEDIUM_WIDTH, 2 cards)"), "{out}");
    // The misspelled inbound file member: shown, exit 1 (only a lenient reading accepts it).
    let (code, _, err) = rcs(
        &["inspect", "--as", "maap-ctcu", "-"],
        &read("ctcu-v1.0.4/inbound.file.json"),
    );
    assert_eq!(code, 1);
    assert!(err.contains("contenType"), "{err}");
}

/// Google RBM `AgentMessage` documents are chatbot documents for `rcs inspect` and
/// `rcs validate` (checked with RBM's limits unless another profile is chosen); detection
/// reads the member names only, wherever `contentMessage` stands.
#[test]
fn rbm_agent_messages_are_inspected_and_validated() {
    let doc = br#"{"messageTrafficType":"TRANSACTION","contentMessage":{"richCard":{"standaloneCard":{"cardOrientation":"VERTICAL","cardContent":{"title":"Order \"42\" shipped","description":"Arrives {tomorrow}","suggestions":[{"reply":{"text":"Track","postbackData":"track"}}]}}}}}"#;
    let (code, out, err) = rcs(&["inspect", "-"], doc);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("chatbot rbm agent message"), "{out}");
    assert!(out.contains("title: Order \"42\" shipped"), "{out}");
    assert!(out.contains("reply \"Track\""), "{out}");
    let (code, out, _) = rcs(&["inspect", "--json", "--as", "rbm", "-"], doc);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["kind"], "rbm agent message");
    let (code, _, err) = rcs(&["validate", "--profile", "rbm", "-"], doc);
    assert_eq!(code, 0, "{err}");
    // Text over RBM's 3072 characters: a violation under the RBM profile.
    let long = format!(r#"{{"contentMessage":{{"text":"{}"}}}}"#, "x".repeat(3073));
    let (code, out, _) = rcs(&["validate", "--json", "-"], long.as_bytes());
    assert_eq!(code, 3, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["profile"], "rbm");
    assert_eq!(v["violations"][0]["pointer"], "/contentMessage/text");
}
