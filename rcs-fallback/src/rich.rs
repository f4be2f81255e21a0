//! A rich message (text, file, chatbot card or carousel with suggestions) as what a phone
//! without RCS can show: SMS text, a "smart SMS" (【signature】 + text + link), UP 1.0 plain
//! text, or an MMS with SMIL slides. The CSP's own fallback content always wins; the policy
//! bounds segments and size, and the result says what was dropped or cut and why.

use std::fmt::Write as _;

use rcs_chatbot::layout::ChipAction;
use rcs_chatbot::{CardContent, ChatbotBody, Suggestion};

use crate::mms::{MessageType, MmsBuilder, NewPart, field, parts_size};
use crate::sms::{SmsOptions, SmsPlan};

/// What to fall back from.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum RichMessage<'m, 'a> {
    /// A plain text message.
    Text(&'m str),
    /// A file message (FT over HTTP): what the link points at.
    File(FileRef<'m>),
    /// A chatbot message: card, carousel, or a chip list with text.
    Chatbot(&'m ChatbotBody<'a>),
}

/// A file sent by link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FileRef<'m> {
    /// Where the file is.
    pub url: &'m str,
    /// Its content type.
    pub content_type: &'m str,
    /// Its name, if known.
    pub name: Option<&'m str>,
    /// Its size in octets, if known.
    pub size: Option<u64>,
}

/// The CSP's own fallback content (MaaP `smsBodyText`/`smsContent`, `rcsBodyText`, `mms*`):
/// when present for the target, it is used as is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CspFallback<'m> {
    /// The SMS text (also used for a smart SMS).
    pub sms_text: Option<&'m str>,
    /// The UP 1.0 text (`rcsBodyText` with `fallbackContentType` text/plain).
    pub up10_text: Option<&'m str>,
    /// The MMS subject.
    pub mms_subject: Option<&'m str>,
    /// The MMS text.
    pub mms_text: Option<&'m str>,
}

impl<'m> CspFallback<'m> {
    /// The fallback members of a China Mobile `outboundIMMessage`: `smsBodyText` (or
    /// `smBodyText`) unless `shortMessageSupported` is false, `rcsBodyText` when its
    /// `fallbackContentType` is text/plain (or absent), `mmsSubject` and `mmsBodyText`.
    pub fn from_cmcc(m: &'m rcs_chatbot::cmcc::OutboundImMessage) -> Self {
        let mms = |name: &str| {
            m.mms
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        Self {
            sms_text: m
                .sms_body_text
                .as_deref()
                .filter(|_| m.short_message_supported != Some(false)),
            up10_text: m.rcs_body_text.as_deref().filter(|_| {
                m.fallback_content_type
                    .as_deref()
                    .is_none_or(|t| t.starts_with("text/plain"))
            }),
            mms_subject: mms("mmsSubject"),
            mms_text: mms("mmsBodyText"),
        }
    }
}

impl<'m> CspFallback<'m> {
    /// The fallback members of a CT/CU (China Telecom / China Unicom) send request:
    /// `smsContent` unless `smsSupported` is false.
    pub fn from_ctcu(m: &'m rcs_chatbot::ctcu::MessageRequest<'_>) -> Self {
        Self {
            sms_text: m
                .sms_content
                .as_deref()
                .filter(|_| m.sms_supported != Some(false)),
            ..Self::default()
        }
    }
}

/// What to produce. Serializes (feature `serde`) as its [`name`](Self::name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "kebab-case")
)]
pub enum Target {
    /// SMS text, within the policy's segments.
    #[cfg_attr(feature = "serde", serde(alias = "Sms"))]
    Sms,
    /// 【signature】 + short text + one link (H5 page or the card's first link).
    #[cfg_attr(feature = "serde", serde(alias = "SmartSms"))]
    SmartSms,
    /// UP 1.0 plain text (no segment budget).
    #[cfg_attr(feature = "serde", serde(alias = "Text"))]
    Text,
    /// MMS m-send-req: media and text as SMIL slides, within the policy's size.
    #[cfg_attr(feature = "serde", serde(alias = "Mms"))]
    Mms,
}

impl Target {
    /// `"sms"`, `"smart-sms"`, `"text"` or `"mms"`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Sms => "sms",
            Self::SmartSms => "smart-sms",
            Self::Text => "text",
            Self::Mms => "mms",
        }
    }
}

/// What to do with links in text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LinkHandling {
    /// Write them as they are.
    #[default]
    Keep,
    /// Pass them through the caller's [`LinkShortener`].
    Shorten,
    /// Leave link suggestions out (each reported).
    Drop,
}

/// Shortens links (a CSP's short-link service): the caller brings the I/O.
pub trait LinkShortener {
    /// The short form of `url`.
    fn shorten(&mut self, url: &str) -> String;
}

