//! Chatbot JSON in `rcs inspect` (on its own, or as a CPIM body by its content type) and the
//! `rcs validate` command.

use crate::InspectArgs;
use rcs_chatbot::{
    ActionKind, BodyKind, ChatbotBody, DecodeError, ParseOptions, PersistentMenu, Profile,
    Suggestion, SuggestionKind, Violation, Warning,
};
use serde_json::{Value, json};
use std::io::Write;

/// The `--as` names of chatbot documents.
pub(crate) const CHATBOT_DOCUMENTS: [&str; 5] = [
    "botmessage",
    "botsuggestion",
    "botsuggestion-response",
    "botsharedclientdata",
    "menu",
];

/// Detects chatbot JSON by its root member.
pub(crate) fn detect(input: &[u8]) -> Option<&'static str> {
    let t = input.trim_ascii_start();
    if !t.starts_with(b"{") {
        return None;
    }
    let v: Value = serde_json::from_slice(input).ok()?;
    let o = v.as_object()?;
    [
        ("message", "botmessage"),
        ("suggestions", "botsuggestion"),
        ("response", "botsuggestion-response"),
        ("sharedData", "botsharedclientdata"),
        ("menu", "menu"),
    ]
    .into_iter()
    .find(|(k, _)| o.contains_key(*k))
    .map(|(_, name)| name)
}

fn kind_name(k: Option<BodyKind>) -> &'static str {
    match k {
        Some(BodyKind::BotMessage) => "botmessage",
        Some(BodyKind::BotSuggestion) => "botsuggestion",
        Some(BodyKind::SuggestionResponse) => "botsuggestion-response",
        Some(BodyKind::SharedClientData) => "botsharedclientdata",
        None => "chatbot body (no single root member)",
    }
}

/// A parsed chatbot document of either schema.
enum Doc<'a> {
    Body(ChatbotBody<'a>),
    Menu(PersistentMenu<'a>),
}

impl Doc<'_> {
    fn validate(&self, p: &Profile) -> Vec<Violation> {
        match self {
            Self::Body(b) => b.validate(p),
            Self::Menu(m) => m.validate(p),
        }
    }
    fn to_value(&self) -> Value {
        let bytes = match self {
            Self::Body(b) => b.to_vec(),
            Self::Menu(m) => m.to_vec(),
        };
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }
    fn name(&self) -> &'static str {
        match self {
            Self::Body(b) => kind_name(b.kind()),
            Self::Menu(_) => "menu",
        }
    }
}

/// Strict first; when only the lenient parse accepts it, the strict error is returned too.
fn parse(
    input: &[u8],
    menu: bool,
) -> Result<(Doc<'_>, Vec<Warning>, Option<DecodeError>), DecodeError> {
    let lenient = ParseOptions::lenient();
    let strict_err = if menu {
        PersistentMenu::parse(input).err()
    } else {
        ChatbotBody::parse(input).err()
    };
    if menu {
        let p = PersistentMenu::parse_with(input, &lenient)?;
        Ok((Doc::Menu(p.value), p.warnings, strict_err))
    } else {
        let p = ChatbotBody::parse_with(input, &lenient)?;
        Ok((Doc::Body(p.value), p.warnings, strict_err))
    }
}

fn action_name(a: &rcs_chatbot::Action<'_>) -> String {
    match a.kind() {
        Some(ActionKind::Url(u)) => format!(
            "open {}",
            u.open_url
                .as_ref()
                .and_then(|o| o.url.as_deref())
                .unwrap_or("?")
        ),
        Some(ActionKind::Dialer(_)) => "dial".into(),
        Some(ActionKind::Map(_)) => "map".into(),
        Some(ActionKind::Calendar(_)) => "calendar".into(),
        Some(ActionKind::Compose(_)) => "compose".into(),
        Some(ActionKind::Device(_)) => "device specifics".into(),
        Some(ActionKind::Settings(_)) => "settings".into(),
        None => format!("{} action kinds", a.kind_count()),
    }
}

fn suggestion_line(s: &Suggestion<'_>) -> String {
    let label = s.display_text().unwrap_or("?");
    match s.kind() {
        Some(SuggestionKind::Reply(_)) => format!("reply \"{label}\""),
        Some(SuggestionKind::Action(a)) => format!("action \"{label}\": {}", action_name(a)),
        None => "neither or both of reply and action".into(),
    }
}

