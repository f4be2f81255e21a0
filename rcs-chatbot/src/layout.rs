//! What a phone shows for a chatbot message: the layout model a preview renders.
//!
//! A [`Screen`] is the conversation as an RCS client lays it out — text, file and card bubbles
//! in order (a rich card with its orientation, media height and position; a carousel with its
//! card width), the chip list under them, and the persistent menu with its submenus — built
//! from any of the documents this crate reads (a GSMA body or menu, a CT/CU send request, an
//! FNW.11 `RCSMessage`, a China Mobile `outboundIMMessage`'s body, an RBM `AgentMessage`).
//!
//! What a profile does not allow is marked, not silently shown: a text longer than its limit is
//! shown cut at the limit ([`ShownText::cut`]), items past a count limit are kept but flagged
//! not shown ([`Chip::shown`], [`CardView::shown`], [`MenuItem::shown`]), and every
//! [`Violation`] of the chosen profile is placed on the element its pointer names
//! ([`Mark`]s; those that name no element stay on the screen). Pointers are in the source
//! document's own frame (`/messageList/0/contentText/...` for CT/CU, `/contentMessage/...`
//! for RBM), so a platform can use the same model to render its own previews.
//!
//! ```
//! use rcs_chatbot::layout::{Bubble, Screen};
//! use rcs_chatbot::{ChatbotBody, Profile};
//!
//! let body = ChatbotBody::parse(br#"{"message":{"generalPurposeCard":{
//!     "layout":{"cardOrientation":"VERTICAL"},
//!     "content":{"title":"Your parcel is on its way","description":"Arrives tomorrow",
//!       "suggestions":[{"reply":{"displayText":"Track it, please, right now and here",
//!                                "postback":{"data":"track"}}}]}}}}"#)?;
//! let screen = Screen::from_body(&body, &Profile::GSMA);
//! let Bubble::Card(card) = &screen.bubbles[0] else { unreachable!() };
//! assert_eq!(card.title.as_ref().map(|t| t.text.text.as_str()), Some("Your parcel is on its way"));
//! // The label is over the 25-character limit: shown cut, and the violation is on the chip.
//! let chip = &card.suggestions[0];
//! assert!(chip.label.cut.is_some());
//! assert_eq!(chip.element.marks[0].rule, "maxLength");
//! # Ok::<(), rcs_chatbot::DecodeError>(())
//! ```

use serde::Serialize;

use crate::cmcc::OutboundImMessage;
use crate::ctcu::{ContentText, MessageRequest};
use crate::fnw11::RcsMessage;
use crate::menu::{Menu, PersistentMenu};
use crate::message::{
    CardContent, CardOrientation, CardWidth, ChatbotBody, FontStyle, ImageAlignment, Media,
    MediaHeight,
};
use crate::rbm::AgentMessage;
use crate::suggestion::{ActionKind, Suggestion, SuggestionKind};
use crate::validate::{CountLimit, LengthUnit, Profile, TextLimit, Violation};

/// The conversation as a phone shows it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct Screen {
    /// The profile the screen was laid out with (`gsma`, `ctcu`, `cmcc`, `rbm`).
    pub profile: &'static str,
    /// Message bubbles, in order.
    pub bubbles: Vec<Bubble>,
    /// The chip list shown under the conversation (empty when there is none).
    pub chips: Vec<Chip>,
    /// The chip list's own pointer and marks (its count), when there is one.
    pub chip_list: Option<Element>,
    /// The persistent menu.
    pub menu: Option<MenuView>,
    /// Violations that name no shown element (the document's shape, its root).
    pub marks: Vec<Mark>,
}

/// A pointer and the violations placed on it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Element {
    /// The JSON Pointer of the element in the source document.
    pub pointer: String,
    /// The violations that concern it.
    pub marks: Vec<Mark>,
}

/// One violation, placed on an element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    /// The violation's own pointer (the element's, or a member inside it).
    pub pointer: String,
    /// The rule, named after the JSON Schema keyword (`maxLength`, `maxItems`, ...).
    pub rule: &'static str,
    /// The limit.
    pub limit: String,
    /// What was there.
    pub actual: String,
}

impl From<&Violation> for Mark {
    fn from(v: &Violation) -> Self {
        Self {
            pointer: v.pointer.clone(),
            rule: v.rule.as_str(),
            limit: v.limit.clone(),
            actual: v.actual.clone(),
        }
    }
}

impl core::fmt::Display for Mark {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{}: {} ({}, {})",
            if self.pointer.is_empty() {
                "/"
            } else {
                &self.pointer
            },
            self.rule,
            self.limit,
            self.actual
        )
    }
}

