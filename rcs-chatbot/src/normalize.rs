//! Repairs: what lenient parsing keeps as sent, made into what a MaaP accepts, each repair
//! reported. Separate from parsing so that a lenient parse still writes back what it read.

use crate::error::{Warning, WarningKind};
use crate::json::Integer;
use crate::message::{CardContent, ChatbotBody, FontStyle, Media};
use crate::suggestion::{Application, Suggestion};

struct Repairs(Vec<Warning>);

impl Repairs {
    fn note(&mut self, kind: WarningKind, pointer: String) {
        self.0.push(Warning { kind, pointer });
    }

    fn size(&mut self, v: &mut Option<Integer<'_>>, pointer: String) {
        let Some(Integer::Text(t)) = v.as_ref() else {
            return;
        };
        if t.trim().is_empty() {
            *v = None;
            self.note(WarningKind::EmptyRemoved, pointer);
        } else if let Some(n) = v.as_ref().and_then(Integer::value) {
            *v = Some(Integer::Unsigned(n));
            self.note(WarningKind::NumberFromString, pointer);
        }
    }

    /// The two font-style lists of a card's or a carousel's layout.
    fn font_styles(
        &mut self,
        title: &mut Option<Vec<FontStyle<'_>>>,
        description: &mut Option<Vec<FontStyle<'_>>>,
        layout: &str,
    ) {
        drop_empty(title, format!("{layout}/titleFontStyle"), self);
        drop_empty(description, format!("{layout}/descriptionFontStyle"), self);
    }

    fn media(&mut self, m: &mut Media<'_>, at: &str) {
        self.size(&mut m.media_file_size, format!("{at}/mediaFileSize"));
        self.size(
            &mut m.thumbnail_file_size,
            format!("{at}/thumbnailFileSize"),
        );
        if m.thumbnail_content_type
            .as_deref()
            .is_some_and(str::is_empty)
        {
            m.thumbnail_content_type = None;
            self.note(
                WarningKind::EmptyRemoved,
                format!("{at}/thumbnailContentType"),
            );
        }
    }

    fn suggestions(&mut self, list: &mut Option<Vec<Suggestion<'_>>>, at: &str) {
        if list.as_ref().is_some_and(Vec::is_empty) {
            *list = None;
            self.note(WarningKind::EmptyRemoved, at.to_owned());
            return;
        }
        for (i, s) in list.iter_mut().flatten().enumerate() {
            // Only a suggestion that is one action of one kind: repairing a broken branch
            // beside a valid one would give a oneOf two valid branches.
            if s.reply.is_some() {
                continue;
            }
            let Some(a) = &mut s.action else { continue };
            if a.kind_count() != 1 {
                continue;
            }
            let Some(o) = a.url_action.as_mut().and_then(|u| u.open_url.as_mut()) else {
                continue;
            };
            if o.application.is_none() {
                o.application = Some(Application::Browser);
                self.note(
                    WarningKind::ApplicationDefaulted,
                    format!("{at}/{i}/action/urlAction/openUrl/application"),
                );
            }
        }
    }

    fn card(&mut self, c: &mut CardContent<'_>, at: &str) {
        if let Some(m) = &mut c.media {
            self.media(m, &format!("{at}/media"));
        }
        self.suggestions(&mut c.suggestions, &format!("{at}/suggestions"));
    }
}

fn drop_empty<T>(v: &mut Option<Vec<T>>, at: String, r: &mut Repairs) {
    if v.as_ref().is_some_and(Vec::is_empty) {
        *v = None;
        r.note(WarningKind::EmptyRemoved, at);
    }
}

