//! China Telecom / China Unicom 5G Messaging platform interface V1.0.4 (《中国电信-中国联通 5G
//! 消息业务平台行业客户接入接口技术规范》): the JSON bodies a CSP's chatbot sends to the MaaP
//! and receives from it. Requests are built as `http::Request`s by [`CtcuApi`]; notifications are
//! read from the request the platform sent by [`Notification::from_request`].

use std::borrow::Cow;

pub use crate::ctcu_api::{
    CtcuApi, Notification, NotificationError, RequestError, UploadMode, echo_response, http_date,
    signature, verify_signature,
};

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::json::{Cx, Decode, Integer, IntoOwned, OneOrMany, json_enum, json_object};
use crate::menu::Menu;
use crate::message::ChatbotBody;

json_object! {
    /// `POST {serverRoot}/bot/{apiVersion}/{chatbotId}/accessToken` request (§6.1).
    pub struct AccessTokenRequest<'a> {
        /// The chatbot's credential id.
        app_id: Cow<'a, str> = "appId",
        /// The chatbot's credential key.
        app_key: Cow<'a, str> = "appKey",
    }
}

json_object! {
    /// The access-token response (an error response has only `errorCode`/`errorMessage`).
    pub struct AccessTokenResponse<'a> {
        /// The token for the `authorization: accessToken <token>` header.
        access_token: Cow<'a, str> = "accessToken",
        /// Seconds it stays valid (7200).
        expires: Integer<'a> = "expires",
        /// The server to use for later calls.
        url: Cow<'a, str> = "url",
        /// 0: success; the other codes are in §6 (see [`error_code_text`]).
        error_code: Integer<'a> = "errorCode",
        /// The error's description.
        error_message: Cow<'a, str> = "errorMessage",
    }
}

json_object! {
    /// A bare result (`{"errorCode":0,"errorMessage":"success"}`): the answer to updates, and
    /// every error response.
    pub struct ResultResponse<'a> {
        /// 0: success.
        error_code: Integer<'a> = "errorCode",
        /// The error's description.
        error_message: Cow<'a, str> = "errorMessage",
    }
}

json_object! {
    /// `POST …/messages`: a message to send (§9), and the shape of an inbound message
    /// notification (§11, `POST {notifyURL}/messageNotification/{chatbotId}/messages`).
    pub struct MessageRequest<'a> {
        /// The message's id (UUID).
        message_id: Cow<'a, str> = "messageId",
        /// The parts: text, a file list, a card or carousel, a chip list, ...
        message_list: Vec<MessagePart<'a>> = "messageList",
        /// When the platform sent an inbound message (RFC 3339). The spec's table spells it
        /// `dataTime`; lenient parsing reads that spelling with a warning.
        date_time: Cow<'a, str> = "dateTime" | "dataTime",
        /// The recipients (an array in a send request; the chatbot's URI as a string in an
        /// inbound message).
        destination_address: OneOrMany<'a> = "destinationAddress",
        /// The sender's URI.
        sender_address: Cow<'a, str> = "senderAddress",
        /// The conversation (Conversation-ID).
        conversation_id: Cow<'a, str> = "conversationId",
        /// The session (Contribution-ID).
        contribution_id: Cow<'a, str> = "contributionId",
        /// The chatbot version: `[{"capabilityId":"ChatbotSA","version":"+g.gsma.rcs.botversion=\"#=1\""}]`.
        service_capability: Vec<ServiceCapability<'a>> = "serviceCapability",
        /// advertisement, payment, premium, subscription, or a token.
        traffic_type: Cow<'a, str> = "trafficType",
        /// Fall back to SMS when the recipient has no 5G Messaging.
        sms_supported: bool = "smsSupported",
        /// The SMS text for the fallback (required when `smsSupported` is true).
        sms_content: Cow<'a, str> = "smsContent",
        /// Store and forward while the recipient is offline.
        store_supported: bool = "storeSupported",
        /// IM, LargerMode or PagerMode.
        im_format: Cow<'a, str> = "imFormat",
        /// The contributionId of the message this one answers.
        in_reply_to: Cow<'a, str> = "inReplyTo",
        /// The statuses to report: sent, failed, delivered, displayed, deliveredToNetwork.
        report_request: Vec<Cow<'a, str>> = "reportRequest",
        /// Priority of an inbound message.
        priority: Cow<'a, str> = "priority",
        /// The original sender of an inbound message.
        orig_user: Cow<'a, str> = "origUser",
    }
}