fn tree(doc: &Doc<'_>, indent: &str, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{indent}chatbot {}", doc.name())?;
    let Doc::Body(b) = doc else {
        if let Doc::Menu(m) = doc {
            fn entries(
                list: &[rcs_chatbot::MenuEntry<'_>],
                indent: &str,
                out: &mut impl Write,
            ) -> std::io::Result<()> {
                for e in list {
                    if let Some(r) = &e.reply {
                        writeln!(
                            out,
                            "{indent}- reply \"{}\"",
                            r.display_text.as_deref().unwrap_or("?")
                        )?;
                    } else if let Some(a) = &e.action {
                        writeln!(
                            out,
                            "{indent}- action \"{}\": {}",
                            a.display_text.as_deref().unwrap_or("?"),
                            action_name(a)
                        )?;
                    } else if let Some(m) = &e.menu {
                        writeln!(
                            out,
                            "{indent}- menu \"{}\"",
                            m.display_text.as_deref().unwrap_or("?")
                        )?;
                        entries(
                            m.entries.as_deref().unwrap_or_default(),
                            &format!("{indent}  "),
                            out,
                        )?;
                    }
                }
                Ok(())
            }
            let list = m
                .menu
                .as_ref()
                .and_then(|m| m.entries.as_deref())
                .unwrap_or_default();
            entries(list, &format!("{indent}  "), out)?;
        }
        return Ok(());
    };
    let card_lines =
        |c: &rcs_chatbot::CardContent<'_>, out: &mut dyn Write, i: &str| -> std::io::Result<()> {
            if let Some(t) = &c.title {
                writeln!(out, "{i}title: {t}")?;
            }
            if let Some(d) = &c.description {
                writeln!(out, "{i}description: {d}")?;
            }
            if let Some(m) = &c.media {
                writeln!(
                    out,
                    "{i}media: {} ({}, {} bytes)",
                    m.media_url.as_deref().unwrap_or("?"),
                    m.media_content_type.as_deref().unwrap_or("?"),
                    m.media_file_size
                        .as_ref()
                        .and_then(|s| s.value())
                        .map_or("?".into(), |n| n.to_string())
                )?;
            }
            for s in c.suggestions.iter().flatten() {
                writeln!(out, "{i}- {}", suggestion_line(s))?;
            }
            Ok(())
        };
    if let Some(m) = &b.message {
        if let Some(c) = &m.general_purpose_card {
            let o = c
                .layout
                .as_ref()
                .and_then(|l| l.card_orientation.as_ref())
                .map_or("?", |o| o.as_str());
            writeln!(out, "{indent}  card ({o})")?;
            if let Some(content) = &c.content {
                card_lines(content, out, &format!("{indent}    "))?;
            }
        }
        if let Some(c) = &m.general_purpose_card_carousel {
            let w = c
                .layout
                .as_ref()
                .and_then(|l| l.card_width.as_ref())
                .map_or("?", |w| w.as_str());
            let cards = c.content.as_deref().unwrap_or_default();
            writeln!(out, "{indent}  carousel ({w}, {} cards)", cards.len())?;
            for (n, card) in cards.iter().enumerate() {
                writeln!(out, "{indent}    card {}", n + 1)?;
                card_lines(card, out, &format!("{indent}      "))?;
            }
        }
    }
    for s in b.suggestions.iter().flatten() {
        writeln!(out, "{indent}  chip {}", suggestion_line(s))?;
    }
    if let Some(r) = &b.response {
        let (k, x) = match (&r.reply, &r.action) {
            (Some(x), _) => ("reply", x),
            (_, Some(x)) => ("action", x),
            _ => return Ok(()),
        };
        writeln!(
            out,
            "{indent}  response {k} \"{}\" postback {}",
            x.display_text.as_deref().unwrap_or("?"),
            x.postback
                .as_ref()
                .and_then(|p| p.data.as_deref())
                .unwrap_or("-")
        )?;
    }
    if let Some(d) = b
        .shared_data
        .as_ref()
        .and_then(|s| s.device_specifics.as_ref())
    {
        writeln!(
            out,
            "{indent}  device {} {} client {} {}",
            d.device_model.as_deref().unwrap_or("?"),
            d.platform_version.as_deref().unwrap_or("?"),
            d.client_vendor.as_deref().unwrap_or("?"),
            d.client_version.as_deref().unwrap_or("?")
        )?;
    }
    Ok(())
}

/// The JSON summary of a chatbot document (also what CPIM nesting shows).
fn summary(doc: &Doc<'_>, warnings: &[Warning], violations: &[Violation]) -> Value {
    json!({
        "protocol": "chatbot",
        "kind": doc.name(),
        "warnings": warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "violations": violations.iter().map(ToString::to_string).collect::<Vec<_>>(),
        "document": doc.to_value(),
    })
}

/// A chatbot body carried in CPIM, by its content type.
pub(crate) fn document(content_type: &str, content: &[u8]) -> Option<Value> {
    let is_menu = content_type.eq_ignore_ascii_case("application/vnd.gsma.botmenu.v1.0+json");
    if BodyKind::from_content_type(content_type).is_none() && !is_menu {
        return None;
    }
    Some(match parse(content, is_menu) {
        Ok((doc, warnings, _)) => {
            let v = doc.validate(&Profile::GSMA);
            summary(&doc, &warnings, &v)
        }
        Err(e) => json!({ "protocol": "chatbot", "error": e.to_string() }),
    })
}

