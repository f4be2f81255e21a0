#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// docs.rs (nightly) labels every feature-gated item with the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![deny(missing_docs)]

#[cfg(feature = "arbitrary")]
mod arbitrary_json;
mod build;
pub mod cmcc;
pub mod ctcu;
mod ctcu_api;
mod document;
mod error;
pub mod fnw11;
mod json;
pub mod layout;
mod limits;
mod menu;
mod message;
pub mod multipart;
pub(crate) mod normalize;
pub mod rbm;
mod reader;
mod suggestion;
mod validate;

pub use build::{
    BuildError, CardBuilder, CarouselBuilder, ChipListBuilder, MenuBuilder, RichCardBuilder, Text,
};
pub use document::Parsed;
pub use error::{DecodeError, ErrorKind, LimitKind, Warning, WarningKind};
pub use json::{Integer, JsonValue, Members, Number, OneOrMany};
pub use limits::{Limits, ParseOptions};
pub use menu::{Menu, MenuEntry, PersistentMenu};
pub use message::{
    BOTMESSAGE_TYPE, BOTSUGGESTION_TYPE, BodyKind, CardContent, CardLayout, CardOrientation,
    CardWidth, CarouselLayout, ChatbotBody, DeviceSpecifics, FontStyle, GeneralPurposeCard,
    GeneralPurposeCardCarousel, ImageAlignment, Media, MediaHeight, Message, Response,
    SHARED_CLIENT_DATA_TYPE, SUGGESTION_RESPONSE_TYPE, SharedData,
};
pub use suggestion::{
    Action, ActionKind, Application, CalendarAction, CalendarEvent, ComposeAction,
    ComposeRecordingMessage, ComposeTextMessage, DeviceAction, DialEnrichedCall, DialNumber,
    DialerAction, EmptyObject, Location, MapAction, OpenUrl, Postback, RecordingType, Reply,
    SettingsAction, ShowLocation, Suggestion, SuggestionKind, UrlAction, ViewMode,
};
pub use validate::{
    CountLimit, LengthUnit, Profile, Rule, TextLimit, Violation, validate, validate_menu,
    validate_send,
};

/// Entry points for the differential fuzz target (`cfg(fuzzing)` only, not public API).
#[cfg(fuzzing)]
#[doc(hidden)]
pub mod fuzz_support {
    use crate::{DecodeError, JsonValue, Limits, ParseOptions};

    fn opts() -> ParseOptions {
        ParseOptions {
            limits: Limits {
                max_message_size: 1 << 24,
                max_nesting_depth: 100,
                max_containers: 1 << 22,
                max_attributes: 1024,
            },
            ..ParseOptions::faithful()
        }
    }

    /// Any JSON value through this crate's reader.
    pub fn read(input: &[u8]) -> Result<JsonValue<'_>, DecodeError> {
        crate::json::parse_document::<JsonValue<'_>>(input, &opts()).map(|(v, _)| v)
    }

    /// The same visitor driven by serde_json.
    pub fn read_with_serde_json(input: &[u8]) -> Result<JsonValue<'_>, String> {
        let mut cx = crate::json::Cx::new(opts());
        let mut de = serde_json::Deserializer::from_slice(input);
        let v = <JsonValue<'_> as crate::json::Decode<'_>>::decode(&mut de, &mut cx)
            .map_err(|e| e.to_string())?;
        de.end().map_err(|e| e.to_string())?;
        Ok(v)
    }
}
