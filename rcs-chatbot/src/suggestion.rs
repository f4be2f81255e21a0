//! Suggested replies and suggested actions (GSMA RCC.07 chatbot message schema,
//! `definitions/suggestions`): chip lists, card suggestions, persistent-menu entries.

use std::borrow::Cow;

use crate::json::{json_enum, json_object};

json_object! {
    /// One suggestion: a suggested reply or a suggested action (`{"reply": ...}` or
    /// `{"action": ...}`). The schema wants exactly one; [`Suggestion::kind`] gives it.
    pub struct Suggestion<'a> {
        /// A suggested reply.
        reply: Reply<'a> = "reply",
        /// A suggested action.
        action: Action<'a> = "action",
    }
}

/// Which suggestion this is, when it is exactly one of reply or action.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SuggestionKind<'s, 'a> {
    /// A suggested reply.
    Reply(&'s Reply<'a>),
    /// A suggested action.
    Action(&'s Action<'a>),
}

impl<'a> Suggestion<'a> {
    /// The reply or the action; `None` when the object has neither or both.
    pub fn kind(&self) -> Option<SuggestionKind<'_, 'a>> {
        match (&self.reply, &self.action) {
            (Some(r), None) => Some(SuggestionKind::Reply(r)),
            (None, Some(a)) => Some(SuggestionKind::Action(a)),
            _ => None,
        }
    }
    /// The label shown on the chip, whichever kind this is.
    pub fn display_text(&self) -> Option<&str> {
        match self.kind()? {
            SuggestionKind::Reply(r) => r.display_text.as_deref(),
            SuggestionKind::Action(a) => a.display_text.as_deref(),
        }
    }
    /// The postback data, whichever kind this is.
    pub fn postback_data(&self) -> Option<&str> {
        let p = match self.kind()? {
            SuggestionKind::Reply(r) => r.postback.as_ref(),
            SuggestionKind::Action(a) => a.postback.as_ref(),
        };
        p?.data.as_deref()
    }
}

json_object! {
    /// A suggested reply: a label and the data posted back when the user taps it. Also the
    /// shape of a suggestion response (`{"response": {"reply": ...}}`).
    pub struct Reply<'a> {
        /// The label (1..25 characters in the GSMA schema).
        display_text: Cow<'a, str> = "displayText",
        /// What the client posts back.
        postback: Postback<'a> = "postback",
    }
}

json_object! {
    /// Data posted back from the client to the chatbot.
    pub struct Postback<'a> {
        /// Up to 2,048 characters, opaque to the client.
        data: Cow<'a, str> = "data",
    }
}

json_object! {
    /// A suggested action: a label, postback data, and exactly one of the seven action kinds
    /// ([`Action::kind`]). The kinds are boxed: inline, seven optional kinds made every
    /// suggestion over a kilobyte to move around.
    pub struct Action<'a> {
        /// The label (1..25 characters in the GSMA schema).
        display_text: Cow<'a, str> = "displayText",
        /// What the client posts back.
        postback: Postback<'a> = "postback",
        /// Open a web page or deep link.
        url_action: Box<UrlAction<'a>> = "urlAction",
        /// Call a number.
        dialer_action: Box<DialerAction<'a>> = "dialerAction",
        /// Show a location, or ask for the user's.
        map_action: Box<MapAction<'a>> = "mapAction",
        /// Create a calendar event.
        calendar_action: Box<CalendarAction<'a>> = "calendarAction",
        /// Draft a message.
        compose_action: Box<ComposeAction<'a>> = "composeAction",
        /// Ask for device specifics.
        device_action: Box<DeviceAction<'a>> = "deviceAction",
        /// Ask the user to change a setting.
        settings_action: Box<SettingsAction<'a>> = "settingsAction",
    }
}

