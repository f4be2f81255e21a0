//! `rcs preview`: one self-contained page for every input kind, all text escaped, nothing
//! fetched and no script, violations marked, the fallback beside the card.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::rcs;
use rcs_testkit::corpus_dir;

/// Every chatbot message of the corpus that a phone shows, by kind.
const SAMPLES: &[&str] = &[
    "gsma-bodies/botmessage.generalPurposeCard.horizontal.ctcu.json",
    "gsma-bodies/botmessage.generalPurposeCardCarousel.ctcu.json",
    "gsma-bodies/botsuggestion.chiplist.all-actions.ctcu.json",
    "gsma-bodies/botsuggestion.chiplist.ctcu-carousel.json",
    "gsma-bodies/persistent-menu.ctcu.json",
    "gsma-bodies/quirk.string-filesizes.SYNTHETIC.json",
    "ctcu-v1.0.4/outbound.richcard-css-suggestions.json",
    "ctcu-v1.0.4/outbound.carousel-css-suggestions.json",
    "ctcu-v1.0.4/outbound.text-with-chiplist.json",
    "ctcu-v1.0.4/outbound.text-with-sms-fallback.json",
    "ctcu-v1.0.4/outbound.file.json",
    "fnw11-maap/event.message.json",
    "fnw11-maap/suggestions.all-12-actions.json",
    "cmcc-xml/outbound.carousel-chiplist-fallback.SYNTHETIC.xml",
    "rbm/agentMessage.standaloneCard.json",
];

/// The page's own checks: its CSP forbids scripts and remote loads, and it loads nothing.
fn assert_self_contained(page: &str) {
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        page.contains("Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'sha256-"),
        "{page}"
    );
    assert!(!page.contains("<script"), "a script element");
    for attr in [" src=\"http", " href=", "url(", "@import", " srcset="] {
        assert!(!page.contains(attr), "{attr} in the page");
    }
}

#[test]
fn every_corpus_sample_renders() {
    let Some(dir) = corpus_dir("chatbot") else {
        return;
    };
    for name in SAMPLES {
        let path = dir.join(name);
        let (code, page, err) = rcs(&["preview", path.to_str().unwrap()], b"");
        assert!(code == 0 || code == 3, "{name}: {code} {err}");
        assert_self_contained(&page);
        let marked = page.matches("class=\"violation\"").count();
        let said: usize = page
            .split("data-violations=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .unwrap()
            .parse()
            .unwrap();
        assert_eq!(marked, said, "{name}");
        assert_eq!(code == 3, said > 0, "{name}");
        // The JSON form says the same.
        let (_, json, _) = rcs(&["preview", "--json", path.to_str().unwrap()], b"");
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["violations"], said, "{name}");
    }
}

#[test]
fn hostile_text_shows_as_text() {
    let doc = br#"{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{
        "media":{"mediaUrl":"https://x.example/a.jpg\"><script>alert(3)</script>","mediaContentType":"image/jpeg","mediaFileSize":1,"height":"SHORT_HEIGHT"},
        "title":"<script>alert(1)</script>","description":"<img src=x onerror=alert(2)> & 'quotes'",
        "suggestions":[{"action":{"urlAction":{"openUrl":{"url":"javascript:alert(4)"}},"displayText":"</span><b>x</b>","postback":{"data":"x"}}}]}}}}"#;
    let (code, page, err) = rcs(&["preview", "-"], doc);
    assert!(code == 0 || code == 3, "{err}");
    assert_self_contained(&page);
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains("&lt;img src=x onerror=alert(2)&gt; &amp; &#39;quotes&#39;"));
    assert!(page.contains("&lt;/span&gt;&lt;b&gt;x&lt;/b&gt;"));
    assert!(!page.contains("<img src=x"));
    assert!(!page.contains("<b>x</b>"));
    // A link is shown as text, never as a link.
    assert!(page.contains("open javascript:alert(4)"));
}