/// `rcs inspect` of chatbot JSON: 0 valid (GSMA schema), 3 violations, 1 not a chatbot
/// document (or only a lenient parse accepts it).
pub(crate) fn run(protocol: &str, input: &[u8], args: &InspectArgs, out: &mut impl Write) -> u8 {
    let (doc, warnings, strict_err) = match parse(input, protocol == "menu") {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return crate::inspect::EXIT_SYNTAX;
        }
    };
    let violations = doc.validate(&Profile::GSMA);
    let written = if args.json {
        writeln!(out, "{}", summary(&doc, &warnings, &violations))
    } else {
        (|| {
            tree(&doc, "", out)?;
            for w in &warnings {
                writeln!(out, "  warning: {w}")?;
            }
            for v in &violations {
                writeln!(out, "  violation: {v}")?;
            }
            Ok(())
        })()
    };
    if written.is_err() {
        return 2;
    }
    if let Some(e) = strict_err {
        eprintln!("error: {e} (shown as a lenient parse reads it)");
        return crate::inspect::EXIT_SYNTAX;
    }
    if violations.is_empty() {
        crate::inspect::EXIT_OK
    } else {
        crate::inspect::EXIT_SEMANTIC
    }
}

/// `rcs validate [--profile NAME] [--json] FILE|-`: every violation as
/// `pointer: rule (limit, actual)`; 0 clean, 3 violations, 1 not JSON or not a chatbot
/// document, 2 usage.
pub(crate) fn validate(args: &[String]) -> u8 {
    let mut profile = Profile::GSMA;
    let mut json_out = false;
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--json" => json_out = true,
            "--profile" => {
                let Some(p) = it.next().and_then(|n| Profile::by_name(n)) else {
                    eprintln!("rcs: --profile needs one of gsma, ctcu, cmcc, rbm");
                    return 2;
                };
                profile = p;
            }
            s if s.starts_with("--") => {
                eprintln!("rcs: unknown option {s}\n{}", crate::VALIDATE_USAGE);
                return 2;
            }
            s => {
                if file.replace(s.to_string()).is_some() {
                    eprintln!("rcs: more than one FILE");
                    return 2;
                }
            }
        }
    }
    let Some(file) = file else {
        eprintln!("{}", crate::VALIDATE_USAGE);
        return 2;
    };
    let input = match file.as_str() {
        "-" => crate::read_stdin(),
        path => std::fs::read(path).map_err(|e| format!("{path}: {e}")),
    };
    let input = match input {
        Ok(i) => i,
        Err(e) => {
            eprintln!("rcs: {e}");
            return 2;
        }
    };
    let Some(detected) = detect(&input) else {
        eprintln!(
            "error: not a chatbot document (JSON with a message, suggestions, response, sharedData or menu member)"
        );
        return 1;
    };
    let is_menu = detected == "menu";
    let (doc, warnings, _) = match parse(&input, is_menu) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let violations = doc.validate(&profile);
    let written = if json_out {
        let v = json!({
            "profile": profile.name,
            "kind": doc.name(),
            "valid": violations.is_empty(),
            "violations": violations.iter().map(|v| json!({
                "pointer": v.pointer, "rule": v.rule.as_str(), "limit": v.limit, "actual": v.actual,
            })).collect::<Vec<_>>(),
            "warnings": warnings.iter().map(|w| json!({"pointer": w.pointer, "warning": w.kind.as_str()})).collect::<Vec<_>>(),
        });
        writeln!(std::io::stdout(), "{v}")
    } else {
        let mut o = std::io::stdout().lock();
        (|| {
            for w in &warnings {
                writeln!(o, "warning {w}")?;
            }
            for v in &violations {
                writeln!(o, "{v}")?;
            }
            Ok(())
        })()
    };
    if written.is_err() {
        return 2;
    }
    if violations.is_empty() { 0 } else { 3 }
}

/// The tree of a chatbot body carried in CPIM; `None` when the type is not a chatbot one.
pub(crate) fn nested_tree(
    content_type: &str,
    content: &[u8],
    indent: &str,
    out: &mut impl Write,
) -> Option<std::io::Result<()>> {
    let is_menu = content_type.eq_ignore_ascii_case("application/vnd.gsma.botmenu.v1.0+json");
    if BodyKind::from_content_type(content_type).is_none() && !is_menu {
        return None;
    }
    Some(match parse(content, is_menu) {
        Ok((doc, warnings, _)) => (|| {
            tree(&doc, indent, out)?;
            for w in &warnings {
                writeln!(out, "{indent}  warning: {w}")?;
            }
            for v in doc.validate(&Profile::GSMA) {
                writeln!(out, "{indent}  violation: {v}")?;
            }
            Ok(())
        })(),
        Err(e) => writeln!(out, "{indent}! chatbot document: {e}"),
    })
}
