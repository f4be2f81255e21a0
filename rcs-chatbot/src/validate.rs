//! Validation, separate from parsing: every violation of a limit profile at once, each with a
//! JSON Pointer, the rule (named after the JSON Schema keyword), the limit and the actual value.
//!
//! [`Profile::GSMA`] is the GSMA chatbot message and menu schemas (draft-04) exactly, `oneOf`
//! included: a `oneOf` holds when exactly one branch validates, so a suggestion with a valid
//! `reply` and a broken `action` member is valid, as the schema says. The other profiles tighten
//! limits as their operators state them (`limits.tsv` of the corpus gives each source).

use core::fmt;
use std::fmt::Write as _;

use crate::ctcu::{ContentText, MessagePart, MessageRequest};
use crate::json::{Integer, SchemaEnum};
use crate::menu::{Menu, PersistentMenu};
use crate::message::{
    BodyKind, CardContent, CardLayout, CardOrientation, ChatbotBody, GeneralPurposeCard,
    GeneralPurposeCardCarousel, Media, Message, Response, SharedData,
};
use crate::suggestion::{
    Action, Application, CalendarAction, ComposeAction, DeviceAction, DialEnrichedCall, DialNumber,
    DialerAction, Location, MapAction, OpenUrl, Postback, Reply, SettingsAction, ShowLocation,
    Suggestion, UrlAction,
};

/// How a text length is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LengthUnit {
    /// Unicode scalar values (JSON Schema's `maxLength`).
    CodePoints,
    /// UTF-16 code units (Java and JavaScript string length: an emoji counts 2).
    Utf16Units,
    /// UTF-8 bytes.
    Bytes,
}

impl LengthUnit {
    /// The length of `s` in this unit.
    pub fn count(self, s: &str) -> usize {
        match self {
            Self::Bytes => s.len(),
            Self::CodePoints => s.chars().count(),
            // Four-byte sequences (lead byte >= 0xF0) are the surrogate pairs.
            Self::Utf16Units => s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count(),
        }
    }
    fn name(self) -> &'static str {
        match self {
            Self::CodePoints => "characters",
            Self::Utf16Units => "UTF-16 units",
            Self::Bytes => "bytes",
        }
    }
}

/// Bounds on a text's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TextLimit {
    /// Shortest allowed.
    pub min: usize,
    /// Longest allowed.
    pub max: usize,
    /// How length is counted.
    pub unit: LengthUnit,
}

/// Bounds on an array's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CountLimit {
    /// Fewest items allowed.
    pub min: usize,
    /// Most items allowed.
    pub max: usize,
}

const fn cp(min: usize, max: usize) -> TextLimit {
    TextLimit {
        min,
        max,
        unit: LengthUnit::CodePoints,
    }
}

const fn items(min: usize, max: usize) -> CountLimit {
    CountLimit { min, max }
}

/// A set of limits to validate against. The four named profiles are constants; a platform
/// with other limits starts from one and changes fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Profile {
    /// A short name (`gsma`, `ctcu`, `cmcc`, `rbm`).
    pub name: &'static str,
    /// A suggestion's or submenu's `displayText`.
    pub display_text: TextLimit,
    /// `postback.data`.
    pub postback_data: TextLimit,
    /// A card's `title`.
    pub card_title: TextLimit,
    /// A card's `description`.
    pub card_description: TextLimit,
    /// `media.contentDescription`.
    pub content_description: TextLimit,
    /// `openUrl.parameters`.
    pub open_url_parameters: TextLimit,
    /// `dialEnrichedCall.subject`.
    pub enriched_call_subject: TextLimit,
    /// `location.label`.
    pub location_label: TextLimit,
    /// `location.query`.
    pub location_query: TextLimit,
    /// `createCalendarEvent.title`.
    pub calendar_title: TextLimit,
    /// `createCalendarEvent.description`.
    pub calendar_description: TextLimit,
    /// `composeTextMessage.text`.
    pub compose_text: TextLimit,
    /// `deviceSpecifics.deviceModel`.
    pub device_model: TextLimit,
    /// `deviceSpecifics.platformVersion`.
    pub platform_version: TextLimit,
    /// `deviceSpecifics.clientVendor`.
    pub client_vendor: TextLimit,
    /// `deviceSpecifics.clientVersion`.
    pub client_version: TextLimit,
    /// A chip list (`suggestions` at the root).
    pub chip_list: CountLimit,
    /// A card's `suggestions`.
    pub card_suggestions: CountLimit,
    /// A carousel's cards.
    pub carousel_cards: CountLimit,
    /// `titleFontStyle` / `descriptionFontStyle`.
    pub font_styles: CountLimit,
    /// The persistent menu's top-level entries.
    pub menu_entries: CountLimit,
    /// A submenu's entries.
    pub submenu_entries: CountLimit,
    /// A text/plain message's text (CT/CU send requests).
    pub text_message: TextLimit,
    /// The files of one file message (CT/CU send requests: the file and its thumbnail).
    pub message_files: CountLimit,
}

impl Profile {
    /// The GSMA chatbot message and menu schemas, exactly (lengths in code points, as JSON
    /// Schema counts them).
    pub const GSMA: Self = Self {
        name: "gsma",
        display_text: cp(1, 25),
        postback_data: cp(0, 2048),
        card_title: cp(1, 200),
        card_description: cp(1, 2000),
        content_description: cp(1, 200),
        open_url_parameters: cp(1, 200),
        enriched_call_subject: cp(0, 60),
        location_label: cp(1, 100),
        location_query: cp(1, 200),
        calendar_title: cp(1, 100),
        calendar_description: cp(1, 500),
        compose_text: cp(0, 100),
        device_model: cp(1, 10),
        platform_version: cp(1, 20),
        client_vendor: cp(1, 4),
        client_version: cp(1, 15),
        chip_list: items(1, 11),
        card_suggestions: items(1, 4),
        carousel_cards: items(2, 12),
        font_styles: items(1, 3),
        menu_entries: items(1, 5),
        submenu_entries: items(1, 5),
        text_message: cp(0, usize::MAX),
        message_files: items(1, 2),
    };

