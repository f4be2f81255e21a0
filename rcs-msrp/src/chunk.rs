//! Chunking (RFC 4975 §7.1): a message into SEND frames under a size, and back.

use crate::encode::FrameBuilder;
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::frame::{Flag, Frame};
use bytes::Bytes;
use std::collections::HashMap;

/// Splits one message into SEND chunks: each carries the Message-ID, a Byte-Range
/// `start-end/total`, the Content-Type and `+` until the last, which ends in `$`. Transaction
/// ids are `<prefix><counter>`; a chunk whose body would hold its own end-line takes the next id.
///
/// ```
/// use rcs_msrp::{Chunker, Flag};
/// let chunks: Vec<_> = Chunker::new(&b"abcdEFGH"[..], "4564dpWd", "text/plain", 4)
///     .paths("msrp://b.example:2855/s2;tcp", "msrp://a.example:2855/s1;tcp")
///     .map(Result::unwrap)
///     .collect();
/// assert_eq!(chunks.len(), 2);
/// assert_eq!(chunks[0].header("Byte-Range"), Some("1-4/8"));
/// assert_eq!((chunks[0].flag(), chunks[1].flag()), (Flag::Continued, Flag::Complete));
/// ```
#[derive(Debug, Clone)]
pub struct Chunker {
    message: Bytes,
    message_id: String,
    content_type: String,
    max_chunk: usize,
    to_path: String,
    from_path: String,
    reports: Vec<(String, String)>,
    tid_prefix: String,
    counter: u32,
    offset: usize,
    done: bool,
}

impl Chunker {
    /// Chunk `message` into bodies of at most `max_chunk` octets (at least 1).
    pub fn new(
        message: impl Into<Bytes>,
        message_id: &str,
        content_type: &str,
        max_chunk: usize,
    ) -> Self {
        Self {
            message: message.into(),
            message_id: message_id.into(),
            content_type: content_type.into(),
            max_chunk: max_chunk.max(1),
            to_path: String::new(),
            from_path: String::new(),
            reports: Vec::new(),
            tid_prefix: "ch".into(),
            counter: 0,
            offset: 0,
            done: false,
        }
    }

    /// To-Path and From-Path of every chunk.
    pub fn paths(mut self, to: &str, from: &str) -> Self {
        self.to_path = to.into();
        self.from_path = from.into();
        self
    }

    /// Success-Report / Failure-Report values for every chunk.
    pub fn reports(mut self, success: Option<&str>, failure: Option<&str>) -> Self {
        if let Some(s) = success {
            self.reports.push(("Success-Report".into(), s.into()));
        }
        if let Some(f) = failure {
            self.reports.push(("Failure-Report".into(), f.into()));
        }
        self
    }

    /// Transaction ids start with this (ident characters; the counter makes them unique).
    pub fn tid_prefix(mut self, prefix: &str) -> Self {
        self.tid_prefix = prefix.into();
        self
    }

    /// Octets sent so far.
    pub fn sent(&self) -> usize {
        self.offset
    }

    /// Stop: the next frame is an empty chunk ending in `#` (RFC 4975 §7.1.1: the message is
    /// interrupted), then nothing.
    pub fn abort(&mut self) -> Result<Frame<'static>, DecodeError> {
        self.done = true;
        let start = self.offset as u64 + 1;
        self.frame(
            Bytes::new(),
            &format!("{start}-*/{}", self.message.len()),
            Flag::Aborted,
        )
    }

    fn frame(
        &mut self,
        body: Bytes,
        range: &str,
        flag: Flag,
    ) -> Result<Frame<'static>, DecodeError> {
        // A few ids are enough: a body can hold only so many copies of an end-line.
        for _ in 0..8 {
            self.counter = self.counter.wrapping_add(1);
            let tid = format!("{}{:08x}", self.tid_prefix, self.counter);
            let mut b = FrameBuilder::request(&tid, "SEND")?
                .to_path(&self.to_path)?
                .from_path(&self.from_path)?
                .header("Message-ID", &self.message_id)?
                .header("Byte-Range", range)?;
            for (n, v) in &self.reports {
                b = b.header(n, v)?;
            }
            match b.body(&self.content_type, body.clone())?.flag(flag).build() {
                Err(e) if e.kind() == ErrorKind::InvalidBody => continue,
                other => return other,
            }
        }
        Err(DecodeError::new(ErrorKind::InvalidBody, self.offset))
    }
}

