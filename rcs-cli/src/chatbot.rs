//! Chatbot JSON in `rcs inspect` (on its own, or as a CPIM body by its content type) and the
//! `rcs validate` command.

use crate::inspect::InspectArgs;
use crate::term::{self, Exit};
use rcs_chatbot::rbm::AgentMessage;
use rcs_chatbot::{
    ActionKind, BodyKind, ChatbotBody, DecodeError, ParseOptions, PersistentMenu, Profile,
    Suggestion, SuggestionKind, Violation, Warning,
};
use serde_json::{Value, json};
use std::io::Write;

/// The names of a JSON object's top-level members, read without building a value tree (the
/// values are skipped, strings and nesting tracked): linear time, memory for the names only
/// (at most 64 of them). `None` when the input is not an object.
fn top_level_keys(input: &[u8]) -> Option<Vec<String>> {
    let b = input;
    let mut i = 0;
    let ws = |i: &mut usize| {
        while *i < b.len() && matches!(b[*i], b' ' | b'\t' | b'\r' | b'\n') {
            *i += 1;
        }
    };
    // A string starting at `i` (on its quote): the index after its closing quote.
    let string_end = |mut i: usize| -> Option<usize> {
        i += 1;
        while i < b.len() {
            match b[i] {
                b'\\' => i += 2,
                b'"' => return Some(i + 1),
                _ => i += 1,
            }
        }
        None
    };
    ws(&mut i);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    let mut keys = Vec::new();
    loop {
        ws(&mut i);
        match b.get(i)? {
            b'}' => return Some(keys),
            b'"' => {}
            _ => return None,
        }
        let end = string_end(i)?;
        let raw = std::str::from_utf8(&b[i..end]).ok()?;
        // Names are plain in practice; an escaped one is unescaped by the JSON reader.
        let name = if raw.contains('\\') {
            serde_json::from_str::<String>(raw).ok()?
        } else {
            raw[1..raw.len() - 1].to_owned()
        };
        if keys.len() < 64 {
            keys.push(name);
        }
        i = end;
        ws(&mut i);
        if b.get(i)? != &b':' {
            return None;
        }
        i += 1;
        // Skip the value: nesting counted outside strings.
        let mut depth = 0usize;
        loop {
            ws(&mut i);
            match *b.get(i)? {
                b'"' => i = string_end(i)?,
                b'{' | b'[' => {
                    depth += 1;
                    i += 1;
                }
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    i += 1;
                }
                b',' | b'}' if depth == 0 => break,
                _ => i += 1,
            }
        }
        if b[i] == b',' {
            i += 1;
        }
    }
}

/// Detects chatbot JSON by its root members (read without parsing the whole document).
pub(crate) fn detect(input: &[u8]) -> Option<&'static str> {
    let t = input.trim_ascii_start();
    if t.starts_with(b"<") {
        let head = &t[..t.len().min(512)];
        let needle = b"outboundMessageRequest";
        return head
            .windows(needle.len())
            .any(|w| w == needle)
            .then_some("maap-cmcc");
    }
    // Past the documents' size limit nothing is read at all.
    if input.len() > rcs_chatbot::Limits::default().max_message_size || !t.starts_with(b"{") {
        return None;
    }
    let keys = top_level_keys(t)?;
    let o = |k: &str| keys.iter().any(|n| n == k);
    let o = Keys(&o);
    if o.contains_key("contentMessage") {
        return Some("rbm");
    }
    if o.contains_key("messageList") || o.contains_key("deliveryInfoList") {
        return Some("maap-ctcu");
    }
    if o.contains_key("RCSMessage")
        || (o.contains_key("event") && (o.contains_key("file") || o.contains_key("messageContact")))
    {
        return Some("maap-fnw11");
    }
    [
        ("message", "botmessage"),
        ("suggestions", "botsuggestion"),
        ("response", "botsuggestion-response"),
        ("sharedData", "botsharedclientdata"),
        ("menu", "menu"),
    ]
    .into_iter()
    .find(|(k, _)| o.contains_key(k))
    .map(|(_, name)| name)
}

/// The member names of a document, asked by name.
struct Keys<'f>(&'f dyn Fn(&str) -> bool);

impl Keys<'_> {
    fn contains_key(&self, k: &str) -> bool {
        (self.0)(k)
    }
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
    /// A Google RBM `AgentMessage`.
    Rbm(Box<AgentMessage<'a>>),
}

/// Which schema a document is read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Schema {
    Body,
    Menu,
    Rbm,
}

