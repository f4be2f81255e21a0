//! `../shared/corpus/chatbot/` read in place: every chatbot body parses as its MANIFEST says,
//! writes back equal, and validates (GSMA profile) to the verdict `validation.tsv` records, with
//! a violation at (or around) each place the schema validator named.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_chatbot::{ChatbotBody, ErrorKind, ParseOptions, PersistentMenu, Profile, Violation};
use rcs_testkit::corpus_dir;

/// One body: strict parse when the file has no quirks, lenient parse always; round trip;
/// validation. Returns the violations.
fn check_body(name: &str, bytes: &[u8]) -> Result<Vec<Violation>, String> {
    let lenient = ChatbotBody::parse_with(bytes, &ParseOptions::faithful())
        .map_err(|e| format!("{name}: lenient parse: {e}"))?;
    let strict = ChatbotBody::parse(bytes);
    match (&strict, lenient.warnings.is_empty()) {
        (Ok(v), true) if *v == lenient.value => {}
        (Err(_), false) => {}
        _ => {
            return Err(format!(
                "{name}: strict {:?} but lenient warnings {:?}",
                strict.as_ref().err(),
                lenient.warnings
            ));
        }
    }
    // Written back, the document parses to the same value (lenient: unknown members kept).
    let out = lenient.value.to_bytes();
    if out.len() != lenient.value.encoded_len() {
        return Err(format!("{name}: encoded_len disagrees"));
    }
    let again = ChatbotBody::parse_with(&out, &ParseOptions::faithful())
        .map_err(|e| format!("{name}: re-parse: {e}"))?;
    if again.value != lenient.value {
        return Err(format!("{name}: round trip differs"));
    }
    // The semantic content also survives serde_json's own reading.
    let a: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    let b: serde_json::Value = serde_json::from_slice(&out).unwrap();
    if a != b {
        return Err(format!(
            "{name}: written JSON differs from the input as a JSON value"
        ));
    }
    let owned = lenient.value.clone().into_owned();
    if owned != lenient.value {
        return Err(format!("{name}: into_owned differs"));
    }
    Ok(lenient.value.validate(&Profile::GSMA))
}

fn related(a: &str, b: &str) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// validation.tsv: `file`, `schema`, `verdict`, `details` (`path: message ; ...`).
fn judge_verdict(
    name: &str,
    verdict: &str,
    details: &str,
    violations: &[Violation],
) -> Result<(), String> {
    let ours = if violations.is_empty() {
        "PASS"
    } else {
        "FAIL"
    };
    if ours != verdict {
        return Err(format!(
            "{name}: schema says {verdict}, we say {ours}: {violations:?}"
        ));
    }
    for d in details.split(" ; ").filter(|d| !d.is_empty()) {
        // Python's best match also names the other branch of an orientation/application
        // oneOf ("'HORIZONTAL' is not one of ['VERTICAL']") when a shared member fails both:
        // a branch context, not a violation of the document's own branch.
        if [
            "'HORIZONTAL' is not one of ['VERTICAL']",
            "'VERTICAL' is not one of ['HORIZONTAL']",
        ]
        .iter()
        .any(|ctx| d.ends_with(ctx))
        {
            continue;
        }
        let path = d.split(": ").next().unwrap_or("");
        let pointer = format!("/{path}");
        if !violations.iter().any(|v| related(&v.pointer, &pointer)) {
            return Err(format!(
                "{name}: the schema names {pointer}, we do not: {violations:?}"
            ));
        }
    }
    Ok(())
}

/// The `contentText` of message `i` of a CT/CU envelope, as bytes.
fn envelope_body(bytes: &[u8], i: usize) -> Vec<u8> {
    let v: serde_json::Value = serde_json::from_slice(bytes).unwrap();
    serde_json::to_vec(&v["messageList"][i]["contentText"]).unwrap()
}

#[test]
fn corpus_validation_tsv() {
    let Some(dir) = corpus_dir("chatbot") else {
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("validation.tsv")).unwrap();
    let (mut right, mut wrong) = (0, Vec::new());
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, schema, verdict, details) = (
            cols[0],
            cols[1],
            cols[2],
            cols.get(3).copied().unwrap_or(""),
        );
        let (path, index) = match file.split_once("#messageList[") {
            Some((p, rest)) => (
                p,
                Some(rest[..rest.find(']').unwrap()].parse::<usize>().unwrap()),
            ),
            None => (file, None),
        };
        let raw = std::fs::read(dir.join(path)).unwrap();
        let bytes = match index {
            Some(i) => envelope_body(&raw, i),
            None => raw,
        };
        let result = if schema == "chatbot-menu" {
            PersistentMenu::parse(&bytes)
                .map_err(|e| format!("{file}: {e}"))
                .map(|m| m.validate(&Profile::GSMA))
        } else {
            check_body(file, &bytes)
        }
        .and_then(|v| judge_verdict(file, verdict, details, &v));
        match result {
            Ok(()) => right += 1,
            Err(e) => wrong.push(e),
        }
    }
    println!(
        "chatbot validation.tsv: {right} right, {} wrong",
        wrong.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(right, tsv.lines().count() - 1);
}