/// Which action this is, when it is exactly one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ActionKind<'s, 'a> {
    /// `urlAction`.
    Url(&'s UrlAction<'a>),
    /// `dialerAction`.
    Dialer(&'s DialerAction<'a>),
    /// `mapAction`.
    Map(&'s MapAction<'a>),
    /// `calendarAction`.
    Calendar(&'s CalendarAction<'a>),
    /// `composeAction`.
    Compose(&'s ComposeAction<'a>),
    /// `deviceAction`.
    Device(&'s DeviceAction<'a>),
    /// `settingsAction`.
    Settings(&'s SettingsAction<'a>),
}

impl<'a> Action<'a> {
    /// How many of the seven action kinds the object carries (the schema wants one).
    pub fn kind_count(&self) -> usize {
        usize::from(self.url_action.is_some())
            + usize::from(self.dialer_action.is_some())
            + usize::from(self.map_action.is_some())
            + usize::from(self.calendar_action.is_some())
            + usize::from(self.compose_action.is_some())
            + usize::from(self.device_action.is_some())
            + usize::from(self.settings_action.is_some())
    }
    /// The action, when the object carries exactly one kind.
    pub fn kind(&self) -> Option<ActionKind<'_, 'a>> {
        if self.kind_count() != 1 {
            return None;
        }
        if let Some(a) = &self.url_action {
            Some(ActionKind::Url(a))
        } else if let Some(a) = &self.dialer_action {
            Some(ActionKind::Dialer(a))
        } else if let Some(a) = &self.map_action {
            Some(ActionKind::Map(a))
        } else if let Some(a) = &self.calendar_action {
            Some(ActionKind::Calendar(a))
        } else if let Some(a) = &self.compose_action {
            Some(ActionKind::Compose(a))
        } else if let Some(a) = &self.device_action {
            Some(ActionKind::Device(a))
        } else {
            self.settings_action.as_deref().map(ActionKind::Settings)
        }
    }
}

json_object! {
    /// `urlAction`: open a URL.
    pub struct UrlAction<'a> {
        /// The URL and how to open it.
        open_url: OpenUrl<'a> = "openUrl",
    }
}

json_object! {
    /// `openUrl`.
    pub struct OpenUrl<'a> {
        /// The URL (an absolute URI).
        url: Cow<'a, str> = "url",
        /// Browser or webview. Required by the UP 2.4 schema; UP 1.0/2.0-era CSPs omit it
        /// ([`OpenUrl::application_or_default`]).
        application: Application<'a> = "application",
        /// How much of the screen a webview takes.
        view_mode: ViewMode<'a> = "viewMode",
        /// Parameters for the webview (1..200 characters).
        parameters: Cow<'a, str> = "parameters",
    }
}

impl<'a> OpenUrl<'a> {
    /// The application, `browser` when the member is absent (what clients do with UP 1.0/2.0
    /// suggestions, which had no such member).
    pub fn application_or_default(&self) -> Application<'a> {
        self.application.clone().unwrap_or(Application::Browser)
    }
}

json_enum! {
    /// `openUrl.application`.
    pub enum Application {
        /// Open in the device's browser.
        Browser = "browser",
        /// Open in a webview inside the messaging app.
        Webview = "webview",
    }
}

json_enum! {
    /// `openUrl.viewMode` (webview only).
    pub enum ViewMode {
        /// The whole screen.
        Full = "full",
        /// Half the screen.
        Half = "half",
        /// Most of the screen.
        Tall = "tall",
    }
}

json_object! {
    /// `dialerAction`: exactly one of its three members.
    pub struct DialerAction<'a> {
        /// A plain call.
        dial_phone_number: DialNumber<'a> = "dialPhoneNumber",
        /// An enriched call with a subject.
        dial_enriched_call: DialEnrichedCall<'a> = "dialEnrichedCall",
        /// A video call.
        dial_video_call: DialNumber<'a> = "dialVideoCall",
    }
}

json_object! {
    /// A number to call (`dialPhoneNumber`, `dialVideoCall`).
    pub struct DialNumber<'a> {
        /// The number.
        phone_number: Cow<'a, str> = "phoneNumber",
        /// Where to go when the client cannot call.
        fallback_url: Cow<'a, str> = "fallbackUrl",
    }
}