impl<F: FnMut(&str) -> String> LinkShortener for F {
    fn shorten(&mut self, url: &str) -> String {
        self(url)
    }
}

/// A fetched media file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct FetchedMedia {
    /// Its content type.
    pub content_type: String,
    /// Its octets.
    pub data: Vec<u8>,
}

/// Fetches media for an MMS (the caller brings the I/O; `None`: not available).
pub trait MediaSource {
    /// The media at `url`.
    fn fetch(&mut self, url: &str) -> Option<FetchedMedia>;
}

impl<F: FnMut(&str) -> Option<FetchedMedia>> MediaSource for F {
    fn fetch(&mut self, url: &str) -> Option<FetchedMedia> {
        self(url)
    }
}

/// How to fall back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct Policy {
    /// The signature, written 【like this】 first (required for a smart SMS).
    pub signature: Option<String>,
    /// A last line (unsubscribe instructions: `拒收请回复R`).
    pub unsubscribe: Option<String>,
    /// The most SMS segments. Default 3.
    pub max_segments: u8,
    /// Links. Default: kept.
    pub links: LinkHandling,
    /// A numbered reply option: `{n}` and `{label}` replaced. Default `{n}. {label}`.
    pub reply_format: String,
    /// The H5 page that renders the card, for a smart SMS.
    pub smart_link: Option<String>,
    /// SMS planning.
    pub sms: SmsOptions,
    /// The largest MMS in octets. Default 300 KB (the common operator limit).
    pub mms_max_size: usize,
    /// The MMS recipient (To), if known.
    pub mms_to: Option<String>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            signature: None,
            unsubscribe: None,
            max_segments: 3,
            links: LinkHandling::Keep,
            reply_format: "{n}. {label}".into(),
            smart_link: None,
            sms: SmsOptions::default(),
            mms_max_size: 300 * 1024,
            mms_to: None,
        }
    }
}

/// Why the result differs from the message. Serializes (feature `serde`) in kebab case
/// (`"csp-content"`, `"media-as-link"`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize),
    serde(rename_all = "kebab-case")
)]
#[non_exhaustive]
pub enum NoteKind {
    /// The CSP's own fallback content was used.
    CspContent,
    /// Something was left out (a suggestion, a link, a card).
    Dropped,
    /// Text was cut to fit.
    Truncated,
    /// A link was shortened.
    LinkShortened,
    /// Media did not fit or could not be fetched: its link is in the text instead.
    MediaAsLink,
    /// The result is over the budget even after every reduction.
    OverBudget,
}

/// One thing the fallback did.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Note {
    /// What.
    pub kind: NoteKind,
    /// About which item.
    pub detail: String,
}

/// The fallback.
///
/// Serializes (feature `serde`) as `{"target", "text", "encoding", "segments", "mms": the
/// m-send-req in hex or null, "mms_size", "notes": [{"kind", "detail"}]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fallback {
    /// What was produced.
    pub target: Target,
    /// The text (SMS, smart SMS, UP 1.0; for an MMS, its text part).
    pub text: String,
    /// For SMS targets: the encoding name (`gsm7`, `gsm7-nls`, `ucs2`).
    pub encoding: Option<&'static str>,
    /// For SMS targets: the segments, which is what the message costs.
    pub segments: usize,
    /// For MMS: the m-send-req octets.
    pub mms: Option<Vec<u8>>,
    /// What was dropped, cut or substituted, in order.
    pub notes: Vec<Note>,
}

#[cfg(feature = "serde")]
impl serde::Serialize for Fallback {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Fallback", 7)?;
        st.serialize_field("target", &self.target)?;
        st.serialize_field("text", &self.text)?;
        st.serialize_field("encoding", &self.encoding)?;
        st.serialize_field("segments", &self.segments)?;
        st.serialize_field("mms", &self.mms.as_deref().map(rcs_base::hex::encode))?;
        st.serialize_field("mms_size", &self.mms.as_ref().map(Vec::len))?;
        st.serialize_field("notes", &self.notes)?;
        st.end()
    }
}

impl Fallback {
    /// What the result costs in operator units: the segments of an SMS or smart SMS (each is
    /// billed as one SMS), 1 for an MMS, 0 for UP 1.0 text (it rides RCS).
    pub fn cost_units(&self) -> usize {
        match self.target {
            Target::Sms | Target::SmartSms => self.segments,
            Target::Mms => 1,
            Target::Text => 0,
        }
    }
}

/// Why no fallback could be made.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum FallbackError {
    /// A smart SMS needs a signature.
    SignatureRequired,
    /// Even the signature, title and unsubscribe line do not fit the budget.
    DoesNotFit,
    /// The chatbot body has no message or suggestions to show.
    NothingToShow,
}

