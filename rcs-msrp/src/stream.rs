//! Sans-IO stream decoding over `BytesMut`: frames off the front of a connection's buffer, in
//! linear total work on any split of the input (each byte is scanned for line ends once and for
//! the end-line at most once more, plus a delimiter's length at resumption points).

use crate::decode::{self, Head, HeadEnd};
use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::frame::{Flag, Frame, FrameHead};
use crate::limits::ParseOptions;
use bytes::{Buf, Bytes, BytesMut};

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
/// use rcs_msrp::{FrameDecoder, ParseOptions};
/// let mut dec = FrameDecoder::new(ParseOptions::new());
/// let mut buf = BytesMut::from(&b"MSRP a786hjs2 200 OK\r\nTo-Path: msrp://a.example:7654/s1;tcp\r\nFrom-Path: msrp://b.example:2855/s2;tcp\r\n-------a786hj"[..]);
/// assert!(dec.decode(&mut buf).unwrap().is_none());
/// buf.extend_from_slice(b"s2$\r\n");
/// let f = dec.decode(&mut buf).unwrap().unwrap();
/// assert_eq!(f.status(), Some(200));
/// assert!(buf.is_empty());
/// ```
#[derive(Debug)]
pub struct FrameDecoder {
    opts: ParseOptions,
    state: State,
}

impl FrameDecoder {
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
        self.decode_at(buf).map_err(|e| e.locate(buf))
    }

    fn decode_at(&mut self, buf: &mut BytesMut) -> Result<Option<Frame<'static>>, DecodeError> {
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

/// One step of a frame delivered in pieces by [`PieceDecoder`].
#[derive(Debug, Clone)]
pub enum Piece {
    /// The start line and headers. [`FrameHead::has_body`] says whether body pieces follow.
    Head(FrameHead),
    /// The next bytes of the body, in order (never empty).
    Body(Bytes),
    /// The end-line: the frame is over.
    End(Flag),
}

#[derive(Debug)]
enum PieceState {
    Head {
        scanned: usize,
    },
    Body {
        tid: Bytes,
        /// Body octets delivered so far (checked against `max_chunk_size`).
        delivered: usize,
    },
    EndLine {
        tid: Bytes,
    },
}

/// Cuts MSRP frames off a byte stream like [`FrameDecoder`], but hands each body on in pieces as
/// its bytes arrive, so a frame of any size needs only its head and an end-line's length of
/// buffer: a relay forwards a 4 GiB chunk, or a client writes it to disk, in constant memory.
/// `max_chunk_size` still bounds the body; raise it for large chunks.
///
/// ```
/// use bytes::BytesMut;
/// use rcs_msrp::{Flag, ParseOptions, Piece, PieceDecoder};
/// let mut dec = PieceDecoder::new(ParseOptions::new());
/// let mut buf = BytesMut::from(&b"MSRP t1x9 SEND\r\nTo-Path: msrp://b.example:2855/s2;tcp\r\nFrom-Path: msrp://a.example:2855/s1;tcp\r\nContent-Type: text/plain\r\n\r\nhello\r\n--"[..]);
/// let Some(Piece::Head(head)) = dec.decode(&mut buf)? else { panic!() };
/// assert_eq!(head.method(), Some("SEND"));
/// let Some(Piece::Body(b)) = dec.decode(&mut buf)? else { panic!() };
/// assert_eq!(&b[..], b"hello"); // "\r\n--" could still start the end-line: held back
/// buf.extend_from_slice(b"-\r\n-------t1x9$\r\n");
/// let Some(Piece::Body(b)) = dec.decode(&mut buf)? else { panic!() };
/// assert_eq!(&b[..], b"\r\n---"); // it did not
/// assert!(matches!(dec.decode(&mut buf)?, Some(Piece::End(Flag::Complete))));
/// assert!(buf.is_empty());
/// # Ok::<(), rcs_msrp::DecodeError>(())
/// ```
#[derive(Debug)]
pub struct PieceDecoder {
    opts: ParseOptions,
    state: PieceState,
}

impl PieceDecoder {
    /// A decoder with these options.
    pub fn new(opts: ParseOptions) -> Self {
        Self {
            opts,
            state: PieceState::Head { scanned: 0 },
        }
    }

    /// Take the next piece off the front of `buf`: `Ok(None)` until one is ready. An error means
    /// framing is lost: close the connection.
    pub fn decode(&mut self, buf: &mut BytesMut) -> Result<Option<Piece>, DecodeError> {
        self.decode_at(buf).map_err(|e| e.locate(buf))
    }

    fn decode_at(&mut self, buf: &mut BytesMut) -> Result<Option<Piece>, DecodeError> {
        match &mut self.state {
            PieceState::Head { scanned } => {
                let end = match decode::scan_head_end(buf, *scanned, &self.opts)? {
                    Err(next) => {
                        *scanned = next;
                        return Ok(None);
                    }
                    Ok(end) => end,
                };
                let (head_end, body_start) = decode::head_bounds(end);
                let mut head =
                    decode::parse_head(buf, decode::head_text_end(buf, head_end), &self.opts)?;
                let has_body = matches!(end, HeadEnd::Blank(..));
                if has_body {
                    decode::check_body_at(buf, &head, body_start)?;
                }
                head.len = body_start;
                let bytes = buf.split_to(body_start).freeze();
                let tid = bytes.slice(head.tid.range());
                self.state = if has_body {
                    PieceState::Body { tid, delivered: 0 }
                } else {
                    PieceState::EndLine { tid }
                };
                Ok(Some(Piece::Head(FrameHead::from_parts(
                    bytes, head, has_body,
                ))))
            }
            PieceState::EndLine { tid } => {
                match decode::parse_end_line(buf, 0, tid, self.opts.allow_bare_lf)? {
                    Err(()) => Ok(None),
                    Ok((flag, len)) => {
                        buf.advance(len);
                        self.state = PieceState::Head { scanned: 0 };
                        Ok(Some(Piece::End(flag)))
                    }
                }
            }
            PieceState::Body { tid, delivered } => {
                let bare_lf = self.opts.allow_bare_lf;
                // Rescanning from 0 costs at most an end-line's length: everything before the
                // held-back tail was handed on already.
                let (ready, end) = match decode::find_end_line(buf, tid, 0, bare_lf) {
                    Ok((body_end, flag, len)) => (body_end, Some((flag, len))),
                    Err(next) => {
                        // With bare-LF leniency a CR before the candidate LF belongs to it.
                        let held_cr = bare_lf && next > 0 && buf[next - 1] == b'\r';
                        (next - usize::from(held_cr), None)
                    }
                };
                if ready > 0 {
                    *delivered += ready;
                    if *delivered > self.opts.limits.max_chunk_size {
                        return Err(DecodeError::new(
                            ErrorKind::LimitExceeded(LimitKind::ChunkSize),
                            0,
                        ));
                    }
                    return Ok(Some(Piece::Body(buf.split_to(ready).freeze())));
                }
                match end {
                    Some((flag, len)) => {
                        buf.advance(len);
                        self.state = PieceState::Head { scanned: 0 };
                        Ok(Some(Piece::End(flag)))
                    }
                    None => Ok(None),
                }
            }
        }
    }
}