#[test]
fn corpus_invalid_json_fails_precisely() {
    let Some(dir) = corpus_dir("chatbot") else {
        return;
    };
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("ctcu-v1.0.4/invalid")).unwrap() {
        let p = e.unwrap().path();
        let bytes = std::fs::read(&p).unwrap();
        let err = ChatbotBody::parse_with(&bytes, &ParseOptions::faithful()).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Syntax, "{}: {err}", p.display());
        assert!(err.line() > 0 && err.column() > 0, "{}: {err}", p.display());
        // The error is at the full-width comma (U+FF0C) the spec printed as a separator.
        let text = String::from_utf8(bytes).unwrap();
        let line = text.lines().nth(err.line() as usize - 1).unwrap();
        assert!(line.contains('\u{ff0c}'), "{}: {err}: {line}", p.display());
        n += 1;
    }
    println!("chatbot invalid/: {n} refused at the full-width comma");
    assert_eq!(n, 2);
}

mod ctcu {
    use super::*;
    use rcs_chatbot::ctcu::*;
    use rcs_chatbot::{DecodeError, OneOrMany, Parsed, WarningKind};

    type Reparse = fn(&[u8]) -> Result<(), String>;

    /// Parses `bytes` as `T` strictly and leniently, writes it back, and checks the result.
    /// Returns the lenient warnings.
    fn judge<'a, T>(
        name: &str,
        bytes: &'a [u8],
        parse: impl Fn(&'a [u8], &ParseOptions) -> Result<Parsed<T>, DecodeError>,
        to_vec: impl Fn(&T) -> Vec<u8>,
        reparse: Reparse,
    ) -> Result<Vec<rcs_chatbot::Warning>, String>
    where
        T: PartialEq + std::fmt::Debug,
    {
        let lenient =
            parse(bytes, &ParseOptions::faithful()).map_err(|e| format!("{name}: {e}"))?;
        let strict = parse(bytes, &ParseOptions::new());
        match (&strict, lenient.warnings.is_empty()) {
            (Ok(s), true) if s.value == lenient.value => {}
            (Err(_), false) => {}
            _ => {
                return Err(format!(
                    "{name}: strict {:?} vs warnings {:?}",
                    strict.as_ref().err(),
                    lenient.warnings
                ));
            }
        }
        let out = to_vec(&lenient.value);
        reparse(&out).map_err(|e| format!("{name}: written back: {e}"))?;
        let misspelled = lenient
            .warnings
            .iter()
            .any(|w| w.kind == WarningKind::Misspelling);
        if !misspelled {
            let a: serde_json::Value = serde_json::from_slice(bytes).unwrap();
            let b: serde_json::Value = serde_json::from_slice(&out).unwrap();
            if a != b {
                return Err(format!("{name}: written JSON differs"));
            }
        }
        Ok(lenient.warnings)
    }

    macro_rules! judge_as {
        ($t:ident, $name:expr, $bytes:expr) => {
            judge(
                $name,
                $bytes,
                |b, o| $t::parse_with(b, o),
                |v| v.to_bytes().to_vec(),
                |b| {
                    $t::parse_with(b, &ParseOptions::faithful())
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                },
            )
        };
    }