impl core::fmt::Display for FallbackError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::SignatureRequired => "a smart SMS needs a signature",
            Self::DoesNotFit => {
                "the signature, title and unsubscribe line alone exceed the segment budget"
            }
            Self::NothingToShow => "the chatbot body has nothing to show",
        })
    }
}

impl std::error::Error for FallbackError {}

/// One suggestion as a line of text.
#[derive(Debug, Clone, PartialEq)]
enum Line {
    Reply(String),
    Link { label: String, url: String },
    Plain(String),
}

/// A card (or the text of a text message) as parts of text.
#[derive(Debug, Clone, PartialEq, Default)]
struct Card {
    title: String,
    description: String,
    media: Option<(String, String)>,
    lines: Vec<Line>,
}

fn suggestion_line(s: &Suggestion<'_>) -> Option<Line> {
    let label = s.display_text().unwrap_or_default().to_string();
    let with = |detail: &str| {
        if detail.is_empty() {
            Line::Plain(label.clone())
        } else {
            Line::Plain(format!("{label}: {detail}"))
        }
    };
    // Neither a reply nor an action (or both): nothing a phone would show.
    s.kind()?;
    Some(match ChipAction::of(s) {
        ChipAction::Reply => Line::Reply(label),
        ChipAction::OpenUrl { url } if !url.is_empty() => Line::Link { label, url },
        ChipAction::Dial { number } | ChipAction::Compose { number } => with(&number),
        ChipAction::Calendar { start, .. } => with(&start),
        // A place by its query, else its coordinates: what a map link in an SMS needs.
        ChipAction::ShowLocation { .. } => {
            let place = s
                .action
                .as_ref()
                .and_then(|a| a.map_action.as_ref())
                .and_then(|m| m.show_location.as_ref())
                .and_then(|s| s.location.as_ref())
                .map(|l| {
                    l.query.as_deref().map(str::to_string).unwrap_or_else(|| {
                        format!(
                            "{},{}",
                            l.latitude.unwrap_or_default(),
                            l.longitude.unwrap_or_default()
                        )
                    })
                });
            with(place.as_deref().unwrap_or_default())
        }
        _ => Line::Plain(label),
    })
}

fn card(content: &CardContent<'_>) -> Card {
    Card {
        title: content.title.as_deref().unwrap_or_default().to_string(),
        description: content
            .description
            .as_deref()
            .unwrap_or_default()
            .to_string(),
        media: content.media.as_ref().and_then(|m| {
            Some((
                m.media_url.as_deref()?.to_string(),
                m.media_content_type
                    .as_deref()
                    .unwrap_or("application/octet-stream")
                    .to_string(),
            ))
        }),
        lines: content
            .suggestions
            .iter()
            .flatten()
            .filter_map(suggestion_line)
            .collect(),
    }
}

/// The cards of a message (a chip list adds its lines to the last card).
fn cards(message: &RichMessage<'_, '_>) -> Result<Vec<Card>, FallbackError> {
    Ok(match message {
        RichMessage::Text(t) => vec![Card {
            description: (*t).to_string(),
            ..Card::default()
        }],
        RichMessage::File(f) => vec![Card {
            title: f.name.unwrap_or_default().to_string(),
            media: Some((f.url.to_string(), f.content_type.to_string())),
            lines: vec![Line::Link {
                label: f.name.unwrap_or("file").to_string(),
                url: f.url.to_string(),
            }],
            ..Card::default()
        }],
        RichMessage::Chatbot(body) => {
            let mut out: Vec<Card> = match &body.message {
                Some(m) => m
                    .general_purpose_card
                    .iter()
                    .filter_map(|c| c.content.as_ref())
                    .chain(
                        m.general_purpose_card_carousel
                            .iter()
                            .flat_map(|c| c.content.iter().flatten()),
                    )
                    .map(card)
                    .collect(),
                None => Vec::new(),
            };
            let chips: Vec<Line> = body
                .suggestions
                .iter()
                .flatten()
                .filter_map(suggestion_line)
                .collect();
            if !chips.is_empty() {
                if out.is_empty() {
                    out.push(Card::default());
                }
                if let Some(last) = out.last_mut() {
                    last.lines.extend(chips);
                }
            }
            if out.is_empty() {
                return Err(FallbackError::NothingToShow);
            }
            out
        }
    })
}

struct Render<'p> {
    policy: &'p Policy,
    notes: Vec<Note>,
}

