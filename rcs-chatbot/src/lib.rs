#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod build;
pub mod cmcc;
pub mod ctcu;
mod ctcu_api;
mod document;
mod error;
pub mod fnw11;
mod json;
mod limits;
mod menu;
mod message;
pub mod multipart;
mod normalize;
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