json_object! {
    /// One `serviceCapability` entry.
    pub struct ServiceCapability<'a> {
        /// `ChatbotSA`.
        capability_id: Cow<'a, str> = "capabilityId",
        /// `+g.gsma.rcs.botversion="#=1"`.
        version: Cow<'a, str> = "version",
    }
}

json_object! {
    /// One part of `messageList`.
    pub struct MessagePart<'a> {
        /// text/plain, application/vnd.gsma.rcs-ft-http, the chatbot types.
        content_type: Cow<'a, str> = "contentType",
        /// `utf8` (default) or `base64`.
        content_encoding: Cow<'a, str> = "contentEncoding",
        /// The content: a string (text, a geo URI, or base64), a chatbot object, or a file list.
        content_text: ContentText<'a> = "contentText",
    }
}

/// `contentText`, read by its JSON shape (members can come in any order, so the sibling
/// `contentType` cannot steer the reading; validation checks that they agree).
#[derive(Debug, Clone, PartialEq)]
pub enum ContentText<'a> {
    /// A string: text/plain, a geo URI, or base64 when `contentEncoding` says so.
    Text(Cow<'a, str>),
    /// An object: a chatbot body (card, carousel, chip list, response, shared data).
    Body(Box<ChatbotBody<'a>>),
    /// An array: the CT/CU JSON form of `application/vnd.gsma.rcs-ft-http` (file and
    /// thumbnail).
    Files(Vec<FileInfo<'a>>),
}

impl ContentText<'_> {
    /// The same value borrowing nothing.
    pub fn into_owned(self) -> ContentText<'static> {
        match self {
            Self::Text(t) => ContentText::Text(IntoOwned::into_owned(t)),
            Self::Body(b) => ContentText::Body(IntoOwned::into_owned(b)),
            Self::Files(f) => ContentText::Files(IntoOwned::into_owned(f)),
        }
    }
}

impl IntoOwned for ContentText<'_> {
    type Owned = ContentText<'static>;
    fn into_owned(self) -> ContentText<'static> {
        ContentText::into_owned(self)
    }
}

impl<'de> Decode<'de> for ContentText<'de> {
    fn decode<D: Deserializer<'de>>(d: D, cx: &mut Cx) -> Result<Self, D::Error> {
        struct V<'c>(&'c mut Cx);
        impl<'de> Visitor<'de> for V<'_> {
            type Value = ContentText<'de>;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("a string, an object or an array")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(ContentText::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(ContentText::Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(ContentText::Text(Cow::Owned(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let d = de::value::MapAccessDeserializer::new(map);
                ChatbotBody::decode(d, self.0).map(|b| ContentText::Body(Box::new(b)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                let d = de::value::SeqAccessDeserializer::new(seq);
                Vec::<FileInfo<'de>>::decode(d, self.0).map(ContentText::Files)
            }
        }
        d.deserialize_any(V(cx))
    }
}

impl Serialize for ContentText<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Text(t) => s.serialize_str(t),
            Self::Body(b) => b.serialize(s),
            Self::Files(f) => f.serialize(s),
        }
    }
}

json_object! {
    /// One file of the CT/CU file-message form (§9.4.3, §11.4.2).
    pub struct FileInfo<'a> {
        /// `file` or `thumbnail`.
        kind: Cow<'a, str> = "type",
        /// Size in bytes.
        file_size: Integer<'a> = "fileSize",
        /// The file's name.
        file_name: Cow<'a, str> = "fileName",
        /// Its media type. The spec's inbound example spells it `contenType`; lenient parsing
        /// reads that spelling with a warning.
        content_type: Cow<'a, str> = "contentType" | "contenType",
        /// Where to fetch it.
        url: Cow<'a, str> = "url",
        /// Until when it can be fetched (RFC 3339).
        until: Cow<'a, str> = "until",
    }
}

