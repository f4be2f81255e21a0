//! `rcs preview`: a chatbot message as a phone lays it out, beside what a phone without RCS
//! receives, as one self-contained HTML page. The layout is the library's
//! (`rcs_chatbot::layout::Screen`); this module reads the inputs and writes HTML.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write;

use rcs_chatbot::cmcc::{OutboundImMessage, OutboundMessageRequest};
use rcs_chatbot::ctcu::{ContentText, MessageRequest};
use rcs_chatbot::fnw11::{MaapMessage, RcsMessage};
use rcs_chatbot::layout::{
    Bubble, CardView, Chip, ChipAction, Element, MediaKind, MediaView, MenuItem, Screen, ShownText,
};
use rcs_chatbot::rbm::AgentMessage;
use rcs_chatbot::{ChatbotBody, ParseOptions, PersistentMenu, Profile};
use rcs_fallback::rich::{self, CspFallback, FetchedMedia, FileRef, Policy, RichMessage, Target};
use sha2::Digest;

use crate::chatbot::ProfileName;
use crate::term::{self, Exit};

/// `rcs preview`.
#[derive(Debug, clap::Args)]
#[command(
    about = "Render a chatbot message as a phone shows it, beside its SMS/MMS fallback (HTML)",
    long_about = "Renders a chatbot message as one self-contained HTML page: the message as an \
RCS phone lays it out (rich card with its orientation, media height and position, title, \
description, suggestions; carousel with its card width, scrolling sideways; chip list; \
persistent menu with its submenus; text and file messages), beside what a phone without RCS \
receives (the SMS segments with encoding and count, the smart SMS, the MMS slides), with every \
violation of the profile marked on the element it concerns. Reads GSMA bodies and menus, CT/CU \
and FNW.11 requests, China Mobile XML and RBM AgentMessages. The page loads nothing from the \
network and runs no script: media referenced by URL are shown as labelled placeholders unless \
--media maps the URL to a local image.",
    after_help = "Exit status: 0 rendered, 1 not a chatbot message, 2 usage error, 3 rendered with violations."
)]
pub(crate) struct PreviewArgs {
    /// The limit profile [default: the document's own: gsma, ctcu for CT/CU, cmcc for China
    /// Mobile, rbm for RBM]
    #[arg(long, value_enum)]
    profile: Option<ProfileName>,
    /// Write the page to FILE instead of stdout
    #[arg(long, value_name = "FILE")]
    out: Option<String>,
    /// Show the image FILE (PNG, JPEG, GIF, WebP) for media at URL (repeatable)
    #[arg(long, value_name = "URL=FILE", value_parser = media_arg)]
    media: Vec<(String, String)>,
    /// The signature of the smart SMS (【signature】); without it no smart SMS is shown
    #[arg(long, value_name = "TEXT")]
    signature: Option<String>,
    /// The most SMS segments of the SMS fallback
    #[arg(long, value_name = "N", default_value_t = 3, value_parser = clap::value_parser!(u8).range(1..))]
    max_segments: u8,
    /// Print the layout model and the fallbacks as JSON instead of the page
    #[arg(long)]
    json: bool,
    /// The message; '-' reads stdin
    #[arg(value_name = "FILE|-")]
    file: String,
}

fn media_arg(v: &str) -> Result<(String, String), String> {
    // A URL may hold '=' (a query); a file name rarely does.
    v.rsplit_once('=')
        .filter(|(u, f)| !u.is_empty() && !f.is_empty())
        .map(|(u, f)| (u.to_owned(), f.to_owned()))
        .ok_or_else(|| "URL=FILE".to_owned())
}