    /// China Telecom / China Unicom interface V1.0.4: the GSMA schema it reprints (§9.4.7),
    /// tightened by its prose: `displayText` at most 25 "字符（Byte）", counted here in UTF-8
    /// bytes (the reading that never lets through what the other reading refuses: 8 Chinese
    /// characters, not 25); top-level menu at most 3 entries (§7.1.2).
    pub const CTCU: Self = Self {
        name: "ctcu",
        display_text: TextLimit {
            min: 1,
            max: 25,
            unit: LengthUnit::Bytes,
        },
        menu_entries: items(1, 3),
        // §9.4.1: a text message of at most 2000 characters ("字").
        text_message: cp(1, 2000),
        ..Self::GSMA
    };

    /// China Mobile: the GSMA schema. No CMCC-specific chatbot JSON limits are published in
    /// the sources this crate was built from; this profile names the platform so that they
    /// can be added without changing callers.
    pub const CMCC: Self = Self {
        name: "cmcc",
        ..Self::GSMA
    };

    /// Google RBM: carousels of 2..10 cards (RBM API and Dialogflow reference); the other
    /// limits match the GSMA schema.
    pub const RBM: Self = Self {
        name: "rbm",
        carousel_cards: items(2, 10),
        text_message: cp(1, 3072),
        ..Self::GSMA
    };

    /// The profile named `name` (`gsma`, `ctcu`, `cmcc`, `rbm`, case-insensitive).
    pub fn by_name(name: &str) -> Option<Self> {
        [Self::GSMA, Self::CTCU, Self::CMCC, Self::RBM]
            .into_iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self::GSMA
    }
}

/// Which rule a value breaks, named after the JSON Schema keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A required member is absent (the pointer is the object; `limit` names the member).
    Required,
    /// A value of the wrong JSON type (a size sent as a string).
    Type,
    /// A value the schema's enumeration does not list.
    Enum,
    /// A text shorter than allowed.
    MinLength,
    /// A text longer than allowed.
    MaxLength,
    /// Too few items.
    MinItems,
    /// Too many items.
    MaxItems,
    /// A number below its minimum.
    Minimum,
    /// None, or more than one, of mutually exclusive members validates.
    OneOf,
    /// None of media, title, description in a card.
    AnyOf,
    /// A member present without the members it depends on (thumbnailUrl).
    Dependency,
    /// A text that is not the URI or date-time its format says.
    Format,
    /// A message part whose content does not match its `contentType` (a chip list under
    /// `text/plain`, a string under a chatbot type, ...).
    ContentType,
    /// A member the interface requires only together with another (`smsContent` with
    /// `smsSupported: true`).
    RequiredWith,
}