#[test]
fn fallback_beside_the_card_and_the_options() {
    let card = br#"{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"media":{"mediaUrl":"https://cdn.example/shoe.png","mediaContentType":"image/png","mediaFileSize":70,"height":"MEDIUM_HEIGHT"},"title":"Order shipped","description":"Your order 1234 is on its way.","suggestions":[{"reply":{"displayText":"Track","postback":{"data":"t"}}}]}}}}"#;
    let (code, page, _) = rcs(&["preview", "--signature", "Shop", "-"], card);
    assert_eq!(code, 0);
    for part in [
        "<h3>SMS</h3>",
        "<h3>Smart SMS</h3>",
        "<h3>MMS</h3>",
        "segment 1 of 1",
        "【Shop】",
        "ucs2",
        "h-medium",
    ] {
        assert!(page.contains(part), "{part}");
    }
    assert!(page.contains("image (not loaded)"));
    // A local image for the media URL is embedded; nothing else changes.
    let dir = std::env::temp_dir().join(format!("rcs-preview-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let png = dir.join("shoe.png");
    // A 1x1 PNG.
    std::fs::write(
        &png,
        [
            0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0,
            0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89, 0, 0, 0, 13, 0x49, 0x44,
            0x41, 0x54, 0x78, 0x9C, 0x63, 0, 1, 0, 0, 5, 0, 1, 0x0D, 0x0A, 0x2D, 0xB4, 0, 0, 0, 0,
            0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
        ],
    )
    .unwrap();
    let out = dir.join("page.html");
    let media = format!("https://cdn.example/shoe.png={}", png.display());
    let (code, stdout, err) = rcs(
        &[
            "preview",
            "--media",
            &media,
            "--out",
            out.to_str().unwrap(),
            "-",
        ],
        card,
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.is_empty());
    let page = std::fs::read_to_string(&out).unwrap();
    assert_self_contained(&page);
    assert!(page.contains("<img src=\"data:image/png;base64,iVBORw0KGgo"));
    let (code, _, err) = rcs(&["preview", "--media", "https://a/b.svg=x.svg", "-"], card);
    assert_eq!(code, 2, "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn refusals() {
    let (code, _, err) = rcs(&["preview", "-"], b"{\"hello\": 1}");
    assert_eq!(code, 1, "{err}");
    let (code, _, _) = rcs(&["preview", "-"], b"");
    assert_eq!(code, 2);
    let (code, _, _) = rcs(&["preview", "--profile", "att", "x.json"], b"");
    assert_eq!(code, 2);
}

#[test]
fn a_menu_has_no_fallback_and_card_reads_rbm_and_fnw11() {
    let menu = br#"{"menu":{"entries":[{"reply":{"displayText":"Hi","postback":{"data":"h"}}},{"menu":{"displayText":"More","entries":[{"reply":{"displayText":"Deeper","postback":{"data":"d"}}}]}}]}}"#;
    let (code, page, _) = rcs(&["preview", "-"], menu);
    assert_eq!(code, 0);
    assert!(page.contains("no SMS or MMS fallback"));
    assert!(page.contains("<details open"));
    let rbm = br#"{"contentMessage":{"richCard":{"standaloneCard":{"cardOrientation":"VERTICAL","cardContent":{"title":"RBM card","description":"From RBM","suggestions":[{"reply":{"text":"OK","postbackData":"ok"}}]}}}}}"#;
    let (code, out, err) = rcs(&["fallback", "card", "--json", "-"], rbm);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("RBM card\\nFrom RBM\\n1. OK"), "{out}");
    let maap = br#"{"RCSMessage":{"textMessage":"Hello from FNW.11"},"messageContact":{"userContact":"+14251234567"}}"#;
    let (code, out, err) = rcs(&["fallback", "card", "--json", "-"], maap);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Hello from FNW.11"), "{out}");
}
