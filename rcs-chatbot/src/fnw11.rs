//! GSMA Future Networks FNW.11 "RCS MaaP Chatbot API": the `RCSMessage` a chatbot sends
//! (text, file, audio, geolocation push, rich card, chip list) with its `messageContact`, and
//! the webhook events the MaaP posts back (message, isTyping, messageStatus, fileStatus,
//! response, alias, newUser). [`MaapApi`] builds the requests, sans-IO.

use std::borrow::Cow;

use bytes::Bytes;
use http::{Method, Request};

use crate::ctcu::RequestError;
use crate::json::{Integer, json_enum, json_object};
use crate::message::{ChatbotBody, SharedData};

json_object! {
    /// A MaaP message body: what a chatbot posts to `…/messages`, and every webhook event.
    pub struct MaapMessage<'a> {
        /// The message, its status, or the typing state.
        rcs_message: Box<RcsMessage<'a>> = "RCSMessage",
        /// Who it is for, or from.
        message_contact: MessageContact<'a> = "messageContact",
        /// The webhook event's kind.
        event: MaapEvent<'a> = "event",
        /// The file a `fileStatus` event is about.
        file: FileStatus<'a> = "file",
    }
}

json_enum! {
    /// A webhook event's kind.
    pub enum MaapEvent {
        /// A user's message.
        Message = "message",
        /// The user is typing.
        IsTyping = "isTyping",
        /// A status of a message the chatbot sent.
        MessageStatus = "messageStatus",
        /// An uploaded file's status.
        FileStatus = "fileStatus",
        /// The user tapped a suggestion.
        Response = "response",
        /// The user is known under an alias (chatId).
        Alias = "alias",
        /// A user opened the conversation for the first time.
        NewUser = "newUser",
    }
}

json_object! {
    /// `RCSMessage`: exactly one content member, or a status, or a typing state.
    pub struct RcsMessage<'a> {
        /// The message's id.
        msg_id: Cow<'a, str> = "msgId",
        /// A message status: sent, delivered, displayed, failed, cancelled, ...
        status: Cow<'a, str> = "status",
        /// `active` or `idle`.
        is_typing: Cow<'a, str> = "isTyping",
        /// A text message.
        text_message: Cow<'a, str> = "textMessage",
        /// A file (with an optional thumbnail).
        file_message: Box<FileMessage<'a>> = "fileMessage",
        /// An audio message.
        audio_message: Box<AudioMessage<'a>> = "audioMessage",
        /// A geolocation push.
        geolocation_push_message: Box<GeolocationPushMessage<'a>> = "geolocationPushMessage",
        /// A rich card or carousel (`{"message": ...}`).
        richcard_message: Box<ChatbotBody<'a>> = "richcardMessage",
        /// A chip list (`{"suggestions": [...]}`).
        suggested_chip_list: Box<ChatbotBody<'a>> = "suggestedChipList",
        /// The suggestion the user tapped (`{"response": ...}`).
        suggested_response: Box<ChatbotBody<'a>> = "suggestedResponse",
        /// Device specifics the user shared.
        shared_data: Box<SharedData<'a>> = "sharedData",
        /// When (RFC 3339).
        timestamp: Cow<'a, str> = "timestamp",
        /// Until when the message may be delivered.
        expiry: Cow<'a, str> = "expiry",
        /// The traffic type.
        traffic_type: Cow<'a, str> = "trafficType",
    }
}

json_object! {
    /// `messageContact`.
    pub struct MessageContact<'a> {
        /// The user's number (E.164).
        user_contact: Cow<'a, str> = "userContact",
        /// The user's alias when anonymised.
        chat_id: Cow<'a, str> = "chatId",
    }
}

