//! The chatbot message schema's root and messages (GSMA RCC.07, the schema CT/CU V1.0.4 §9.4.7
//! reprints): rich cards, carousels, suggestion lists, suggestion responses, shared client data.

use std::borrow::Cow;

use crate::json::{Integer, json_enum, json_object};
use crate::suggestion::{Reply, Suggestion};

json_object! {
    /// The body of one of the four UP chatbot content types. The schema's root holds exactly
    /// one of these members; [`ChatbotBody::kind`] says which.
    ///
    /// | content type | member |
    /// |---|---|
    /// | `application/vnd.gsma.botmessage.v1.0+json` | `message` |
    /// | `application/vnd.gsma.botsuggestion.v1.0+json` | `suggestions` |
    /// | `application/vnd.gsma.botsuggestion.response.v1.0+json` | `response` |
    /// | `application/vnd.gsma.botsharedclientdata.v1.0+json` | `sharedData` |
    pub struct ChatbotBody<'a> {
        /// A rich card or a carousel.
        message: Message<'a> = "message",
        /// A chip list: 1..11 suggestions shown below the conversation.
        suggestions: Vec<Suggestion<'a>> = "suggestions",
        /// The client's answer to a suggestion.
        response: Box<Response<'a>> = "response",
        /// Data the client shares (device specifics).
        shared_data: Box<SharedData<'a>> = "sharedData",
    }
}

/// Which of the four content types a [`ChatbotBody`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BodyKind {
    /// `application/vnd.gsma.botmessage.v1.0+json`.
    BotMessage,
    /// `application/vnd.gsma.botsuggestion.v1.0+json`.
    BotSuggestion,
    /// `application/vnd.gsma.botsuggestion.response.v1.0+json`.
    SuggestionResponse,
    /// `application/vnd.gsma.botsharedclientdata.v1.0+json`.
    SharedClientData,
}

impl BodyKind {
    /// The content type (media type) of this kind.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::BotMessage => BOTMESSAGE_TYPE,
            Self::BotSuggestion => BOTSUGGESTION_TYPE,
            Self::SuggestionResponse => SUGGESTION_RESPONSE_TYPE,
            Self::SharedClientData => SHARED_CLIENT_DATA_TYPE,
        }
    }
    /// The kind a content type names (case-insensitive, parameters ignored).
    pub fn from_content_type(ct: &str) -> Option<Self> {
        let base = ct.split(';').next().unwrap_or("").trim();
        [
            Self::BotMessage,
            Self::BotSuggestion,
            Self::SuggestionResponse,
            Self::SharedClientData,
        ]
        .into_iter()
        .find(|k| k.content_type().eq_ignore_ascii_case(base))
    }
}

/// `application/vnd.gsma.botmessage.v1.0+json`: a rich card or carousel.
pub const BOTMESSAGE_TYPE: &str = "application/vnd.gsma.botmessage.v1.0+json";
/// `application/vnd.gsma.botsuggestion.v1.0+json`: a chip list.
pub const BOTSUGGESTION_TYPE: &str = "application/vnd.gsma.botsuggestion.v1.0+json";
/// `application/vnd.gsma.botsuggestion.response.v1.0+json`: the answer to a suggestion.
pub const SUGGESTION_RESPONSE_TYPE: &str = "application/vnd.gsma.botsuggestion.response.v1.0+json";
/// `application/vnd.gsma.botsharedclientdata.v1.0+json`: device specifics.
pub const SHARED_CLIENT_DATA_TYPE: &str = "application/vnd.gsma.botsharedclientdata.v1.0+json";

impl ChatbotBody<'_> {
    /// Which content type this body is: `None` unless exactly one of the four root members is
    /// present.
    pub fn kind(&self) -> Option<BodyKind> {
        let present = [
            (self.message.is_some(), BodyKind::BotMessage),
            (self.suggestions.is_some(), BodyKind::BotSuggestion),
            (self.response.is_some(), BodyKind::SuggestionResponse),
            (self.shared_data.is_some(), BodyKind::SharedClientData),
        ];
        let mut found = None;
        for (is, kind) in present {
            if is {
                if found.is_some() {
                    return None;
                }
                found = Some(kind);
            }
        }
        found
    }
}

json_object! {
    /// `message`: exactly one of a standalone card or a carousel.
    pub struct Message<'a> {
        /// A standalone rich card.
        general_purpose_card: Box<GeneralPurposeCard<'a>> = "generalPurposeCard",
        /// A carousel of 2..12 rich cards.
        general_purpose_card_carousel: Box<GeneralPurposeCardCarousel<'a>> = "generalPurposeCardCarousel",
    }
}

json_object! {
    /// A standalone rich card.
    pub struct GeneralPurposeCard<'a> {
        /// Orientation, image alignment, font styles, style sheet.
        layout: CardLayout<'a> = "layout",
        /// Media, title, description, up to four suggestions.
        content: CardContent<'a> = "content",
    }
}