json_object! {
    /// The send response (§9): the message's id, or an error.
    pub struct MessageResponse<'a> {
        /// The message's id.
        message_id: Cow<'a, str> = "messageId",
        /// The conversation.
        conversation_id: Cow<'a, str> = "conversationId",
        /// The session.
        contribution_id: Cow<'a, str> = "contributionId",
        /// 0: success.
        error_code: Integer<'a> = "errorCode",
        /// The error's description.
        error_message: Cow<'a, str> = "errorMessage",
    }
}

json_object! {
    /// `POST …/revoke` (§10): withdraw a message not yet delivered. The response is a
    /// [`MessageResponse`] without conversation members.
    pub struct RevokeRequest<'a> {
        /// The message to withdraw.
        message_id: Cow<'a, str> = "messageId",
        /// From whom.
        destination_address: OneOrMany<'a> = "destinationAddress",
        /// `RevokeRequested`.
        status: Cow<'a, str> = "status",
    }
}

json_object! {
    /// `POST …/medias/upload` response (§8.1), also its error form.
    pub struct MediaUploadResponse<'a> {
        /// The uploaded files.
        file_info: Vec<MediaFile<'a>> = "fileInfo",
        /// Files stored of this mode.
        file_count: Integer<'a> = "fileCount",
        /// Files allowed of this mode.
        total_count: Integer<'a> = "totalCount",
        /// 0: success.
        error_code: Integer<'a> = "errorCode",
        /// The error's description.
        error_message: Cow<'a, str> = "errorMessage",
    }
}

json_object! {
    /// One uploaded file.
    pub struct MediaFile<'a> {
        /// Its URL on the platform (what cards reference).
        url: Cow<'a, str> = "url",
        /// Its name.
        file_name: Cow<'a, str> = "fileName",
        /// Its media type.
        content_type: Cow<'a, str> = "contentType",
        /// Its size in bytes.
        file_size: Integer<'a> = "fileSize",
        /// Until when a temporary file is kept.
        until: Cow<'a, str> = "until",
        /// The hash algorithm of `fileHashValue`.
        file_hash_algorithm: Cow<'a, str> = "fileHashAlgorithm",
        /// The file's hash.
        file_hash_value: Cow<'a, str> = "fileHashValue",
    }
}

json_object! {
    /// `DELETE …/medias/delete` response (§8.3).
    pub struct MediaDeleteResponse<'a> {
        /// `perm` or `temp`.
        delete_mode: Cow<'a, str> = "deleteMode",
        /// Files stored of this mode.
        file_count: Integer<'a> = "fileCount",
        /// Files allowed of this mode.
        total_count: Integer<'a> = "totalCount",
        /// 0: success.
        error_code: Integer<'a> = "errorCode",
        /// The error's description.
        error_message: Cow<'a, str> = "errorMessage",
    }
}