json_object! {
    /// `fileMessage`.
    pub struct FileMessage<'a> {
        /// The file's URL.
        file_url: Cow<'a, str> = "fileUrl",
        /// Its name.
        file_name: Cow<'a, str> = "fileName",
        /// Its media type.
        file_mime_type: Cow<'a, str> = "fileMIMEType",
        /// Its size in bytes.
        file_size: Integer<'a> = "fileSize",
        /// A thumbnail's URL.
        thumbnail_url: Cow<'a, str> = "thumbnailUrl",
        /// The thumbnail's name.
        thumbnail_file_name: Cow<'a, str> = "thumbnailFileName",
        /// The thumbnail's media type.
        thumbnail_mime_type: Cow<'a, str> = "thumbnailMIMEType",
        /// The thumbnail's size in bytes.
        thumbnail_file_size: Integer<'a> = "thumbnailFileSize",
    }
}

json_object! {
    /// `audioMessage`.
    pub struct AudioMessage<'a> {
        /// The file's URL.
        file_url: Cow<'a, str> = "fileUrl",
        /// Its name.
        file_name: Cow<'a, str> = "fileName",
        /// Its media type.
        file_mime_type: Cow<'a, str> = "fileMIMEType",
        /// Its size in bytes.
        file_size: Integer<'a> = "fileSize",
        /// Its playing length in seconds.
        playing_length: Integer<'a> = "playingLength",
    }
}

json_object! {
    /// `geolocationPushMessage`.
    pub struct GeolocationPushMessage<'a> {
        /// WGS 84 `latitude,longitude` (decimal degrees).
        pos: Cow<'a, str> = "pos",
        /// What the place is.
        label: Cow<'a, str> = "label",
        /// When it was pushed.
        timestamp: Cow<'a, str> = "timestamp",
        /// Until when the recipient may keep it.
        expiry: Cow<'a, str> = "expiry",
        /// Minutes from UTC where it was pushed.
        time_offset: Integer<'a> = "timeOffset",
        /// Uncertainty radius in metres.
        radius: f64 = "radius",
    }
}

json_object! {
    /// The file of a `fileStatus` event.
    pub struct FileStatus<'a> {
        /// The file's id on the MaaP.
        file_id: Cow<'a, str> = "fileId",
        /// Its URL.
        file_url: Cow<'a, str> = "fileUrl",
        /// Its size in bytes.
        file_size: Integer<'a> = "fileSize",
        /// `ready`, `expired`, ...
        status: Cow<'a, str> = "status",
        /// Until when it can be fetched.
        validity: Cow<'a, str> = "validity",
    }
}

/// The content of a file upload: the bytes, or a URL the MaaP fetches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileSource<'s> {
    /// The file itself.
    Content {
        /// The file's name.
        name: &'s str,
        /// Its media type.
        content_type: &'s str,
        /// Its bytes.
        data: &'s [u8],
    },
    /// A URL to fetch it from.
    Url(&'s str),
}

/// Where a chatbot reaches its MaaP: `{api_url}/{botId}/…` with `Authorization: Bearer`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MaapApi {
    base: String,
}

impl MaapApi {
    /// `api_url` is the MaaP endpoint (`http://host:port/serverRoot/rcs/bot/v1`); `bot_id`
    /// the chatbot's id (percent-encoded into the path).
    pub fn new(api_url: &str, bot_id: &str) -> Self {
        Self {
            base: format!(
                "{}/{}",
                api_url.trim_end_matches('/'),
                crate::ctcu_api::pct(bot_id)
            ),
        }
    }

    /// The URL of an interface: `{base}/{tail}`.
    pub fn url(&self, tail: &str) -> String {
        format!("{}/{tail}", self.base)
    }

    fn request(
        &self,
        method: Method,
        tail: &str,
        token: &str,
        content_type: Option<&str>,
        body: Bytes,
    ) -> Result<Request<Bytes>, RequestError> {
        let auth = format!("Bearer {token}");
        crate::ctcu_api::build_request(
            method,
            self.url(tail),
            &[("authorization", &auth), ("accept", "application/json")],
            content_type.map(|ct| (ct, body)),
        )
    }

