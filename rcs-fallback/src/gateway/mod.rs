//! How an SMS actually leaves a CSP or a 5GMC: the SMS gateway protocols, each fed from one
//! [`SmsPlan`](crate::SmsPlan).

/// One declaration per protocol of its command ids: the constants, `ALL` (the requests, and
/// responses that stand alone) and `name(id)`, which also names each request's response.
/// Rows: `CONST = id, "name", pair;` (a request with a response) or `..., one;` (no response).
macro_rules! commands {
    (
        $(#[$mod_doc:meta])*
        pub mod $module:ident, responses named $suffix:literal {
            $( $(#[$doc:meta])* $konst:ident = $id:literal, $name:literal, $kind:ident; )*
        }
    ) => {
        $(#[$mod_doc])*
        pub mod $module {
            $( $(#[$doc])* pub const $konst: u32 = $id; )*
            /// The bit that makes an id a response.
            pub const RESPONSE: u32 = 0x8000_0000;
            /// Every id of the table (requests, and responses that stand alone).
            pub const ALL: &[u32] = &[$($id),*];

            /// The name of an id as the specification spells it (a response's name is its
            /// request's with the suffix), `None` when unknown.
            pub fn name(id: u32) -> Option<&'static str> {
                $(
                    if id == $id {
                        return Some($name);
                    }
                    if commands!(@paired $kind) && id == $id | RESPONSE {
                        return Some(concat!($name, $suffix));
                    }
                )*
                None
            }
        }
    };
    (@paired pair) => { true };
    (@paired one) => { false };
}

pub mod cmpp;
mod reader;
pub mod sgip;
pub mod smgp;
pub mod smpp;

pub use reader::field_text;

/// A secret kept as sent (passwords, authenticators) but never shown by `Debug` or serialized
/// (serde writes `"<redacted>"`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Redacted<T>(pub T);

#[cfg(feature = "serde")]
impl<T> serde::Serialize for Redacted<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("<redacted>")
    }
}

/// How the PDUs' octet fields serialize (feature `serde`): the C-Octet and fixed-width text
/// fields as text (up to the first NUL, GBK or Latin-1 read as `field_text` does), message
/// contents and TLV values as lower-case hex.
#[cfg(feature = "serde")]
pub(crate) mod ser {
    use serde::Serializer;

    /// A text field.
    pub(crate) fn text<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::field_text(v))
    }

    /// An optional text field.
    pub(crate) fn opt_text<S: Serializer>(
        v: &Option<std::borrow::Cow<'_, [u8]>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => text(v, s),
            None => s.serialize_none(),
        }
    }

    /// A list of text fields.
    pub(crate) fn text_list<S: Serializer>(
        v: &[std::borrow::Cow<'_, [u8]>],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|f| super::field_text(f)))
    }

    /// Octets.
    pub(crate) fn hex<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        crate::serde_forms::hex_bytes::serialize(v, s)
    }
}

impl<T> core::fmt::Debug for Redacted<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    /// Each table names every id it declares, names each request's response with the
    /// protocol's suffix, gives no two ids one name, and names nothing else.
    fn check(all: &[u32], name: fn(u32) -> Option<&'static str>, suffix: &str) {
        let mut seen = std::collections::HashSet::new();
        for &id in all {
            let n = name(id).unwrap_or_else(|| panic!("{id:#x} has no name"));
            assert!(seen.insert(n), "{n} twice");
            if let Some(r) = name(id | 0x8000_0000).filter(|_| id & 0x8000_0000 == 0) {
                assert_eq!(r, format!("{n}{suffix}"));
                assert!(seen.insert(r), "{r} twice");
            }
        }
        for id in [0x7FFF_FFFF, 0xFFFF_FFFF, 0x0000_0FFF, 0x8000_0FFF] {
            assert_eq!(name(id), None, "{id:#x}");
        }
    }

    #[test]
    fn command_tables_are_complete() {
        check(
            super::smpp::command::ALL,
            super::smpp::command::name,
            "_resp",
        );
        check(
            super::cmpp::command::ALL,
            super::cmpp::command::name,
            "_RESP",
        );
        check(
            super::sgip::command::ALL,
            super::sgip::command::name,
            "_Resp",
        );
        check(
            super::smgp::request::ALL,
            super::smgp::request::name,
            "_Resp",
        );
        assert_eq!(super::smpp::command::ALL.len(), 15);
        assert_eq!(
            super::smpp::command_name(0x8000_0004),
            Some("submit_sm_resp")
        );
        assert_eq!(
            super::smpp::command_name(0x8000_000B),
            None,
            "outbind has no response"
        );
        assert_eq!(
            super::cmpp::command::name(0x8000_0001),
            Some("CMPP_CONNECT_RESP")
        );
        assert_eq!(super::sgip::command::name(0x5), Some("Report"));
        assert_eq!(
            super::smgp::request::name(0x8000_0004),
            Some("Active_Test_Resp")
        );
    }
}
