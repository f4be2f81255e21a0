//! Builders: typed constructors for suggestions and every action kind, and builders for cards,
//! carousels, chip lists and persistent menus whose `build` validates against a [`Profile`]:
//! what they return is valid for that profile, or the error lists every violation.

use core::fmt;
use std::borrow::Cow;

use crate::Integer;
use crate::menu::{Menu, MenuEntry, PersistentMenu};
use crate::message::{
    CardContent, CardLayout, CardOrientation, CardWidth, CarouselLayout, ChatbotBody, FontStyle,
    GeneralPurposeCard, GeneralPurposeCardCarousel, ImageAlignment, Media, MediaHeight, Message,
};
use crate::suggestion::{
    Action, Application, CalendarAction, CalendarEvent, ComposeAction, ComposeRecordingMessage,
    ComposeTextMessage, DeviceAction, DialEnrichedCall, DialNumber, DialerAction, EmptyObject,
    Location, MapAction, OpenUrl, Postback, RecordingType, Reply, SettingsAction, ShowLocation,
    Suggestion, UrlAction, ViewMode,
};
use crate::validate::{Profile, Violation};

/// Text for a builder: borrowed `'static` or owned.
pub type Text = Cow<'static, str>;

/// A document a builder refused: every rule of the profile it would break.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    /// The profile's name.
    pub profile: &'static str,
    /// The violations, in document order.
    pub violations: Vec<Violation>,
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not valid for profile {}:", self.profile)?;
        for v in &self.violations {
            write!(f, " {v};")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

fn checked<T>(value: T, violations: Vec<Violation>, profile: &Profile) -> Result<T, BuildError> {
    if violations.is_empty() {
        Ok(value)
    } else {
        Err(BuildError {
            profile: profile.name,
            violations,
        })
    }
}

fn postback(data: Option<Text>) -> Option<Postback<'static>> {
    data.map(|d| Postback {
        data: Some(d),
        ..Default::default()
    })
}

