//! Google RCS Business Messaging (RBM) `AgentMessage` JSON: the same cards and suggestions as
//! UP under other names (`standaloneCard`, `cardContents`, `text`, `postbackData`,
//! `viewLocationAction`, ...). Parsed with the crate's strict/lenient machinery, validated with
//! [`Profile::RBM`](crate::Profile::RBM)'s limits, and converted to the GSMA body a MaaP sends
//! ([`AgentMessage::to_gsma`]).

use std::borrow::Cow;

use crate::json::{Integer, json_object};
use crate::message::{
    CardContent, CardLayout, CardOrientation, CardWidth, CarouselLayout, ChatbotBody,
    GeneralPurposeCard, GeneralPurposeCardCarousel, ImageAlignment, Media, MediaHeight, Message,
};
use crate::suggestion::{Action, Postback, Reply, Suggestion};
use crate::validate::{
    CountLimit, Profile, Rule, TextLimit, Violation, count_violation, length_violation,
};

json_object! {
    /// An RBM `AgentMessage` (the body of `phones.agentMessages.create`).
    pub struct AgentMessage<'a> {
        /// The content.
        content_message: AgentContentMessage<'a> = "contentMessage",
        /// Until when the message may be delivered (RFC 3339).
        expire_time: Cow<'a, str> = "expireTime",
        /// Or for how long (`"3.5s"`).
        ttl: Cow<'a, str> = "ttl",
        /// The traffic type (`TRANSACTION`, `PROMOTION`, ...).
        message_traffic_type: Cow<'a, str> = "messageTrafficType",
    }
}

json_object! {
    /// `contentMessage`: text, a file, or a rich card, and suggestions.
    pub struct AgentContentMessage<'a> {
        /// Text (at most 3072 characters).
        text: Cow<'a, str> = "text",
        /// A file by URL.
        content_info: ContentInfo<'a> = "contentInfo",
        /// A file uploaded to RBM.
        uploaded_rbm_file: crate::json::JsonValue<'a> = "uploadedRbmFile",
        /// A rich card.
        rich_card: RichCard<'a> = "richCard",
        /// Chips (at most 11).
        suggestions: Vec<RbmSuggestion<'a>> = "suggestions",
    }
}

json_object! {
    /// `richCard`: one of a standalone card or a carousel.
    pub struct RichCard<'a> {
        /// A standalone card.
        standalone_card: StandaloneCard<'a> = "standaloneCard",
        /// A carousel.
        carousel_card: CarouselCard<'a> = "carouselCard",
    }
}

json_object! {
    /// `standaloneCard`.
    pub struct StandaloneCard<'a> {
        /// `VERTICAL` or `HORIZONTAL`.
        card_orientation: Cow<'a, str> = "cardOrientation",
        /// `LEFT` or `RIGHT` (horizontal cards).
        thumbnail_image_alignment: Cow<'a, str> = "thumbnailImageAlignment",
        /// The card.
        card_content: RbmCardContent<'a> = "cardContent",
    }
}

json_object! {
    /// `carouselCard`.
    pub struct CarouselCard<'a> {
        /// `SMALL` or `MEDIUM`.
        card_width: Cow<'a, str> = "cardWidth",
        /// The cards (2..10).
        card_contents: Vec<RbmCardContent<'a>> = "cardContents",
    }
}

json_object! {
    /// `cardContent`.
    pub struct RbmCardContent<'a> {
        /// At most 200 characters.
        title: Cow<'a, str> = "title",
        /// At most 2000 characters.
        description: Cow<'a, str> = "description",
        /// The media.
        media: RbmMedia<'a> = "media",
        /// At most 4.
        suggestions: Vec<RbmSuggestion<'a>> = "suggestions",
    }
}