/// A bubble in the conversation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Bubble {
    /// A text message.
    Text(TextBubble),
    /// A file message (FT over HTTP): shown as its thumbnail or a file icon.
    File(FileBubble),
    /// A standalone rich card.
    Card(Box<CardView>),
    /// A carousel of cards, scrolled sideways.
    Carousel(CarouselView),
}

/// A text message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextBubble {
    /// Pointer and marks.
    #[serde(flatten)]
    pub element: Element,
    /// The text.
    pub text: ShownText,
}

/// A file message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileBubble {
    /// Pointer and marks.
    #[serde(flatten)]
    pub element: Element,
    /// Where the file is.
    pub url: String,
    /// Its name.
    pub name: Option<String>,
    /// Its media type.
    pub content_type: Option<String>,
    /// Its size in bytes.
    pub size: Option<u64>,
    /// The thumbnail shown for it.
    pub thumbnail_url: Option<String>,
    /// What it is, by its media type or name.
    pub media_kind: MediaKind,
}

/// A text as shown: cut at the profile's limit when longer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ShownText {
    /// The text shown (ending in `…` when cut).
    pub text: String,
    /// Set when the text is longer than the limit.
    pub cut: Option<Cut>,
    /// Bold, italics, underline (card titles and descriptions).
    pub styles: Vec<&'static str>,
}

/// Why a text is shown shorter than it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cut {
    /// The limit.
    pub max: usize,
    /// Its length, in the limit's unit.
    pub length: usize,
    /// The unit: `characters`, `UTF-16 units` or `bytes`.
    pub unit: &'static str,
}

/// A rich card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardView {
    /// Pointer and marks (the card, its layout, a missing member).
    #[serde(flatten)]
    pub element: Element,
    /// `vertical` (media above the text) or `horizontal`.
    pub orientation: &'static str,
    /// For a horizontal card: the side the media is on (`left` or `right`).
    pub media_side: Option<&'static str>,
    /// In a carousel: the card's width in dp (120 small, 232 medium); `None` for a standalone
    /// card, which takes the bubble's width.
    pub width_dp: Option<u16>,
    /// The media.
    pub media: Option<MediaView>,
    /// The title (with its pointer).
    pub title: Option<TextElement>,
    /// The description.
    pub description: Option<TextElement>,
    /// The suggestions on the card.
    pub suggestions: Vec<Chip>,
    /// False for a carousel card past the profile's card count.
    pub shown: bool,
}

/// A text with its own pointer (a title, a description).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TextElement {
    /// Pointer and marks.
    #[serde(flatten)]
    pub element: Element,
    /// The text.
    #[serde(flatten)]
    pub text: ShownText,
}

/// A card's media.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaView {
    /// Pointer and marks.
    #[serde(flatten)]
    pub element: Element,
    /// Where it is.
    pub url: String,
    /// Its media type, if given.
    pub content_type: Option<String>,
    /// Image, GIF, video, audio.
    pub kind: MediaKind,
    /// The thumbnail a client shows until the media is fetched.
    pub thumbnail_url: Option<String>,
    /// The accessibility text (not shown).
    pub description: Option<String>,
    /// `short`, `medium` or `tall` in a vertical card; `None` beside the text of a horizontal
    /// card, whose media height is the client's.
    pub height: Option<&'static str>,
    /// The height in dp (112, 168, 264).
    pub height_dp: Option<u16>,
    /// Set when the height asked for is not available there (tall media on a small carousel
    /// card is shown medium): the height asked for.
    pub height_asked: Option<&'static str>,
}

/// What a media file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MediaKind {
    /// A still image.
    Image,
    /// An animated GIF.
    Gif,
    /// A video.
    Video,
    /// Audio.
    Audio,
    /// Anything else.
    Other,
}

impl MediaKind {
    /// By media type, else by the file name's extension.
    pub fn of(content_type: Option<&str>, name: &str) -> Self {
        let ct = content_type.unwrap_or("").trim().to_ascii_lowercase();
        if ct == "image/gif" {
            return Self::Gif;
        }
        for (prefix, kind) in [
            ("image/", Self::Image),
            ("video/", Self::Video),
            ("audio/", Self::Audio),
        ] {
            if ct.starts_with(prefix) {
                return kind;
            }
        }
        let path = name.split(['?', '#']).next().unwrap_or("");
        let ext = path
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "gif" => Self::Gif,
            "jpg" | "jpeg" | "png" | "webp" | "bmp" => Self::Image,
            "mp4" | "m4v" | "3gp" | "webm" | "mov" | "mpeg" => Self::Video,
            "mp3" | "amr" | "m4a" | "aac" | "ogg" | "wav" => Self::Audio,
            _ => Self::Other,
        }
    }
}

