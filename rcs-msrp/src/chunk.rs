//! Chunking (RFC 4975 §7.1): a message into SEND frames under a size, and back.

use crate::encode::{FrameBuilder, with_fresh_tid};
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::frame::{ByteRange, Flag, Frame, FrameHead};
use bytes::Bytes;
use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;

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
    /// The shared pieces passed the builder's checks.
    checked: bool,
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
            checked: false,
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
        if !self.checked {
            // The pieces every chunk shares are checked once, by the builder's rules.
            let mut b = FrameBuilder::request(&format!("{}00000000", self.tid_prefix), "SEND")
                .to_path(&self.to_path)
                .from_path(&self.from_path)
                .header("Message-ID", &self.message_id)
                .header("Byte-Range", range);
            for (n, v) in &self.reports {
                b = b.header(n, v);
            }
            let b = b.body(&self.content_type, Bytes::new());
            if let Some(e) = b.refused() {
                return Err(*e.error());
            }
            self.checked = true;
        }
        let mut headers: Vec<(&str, &str)> = vec![
            ("To-Path", &self.to_path),
            ("From-Path", &self.from_path),
            ("Message-ID", &self.message_id),
            ("Byte-Range", range),
        ];
        headers.extend(self.reports.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        headers.push(("Content-Type", &self.content_type));
        with_fresh_tid(
            &self.tid_prefix,
            &mut self.counter,
            "SEND",
            &headers,
            Some(&body),
            flag,
        )
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

/// [`Chunker`] over a reader: chunks a message of known or unknown length (`Byte-Range` total
/// `*` until the last chunk, which states it) while holding at most two chunks in memory.
///
/// ```
/// use rcs_msrp::{Flag, ReaderChunker};
/// let src = std::io::Cursor::new(b"0123456789".to_vec());
/// let chunks: Vec<_> = ReaderChunker::new(src, None, "m1", "text/plain", 4)
///     .paths("msrp://b.example:2855/s2;tcp", "msrp://a.example:2855/s1;tcp")
///     .collect::<Result<_, _>>()?;
/// let ranges: Vec<_> = chunks.iter().map(|c| c.header("Byte-Range").unwrap()).collect();
/// assert_eq!(ranges, ["1-4/*", "5-8/*", "9-10/10"]);
/// assert_eq!(chunks[2].flag(), Flag::Complete);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct ReaderChunker<R> {
    inner: Chunker,
    reader: R,
    total: Option<u64>,
    /// The chunk read ahead (to know whether the current one is the last).
    ahead: Option<Bytes>,
}

impl<R: std::io::Read> ReaderChunker<R> {
    /// Chunk what `reader` yields into bodies of at most `max_chunk` octets. With `total`, the
    /// reader must yield exactly that many octets (an error otherwise).
    pub fn new(
        reader: R,
        total: Option<u64>,
        message_id: &str,
        content_type: &str,
        max_chunk: usize,
    ) -> Self {
        Self {
            inner: Chunker::new(Bytes::new(), message_id, content_type, max_chunk),
            reader,
            total,
            ahead: None,
        }
    }

    /// To-Path and From-Path of every chunk.
    pub fn paths(mut self, to: &str, from: &str) -> Self {
        self.inner = self.inner.paths(to, from);
        self
    }

    /// Success-Report / Failure-Report values for every chunk.
    pub fn reports(mut self, success: Option<&str>, failure: Option<&str>) -> Self {
        self.inner = self.inner.reports(success, failure);
        self
    }

    /// Transaction ids start with this.
    pub fn tid_prefix(mut self, prefix: &str) -> Self {
        self.inner = self.inner.tid_prefix(prefix);
        self
    }

    /// Octets sent so far.
    pub fn sent(&self) -> usize {
        self.inner.offset
    }