impl Suggestion<'static> {
    /// A suggested reply: `displayText` and, when given, postback data.
    pub fn new_reply(display_text: impl Into<Text>, postback_data: Option<Text>) -> Self {
        Self {
            reply: Some(Reply {
                display_text: Some(display_text.into()),
                postback: postback(postback_data),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    /// A suggested action: `displayText`, postback data when given, and the action (made with
    /// one of [`Action`]'s constructors).
    pub fn new_action(
        display_text: impl Into<Text>,
        postback_data: Option<Text>,
        mut action: Action<'static>,
    ) -> Self {
        action.display_text = Some(display_text.into());
        action.postback = postback(postback_data);
        Self {
            action: Some(action),
            ..Default::default()
        }
    }
}

impl Action<'static> {
    /// `urlAction.openUrl` in the browser.
    pub fn open_url(url: impl Into<Text>) -> Self {
        Self::url(OpenUrl {
            url: Some(url.into()),
            application: Some(Application::Browser),
            ..Default::default()
        })
    }

    /// `urlAction.openUrl` in a webview of `view_mode`, with optional parameters.
    pub fn open_webview(
        url: impl Into<Text>,
        view_mode: ViewMode<'static>,
        parameters: Option<Text>,
    ) -> Self {
        Self::url(OpenUrl {
            url: Some(url.into()),
            application: Some(Application::Webview),
            view_mode: Some(view_mode),
            parameters,
            ..Default::default()
        })
    }

    fn url(o: OpenUrl<'static>) -> Self {
        Self {
            url_action: Some(Box::new(UrlAction {
                open_url: Some(o),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    fn dialer(d: DialerAction<'static>) -> Self {
        Self {
            dialer_action: Some(Box::new(d)),
            ..Default::default()
        }
    }

    /// `dialerAction.dialPhoneNumber`.
    pub fn dial(phone_number: impl Into<Text>) -> Self {
        Self::dialer(DialerAction {
            dial_phone_number: Some(DialNumber {
                phone_number: Some(phone_number.into()),
                ..Default::default()
            }),
            ..Default::default()
        })
    }

    /// `dialerAction.dialEnrichedCall` with an optional subject.
    pub fn dial_enriched_call(phone_number: impl Into<Text>, subject: Option<Text>) -> Self {
        Self::dialer(DialerAction {
            dial_enriched_call: Some(DialEnrichedCall {
                phone_number: Some(phone_number.into()),
                subject,
                ..Default::default()
            }),
            ..Default::default()
        })
    }

    /// `dialerAction.dialVideoCall`.
    pub fn dial_video_call(phone_number: impl Into<Text>) -> Self {
        Self::dialer(DialerAction {
            dial_video_call: Some(DialNumber {
                phone_number: Some(phone_number.into()),
                ..Default::default()
            }),
            ..Default::default()
        })
    }

    fn map(m: MapAction<'static>) -> Self {
        Self {
            map_action: Some(Box::new(m)),
            ..Default::default()
        }
    }

    /// `mapAction.showLocation` at coordinates, with an optional label.
    pub fn show_location(latitude: f64, longitude: f64, label: Option<Text>) -> Self {
        Self::show(Location {
            latitude: Some(latitude),
            longitude: Some(longitude),
            label,
            ..Default::default()
        })
    }

    /// `mapAction.showLocation` of a search query ("restaurants").
    pub fn show_query(query: impl Into<Text>) -> Self {
        Self::show(Location {
            query: Some(query.into()),
            ..Default::default()
        })
    }

    fn show(l: Location<'static>) -> Self {
        Self::map(MapAction {
            show_location: Some(ShowLocation {
                location: Some(l),
                ..Default::default()
            }),
            ..Default::default()
        })
    }

    /// `mapAction.requestLocationPush`.
    pub fn request_location_push() -> Self {
        Self::map(MapAction {
            request_location_push: Some(EmptyObject::default()),
            ..Default::default()
        })
    }

    /// `calendarAction.createCalendarEvent` (RFC 3339 times).
    pub fn create_calendar_event(
        start_time: impl Into<Text>,
        end_time: impl Into<Text>,
        title: impl Into<Text>,
        description: Option<Text>,
    ) -> Self {
        Self {
            calendar_action: Some(Box::new(CalendarAction {
                create_calendar_event: Some(CalendarEvent {
                    start_time: Some(start_time.into()),
                    end_time: Some(end_time.into()),
                    title: Some(title.into()),
                    description,
                    ..Default::default()
                }),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    fn compose(c: ComposeAction<'static>) -> Self {
        Self {
            compose_action: Some(Box::new(c)),
            ..Default::default()
        }
    }

    /// `composeAction.composeTextMessage`.
    pub fn compose_text(phone_number: impl Into<Text>, text: impl Into<Text>) -> Self {
        Self::compose(ComposeAction {
            compose_text_message: Some(ComposeTextMessage {
                phone_number: Some(phone_number.into()),
                text: Some(text.into()),
                ..Default::default()
            }),
            ..Default::default()
        })
    }

    /// `composeAction.composeRecordingMessage`.
    pub fn compose_recording(phone_number: impl Into<Text>, kind: RecordingType<'static>) -> Self {
        Self::compose(ComposeAction {
            compose_recording_message: Some(ComposeRecordingMessage {
                phone_number: Some(phone_number.into()),
                recording_type: Some(kind),
                ..Default::default()
            }),
            ..Default::default()
        })
    }

    /// `deviceAction.requestDeviceSpecifics`.
    pub fn request_device_specifics() -> Self {
        Self {
            device_action: Some(Box::new(DeviceAction {
                request_device_specifics: Some(EmptyObject::default()),
                ..Default::default()
            })),
            ..Default::default()
        }
    }

    fn settings(s: SettingsAction<'static>) -> Self {
        Self {
            settings_action: Some(Box::new(s)),
            ..Default::default()
        }
    }

    /// `settingsAction.disableAnonymization`.
    pub fn disable_anonymization() -> Self {
        Self::settings(SettingsAction {
            disable_anonymization: Some(EmptyObject::default()),
            ..Default::default()
        })
    }

    /// `settingsAction.enableDisplayedNotifications`.
    pub fn enable_displayed_notifications() -> Self {
        Self::settings(SettingsAction {
            enable_displayed_notifications: Some(EmptyObject::default()),
            ..Default::default()
        })
    }

    /// With a fallback URL for the clients that cannot perform the action (dialer, map and
    /// calendar actions; ignored for the others, which have none).
    pub fn with_fallback_url(mut self, url: impl Into<Text>) -> Self {
        let url = Some(url.into());
        if let Some(d) = self.dialer_action.as_deref_mut() {
            if let Some(x) = &mut d.dial_phone_number {
                x.fallback_url = url;
            } else if let Some(x) = &mut d.dial_enriched_call {
                x.fallback_url = url;
            } else if let Some(x) = &mut d.dial_video_call {
                x.fallback_url = url;
            }
        } else if let Some(s) = self
            .map_action
            .as_deref_mut()
            .and_then(|m| m.show_location.as_mut())
        {
            s.fallback_url = url;
        } else if let Some(e) = self
            .calendar_action
            .as_deref_mut()
            .and_then(|c| c.create_calendar_event.as_mut())
        {
            e.fallback_url = url;
        }
        self
    }
}

impl Media<'static> {
    /// Media with its required members: URL, content type, size in bytes, height.
    pub fn new(
        url: impl Into<Text>,
        content_type: impl Into<Text>,
        file_size: u64,
        height: MediaHeight<'static>,
    ) -> Self {
        Self {
            media_url: Some(url.into()),
            media_content_type: Some(content_type.into()),
            media_file_size: Some(Integer::Unsigned(file_size)),
            height: Some(height),
            ..Default::default()
        }
    }

    /// With a thumbnail (all three members the schema ties together).
    pub fn with_thumbnail(
        mut self,
        url: impl Into<Text>,
        content_type: impl Into<Text>,
        file_size: u64,
    ) -> Self {
        self.thumbnail_url = Some(url.into());
        self.thumbnail_content_type = Some(content_type.into());
        self.thumbnail_file_size = Some(Integer::Unsigned(file_size));
        self
    }

    /// With accessibility text.
    pub fn with_description(mut self, text: impl Into<Text>) -> Self {
        self.content_description = Some(text.into());
        self
    }
}

/// One card's content: media, title, description, suggestions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CardBuilder {
    content: CardContent<'static>,
}

impl CardBuilder {
    /// An empty card (a card needs at least one of media, title, description).
    pub fn new() -> Self {
        Self::default()
    }
    /// The media.
    pub fn media(mut self, media: Media<'static>) -> Self {
        self.content.media = Some(media);
        self
    }
    /// The title.
    pub fn title(mut self, title: impl Into<Text>) -> Self {
        self.content.title = Some(title.into());
        self
    }
    /// The description.
    pub fn description(mut self, description: impl Into<Text>) -> Self {
        self.content.description = Some(description.into());
        self
    }
    /// One more suggestion on the card.
    pub fn suggestion(mut self, s: Suggestion<'static>) -> Self {
        self.content
            .suggestions
            .get_or_insert_with(Vec::new)
            .push(s);
        self
    }
    /// The card's content as built (not yet validated).
    pub fn into_content(self) -> CardContent<'static> {
        self.content
    }
}

/// Layout choices shared by standalone cards and carousels.
#[derive(Debug, Clone, Default, PartialEq)]
struct Styles {
    title: Option<Vec<FontStyle<'static>>>,
    description: Option<Vec<FontStyle<'static>>>,
    style: Option<Text>,
}

/// A standalone rich card message (`application/vnd.gsma.botmessage.v1.0+json`).
#[derive(Debug, Clone, PartialEq)]
pub struct RichCardBuilder {
    orientation: CardOrientation<'static>,
    alignment: Option<ImageAlignment<'static>>,
    styles: Styles,
    card: CardBuilder,
}

impl RichCardBuilder {
    /// A vertical card (media above the text).
    pub fn vertical(card: CardBuilder) -> Self {
        Self {
            orientation: CardOrientation::Vertical,
            alignment: None,
            styles: Styles::default(),
            card,
        }
    }
    /// A horizontal card with its media on the given side.
    pub fn horizontal(alignment: ImageAlignment<'static>, card: CardBuilder) -> Self {
        Self {
            orientation: CardOrientation::Horizontal,
            alignment: Some(alignment),
            styles: Styles::default(),
            card,
        }
    }
    /// Font styles of the title.
    pub fn title_font_style(mut self, styles: Vec<FontStyle<'static>>) -> Self {
        self.styles.title = Some(styles);
        self
    }
    /// Font styles of the description.
    pub fn description_font_style(mut self, styles: Vec<FontStyle<'static>>) -> Self {
        self.styles.description = Some(styles);
        self
    }
    /// A CSS style sheet's URI.
    pub fn style(mut self, uri: impl Into<Text>) -> Self {
        self.styles.style = Some(uri.into());
        self
    }
    /// The message, valid for `profile`, or every violation.
    pub fn build(self, profile: &Profile) -> Result<ChatbotBody<'static>, BuildError> {
        let body = ChatbotBody {
            message: Some(Message {
                general_purpose_card: Some(Box::new(GeneralPurposeCard {
                    layout: Some(CardLayout {
                        card_orientation: Some(self.orientation),
                        image_alignment: self.alignment,
                        title_font_style: self.styles.title,
                        description_font_style: self.styles.description,
                        style: self.styles.style,
                        ..Default::default()
                    }),
                    content: Some(self.card.content),
                    ..Default::default()
                })),
                ..Default::default()
            }),
            ..Default::default()
        };
        let v = body.validate(profile);
        checked(body, v, profile)
    }
}

/// A carousel message (`application/vnd.gsma.botmessage.v1.0+json`).
#[derive(Debug, Clone, PartialEq)]
pub struct CarouselBuilder {
    width: CardWidth<'static>,
    styles: Styles,
    cards: Vec<CardContent<'static>>,
}

impl CarouselBuilder {
    /// An empty carousel of cards of `width`.
    pub fn new(width: CardWidth<'static>) -> Self {
        Self {
            width,
            styles: Styles::default(),
            cards: Vec::new(),
        }
    }
    /// One more card.
    pub fn card(mut self, card: CardBuilder) -> Self {
        self.cards.push(card.content);
        self
    }
    /// Font styles of the titles.
    pub fn title_font_style(mut self, styles: Vec<FontStyle<'static>>) -> Self {
        self.styles.title = Some(styles);
        self
    }
    /// Font styles of the descriptions.
    pub fn description_font_style(mut self, styles: Vec<FontStyle<'static>>) -> Self {
        self.styles.description = Some(styles);
        self
    }
    /// A CSS style sheet's URI.
    pub fn style(mut self, uri: impl Into<Text>) -> Self {
        self.styles.style = Some(uri.into());
        self
    }
    /// The message, valid for `profile`, or every violation.
    pub fn build(self, profile: &Profile) -> Result<ChatbotBody<'static>, BuildError> {
        let body = ChatbotBody {
            message: Some(Message {
                general_purpose_card_carousel: Some(Box::new(GeneralPurposeCardCarousel {
                    layout: Some(CarouselLayout {
                        card_width: Some(self.width),
                        title_font_style: self.styles.title,
                        description_font_style: self.styles.description,
                        style: self.styles.style,
                        ..Default::default()
                    }),
                    content: Some(self.cards),
                    ..Default::default()
                })),
                ..Default::default()
            }),
            ..Default::default()
        };
        let v = body.validate(profile);
        checked(body, v, profile)
    }
}

/// A chip list (`application/vnd.gsma.botsuggestion.v1.0+json`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChipListBuilder {
    suggestions: Vec<Suggestion<'static>>,
}

impl ChipListBuilder {
    /// An empty chip list.
    pub fn new() -> Self {
        Self::default()
    }
    /// One more suggestion.
    pub fn suggestion(mut self, s: Suggestion<'static>) -> Self {
        self.suggestions.push(s);
        self
    }
    /// The chip list, valid for `profile`, or every violation.
    pub fn build(self, profile: &Profile) -> Result<ChatbotBody<'static>, BuildError> {
        let body = ChatbotBody {
            suggestions: Some(self.suggestions),
            ..Default::default()
        };
        let v = body.validate(profile);
        checked(body, v, profile)
    }
}

/// A persistent menu: entries, each a reply, an action or a submenu (two levels at most).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MenuBuilder {
    entries: Vec<MenuEntry<'static>>,
}

impl MenuBuilder {
    /// An empty menu.
    pub fn new() -> Self {
        Self::default()
    }
    /// A suggestion as an entry (a reply or an action).
    pub fn entry(mut self, s: Suggestion<'static>) -> Self {
        self.entries.push(MenuEntry {
            reply: s.reply,
            action: s.action,
            ..Default::default()
        });
        self
    }
    /// A submenu labelled `display_text`.
    pub fn submenu(mut self, display_text: impl Into<Text>, menu: MenuBuilder) -> Self {
        self.entries.push(MenuEntry {
            menu: Some(Menu {
                display_text: Some(display_text.into()),
                entries: Some(menu.entries),
                ..Default::default()
            }),
            ..Default::default()
        });
        self
    }
    /// The menu document, valid for `profile`, or every violation.
    pub fn build(self, profile: &Profile) -> Result<PersistentMenu<'static>, BuildError> {
        let doc = PersistentMenu {
            menu: Some(Menu {
                entries: Some(self.entries),
                ..Default::default()
            }),
            ..Default::default()
        };
        let v = doc.validate(profile);
        checked(doc, v, profile)
    }
}