json_object! {
    /// `dialEnrichedCall`.
    pub struct DialEnrichedCall<'a> {
        /// The number.
        phone_number: Cow<'a, str> = "phoneNumber",
        /// The call's subject (at most 60 characters).
        subject: Cow<'a, str> = "subject",
        /// Where to go when the client cannot call.
        fallback_url: Cow<'a, str> = "fallbackUrl",
    }
}

json_object! {
    /// `mapAction`: exactly one of its two members.
    pub struct MapAction<'a> {
        /// Show a location.
        show_location: ShowLocation<'a> = "showLocation",
        /// Ask the user to push their location once.
        request_location_push: EmptyObject<'a> = "requestLocationPush",
    }
}

json_object! {
    /// `showLocation`.
    pub struct ShowLocation<'a> {
        /// Where.
        location: Location<'a> = "location",
        /// Where to go when the client has no map.
        fallback_url: Cow<'a, str> = "fallbackUrl",
    }
}

json_object! {
    /// A location: coordinates, or a search query.
    pub struct Location<'a> {
        /// Degrees north.
        latitude: f64 = "latitude",
        /// Degrees east.
        longitude: f64 = "longitude",
        /// A label for the pin (1..100 characters).
        label: Cow<'a, str> = "label",
        /// A search query instead of coordinates (1..200 characters).
        query: Cow<'a, str> = "query",
    }
}

json_object! {
    /// An object with no defined members (`requestLocationPush`, `requestDeviceSpecifics`,
    /// the settings actions).
    pub struct EmptyObject<'a> {}
}

json_object! {
    /// `calendarAction`.
    pub struct CalendarAction<'a> {
        /// The event to create.
        create_calendar_event: CalendarEvent<'a> = "createCalendarEvent",
    }
}

json_object! {
    /// `createCalendarEvent`.
    pub struct CalendarEvent<'a> {
        /// RFC 3339 date-time.
        start_time: Cow<'a, str> = "startTime",
        /// RFC 3339 date-time.
        end_time: Cow<'a, str> = "endTime",
        /// 1..100 characters.
        title: Cow<'a, str> = "title",
        /// 1..500 characters.
        description: Cow<'a, str> = "description",
        /// Where to go when the client has no calendar.
        fallback_url: Cow<'a, str> = "fallbackUrl",
    }
}

json_object! {
    /// `composeAction`: exactly one of its two members.
    pub struct ComposeAction<'a> {
        /// Draft a text message.
        compose_text_message: ComposeTextMessage<'a> = "composeTextMessage",
        /// Draft an audio or video recording.
        compose_recording_message: ComposeRecordingMessage<'a> = "composeRecordingMessage",
    }
}

json_object! {
    /// `composeTextMessage`.
    pub struct ComposeTextMessage<'a> {
        /// To whom.
        phone_number: Cow<'a, str> = "phoneNumber",
        /// The draft (at most 100 characters).
        text: Cow<'a, str> = "text",
    }
}

json_object! {
    /// `composeRecordingMessage`.
    pub struct ComposeRecordingMessage<'a> {
        /// To whom.
        phone_number: Cow<'a, str> = "phoneNumber",
        /// Audio or video.
        recording_type: RecordingType<'a> = "type",
    }
}

json_enum! {
    /// `composeRecordingMessage.type`.
    pub enum RecordingType {
        /// An audio recording.
        Audio = "AUDIO",
        /// A video recording.
        Video = "VIDEO",
    }
}

json_object! {
    /// `deviceAction`.
    pub struct DeviceAction<'a> {
        /// Ask the client to share device specifics.
        request_device_specifics: EmptyObject<'a> = "requestDeviceSpecifics",
    }
}

json_object! {
    /// `settingsAction`: exactly one of its two members.
    pub struct SettingsAction<'a> {
        /// Ask the user to disable anonymization.
        disable_anonymization: EmptyObject<'a> = "disableAnonymization",
        /// Ask the user to enable displayed notifications.
        enable_displayed_notifications: EmptyObject<'a> = "enableDisplayedNotifications",
    }
}