impl Rule {
    /// The JSON Schema keyword.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::Type => "type",
            Self::Enum => "enum",
            Self::MinLength => "minLength",
            Self::MaxLength => "maxLength",
            Self::MinItems => "minItems",
            Self::MaxItems => "maxItems",
            Self::Minimum => "minimum",
            Self::OneOf => "oneOf",
            Self::AnyOf => "anyOf",
            Self::Dependency => "dependencies",
            Self::Format => "format",
            Self::ContentType => "contentType",
            Self::RequiredWith => "requiredWith",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One broken rule: where, which, the limit and what was there. Serializes as `{"pointer",
/// "rule"` (its [`Rule::as_str`] name)`, "limit", "actual"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Violation {
    /// A JSON Pointer to the value (for `required`, `anyOf`, `oneOf` and `dependencies`: to
    /// the object).
    pub pointer: String,
    /// The rule broken.
    pub rule: Rule,
    /// The limit: `25 characters`, `1..11 items`, `VERTICAL|HORIZONTAL`, a member name, ...
    pub limit: String,
    /// What was there: `31 characters`, `14 items`, `calibri`, `absent`, ...
    pub actual: String,
}

impl serde::Serialize for Violation {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Violation", 4)?;
        st.serialize_field("pointer", &self.pointer)?;
        st.serialize_field("rule", self.rule.as_str())?;
        st.serialize_field("limit", &self.limit)?;
        st.serialize_field("actual", &self.actual)?;
        st.end()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let p = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        write!(f, "{p}: {} ({}, {})", self.rule, self.limit, self.actual)
    }
}

/// Validates a chatbot body against `profile`: every violation, in document order.
pub fn validate(body: &ChatbotBody<'_>, profile: &Profile) -> Vec<Violation> {
    let mut w = Walker::new(profile);
    w.body(body);
    w.out
}

/// Validates a persistent menu against `profile` (the GSMA menu schema's rules).
pub fn validate_menu(menu: &PersistentMenu<'_>, profile: &Profile) -> Vec<Violation> {
    let mut w = Walker::new(profile);
    w.required("menu", menu.menu.is_some());
    if let Some(m) = &menu.menu {
        w.key("menu", |w| w.menu(m, 0));
    }
    w.out
}

impl ChatbotBody<'_> {
    /// [`validate`] this body.
    pub fn validate(&self, profile: &Profile) -> Vec<Violation> {
        validate(self, profile)
    }
}

impl PersistentMenu<'_> {
    /// [`validate_menu`] this menu.
    pub fn validate(&self, profile: &Profile) -> Vec<Violation> {
        validate_menu(self, profile)
    }
}

/// Validates a CT/CU send request (§9): the members the interface requires, `smsContent`
/// with `smsSupported`, each part's content against its `contentType` and `contentEncoding`,
/// the text and file limits of `profile`, and every chatbot body inside at its full pointer.
pub fn validate_send(message: &MessageRequest<'_>, profile: &Profile) -> Vec<Violation> {
    let mut w = Walker::new(profile);
    w.send(message);
    w.out
}

impl MessageRequest<'_> {
    /// [`validate_send`] this request.
    pub fn validate_send(&self, profile: &Profile) -> Vec<Violation> {
        validate_send(self, profile)
    }
}

#[derive(Debug, Clone, Copy)]
enum Seg {
    Key(&'static str),
    Index(usize),
}

/// Tracks the `oneOf` branches of one object: how many are present and how many validate.
#[derive(Debug, Clone, Copy)]
struct OneOf {
    start: usize,
    present: usize,
    valid: usize,
}

struct Walker<'p> {
    p: &'p Profile,
    path: Vec<Seg>,
    out: Vec<Violation>,
}

impl<'p> Walker<'p> {
    fn new(p: &'p Profile) -> Self {
        Self {
            p,
            path: Vec::with_capacity(16),
            out: Vec::new(),
        }
    }

    fn pointer(&self, last: Option<&'static str>) -> String {
        let mut s = String::new();
        let segs = self.path.iter().copied().chain(last.map(Seg::Key));
        for seg in segs {
            s.push('/');
            match seg {
                Seg::Key(k) => s.push_str(k),
                Seg::Index(i) => {
                    let _ = write!(s, "{i}");
                }
            }
        }
        s
    }

    fn violation(&mut self, at: Option<&'static str>, rule: Rule, limit: String, actual: String) {
        let pointer = self.pointer(at);
        self.out.push(Violation {
            pointer,
            rule,
            limit,
            actual,
        });
    }

    fn key(&mut self, k: &'static str, f: impl FnOnce(&mut Self)) {
        self.path.push(Seg::Key(k));
        f(self);
        self.path.pop();
    }

    fn index(&mut self, i: usize, f: impl FnOnce(&mut Self)) {
        self.path.push(Seg::Index(i));
        f(self);
        self.path.pop();
    }

    fn required(&mut self, name: &'static str, present: bool) {
        if !present {
            self.violation(None, Rule::Required, name.to_owned(), "absent".to_owned());
        }
    }

    fn text(&mut self, at: &'static str, v: Option<&str>, lim: TextLimit) {
        if let Some((rule, limit, actual)) = v.and_then(|s| length_violation(s, lim)) {
            self.violation(Some(at), rule, limit, actual);
        }
    }

    fn count(&mut self, at: Option<&'static str>, n: usize, lim: CountLimit) {
        if let Some((rule, limit, actual)) = count_violation(n, lim) {
            self.violation(at, rule, limit, actual);
        }
    }

    fn enumeration<E: SchemaEnum>(&mut self, at: &'static str, v: Option<&E>) {
        if let Some(e) = v
            && !e.is_known()
        {
            self.violation(
                Some(at),
                Rule::Enum,
                E::KNOWN.join("|"),
                e.as_str().to_owned(),
            );
        }
    }

    fn integer(&mut self, at: &'static str, v: Option<&Integer<'_>>) {
        match v {
            Some(Integer::Text(t)) => {
                self.violation(
                    Some(at),
                    Rule::Type,
                    "integer".to_owned(),
                    format!("string {t:?}"),
                );
            }
            Some(Integer::Negative(n)) => {
                self.violation(Some(at), Rule::Minimum, "0".to_owned(), n.to_string());
            }
            _ => {}
        }
    }

    fn uri(&mut self, at: &'static str, v: Option<&str>) {
        if let Some(s) = v
            && !is_uri(s)
        {
            self.violation(Some(at), Rule::Format, "uri".to_owned(), s.to_owned());
        }
    }

    fn date_time(&mut self, at: &'static str, v: Option<&str>) {
        if let Some(s) = v
            && !is_date_time(s)
        {
            self.violation(Some(at), Rule::Format, "date-time".to_owned(), s.to_owned());
        }
    }

    fn one_of(&self) -> OneOf {
        OneOf {
            start: self.out.len(),
            present: 0,
            valid: 0,
        }
    }

    /// Validates one present branch of a `oneOf`, counting it.
    fn branch(&mut self, o: &mut OneOf, key: &'static str, f: impl FnOnce(&mut Self)) {
        let before = self.out.len();
        o.present += 1;
        self.key(key, f);
        if self.out.len() == before {
            o.valid += 1;
        }
    }

    /// Settles a `oneOf`: exactly one valid branch makes the object valid whatever the other
    /// branches hold (their violations are dropped, as the schema ignores them).
    fn settle(&mut self, o: OneOf, names: &'static str) {
        if o.valid == 1 {
            self.out.truncate(o.start);
        } else if o.present == 0 {
            self.violation(
                None,
                Rule::OneOf,
                format!("one of {names}"),
                "none".to_owned(),
            );
        } else if o.valid > 1 {
            self.violation(
                None,
                Rule::OneOf,
                format!("one of {names}"),
                format!("{} valid", o.valid),
            );
        }
    }

    fn body(&mut self, b: &ChatbotBody<'_>) {
        let present = usize::from(b.message.is_some())
            + usize::from(b.suggestions.is_some())
            + usize::from(b.response.is_some())
            + usize::from(b.shared_data.is_some());
        if present != 1 {
            self.violation(
                None,
                Rule::OneOf,
                "one of message|suggestions|response|sharedData".to_owned(),
                if present == 0 {
                    "none".to_owned()
                } else {
                    format!("{present} present")
                },
            );
        }
        if let Some(m) = &b.message {
            self.key("message", |w| w.message(m));
        }
        if let Some(s) = &b.suggestions {
            let lim = self.p.chip_list;
            self.key("suggestions", |w| w.suggestions(s, lim));
        }
        if let Some(r) = &b.response {
            self.key("response", |w| w.response(r));
        }
        if let Some(s) = &b.shared_data {
            self.key("sharedData", |w| w.shared_data(s));
        }
    }

    fn message(&mut self, m: &Message<'_>) {
        let mut o = self.one_of();
        if let Some(c) = &m.general_purpose_card {
            self.branch(&mut o, "generalPurposeCard", |w| w.card(c));
        }
        if let Some(c) = &m.general_purpose_card_carousel {
            self.branch(&mut o, "generalPurposeCardCarousel", |w| w.carousel(c));
        }
        self.settle(o, "generalPurposeCard|generalPurposeCardCarousel");
    }

    fn card(&mut self, c: &GeneralPurposeCard<'_>) {
        self.required("layout", c.layout.is_some());
        self.required("content", c.content.is_some());
        if let Some(l) = &c.layout {
            self.key("layout", |w| w.card_layout(l));
        }
        if let Some(content) = &c.content {
            self.key("content", |w| w.card_content(content));
        }
    }

    fn font_styles(
        &mut self,
        title: Option<&Vec<crate::FontStyle<'_>>>,
        description: Option<&Vec<crate::FontStyle<'_>>>,
    ) {
        for (key, styles) in [
            ("titleFontStyle", title),
            ("descriptionFontStyle", description),
        ] {
            let Some(styles) = styles else { continue };
            let lim = self.p.font_styles;
            self.key(key, |w| {
                w.count(None, styles.len(), lim);
                for (i, s) in styles.iter().enumerate() {
                    if !s.is_known() {
                        w.index(i, |w| {
                            w.violation(
                                None,
                                Rule::Enum,
                                crate::FontStyle::KNOWN.join("|"),
                                s.as_str().to_owned(),
                            );
                        });
                    }
                }
            });
        }
    }

    fn card_layout(&mut self, l: &CardLayout<'_>) {
        // The two oneOf branches share the font styles and style; they differ by
        // orientation, which makes them exclusive.
        self.font_styles(
            l.title_font_style.as_ref(),
            l.description_font_style.as_ref(),
        );
        self.uri("style", l.style.as_deref());
        match &l.card_orientation {
            None => self.required("cardOrientation", false),
            Some(CardOrientation::Vertical) => {}
            Some(CardOrientation::Horizontal) => {
                self.required("imageAlignment", l.image_alignment.is_some());
                self.enumeration("imageAlignment", l.image_alignment.as_ref());
            }
            Some(o @ CardOrientation::Other(_)) => self.enumeration("cardOrientation", Some(o)),
        }
    }

    fn card_content(&mut self, c: &CardContent<'_>) {
        if c.media.is_none() && c.title.is_none() && c.description.is_none() {
            self.violation(
                None,
                Rule::AnyOf,
                "media|title|description".to_owned(),
                "none".to_owned(),
            );
        }
        if let Some(m) = &c.media {
            self.key("media", |w| w.media(m));
        }
        self.text("title", c.title.as_deref(), self.p.card_title);
        self.text(
            "description",
            c.description.as_deref(),
            self.p.card_description,
        );
        if let Some(s) = &c.suggestions {
            let lim = self.p.card_suggestions;
            self.key("suggestions", |w| w.suggestions(s, lim));
        }
    }

    fn media(&mut self, m: &Media<'_>) {
        self.required("mediaUrl", m.media_url.is_some());
        self.required("mediaContentType", m.media_content_type.is_some());
        self.required("mediaFileSize", m.media_file_size.is_some());
        self.required("height", m.height.is_some());
        if m.thumbnail_url.is_some() {
            for (name, present) in [
                ("thumbnailContentType", m.thumbnail_content_type.is_some()),
                ("thumbnailFileSize", m.thumbnail_file_size.is_some()),
            ] {
                if !present {
                    self.violation(
                        None,
                        Rule::Dependency,
                        format!("{name} (with thumbnailUrl)"),
                        "absent".to_owned(),
                    );
                }
            }
        }
        self.uri("mediaUrl", m.media_url.as_deref());
        self.integer("mediaFileSize", m.media_file_size.as_ref());
        self.uri("thumbnailUrl", m.thumbnail_url.as_deref());
        self.integer("thumbnailFileSize", m.thumbnail_file_size.as_ref());
        self.enumeration("height", m.height.as_ref());
        self.text(
            "contentDescription",
            m.content_description.as_deref(),
            self.p.content_description,
        );
    }

    fn carousel(&mut self, c: &GeneralPurposeCardCarousel<'_>) {
        self.required("layout", c.layout.is_some());
        self.required("content", c.content.is_some());
        if let Some(l) = &c.layout {
            self.key("layout", |w| {
                w.required("cardWidth", l.card_width.is_some());
                w.enumeration("cardWidth", l.card_width.as_ref());
                w.font_styles(
                    l.title_font_style.as_ref(),
                    l.description_font_style.as_ref(),
                );
                w.uri("style", l.style.as_deref());
            });
        }
        if let Some(cards) = &c.content {
            let lim = self.p.carousel_cards;
            self.key("content", |w| {
                w.count(None, cards.len(), lim);
                for (i, card) in cards.iter().enumerate() {
                    w.index(i, |w| w.card_content(card));
                }
            });
        }
    }

    fn suggestions(&mut self, list: &[Suggestion<'_>], lim: CountLimit) {
        self.count(None, list.len(), lim);
        for (i, s) in list.iter().enumerate() {
            self.index(i, |w| w.suggestion(s));
        }
    }

    fn suggestion(&mut self, s: &Suggestion<'_>) {
        let mut o = self.one_of();
        if let Some(r) = &s.reply {
            self.branch(&mut o, "reply", |w| w.reply(r));
        }
        if let Some(a) = &s.action {
            self.branch(&mut o, "action", |w| w.action(a));
        }
        self.settle(o, "reply|action");
    }

    fn base(&mut self, display_text: Option<&str>, postback: Option<&Postback<'_>>) {
        self.required("displayText", display_text.is_some());
        self.text("displayText", display_text, self.p.display_text);
        if let Some(p) = postback {
            self.key("postback", |w| {
                w.required("data", p.data.is_some());
                w.text("data", p.data.as_deref(), w.p.postback_data);
            });
        }
    }

    fn reply(&mut self, r: &Reply<'_>) {
        self.base(r.display_text.as_deref(), r.postback.as_ref());
    }

    fn action(&mut self, a: &Action<'_>) {
        self.base(a.display_text.as_deref(), a.postback.as_ref());
        let mut o = self.one_of();
        if let Some(x) = &a.url_action {
            self.branch(&mut o, "urlAction", |w| w.url_action(x));
        }
        if let Some(x) = &a.dialer_action {
            self.branch(&mut o, "dialerAction", |w| w.dialer_action(x));
        }
        if let Some(x) = &a.map_action {
            self.branch(&mut o, "mapAction", |w| w.map_action(x));
        }
        if let Some(x) = &a.calendar_action {
            self.branch(&mut o, "calendarAction", |w| w.calendar_action(x));
        }
        if let Some(x) = &a.compose_action {
            self.branch(&mut o, "composeAction", |w| w.compose_action(x));
        }
        if let Some(x) = &a.device_action {
            self.branch(&mut o, "deviceAction", |w| w.device_action(x));
        }
        if let Some(x) = &a.settings_action {
            self.branch(&mut o, "settingsAction", |w| w.settings_action(x));
        }
        // The base members were checked before the branches: a settled oneOf must not drop
        // them, so settle only what the branches added.
        self.settle(
            o,
            "urlAction|dialerAction|mapAction|calendarAction|composeAction|deviceAction|settingsAction",
        );
    }

    fn url_action(&mut self, u: &UrlAction<'_>) {
        self.required("openUrl", u.open_url.is_some());
        if let Some(o) = &u.open_url {
            self.key("openUrl", |w| w.open_url(o));
        }
    }

    fn open_url(&mut self, o: &OpenUrl<'_>) {
        self.required("url", o.url.is_some());
        self.uri("url", o.url.as_deref());
        match &o.application {
            None => self.required("application", false),
            Some(Application::Browser) => {}
            Some(Application::Webview) => {
                self.enumeration("viewMode", o.view_mode.as_ref());
                self.text(
                    "parameters",
                    o.parameters.as_deref(),
                    self.p.open_url_parameters,
                );
            }
            Some(a @ Application::Other(_)) => self.enumeration("application", Some(a)),
        }
    }

    fn dial_number(&mut self, d: &DialNumber<'_>) {
        self.required("phoneNumber", d.phone_number.is_some());
        self.uri("fallbackUrl", d.fallback_url.as_deref());
    }

    fn dial_enriched(&mut self, d: &DialEnrichedCall<'_>) {
        self.required("phoneNumber", d.phone_number.is_some());
        self.text(
            "subject",
            d.subject.as_deref(),
            self.p.enriched_call_subject,
        );
        self.uri("fallbackUrl", d.fallback_url.as_deref());
    }

    fn dialer_action(&mut self, d: &DialerAction<'_>) {
        let mut o = self.one_of();
        if let Some(x) = &d.dial_phone_number {
            self.branch(&mut o, "dialPhoneNumber", |w| w.dial_number(x));
        }
        if let Some(x) = &d.dial_enriched_call {
            self.branch(&mut o, "dialEnrichedCall", |w| w.dial_enriched(x));
        }
        if let Some(x) = &d.dial_video_call {
            self.branch(&mut o, "dialVideoCall", |w| w.dial_number(x));
        }
        self.settle(o, "dialPhoneNumber|dialEnrichedCall|dialVideoCall");
    }

    fn location(&mut self, l: &Location<'_>) {
        self.text("label", l.label.as_deref(), self.p.location_label);
        self.text("query", l.query.as_deref(), self.p.location_query);
        let coordinates = l.latitude.is_some() && l.longitude.is_some();
        let query = l.query.is_some();
        if coordinates == query {
            self.violation(
                None,
                Rule::OneOf,
                "one of latitude+longitude|query".to_owned(),
                if query { "both" } else { "none" }.to_owned(),
            );
        }
    }

    fn show_location(&mut self, s: &ShowLocation<'_>) {
        self.required("location", s.location.is_some());
        if let Some(l) = &s.location {
            self.key("location", |w| w.location(l));
        }
        self.uri("fallbackUrl", s.fallback_url.as_deref());
    }

    fn map_action(&mut self, m: &MapAction<'_>) {
        let mut o = self.one_of();
        if let Some(x) = &m.show_location {
            self.branch(&mut o, "showLocation", |w| w.show_location(x));
        }
        if m.request_location_push.is_some() {
            self.branch(&mut o, "requestLocationPush", |_| {});
        }
        self.settle(o, "showLocation|requestLocationPush");
    }

    fn calendar_action(&mut self, c: &CalendarAction<'_>) {
        self.required("createCalendarEvent", c.create_calendar_event.is_some());
        if let Some(e) = &c.create_calendar_event {
            self.key("createCalendarEvent", |w| {
                w.required("startTime", e.start_time.is_some());
                w.required("endTime", e.end_time.is_some());
                w.required("title", e.title.is_some());
                w.date_time("startTime", e.start_time.as_deref());
                w.date_time("endTime", e.end_time.as_deref());
                w.text("title", e.title.as_deref(), w.p.calendar_title);
                w.text(
                    "description",
                    e.description.as_deref(),
                    w.p.calendar_description,
                );
                w.uri("fallbackUrl", e.fallback_url.as_deref());
            });
        }
    }

    fn compose_action(&mut self, c: &ComposeAction<'_>) {
        let mut o = self.one_of();
        if let Some(t) = &c.compose_text_message {
            self.branch(&mut o, "composeTextMessage", |w| {
                w.required("phoneNumber", t.phone_number.is_some());
                w.required("text", t.text.is_some());
                w.text("text", t.text.as_deref(), w.p.compose_text);
            });
        }
        if let Some(r) = &c.compose_recording_message {
            self.branch(&mut o, "composeRecordingMessage", |w| {
                w.required("phoneNumber", r.phone_number.is_some());
                w.required("type", r.recording_type.is_some());
                w.enumeration("type", r.recording_type.as_ref());
            });
        }
        self.settle(o, "composeTextMessage|composeRecordingMessage");
    }

    fn device_action(&mut self, d: &DeviceAction<'_>) {
        self.required(
            "requestDeviceSpecifics",
            d.request_device_specifics.is_some(),
        );
    }

    fn settings_action(&mut self, s: &SettingsAction<'_>) {
        let mut o = self.one_of();
        if s.disable_anonymization.is_some() {
            self.branch(&mut o, "disableAnonymization", |_| {});
        }
        if s.enable_displayed_notifications.is_some() {
            self.branch(&mut o, "enableDisplayedNotifications", |_| {});
        }
        self.settle(o, "disableAnonymization|enableDisplayedNotifications");
    }

    fn response(&mut self, r: &Response<'_>) {
        let mut o = self.one_of();
        if let Some(x) = &r.reply {
            self.branch(&mut o, "reply", |w| w.reply(x));
        }
        if let Some(x) = &r.action {
            self.branch(&mut o, "action", |w| w.reply(x));
        }
        self.settle(o, "reply|action");
    }

    fn shared_data(&mut self, s: &SharedData<'_>) {
        if let Some(d) = &s.device_specifics {
            self.key("deviceSpecifics", |w| {
                w.text("deviceModel", d.device_model.as_deref(), w.p.device_model);
                w.text(
                    "platformVersion",
                    d.platform_version.as_deref(),
                    w.p.platform_version,
                );
                w.text(
                    "clientVendor",
                    d.client_vendor.as_deref(),
                    w.p.client_vendor,
                );
                w.text(
                    "clientVersion",
                    d.client_version.as_deref(),
                    w.p.client_version,
                );
                w.integer(
                    "batteryRemainingMinutes",
                    d.battery_remaining_minutes.as_ref(),
                );
            });
        }
    }

    fn send(&mut self, m: &MessageRequest<'_>) {
        for (name, present) in [
            ("messageId", m.message_id.is_some()),
            ("messageList", m.message_list.is_some()),
            ("destinationAddress", m.destination_address.is_some()),
            ("senderAddress", m.sender_address.is_some()),
            ("conversationId", m.conversation_id.is_some()),
            ("contributionId", m.contribution_id.is_some()),
            ("serviceCapability", m.service_capability.is_some()),
            ("smsSupported", m.sms_supported.is_some()),
            ("storeSupported", m.store_supported.is_some()),
        ] {
            self.required(name, present);
        }
        if m.sms_supported == Some(true) && m.sms_content.as_deref().is_none_or(str::is_empty) {
            self.violation(
                None,
                Rule::RequiredWith,
                "smsContent (with smsSupported: true)".to_owned(),
                if m.sms_content.is_some() {
                    "empty"
                } else {
                    "absent"
                }
                .to_owned(),
            );
        }
        if let Some(d) = &m.destination_address
            && d.is_empty()
        {
            self.violation(
                Some("destinationAddress"),
                Rule::MinItems,
                "1 items".to_owned(),
                "0 items".to_owned(),
            );
        }
        let Some(parts) = &m.message_list else { return };
        self.key("messageList", |w| {
            w.count(
                None,
                parts.len(),
                CountLimit {
                    min: 1,
                    max: usize::MAX,
                },
            );
            for (i, p) in parts.iter().enumerate() {
                w.index(i, |w| w.part(p));
            }
        });
    }

    fn part(&mut self, p: &MessagePart<'_>) {
        self.required("contentType", p.content_type.is_some());
        self.required("contentText", p.content_text.is_some());
        let base64 = match p.content_encoding.as_deref() {
            None | Some("utf8") => false,
            Some("base64") => true,
            Some(other) => {
                self.violation(
                    Some("contentEncoding"),
                    Rule::Enum,
                    "utf8|base64".to_owned(),
                    other.to_owned(),
                );
                false
            }
        };
        let (Some(ct), Some(text)) = (p.content_type.as_deref(), &p.content_text) else {
            return;
        };
        let base = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let mismatch = |w: &mut Self, what: &str| {
            w.violation(
                Some("contentText"),
                Rule::ContentType,
                format!("the content of {base}"),
                what.to_owned(),
            );
        };
        match text {
            // base64 content is opaque here (decode it to check it).
            ContentText::Text(_) if base64 => {}
            ContentText::Text(t) => {
                if base == "text/plain" {
                    let lim = self.p.text_message;
                    self.text("contentText", Some(t), lim);
                } else {
                    mismatch(self, "a string");
                }
            }
            ContentText::Files(files) => {
                if base != "application/vnd.gsma.rcs-ft-http" {
                    mismatch(self, "a file list");
                    return;
                }
                let lim = self.p.message_files;
                self.key("contentText", |w| {
                    w.count(None, files.len(), lim);
                    let thumbnails = files
                        .iter()
                        .filter(|f| f.kind.as_deref() == Some("thumbnail"))
                        .count();
                    for (i, f) in files.iter().enumerate() {
                        w.index(i, |w| {
                            w.required("type", f.kind.is_some());
                            w.required("url", f.url.is_some());
                            if let Some(k) = f.kind.as_deref()
                                && k != "file"
                                && k != "thumbnail"
                            {
                                w.violation(
                                    Some("type"),
                                    Rule::Enum,
                                    "file|thumbnail".to_owned(),
                                    k.to_owned(),
                                );
                            }
                        });
                    }
                    if thumbnails > 1 || files.len() - thumbnails > 1 {
                        w.violation(
                            None,
                            Rule::OneOf,
                            "one file and at most one thumbnail".to_owned(),
                            format!(
                                "{} files, {thumbnails} thumbnails",
                                files.len() - thumbnails
                            ),
                        );
                    }
                });
            }
            ContentText::Body(b) => {
                match BodyKind::from_content_type(&base) {
                    Some(k) if Some(k) == b.kind() => {}
                    _ => mismatch(
                        self,
                        b.kind().map_or("a chatbot object", BodyKind::content_type),
                    ),
                }
                self.key("contentText", |w| w.body(b));
            }
        }
    }

    /// A menu at `level` 0 (the top), 1 or 2 (submenus).
    fn menu(&mut self, m: &Menu<'_>, level: u8) {
        if level > 0 {
            self.required("displayText", m.display_text.is_some());
            self.text(
                "displayText",
                m.display_text.as_deref(),
                self.p.display_text,
            );
        }
        self.required("entries", m.entries.is_some());
        let Some(entries) = &m.entries else { return };
        let lim = if level == 0 {
            self.p.menu_entries
        } else {
            self.p.submenu_entries
        };
        self.key("entries", |w| {
            w.count(None, entries.len(), lim);
            for (i, e) in entries.iter().enumerate() {
                w.index(i, |w| {
                    let mut o = w.one_of();
                    if let Some(r) = &e.reply {
                        w.branch(&mut o, "reply", |w| w.reply(r));
                    }
                    if let Some(a) = &e.action {
                        w.branch(&mut o, "action", |w| w.action(a));
                    }
                    match &e.menu {
                        Some(sub) if level < 2 => {
                            w.branch(&mut o, "menu", |w| w.menu(sub, level + 1));
                        }
                        _ => {}
                    }
                    w.settle(
                        o,
                        if level < 2 {
                            "reply|action|menu"
                        } else {
                            "reply|action"
                        },
                    );
                });
            }
        });
    }
}

/// The length rule `s` breaks under `lim`, with the limit and the actual length in its unit.
pub(crate) fn length_violation(s: &str, lim: TextLimit) -> Option<(Rule, String, String)> {
    // Cheap bounds first: no unit counts more than the UTF-8 bytes, and every unit counts a
    // non-empty string as at least 1.
    if s.len() <= lim.max && (lim.min == 0 || (lim.min == 1 && !s.is_empty())) {
        return None;
    }
    let n = lim.unit.count(s);
    let unit = lim.unit.name();
    let (rule, bound) = if n > lim.max {
        (Rule::MaxLength, lim.max)
    } else if n < lim.min {
        (Rule::MinLength, lim.min)
    } else {
        return None;
    };
    Some((rule, format!("{bound} {unit}"), format!("{n} {unit}")))
}

/// The count rule `n` items break under `lim`, with the limit and the actual count.
pub(crate) fn count_violation(n: usize, lim: CountLimit) -> Option<(Rule, String, String)> {
    let (rule, bound) = if n > lim.max {
        (Rule::MaxItems, lim.max)
    } else if n < lim.min {
        (Rule::MinItems, lim.min)
    } else {
        return None;
    };
    Some((rule, format!("{bound} items"), format!("{n} items")))
}

/// RFC 3986 `URI` (absolute, fragment allowed): a scheme, a colon, then only the characters
/// the grammar allows, percent signs followed by two hex digits, at most one `#`.
pub(crate) fn is_uri(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(colon) = memchr::memchr(b':', b) else {
        return false;
    };
    let scheme = &b[..colon];
    if scheme.is_empty()
        || !scheme[0].is_ascii_alphabetic()
        || !scheme
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
    {
        return false;
    }
    let rest = &b[colon + 1..];
    // Fast path: every byte one the grammar allows outright (no `%`, at most one `#`).
    let mut hashes = 0;
    let mut i = 0;
    while i < rest.len() {
        let c = rest[i];
        if URI_CHAR[usize::from(c)] {
            i += 1;
            continue;
        }
        match c {
            b'%' => {
                if !(rest.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                    && rest.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
                {
                    return false;
                }
                i += 3;
            }
            b'#' => {
                hashes += 1;
                i += 1;
            }
            _ => return false,
        }
    }
    hashes <= 1
}

/// RFC 3986 characters allowed anywhere after the scheme: unreserved, sub-delims, `:` `@` `/`
/// `?` and the IP-literal brackets (`%` and `#` are checked apart).
const URI_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
                    | b'?'
                    | b'['
                    | b']'
            );
        c += 1;
    }
    t
};

/// RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM|-HH:MM)`, fields in range
/// (day by month and leap year, second up to 60 for a leap second).
pub(crate) fn is_date_time(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: core::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        if d.iter().all(u8::is_ascii_digit) {
            Some(d.iter().fold(0, |n, &c| n * 10 + u32::from(c - b'0')))
        } else {
            None
        }
    };
    let sep = |i: usize, set: &[u8]| b.get(i).is_some_and(|c| set.contains(c));
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(sec)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return false;
    };
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt") && sep(13, b":") && sep(16, b":")) {
        return false;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if d == 0 || d > days || h > 23 || mi > 59 || sec > 60 {
        return false;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            let (Some(oh), Some(om)) = (num(i + 1..i + 3), num(i + 4..i + 6)) else {
                return false;
            };
            sep(i + 3, b":") && oh <= 23 && om <= 59 && i + 6 == b.len()
        }
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ParseOptions;

    fn violations(json: &str, p: &Profile) -> Vec<String> {
        let b = ChatbotBody::parse_with(json.as_bytes(), &ParseOptions::faithful()).unwrap();
        b.value
            .validate(p)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn units() {
        assert_eq!(LengthUnit::CodePoints.count("a中😀"), 3);
        assert_eq!(LengthUnit::Utf16Units.count("a中😀"), 4);
        assert_eq!(LengthUnit::Bytes.count("a中😀"), 8);
    }

    #[test]
    fn display_text_by_profile() {
        let doc = r#"{"suggestions":[{"reply":{"displayText":"一二三四五六七八九十"}}]}"#;
        assert!(violations(doc, &Profile::GSMA).is_empty());
        assert_eq!(
            violations(doc, &Profile::CTCU),
            ["/suggestions/0/reply/displayText: maxLength (25 bytes, 30 bytes)"]
        );
        let long = r#"{"suggestions":[{"reply":{"displayText":"abcdefghijklmnopqrstuvwxyz"}}]}"#;
        assert_eq!(
            violations(long, &Profile::GSMA),
            ["/suggestions/0/reply/displayText: maxLength (25 characters, 26 characters)"]
        );
        let empty = r#"{"suggestions":[{"reply":{"displayText":""}}]}"#;
        assert_eq!(
            violations(empty, &Profile::GSMA),
            ["/suggestions/0/reply/displayText: minLength (1 characters, 0 characters)"]
        );
    }

    #[test]
    fn one_of_counts_valid_branches() {
        // A valid reply beside a broken action: the schema's oneOf holds (one valid branch).
        let doc = r#"{"suggestions":[{"reply":{"displayText":"a"},"action":{"displayText":""}}]}"#;
        assert!(violations(doc, &Profile::GSMA).is_empty());
        let both = r#"{"suggestions":[{"reply":{"displayText":"a"},"action":{"displayText":"b","deviceAction":{"requestDeviceSpecifics":{}}}}]}"#;
        assert_eq!(
            violations(both, &Profile::GSMA),
            ["/suggestions/0: oneOf (one of reply|action, 2 valid)"]
        );
        let none = r#"{"suggestions":[{}]}"#;
        assert_eq!(
            violations(none, &Profile::GSMA),
            ["/suggestions/0: oneOf (one of reply|action, none)"]
        );
    }

    #[test]
    fn menu_depth_and_counts() {
        let l2 = r#"{"menu":{"entries":[{"menu":{"displayText":"a","entries":[{"menu":{"displayText":"b","entries":[{"menu":{"displayText":"c","entries":[{"reply":{"displayText":"r"}}]}}]}}]}}]}}"#;
        let m = PersistentMenu::parse(l2.as_bytes()).unwrap();
        let v: Vec<String> = m
            .validate(&Profile::GSMA)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            v,
            ["/menu/entries/0/menu/entries/0/menu/entries/0: oneOf (one of reply|action, none)"]
        );
        let four = r#"{"menu":{"entries":[{"reply":{"displayText":"1"}},{"reply":{"displayText":"2"}},{"reply":{"displayText":"3"}},{"reply":{"displayText":"4"}}]}}"#;
        let m = PersistentMenu::parse(four.as_bytes()).unwrap();
        assert!(m.validate(&Profile::GSMA).is_empty());
        assert_eq!(
            m.validate(&Profile::CTCU)[0].to_string(),
            "/menu/entries: maxItems (3 items, 4 items)"
        );
    }

    #[test]
    fn formats() {
        for ok in [
            "https://a.cn/x?y=1#z",
            "tel:+8610086",
            "geo:50.7,-0.1;u=10",
            "urn:x:y",
            "http://[::1]:80/",
        ] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "",
            "no-colon",
            "1http://x",
            "http://a b",
            "http://x/%zz",
            "http://x/%2",
            "a:#b#c",
            "http://例子.cn",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
        for ok in [
            "2017-03-14T00:00:00Z",
            "2024-02-29T23:59:59.123+08:00",
            "2017-03-14t00:00:00z",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2017-02-29T00:00:00Z",
            "2017-03-14 00:00:00Z",
            "2017-03-14T24:00:00Z",
            "2017-03-14T00:00:00",
            "2017-03-14T00:00:00.Z",
            "2017-03-14T00:00:00+0800",
            "tomorrow",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
    }

    #[test]
    fn profiles_by_name() {
        assert_eq!(Profile::by_name("CTCU"), Some(Profile::CTCU));
        assert_eq!(Profile::by_name("rbm").unwrap().carousel_cards.max, 10);
        assert_eq!(Profile::by_name("nope"), None);
    }
}