/// A carousel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CarouselView {
    /// Pointer and marks (the carousel, its layout, its card count).
    #[serde(flatten)]
    pub element: Element,
    /// `small` or `medium`.
    pub card_width: &'static str,
    /// The cards' width in dp.
    pub card_width_dp: u16,
    /// The cards, in order.
    pub cards: Vec<CardView>,
}

/// A suggestion: on a card, in the chip list, or a menu entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chip {
    /// Pointer and marks.
    #[serde(flatten)]
    pub element: Element,
    /// The label.
    pub label: ShownText,
    /// What tapping it does.
    pub action: ChipAction,
    /// False past the profile's count (a client shows at most that many).
    pub shown: bool,
}

/// What tapping a suggestion does.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChipAction {
    /// Sends the label back as a reply.
    Reply,
    /// Opens a link.
    OpenUrl {
        /// The link.
        url: String,
    },
    /// Calls a number.
    Dial {
        /// The number.
        number: String,
    },
    /// Shows a place on a map.
    ShowLocation {
        /// The place: its label or query, else its coordinates.
        place: String,
    },
    /// Asks the user to share their location.
    RequestLocation,
    /// Adds a calendar event.
    Calendar {
        /// Its title.
        title: String,
        /// When it starts.
        start: String,
    },
    /// Opens the composer.
    Compose {
        /// To whom.
        number: String,
    },
    /// Asks for the device's specifics.
    DeviceSpecifics,
    /// Opens a settings screen.
    Settings,
    /// Neither a reply nor a known action (not valid, shown as its label).
    Unknown,
}

/// The persistent menu.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MenuView {
    /// Pointer and marks.
    #[serde(flatten)]
    pub element: Element,
    /// The top-level entries.
    pub entries: Vec<MenuItem>,
}

/// A menu entry: a suggestion or a submenu.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "entry", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MenuItem {
    /// A reply or an action.
    Chip(Chip),
    /// A submenu.
    Submenu {
        /// Pointer and marks.
        #[serde(flatten)]
        element: Element,
        /// Its label.
        label: ShownText,
        /// Its entries.
        entries: Vec<MenuItem>,
        /// False past the profile's count.
        shown: bool,
    },
}

impl MenuItem {
    /// Whether a client shows it.
    pub fn shown(&self) -> bool {
        match self {
            Self::Chip(c) => c.shown,
            Self::Submenu { shown, .. } => *shown,
        }
    }
}

/// Media heights in dp (RBM's published figures; UP leaves them to the client).
fn height_dp(h: &'static str) -> u16 {
    match h {
        "short" => 112,
        "tall" => 264,
        _ => 168,
    }
}

/// `s` as shown under `limit`: cut (with `…`) when longer.
fn shown(s: &str, limit: TextLimit) -> ShownText {
    let length = limit.unit.count(s);
    if length <= limit.max {
        return ShownText {
            text: s.to_owned(),
            ..ShownText::default()
        };
    }
    let mut used = 0;
    let mut text = String::new();
    for c in s.chars() {
        let mut buf = [0u8; 4];
        let n = limit.unit.count(c.encode_utf8(&mut buf));
        if used + n > limit.max {
            break;
        }
        used += n;
        text.push(c);
    }
    text.push('…');
    ShownText {
        text,
        cut: Some(Cut {
            max: limit.max,
            length,
            unit: unit_name(limit.unit),
        }),
        styles: Vec::new(),
    }
}

fn unit_name(u: LengthUnit) -> &'static str {
    match u {
        LengthUnit::CodePoints => "characters",
        LengthUnit::Utf16Units => "UTF-16 units",
        LengthUnit::Bytes => "bytes",
    }
}

fn element(pointer: String) -> Element {
    Element {
        pointer,
        marks: Vec::new(),
    }
}

