//! Parsers. Crate-private: the public API speaks in values and `DecodeError`.

pub(crate) mod head;
pub(crate) mod lex;
pub(crate) mod scan;
pub(crate) mod typed;
pub(crate) mod uri;