json_object! {
    /// `media`.
    pub struct RbmMedia<'a> {
        /// `SHORT`, `MEDIUM` or `TALL`.
        height: Cow<'a, str> = "height",
        /// The file by URL.
        content_info: ContentInfo<'a> = "contentInfo",
        /// A file uploaded to RBM.
        uploaded_rbm_file: crate::json::JsonValue<'a> = "uploadedRbmFile",
    }
}

json_object! {
    /// `contentInfo`.
    pub struct ContentInfo<'a> {
        /// The file's URL.
        file_url: Cow<'a, str> = "fileUrl",
        /// A thumbnail's URL.
        thumbnail_url: Cow<'a, str> = "thumbnailUrl",
        /// Fetch again even if cached.
        force_refresh: bool = "forceRefresh",
    }
}

json_object! {
    /// A suggestion: a reply or an action.
    pub struct RbmSuggestion<'a> {
        /// A suggested reply.
        reply: RbmReply<'a> = "reply",
        /// A suggested action.
        action: RbmAction<'a> = "action",
    }
}

json_object! {
    /// `reply`.
    pub struct RbmReply<'a> {
        /// The label (at most 25 characters).
        text: Cow<'a, str> = "text",
        /// What is posted back (at most 2048 characters).
        postback_data: Cow<'a, str> = "postbackData",
    }
}

json_object! {
    /// `action`: a label, postback data and one action.
    pub struct RbmAction<'a> {
        /// The label.
        text: Cow<'a, str> = "text",
        /// What is posted back.
        postback_data: Cow<'a, str> = "postbackData",
        /// Where to go when the client cannot perform the action.
        fallback_url: Cow<'a, str> = "fallbackUrl",
        /// Call a number.
        dial_action: DialAction<'a> = "dialAction",
        /// Show a location.
        view_location_action: ViewLocationAction<'a> = "viewLocationAction",
        /// Create a calendar event.
        create_calendar_event_action: CreateCalendarEventAction<'a> = "createCalendarEventAction",
        /// Open a URL.
        open_url_action: OpenUrlAction<'a> = "openUrlAction",
        /// Ask for the user's location.
        share_location_action: crate::suggestion::EmptyObject<'a> = "shareLocationAction",
    }
}

json_object! {
    /// `dialAction`.
    pub struct DialAction<'a> {
        /// The number.
        phone_number: Cow<'a, str> = "phoneNumber",
    }
}

json_object! {
    /// `viewLocationAction`.
    pub struct ViewLocationAction<'a> {
        /// Coordinates.
        lat_long: LatLong<'a> = "latLong",
        /// The pin's label.
        label: Cow<'a, str> = "label",
        /// A search query.
        query: Cow<'a, str> = "query",
    }
}

json_object! {
    /// `latLong`.
    pub struct LatLong<'a> {
        /// Degrees north.
        latitude: f64 = "latitude",
        /// Degrees east.
        longitude: f64 = "longitude",
    }
}

json_object! {
    /// `createCalendarEventAction`.
    pub struct CreateCalendarEventAction<'a> {
        /// RFC 3339.
        start_time: Cow<'a, str> = "startTime",
        /// RFC 3339.
        end_time: Cow<'a, str> = "endTime",
        /// The event's title.
        title: Cow<'a, str> = "title",
        /// The event's description.
        description: Cow<'a, str> = "description",
    }
}

json_object! {
    /// `openUrlAction`.
    pub struct OpenUrlAction<'a> {
        /// The URL.
        url: Cow<'a, str> = "url",
        /// `BROWSER` or `WEBVIEW`.
        application: Cow<'a, str> = "application",
        /// `FULL`, `HALF` or `TALL`.
        webview_view_mode: Cow<'a, str> = "webviewViewMode",
    }
}