/// A chatbot document of any kind `rcs preview` and `rcs fallback card` read.
pub(crate) enum Source<'a> {
    /// A GSMA body (botmessage, botsuggestion).
    Body(ChatbotBody<'a>),
    /// A persistent menu.
    Menu(PersistentMenu<'a>),
    /// An RBM AgentMessage.
    Rbm(Box<AgentMessage<'a>>),
    /// A CT/CU send request.
    Ctcu(Box<MessageRequest<'a>>),
    /// An FNW.11 RCSMessage.
    Maap(Box<RcsMessage<'a>>),
    /// A China Mobile outboundIMMessage.
    Cmcc(Box<OutboundImMessage>),
}

/// What a fallback is made from.
pub(crate) enum FallbackInput {
    /// A chatbot body (cards and chips merged from the document's parts).
    Body(ChatbotBody<'static>),
    /// A text message.
    Text(String),
    /// A file message.
    File {
        url: String,
        content_type: String,
        name: Option<String>,
        size: Option<u64>,
    },
}

impl FallbackInput {
    /// As the fallback library takes it.
    pub(crate) fn message(&self) -> RichMessage<'_, 'static> {
        match self {
            Self::Body(b) => RichMessage::Chatbot(b),
            Self::Text(t) => RichMessage::Text(t),
            Self::File {
                url,
                content_type,
                name,
                size,
            } => RichMessage::File(FileRef {
                url,
                content_type,
                name: name.as_deref(),
                size: *size,
            }),
        }
    }
}

/// A card (or carousel) body and a chip-list body as one body.
fn merge(
    card: Option<&ChatbotBody<'_>>,
    chips: Option<&ChatbotBody<'_>>,
) -> Option<ChatbotBody<'static>> {
    if card.is_none() && chips.is_none() {
        return None;
    }
    let mut out = card.cloned().unwrap_or_default().into_owned();
    if let Some(c) = chips.and_then(|c| c.suggestions.clone()) {
        out.suggestions
            .get_or_insert_with(Vec::new)
            .extend(c.into_iter().map(rcs_chatbot::Suggestion::into_owned));
    }
    Some(out)
}

impl<'a> Source<'a> {
    /// Reads `input` as the document it looks like.
    pub(crate) fn read(input: &'a [u8]) -> Result<Self, String> {
        let lenient = ParseOptions::lenient();
        let kind = crate::chatbot::detect(input).ok_or(
            "not a chatbot message: a GSMA body or menu, CT/CU or FNW.11 request, China Mobile XML or RBM AgentMessage",
        )?;
        let err = |e: rcs_chatbot::DecodeError| e.to_string();
        Ok(match kind {
            "menu" => Self::Menu(
                PersistentMenu::parse_with(input, &lenient)
                    .map_err(err)?
                    .value,
            ),
            "rbm" => Self::Rbm(Box::new(
                AgentMessage::parse_with(input, &lenient)
                    .map_err(err)?
                    .value,
            )),
            "maap-ctcu" => Self::Ctcu(Box::new(
                MessageRequest::parse_with(input, &lenient)
                    .map_err(err)?
                    .value,
            )),
            "maap-fnw11" => {
                let m = MaapMessage::parse_with(input, &lenient).map_err(err)?.value;
                Self::Maap(
                    m.rcs_message
                        .ok_or("an FNW.11 document without RCSMessage")?,
                )
            }
            "maap-cmcc" => {
                let (r, _) = OutboundMessageRequest::parse_with(input, &lenient).map_err(err)?;
                Self::Cmcc(Box::new(
                    r.message
                        .ok_or("an outboundMessageRequest without outboundIMMessage")?,
                ))
            }
            _ => Self::Body(ChatbotBody::parse_with(input, &lenient).map_err(err)?.value),
        })
    }

    /// What the document is.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Body(_) => "GSMA chatbot body",
            Self::Menu(_) => "GSMA persistent menu",
            Self::Rbm(_) => "RBM AgentMessage",
            Self::Ctcu(_) => "CT/CU send request",
            Self::Maap(_) => "FNW.11 RCSMessage",
            Self::Cmcc(_) => "China Mobile outboundIMMessage",
        }
    }

    /// The profile of the platform the document is written for.
    pub(crate) fn default_profile(&self) -> Profile {
        match self {
            Self::Rbm(_) => Profile::RBM,
            Self::Ctcu(_) => Profile::CTCU,
            Self::Cmcc(_) => Profile::CMCC,
            _ => Profile::GSMA,
        }
    }

    /// The layout, violations placed.
    pub(crate) fn screen(&self, profile: &Profile) -> Screen {
        match self {
            Self::Body(b) => Screen::from_body(b, profile),
            Self::Menu(m) => Screen::from_menu(m, profile),
            Self::Rbm(m) => Screen::from_rbm(m, profile),
            Self::Ctcu(r) => Screen::from_ctcu(r, profile),
            Self::Maap(m) => Screen::from_maap(m, profile),
            Self::Cmcc(m) => Screen::from_cmcc(m, profile),
        }
    }

    /// What the fallback is made from, and the CSP's own fallback content; `None` for a menu.
    pub(crate) fn fallback_input(&self) -> Option<(FallbackInput, CspFallback<'_>)> {
        let none = CspFallback::default();
        match self {
            Self::Body(b) => Some((FallbackInput::Body(b.clone().into_owned()), none)),
            Self::Menu(_) => None,
            Self::Rbm(m) => {
                let (card, chips) = m.to_gsma();
                let text = m.content_message.as_ref().and_then(|c| c.text.as_deref());
                // A text with chips falls back as its text.
                if (card.is_some() || text.is_none())
                    && let Some(b) = merge(card.as_ref(), chips.as_ref())
                {
                    return Some((FallbackInput::Body(b), none));
                }
                text.map(|t| (FallbackInput::Text(t.to_owned()), none))
            }
            Self::Ctcu(r) => {
                let csp = CspFallback::from_ctcu(r);
                let parts: Vec<&ContentText<'_>> = r
                    .message_list
                    .iter()
                    .flatten()
                    .filter_map(|p| p.content_text.as_ref())
                    .collect();
                let bodies: Vec<&ChatbotBody<'_>> = parts
                    .iter()
                    .filter_map(|c| match c {
                        ContentText::Body(b) => Some(&**b),
                        _ => None,
                    })
                    .collect();
                let card = bodies.iter().copied().find(|b| b.message.is_some());
                let chips = bodies.iter().copied().find(|b| b.suggestions.is_some());
                if let Some(b) = merge(card, chips).filter(|_| card.is_some()) {
                    return Some((FallbackInput::Body(b), csp));
                }
                let text = parts.iter().find_map(|c| match c {
                    ContentText::Text(t) => Some(t.to_string()),
                    _ => None,
                });
                if let Some(t) = text {
                    return Some((FallbackInput::Text(t), csp));
                }
                let file = parts.iter().find_map(|c| match c {
                    ContentText::Files(f) => f.iter().find(|f| {
                        !f.kind
                            .as_deref()
                            .is_some_and(|k| k.eq_ignore_ascii_case("thumbnail"))
                    }),
                    _ => None,
                });
                if let Some(f) = file {
                    return Some((
                        FallbackInput::File {
                            url: f.url.as_deref().unwrap_or_default().to_owned(),
                            content_type: f
                                .content_type
                                .as_deref()
                                .unwrap_or("application/octet-stream")
                                .to_owned(),
                            name: f.file_name.as_deref().map(str::to_owned),
                            size: f.file_size.as_ref().and_then(|n| n.value()),
                        },
                        csp,
                    ));
                }
                merge(None, chips).map(|b| (FallbackInput::Body(b), csp))
            }
            Self::Maap(m) => {
                if let Some(b) = merge(
                    m.richcard_message.as_deref(),
                    m.suggested_chip_list.as_deref(),
                )
                .filter(|_| m.richcard_message.is_some() || m.text_message.is_none())
                {
                    return Some((FallbackInput::Body(b), none));
                }
                if let Some(t) = &m.text_message {
                    return Some((FallbackInput::Text(t.to_string()), none));
                }
                m.file_message.as_ref().map(|f| {
                    (
                        FallbackInput::File {
                            url: f.file_url.as_deref().unwrap_or_default().to_owned(),
                            content_type: f
                                .file_mime_type
                                .as_deref()
                                .unwrap_or("application/octet-stream")
                                .to_owned(),
                            name: f.file_name.as_deref().map(str::to_owned),
                            size: f.file_size.as_ref().and_then(|n| n.value()),
                        },
                        none,
                    )
                })
            }
            Self::Cmcc(m) => {
                let csp = CspFallback::from_cmcc(m);
                let lenient = ParseOptions::lenient();
                let text = m.body_text.as_deref().unwrap_or_default();
                let parts: Vec<&str> = m
                    .content_type
                    .as_deref()
                    .and_then(rcs_chatbot::multipart::boundary)
                    .and_then(|b| rcs_chatbot::multipart::parse(text, b, &lenient).ok())
                    .map(|(p, _)| p.iter().map(|p| p.body).collect())
                    .unwrap_or_else(|| vec![text]);
                let bodies: Vec<ChatbotBody<'_>> = parts
                    .iter()
                    .filter_map(|p| ChatbotBody::parse_with(p.as_bytes(), &lenient).ok())
                    .map(|p| p.value)
                    .filter(|b| b.kind().is_some())
                    .collect();
                let card = bodies.iter().find(|b| b.message.is_some());
                let chips = bodies.iter().find(|b| b.suggestions.is_some());
                match merge(card, chips) {
                    Some(b) => Some((FallbackInput::Body(b), csp)),
                    None => Some((FallbackInput::Text(text.to_owned()), csp)),
                }
            }
        }
    }
}

/// One fallback as the page shows it.
#[derive(Debug, serde::Serialize)]
struct FallbackView {
    target: &'static str,
    /// Why there is none.
    error: Option<String>,
    text: String,
    encoding: Option<&'static str>,
    /// Each SMS segment's text.
    segments: Vec<String>,
    /// The MMS parts: (content type, text or name).
    mms_parts: Vec<(String, String)>,
    mms_size: Option<usize>,
    notes: Vec<String>,
}

fn fallbacks(source: &Source<'_>, args: &PreviewArgs) -> Vec<FallbackView> {
    let Some((input, csp)) = source.fallback_input() else {
        return Vec::new();
    };
    let message = input.message();
    let policy = Policy {
        max_segments: args.max_segments,
        signature: args.signature.clone(),
        ..Policy::default()
    };
    let mut targets = vec![Target::Sms];
    if args.signature.is_some() {
        targets.push(Target::SmartSms);
    }
    targets.push(Target::Mms);
    let mut out = Vec::new();
    for target in targets {
        let mut keep = |u: &str| u.to_string();
        let mut nothing = |_: &str| -> Option<FetchedMedia> { None };
        let mut view = FallbackView {
            target: target.name(),
            error: None,
            text: String::new(),
            encoding: None,
            segments: Vec::new(),
            mms_parts: Vec::new(),
            mms_size: None,
            notes: Vec::new(),
        };
        match rich::fallback(&message, &csp, target, &policy, &mut keep, &mut nothing) {
            Ok(f) => {
                view.notes = f
                    .notes
                    .iter()
                    .map(|n| format!("{:?}: {}", n.kind, n.detail))
                    .collect();
                view.encoding = f.encoding;
                if let Ok(plan) = rcs_fallback::SmsPlan::new(&f.text, &policy.sms)
                    && f.mms.is_none()
                {
                    view.segments = (0..plan.segments())
                        .filter_map(|i| plan.part_text(i).map(str::to_owned))
                        .collect();
                }
                if let Some(bytes) = &f.mms {
                    view.mms_size = Some(bytes.len());
                    view.mms_parts = mms_parts(bytes);
                }
                view.text = f.text;
            }
            Err(e) => view.error = Some(e.to_string()),
        }
        out.push(view);
    }
    out
}

/// An MMS's parts other than its SMIL: (content type, text or location).
fn mms_parts(bytes: &[u8]) -> Vec<(String, String)> {
    use rcs_fallback::mms::{Body, MmsPdu};
    let Ok(pdu) = MmsPdu::parse(bytes) else {
        return Vec::new();
    };
    let Body::Multipart(parts) = &pdu.body else {
        return Vec::new();
    };
    parts
        .iter()
        .filter_map(|p| {
            let ct = p.content_type().map(|c| c.media_type).unwrap_or_default();
            if ct.eq_ignore_ascii_case("application/smil") {
                return None;
            }
            let shown = p
                .text()
                .or_else(|| p.content_location())
                .unwrap_or_else(|| format!("{} octets", p.data.len()));
            Some((ct, shown))
        })
        .collect()
}

/// `rcs preview ...`.
pub(crate) fn preview(args: &PreviewArgs, out: &mut impl Write) -> Exit {
    let input = match crate::read_input(&args.file) {
        Ok(i) => i,
        Err(exit) => return exit,
    };
    let media = match load_media(&args.media) {
        Ok(m) => m,
        Err(e) => {
            term::error(e);
            return Exit::Usage;
        }
    };
    let source = match Source::read(&input) {
        Ok(s) => s,
        Err(e) => {
            term::error(e);
            return Exit::Failed;
        }
    };
    let profile = args
        .profile
        .map_or_else(|| source.default_profile(), ProfileName::profile);
    let mut screen = source.screen(&profile);
    let fallbacks = fallbacks(&source, args);
    let violations = screen.mark_count();
    let status = if violations == 0 {
        Exit::Ok
    } else {
        Exit::Invalid
    };
    let page = if args.json {
        let v = serde_json::json!({
            "kind": source.name(),
            "profile": profile.name,
            "violations": violations,
            "screen": screen,
            "fallbacks": fallbacks,
        });
        format!("{v}\n")
    } else {
        Page {
            media: &media,
            html: String::new(),
        }
        .render(source.name(), &screen, violations, &fallbacks)
    };
    match &args.out {
        Some(path) => match std::fs::write(path, page.as_bytes()) {
            Ok(()) => status,
            Err(e) => {
                term::error(format_args!("{path}: {e}"));
                Exit::Usage
            }
        },
        None => term::finish(out.write_all(page.as_bytes()), status),
    }
}

/// The largest image embedded in a page.
const MAX_MEDIA: u64 = 8 << 20;

/// `--media URL=FILE` as data: URIs.
fn load_media(list: &[(String, String)]) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for (url, file) in list {
        let ext = file
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        let ct = match ext.as_str() {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "webp" => "image/webp",
            _ => return Err(format!("--media {file}: PNG, JPEG, GIF or WebP only")),
        };
        let size = std::fs::metadata(file)
            .map_err(|e| format!("--media {file}: {e}"))?
            .len();
        if size > MAX_MEDIA {
            return Err(format!("--media {file}: larger than 8 MiB"));
        }
        let data = std::fs::read(file).map_err(|e| format!("--media {file}: {e}"))?;
        out.insert(
            url.clone(),
            format!("data:{ct};base64,{}", rcs_base::base64::encode(&data)),
        );
    }
    Ok(out)
}

/// Text for HTML: every character that could start or end markup or an attribute escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
*{box-sizing:border-box}
body{margin:0;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",sans-serif;background:#eef0f3;color:#1b1d21}
header{padding:12px 16px;background:#fff;border-bottom:1px solid #d8dbe0}
header h1{font-size:17px;margin:0 0 4px}
header p{margin:0;color:#555;overflow-wrap:anywhere}
.page{display:flex;flex-wrap:wrap;gap:16px;padding:16px;align-items:flex-start}
.phone{flex:0 1 380px;max-width:100%;background:#fff;border:1px solid #cfd3da;border-radius:24px;padding:14px 12px;min-width:0}
.phone h2,.fallback h2{font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:#666;margin:0 0 8px}
.fallback{flex:1 1 320px;min-width:0;max-width:100%}
.bubble{margin:0 0 10px;max-width:100%}
.text{background:#f0f2f5;border-radius:16px;padding:8px 12px;white-space:pre-wrap;overflow-wrap:anywhere;display:inline-block;max-width:100%}
.card{border:1px solid #d8dbe0;border-radius:14px;overflow:hidden;background:#fff;max-width:100%}
.card.horizontal .row{display:flex}
.card.horizontal.side-right .row{flex-direction:row-reverse}
.card.horizontal .media-wrap{flex:0 0 40%;min-width:0}
.card.horizontal .media{min-height:112px}
.card .body{padding:10px 12px;min-width:0;flex:1}
.title{font-weight:600;margin:0 0 4px;overflow-wrap:anywhere}
.description{margin:0 0 6px;color:#3a3d44;white-space:pre-wrap;overflow-wrap:anywhere}
.st-bold{font-weight:700}.st-italics{font-style:italic}.st-underline{text-decoration:underline}
.media{background:#dfe3ea;display:flex;flex-direction:column;justify-content:center;align-items:center;color:#3a3d44;font-size:12px;padding:6px;text-align:center;overflow:hidden}
.media img{width:100%;height:100%;object-fit:cover;display:block}
.media.image-shown{padding:0}
.media .url{overflow-wrap:anywhere;color:#555;max-width:100%}
.h-short{height:112px}.h-medium{height:168px}.h-tall{height:264px}
.carousel{display:flex;gap:8px;overflow-x:auto;padding-bottom:6px;max-width:100%}
.carousel>.card{flex:0 0 auto}
.w-small{width:120px}.w-medium{width:232px}
.card-chips{display:flex;flex-direction:column;border-top:1px solid #e3e6ea}
.card-chips .chip{border:0;border-radius:0;border-bottom:1px solid #e3e6ea;text-align:center;justify-content:center;white-space:normal;flex-wrap:wrap;overflow-wrap:anywhere}
.card-chips .chip .act{display:none}
.chips{display:flex;gap:6px;overflow-x:auto;padding:6px 0;max-width:100%}
.chip{display:inline-flex;align-items:center;gap:4px;border:1px solid #1a73e8;color:#1a73e8;border-radius:16px;padding:5px 10px;white-space:nowrap;font-size:14px;background:#fff;flex:0 0 auto}
.chip .act{color:#555;font-size:11px;max-width:14em;overflow:hidden;text-overflow:ellipsis}
.chips .chip{flex-direction:column;align-items:flex-start}
.menu{border-top:1px solid #d8dbe0;margin-top:10px;padding-top:8px}
.menu ul{list-style:none;margin:0;padding:0 0 0 12px}
.menu>ul{padding:0}
.menu li{margin:4px 0}
.menu summary{cursor:default;font-weight:600}
.not-shown{opacity:.45;outline:2px dashed #b3261e}
.not-shown-note{display:block;color:#b3261e;font-size:11px;white-space:normal}
.cut-note{color:#b3261e;font-size:11px;display:block;font-weight:400;font-style:normal;text-decoration:none}
.has-violation{outline:2px solid #b3261e;outline-offset:1px}
.violations{list-style:none;margin:4px 0;padding:0}
.violation{color:#fff;background:#b3261e;border-radius:6px;padding:2px 6px;margin:2px 0;font-size:12px;overflow-wrap:anywhere;white-space:normal;display:block;text-align:left;font-weight:400;font-style:normal;text-decoration:none}
.seg{background:#fff;border:1px solid #d8dbe0;border-radius:10px;padding:8px 10px;margin:0 0 6px;white-space:pre-wrap;overflow-wrap:anywhere}
.seg b{display:block;font-size:11px;color:#666}
.fb{background:#fff;border:1px solid #cfd3da;border-radius:14px;padding:10px 12px;margin:0 0 12px}
.fb h3{font-size:15px;margin:0 0 6px}
.fb .meta{color:#555;font-size:13px;margin:0 0 6px}
.fb .notes{font-size:12px;color:#555;margin:4px 0 0;padding-left:18px;overflow-wrap:anywhere}
.file{display:flex;gap:8px;align-items:center;background:#f0f2f5;border-radius:14px;padding:8px;overflow-wrap:anywhere}
.file .media{flex:0 0 64px;height:64px}
.summary{font-weight:600}
@media (max-width:700px){.page{padding:8px;gap:8px}.phone{flex-basis:100%;border-radius:16px}}
"#;

/// The page being written.
struct Page<'m> {
    /// Media URLs with a local image (data: URIs).
    media: &'m HashMap<String, String>,
    html: String,
}

impl Page<'_> {
    fn render(
        mut self,
        kind: &str,
        screen: &Screen,
        violations: usize,
        fallbacks: &[FallbackView],
    ) -> String {
        let hash = rcs_base::base64::encode(&sha2::Sha256::digest(STYLE.as_bytes()));
        // No script may run and nothing may be fetched: only this style and data: images.
        let csp = format!(
            "default-src 'none'; img-src data:; style-src 'sha256-{hash}'; base-uri 'none'; form-action 'none'"
        );
        let _ = write!(
            self.html,
            "<!DOCTYPE html>\n<html lang=\"und\"><head><meta charset=\"utf-8\">\
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"referrer\" content=\"no-referrer\">\
<title>rcs preview: {}</title><style>{STYLE}</style></head><body>\n",
            esc(kind)
        );
        let _ = write!(
            self.html,
            "<header><h1>{}</h1><p class=\"summary\" data-violations=\"{violations}\">{}</p></header>\n<main class=\"page\">",
            esc(kind),
            if violations == 0 {
                format!("No violations of the {} profile.", esc(screen.profile))
            } else {
                format!(
                    "{violations} violation{} of the {} profile, marked where they are.",
                    if violations == 1 { "" } else { "s" },
                    esc(screen.profile)
                )
            }
        );
        self.html
            .push_str("<section class=\"phone\" aria-label=\"RCS phone\"><h2>RCS phone</h2>");
        self.marks_list(&screen.marks, "");
        for b in &screen.bubbles {
            self.bubble(b);
        }
        if !screen.chips.is_empty() || screen.chip_list.is_some() {
            let list = screen.chip_list.as_ref();
            self.html.push_str("<div class=\"bubble chip-list\"");
            self.pointer_attr(list);
            self.html.push('>');
            if let Some(l) = list {
                self.marks_list(&l.marks, &l.pointer);
            }
            self.html.push_str("<div class=\"chips\">");
            for c in &screen.chips {
                self.chip(c);
            }
            self.html.push_str("</div></div>");
        }
        if let Some(m) = &screen.menu {
            self.html.push_str("<nav class=\"menu\"");
            self.pointer_attr(Some(&m.element));
            self.html.push_str("><h2>Menu</h2>");
            self.marks_list(&m.element.marks, &m.element.pointer);
            self.menu(&m.entries);
            self.html.push_str("</nav>");
        }
        self.html.push_str("</section>\n<section class=\"fallback\" aria-label=\"Without RCS\"><h2>Without RCS</h2>");
        if fallbacks.is_empty() {
            self.html
                .push_str("<div class=\"fb\"><p class=\"meta\">A persistent menu has no SMS or MMS fallback.</p></div>");
        }
        for f in fallbacks {
            self.fallback(f);
        }
        self.html.push_str("</section></main></body></html>\n");
        self.html
    }

    fn pointer_attr(&mut self, e: Option<&Element>) {
        if let Some(e) = e {
            let _ = write!(self.html, " data-pointer=\"{}\"", esc(&e.pointer));
        }
    }

    fn classes(e: &Element, base: &str) -> String {
        if e.marks.is_empty() {
            base.to_owned()
        } else {
            format!("{base} has-violation")
        }
    }

    /// The marks of the element at `base`, each named by its pointer below the element.
    fn marks_list(&mut self, marks: &[rcs_chatbot::layout::Mark], base: &str) {
        if marks.is_empty() {
            return;
        }
        self.html.push_str("<ul class=\"violations\">");
        for m in marks {
            let below = m
                .pointer
                .strip_prefix(base)
                .filter(|_| !base.is_empty())
                .unwrap_or(&m.pointer)
                .trim_start_matches('/');
            let what = format!("{} ({}, {})", m.rule, m.limit, m.actual);
            let _ = write!(
                self.html,
                "<li class=\"violation\" data-pointer=\"{}\" title=\"{}\">{}{}</li>",
                esc(&m.pointer),
                esc(&m.pointer),
                if below.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", esc(below))
                },
                esc(&what)
            );
        }
        self.html.push_str("</ul>");
    }

    fn text(&mut self, t: &ShownText) {
        self.html.push_str(&esc(&t.text));
        if let Some(c) = t.cut {
            let _ = write!(
                self.html,
                "<span class=\"cut-note\">cut at {} {} (it has {})</span>",
                c.max, c.unit, c.length
            );
        }
    }

    fn styled(t: &ShownText, base: &str) -> String {
        let mut c = base.to_owned();
        for s in &t.styles {
            let _ = write!(c, " st-{s}");
        }
        c
    }

    fn bubble(&mut self, b: &Bubble) {
        match b {
            Bubble::Text(t) => {
                let _ = write!(
                    self.html,
                    "<div class=\"bubble\"><div class=\"{}\" data-pointer=\"{}\">",
                    Self::classes(&t.element, "text"),
                    esc(&t.element.pointer)
                );
                self.text(&t.text);
                self.marks_list(&t.element.marks, &t.element.pointer);
                self.html.push_str("</div></div>");
            }
            Bubble::File(f) => {
                let _ = write!(
                    self.html,
                    "<div class=\"bubble\"><div class=\"{}\" data-pointer=\"{}\">",
                    Self::classes(&f.element, "file"),
                    esc(&f.element.pointer)
                );
                let thumb = f.thumbnail_url.as_deref().unwrap_or(&f.url);
                self.placeholder(thumb, f.media_kind, "", None);
                let _ = write!(
                    self.html,
                    "<div><div class=\"title\">{}</div><div class=\"meta\">{}{}</div></div>",
                    esc(f.name.as_deref().unwrap_or(&f.url)),
                    esc(f.content_type.as_deref().unwrap_or("file")),
                    f.size.map(|s| format!(", {s} bytes")).unwrap_or_default()
                );
                self.marks_list(&f.element.marks, &f.element.pointer);
                self.html.push_str("</div></div>");
            }
            Bubble::Card(c) => {
                self.html.push_str("<div class=\"bubble\">");
                self.card(c);
                self.html.push_str("</div>");
            }
            Bubble::Carousel(k) => {
                let _ = write!(
                    self.html,
                    "<div class=\"bubble\" data-pointer=\"{}\">",
                    esc(&k.element.pointer)
                );
                self.marks_list(&k.element.marks, &k.element.pointer);
                let _ = write!(
                    self.html,
                    "<div class=\"{}\" aria-label=\"carousel, {} cards\">",
                    Self::classes(&k.element, "carousel"),
                    k.card_width
                );
                for c in &k.cards {
                    self.card(c);
                }
                self.html.push_str("</div></div>");
            }
            _ => {}
        }
    }

    fn placeholder(&mut self, url: &str, kind: MediaKind, height: &str, e: Option<&MediaView>) {
        let kind_name = match kind {
            MediaKind::Image => "image",
            MediaKind::Gif => "GIF",
            MediaKind::Video => "video",
            MediaKind::Audio => "audio",
            _ => "file",
        };
        let class = match e {
            Some(m) => Self::classes(&m.element, &format!("media {height}")),
            None => format!("media {height}"),
        };
        let pointer = e
            .map(|m| format!(" data-pointer=\"{}\"", esc(&m.element.pointer)))
            .unwrap_or_default();
        match self.media.get(url) {
            Some(data) => {
                let _ = write!(
                    self.html,
                    "<div class=\"{class} image-shown\"{pointer}><img src=\"{}\" alt=\"{}\"></div>",
                    esc(data),
                    esc(e
                        .and_then(|m| m.description.as_deref())
                        .unwrap_or(kind_name))
                );
            }
            None => {
                let _ = write!(
                    self.html,
                    "<div class=\"{class}\"{pointer} role=\"img\" aria-label=\"{kind_name} {}\"><span>{kind_name} (not loaded)</span><span class=\"url\">{}</span>",
                    esc(url),
                    esc(url)
                );
                self.html.push_str("</div>");
            }
        }
        // Notes and marks go under the media box, whose height is fixed.
        if let Some(m) = e {
            if let Some(asked) = m.height_asked {
                let _ = write!(
                    self.html,
                    "<span class=\"cut-note\">{asked} height is not available here: shown {}</span>",
                    m.height.unwrap_or("medium")
                );
            }
            self.marks_list(&m.element.marks, &m.element.pointer);
        }
    }

    fn card(&mut self, c: &CardView) {
        let mut class = Self::classes(&c.element, &format!("card {}", c.orientation));
        if let Some(side) = c.media_side {
            let _ = write!(class, " side-{side}");
        }
        if let Some(w) = c.width_dp {
            class.push_str(if w <= 120 { " w-small" } else { " w-medium" });
        }
        if !c.shown {
            class.push_str(" not-shown");
        }
        let _ = write!(
            self.html,
            "<article class=\"{class}\" data-pointer=\"{}\">",
            esc(&c.element.pointer)
        );
        if let Some(m) = &c.media {
            let height = m.height.map(|h| format!("h-{h}")).unwrap_or_default();
            // A local image for the media, else for its thumbnail, else a placeholder.
            let url = if self.media.contains_key(&m.url) {
                &m.url
            } else {
                m.thumbnail_url
                    .as_deref()
                    .filter(|t| self.media.contains_key(*t))
                    .unwrap_or(&m.url)
            };
            self.html
                .push_str("<div class=\"row\"><div class=\"media-wrap\">");
            self.placeholder(url, m.kind, &height, Some(m));
            self.html.push_str("</div>");
        } else {
            self.html.push_str("<div class=\"row\">");
        }
        self.html.push_str("<div class=\"body\">");
        if !c.shown {
            self.html.push_str(
                "<span class=\"not-shown-note\">not shown: past the profile's number of cards</span>",
            );
        }
        self.marks_list(&c.element.marks, &c.element.pointer);
        for (t, base) in [(&c.title, "title"), (&c.description, "description")] {
            if let Some(t) = t {
                let _ = write!(
                    self.html,
                    "<div class=\"{}\" data-pointer=\"{}\">",
                    Self::classes(&t.element, &Self::styled(&t.text, base)),
                    esc(&t.element.pointer)
                );
                self.text(&t.text);
                self.marks_list(&t.element.marks, &t.element.pointer);
                self.html.push_str("</div>");
            }
        }
        self.html.push_str("</div></div>");
        if !c.suggestions.is_empty() {
            self.html.push_str("<div class=\"card-chips\">");
            for s in &c.suggestions {
                self.chip(s);
            }
            self.html.push_str("</div>");
        }
        self.html.push_str("</article>");
    }

    fn chip(&mut self, c: &Chip) {
        let mut class = Self::classes(&c.element, "chip");
        if !c.shown {
            class.push_str(" not-shown");
        }
        let act = match &c.action {
            ChipAction::Reply => String::new(),
            ChipAction::OpenUrl { url } => format!("open {url}"),
            ChipAction::Dial { number } => format!("call {number}"),
            ChipAction::ShowLocation { place } => format!("map {place}"),
            ChipAction::RequestLocation => "share location".into(),
            ChipAction::Calendar { start, .. } => format!("calendar {start}"),
            ChipAction::Compose { number } => format!("write to {number}"),
            ChipAction::DeviceSpecifics => "device specifics".into(),
            ChipAction::Settings => "settings".into(),
            _ => "(no valid action)".into(),
        };
        let _ = write!(
            self.html,
            "<span class=\"{class}\" data-pointer=\"{}\" title=\"{}\"><span class=\"label\">",
            esc(&c.element.pointer),
            esc(&act)
        );
        self.text(&c.label);
        self.html.push_str("</span>");
        if !act.is_empty() {
            let short: String = act.chars().take(32).collect();
            let _ = write!(self.html, "<span class=\"act\">{}</span>", esc(&short));
        }
        if !c.shown {
            self.html.push_str(
                "<span class=\"not-shown-note\">not shown: past the profile's count</span>",
            );
        }
        self.marks_list(&c.element.marks, &c.element.pointer);
        self.html.push_str("</span>");
    }

    fn menu(&mut self, items: &[MenuItem]) {
        self.html.push_str("<ul>");
        for i in items {
            self.html.push_str("<li>");
            match i {
                MenuItem::Chip(c) => self.chip(c),
                MenuItem::Submenu {
                    element,
                    label,
                    entries,
                    shown,
                } => {
                    let mut class = Self::classes(element, "submenu");
                    if !shown {
                        class.push_str(" not-shown");
                    }
                    let _ = write!(
                        self.html,
                        "<details open class=\"{class}\" data-pointer=\"{}\"><summary>",
                        esc(&element.pointer)
                    );
                    self.text(label);
                    self.html.push_str("</summary>");
                    self.marks_list(&element.marks, &element.pointer);
                    self.menu(entries);
                    self.html.push_str("</details>");
                }
                _ => {}
            }
            self.html.push_str("</li>");
        }
        self.html.push_str("</ul>");
    }

    fn fallback(&mut self, f: &FallbackView) {
        let title = match f.target {
            "sms" => "SMS",
            "smart-sms" => "Smart SMS",
            "mms" => "MMS",
            other => other,
        };
        let _ = write!(
            self.html,
            "<div class=\"fb fb-{}\"><h3>{title}</h3>",
            esc(f.target)
        );
        if let Some(e) = &f.error {
            let _ = write!(self.html, "<p class=\"meta\">none: {}</p></div>", esc(e));
            return;
        }
        if f.target == "mms" {
            let _ = write!(
                self.html,
                "<p class=\"meta\">m-send-req, {} octets; media ride as links (not fetched)</p>",
                f.mms_size.unwrap_or(0)
            );
            for (i, (ct, shown)) in f.mms_parts.iter().enumerate() {
                let _ = write!(
                    self.html,
                    "<div class=\"seg\"><b>slide part {} · {}</b>{}</div>",
                    i + 1,
                    esc(ct),
                    esc(shown)
                );
            }
        } else {
            let _ = write!(
                self.html,
                "<p class=\"meta\">{} segment{}, {}</p>",
                f.segments.len(),
                if f.segments.len() == 1 { "" } else { "s" },
                esc(f.encoding.unwrap_or("?"))
            );
            for (i, s) in f.segments.iter().enumerate() {
                let _ = write!(
                    self.html,
                    "<div class=\"seg\"><b>segment {} of {}</b>{}</div>",
                    i + 1,
                    f.segments.len(),
                    esc(s)
                );
            }
        }
        if !f.notes.is_empty() {
            self.html.push_str("<ul class=\"notes\">");
            for n in &f.notes {
                let _ = write!(self.html, "<li>{}</li>", esc(n));
            }
            self.html.push_str("</ul>");
        }
        self.html.push_str("</div>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_markup_and_attributes() {
        assert_eq!(
            esc(r#"<script>"x"&'y'</script>"#),
            "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn media_arguments() {
        assert_eq!(
            media_arg("https://a/b.png=pic.png"),
            Ok(("https://a/b.png".into(), "pic.png".into()))
        );
        assert!(media_arg("nofile").is_err());
    }
}