fn styles(list: Option<&Vec<FontStyle<'_>>>) -> Vec<&'static str> {
    let mut out = Vec::new();
    for s in list.into_iter().flatten() {
        let name = match s {
            FontStyle::Bold => "bold",
            FontStyle::Italics => "italics",
            FontStyle::Underline => "underline",
            _ => continue,
        };
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

impl ChipAction {
    /// What tapping `s` does.
    pub fn of(s: &Suggestion<'_>) -> Self {
        action(s)
    }
}

fn action(s: &Suggestion<'_>) -> ChipAction {
    let Some(kind) = s.kind() else {
        return ChipAction::Unknown;
    };
    let a = match kind {
        SuggestionKind::Reply(_) => return ChipAction::Reply,
        SuggestionKind::Action(a) => a,
    };
    let text = |v: Option<&str>| v.unwrap_or_default().to_owned();
    match a.kind() {
        Some(ActionKind::Url(u)) => ChipAction::OpenUrl {
            url: text(u.open_url.as_ref().and_then(|o| o.url.as_deref())),
        },
        Some(ActionKind::Dialer(d)) => ChipAction::Dial {
            number: text(
                d.dial_phone_number
                    .as_ref()
                    .and_then(|n| n.phone_number.as_deref())
                    .or_else(|| {
                        d.dial_video_call
                            .as_ref()
                            .and_then(|n| n.phone_number.as_deref())
                    })
                    .or_else(|| {
                        d.dial_enriched_call
                            .as_ref()
                            .and_then(|n| n.phone_number.as_deref())
                    }),
            ),
        },
        Some(ActionKind::Map(m)) => {
            match m.show_location.as_ref().and_then(|s| s.location.as_ref()) {
                Some(l) => ChipAction::ShowLocation {
                    place: l
                        .label
                        .as_deref()
                        .or(l.query.as_deref())
                        .map(str::to_owned)
                        .unwrap_or_else(|| {
                            format!(
                                "{},{}",
                                l.latitude.unwrap_or_default(),
                                l.longitude.unwrap_or_default()
                            )
                        }),
                },
                None if m.request_location_push.is_some() => ChipAction::RequestLocation,
                None => ChipAction::ShowLocation {
                    place: String::new(),
                },
            }
        }
        Some(ActionKind::Calendar(c)) => {
            let e = c.create_calendar_event.as_ref();
            ChipAction::Calendar {
                title: text(e.and_then(|e| e.title.as_deref())),
                start: text(e.and_then(|e| e.start_time.as_deref())),
            }
        }
        Some(ActionKind::Compose(c)) => ChipAction::Compose {
            number: text(
                c.compose_text_message
                    .as_ref()
                    .and_then(|m| m.phone_number.as_deref())
                    .or_else(|| {
                        c.compose_recording_message
                            .as_ref()
                            .and_then(|m| m.phone_number.as_deref())
                    }),
            ),
        },
        Some(ActionKind::Device(_)) => ChipAction::DeviceSpecifics,
        Some(ActionKind::Settings(_)) => ChipAction::Settings,
        None => ChipAction::Unknown,
    }
}

/// Builds a screen under one profile; pointers carry the document's prefix.
struct Builder<'p> {
    profile: &'p Profile,
}

impl Builder<'_> {
    fn chips(&self, list: &[Suggestion<'_>], at: &str, count: CountLimit) -> Vec<Chip> {
        list.iter()
            .enumerate()
            .map(|(i, s)| Chip {
                element: element(format!("{at}/{i}")),
                label: shown(
                    s.display_text().unwrap_or_default(),
                    self.profile.display_text,
                ),
                action: action(s),
                shown: i < count.max,
            })
            .collect()
    }

    fn media(&self, m: &Media<'_>, at: String, vertical: bool, small: bool) -> MediaView {
        let url = m.media_url.as_deref().unwrap_or_default().to_owned();
        let asked = vertical.then_some(match &m.height {
            Some(MediaHeight::Short) => "short",
            Some(MediaHeight::Tall) => "tall",
            // Absent or unknown: the clients' default.
            _ => "medium",
        });
        // RBM: tall media is not available on small carousel cards.
        let height = asked.map(|h| if small && h == "tall" { "medium" } else { h });
        MediaView {
            element: element(at),
            kind: MediaKind::of(m.media_content_type.as_deref(), &url),
            content_type: m.media_content_type.as_deref().map(str::to_owned),
            url,
            thumbnail_url: m.thumbnail_url.as_deref().map(str::to_owned),
            description: m.content_description.as_deref().map(str::to_owned),
            height,
            height_dp: height.map(height_dp),
            height_asked: asked.filter(|a| Some(*a) != height),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn card(
        &self,
        c: Option<&CardContent<'_>>,
        at: String,
        content_at: &str,
        vertical: bool,
        media_side: Option<&'static str>,
        width: Option<(&'static str, u16)>,
        (title_styles, description_styles): (Vec<&'static str>, Vec<&'static str>),
        shown_card: bool,
    ) -> CardView {
        let small = width.is_some_and(|(w, _)| w == "small");
        let text = |t: Option<&str>, member: &str, limit, styles: &Vec<&'static str>| {
            t.map(|t| TextElement {
                element: element(format!("{content_at}/{member}")),
                text: ShownText {
                    styles: styles.clone(),
                    ..shown(t, limit)
                },
            })
        };
        CardView {
            element: element(at),
            orientation: if vertical { "vertical" } else { "horizontal" },
            media_side,
            width_dp: width.map(|(_, dp)| dp),
            media: c
                .and_then(|c| c.media.as_ref())
                .map(|m| self.media(m, format!("{content_at}/media"), vertical, small)),
            title: text(
                c.and_then(|c| c.title.as_deref()),
                "title",
                self.profile.card_title,
                &title_styles,
            ),
            description: text(
                c.and_then(|c| c.description.as_deref()),
                "description",
                self.profile.card_description,
                &description_styles,
            ),
            suggestions: c
                .and_then(|c| c.suggestions.as_deref())
                .map(|s| {
                    self.chips(
                        s,
                        &format!("{content_at}/suggestions"),
                        self.profile.card_suggestions,
                    )
                })
                .unwrap_or_default(),
            shown: shown_card,
        }
    }

    /// The bubbles and chips of a GSMA body at `at` (its pointer prefix).
    fn body(&self, screen: &mut Screen, body: &ChatbotBody<'_>, at: &str) {
        if let Some(m) = &body.message {
            if let Some(card) = &m.general_purpose_card {
                let layout = card.layout.as_ref();
                let vertical = !matches!(
                    layout.and_then(|l| l.card_orientation.as_ref()),
                    Some(CardOrientation::Horizontal)
                );
                let side =
                    (!vertical).then(|| match layout.and_then(|l| l.image_alignment.as_ref()) {
                        Some(ImageAlignment::Right) => "right",
                        _ => "left",
                    });
                let card_at = format!("{at}/message/generalPurposeCard");
                let content_at = format!("{card_at}/content");
                screen.bubbles.push(Bubble::Card(Box::new(self.card(
                    card.content.as_ref(),
                    card_at,
                    &content_at,
                    vertical,
                    side,
                    None,
                    (
                        styles(layout.and_then(|l| l.title_font_style.as_ref())),
                        styles(layout.and_then(|l| l.description_font_style.as_ref())),
                    ),
                    true,
                ))));
            }
            if let Some(carousel) = &m.general_purpose_card_carousel {
                let layout = carousel.layout.as_ref();
                let (width, dp) = match layout.and_then(|l| l.card_width.as_ref()) {
                    Some(CardWidth::Medium) => ("medium", 232),
                    _ => ("small", 120),
                };
                let carousel_at = format!("{at}/message/generalPurposeCardCarousel");
                let font = (
                    styles(layout.and_then(|l| l.title_font_style.as_ref())),
                    styles(layout.and_then(|l| l.description_font_style.as_ref())),
                );
                let cards = carousel
                    .content
                    .iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, c)| {
                        let card_at = format!("{carousel_at}/content/{i}");
                        self.card(
                            Some(c),
                            card_at.clone(),
                            &card_at,
                            true,
                            None,
                            Some((width, dp)),
                            font.clone(),
                            i < self.profile.carousel_cards.max,
                        )
                    })
                    .collect();
                screen.bubbles.push(Bubble::Carousel(CarouselView {
                    element: element(carousel_at),
                    card_width: width,
                    card_width_dp: dp,
                    cards,
                }));
            }
        }
        if let Some(list) = &body.suggestions {
            let list_at = format!("{at}/suggestions");
            let start = screen.chips.len();
            // A chip list from a later part is added to an earlier one's; the count applies
            // to each list, as each is checked on its own.
            screen
                .chips
                .extend(self.chips(list, &list_at, self.profile.chip_list));
            if start == 0 {
                screen.chip_list = Some(element(list_at));
            }
        }
    }

    fn menu(&self, m: &Menu<'_>, at: &str, depth: usize) -> Vec<MenuItem> {
        let count = if depth == 0 {
            self.profile.menu_entries
        } else {
            self.profile.submenu_entries
        };
        let mut out = Vec::new();
        for (i, e) in m.entries.iter().flatten().enumerate() {
            let entry_at = format!("{at}/entries/{i}");
            if let Some(sub) = &e.menu {
                let sub_at = format!("{entry_at}/menu");
                out.push(MenuItem::Submenu {
                    label: shown(
                        sub.display_text.as_deref().unwrap_or_default(),
                        self.profile.display_text,
                    ),
                    // The schema allows two levels; deeper ones are not read further.
                    entries: if depth < 2 {
                        self.menu(sub, &sub_at, depth + 1)
                    } else {
                        Vec::new()
                    },
                    element: element(sub_at),
                    shown: i < count.max,
                });
            } else {
                let s = Suggestion {
                    reply: e.reply.clone(),
                    action: e.action.clone(),
                    ..Suggestion::default()
                };
                let mut chip = self.chips(core::slice::from_ref(&s), &entry_at, count);
                if let Some(mut c) = chip.pop() {
                    c.element.pointer = entry_at;
                    c.shown = i < count.max;
                    out.push(MenuItem::Chip(c));
                }
            }
        }
        out
    }
}

impl Screen {
    fn new(profile: &Profile) -> Self {
        Self {
            profile: profile.name,
            ..Self::default()
        }
    }

    /// A GSMA body (botmessage or botsuggestion) with its violations of `profile`.
    pub fn from_body(body: &ChatbotBody<'_>, profile: &Profile) -> Self {
        let mut s = Self::new(profile);
        Builder { profile }.body(&mut s, body, "");
        s.place(&body.validate(profile));
        s
    }

    /// A persistent menu with its violations of `profile`.
    pub fn from_menu(menu: &PersistentMenu<'_>, profile: &Profile) -> Self {
        let mut s = Self::new(profile);
        if let Some(m) = &menu.menu {
            s.menu = Some(MenuView {
                element: element("/menu".into()),
                entries: Builder { profile }.menu(m, "/menu", 0),
            });
        }
        s.place(&menu.validate(profile));
        s
    }

    /// A CT/CU send request: each part of `messageList` in order (text, file, card or
    /// carousel, chip list), with [`crate::validate_send`]'s violations of `profile`.
    pub fn from_ctcu(request: &MessageRequest<'_>, profile: &Profile) -> Self {
        let mut s = Self::new(profile);
        let b = Builder { profile };
        for (i, part) in request.message_list.iter().flatten().enumerate() {
            let at = format!("/messageList/{i}/contentText");
            match &part.content_text {
                Some(ContentText::Text(t)) => s.text(t, at, profile),
                Some(ContentText::Body(body)) => b.body(&mut s, body, &at),
                Some(ContentText::Files(files)) => {
                    // The file and, when given, its thumbnail (`type` says which).
                    let is_thumb = |f: &&crate::ctcu::FileInfo<'_>| {
                        f.kind
                            .as_deref()
                            .is_some_and(|k| k.eq_ignore_ascii_case("thumbnail"))
                    };
                    let thumb = files.iter().find(is_thumb);
                    if let Some((j, f)) = files.iter().enumerate().find(|(_, f)| !is_thumb(f)) {
                        let url = f.url.as_deref().unwrap_or_default().to_owned();
                        s.bubbles.push(Bubble::File(FileBubble {
                            element: element(format!("{at}/{j}")),
                            media_kind: MediaKind::of(f.content_type.as_deref(), &url),
                            url,
                            name: f.file_name.as_deref().map(str::to_owned),
                            content_type: f.content_type.as_deref().map(str::to_owned),
                            size: f.file_size.as_ref().and_then(|n| n.value()),
                            thumbnail_url: thumb.and_then(|t| t.url.as_deref()).map(str::to_owned),
                        }));
                    }
                }
                _ => {}
            }
        }
        s.place(&request.validate_send(profile));
        s
    }

    /// An FNW.11 `RCSMessage`: its text, file, rich card and chip list, each body checked
    /// against `profile` at its pointer.
    pub fn from_maap(message: &RcsMessage<'_>, profile: &Profile) -> Self {
        let mut s = Self::new(profile);
        let b = Builder { profile };
        let mut violations = Vec::new();
        if let Some(t) = &message.text_message {
            s.text(t, "/RCSMessage/textMessage".into(), profile);
        }
        if let Some(f) = &message.file_message {
            let url = f.file_url.as_deref().unwrap_or_default().to_owned();
            s.bubbles.push(Bubble::File(FileBubble {
                element: element("/RCSMessage/fileMessage".into()),
                media_kind: MediaKind::of(f.file_mime_type.as_deref(), &url),
                url,
                name: f.file_name.as_deref().map(str::to_owned),
                content_type: f.file_mime_type.as_deref().map(str::to_owned),
                size: f.file_size.as_ref().and_then(|n| n.value()),
                thumbnail_url: f.thumbnail_url.as_deref().map(str::to_owned),
            }));
        }
        for (body, at) in [
            (&message.richcard_message, "/RCSMessage/richcardMessage"),
            (
                &message.suggested_chip_list,
                "/RCSMessage/suggestedChipList",
            ),
        ] {
            if let Some(body) = body {
                b.body(&mut s, body, at);
                violations.extend(body.validate(profile).into_iter().map(|mut v| {
                    v.pointer.insert_str(0, at);
                    v
                }));
            }
        }
        s.place(&violations);
        s
    }

    /// A China Mobile `outboundIMMessage`: its `bodyText` — a multipart/mixed body whose parts
    /// are chatbot bodies (a card or carousel, a chip list) or text, a chatbot body, or text.
    /// XML has no JSON Pointer: a part's pointers are `/bodyText/N` (N from 0) followed by the
    /// pointer inside its JSON; a single body's are `/bodyText` and its JSON's.
    pub fn from_cmcc(message: &OutboundImMessage, profile: &Profile) -> Self {
        let mut s = Self::new(profile);
        let b = Builder { profile };
        let lenient = crate::ParseOptions::lenient();
        let text = message.body_text.as_deref().unwrap_or_default();
        let parts = message
            .content_type
            .as_deref()
            .and_then(crate::multipart::boundary)
            .and_then(|boundary| crate::multipart::parse(text, boundary, &lenient).ok())
            .map(|(parts, _)| {
                parts
                    .iter()
                    .map(|p| (p.content_type().unwrap_or("text/plain"), p.body))
                    .collect::<Vec<_>>()
            });
        let single = parts.is_none();
        let parts = parts.unwrap_or_else(|| vec![("", text)]);
        let mut violations = Vec::new();
        for (i, (content_type, body)) in parts.into_iter().enumerate() {
            let at = if single {
                "/bodyText".to_owned()
            } else {
                format!("/bodyText/{i}")
            };
            match ChatbotBody::parse_with(body.as_bytes(), &lenient) {
                Ok(p) if p.value.kind().is_some() => {
                    b.body(&mut s, &p.value, &at);
                    violations.extend(p.value.validate(profile).into_iter().map(|mut v| {
                        v.pointer.insert_str(0, &at);
                        v
                    }));
                }
                _ if content_type.is_empty()
                    || content_type.to_ascii_lowercase().starts_with("text/") =>
                {
                    s.text(body, at, profile);
                }
                _ => {}
            }
        }
        s.place(&violations);
        s
    }

    /// An RBM `AgentMessage`: its text, file, card or carousel and chips, with its violations
    /// of `profile` (use [`Profile::RBM`]) at RBM's own pointers.
    pub fn from_rbm(message: &AgentMessage<'_>, profile: &Profile) -> Self {
        let mut s = Self::new(profile);
        let b = Builder { profile };
        let content = message.content_message.as_ref();
        if let Some(t) = content.and_then(|c| c.text.as_deref()) {
            s.text(t, "/contentMessage/text".into(), profile);
        }
        if let Some(f) = content.and_then(|c| c.content_info.as_ref()) {
            let url = f.file_url.as_deref().unwrap_or_default().to_owned();
            s.bubbles.push(Bubble::File(FileBubble {
                element: element("/contentMessage/contentInfo".into()),
                media_kind: MediaKind::of(None, &url),
                url,
                name: None,
                content_type: None,
                size: None,
                thumbnail_url: f.thumbnail_url.as_deref().map(str::to_owned),
            }));
        }
        let (card, chips) = message.to_gsma();
        // Laid out as the GSMA body it becomes, then pointed back at RBM's members.
        let mut gsma = Self::new(profile);
        for body in card.iter().chain(chips.iter()) {
            b.body(&mut gsma, body, "");
        }
        gsma.map_pointers(&rbm_pointer);
        s.bubbles.extend(gsma.bubbles);
        s.chips = gsma.chips;
        s.chip_list = gsma.chip_list;
        s.place(&message.validate(profile));
        s
    }

    fn text(&mut self, t: &str, at: String, profile: &Profile) {
        self.bubbles.push(Bubble::Text(TextBubble {
            element: element(at),
            text: shown(t, profile.text_message),
        }));
    }

    /// Every element, mutably, with its pointer.
    fn elements_mut(&mut self) -> Vec<&mut Element> {
        fn chip<'s>(c: &'s mut Chip, out: &mut Vec<&'s mut Element>) {
            out.push(&mut c.element);
        }
        fn card<'s>(c: &'s mut CardView, out: &mut Vec<&'s mut Element>) {
            out.push(&mut c.element);
            if let Some(m) = &mut c.media {
                out.push(&mut m.element);
            }
            if let Some(t) = &mut c.title {
                out.push(&mut t.element);
            }
            if let Some(t) = &mut c.description {
                out.push(&mut t.element);
            }
            for s in &mut c.suggestions {
                chip(s, out);
            }
        }
        fn menu<'s>(items: &'s mut [MenuItem], out: &mut Vec<&'s mut Element>) {
            for i in items {
                match i {
                    MenuItem::Chip(c) => chip(c, out),
                    MenuItem::Submenu {
                        element, entries, ..
                    } => {
                        out.push(element);
                        menu(entries, out);
                    }
                }
            }
        }
        let mut out = Vec::new();
        for b in &mut self.bubbles {
            match b {
                Bubble::Text(t) => out.push(&mut t.element),
                Bubble::File(f) => out.push(&mut f.element),
                Bubble::Card(c) => card(c, &mut out),
                Bubble::Carousel(k) => {
                    out.push(&mut k.element);
                    for c in &mut k.cards {
                        card(c, &mut out);
                    }
                }
            }
        }
        for c in &mut self.chips {
            chip(c, &mut out);
        }
        if let Some(l) = &mut self.chip_list {
            out.push(l);
        }
        if let Some(m) = &mut self.menu {
            out.push(&mut m.element);
            menu(&mut m.entries, &mut out);
        }
        out
    }

    fn map_pointers(&mut self, f: &dyn Fn(&str) -> String) {
        for e in self.elements_mut() {
            e.pointer = f(&e.pointer);
        }
    }

    /// Places each violation on the deepest element whose pointer is the violation's or one
    /// of its ancestors; the rest stay in [`Screen::marks`].
    pub fn place(&mut self, violations: &[Violation]) {
        let mut elements = self.elements_mut();
        let mut unplaced = Vec::new();
        for v in violations {
            let best = elements
                .iter()
                .enumerate()
                .filter(|(_, e)| is_within(&v.pointer, &e.pointer))
                .max_by_key(|(_, e)| e.pointer.len())
                .map(|(i, _)| i);
            match best.and_then(|i| elements.get_mut(i)) {
                Some(e) => e.marks.push(Mark::from(v)),
                None => unplaced.push(Mark::from(v)),
            }
        }
        self.marks.extend(unplaced);
    }

    /// Every mark on the screen, placed or not.
    pub fn mark_count(&mut self) -> usize {
        self.marks.len()
            + self
                .elements_mut()
                .iter()
                .map(|e| e.marks.len())
                .sum::<usize>()
    }
}