impl Render<'_> {
    fn link(&mut self, url: &str, links: &mut impl LinkShortener) -> Option<String> {
        match self.policy.links {
            LinkHandling::Keep => Some(url.to_string()),
            LinkHandling::Shorten => {
                let short = links.shorten(url);
                self.notes.push(Note {
                    kind: NoteKind::LinkShortened,
                    detail: format!("{url} -> {short}"),
                });
                Some(short)
            }
            LinkHandling::Drop => None,
        }
    }

    /// Each card's lines as text, links resolved once.
    fn lines(&mut self, cards: &[Card], links: &mut impl LinkShortener) -> Vec<Vec<String>> {
        let mut n = 0;
        cards
            .iter()
            .map(|c| {
                c.lines
                    .iter()
                    .filter_map(|l| match l {
                        Line::Reply(label) => {
                            n += 1;
                            Some(
                                self.policy
                                    .reply_format
                                    .replace("{n}", &n.to_string())
                                    .replace("{label}", label),
                            )
                        }
                        Line::Link { label, url } => match self.link(url, links) {
                            Some(u) => Some(format!("{label}: {u}")),
                            None => {
                                self.notes.push(Note {
                                    kind: NoteKind::Dropped,
                                    detail: format!(
                                        "link suggestion '{label}' (links dropped by policy)"
                                    ),
                                });
                                None
                            }
                        },
                        Line::Plain(t) => Some(t.clone()),
                    })
                    .collect()
            })
            .collect()
    }
}

/// A card as text: title, description, suggestion lines.
type Piece = (String, String, Vec<String>);

/// Joins 【signature】, the cards (title, description, lines; a blank line between cards)
/// and the unsubscribe line into one text.
fn compose<'p>(
    signature: Option<&str>,
    unsubscribe: Option<&str>,
    cards: impl IntoIterator<Item = (&'p str, &'p str, &'p [String])>,
) -> String {
    let mut out = String::new();
    if let Some(s) = signature {
        let _ = write!(out, "【{s}】");
    }
    // The first piece follows the signature on its line; every later one starts a line.
    let mut first = true;
    for (i, (title, description, lines)) in cards.into_iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for piece in [title, description]
            .into_iter()
            .chain(lines.iter().map(String::as_str))
        {
            if !piece.is_empty() {
                if !first {
                    out.push('\n');
                }
                first = false;
                out.push_str(piece);
            }
        }
    }
    if let Some(u) = unsubscribe {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(u);
    }
    out
}

/// [`compose`] with the policy's signature and unsubscribe line.
fn compose_pieces(policy: &Policy, pieces: &[Piece]) -> String {
    compose(
        policy.signature.as_deref(),
        policy.unsubscribe.as_deref(),
        pieces
            .iter()
            .map(|(t, d, l)| (t.as_str(), d.as_str(), l.as_slice())),
    )
}

fn segments(text: &str, policy: &Policy) -> usize {
    SmsPlan::new(text, &policy.sms).map_or(usize::MAX, |p| p.segments())
}

/// Cuts `text` to the most characters (keeping a trailing "…") for which `fits` holds.
fn cut_to_fit(text: &str, fits: impl Fn(&str) -> bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let candidate: String = chars[..mid].iter().collect::<String>() + "…";
        if fits(&candidate) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    if lo == 0 {
        String::new()
    } else {
        chars[..lo].iter().collect::<String>() + "…"
    }
}

/// Falls back from `message` to `target`.
pub fn fallback(
    message: &RichMessage<'_, '_>,
    csp: &CspFallback<'_>,
    target: Target,
    policy: &Policy,
    links: &mut impl LinkShortener,
    media: &mut impl MediaSource,
) -> Result<Fallback, FallbackError> {
    let mut r = Render {
        policy,
        notes: Vec::new(),
    };
    match target {
        Target::Sms => sms(message, csp, &mut r, links),
        Target::SmartSms => smart_sms(message, csp, &mut r, links),
        Target::Text => {
            let text = match csp.up10_text {
                Some(t) => {
                    r.notes.push(Note {
                        kind: NoteKind::CspContent,
                        detail: "rcsBodyText".into(),
                    });
                    t.to_string()
                }
                None => {
                    let cards = cards(message)?;
                    let lines = r.lines(&cards, links);
                    compose(
                        policy.signature.as_deref(),
                        policy.unsubscribe.as_deref(),
                        cards
                            .iter()
                            .zip(&lines)
                            .map(|(c, l)| (c.title.as_str(), c.description.as_str(), l.as_slice())),
                    )
                }
            };
            Ok(Fallback {
                target,
                text,
                encoding: None,
                segments: 0,
                mms: None,
                notes: r.notes,
            })
        }
        Target::Mms => mms(message, csp, &mut r, links, media),
    }
}

fn sms_result(text: String, r: &mut Render<'_>, target: Target) -> Fallback {
    let plan = SmsPlan::new(&text, &r.policy.sms).ok();
    let (encoding, segments) = plan
        .as_ref()
        .map_or((None, 0), |p| (Some(p.encoding().name()), p.segments()));
    drop(plan);
    Fallback {
        target,
        text,
        encoding,
        segments,
        mms: None,
        notes: core::mem::take(&mut r.notes),
    }
}

