//! Chatbot JSON subjects: the same document read the same way (cards, title bytes, suggestions)
//! by rcs-chatbot and by its peers: serde_json into a `Value`, serde_json / sonic-rs / simd-json
//! into an owned model with the same members as rcs-chatbot's but `String` fields.

use rcs_chatbot::{CardContent, ChatbotBody, ParseOptions, Profile};
use serde::Deserialize;

/// What every subject reads: cards, bytes of titles, suggestions on cards.
pub type Reading = (usize, usize, usize);

fn read_cards<'a>(cards: impl Iterator<Item = &'a CardContent<'a>>) -> Reading {
    let mut r = (0, 0, 0);
    for c in cards {
        r.0 += 1;
        r.1 += c.title.as_deref().map_or(0, str::len);
        r.2 += c.suggestions.as_ref().map_or(0, Vec::len);
    }
    r
}

fn read_body(b: &ChatbotBody<'_>) -> Reading {
    let Some(m) = &b.message else {
        return (0, 0, 0);
    };
    if let Some(c) = &m.general_purpose_card_carousel {
        read_cards(c.content.iter().flatten())
    } else {
        read_cards(
            m.general_purpose_card
                .iter()
                .filter_map(|c| c.content.as_ref()),
        )
    }
}

/// rcs-chatbot, strict parse (our own visitors on serde_json).
pub fn rcs_chatbot(input: &[u8]) -> Reading {
    ChatbotBody::parse(input).map_or((0, 0, 0), |b| read_body(&b))
}

/// rcs-chatbot's model driven by sonic-rs through its serde `Deserialize` (lenient).
pub fn rcs_chatbot_on_sonic(input: &[u8]) -> Reading {
    sonic_rs::from_slice::<ChatbotBody<'_>>(input).map_or((0, 0, 0), |b| read_body(&b))
}

/// rcs-chatbot: lenient parse, then GSMA validation; returns the violation count.
pub fn rcs_chatbot_validate(b: &ChatbotBody<'_>) -> usize {
    b.validate(&Profile::GSMA).len()
}

/// Parses for the validation bench.
pub fn parse_lenient(input: &[u8]) -> ChatbotBody<'_> {
    ChatbotBody::parse_with(input, &ParseOptions::lenient())
        .map(|p| p.value)
        .unwrap_or_default()
}

/// serde_json into a `Value`, then the same reads.
pub fn serde_json_value(input: &[u8]) -> Reading {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(input) else {
        return (0, 0, 0);
    };
    let m = &v["message"];
    let cards: Vec<&serde_json::Value> = match m["generalPurposeCardCarousel"]["content"].as_array()
    {
        Some(a) => a.iter().collect(),
        None => vec![&m["generalPurposeCard"]["content"]],
    };
    let mut r = (0, 0, 0);
    for c in cards {
        r.0 += 1;
        r.1 += c["title"].as_str().map_or(0, str::len);
        r.2 += c["suggestions"].as_array().map_or(0, Vec::len);
    }
    r
}

/// The owned model: rcs-chatbot's members with `String` fields, serde derive.
pub mod owned {
    #![allow(missing_docs)]
    use super::Deserialize;

