//! The serde forms (feature `serde`) of a description, its media and their MSRP attributes:
//! what `rcs inspect --json` prints. A typed value that does not read is `null` (the MSRP
//! object's `error` says why).

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::msrp::{FileSelector, Msrp};
use crate::session::{Media, Session};

impl Serialize for Session<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let attributes: Vec<_> = self.attributes().collect();
        let times: Vec<_> = self.times().collect();
        let media: Vec<_> = self.media().collect();
        let mut st = s.serialize_struct("Session", 8)?;
        st.serialize_field("fragment", &self.is_fragment())?;
        st.serialize_field("origin", &self.origin())?;
        st.serialize_field("name", &self.name())?;
        st.serialize_field("connection", &self.connection())?;
        st.serialize_field("times", &times)?;
        st.serialize_field("attributes", &attributes)?;
        st.serialize_field("media", &media)?;
        st.serialize_field("warnings", self.warnings())?;
        st.end()
    }
}

impl Serialize for Media<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let line = self.media_line();
        let formats: Option<Vec<&str>> = line.map(|l| l.formats.split_ascii_whitespace().collect());
        let attributes: Vec<_> = self.attributes().collect();
        let mut st = s.serialize_struct("Media", 9)?;
        st.serialize_field("media", &line.map(|l| l.media))?;
        st.serialize_field("port", &line.map(|l| l.port))?;
        st.serialize_field("port_count", &line.and_then(|l| l.port_count))?;
        st.serialize_field("proto", &line.map(|l| l.proto))?;
        st.serialize_field("formats", &formats)?;
        st.serialize_field("connection", &self.connection())?;
        st.serialize_field("direction", &self.direction())?;
        st.serialize_field("attributes", &attributes)?;
        st.serialize_field("msrp", &self.msrp())?;
        st.end()
    }
}

impl Serialize for Msrp<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let path: Vec<&str> = self.path().collect();
        let accept_types: Vec<&str> = self.accept_types().map(|t| t.raw).collect();
        let wrapped: Vec<&str> = self.accept_wrapped_types().map(|t| t.raw).collect();
        let mut st = s.serialize_struct("Msrp", 6)?;
        st.serialize_field("path", &path)?;
        st.serialize_field("accept_types", &accept_types)?;
        st.serialize_field("accept_wrapped_types", &wrapped)?;
        st.serialize_field("setup", &self.setup().and_then(Result::ok))?;
        st.serialize_field("file_selector", &self.file_selector().and_then(Result::ok))?;
        st.serialize_field("error", &self.check().err().map(|e| e.to_string()))?;
        st.end()
    }
}

impl Serialize for FileSelector<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("FileSelector", 4)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("type", &self.ty)?;
        st.serialize_field("size", &self.size)?;
        st.serialize_field("hash", &self.hash.map(|(alg, h)| format!("{alg}:{h}")))?;
        st.end()
    }
}