    /// Stop: an empty `#` chunk (RFC 4975 §7.1.1), then nothing.
    pub fn abort(&mut self) -> Result<Frame<'static>, DecodeError> {
        self.inner.done = true;
        let start = self.inner.offset as u64 + 1;
        let total = self.total.map_or("*".to_string(), |t| t.to_string());
        self.inner
            .frame(Bytes::new(), &format!("{start}-*/{total}"), Flag::Aborted)
    }

    /// Up to one chunk from the reader (short only at the end).
    fn read_chunk(&mut self) -> std::io::Result<Bytes> {
        let max = self.inner.max_chunk;
        let mut buf = Vec::new();
        (&mut self.reader).take(max as u64).read_to_end(&mut buf)?;
        Ok(Bytes::from(buf))
    }

    fn next_chunk(&mut self) -> std::io::Result<Frame<'static>> {
        let invalid = |e: DecodeError| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
        let body = match self.ahead.take() {
            Some(b) => b,
            None => self.read_chunk()?,
        };
        let last = if body.len() < self.inner.max_chunk {
            true
        } else {
            let next = self.read_chunk()?;
            let last = next.is_empty();
            self.ahead = Some(next).filter(|n| !n.is_empty());
            last
        };
        let start = self.inner.offset as u64;
        let end = start + body.len() as u64;
        let short = last && self.total.is_some_and(|t| end != t);
        if short || self.total.is_some_and(|t| end > t) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "the reader's length differs from the stated total",
            ));
        }
        let total = match (self.total, last) {
            (Some(t), _) => t.to_string(),
            (None, true) => end.to_string(),
            (None, false) => "*".to_string(),
        };
        let flag = if last {
            Flag::Complete
        } else {
            Flag::Continued
        };
        let frame = self
            .inner
            .frame(body, &format!("{}-{end}/{total}", start + 1), flag)
            .map_err(invalid)?;
        self.inner.offset = end as usize;
        self.inner.done = last;
        Ok(frame)
    }
}

impl<R: std::io::Read> Iterator for ReaderChunker<R> {
    type Item = std::io::Result<Frame<'static>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.inner.done {
            return None;
        }
        let r = self.next_chunk();
        if r.is_err() {
            self.inner.done = true;
        }
        Some(r)
    }
}

/// What the [`Reassembler`] made of a chunk.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[non_exhaustive]
pub enum Progress {
    /// More chunks are needed (octets held so far).
    Partial(u64),
    /// The message is complete: here it is. Its state is released.
    Complete(Bytes),
    /// The sender aborted the message (`#`); its state is released.
    Aborted,
    /// The chunk was refused earlier (an error from [`Reassembler::begin`] or
    /// [`Reassembler::body`]); its remaining pieces were ignored.
    Discarded,
}

/// Received ranges: 0-based half-open, disjoint and not touching, keyed by start. Adding one
/// costs O(log n) plus the ranges it swallows, so any delivery order stays O(n log n).
#[derive(Debug, Default)]
struct RangeSet {
    ranges: BTreeMap<u64, u64>,
    held: u64,
}

impl RangeSet {
    fn add(&mut self, mut start: u64, mut end: u64) {
        if start >= end {
            return;
        }
        if let Some((&s, &e)) = self.ranges.range(..=start).next_back()
            && e >= start
        {
            start = s;
            end = end.max(e);
            self.ranges.remove(&s);
            self.held -= e - s;
        }
        while let Some((&s, &e)) = self.ranges.range(start..).next() {
            if s > end {
                break;
            }
            end = end.max(e);
            self.ranges.remove(&s);
            self.held -= e - s;
        }
        self.ranges.insert(start, end);
        self.held += end - start;
    }

    fn covers(&self, total: u64) -> bool {
        total == 0 || (self.ranges.len() == 1 && self.ranges.get(&0) == Some(&total))
    }

