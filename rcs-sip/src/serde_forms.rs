//! The serde forms (feature `serde`) of the values whose JSON is not a plain struct of their
//! fields: text as sent where the value is one piece of text, parts by their accessors' names,
//! and a message as `rcs inspect --json` shows it.

use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::headers::{
    Contact, IdentityValue, InfoUri, MediaType, ParamsValue, Privacy, SipDate, TokenParams,
};
use crate::message::Message;
use crate::typed::HeaderValue;
use crate::uri::{Host, Uri};

/// `rport` as the Via has it: absent (`null`), without a value (`true`), or a port.
pub(crate) struct Rport(pub(crate) Option<Option<u16>>);

impl Serialize for Rport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            None => s.serialize_none(),
            Some(None) => s.serialize_bool(true),
            Some(Some(port)) => s.serialize_u16(port),
        }
    }
}

impl Serialize for Uri<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Serialize for Host<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Contact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let Some(a) = self.address() else {
            let mut st = s.serialize_struct("Contact", 1)?;
            st.serialize_field("wildcard", &true)?;
            return st.end();
        };
        let mut st = s.serialize_struct("Contact", 8)?;
        st.serialize_field("wildcard", &false)?;
        st.serialize_field("uri", a.uri().as_str())?;
        st.serialize_field("display_name", &a.display_name_unquoted())?;
        st.serialize_field("params", &a.params())?;
        st.serialize_field("expires", &self.expires())?;
        st.serialize_field("q", &self.q().map(|q| f64::from(q) / 1000.0))?;
        st.serialize_field("sip_instance", &self.sip_instance())?;
        st.serialize_field("reg_id", &self.reg_id())?;
        st.end()
    }
}

impl Serialize for MediaType<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("MediaType", 3)?;
        st.serialize_field("media_type", self.ty())?;
        st.serialize_field("subtype", self.subtype())?;
        st.serialize_field("params", &self.params())?;
        st.end()
    }
}

impl Serialize for TokenParams<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("TokenParams", 2)?;
        st.serialize_field("value", self.value())?;
        st.serialize_field("params", &self.params())?;
        st.end()
    }
}

impl Serialize for SipDate<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&format_args!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        ))
    }
}

impl Serialize for Privacy<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.values())
    }
}

impl Serialize for ParamsValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("ParamsValue", 1)?;
        st.serialize_field("params", &self.params())?;
        st.end()
    }
}

impl Serialize for InfoUri<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("InfoUri", 2)?;
        st.serialize_field("uri", self.uri().as_str())?;
        st.serialize_field("params", &self.params())?;
        st.end()
    }
}

impl Serialize for IdentityValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Params<'v>(&'v IdentityValue<'v>);
        impl Serialize for Params<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.params())
            }
        }
        let mut st = s.serialize_struct("IdentityValue", 5)?;
        st.serialize_field("digest", self.digest())?;
        st.serialize_field("info", &self.info().map(|u| u.as_str()))?;
        st.serialize_field("alg", &self.alg())?;
        st.serialize_field("ppt", &self.ppt())?;
        st.serialize_field("params", &Params(self))?;
        st.end()
    }
}

/// A struct value with `type` first: the value's own fields follow it.
#[derive(Serialize)]
struct Tagged<'v, T: Serialize> {
    #[serde(rename = "type")]
    ty: &'static str,
    #[serde(flatten)]
    value: &'v T,
}

/// A one-piece value (string, number, list) under `value`.
#[derive(Serialize)]
struct Wrapped<'v, T: Serialize> {
    #[serde(rename = "type")]
    ty: &'static str,
    value: &'v T,
}

impl Serialize for HeaderValue<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        fn tagged<S: Serializer, T: Serialize>(
            s: S,
            ty: &'static str,
            value: &T,
        ) -> Result<S::Ok, S::Error> {
            Tagged { ty, value }.serialize(s)
        }
        fn wrapped<S: Serializer, T: Serialize>(
            s: S,
            ty: &'static str,
            value: &T,
        ) -> Result<S::Ok, S::Error> {
            Wrapped { ty, value }.serialize(s)
        }
        match self {
            Self::Address(v) => tagged(s, "address", v),
            Self::Contact(v) => tagged(s, "contact", v),
            Self::Via(v) => tagged(s, "via", v),
            Self::CSeq(v) => tagged(s, "cseq", v),
            Self::RAck(v) => tagged(s, "rack", v),
            Self::CallId(v) => wrapped(s, "call-id", v),
            Self::MediaType(v) => tagged(s, "media-type", v),
            Self::Token(v) => wrapped(s, "token", v),
            Self::TokenParams(v) => tagged(s, "token-params", v),
            Self::Seconds(v) => tagged(s, "seconds", v),
            Self::Number(v) => wrapped(s, "number", v),
            Self::Date(v) => wrapped(s, "date", v),
            Self::Warning(v) => tagged(s, "warning", v),
            Self::Auth(v) => tagged(s, "auth", v),
            Self::FeaturePreference(v) => tagged(s, "feature-preference", v),
            Self::ServiceId(v) => wrapped(s, "service-id", v),
            Self::Privacy(v) => wrapped(s, "privacy", v),
            Self::Params(v) => tagged(s, "params", v),
            Self::InfoUri(v) => tagged(s, "info-uri", v),
            Self::Identifier(v) => wrapped(s, "identifier", v),
            Self::Identity(v) => tagged(s, "identity", v),
        }
    }
}

/// One header line: canonical name, the name as sent when it differs, the unfolded value, and
/// its typed values (or the error of the first that does not read).
struct Field<'m>(crate::message::HeaderField<'m>);

impl Serialize for Field<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let h = &self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("name", h.name())?;
        if h.raw_name() != h.name() {
            map.serialize_entry("raw_name", h.raw_name())?;
        }
        map.serialize_entry("value", &h.unfolded_value())?;
        if let Some(values) = h.typed_values() {
            let mut typed = Vec::new();
            let mut error = None;
            for v in values {
                match v {
                    Ok(v) => typed.push(v),
                    Err(e) => {
                        error = Some(e.to_string());
                        break;
                    }
                }
            }
            map.serialize_entry("typed", &typed)?;
            if let Some(e) = error {
                map.serialize_entry("error", &e)?;
            }
        }
        map.end()
    }
}

/// The headers in order.
struct Fields<'m>(&'m Message<'m>);

impl Serialize for Fields<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.headers().map(Field))
    }
}

/// See [`Message`]'s documentation for the form.
impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let body = self.body();
        let text = std::str::from_utf8(body).ok();
        let mut st = s.serialize_struct("Message", 11)?;
        st.serialize_field(
            "kind",
            if self.is_request() {
                "request"
            } else {
                "response"
            },
        )?;
        st.serialize_field("method", &self.method())?;
        st.serialize_field("uri", &self.request_uri_str())?;
        st.serialize_field("status", &self.status())?;
        st.serialize_field("reason", &self.reason())?;
        st.serialize_field("version", self.version())?;
        st.serialize_field("headers", &Fields(self))?;
        st.serialize_field("body", &text)?;
        st.serialize_field(
            "body_base64",
            &text.is_none().then(|| rcs_base::base64::encode(body)),
        )?;
        st.serialize_field("body_length", &body.len())?;
        st.serialize_field("warnings", self.warnings())?;
        st.end()
    }
}