fn suggestion_to_gsma<'a>(s: &RbmSuggestion<'a>) -> Suggestion<'a> {
    let postback = |d: &Option<Cow<'a, str>>| {
        d.clone().map(|data| Postback {
            data: Some(data),
            ..Default::default()
        })
    };
    if let Some(r) = &s.reply {
        return Suggestion {
            reply: Some(Reply {
                display_text: r.text.clone(),
                postback: postback(&r.postback_data),
                ..Default::default()
            }),
            ..Default::default()
        };
    }
    let Some(a) = &s.action else {
        return Suggestion::default();
    };
    // The constructors take 'static text: copy what they need (conversion is not a hot path).
    let own = |c: &Option<Cow<'_, str>>| -> String { c.as_deref().unwrap_or_default().to_owned() };
    let mut g = if let Some(d) = &a.dial_action {
        Action::dial(own(&d.phone_number))
    } else if let Some(v) = &a.view_location_action {
        match (&v.lat_long, &v.query) {
            (Some(ll), _) => Action::show_location(
                ll.latitude.unwrap_or_default(),
                ll.longitude.unwrap_or_default(),
                v.label.as_ref().map(|l| Cow::Owned(l.to_string())),
            ),
            (None, Some(q)) => Action::show_query(q.to_string()),
            (None, None) => Action::show_query(own(&v.label)),
        }
    } else if let Some(c) = &a.create_calendar_event_action {
        Action::create_calendar_event(
            own(&c.start_time),
            own(&c.end_time),
            own(&c.title),
            c.description.as_ref().map(|d| Cow::Owned(d.to_string())),
        )
    } else if let Some(o) = &a.open_url_action {
        let url = own(&o.url);
        match o.application.as_deref() {
            Some("WEBVIEW") => {
                let mode = match o.webview_view_mode.as_deref() {
                    Some("HALF") => crate::ViewMode::Half,
                    Some("TALL") => crate::ViewMode::Tall,
                    _ => crate::ViewMode::Full,
                };
                Action::open_webview(url, mode, None)
            }
            _ => Action::open_url(url),
        }
    } else if a.share_location_action.is_some() {
        Action::request_location_push()
    } else {
        Action::default()
    };
    if a.fallback_url.is_some() {
        g = g.with_fallback_url(own(&a.fallback_url));
    }
    // The constructors build 'static values; the label and postback borrow from the message.
    let mut g: Action<'a> = g;
    g.display_text = a.text.clone();
    g.postback = postback(&a.postback_data);
    Suggestion {
        action: Some(g),
        ..Default::default()
    }
}

fn card_to_gsma<'a>(c: &RbmCardContent<'a>) -> CardContent<'a> {
    CardContent {
        title: c.title.clone(),
        description: c.description.clone(),
        media: c.media.as_ref().map(|m| Media {
            media_url: m.content_info.as_ref().and_then(|i| i.file_url.clone()),
            thumbnail_url: m
                .content_info
                .as_ref()
                .and_then(|i| i.thumbnail_url.clone()),
            height: m.height.as_deref().map(|h| match h {
                "SHORT" => MediaHeight::Short,
                "MEDIUM" => MediaHeight::Medium,
                "TALL" => MediaHeight::Tall,
                other => MediaHeight::Other(Cow::Owned(other.to_owned())),
            }),
            ..Default::default()
        }),
        suggestions: c
            .suggestions
            .as_ref()
            .map(|s| s.iter().map(suggestion_to_gsma).collect()),
        ..Default::default()
    }
}