json_object! {
    /// `GET …/find/chatBotInfo` response (§7.2): the platform's flat chatbot information.
    pub struct ChatbotInfo<'a> {
        /// The access number of the chatbot id.
        access_no: Cow<'a, str> = "accessNo",
        /// The domain of the chatbot id.
        domain: Cow<'a, str> = "domain",
        /// The name shown in conversation lists.
        service_name: Cow<'a, str> = "serviceName",
        /// The icon's URL.
        service_icon: Cow<'a, str> = "serviceIcon",
        /// The terms-and-conditions page.
        tc_page: Cow<'a, str> = "TCPage",
        /// The chatbot's SMS number.
        sms_number: Cow<'a, str> = "SMSNumber",
        /// Verified by the platform.
        verified: bool = "verified",
        /// Who verified it.
        auth_name: Cow<'a, str> = "authName",
        /// Until when.
        auth_expires: Cow<'a, str> = "authExpires",
        /// The verifying organisation.
        auth_org: Cow<'a, str> = "authOrg",
        /// 0 normal, 1 debugging, 2 suspended.
        status: Integer<'a> = "status",
        /// An emergency chatbot.
        critical_chatbot: bool = "criticalChatbot",
        /// The callback URL.
        url: Cow<'a, str> = "url",
        /// The chatbot version (2).
        version: Integer<'a> = "version",
        /// The provider.
        provider: Cow<'a, str> = "provider",
        /// Categories (at most 15 of 50 bytes; one today).
        category: Vec<Cow<'a, str>> = "category",
        /// What the chatbot does (at most 500 characters).
        service_description: Cow<'a, str> = "serviceDescription",
        /// Longitude of the business.
        longitude: f64 = "longitude",
        /// Latitude of the business.
        latitude: f64 = "latitude",
        /// The number users call back.
        call_back_number: Cow<'a, str> = "callBackNumber",
        /// Theme colour, `#RRGGBB`.
        theme_colour: Cow<'a, str> = "themeColour",
        /// The provider's website.
        service_website: Cow<'a, str> = "serviceWebsite",
        /// The provider's e-mail address.
        email_address: Cow<'a, str> = "emailAddress",
        /// The information page's background image.
        background_image: Cow<'a, str> = "backgroundImage",
        /// The business address.
        address: Cow<'a, str> = "address",
        /// The persistent menu (`{}` when none is set).
        menu: Menu<'a> = "menu",
        /// The cards' common CSS.
        css_style: Cow<'a, str> = "cssStyle",
    }
}

json_object! {
    /// `POST …/update/chatBotInfo/optionals` request (§7.1.1): the optional information, each
    /// update audited by the platform.
    pub struct ChatbotOptionals<'a> {
        /// What the chatbot does (at most 500 characters).
        service_description: Cow<'a, str> = "serviceDescription",
        /// Categories (50 bytes each, at most 15).
        category: Vec<Cow<'a, str>> = "category",
        /// The number users call back (at most 21).
        call_back_number: Cow<'a, str> = "callBackNumber",
        /// The provider (at most 100).
        provider: Cow<'a, str> = "provider",
        /// Longitude.
        longitude: f64 = "longitude",
        /// Latitude.
        latitude: f64 = "latitude",
        /// Theme colour `#RRGGBB` (at most 20).
        theme_colour: Cow<'a, str> = "themeColour",
        /// Website (at most 150).
        service_website: Cow<'a, str> = "serviceWebsite",
        /// E-mail (at most 50).
        email_address: Cow<'a, str> = "emailAddress",
        /// Background image URL (at most 150).
        background_image: Cow<'a, str> = "backgroundImage",
        /// Address (at most 200).
        address: Cow<'a, str> = "address",
        /// CSS URL (at most 150).
        css_style: Cow<'a, str> = "cssStyle",
        /// The signature put on SMS fallbacks (at most 50).
        autograph: Cow<'a, str> = "autograph",
    }
}

json_object! {
    /// `POST {notifyURL}/deliveryNotification/{chatbotId}/status` (§12).
    pub struct DeliveryNotification<'a> {
        /// One report per message and recipient.
        delivery_info_list: Vec<DeliveryInfo<'a>> = "deliveryInfoList",
    }
}

json_object! {
    /// One delivery report.
    pub struct DeliveryInfo<'a> {
        /// The message reported on.
        message_id: Cow<'a, str> = "messageId",
        /// When (RFC 3339).
        date_time: Cow<'a, str> = "dateTime",
        /// What happened.
        status: DeliveryStatus<'a> = "status",
        /// Why it failed: 1 no terminal, 2 not a 5G Messaging terminal, 3 content refused,
        /// 4 offline, 5 refused by the terminal, 6 content not as required, or a §6 code.
        error_code: Integer<'a> = "errorCode",
        /// Why it failed, in words.
        error_message: Cow<'a, str> = "errorMessage",
        /// The chatbot's URI.
        destination_address: Cow<'a, str> = "destinationAddress",
        /// The user's URI.
        sender_address: Cow<'a, str> = "senderAddress",
    }
}