    /// `POST …/messages`: send a message (or a typing state).
    pub fn send(
        &self,
        token: &str,
        message: &MaapMessage<'_>,
    ) -> Result<Request<Bytes>, RequestError> {
        self.request(
            Method::POST,
            "messages",
            token,
            Some("application/json"),
            message.to_bytes(),
        )
    }

    /// `GET …/messages/{msgId}/status`.
    pub fn message_status(
        &self,
        token: &str,
        msg_id: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        let tail = format!("messages/{}/status", crate::ctcu_api::pct(msg_id));
        self.request(Method::GET, &tail, token, None, Bytes::new())
    }

    /// `PUT …/messages/{msgId}/status` with `{"RCSMessage":{"status":...}}` (`displayed` to
    /// mark a user's message read, `cancelled` to revoke one of the chatbot's).
    pub fn update_status(
        &self,
        token: &str,
        msg_id: &str,
        status: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        let body = MaapMessage {
            rcs_message: Some(Box::new(RcsMessage {
                status: Some(Cow::Borrowed(status)),
                ..Default::default()
            })),
            ..Default::default()
        };
        let tail = format!("messages/{}/status", crate::ctcu_api::pct(msg_id));
        self.request(
            Method::PUT,
            &tail,
            token,
            Some("application/json"),
            body.to_bytes(),
        )
    }

    /// `GET …/contactCapabilities?userContact=…[&chatId=…]`.
    pub fn contact_capabilities(
        &self,
        token: &str,
        user_contact: &str,
        chat_id: Option<&str>,
    ) -> Result<Request<Bytes>, RequestError> {
        let mut tail = format!(
            "contactCapabilities?userContact={}",
            crate::ctcu_api::pct(user_contact)
        );
        if let Some(c) = chat_id {
            tail.push_str("&chatId=");
            tail.push_str(&crate::ctcu_api::pct(c));
        }
        self.request(Method::GET, &tail, token, None, Bytes::new())
    }

    /// `POST …/files` as `multipart/form-data` (`fileType`, `until`, then `fileContent` or
    /// `fileUrl`), with the caller's `boundary`.
    pub fn upload_file(
        &self,
        token: &str,
        file_type: &str,
        until: &str,
        source: FileSource<'_>,
        boundary: &str,
    ) -> Result<Request<Bytes>, RequestError> {
        let mut form = crate::ctcu_api::FormData::new(boundary);
        form.text("fileType", file_type);
        form.text("until", until);
        match source {
            FileSource::Content {
                name,
                content_type,
                data,
            } => form.file("fileContent", name, content_type, data),
            FileSource::Url(u) => form.text("fileUrl", u),
        }
        let ct = format!("multipart/form-data; boundary={boundary}");
        self.request(Method::POST, "files", token, Some(&ct), form.finish())
    }

    /// `DELETE …/files/{fileId}`.
    pub fn delete_file(&self, token: &str, file_id: &str) -> Result<Request<Bytes>, RequestError> {
        let tail = format!("files/{}", crate::ctcu_api::pct(file_id));
        self.request(Method::DELETE, &tail, token, None, Bytes::new())
    }

    /// `GET …/files/{fileId}`.
    pub fn get_file(&self, token: &str, file_id: &str) -> Result<Request<Bytes>, RequestError> {
        let tail = format!("files/{}", crate::ctcu_api::pct(file_id));
        self.request(Method::GET, &tail, token, None, Bytes::new())
    }
}

impl<'a> MaapMessage<'a> {
    /// Reads the webhook event the MaaP posted (a `POST` with a JSON body) with `options`.
    pub fn from_request<B: AsRef<[u8]>>(
        request: &'a http::Request<B>,
        options: &crate::ParseOptions,
    ) -> Result<crate::Parsed<Self>, crate::ctcu::NotificationError> {
        if request.method() != Method::POST {
            return Err(crate::ctcu::NotificationError::Method);
        }
        Self::parse_with(request.body().as_ref(), options)
            .map_err(crate::ctcu::NotificationError::Body)
    }
}