impl<'a> AgentMessage<'a> {
    /// The GSMA bodies this message becomes on a MaaP: a botmessage for a rich card (with
    /// the card's media type and size left to the caller, which RBM does not carry) and a
    /// botsuggestion chip list for `suggestions`. Text and files have no chatbot JSON body.
    pub fn to_gsma(&self) -> (Option<ChatbotBody<'a>>, Option<ChatbotBody<'a>>) {
        let Some(c) = &self.content_message else {
            return (None, None);
        };
        let card = c.rich_card.as_ref().and_then(|r| {
            if let Some(s) = &r.standalone_card {
                let orientation = match s.card_orientation.as_deref() {
                    Some("HORIZONTAL") => CardOrientation::Horizontal,
                    _ => CardOrientation::Vertical,
                };
                let alignment = s.thumbnail_image_alignment.as_deref().map(|a| match a {
                    "RIGHT" => ImageAlignment::Right,
                    _ => ImageAlignment::Left,
                });
                Some(Message {
                    general_purpose_card: Some(Box::new(GeneralPurposeCard {
                        layout: Some(CardLayout {
                            card_orientation: Some(orientation),
                            image_alignment: alignment,
                            ..Default::default()
                        }),
                        content: s.card_content.as_ref().map(card_to_gsma),
                        ..Default::default()
                    })),
                    ..Default::default()
                })
            } else {
                r.carousel_card.as_ref().map(|k| Message {
                    general_purpose_card_carousel: Some(Box::new(GeneralPurposeCardCarousel {
                        layout: Some(CarouselLayout {
                            card_width: Some(match k.card_width.as_deref() {
                                Some("MEDIUM") => CardWidth::Medium,
                                _ => CardWidth::Small,
                            }),
                            ..Default::default()
                        }),
                        content: k
                            .card_contents
                            .as_ref()
                            .map(|v| v.iter().map(card_to_gsma).collect()),
                        ..Default::default()
                    })),
                    ..Default::default()
                })
            }
        });
        let chips = c.suggestions.as_ref().map(|s| ChatbotBody {
            suggestions: Some(s.iter().map(suggestion_to_gsma).collect()),
            ..Default::default()
        });
        (
            card.map(|m| ChatbotBody {
                message: Some(m),
                ..Default::default()
            }),
            chips,
        )
    }

    /// Validates against `profile` (use [`Profile::RBM`]): text, titles, descriptions, labels,
    /// postback data, the number of chips, card suggestions and carousel cards, and the shape
    /// (one content kind, one card kind, one action per suggestion).
    pub fn validate(&self, profile: &Profile) -> Vec<Violation> {
        let mut c = Check {
            p: profile,
            out: Vec::new(),
        };
        c.message(self);
        c.out
    }
}

/// The RBM checks, with the same length and count rules as the GSMA walker.
struct Check<'p> {
    p: &'p Profile,
    out: Vec<Violation>,
}

