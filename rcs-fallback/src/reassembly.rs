//! Concatenated SMS reassembly (TS 23.040 §9.2.3.24.1): parts keyed on originator, reference
//! and total, in any order, with duplicates and lying totals handled and memory bounded.

use std::collections::{BTreeMap, HashMap};

use crate::user_data::UserData;

/// Bounds of a [`Reassembler`]: past them the oldest incomplete message is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
pub struct ReassemblyLimits {
    /// Incomplete messages held at once. Default 1,024.
    pub max_messages: usize,
    /// Octets of user data held at once, over all incomplete messages. Default 1 MiB.
    pub max_bytes: usize,
}

impl Default for ReassemblyLimits {
    fn default() -> Self {
        Self {
            max_messages: 1024,
            max_bytes: 1 << 20,
        }
    }
}

/// What one part did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Reassembly {
    /// Not part of a concatenated message (no concatenation element, or a total of 1).
    Single(UserData),
    /// The last missing part arrived: every part, in order.
    Complete(Vec<UserData>),
    /// Held: `received` of `total` parts so far.
    Pending {
        /// Parts held for this message.
        received: u8,
        /// Parts the message has.
        total: u8,
    },
    /// A part already held arrived again; the first copy is kept. `conflicting` when the
    /// copies differ.
    Duplicate {
        /// Whether the repeated part's content differs from the one held.
        conflicting: bool,
    },
    /// The part's sequence number is 0 or over its total (a lying header): dropped.
    InvalidSequence,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    originator: String,
    reference: u16,
    wide: bool,
    total: u8,
}

#[derive(Debug)]
struct Pending {
    parts: Vec<Option<UserData>>,
    received: u8,
    bytes: usize,
    age: u64,
}

/// Reassembles concatenated short messages. Sans-IO and clock-free: the caller feeds parts
/// and, if it wants time-outs, drops old messages with [`Reassembler::drop_oldest`].
///
/// A total is part of the key, so parts that disagree on it never mix (a lying total leaves
/// its own incomplete message, which the limits eventually drop); memory is bounded by
/// [`ReassemblyLimits`], checked before a part is kept.
#[derive(Debug, Default)]
pub struct Reassembler {
    limits: ReassemblyLimits,
    messages: HashMap<Key, Pending>,
    by_age: BTreeMap<u64, Key>,
    next_age: u64,
    bytes: usize,
    dropped: u64,
}

