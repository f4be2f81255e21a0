//! Decode errors and warnings: what, and where (a JSON Pointer, and line:column in the input).

use core::fmt;
use std::borrow::Cow;

/// Which bound of [`Limits`](crate::Limits) a document exceeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LimitKind {
    /// The input is larger than `max_message_size`.
    MessageSize,
    /// Objects and arrays nest deeper than `max_nesting_depth`.
    NestingDepth,
    /// More objects and arrays than `max_containers` (or, in XML and multipart bodies,
    /// more elements or parts).
    ContainerCount,
    /// More attributes on one XML element than `max_attributes`.
    AttributeCount,
}

impl LimitKind {
    /// A short lower-case name of the limit.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MessageSize => "message size",
            Self::NestingDepth => "nesting depth",
            Self::ContainerCount => "container count",
            Self::AttributeCount => "attribute count",
        }
    }
}

/// What went wrong while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input ends inside the document.
    Incomplete,
    /// A [`Limits`](crate::Limits) bound was exceeded.
    LimitExceeded(LimitKind),
    /// Not JSON (RFC 8259): a syntax error, invalid UTF-8, or bytes after the document.
    Syntax,
    /// A value of the wrong JSON type for its member (a number where a string belongs, ...).
    WrongType,
    /// A member this document type does not define (refused by strict parsing; lenient parsing
    /// keeps it).
    UnknownMember,
    /// The same member twice in one object (refused in every mode: readers would disagree on
    /// which one counts).
    DuplicateMember,
    /// A number sent as a JSON string (`"mediaFileSize": "151250"`): refused by strict parsing.
    NumberAsString,
}

impl ErrorKind {
    /// A short lower-case description.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Incomplete => "incomplete document",
            Self::LimitExceeded(_) => "limit exceeded",
            Self::Syntax => "invalid JSON",
            Self::WrongType => "wrong JSON type",
            Self::UnknownMember => "unknown member",
            Self::DuplicateMember => "duplicate member",
            Self::NumberAsString => "number sent as a string",
        }
    }
}

/// A decode failure: what went wrong, where in the document (JSON Pointer, RFC 6901) and where
/// in the input (line and column, 1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    pub(crate) kind: ErrorKind,
    pub(crate) pointer: String,
    pub(crate) offset: usize,
    pub(crate) line: u32,
    pub(crate) column: u32,
}

impl DecodeError {
    pub(crate) fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            pointer: String::new(),
            offset: 0,
            line: 0,
            column: 0,
        }
    }

    /// Places the error at byte `offset` of `input`: line, and column in characters.
    pub(crate) fn at(mut self, input: &[u8], offset: usize) -> Self {
        let at = rcs_base::Position::locate_chars(input, offset);
        self.offset = at.offset;
        self.line = at.line;
        self.column = at.column;
        self
    }
    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// Where in the document: a JSON Pointer such as `/message/generalPurposeCard/content`;
    /// `None` for the whole document.
    pub fn field(&self) -> Option<&str> {
        Some(self.pointer.as_str()).filter(|p| !p.is_empty())
    }
    /// Byte offset of the problem in the input (0 when unknown: see [`line`](Self::line)).
    pub fn offset(&self) -> usize {
        self.offset
    }
    /// Line of the problem in the input, 1-based (0 when unknown).
    pub fn line(&self) -> u32 {
        self.line
    }
    /// Column of the problem in the input, in characters, 1-based (0 when unknown): where the
    /// reader stopped, which for a member refused by name is the start of its value.
    pub fn column(&self) -> u32 {
        self.column
    }
    /// Whether more input could complete the document.
    pub fn is_incomplete(&self) -> bool {
        self.kind == ErrorKind::Incomplete
    }
}

rcs_base::display_located!(DecodeError, ErrorKind, |e| (
    e.field(),
    rcs_base::Place::of_text(e.line, e.column)
));

impl std::error::Error for DecodeError {}

rcs_base::impl_located_error!(DecodeError);

/// What a lenient parse accepted that strict parsing refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// A member this document type does not define; kept in the object's `extra` and written
    /// back.
    UnknownMember,
    /// A number sent as a JSON string (kept as sent; [`Integer::value`](crate::Integer::value)
    /// reads it).
    NumberAsString,
    /// A member name misspelled the way operators' own examples do (`contenType`); read as the
    /// member it meant.
    Misspelling,
    /// A member whose value is `null`, read as absent (and not written back).
    NullMember,
    /// A multipart part whose Content-Length differs from its body (the pointer is `/part`).
    ContentLength,
    /// [`normalize`](crate::ChatbotBody::normalize) set a missing `openUrl.application` to
    /// `browser` (what clients do with UP 1.0/2.0 suggestions).
    ApplicationDefaulted,
    /// `normalize` turned a size sent as a string of digits into a number.
    NumberFromString,
    /// `normalize` dropped a member that says nothing: an empty list, an empty-string size.
    EmptyRemoved,
    /// A request path segment in another letter case than the interface's
    /// (`MessageNotification`); the pointer is empty.
    PathCase,
    /// An XML root element in no namespace where the interface defines one (China Mobile's
    /// NetAPI requests written without `xmlns`); read as if it were there.
    MissingNamespace,
}

impl WarningKind {
    /// A short lower-case description.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnknownMember => "unknown member kept",
            Self::NumberAsString => "number sent as a string",
            Self::Misspelling => "misspelled member name accepted",
            Self::NullMember => "null member read as absent",
            Self::ContentLength => "Content-Length differs from the part's body",
            Self::ApplicationDefaulted => "openUrl.application defaulted to browser",
            Self::NumberFromString => "size sent as a string made a number",
            Self::EmptyRemoved => "empty member removed",
            Self::PathCase => "request path in another letter case accepted",
            Self::MissingNamespace => "root element without its namespace accepted",
        }
    }
}

/// A deviation a lenient parse accepted, and where (JSON Pointer). Serializes as
/// `{"pointer", "warning"}` (the kind's [`WarningKind::as_str`] words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// What was accepted.
    pub kind: WarningKind,
    /// Where: a JSON Pointer.
    pub pointer: String,
}

impl serde::Serialize for Warning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Warning", 2)?;
        st.serialize_field("pointer", &self.pointer)?;
        st.serialize_field("warning", self.kind.as_str())?;
        st.end()
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.kind.as_str())
    }
}

/// One step of a JSON Pointer, kept unescaped until the pointer is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seg {
    Key(Cow<'static, str>),
    Index(usize),
}

/// Writes segments (outermost first) as an RFC 6901 pointer: `~` → `~0`, `/` → `~1`.
pub(crate) fn write_pointer<'s>(out: &mut String, segs: impl Iterator<Item = &'s Seg>) {
    use fmt::Write;
    for s in segs {
        out.push('/');
        match s {
            Seg::Key(k) => {
                for c in k.chars() {
                    match c {
                        '~' => out.push_str("~0"),
                        '/' => out.push_str("~1"),
                        c => out.push(c),
                    }
                }
            }
            Seg::Index(i) => {
                let _ = write!(out, "{i}");
            }
        }
    }
}