fn sms(
    message: &RichMessage<'_, '_>,
    csp: &CspFallback<'_>,
    r: &mut Render<'_>,
    links: &mut impl LinkShortener,
) -> Result<Fallback, FallbackError> {
    let policy = r.policy;
    let max = usize::from(policy.max_segments);
    if let Some(t) = csp.sms_text {
        r.notes.push(Note {
            kind: NoteKind::CspContent,
            detail: "smsBodyText".into(),
        });
        let mut text = t.to_string();
        if segments(&text, policy) > max {
            text = cut_to_fit(t, |c| segments(c, policy) <= max);
            r.notes.push(Note {
                kind: NoteKind::Truncated,
                detail: format!("the CSP's SMS text, to {max} segments"),
            });
        }
        return Ok(sms_result(text, r, Target::Sms));
    }
    let cards = cards(message)?;
    let lines = r.lines(&cards, links);
    let mut pieces: Vec<Piece> = cards
        .iter()
        .zip(lines)
        .map(|(c, l)| (c.title.clone(), c.description.clone(), l))
        .collect();
    let fits = |p: &[Piece]| segments(&compose_pieces(policy, p), policy) <= max;
    // 1. Keep as many suggestion lines as fit (dropping from the end), then as many cards.
    //    Each is a binary search over how many to keep: a few plans whatever the message
    //    holds, never one plan per line (a hostile card may carry thousands).
    if !fits(&pieces) {
        let total: usize = pieces.iter().map(|c| c.2.len()).sum();
        let keep = largest_fitting(total, |k| fits(&keep_lines(&pieces, k)));
        for line in pieces.iter().flat_map(|c| &c.2).skip(keep) {
            r.notes.push(Note {
                kind: NoteKind::Dropped,
                detail: format!("suggestion '{line}'"),
            });
        }
        pieces = keep_lines(&pieces, keep);
    }
    if !fits(&pieces) && pieces.len() > 1 {
        let keep = largest_fitting(pieces.len(), |k| fits(&pieces[..k.max(1)])).max(1);
        for card in &pieces[keep..] {
            r.notes.push(Note {
                kind: NoteKind::Dropped,
                detail: format!("card '{}'", card.0),
            });
        }
        pieces.truncate(keep);
    }
    // 2. Cut the description, then the title.
    for field in [1usize, 0] {
        if fits(&pieces) {
            break;
        }
        let original = if field == 1 {
            pieces[0].1.clone()
        } else {
            pieces[0].0.clone()
        };
        let cut = cut_to_fit(&original, |c| {
            let mut p = pieces.clone();
            if field == 1 {
                p[0].1 = c.to_string()
            } else {
                p[0].0 = c.to_string()
            }
            fits(&p)
        });
        if field == 1 {
            pieces[0].1 = cut
        } else {
            pieces[0].0 = cut
        }
        r.notes.push(Note {
            kind: NoteKind::Truncated,
            detail: if field == 1 {
                "description".into()
            } else {
                "title".into()
            },
        });
    }
    if !fits(&pieces) {
        return Err(FallbackError::DoesNotFit);
    }
    let text = compose_pieces(policy, &pieces);
    Ok(sms_result(text, r, Target::Sms))
}

/// The cards with only their first `k` suggestion lines, in message order.
fn keep_lines(pieces: &[Piece], mut k: usize) -> Vec<Piece> {
    pieces
        .iter()
        .map(|(t, d, lines)| {
            let n = lines.len().min(k);
            k -= n;
            (t.clone(), d.clone(), lines[..n].to_vec())
        })
        .collect()
}