    /// The parts of `[start, end)` not covered yet, in order.
    fn gaps(&self, start: u64, end: u64) -> Vec<(u64, u64)> {
        let mut out = Vec::new();
        let mut at = start;
        if let Some((_, &e)) = self.ranges.range(..=start).next_back() {
            at = at.max(e.min(end));
        }
        for (&s, &e) in self.ranges.range(start..end) {
            if s > at {
                out.push((at, s));
            }
            at = at.max(e.min(end));
        }
        if at < end {
            out.push((at, end));
        }
        out
    }
}

/// Most pieces one message is kept in before reassembly (a piece is a run of octets that came
/// in order). A sender scattering tiny chunks cannot make bookkeeping outgrow the data.
const MAX_PIECES: usize = 4096;

#[derive(Debug, Default)]
struct Partial {
    /// The octets received, by offset: disjoint runs, each grown in place while octets keep
    /// arriving in order. Memory follows what was received, never the offsets claimed.
    pieces: BTreeMap<u64, Vec<u8>>,
    ranges: RangeSet,
    /// Total, when a Byte-Range or a `$` chunk told it.
    total: Option<u64>,
}

/// The chunk being received piece by piece.
#[derive(Debug)]
struct Current {
    id: String,
    /// 0-based offset of the chunk's first octet.
    start: u64,
    /// Octets of it received so far.
    written: u64,
    /// Total from this chunk's Byte-Range.
    total: Option<u64>,
}

/// Puts chunks back together per Message-ID (RFC 4975 §7.1): in any order, overlapping or
/// repeated; complete when the received ranges cover the total (known from Byte-Range, or from
/// the `$` chunk's end when the total is `*`). Memory follows what was received, never the
/// offsets a Byte-Range claims: octets are kept as runs (grown in place while they arrive in
/// order), at most `max_message_size` octets and 4,096 runs per message and `max_messages`
/// messages in progress; a message over a limit is refused (answer 413) and its state released.
///
/// Whole frames go in with [`Reassembler::push`]; a frame from a
/// [`PieceDecoder`](crate::PieceDecoder) goes in as [`Reassembler::begin`], [`Reassembler::body`]
/// for each piece and [`Reassembler::end`].
#[derive(Debug)]
pub struct Reassembler {
    max_message_size: u64,
    max_messages: usize,
    partial: HashMap<String, Partial>,
    current: Option<Current>,
}

fn limit() -> DecodeError {
    DecodeError::new(ErrorKind::LimitExceeded(LimitKind::MessageSize), 0).in_header("Byte-Range")
}

fn bad_range() -> DecodeError {
    DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Byte-Range")
}

impl Reassembler {
    /// At most `max_message_size` octets per message and `max_messages` messages in progress.
    pub fn new(max_message_size: u64, max_messages: usize) -> Self {
        Self {
            max_message_size,
            max_messages,
            partial: HashMap::new(),
            current: None,
        }
    }

    /// The message bounds of `limits` (`max_message_size`, `max_messages_in_progress`).
    pub fn with_limits(limits: &crate::Limits) -> Self {
        Self::new(limits.max_message_size, limits.max_messages_in_progress)
    }

    /// Messages in progress.
    pub fn in_progress(&self) -> usize {
        self.partial.len()
    }

    /// Take one whole SEND chunk.
    pub fn push(&mut self, frame: &Frame<'_>) -> Result<Progress, DecodeError> {
        self.begin_with(frame.message_id(), frame.byte_range())?;
        self.body(frame.body().unwrap_or_default())?;
        self.end(frame.flag())
    }

    /// Start a SEND chunk from its head (Message-ID and Byte-Range).
    pub fn begin(&mut self, head: &FrameHead) -> Result<(), DecodeError> {
        self.begin_with(head.message_id(), head.byte_range())
    }