    #[test]
    fn corpus_ctcu_envelopes() {
        let Some(dir) = corpus_dir("chatbot") else {
            return;
        };
        let dir = dir.join("ctcu-v1.0.4");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".json"))
            .collect();
        names.sort();
        let (mut right, mut wrong) = (0, Vec::new());
        for name in &names {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            let b = &bytes[..];
            let r = match name.as_str() {
                "access-token.request.json" => judge_as!(AccessTokenRequest, name, b),
                n if n.starts_with("access-token.") => judge_as!(AccessTokenResponse, name, b),
                "chatbot-info.find-response.json" => judge_as!(ChatbotInfo, name, b),
                "chatbot-menu.update-request.json" => judge_as!(PersistentMenu, name, b),
                "chatbot-optionals.update-request.json" => judge_as!(ChatbotOptionals, name, b),
                "media-delete.request-or-response.json" => judge_as!(MediaDeleteResponse, name, b),
                n if n.starts_with("media-upload.") => judge_as!(MediaUploadResponse, name, b),
                "common.success-response.json" | "media-download.error-response.json" => {
                    judge_as!(ResultResponse, name, b)
                }
                "notify.13.2.4.json" => judge_as!(SpamReport, name, b),
                "notify.delivery-status.json" => judge_as!(DeliveryNotification, name, b),
                n if n.starts_with("notify.") => judge_as!(AuditResult, name, b),
                "outbound.response.json" => judge_as!(MessageResponse, name, b),
                n if n.starts_with("inbound.") || n.starts_with("outbound.") => {
                    judge_as!(MessageRequest, name, b)
                }
                n if n.starts_with("revoke.") => judge_as!(RevokeRequest, name, b),
                _ => Err(format!("{name}: not in this test's table")),
            };
            // What the spec's own examples carry, exactly: the misspelled file member and the
            // elided card.
            let expected: &[(&str, WarningKind)] = match name.as_str() {
                "inbound.file.json" => &[(
                    "/messageList/0/contentText/1/contenType",
                    WarningKind::Misspelling,
                )],
                "outbound.carousel-css-suggestions.json" => &[(
                    "/messageList/0/contentText/message/generalPurposeCardCarousel/content/1/[...]",
                    WarningKind::UnknownMember,
                )],
                _ => &[],
            };
            let r = r.and_then(|w| {
                let got: Vec<(&str, WarningKind)> =
                    w.iter().map(|w| (w.pointer.as_str(), w.kind)).collect();
                if got == expected {
                    Ok(())
                } else {
                    Err(format!("{name}: warnings {got:?}"))
                }
            });
            match r {
                Ok(()) => right += 1,
                Err(e) => wrong.push(e),
            }
        }
        println!("chatbot ctcu corpus: {right} right, {} wrong", wrong.len());
        assert!(wrong.is_empty(), "{wrong:#?}");
        assert_eq!(right, names.len());
        assert_eq!(right, 30);
    }

    #[test]
    fn ctcu_envelope_contents_are_typed() {
        let Some(dir) = corpus_dir("chatbot") else {
            return;
        };
        let dir = dir.join("ctcu-v1.0.4");
        let bytes = std::fs::read(dir.join("inbound.file.json")).unwrap();
        let m = MessageRequest::parse_with(&bytes, &ParseOptions::faithful())
            .unwrap()
            .value;
        let Some(ContentText::Files(files)) = &m.message_list.as_ref().unwrap()[0].content_text
        else {
            panic!("file list expected");
        };
        assert_eq!(files[1].content_type.as_deref(), Some("image/jpg"));
        assert_eq!(files[1].file_size.as_ref().unwrap().value(), Some(183_524));
        assert!(matches!(m.destination_address, Some(OneOrMany::One(_))));
        let bytes = std::fs::read(dir.join("outbound.group-text.json")).unwrap();
        let m = MessageRequest::parse(&bytes).unwrap();
        assert_eq!(m.destination_address.as_ref().unwrap().len(), 3);
        let bytes = std::fs::read(dir.join("notify.delivery-status.json")).unwrap();
        let d = DeliveryNotification::parse(&bytes).unwrap();
        let list = d.delivery_info_list.unwrap();
        assert_eq!(list[2].status, Some(DeliveryStatus::Failed));
        assert_eq!(list[2].error_code.as_ref().unwrap().value(), Some(1));
    }
}