/// Whether `pointer` is `ancestor` or inside it (whole segments).
fn is_within(pointer: &str, ancestor: &str) -> bool {
    !ancestor.is_empty()
        && pointer
            .strip_prefix(ancestor)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// A GSMA body pointer as the RBM member it came from.
fn rbm_pointer(p: &str) -> String {
    let map: [(&str, &str); 4] = [
        (
            "/message/generalPurposeCard/content",
            "/contentMessage/richCard/standaloneCard/cardContent",
        ),
        (
            "/message/generalPurposeCard",
            "/contentMessage/richCard/standaloneCard",
        ),
        (
            "/message/generalPurposeCardCarousel/content",
            "/contentMessage/richCard/carouselCard/cardContents",
        ),
        (
            "/message/generalPurposeCardCarousel",
            "/contentMessage/richCard/carouselCard",
        ),
    ];
    for (from, to) in map {
        if let Some(rest) = p.strip_prefix(from)
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return format!("{to}{rest}");
        }
    }
    if let Some(rest) = p.strip_prefix("/suggestions") {
        return format!("/contentMessage/suggestions{rest}");
    }
    p.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_counts_in_the_limits_unit() {
        let bytes = TextLimit {
            min: 1,
            max: 7,
            unit: LengthUnit::Bytes,
        };
        let s = shown("查询订单号", bytes);
        assert_eq!(s.text, "查询…");
        assert_eq!(
            s.cut,
            Some(Cut {
                max: 7,
                length: 15,
                unit: "bytes"
            })
        );
        assert!(shown("short", bytes).cut.is_none());
    }

    #[test]
    fn pointers_match_whole_segments() {
        assert!(is_within("/suggestions/1/reply", "/suggestions/1"));
        assert!(is_within("/suggestions/1", "/suggestions/1"));
        assert!(!is_within("/suggestions/10", "/suggestions/1"));
        assert!(!is_within("/x", ""));
    }

    #[test]
    fn rbm_pointers() {
        assert_eq!(
            rbm_pointer("/message/generalPurposeCard/content/suggestions/2"),
            "/contentMessage/richCard/standaloneCard/cardContent/suggestions/2"
        );
        assert_eq!(
            rbm_pointer("/message/generalPurposeCardCarousel/content/3"),
            "/contentMessage/richCard/carouselCard/cardContents/3"
        );
        assert_eq!(
            rbm_pointer("/suggestions/0"),
            "/contentMessage/suggestions/0"
        );
    }

    #[test]
    fn media_kinds() {
        assert_eq!(MediaKind::of(Some("image/gif"), ""), MediaKind::Gif);
        assert_eq!(MediaKind::of(Some("VIDEO/mp4"), ""), MediaKind::Video);
        assert_eq!(MediaKind::of(None, "https://x/a.JPG?x=1"), MediaKind::Image);
        assert_eq!(MediaKind::of(None, "https://x/a"), MediaKind::Other);
    }
}