impl Schema {
    fn of(name: &str) -> Self {
        match name {
            "menu" => Self::Menu,
            "rbm" => Self::Rbm,
            _ => Self::Body,
        }
    }
}

impl Doc<'_> {
    fn validate(&self, p: &Profile) -> Vec<Violation> {
        match self {
            Self::Body(b) => b.validate(p),
            Self::Menu(m) => m.validate(p),
            Self::Rbm(m) => m.validate(p),
        }
    }
    fn to_value(&self) -> Value {
        let bytes = match self {
            Self::Body(b) => b.to_bytes().to_vec(),
            Self::Menu(m) => m.to_bytes().to_vec(),
            Self::Rbm(m) => m.to_bytes().to_vec(),
        };
        serde_json::from_slice(&bytes).unwrap_or(Value::Null)
    }
    fn name(&self) -> &'static str {
        match self {
            Self::Body(b) => kind_name(b.kind()),
            Self::Menu(_) => "menu",
            Self::Rbm(_) => "rbm agent message",
        }
    }
    /// The profile a document is checked against unless one is chosen: RBM's own for RBM.
    fn default_profile(&self) -> Profile {
        match self {
            Self::Rbm(_) => Profile::RBM,
            _ => Profile::GSMA,
        }
    }
}

/// Strict first; when only the lenient parse accepts it, the strict error is returned too.
fn parse(
    input: &[u8],
    schema: Schema,
) -> Result<(Doc<'_>, Vec<Warning>, Option<DecodeError>), DecodeError> {
    let lenient = ParseOptions::faithful();
    match schema {
        Schema::Menu => {
            let strict_err = PersistentMenu::parse(input).err();
            let p = PersistentMenu::parse_with(input, &lenient)?;
            Ok((Doc::Menu(p.value), p.warnings, strict_err))
        }
        Schema::Rbm => {
            let strict_err = AgentMessage::parse(input).err();
            let p = AgentMessage::parse_with(input, &lenient)?;
            Ok((Doc::Rbm(Box::new(p.value)), p.warnings, strict_err))
        }
        Schema::Body => {
            let strict_err = ChatbotBody::parse(input).err();
            let p = ChatbotBody::parse_with(input, &lenient)?;
            Ok((Doc::Body(p.value), p.warnings, strict_err))
        }
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
    match doc {
        Doc::Body(b) => body_tree(b, indent, out),
        Doc::Menu(m) => menu_tree(m, indent, out),
        Doc::Rbm(m) => {
            // Shown as the GSMA bodies a MaaP would send for it.
            writeln!(out, "{indent}chatbot rbm agent message")?;
            if let Some(t) = m.content_message.as_ref().and_then(|c| c.text.as_deref()) {
                writeln!(out, "{indent}  text: {t}")?;
            }
            let (card, chips) = m.to_gsma();
            for b in card.iter().chain(chips.iter()) {
                body_tree(b, &format!("{indent}  "), out)?;
            }
            Ok(())
        }
    }
}

fn menu_tree(m: &PersistentMenu<'_>, indent: &str, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{indent}chatbot menu")?;
    {
        {
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
    }
    Ok(())
}

fn body_tree(b: &ChatbotBody<'_>, indent: &str, out: &mut impl Write) -> std::io::Result<()> {
    writeln!(out, "{indent}chatbot {}", kind_name(b.kind()))?;
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

/// The warnings and violations under a tree.
fn notes(
    out: &mut impl Write,
    indent: &str,
    warnings: &[Warning],
    violations: &[Violation],
) -> std::io::Result<()> {
    for w in warnings {
        writeln!(out, "{indent}  warning: {w}")?;
    }
    for v in violations {
        writeln!(out, "{indent}  violation: {v}")?;
    }
    Ok(())
}

/// `rcs inspect`'s status: 1 when only a lenient reading accepted the input (the strict
/// error on stderr), else 3 with violations, else 0.
fn status(strict_err: Option<&dyn core::fmt::Display>, violations: &[Violation]) -> Exit {
    if let Some(e) = strict_err {
        term::error(format_args!("{e} (shown as a lenient parse reads it)"));
        Exit::Failed
    } else if violations.is_empty() {
        Exit::Ok
    } else {
        Exit::Invalid
    }
}

/// The JSON summary of a chatbot document (also what CPIM nesting shows).
fn summary(doc: &Doc<'_>, warnings: &[Warning], violations: &[Violation]) -> Value {
    json!({
        "protocol": "chatbot",
        "kind": doc.name(),
        "warnings": warnings,
        "violations": violations,
        "document": doc.to_value(),
    })
}

/// A chatbot body carried in CPIM, by its content type.
pub(crate) fn document(content_type: &str, content: &[u8]) -> Option<Value> {
    let is_menu = content_type.eq_ignore_ascii_case("application/vnd.gsma.botmenu.v1.0+json");
    if BodyKind::from_content_type(content_type).is_none() && !is_menu {
        return None;
    }
    let schema = if is_menu { Schema::Menu } else { Schema::Body };
    Some(match parse(content, schema) {
        Ok((doc, warnings, _)) => {
            let v = doc.validate(&Profile::GSMA);
            summary(&doc, &warnings, &v)
        }
        Err(e) => json!({ "protocol": "chatbot", "error": e.to_string() }),
    })
}

/// `rcs inspect` of chatbot JSON: 0 valid (GSMA schema), 3 violations, 1 not a chatbot
/// document (or only a lenient parse accepts it).
pub(crate) fn inspect(
    protocol: &str,
    input: &[u8],
    args: &InspectArgs,
    out: &mut impl Write,
) -> Exit {
    if protocol.starts_with("maap-") {
        return run_maap(protocol, input, args, out);
    }
    let (doc, warnings, strict_err) = match parse(input, Schema::of(protocol)) {
        Ok(d) => d,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    let violations = doc.validate(&doc.default_profile());
    let written = if args.json {
        writeln!(out, "{}", summary(&doc, &warnings, &violations))
    } else {
        tree(&doc, "", out).and_then(|()| notes(out, "", &warnings, &violations))
    };
    let status = status(
        strict_err.as_ref().map(|e| e as &dyn core::fmt::Display),
        &violations,
    );
    term::finish(written, status)
}

/// A limit profile by name (`--profile`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ProfileName {
    /// The GSMA schema (RCS Universal Profile)
    Gsma,
    /// China Telecom / China Unicom
    Ctcu,
    /// China Mobile
    Cmcc,
    /// Google RBM
    Rbm,
}

impl ProfileName {
    /// The library's profile.
    pub(crate) fn profile(self) -> Profile {
        match self {
            Self::Gsma => Profile::GSMA,
            Self::Ctcu => Profile::CTCU,
            Self::Cmcc => Profile::CMCC,
            Self::Rbm => Profile::RBM,
        }
    }
}

/// `rcs validate`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Check chatbot JSON against an operator profile's limits",
    long_about = "Checks a chatbot document (rich card, carousel, chip list, suggestion \
response, shared client data, persistent menu, RBM AgentMessage) against a limit profile and \
prints every violation as `pointer: rule (limit, actual)`.",
    after_help = "Exit status: 0 clean, 1 not JSON or not a chatbot document, 2 usage error, 3 violations."
)]
pub(crate) struct ValidateArgs {
    /// The limit profile [default: gsma; rbm for an RBM AgentMessage]
    #[arg(long, value_enum)]
    profile: Option<ProfileName>,
    /// Print one JSON object {"profile","kind","valid","violations","warnings"}
    #[arg(long)]
    json: bool,
    /// The document; '-' reads stdin
    #[arg(value_name = "FILE|-")]
    file: String,
}

/// `rcs validate ...`: 0 clean, 3 violations, 1 not JSON or not a chatbot document, 2 usage.
pub(crate) fn validate(args: &ValidateArgs, out: &mut impl Write) -> Exit {
    let json_out = args.json;
    let input = match crate::read_input(&args.file) {
        Ok(i) => i,
        Err(exit) => return exit,
    };
    let Some(detected) = detect(&input).filter(|d| !d.starts_with("maap-")) else {
        term::error(
            "not a chatbot document (JSON with a message, suggestions, response, sharedData, menu or contentMessage member)",
        );
        return Exit::Failed;
    };
    let (doc, warnings, _) = match parse(&input, Schema::of(detected)) {
        Ok(d) => d,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    let profile = args
        .profile
        .map_or_else(|| doc.default_profile(), ProfileName::profile);
    let violations = doc.validate(&profile);
    let written = if json_out {
        let v = json!({
            "profile": profile.name,
            "kind": doc.name(),
            "valid": violations.is_empty(),
            "violations": violations,
            "warnings": warnings,
        });
        writeln!(out, "{v}")
    } else {
        (|| {
            for w in &warnings {
                writeln!(out, "{W}warning{W:#} {w}", W = term::WARNING)?;
            }
            for v in &violations {
                writeln!(out, "{E}{v}{E:#}", E = term::ERROR)?;
            }
            Ok(())
        })()
    };
    let status = if violations.is_empty() {
        Exit::Ok
    } else {
        Exit::Invalid
    };
    term::finish(written, status)
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
    let schema = if is_menu { Schema::Menu } else { Schema::Body };
    Some(match parse(content, schema) {
        Ok((doc, warnings, _)) => tree(&doc, indent, out)
            .and_then(|()| notes(out, indent, &warnings, &doc.validate(&Profile::GSMA))),
        Err(e) => writeln!(out, "{indent}! chatbot document: {e}"),
    })
}

/// `rcs inspect` of a platform body: CT/CU send or inbound message (validated as a send
/// request against the CT/CU profile), FNW.11 message or event, China Mobile XML. Nested chatbot
/// bodies are printed as trees.
fn run_maap(protocol: &str, input: &[u8], args: &InspectArgs, out: &mut impl Write) -> Exit {
    use rcs_chatbot::ctcu::{ContentText, MessageRequest};
    use rcs_chatbot::fnw11::MaapMessage;
    let lenient = ParseOptions::faithful();
    let mut lines: Vec<String> = Vec::new();
    let mut bodies: Vec<(String, ChatbotBody<'_>)> = Vec::new();
    let (value, warnings, violations, strict_err): (
        Value,
        Vec<Warning>,
        Vec<Violation>,
        Option<String>,
    ) = match protocol {
        "maap-ctcu" => {
            let strict = MessageRequest::parse(input).err().map(|e| e.to_string());
            let p = match MessageRequest::parse_with(input, &lenient) {
                Ok(p) => p,
                Err(e) => {
                    term::error(e);
                    return Exit::Failed;
                }
            };
            let m = &p.value;
            lines.push(format!(
                "CT/CU message {}",
                m.message_id.as_deref().unwrap_or("?")
            ));
            lines.push(format!(
                "  from {} to {}",
                m.sender_address.as_deref().unwrap_or("?"),
                m.destination_address
                    .as_ref()
                    .map(|d| d.iter().collect::<Vec<_>>().join(", "))
                    .unwrap_or_default()
            ));
            if let Some(sms) = &m.sms_content {
                lines.push(format!(
                    "  SMS fallback ({}): {sms}",
                    if m.sms_supported == Some(true) {
                        "on"
                    } else {
                        "off"
                    }
                ));
            }
            for (i, part) in m.message_list.iter().flatten().enumerate() {
                let ct = part.content_type.as_deref().unwrap_or("?");
                match &part.content_text {
                    Some(ContentText::Text(t)) => lines.push(format!("  part {} {ct}: {t}", i + 1)),
                    Some(ContentText::Files(f)) => {
                        lines.push(format!("  part {} {ct}: {} files", i + 1, f.len()))
                    }
                    Some(ContentText::Body(_)) => lines.push(format!("  part {} {ct}:", i + 1)),
                    None => lines.push(format!("  part {} {ct}: no content", i + 1)),
                }
            }
            let v = m.validate_send(&Profile::CTCU);
            let value = serde_json::from_slice(&m.to_bytes()).unwrap_or(Value::Null);
            // The bodies move out to be printed after the lines.
            let rcs_chatbot::Parsed { value: m, warnings } = p;
            bodies.extend(m.message_list.into_iter().flatten().filter_map(|part| {
                match part.content_text {
                    Some(ContentText::Body(b)) => Some(("    ".to_owned(), *b)),
                    _ => None,
                }
            }));
            (value, warnings, v, strict)
        }
        "maap-fnw11" => {
            let strict = MaapMessage::parse(input).err().map(|e| e.to_string());
            let p = match MaapMessage::parse_with(input, &lenient) {
                Ok(p) => p,
                Err(e) => {
                    term::error(e);
                    return Exit::Failed;
                }
            };
            let m = &p.value;
            lines.push(format!(
                "FNW.11 {}",
                m.event.as_ref().map_or("message", |e| e.as_str())
            ));
            if let Some(c) = &m.message_contact {
                lines.push(format!(
                    "  contact {}",
                    c.user_contact
                        .as_deref()
                        .or(c.chat_id.as_deref())
                        .unwrap_or("?")
                ));
            }
            let mut violations = Vec::new();
            if let Some(r) = &m.rcs_message {
                if let Some(t) = &r.text_message {
                    lines.push(format!("  text: {t}"));
                }
                if let Some(s) = &r.status {
                    lines.push(format!("  status: {s}"));
                }
                if let Some(f) = &r.file_message {
                    lines.push(format!("  file: {}", f.file_url.as_deref().unwrap_or("?")));
                }
                for b in [
                    &r.richcard_message,
                    &r.suggested_chip_list,
                    &r.suggested_response,
                ]
                .into_iter()
                .flatten()
                {
                    violations.extend(b.validate(&Profile::GSMA));
                }
            }
            let value = serde_json::from_slice(&m.to_bytes()).unwrap_or(Value::Null);
            let rcs_chatbot::Parsed { value: m, warnings } = p;
            if let Some(r) = m.rcs_message {
                let r = *r;
                bodies.extend(
                    [
                        r.richcard_message,
                        r.suggested_chip_list,
                        r.suggested_response,
                    ]
                    .into_iter()
                    .flatten()
                    .map(|b| ("  ".to_owned(), *b)),
                );
            }
            (value, warnings, violations, strict)
        }
        _ => {
            use rcs_chatbot::cmcc::OutboundMessageRequest;
            let strict = OutboundMessageRequest::parse(input)
                .err()
                .map(|e| e.to_string());
            let (r, warnings) = match OutboundMessageRequest::parse_with(input, &lenient) {
                Ok(p) => p,
                Err(e) => {
                    term::error(e);
                    return Exit::Failed;
                }
            };
            lines.push(format!(
                "China Mobile outboundMessageRequest to {}",
                r.address.join(", ")
            ));
            let mut violations = Vec::new();
            if let Some(m) = &r.message {
                if let Some(t) = &m.sms_body_text {
                    lines.push(format!("  SMS fallback: {t}"));
                }
                if let Some(t) = &m.rcs_body_text {
                    lines.push(format!("  UP1.0 fallback: {t}"));
                }
                if let (Some(ct), Some(body)) = (&m.content_type, &m.body_text) {
                    match rcs_chatbot::multipart::boundary(ct) {
                        Some(b) => match rcs_chatbot::multipart::parse(body, b, &lenient) {
                            Ok((parts, _)) => {
                                for (i, part) in parts.iter().enumerate() {
                                    lines.push(format!(
                                        "  part {} {} ({} bytes)",
                                        i + 1,
                                        part.content_type().unwrap_or("?"),
                                        part.body.len()
                                    ));
                                    if let Ok(p) =
                                        ChatbotBody::parse_with(part.body.as_bytes(), &lenient)
                                    {
                                        violations.extend(p.value.validate(&Profile::CMCC));
                                        bodies.push(("    ".to_owned(), p.value.into_owned()));
                                    }
                                }
                            }
                            Err(e) => lines.push(format!("  ! bodyText: {e}")),
                        },
                        None => lines.push(format!("  body ({ct}): {body}")),
                    }
                }
            }
            let value = json!({ "xml": r.to_xml() });
            (value, warnings, violations, strict)
        }
    };
    let written = if args.json {
        writeln!(
            out,
            "{}",
            json!({
                "protocol": "chatbot",
                "kind": protocol,
                "warnings": warnings.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "violations": violations.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "document": value,
            })
        )
    } else {
        (|| {
            for l in &lines {
                writeln!(out, "{l}")?;
            }
            for (indent, b) in &bodies {
                body_tree(b, indent, out)?;
            }
            notes(out, "", &warnings, &violations)
        })()
    };
    let status = status(
        strict_err.as_ref().map(|e| e as &dyn core::fmt::Display),
        &violations,
    );
    term::finish(written, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_without_a_value_tree() {
        let keys = |s: &str| top_level_keys(s.as_bytes());
        assert_eq!(
            keys(
                r#" { "a" : {"x":[1,{"}":"]"}]}, "b\"c":"v,}\\", "n": -1.5e3, "t":true, "z":null } "#
            ),
            Some(vec![
                "a".into(),
                "b\"c".into(),
                "n".into(),
                "t".into(),
                "z".into()
            ])
        );
        assert_eq!(keys("{}"), Some(vec![]));
        for bad in [
            "[]",
            "\"s\"",
            "{",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":\"x",
            "{1:2}",
            "",
        ] {
            assert_eq!(keys(bad), None, "{bad}");
        }
        // Deep nesting costs nothing but a counter.
        let deep = format!("{{\"m\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(keys(&deep), Some(vec!["m".into()]));
        assert_eq!(detect(br#"{"ttl":"3s","contentMessage":{}}"#), Some("rbm"));
        assert_eq!(detect(br#"{"event":"x","file":{}}"#), Some("maap-fnw11"));
    }
}