json_object! {
    /// A standalone card's layout. Vertical, or horizontal with an image alignment.
    pub struct CardLayout<'a> {
        /// `VERTICAL` or `HORIZONTAL`.
        card_orientation: CardOrientation<'a> = "cardOrientation",
        /// `LEFT` or `RIGHT`; required with (and only allowed for) `HORIZONTAL`.
        image_alignment: ImageAlignment<'a> = "imageAlignment",
        /// 1..3 of italics, bold, underline.
        title_font_style: Vec<FontStyle<'a>> = "titleFontStyle",
        /// 1..3 of italics, bold, underline.
        description_font_style: Vec<FontStyle<'a>> = "descriptionFontStyle",
        /// A CSS style sheet's URI (UP 2.4 §3.6.10.5.4).
        style: Cow<'a, str> = "style",
    }
}

json_object! {
    /// A card: at least one of media, title or description.
    pub struct CardContent<'a> {
        /// An image, video, audio or GIF.
        media: Media<'a> = "media",
        /// 1..200 characters.
        title: Cow<'a, str> = "title",
        /// 1..2000 characters.
        description: Cow<'a, str> = "description",
        /// 1..4 suggestions shown on the card.
        suggestions: Vec<Suggestion<'a>> = "suggestions",
    }
}

json_object! {
    /// A card's media.
    pub struct Media<'a> {
        /// Where the client fetches it (an absolute URI).
        media_url: Cow<'a, str> = "mediaUrl",
        /// Its media type.
        media_content_type: Cow<'a, str> = "mediaContentType",
        /// Its size in bytes.
        media_file_size: Integer<'a> = "mediaFileSize",
        /// A thumbnail's URI; needs the two members below.
        thumbnail_url: Cow<'a, str> = "thumbnailUrl",
        /// The thumbnail's media type.
        thumbnail_content_type: Cow<'a, str> = "thumbnailContentType",
        /// The thumbnail's size in bytes.
        thumbnail_file_size: Integer<'a> = "thumbnailFileSize",
        /// Short, medium or tall.
        height: MediaHeight<'a> = "height",
        /// Accessibility text (1..200 characters), not shown.
        content_description: Cow<'a, str> = "contentDescription",
    }
}

json_object! {
    /// A carousel of 2..12 cards of one width.
    pub struct GeneralPurposeCardCarousel<'a> {
        /// Card width, font styles, style sheet.
        layout: CarouselLayout<'a> = "layout",
        /// The cards.
        content: Vec<CardContent<'a>> = "content",
    }
}

json_object! {
    /// A carousel's layout.
    pub struct CarouselLayout<'a> {
        /// `SMALL_WIDTH` or `MEDIUM_WIDTH` (required).
        card_width: CardWidth<'a> = "cardWidth",
        /// 1..3 of italics, bold, underline.
        title_font_style: Vec<FontStyle<'a>> = "titleFontStyle",
        /// 1..3 of italics, bold, underline.
        description_font_style: Vec<FontStyle<'a>> = "descriptionFontStyle",
        /// A CSS style sheet's URI.
        style: Cow<'a, str> = "style",
    }
}

json_enum! {
    /// `cardOrientation`.
    pub enum CardOrientation {
        /// Media above the text.
        Vertical = "VERTICAL",
        /// Media beside the text.
        Horizontal = "HORIZONTAL",
    }
}

json_enum! {
    /// `imageAlignment` of a horizontal card.
    pub enum ImageAlignment {
        /// Media on the left.
        Left = "LEFT",
        /// Media on the right.
        Right = "RIGHT",
    }
}

json_enum! {
    /// A font style of a card's title or description.
    pub enum FontStyle {
        /// Italics.
        Italics = "italics",
        /// Bold.
        Bold = "bold",
        /// Underline.
        Underline = "underline",
    }
}

json_enum! {
    /// `height` of a card's media.
    pub enum MediaHeight {
        /// Short.
        Short = "SHORT_HEIGHT",
        /// Medium.
        Medium = "MEDIUM_HEIGHT",
        /// Tall.
        Tall = "TALL_HEIGHT",
    }
}

json_enum! {
    /// `cardWidth` of a carousel.
    pub enum CardWidth {
        /// Small cards.
        Small = "SMALL_WIDTH",
        /// Medium cards.
        Medium = "MEDIUM_WIDTH",
    }
}

json_object! {
    /// `response`: the suggestion the user tapped, as a reply or an action (exactly one).
    pub struct Response<'a> {
        /// A tapped suggested reply.
        reply: Reply<'a> = "reply",
        /// A tapped suggested action.
        action: Reply<'a> = "action",
    }
}

json_object! {
    /// `sharedData`.
    pub struct SharedData<'a> {
        /// What the client says about the device.
        device_specifics: DeviceSpecifics<'a> = "deviceSpecifics",
    }
}

json_object! {
    /// `deviceSpecifics`.
    pub struct DeviceSpecifics<'a> {
        /// 1..10 characters.
        device_model: Cow<'a, str> = "deviceModel",
        /// 1..20 characters.
        platform_version: Cow<'a, str> = "platformVersion",
        /// 1..4 characters, as in RCS autoconfiguration.
        client_vendor: Cow<'a, str> = "clientVendor",
        /// 1..15 characters, as in RCS autoconfiguration.
        client_version: Cow<'a, str> = "clientVersion",
        /// Minutes of battery left.
        battery_remaining_minutes: Integer<'a> = "batteryRemainingMinutes",
    }
}
