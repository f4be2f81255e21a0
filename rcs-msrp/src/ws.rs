//! MSRP over WebSocket (RFC 7977): each WebSocket message carries exactly one MSRP frame, so a
//! message is decoded whole, never as part of a stream.

use crate::decode;
use crate::error::{DecodeError, ErrorKind};
use crate::frame::Frame;
use crate::limits::ParseOptions;
use bytes::Bytes;

/// Which WebSocket data frame carries an MSRP frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WsMessageKind {
    /// A text message: the whole MSRP frame is UTF-8.
    Text,
    /// A binary message: the body holds octets that are not UTF-8.
    Binary,
}

impl Frame<'static> {
    /// Decode the payload of one WebSocket message (text or binary): exactly one complete frame,
    /// without copying it. Fewer bytes are [`ErrorKind::Incomplete`], more are
    /// [`ErrorKind::TrailingBytes`]: RFC 7977 puts one frame in each message.
    ///
    /// ```
    /// use rcs_msrp::{Frame, ParseOptions, WsMessageKind};
    /// let msg = bytes::Bytes::from_static(b"MSRP 3d2e4abc SEND\r\nTo-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\nFrom-Path: msrp://df7jal23ls0d.invalid/2s93i93idj;ws\r\nMessage-ID: 456\r\nByte-Range: 1-6/6\r\nContent-Type: text/plain\r\n\r\nHello!\r\n-------3d2e4abc$\r\n");
    /// let f = Frame::from_ws_message(msg, &ParseOptions::new())?;
    /// assert_eq!(f.from_path_uris().next().unwrap()?.transport(), "ws");
    /// assert_eq!(f.ws_message_kind(), WsMessageKind::Text);
    /// # Ok::<(), rcs_msrp::DecodeError>(())
    /// ```
    pub fn from_ws_message(payload: Bytes, opts: &ParseOptions) -> Result<Self, DecodeError> {
        let head = decode::parse_frame(&payload, opts)?;
        if head.len < payload.len() {
            return Err(DecodeError::new(ErrorKind::TrailingBytes, head.len));
        }
        Ok(Frame::from_parts(payload, head))
    }
}

impl Frame<'_> {
    /// The WebSocket message type to send this frame in (RFC 7977): text when every octet of it
    /// is UTF-8, else binary.
    pub fn ws_message_kind(&self) -> WsMessageKind {
        // The head is UTF-8 already (checked when parsed); only the body can make it binary.
        match self.body().map(core::str::from_utf8) {
            Some(Err(_)) => WsMessageKind::Binary,
            _ => WsMessageKind::Text,
        }
    }
}
