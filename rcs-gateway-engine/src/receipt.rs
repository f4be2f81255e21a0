//! Message ids as gateways give them, and the delivery states their receipts report.

use core::fmt;

use rcs_fallback::gateway::sgip::SgipSequence;

/// The id a gateway gave one submitted part, the key its delivery receipt comes back with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SmscMessageId {
    /// SMPP message_id (C-octet string, up to 64 characters).
    Text(String),
    /// CMPP Msg_Id.
    Cmpp(u64),
    /// SMGP MsgID (10 octets, BCD).
    Smgp([u8; 10]),
    /// SGIP: the sequence number of the SUBMIT itself (a REPORT names it).
    Sgip(SgipSequence),
}

impl SmscMessageId {
    /// For SMPP ids, the number the text stands for when it is hexadecimal: SMSCs that answer
    /// submit_sm with a hexadecimal id and put its decimal form in the receipt are common,
    /// so a receipt that misses by its text is looked up by this number too.
    pub(crate) fn hex_value(&self) -> Option<u64> {
        match self {
            Self::Text(t) if !t.is_empty() && t.len() <= 16 => u64::from_str_radix(t, 16).ok(),
            _ => None,
        }
    }

    /// The numbers a receipt's id may stand for: its decimal value, its hexadecimal value.
    pub(crate) fn receipt_values(&self) -> impl Iterator<Item = u64> {
        let (dec, hex) = match self {
            Self::Text(t) if !t.is_empty() && t.len() <= 20 => {
                (t.parse::<u64>().ok(), self.hex_value())
            }
            _ => (None, None),
        };
        dec.into_iter().chain(hex)
    }
}

impl fmt::Display for SmscMessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Text(t) => f.write_str(t),
            Self::Cmpp(n) => write!(f, "{n}"),
            Self::Smgp(b) => b.iter().try_for_each(|o| write!(f, "{o:02x}")),
            Self::Sgip(s) => write!(f, "{}-{}-{}", s.node, s.timestamp, s.number),
        }
    }
}

/// What a delivery receipt says happened to a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeliveryState {
    /// Delivered to the phone (`DELIVRD`, SMPP message_state 2, SGIP state 0).
    Delivered,
    /// Not final: still on its way (`ENROUTE`, SGIP state 1 "waiting").
    Enroute,
    /// Accepted on the subscriber's behalf (`ACCEPTD`).
    Accepted,
    /// Its validity period passed (`EXPIRED`).
    Expired,
    /// Deleted (`DELETED`).
    Deleted,
    /// Could not be delivered (`UNDELIV`, SGIP state 2).
    Undeliverable,
    /// Refused (`REJECTD`).
    Rejected,
    /// The gateway does not know (`UNKNOWN`).
    Unknown,
    /// Any other stat (the CMPP and SMGP gateways' own failure codes, `MA:0001`, `DB:0008`, ...).
    Failed,
}

impl DeliveryState {
    /// The state a receipt's `stat` text names (case-insensitive; unknown texts are failures).
    pub fn from_stat(stat: &str) -> Self {
        let s = stat.trim();
        let is = |name: &str| s.eq_ignore_ascii_case(name);
        if is("DELIVRD") || is("DELIVERED") {
            Self::Delivered
        } else if is("ENROUTE") {
            Self::Enroute
        } else if is("ACCEPTD") || is("ACCEPTED") {
            Self::Accepted
        } else if is("EXPIRED") {
            Self::Expired
        } else if is("DELETED") {
            Self::Deleted
        } else if is("UNDELIV") {
            Self::Undeliverable
        } else if is("REJECTD") || is("REJECTED") {
            Self::Rejected
        } else if is("UNKNOWN") {
            Self::Unknown
        } else {
            Self::Failed
        }
    }

    /// The receipt text's `stat` for this state.
    pub fn stat(self) -> &'static str {
        match self {
            Self::Delivered => "DELIVRD",
            Self::Enroute => "ENROUTE",
            Self::Accepted => "ACCEPTD",
            Self::Expired => "EXPIRED",
            Self::Deleted => "DELETED",
            Self::Undeliverable => "UNDELIV",
            Self::Rejected => "REJECTD",
            Self::Unknown => "UNKNOWN",
            Self::Failed => "UNDELIV",
        }
    }

    /// SMPP message_state (SMPP 3.4 §5.2.28).
    pub(crate) fn smpp_message_state(self) -> u8 {
        match self {
            Self::Enroute => 1,
            Self::Delivered => 2,
            Self::Expired => 3,
            Self::Deleted => 4,
            Self::Undeliverable | Self::Failed => 5,
            Self::Accepted => 6,
            Self::Unknown => 7,
            Self::Rejected => 8,
        }
    }

    /// Whether no later receipt will change it (all but `Enroute`).
    pub fn is_final(self) -> bool {
        self != Self::Enroute
    }

    /// Whether it says the message reached the phone.
    pub fn is_delivered(self) -> bool {
        self == Self::Delivered
    }
}

impl fmt::Display for DeliveryState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.stat())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stats_read_back() {
        for s in [
            DeliveryState::Delivered,
            DeliveryState::Enroute,
            DeliveryState::Accepted,
            DeliveryState::Expired,
            DeliveryState::Deleted,
            DeliveryState::Undeliverable,
            DeliveryState::Rejected,
            DeliveryState::Unknown,
        ] {
            assert_eq!(DeliveryState::from_stat(s.stat()), s);
            assert_eq!(DeliveryState::from_stat(&s.stat().to_lowercase()), s);
        }
        assert_eq!(DeliveryState::from_stat("MA:0001"), DeliveryState::Failed);
        assert!(!DeliveryState::Enroute.is_final());
    }

    #[test]
    fn receipt_ids_stand_for_numbers() {
        let hex = SmscMessageId::Text("1F".into());
        assert_eq!(hex.hex_value(), Some(31));
        let dec = SmscMessageId::Text("31".into());
        assert_eq!(dec.receipt_values().collect::<Vec<_>>(), [31, 0x31]);
        assert_eq!(SmscMessageId::Text(String::new()).hex_value(), None);
        assert_eq!(SmscMessageId::Cmpp(5).to_string(), "5");
        assert_eq!(
            SmscMessageId::Smgp([0x12, 0x34, 0, 0, 0, 0, 0, 0, 0, 0xff]).to_string(),
            "123400000000000000ff"
        );
    }
}