    #[derive(Debug, Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    pub struct Body {
        pub message: Option<Message>,
        pub suggestions: Option<Vec<Suggestion>>,
    }
    #[derive(Debug, Deserialize, Default)]
    #[serde(rename_all = "camelCase")]
    pub struct Message {
        pub general_purpose_card: Option<Card>,
        pub general_purpose_card_carousel: Option<Carousel>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Card {
        pub layout: Option<Layout>,
        pub content: Option<Content>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Layout {
        pub card_orientation: Option<String>,
        pub image_alignment: Option<String>,
        pub card_width: Option<String>,
        pub title_font_style: Option<Vec<String>>,
        pub description_font_style: Option<Vec<String>>,
        pub style: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Carousel {
        pub layout: Option<Layout>,
        pub content: Option<Vec<Content>>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Content {
        pub media: Option<Media>,
        pub title: Option<String>,
        pub description: Option<String>,
        pub suggestions: Option<Vec<Suggestion>>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Media {
        pub media_url: Option<String>,
        pub media_content_type: Option<String>,
        pub media_file_size: Option<u64>,
        pub thumbnail_url: Option<String>,
        pub thumbnail_content_type: Option<String>,
        pub thumbnail_file_size: Option<u64>,
        pub height: Option<String>,
        pub content_description: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Suggestion {
        pub reply: Option<Reply>,
        pub action: Option<Action>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Reply {
        pub display_text: Option<String>,
        pub postback: Option<Postback>,
    }
    #[derive(Debug, Deserialize)]
    pub struct Postback {
        pub data: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Action {
        pub display_text: Option<String>,
        pub postback: Option<Postback>,
        pub url_action: Option<UrlAction>,
        pub dialer_action: Option<DialerAction>,
        pub map_action: Option<MapAction>,
        pub calendar_action: Option<CalendarAction>,
        pub compose_action: Option<ComposeAction>,
        pub device_action: Option<Empty>,
        pub settings_action: Option<Empty>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct UrlAction {
        pub open_url: Option<OpenUrl>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct OpenUrl {
        pub url: Option<String>,
        pub application: Option<String>,
        pub view_mode: Option<String>,
        pub parameters: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct DialerAction {
        pub dial_phone_number: Option<Dial>,
        pub dial_enriched_call: Option<Dial>,
        pub dial_video_call: Option<Dial>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Dial {
        pub phone_number: Option<String>,
        pub subject: Option<String>,
        pub fallback_url: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct MapAction {
        pub show_location: Option<ShowLocation>,
        pub request_location_push: Option<Empty>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ShowLocation {
        pub location: Option<Location>,
        pub fallback_url: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    pub struct Location {
        pub latitude: Option<f64>,
        pub longitude: Option<f64>,
        pub label: Option<String>,
        pub query: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CalendarAction {
        pub create_calendar_event: Option<CalendarEvent>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct CalendarEvent {
        pub start_time: Option<String>,
        pub end_time: Option<String>,
        pub title: Option<String>,
        pub description: Option<String>,
        pub fallback_url: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct ComposeAction {
        pub compose_text_message: Option<Compose>,
        pub compose_recording_message: Option<Compose>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Compose {
        pub phone_number: Option<String>,
        pub text: Option<String>,
        #[serde(rename = "type")]
        pub kind: Option<String>,
    }
    #[derive(Debug, Deserialize)]
    pub struct Empty {}

    pub(super) fn read(b: &Body) -> super::Reading {
        let Some(m) = &b.message else {
            return (0, 0, 0);
        };
        let cards: Vec<&Content> = match &m.general_purpose_card_carousel {
            Some(c) => c.content.iter().flatten().collect(),
            None => m
                .general_purpose_card
                .iter()
                .filter_map(|c| c.content.as_ref())
                .collect(),
        };
        let mut r = (0, 0, 0);
        for c in cards {
            r.0 += 1;
            r.1 += c.title.as_deref().map_or(0, str::len);
            r.2 += c.suggestions.as_ref().map_or(0, Vec::len);
        }
        r
    }
}

/// serde_json into the owned model.
pub fn serde_json_owned_model(input: &[u8]) -> Reading {
    serde_json::from_slice::<owned::Body>(input).map_or((0, 0, 0), |b| owned::read(&b))
}

/// sonic-rs into the owned model.
pub fn sonic_rs_owned_model(input: &[u8]) -> Reading {
    sonic_rs::from_slice::<owned::Body>(input).map_or((0, 0, 0), |b| owned::read(&b))
}

/// simd-json into the owned model (it parses in place: the copy of the input is part of its
/// cost, as it is for any caller that keeps its bytes).
pub fn simd_json_owned_model(input: &[u8]) -> Reading {
    let mut buf = input.to_vec();
    simd_json::serde::from_slice::<owned::Body>(&mut buf).map_or((0, 0, 0), |b| owned::read(&b))
}