impl Reassembler {
    /// A reassembler with these limits.
    pub fn new(limits: ReassemblyLimits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Feeds one part from `originator` (the TP-OA, or whatever names the sender).
    pub fn push(&mut self, originator: &str, part: UserData) -> Reassembly {
        let Some(info) = part.header.as_ref().and_then(|h| h.concat()) else {
            return Reassembly::Single(part);
        };
        if info.sequence == 0 || info.sequence > info.total {
            return Reassembly::InvalidSequence;
        }
        if info.total == 1 {
            return Reassembly::Single(part);
        }
        let key = Key {
            originator: originator.to_string(),
            reference: info.reference,
            wide: info.wide,
            total: info.total,
        };
        let index = usize::from(info.sequence - 1);
        if let Some(p) = self.messages.get(&key)
            && let Some(Some(held)) = p.parts.get(index)
        {
            return Reassembly::Duplicate {
                conflicting: *held != part,
            };
        }
        let size = part.body.len() + 16;
        self.make_room(size, &key);
        let age = self.next_age;
        let pending = self.messages.entry(key.clone()).or_insert_with(|| Pending {
            parts: vec![None; usize::from(info.total)],
            received: 0,
            bytes: 0,
            age,
        });
        if pending.age == age {
            self.by_age.insert(age, key.clone());
            self.next_age += 1;
        }
        pending.parts[index] = Some(part);
        pending.received += 1;
        pending.bytes += size;
        self.bytes += size;
        if pending.received < info.total {
            return Reassembly::Pending {
                received: pending.received,
                total: info.total,
            };
        }
        match self.remove(&key) {
            Some(p) => Reassembly::Complete(p.parts.into_iter().flatten().collect()),
            None => Reassembly::Pending {
                received: 0,
                total: info.total,
            },
        }
    }

    /// Drops the oldest messages until one more of `size` octets fits (never `keep`).
    fn make_room(&mut self, size: usize, keep: &Key) {
        let new_message = !self.messages.contains_key(keep);
        while (self.bytes + size > self.limits.max_bytes
            || (new_message && self.messages.len() >= self.limits.max_messages))
            && let Some((_, oldest)) = self
                .by_age
                .iter()
                .find(|(_, k)| *k != keep)
                .map(|(a, k)| (*a, k.clone()))
        {
            self.remove(&oldest);
            self.dropped += 1;
        }
    }

    fn remove(&mut self, key: &Key) -> Option<Pending> {
        let p = self.messages.remove(key)?;
        self.by_age.remove(&p.age);
        self.bytes -= p.bytes;
        Some(p)
    }

    /// Drops the oldest incomplete message; returns its originator and how many parts it had
    /// received, or `None` when nothing is held.
    pub fn drop_oldest(&mut self) -> Option<(String, u8)> {
        let key = self.by_age.values().next()?.clone();
        let p = self.remove(&key)?;
        self.dropped += 1;
        Some((key.originator, p.received))
    }

    /// Incomplete messages held.
    pub fn pending(&self) -> usize {
        self.messages.len()
    }

    /// Octets held (user data plus a small per-part overhead).
    pub fn buffered_bytes(&self) -> usize {
        self.bytes
    }

    /// Incomplete messages dropped so far (limits or [`drop_oldest`](Self::drop_oldest)).
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}

/// The text of reassembled parts, each read through its own header's national tables;
/// `None` for 8-bit data.
pub fn reassembled_text(parts: &[UserData]) -> Option<String> {
    parts.iter().map(UserData::text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SequentialReferences, SmsOptions, SmsPlan};

    fn parts(text: &str, reference: u16) -> Vec<UserData> {
        SmsPlan::new(text, &SmsOptions::default())
            .unwrap()
            .user_data(&mut SequentialReferences::starting_at(reference))
    }

    #[test]
    fn any_order_with_duplicates() {
        let text = "x".repeat(500);
        let p = parts(&text, 9);
        assert_eq!(p.len(), 4);
        let mut r = Reassembler::default();
        assert!(matches!(
            r.push("a", p[2].clone()),
            Reassembly::Pending {
                received: 1,
                total: 4
            }
        ));
        assert_eq!(
            r.push("a", p[2].clone()),
            Reassembly::Duplicate { conflicting: false }
        );
        r.push("a", p[0].clone());
        // The same reference from another originator is another message.
        assert!(matches!(
            r.push("b", p[1].clone()),
            Reassembly::Pending { received: 1, .. }
        ));
        r.push("a", p[3].clone());
        let Reassembly::Complete(done) = r.push("a", p[1].clone()) else {
            panic!("not complete")
        };
        assert_eq!(reassembled_text(&done).unwrap(), text);
        assert_eq!(r.pending(), 1);
    }

    #[test]
    fn lying_total_and_sequence() {
        let mut p = parts(&"y".repeat(200), 5);
        let mut liar = p[1].clone();
        if let Some(h) = liar.header.as_mut() {
            h.elements[0] = crate::InformationElement::Concat8 {
                reference: 5,
                total: 3,
                sequence: 2,
            };
        }
        let mut r = Reassembler::default();
        r.push("a", p[0].clone());
        assert!(matches!(
            r.push("a", liar),
            Reassembly::Pending {
                received: 1,
                total: 3
            }
        ));
        assert!(matches!(r.push("a", p.remove(1)), Reassembly::Complete(_)));
        assert_eq!(r.pending(), 1, "the liar's message waits alone");
        let mut zero = p[0].clone();
        if let Some(h) = zero.header.as_mut() {
            h.elements[0] = crate::InformationElement::Concat8 {
                reference: 5,
                total: 3,
                sequence: 0,
            };
        }
        assert_eq!(r.push("a", zero), Reassembly::InvalidSequence);
    }

    #[test]
    fn memory_stays_bounded() {
        let limits = ReassemblyLimits {
            max_messages: 10,
            max_bytes: 4096,
        };
        let mut r = Reassembler::new(limits);
        // 10,000 messages that never complete: only the newest are held.
        let first = parts(&"z".repeat(400), 1).remove(0);
        for i in 0..10_000 {
            r.push(&format!("flood{i}"), first.clone());
            assert!(r.pending() <= 10 && r.buffered_bytes() <= 4096);
        }
        assert!(r.dropped() >= 9_990);
        assert!(r.drop_oldest().is_some());
    }
}