impl Check<'_> {
    fn push(&mut self, pointer: String, (rule, limit, actual): (Rule, String, String)) {
        self.out.push(Violation {
            pointer,
            rule,
            limit,
            actual,
        });
    }

    fn text(&mut self, pointer: String, s: Option<&str>, lim: TextLimit) {
        if let Some(v) = s.and_then(|s| length_violation(s, lim)) {
            self.push(pointer, v);
        }
    }

    fn count(&mut self, pointer: &str, n: usize, lim: CountLimit) {
        if let Some(v) = count_violation(n, lim) {
            self.push(pointer.to_owned(), v);
        }
    }

    fn message(&mut self, m: &AgentMessage<'_>) {
        let Some(c) = &m.content_message else {
            self.push(
                String::new(),
                (Rule::Required, "contentMessage".into(), "absent".into()),
            );
            return;
        };
        let kinds = usize::from(c.text.is_some())
            + usize::from(c.content_info.is_some())
            + usize::from(c.uploaded_rbm_file.is_some())
            + usize::from(c.rich_card.is_some());
        if kinds != 1 {
            self.push(
                "/contentMessage".into(),
                (
                    Rule::OneOf,
                    "one of text|contentInfo|uploadedRbmFile|richCard".into(),
                    format!("{kinds} present"),
                ),
            );
        }
        self.text(
            "/contentMessage/text".into(),
            c.text.as_deref(),
            self.p.text_message,
        );
        if let Some(list) = &c.suggestions {
            // RBM sets only a maximum on chips.
            let lim = CountLimit {
                min: 0,
                ..self.p.chip_list
            };
            self.suggestions("/contentMessage/suggestions", list, lim);
        }
        let Some(r) = &c.rich_card else { return };
        if let Some(k) = r
            .standalone_card
            .as_ref()
            .and_then(|s| s.card_content.as_ref())
        {
            self.card("/contentMessage/richCard/standaloneCard/cardContent", k);
        }
        if let Some(k) = &r.carousel_card {
            let at = "/contentMessage/richCard/carouselCard/cardContents";
            let cards = k.card_contents.as_deref().unwrap_or_default();
            self.count(at, cards.len(), self.p.carousel_cards);
            for (i, k) in cards.iter().enumerate() {
                self.card(&format!("{at}/{i}"), k);
            }
        }
    }

    fn card(&mut self, at: &str, k: &RbmCardContent<'_>) {
        self.text(format!("{at}/title"), k.title.as_deref(), self.p.card_title);
        self.text(
            format!("{at}/description"),
            k.description.as_deref(),
            self.p.card_description,
        );
        if let Some(list) = &k.suggestions {
            let lim = CountLimit {
                min: 0,
                ..self.p.card_suggestions
            };
            self.suggestions(&format!("{at}/suggestions"), list, lim);
        }
    }

    fn suggestions(&mut self, at: &str, list: &[RbmSuggestion<'_>], lim: CountLimit) {
        self.count(at, list.len(), lim);
        for (i, s) in list.iter().enumerate() {
            let p = format!("{at}/{i}");
            let (label, data, n) = match (&s.reply, &s.action) {
                (Some(r), None) => (r.text.as_deref(), r.postback_data.as_deref(), 1),
                (None, Some(a)) => {
                    let n = usize::from(a.dial_action.is_some())
                        + usize::from(a.view_location_action.is_some())
                        + usize::from(a.create_calendar_event_action.is_some())
                        + usize::from(a.open_url_action.is_some())
                        + usize::from(a.share_location_action.is_some());
                    (a.text.as_deref(), a.postback_data.as_deref(), n)
                }
                _ => (None, None, 0),
            };
            if n != 1 {
                self.push(
                    p.clone(),
                    (
                        Rule::OneOf,
                        "one reply or one action".into(),
                        format!("{n}"),
                    ),
                );
            }
            self.text(format!("{p}/text"), label, self.p.display_text);
            self.text(format!("{p}/postbackData"), data, self.p.postback_data);
        }
    }
}

/// The media type and size RBM leaves out, to complete a converted card's media.
pub fn complete_media(media: &mut Media<'_>, content_type: &str, size: u64) {
    media.media_content_type = Some(Cow::Owned(content_type.to_owned()));
    media.media_file_size = Some(Integer::Unsigned(size));
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn violations_use_the_profile_limits() {
        let card = r#"{"title":"t","suggestions":[{"reply":{"text":"abcdefghijklmnopqrstuvwxyz","postbackData":"p"}}]}"#;
        let doc = format!(
            r#"{{"contentMessage":{{"richCard":{{"carouselCard":{{"cardWidth":"MEDIUM","cardContents":[{}]}}}}}}}}"#,
            [card; 11].join(",")
        );
        let m = AgentMessage::parse(doc.as_bytes()).unwrap();
        let v: Vec<String> = m
            .validate(&Profile::RBM)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(v.len(), 12);
        assert_eq!(
            v[0],
            "/contentMessage/richCard/carouselCard/cardContents: maxItems (10 items, 11 items)"
        );
        assert_eq!(
            v[1],
            "/contentMessage/richCard/carouselCard/cardContents/0/suggestions/0/text: maxLength (25 characters, 26 characters)"
        );
        // GSMA allows 12 cards.
        assert_eq!(m.validate(&Profile::GSMA).len(), 11);
        let two = r#"{"contentMessage":{"text":"hi","contentInfo":{"fileUrl":"u"}}}"#;
        let v = AgentMessage::parse(two.as_bytes())
            .unwrap()
            .validate(&Profile::RBM);
        assert_eq!(v[0].rule, Rule::OneOf);
    }
}
