//! Sans-IO stream decoding over `BytesMut`: frames off the front of a connection's buffer, in
//! linear total work on any split of the input (each byte is scanned for line ends once and for
//! the end-line at most once more, plus a delimiter's length at resumption points).

use crate::decode::{self, Head, HeadEnd};
use crate::error::DecodeError;
use crate::frame::Frame;
use crate::limits::ParseOptions;
use bytes::BytesMut;

#[derive(Debug)]
enum State {
    /// Looking for the end of the head; complete lines before `scanned` were seen.
    Head { scanned: usize },
    /// Head parsed; looking for the end-line from `scanned`.
    Body {
        head: Head,
        end: HeadEnd,
        scanned: usize,
    },
}

/// Cuts MSRP frames off the front of a byte stream (pipelined frames, any split points).
///
/// ```
/// use bytes::BytesMut;
/// use rcs_msrp::{Decoder, ParseOptions};
/// let mut dec = Decoder::new(ParseOptions::new());
/// let mut buf = BytesMut::from(&b"MSRP a786hjs2 200 OK\r\nTo-Path: msrp://a.example:7654/s1;tcp\r\nFrom-Path: msrp://b.example:2855/s2;tcp\r\n-------a786hj"[..]);
/// assert!(dec.decode(&mut buf).unwrap().is_none());
/// buf.extend_from_slice(b"s2$\r\n");
/// let f = dec.decode(&mut buf).unwrap().unwrap();
/// assert_eq!(f.status(), Some(200));
/// assert!(buf.is_empty());
/// ```
#[derive(Debug)]
pub struct Decoder {
    opts: ParseOptions,
    state: State,
}

impl Decoder {
    /// A decoder with these options.
    pub fn new(opts: ParseOptions) -> Self {
        Self {
            opts,
            state: State::Head { scanned: 0 },
        }
    }

    /// Take one frame off the front of `buf`: `Ok(None)` until one is complete. An error means
    /// framing is lost: close the connection.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Frame<'static>>, DecodeError> {
        loop {
            match &mut self.state {
                State::Head { scanned } => {
                    match decode::scan_head_end(buf, *scanned, &self.opts)? {
                        Err(next) => {
                            *scanned = next;
                            return Ok(None);
                        }
                        Ok(end) => {
                            let (head_end, scanned) = decode::head_bounds(end);
                            let head = decode::parse_head(
                                buf,
                                decode::head_text_end(buf, head_end),
                                &self.opts,
                            )?;
                            self.state = State::Body { head, end, scanned };
                        }
                    }
                }
                State::Body { head, end, scanned } => {
                    if let Err(next) = decode::finish(buf, head, *end, *scanned, &self.opts)? {
                        *scanned = next;
                        return Ok(None);
                    }
                    let head = core::mem::take(head);
                    self.state = State::Head { scanned: 0 };
                    let bytes = buf.split_to(head.len).freeze();
                    return Ok(Some(Frame::from_parts(bytes, head)));
                }
            }
        }
    }
}