impl Iterator for Chunker {
    type Item = Result<Frame<'static>, DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let total = self.message.len();
        let end = (self.offset + self.max_chunk).min(total);
        let body = self.message.slice(self.offset..end);
        let flag = if end == total {
            Flag::Complete
        } else {
            Flag::Continued
        };
        // An empty message is one bodyless-range chunk: 1-0/0.
        let range = format!("{}-{}/{}", self.offset + 1, end, total);
        let r = self.frame(body, &range, flag);
        self.offset = end;
        self.done = end == total || r.is_err();
        Some(r)
    }
}

/// What [`Reassembler::push`] made of a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Progress {
    /// More chunks are needed (octets held so far).
    Partial(u64),
    /// The message is complete: here it is. Its state is released.
    Complete(Bytes),
    /// The sender aborted the message (`#`); its state is released.
    Aborted,
}

#[derive(Debug, Default)]
struct Partial {
    data: Vec<u8>,
    /// Received ranges, 0-based half-open, sorted and merged.
    ranges: Vec<(u64, u64)>,
    /// Total, when a Byte-Range or a `$` chunk told it.
    total: Option<u64>,
}

impl Partial {
    fn add(&mut self, start: u64, end: u64) {
        self.ranges.push((start, end));
        self.ranges.sort_unstable();
        let mut merged: Vec<(u64, u64)> = Vec::with_capacity(self.ranges.len());
        for &(s, e) in &self.ranges {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        self.ranges = merged;
    }

    fn held(&self) -> u64 {
        self.ranges.iter().map(|(s, e)| e - s).sum()
    }
}

/// Puts chunks back together per Message-ID (RFC 4975 §7.1): in any order, overlapping or
/// repeated; complete when the received ranges cover the total (known from Byte-Range, or from
/// the `$` chunk's end when the total is `*`). Memory is bounded per message and per session; a
/// message over the limit is refused (answer 413).
#[derive(Debug)]
pub struct Reassembler {
    max_message_size: u64,
    max_messages: usize,
    partial: HashMap<String, Partial>,
}

impl Reassembler {
    /// At most `max_message_size` octets per message and `max_messages` messages in progress.
    pub fn new(max_message_size: u64, max_messages: usize) -> Self {
        Self {
            max_message_size,
            max_messages,
            partial: HashMap::new(),
        }
    }

    /// Messages in progress.
    pub fn in_progress(&self) -> usize {
        self.partial.len()
    }

    /// Take one SEND chunk.
    pub fn push(&mut self, frame: &Frame<'_>) -> Result<Progress, DecodeError> {
        let bad = |k| DecodeError::new(k, 0);
        let id = frame
            .message_id()
            .ok_or(bad(ErrorKind::InvalidHeaderValue).in_header("Message-ID"))?;
        let body = frame.body().unwrap_or_default();
        let range = match frame.byte_range() {
            Some(r) => r?,
            // RFC 4975 §7.1: absent Byte-Range means the whole message in one chunk.
            None => crate::ByteRange {
                start: 1,
                end: None,
                total: None,
            },
        };
        let len = body.len() as u64;
        let start = range.start - 1;
        let limit = DecodeError::new(ErrorKind::LimitExceeded(LimitKind::ChunkSize), 0)
            .in_header("Byte-Range");
        let end = start.checked_add(len).ok_or(limit)?;
        if end > self.max_message_size || range.total.is_some_and(|t| t > self.max_message_size) {
            self.partial.remove(id);
            return Err(limit);
        }
        if range.total.is_some_and(|t| end > t) {
            return Err(bad(ErrorKind::InvalidHeaderValue).in_header("Byte-Range"));
        }
        if frame.flag() == Flag::Aborted {
            self.partial.remove(id);
            return Ok(Progress::Aborted);
        }
        if !self.partial.contains_key(id) && self.partial.len() >= self.max_messages {
            return Err(limit);
        }
        let p = self.partial.entry(id.to_string()).or_default();
        if let Some(t) = range.total {
            match p.total {
                Some(old) if old != t => {
                    return Err(bad(ErrorKind::InvalidHeaderValue).in_header("Byte-Range"));
                }
                _ => p.total = Some(t),
            }
        }
        if frame.flag() == Flag::Complete && p.total.is_none() {
            p.total = Some(end);
        }
        if (p.data.len() as u64) < end {
            p.data.resize(end as usize, 0);
        }
        p.data[start as usize..end as usize].copy_from_slice(body);
        if len > 0 {
            p.add(start, end);
        }
        let complete = match p.total {
            Some(0) => true,
            Some(t) => p.ranges.first() == Some(&(0, t)),
            None => false,
        };
        if complete {
            let mut p = self.partial.remove(id).unwrap_or_default();
            let total = p.total.unwrap_or(0) as usize;
            p.data.truncate(total);
            return Ok(Progress::Complete(Bytes::from(p.data)));
        }
        Ok(Progress::Partial(p.held()))
    }
}