/// Every file of `../shared/corpus/chatbot/` is read by the parser its MANIFEST row names, and
/// the outcome is the one expected; the tally is printed.
#[test]
fn corpus_every_file_tallied() {
    use rcs_chatbot::cmcc::OutboundMessageRequest;
    use rcs_chatbot::ctcu::MessageRequest;
    use rcs_chatbot::fnw11::MaapMessage;
    use rcs_chatbot::rbm::AgentMessage;
    let Some(dir) = corpus_dir("chatbot") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let listed: Vec<&str> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut files = Vec::new();
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(
                    p.strip_prefix(&dir)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    files.sort();
    let lenient = ParseOptions::faithful();
    let mut tally: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut wrong = Vec::new();
    for f in &files {
        let bytes = std::fs::read(dir.join(f)).unwrap();
        let (class, ok): (&str, Result<(), String>) = match f.as_str() {
            "MANIFEST.tsv" | "SOURCES.md" | "limits.tsv" | "validation.tsv"
            | "bench/gen_bench.py" => ("metadata", Ok(())),
            s if s.starts_with("schemas/") => (
                "schema",
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .map_err(|e| e.to_string())
                    .and_then(|v| {
                        if v["$schema"]
                            .as_str()
                            .is_some_and(|s| s.contains("draft-04"))
                        {
                            Ok(())
                        } else {
                            Err("not draft-04".into())
                        }
                    }),
            ),
            s if s.starts_with("ctcu-v1.0.4/invalid/") => (
                "invalid JSON refused",
                match MessageRequest::parse_with(&bytes, &lenient) {
                    Err(e) if e.kind() == ErrorKind::Syntax => Ok(()),
                    other => Err(format!("{other:?}")),
                },
            ),
            s if s.starts_with("ctcu-v1.0.4/") => ("CT/CU envelope", Ok(())), // judged in ctcu::corpus_ctcu_envelopes
            "gsma-bodies/persistent-menu.ctcu.json" => (
                "chatbot body",
                PersistentMenu::parse(&bytes)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            ),
            "gsma-bodies/rcs-ft-http.json-list.ctcu.json" => {
                let wrapped = format!(
                    "{{\"messageList\":[{{\"contentType\":\"application/vnd.gsma.rcs-ft-http\",\"contentText\":{}}}]}}",
                    String::from_utf8_lossy(&bytes)
                );
                (
                    "CT/CU file list",
                    MessageRequest::parse(wrapped.as_bytes())
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                )
            }
            s if s.starts_with("gsma-bodies/")
                || s.starts_with("bench/")
                || s == "fnw11-maap/suggestions.all-12-actions.json" =>
            {
                (
                    "chatbot body",
                    ChatbotBody::parse_with(&bytes, &lenient)
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                )
            }
            s if s.starts_with("fnw11-maap/event.") => (
                "FNW.11 event",
                MaapMessage::parse(&bytes)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            ),
            s if s.starts_with("rbm/") => ("RBM agent message", {
                match AgentMessage::parse(&bytes) {
                    Ok(m) => {
                        let v = m.validate(&Profile::RBM);
                        let (card, chips) = m.to_gsma();
                        match card {
                            Some(card)
                                if v.is_empty()
                                    && chips.is_none()
                                    && card.validate(&Profile::RBM).is_empty() =>
                            {
                                Ok(())
                            }
                            card => Err(format!("{v:?} {card:?}")),
                        }
                    }
                    Err(e) => Err(e.to_string()),
                }
            }),
            s if s.starts_with("cmcc-xml/") => (
                "China Mobile XML",
                OutboundMessageRequest::parse(&bytes)
                    .map(|_| ())
                    .map_err(|e| e.to_string()),
            ),
            _ => ("unknown", Err("no parser for this file".into())),
        };
        if !listed.contains(&f.as_str()) && class != "metadata" {
            wrong.push(format!("{f}: not in MANIFEST.tsv"));
        }
        match ok {
            Ok(()) => *tally.entry(class).or_default() += 1,
            Err(e) => wrong.push(format!("{f}: {e}")),
        }
    }
    let total: usize = tally.values().sum();
    println!(
        "chatbot corpus: {total} of {} files right: {tally:?}",
        files.len()
    );
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(total, files.len());
}

#[test]
fn corpus_normalize_repairs_what_can_be_repaired() {
    use rcs_chatbot::WarningKind as W;
    let Some(dir) = corpus_dir("chatbot") else {
        return;
    };
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let bytes = read("gsma-bodies/quirk.string-filesizes.SYNTHETIC.json");
    let mut b = ChatbotBody::parse_with(&bytes, &ParseOptions::faithful())
        .unwrap()
        .value;
    let repairs: Vec<(W, String)> = b
        .normalize()
        .into_iter()
        .map(|w| (w.kind, w.pointer))
        .collect();
    let at = "/message/generalPurposeCard/content/media";
    assert_eq!(
        repairs,
        [
            (W::NumberFromString, format!("{at}/mediaFileSize")),
            (W::EmptyRemoved, format!("{at}/thumbnailFileSize")),
            (W::EmptyRemoved, format!("{at}/thumbnailContentType")),
        ]
    );
    // The thumbnail's type and size cannot be invented: still reported.
    let v: Vec<String> = b
        .validate(&Profile::GSMA)
        .iter()
        .map(|v| v.rule.as_str().to_owned())
        .collect();
    assert_eq!(v, ["dependencies", "dependencies"]);
    assert!(b.normalize().is_empty(), "idempotent");

    for f in [
        "gsma-bodies/botsuggestion.chiplist.all-actions.ctcu.json",
        "gsma-bodies/botsuggestion.chiplist.ctcu-carousel.json",
    ] {
        let bytes = read(f);
        let mut b = ChatbotBody::parse(&bytes).unwrap();
        let repairs = b.normalize();
        assert_eq!(repairs.len(), 1, "{f}");
        assert_eq!(repairs[0].kind, W::ApplicationDefaulted);
        assert_eq!(
            repairs[0].pointer,
            "/suggestions/2/action/urlAction/openUrl/application"
        );
        assert!(b.validate(&Profile::GSMA).is_empty(), "{f}");
    }
}