/// The largest `k` in `0..=n` for which `fits(k)` holds (0 when none does), by binary search:
/// keeping more never takes fewer segments.
fn largest_fitting(n: usize, fits: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0usize, n);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if fits(mid) {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

fn smart_sms(
    message: &RichMessage<'_, '_>,
    csp: &CspFallback<'_>,
    r: &mut Render<'_>,
    links: &mut impl LinkShortener,
) -> Result<Fallback, FallbackError> {
    let policy = r.policy;
    let Some(signature) = &policy.signature else {
        return Err(FallbackError::SignatureRequired);
    };
    let max = usize::from(policy.max_segments);
    if csp.sms_text.is_some() {
        let mut f = sms(message, csp, r, links)?;
        f.target = Target::SmartSms;
        return Ok(f);
    }
    let cards = cards(message)?;
    let first = &cards[0];
    let link = match &policy.smart_link {
        Some(h5) => Some(h5.clone()),
        None => {
            let url = cards.iter().flat_map(|c| &c.lines).find_map(|l| match l {
                Line::Link { url, .. } => Some(url.clone()),
                _ => None,
            });
            url.or_else(|| first.media.as_ref().map(|m| m.0.clone()))
                .and_then(|u| r.link(&u, links))
        }
    };
    let headline = if first.title.is_empty() {
        first.description.clone()
    } else {
        first.title.clone()
    };
    let build = |h: &str| {
        let mut t = format!("【{signature}】{h}");
        if let Some(l) = &link {
            let _ = write!(t, " {l}");
        }
        if let Some(u) = &policy.unsubscribe {
            let _ = write!(t, " {u}");
        }
        t
    };
    let mut text = build(&headline);
    if segments(&text, policy) > max {
        let cut = cut_to_fit(&headline, |h| segments(&build(h), policy) <= max);
        r.notes.push(Note {
            kind: NoteKind::Truncated,
            detail: "headline".into(),
        });
        text = build(&cut);
        if segments(&text, policy) > max {
            return Err(FallbackError::DoesNotFit);
        }
    }
    if link.is_none() {
        r.notes.push(Note {
            kind: NoteKind::Dropped,
            detail: "no link to the card: a smart SMS without one".into(),
        });
    }
    Ok(sms_result(text, r, Target::SmartSms))
}

fn mms(
    message: &RichMessage<'_, '_>,
    csp: &CspFallback<'_>,
    r: &mut Render<'_>,
    links: &mut impl LinkShortener,
    media: &mut impl MediaSource,
) -> Result<Fallback, FallbackError> {
    let policy = r.policy;
    let cards = cards(message)?;
    let lines = r.lines(&cards, links);
    // Slide texts: the CSP's MMS text replaces the first slide's text.
    let mut slides: Vec<(String, Option<(String, FetchedMedia)>)> = Vec::new();
    for (i, (c, l)) in cards.iter().zip(&lines).enumerate() {
        let mut text = if i == 0 && csp.mms_text.is_some() {
            r.notes.push(Note {
                kind: NoteKind::CspContent,
                detail: "mmsBodyText".into(),
            });
            csp.mms_text.unwrap_or_default().to_string()
        } else {
            compose(
                None,
                None,
                [(c.title.as_str(), c.description.as_str(), l.as_slice())],
            )
        };
        let fetched = c
            .media
            .as_ref()
            .and_then(|(url, _)| match media.fetch(url) {
                Some(m) => Some((url.clone(), m)),
                None => {
                    r.notes.push(Note {
                        kind: NoteKind::MediaAsLink,
                        detail: format!("{url} could not be fetched"),
                    });
                    text.push('\n');
                    text.push_str(url);
                    None
                }
            });
        slides.push((text, fetched));
    }
    if let (Some(s), Some(first)) = (&policy.signature, slides.first_mut()) {
        first.0 = format!("【{s}】{}", first.0);
    }
    if let (Some(u), Some(last)) = (&policy.unsubscribe, slides.last_mut()) {
        last.0.push('\n');
        last.0.push_str(u);
    }
    let build_parts = |slides: &[(String, Option<(String, FetchedMedia)>)]| -> Vec<NewPart> {
        let mut smil = String::from(
            "<smil><head><layout><root-layout/><region id=\"Image\" top=\"0\" left=\"0\" height=\"60%\" width=\"100%\"/><region id=\"Text\" top=\"60%\" left=\"0\" height=\"40%\" width=\"100%\"/></layout></head><body>",
        );
        let mut parts = Vec::new();
        for (i, (text, m)) in slides.iter().enumerate() {
            smil.push_str("<par dur=\"5000ms\">");
            if let Some((_, m)) = m {
                let ext = m.content_type.rsplit('/').next().unwrap_or("bin");
                let name = format!("m{i}.{ext}");
                let _ = write!(smil, "<img src=\"{name}\" region=\"Image\"/>");
                parts.push(NewPart::new(
                    &m.content_type,
                    &format!("m{i}"),
                    &name,
                    m.data.clone(),
                ));
            }
            let name = format!("t{i}.txt");
            let _ = write!(smil, "<text src=\"{name}\" region=\"Text\"/></par>");
            parts.push(NewPart::new(
                "text/plain",
                &format!("t{i}"),
                &name,
                text.clone().into_bytes(),
            ));
        }
        smil.push_str("</body></smil>");
        let mut all = vec![NewPart::new(
            "application/smil",
            "smil",
            "smil.xml",
            smil.into_bytes(),
        )];
        all.extend(parts);
        all
    };
    // Over the size budget: the largest media become links, until it fits. Media are taken in
    // size order once and the size is kept by difference, so a thousand slides cost one sort,
    // not a thousand rebuilds.
    let overhead = 512;
    let mut parts = build_parts(&slides);
    let mut size = parts_size(&parts) + overhead;
    if size > policy.mms_max_size {
        let mut order: Vec<usize> = (0..slides.len())
            .filter(|&i| slides[i].1.is_some())
            .collect();
        order.sort_by_key(|&i| {
            core::cmp::Reverse(slides[i].1.as_ref().map_or(0, |m| m.1.data.len()))
        });
        for i in order {
            if size <= policy.mms_max_size {
                break;
            }
            if let Some((url, m)) = slides[i].1.take() {
                r.notes.push(Note {
                    kind: NoteKind::MediaAsLink,
                    detail: format!("{url} ({} octets) over the size budget", m.data.len()),
                });
                // The data goes (its headers and <img> tag too: not counted, so the estimate
                // stays above the real size and the budget holds); the link comes in.
                size = size.saturating_sub(m.data.len()) + url.len() + 1;
                slides[i].0.push('\n');
                slides[i].0.push_str(&url);
            }
        }
        parts = build_parts(&slides);
        if parts_size(&parts) + overhead > policy.mms_max_size {
            r.notes.push(Note {
                kind: NoteKind::OverBudget,
                detail: format!("the text alone is over {} octets", policy.mms_max_size),
            });
        }
    }
    let subject = csp.mms_subject.map(str::to_string).or_else(|| {
        cards
            .first()
            .map(|c| c.title.clone())
            .filter(|t| !t.is_empty())
    });
    let mut b = MmsBuilder::new(MessageType::SendReq, Some("fallback"), (1, 2)).from(None);
    if let Some(to) = &policy.mms_to {
        b = b.text(field::TO, to);
    }
    if let Some(s) = &subject {
        b = b.text(field::SUBJECT, s);
    }
    let bytes = b.related(&parts);
    let text = slides
        .iter()
        .map(|s| s.0.as_str())
        .collect::<Vec<_>>()
        .join("\n\n");
    Ok(Fallback {
        target: Target::Mms,
        text,
        encoding: None,
        segments: 0,
        mms: Some(bytes),
        notes: core::mem::take(&mut r.notes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mms::{Body, MmsPdu};

    const CARD: &str = r#"{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"title":"订单已发货","description":"点击查看物流","media":{"mediaUrl":"https://example.com/p.jpg","mediaContentType":"image/jpeg","height":"MEDIUM_HEIGHT"},"suggestions":[{"action":{"displayText":"查看物流","urlAction":{"openUrl":{"url":"https://example.com/o/123"}}}},{"reply":{"displayText":"确认收货","postback":{"data":"ok"}}},{"action":{"displayText":"客服","dialerAction":{"dialPhoneNumber":{"phoneNumber":"+8610086"}}}}]}}}}"#;

    fn body() -> ChatbotBody<'static> {
        ChatbotBody::parse(CARD.as_bytes()).unwrap()
    }

    fn no_links(u: &str) -> String {
        u.to_string()
    }

    fn no_media(_: &str) -> Option<FetchedMedia> {
        None
    }

    #[test]
    fn card_to_sms() {
        let b = body();
        let policy = Policy {
            signature: Some("示例".into()),
            unsubscribe: Some("拒收请回复R".into()),
            ..Policy::default()
        };
        let f = fallback(
            &RichMessage::Chatbot(&b),
            &CspFallback::default(),
            Target::Sms,
            &policy,
            &mut no_links,
            &mut no_media,
        )
        .unwrap();
        assert_eq!(
            f.text,
            "【示例】订单已发货\n点击查看物流\n查看物流: https://example.com/o/123\n1. 确认收货\n客服: +8610086\n拒收请回复R"
        );
        assert_eq!((f.encoding, f.segments), (Some("ucs2"), 2));
        // One segment: suggestions dropped from the end, then the text cut.
        let tight = Policy {
            max_segments: 1,
            ..policy.clone()
        };
        let f = fallback(
            &RichMessage::Chatbot(&b),
            &CspFallback::default(),
            Target::Sms,
            &tight,
            &mut no_links,
            &mut no_media,
        )
        .unwrap();
        assert_eq!(f.segments, 1);
        assert!(
            f.notes
                .iter()
                .any(|n| n.kind == NoteKind::Dropped && n.detail.contains("客服"))
        );
        assert_eq!(f.cost_units(), 1);
        // The CSP's text wins.
        let csp = CspFallback {
            sms_text: Some("【示例】订单已发货，查看物流 https://example.com/o/123 拒收请回复R"),
            ..CspFallback::default()
        };
        let f = fallback(
            &RichMessage::Chatbot(&b),
            &csp,
            Target::Sms,
            &policy,
            &mut no_links,
            &mut no_media,
        )
        .unwrap();
        assert_eq!(f.text, csp.sms_text.unwrap());
        assert_eq!(f.notes[0].kind, NoteKind::CspContent);
    }

    #[test]
    fn thousands_of_suggestions_take_a_few_plans() {
        let chips: Vec<String> = (0..5000)
            .map(|i| {
                format!(r#"{{"reply":{{"displayText":"option {i}","postback":{{"data":"{i}"}}}}}}"#)
            })
            .collect();
        let json = format!(
            r#"{{"message":{{"generalPurposeCard":{{"layout":{{"cardOrientation":"VERTICAL"}},"content":{{"title":"Pick one","suggestions":[{}]}}}}}}}}"#,
            chips.join(",")
        );
        let options = rcs_chatbot::ParseOptions::lenient();
        let body = ChatbotBody::parse_with(json.as_bytes(), &options)
            .unwrap()
            .value;
        let f = fallback(
            &RichMessage::Chatbot(&body),
            &CspFallback::default(),
            Target::Sms,
            &Policy::default(),
            &mut no_links,
            &mut no_media,
        )
        .unwrap();
        assert!(f.segments <= 3);
        assert!(f.text.starts_with("Pick one\n1. option 0\n2. option 1"));
        assert_eq!(f.notes.len(), 5000 - (f.text.lines().count() - 1));
    }

    #[test]
    fn ctcu_sms_content_wins() {
        let req = r#"{"messageId":"m1","messageList":[{"contentType":"text/plain","contentText":"hi"}],"destinationAddress":["tel:+8613800138000"],"senderAddress":"sip:bot@example.com","smsSupported":true,"smsContent":"【示例】hi"}"#;
        let options = rcs_chatbot::ParseOptions::lenient();
        let m = rcs_chatbot::ctcu::MessageRequest::parse_with(req.as_bytes(), &options)
            .unwrap()
            .value;
        let csp = CspFallback::from_ctcu(&m);
        assert_eq!(csp.sms_text, Some("【示例】hi"));
        let f = fallback(
            &RichMessage::Text("hi"),
            &csp,
            Target::Sms,
            &Policy::default(),
            &mut no_links,
            &mut no_media,
        )
        .unwrap();
        assert_eq!(f.text, "【示例】hi");
    }

    #[test]
    fn smart_sms_and_text() {
        let b = body();
        let policy = Policy {
            signature: Some("示例".into()),
            links: LinkHandling::Shorten,
            ..Policy::default()
        };
        let mut short = |_: &str| "https://t.cn/x1".to_string();
        let f = fallback(
            &RichMessage::Chatbot(&b),
            &CspFallback::default(),
            Target::SmartSms,
            &policy,
            &mut short,
            &mut no_media,
        )
        .unwrap();
        assert_eq!(f.text, "【示例】订单已发货 https://t.cn/x1");
        assert_eq!(f.segments, 1);
        let unsigned = Policy::default();
        assert_eq!(
            fallback(
                &RichMessage::Chatbot(&b),
                &CspFallback::default(),
                Target::SmartSms,
                &unsigned,
                &mut no_links,
                &mut no_media
            ),
            Err(FallbackError::SignatureRequired)
        );
        let f = fallback(
            &RichMessage::Text("hello"),
            &CspFallback::default(),
            Target::Text,
            &unsigned,
            &mut no_links,
            &mut no_media,
        )
        .unwrap();
        assert_eq!(f.text, "hello");
    }

    #[test]
    fn card_to_mms_with_budget() {
        let b = body();
        let mut jpeg = |_: &str| {
            Some(FetchedMedia {
                content_type: "image/jpeg".into(),
                data: vec![0xFF; 50_000],
            })
        };
        let policy = Policy::default();
        let f = fallback(
            &RichMessage::Chatbot(&b),
            &CspFallback::default(),
            Target::Mms,
            &policy,
            &mut no_links,
            &mut jpeg,
        )
        .unwrap();
        let pdu = MmsPdu::parse(f.mms.as_ref().unwrap()).unwrap();
        assert_eq!(pdu.subject().as_deref(), Some("订单已发货"));
        let Body::Multipart(parts) = &pdu.body else {
            panic!("not multipart")
        };
        let types: Vec<String> = parts
            .iter()
            .map(|p| p.content_type().unwrap().media_type)
            .collect();
        assert_eq!(types, ["application/smil", "image/jpeg", "text/plain"]);
        // 20 KB budget: the image becomes its link.
        let small = Policy {
            mms_max_size: 20_000,
            ..Policy::default()
        };
        let f = fallback(
            &RichMessage::Chatbot(&b),
            &CspFallback::default(),
            Target::Mms,
            &small,
            &mut no_links,
            &mut jpeg,
        )
        .unwrap();
        assert!(f.mms.as_ref().unwrap().len() < 20_000);
        assert!(f.text.contains("https://example.com/p.jpg"));
        assert!(f.notes.iter().any(|n| n.kind == NoteKind::MediaAsLink));
    }
}