    fn begin_with(
        &mut self,
        id: Option<&str>,
        range: Option<Result<ByteRange, DecodeError>>,
    ) -> Result<(), DecodeError> {
        self.current = None;
        let id =
            id.ok_or(DecodeError::new(ErrorKind::InvalidHeaderValue, 0).in_header("Message-ID"))?;
        let range = match range {
            Some(r) => r?,
            // RFC 4975 §7.1: absent Byte-Range means the whole message in one chunk.
            None => ByteRange {
                start: 1,
                end: None,
                total: None,
            },
        };
        let start = range.start - 1;
        if start > self.max_message_size || range.total.is_some_and(|t| t > self.max_message_size) {
            self.partial.remove(id);
            return Err(limit());
        }
        if !self.partial.contains_key(id) && self.partial.len() >= self.max_messages {
            return Err(DecodeError::new(
                ErrorKind::LimitExceeded(LimitKind::MessagesInProgress),
                0,
            ));
        }
        let p = self.partial.entry(id.to_string()).or_default();
        if let Some(t) = range.total {
            match p.total {
                Some(old) if old != t => return Err(bad_range()),
                _ => p.total = Some(t),
            }
        }
        self.current = Some(Current {
            id: id.to_string(),
            start,
            written: 0,
            total: range.total,
        });
        Ok(())
    }

    /// The next piece of the current chunk's body. After an error the rest of the chunk is
    /// ignored and [`Reassembler::end`] says [`Progress::Discarded`].
    pub fn body(&mut self, piece: &[u8]) -> Result<(), DecodeError> {
        let Some(cur) = &mut self.current else {
            return Ok(());
        };
        let at = cur.start + cur.written;
        let end = at.checked_add(piece.len() as u64);
        let over = end.is_none_or(|e| e > self.max_message_size);
        if over || cur.total.is_some_and(|t| end.is_some_and(|e| e > t)) {
            let id = core::mem::take(&mut cur.id);
            self.current = None;
            self.partial.remove(&id);
            return Err(if over { limit() } else { bad_range() });
        }
        let end = end.unwrap_or(at);
        if let Some(p) = self.partial.get_mut(&cur.id) {
            for (gs, ge) in p.ranges.gaps(at, end) {
                let octets = &piece[(gs - at) as usize..(ge - at) as usize];
                // Continue the run that ends here, or start a new one.
                let run = p
                    .pieces
                    .range_mut(..gs)
                    .next_back()
                    .filter(|(s, v)| **s + v.len() as u64 == gs);
                match run {
                    Some((_, v)) => v.extend_from_slice(octets),
                    None => {
                        if p.pieces.len() >= MAX_PIECES {
                            let id = core::mem::take(&mut cur.id);
                            self.current = None;
                            self.partial.remove(&id);
                            return Err(DecodeError::new(
                                ErrorKind::LimitExceeded(LimitKind::Fragments),
                                0,
                            )
                            .in_header("Byte-Range"));
                        }
                        p.pieces.insert(gs, octets.to_vec());
                    }
                }
                p.ranges.add(gs, ge);
            }
        }
        cur.written += piece.len() as u64;
        Ok(())
    }

    /// The current chunk's end-line flag: the message is complete, still partial, or aborted.
    pub fn end(&mut self, flag: Flag) -> Result<Progress, DecodeError> {
        let Some(cur) = self.current.take() else {
            return Ok(Progress::Discarded);
        };
        if flag == Flag::Aborted {
            self.partial.remove(&cur.id);
            return Ok(Progress::Aborted);
        }
        let Some(p) = self.partial.get_mut(&cur.id) else {
            return Ok(Progress::Discarded);
        };
        let end = cur.start + cur.written;
        if flag == Flag::Complete && p.total.is_none() {
            p.total = Some(end);
        }
        match p.total {
            Some(t) if p.ranges.covers(t) => {
                let p = self.partial.remove(&cur.id).unwrap_or_default();
                // The runs are disjoint and cover [0, t): one copy, in order.
                let mut message = Vec::with_capacity(t as usize);
                for (_, run) in p.pieces {
                    message.extend_from_slice(&run);
                }
                message.truncate(t as usize);
                Ok(Progress::Complete(Bytes::from(message)))
            }
            _ => Ok(Progress::Partial(p.ranges.held)),
        }
    }
}