impl ChatbotBody<'_> {
    /// Repairs what a lenient parse kept and a MaaP refuses, and says what it did: a missing
    /// `openUrl.application` becomes `browser`; sizes sent as digit strings become numbers,
    /// empty-string sizes and thumbnail types are removed; empty suggestion and font-style
    /// lists are removed. What cannot be repaired without inventing data (a missing media
    /// type) is left for [`validate`](crate::validate) to report. Where the schema's oneOf
    /// would see two branches (a suggestion with a reply and an action, an action of two
    /// kinds, a message with a card and a carousel) nothing is repaired: a valid document
    /// never becomes invalid.
    pub fn normalize(&mut self) -> Vec<Warning> {
        let mut r = Repairs(Vec::new());
        // A message with both a card and a carousel is left alone (see the suggestions).
        if let Some(m) = self.message.as_mut().filter(|m| {
            m.general_purpose_card.is_none() || m.general_purpose_card_carousel.is_none()
        }) {
            if let Some(c) = &mut m.general_purpose_card {
                let at = "/message/generalPurposeCard";
                if let Some(l) = &mut c.layout {
                    r.font_styles(
                        &mut l.title_font_style,
                        &mut l.description_font_style,
                        &format!("{at}/layout"),
                    );
                }
                if let Some(content) = &mut c.content {
                    r.card(content, &format!("{at}/content"));
                }
            }
            if let Some(c) = &mut m.general_purpose_card_carousel {
                let at = "/message/generalPurposeCardCarousel";
                if let Some(l) = &mut c.layout {
                    r.font_styles(
                        &mut l.title_font_style,
                        &mut l.description_font_style,
                        &format!("{at}/layout"),
                    );
                }
                for (i, card) in c.content.iter_mut().flatten().enumerate() {
                    r.card(card, &format!("{at}/content/{i}"));
                }
            }
        }
        r.suggestions(&mut self.suggestions, "/suggestions");
        r.0
    }
}

/// What `ParseOptions::apply_defaults` runs after a document is read: the repairs of
/// [`ChatbotBody::normalize`] on every chatbot body the document carries, pointers completed.
pub(crate) trait Defaults {
    fn apply_defaults(&mut self) -> Vec<Warning> {
        Vec::new()
    }
}

fn prefixed(mut w: Vec<Warning>, prefix: &str) -> Vec<Warning> {
    for x in &mut w {
        x.pointer.insert_str(0, prefix);
    }
    w
}

impl Defaults for ChatbotBody<'_> {
    fn apply_defaults(&mut self) -> Vec<Warning> {
        self.normalize()
    }
}

impl Defaults for crate::ctcu::MessageRequest<'_> {
    fn apply_defaults(&mut self) -> Vec<Warning> {
        let mut out = Vec::new();
        for (i, part) in self.message_list.iter_mut().flatten().enumerate() {
            if let Some(crate::ctcu::ContentText::Body(b)) = &mut part.content_text {
                out.extend(prefixed(
                    b.normalize(),
                    &format!("/messageList/{i}/contentText"),
                ));
            }
        }
        out
    }
}

impl Defaults for crate::fnw11::MaapMessage<'_> {
    fn apply_defaults(&mut self) -> Vec<Warning> {
        let mut out = Vec::new();
        if let Some(m) = &mut self.rcs_message {
            if let Some(b) = &mut m.richcard_message {
                out.extend(prefixed(b.normalize(), "/RCSMessage/richcardMessage"));
            }
            if let Some(b) = &mut m.suggested_chip_list {
                out.extend(prefixed(b.normalize(), "/RCSMessage/suggestedChipList"));
            }
        }
        out
    }
}

impl Defaults for crate::menu::PersistentMenu<'_> {}
impl Defaults for crate::ctcu::AccessTokenRequest<'_> {}
impl Defaults for crate::ctcu::AccessTokenResponse<'_> {}
impl Defaults for crate::ctcu::ResultResponse<'_> {}
impl Defaults for crate::ctcu::MessageResponse<'_> {}
impl Defaults for crate::ctcu::RevokeRequest<'_> {}
impl Defaults for crate::ctcu::MediaUploadResponse<'_> {}
impl Defaults for crate::ctcu::MediaDeleteResponse<'_> {}
impl Defaults for crate::ctcu::ChatbotInfo<'_> {}
impl Defaults for crate::ctcu::ChatbotOptionals<'_> {}
impl Defaults for crate::ctcu::DeliveryNotification<'_> {}
impl Defaults for crate::ctcu::SpamReport<'_> {}
impl Defaults for crate::ctcu::AuditResult<'_> {}
impl Defaults for crate::rbm::AgentMessage<'_> {}