json_enum! {
    /// A delivery report's `status`.
    pub enum DeliveryStatus {
        /// Sent.
        Sent = "sent",
        /// Failed (see `errorCode`).
        Failed = "failed",
        /// Delivered to the terminal.
        Delivered = "delivered",
        /// Read.
        Displayed = "displayed",
        /// Delivered as an SMS fallback.
        DeliveredToNetwork = "deliveredToNetwork",
        /// Withdrawn.
        RevokeOk = "revokeOk",
        /// Could not be withdrawn.
        RevokeFail = "revokeFail",
    }
}

json_object! {
    /// `POST {notifyURL}/notifyInfoNotification/{chatbotId}/notice/rcsspam` (§13.2): a user's
    /// spam report.
    pub struct SpamReport<'a> {
        /// The messages reported (none: the chatbot itself).
        message_id: Vec<Cow<'a, str>> = "messageId",
        /// The kind of complaint (at most 50 bytes).
        spam_type: Cow<'a, str> = "spamType",
        /// The user's words.
        free_text: Cow<'a, str> = "freeText",
    }
}

json_object! {
    /// `POST {notifyURL}/notifyInfoNotification/{chatbotId}/check` (§13.3): an audit result
    /// for the chatbot's information, a media file or a message.
    pub struct AuditResult<'a> {
        /// `chatbotInformation`, `media` or `message`.
        kind: Cow<'a, str> = "type",
        /// `pass` or `fail`.
        result: Cow<'a, str> = "result",
        /// When.
        time: Cow<'a, str> = "time",
        /// The auditor's note.
        description: Cow<'a, str> = "description",
        /// What was audited (`url: ...`, `messageId: ...`, `chatbotId: ...`).
        remark: Cow<'a, str> = "remark",
    }
}

/// The meaning of a §6 return code, in the spec's words (English summary).
pub fn error_code_text(code: i64) -> Option<&'static str> {
    Some(match code {
        -1 => "system busy",
        -2 => "internal error",
        0 => "success",
        20002 => "invalid parameter",
        20003 => "invalid request",
        30001 => "daily sending limit exceeded",
        30002 => "monthly sending limit exceeded",
        30003 => "per-second sending limit exceeded",
        30004 => "yearly sending limit exceeded",
        30006 => "callback verification failed",
        30007 => "audit notification could not be sent",
        30008 => "chatbotId does not match senderAddress",
        40001 => "wrong appKey or invalid accessToken",
        40002 => "invalid credential type",
        40005 => "invalid file type",
        40006 => "invalid file size",
        40007 => "invalid media URL",
        40008 => "invalid message type",
        40011 => "chatbot information update failed",
        40014 => "invalid accessToken",
        40016 => "invalid number of buttons",
        40017 => "invalid button type",
        40018 => "invalid button name length",
        40019 => "invalid button key length",
        40020 => "invalid button URL length",
        40021 => "invalid text length",
        40022 => "temporary file expired",
        40040 => "too many files",
        40052 => "invalid button link",
        41001 => "accessToken missing",
        41002 => "appId missing",
        41004 => "appKey missing",
        41005 => "media file data missing",
        41006 => "media URL missing",
        42001 => "accessToken expired",
        43001 => "GET required",
        44001 => "media file empty",
        44002 => "POST body empty",
        45001 => "call limit exceeded",
        45010 => "reply time limit exceeded",
        46001 => "no such user",
        46002 => "no such temporary user",
        46003 => "user restricted",
        47001 => "JSON/XML parse error",
        47002 => "submenu JSON/XML parse error",
        48001 => "API not authorised",
        60001 => "invalid content",
        60002 => "subscription required",
        60003 => "invalid message type",
        70001 => "message content under control",
        81000..=83999 => "China Telecom specific code",
        87000..=89999 => "China Unicom specific code",
        _ => return None,
    })
}
