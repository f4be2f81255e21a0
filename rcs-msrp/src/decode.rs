//! RFC 4975 §9 grammar. Crate-private: the API speaks in frames and errors.

use crate::error::{DecodeError, ErrorKind, LimitKind};
use crate::frame::{Flag, Span, Warning};
use crate::limits::ParseOptions;

/// Everything parsed about a frame, as spans into its buffer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Head {
    pub(crate) tid: Span,
    pub(crate) method: Option<Span>,
    pub(crate) status: Option<u16>,
    pub(crate) comment: Option<Span>,
    pub(crate) headers: Vec<(Span, Span)>,
    pub(crate) body: Option<Span>,
    pub(crate) flag: Flag,
    /// Frame length, end-line included.
    pub(crate) len: usize,
    pub(crate) warnings: Vec<Warning>,
}

/// How the head ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadEnd {
    /// An empty line at this offset; the body starts at the second (after CRLF, or LF when
    /// bare-LF leniency allows it).
    Blank(usize, usize),
    /// The end-line starts at this offset: no body.
    EndLine(usize),
}

const END_DASHES: &[u8] = b"-------";

/// `ident = ALPHANUM 3*31ident-char`, `ident-char = ALPHANUM / "." / "-" / "+" / "%" / "="`.
pub(crate) fn is_ident(s: &[u8]) -> bool {
    (4..=32).contains(&s.len())
        && s[0].is_ascii_alphanumeric()
        && s.iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+' | b'%' | b'='))
}

/// Find where the head ends, scanning complete lines from `from` (a line start). `Ok(Err(next))`
/// means more bytes are needed and the scan resumes at `next`.
pub(crate) fn scan_head_end(
    buf: &[u8],
    from: usize,
    opts: &ParseOptions,
) -> Result<Result<HeadEnd, usize>, DecodeError> {
    let mut pos = from;
    loop {
        let Some(rel) = memchr::memchr(b'\n', &buf[pos..]) else {
            if buf.len() > opts.limits.max_head_size {
                return Err(DecodeError::new(
                    ErrorKind::LimitExceeded(LimitKind::HeadSize),
                    opts.limits.max_head_size,
                ));
            }
            return Ok(Err(pos));
        };
        let lf = pos + rel;
        // The limit first, so the error does not depend on how the input was split.
        if lf >= opts.limits.max_head_size {
            return Err(DecodeError::new(
                ErrorKind::LimitExceeded(LimitKind::HeadSize),
                opts.limits.max_head_size,
            ));
        }
        let crlf = lf > pos && buf[lf - 1] == b'\r';
        if !crlf && !opts.allow_bare_lf {
            return Err(DecodeError::new(ErrorKind::InvalidLineEnding, lf));
        }
        let content_end = if crlf { lf - 1 } else { lf };
        if pos > 0 {
            if content_end == pos {
                return Ok(Ok(HeadEnd::Blank(pos, lf + 1)));
            }
            if buf[pos..].starts_with(END_DASHES) {
                return Ok(Ok(HeadEnd::EndLine(pos)));
            }
        }
        // `lf < max_head_size` (checked above), so the next line starts within the limit.
        pos = lf + 1;
    }
}

/// RFC 4975 `hname`: `ALPHA *token`.
pub(crate) fn is_header_name(name: &[u8]) -> bool {
    name.first().is_some_and(u8::is_ascii_alphabetic)
        && name
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Parse start line and headers of a head that ends at `end` (exclusive of the blank line or
/// end-line).
pub(crate) fn parse_head(buf: &[u8], end: usize, opts: &ParseOptions) -> Result<Head, DecodeError> {
    if let Err(e) = core::str::from_utf8(&buf[..end]) {
        return Err(DecodeError::new(ErrorKind::InvalidUtf8, e.valid_up_to()));
    }
    let mut head = Head::default();
    // (end of the line's content, start of the next line); a bare LF was already allowed or
    // refused by the scan.
    let line_end = |from: usize| match memchr::memchr(b'\n', &buf[from..end]) {
        Some(r) if r > 0 && buf[from + r - 1] == b'\r' => (from + r - 1, from + r + 1),
        Some(r) => (from + r, from + r + 1),
        None => (end, end),
    };
    // Start line.
    let (sl_end, mut pos) = line_end(0);
    let sl = &buf[..sl_end];
    if !sl.starts_with(b"MSRP ") {
        return Err(DecodeError::new(ErrorKind::InvalidStartLine, 0));
    }
    let tid_end = memchr::memchr(b' ', &sl[5..])
        .map(|r| 5 + r)
        .ok_or(DecodeError::new(ErrorKind::InvalidStartLine, sl_end))?;
    if !is_ident(&sl[5..tid_end]) {
        return Err(DecodeError::new(ErrorKind::InvalidTransactionId, 5));
    }
    head.tid = Span {
        start: 5,
        end: tid_end,
    };
    let rest = &sl[tid_end + 1..];
    let rest_at = tid_end + 1;
    if rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && (rest.len() == 3 || rest[3] == b' ')
    {
        head.status = Some(
            u16::from(rest[0] - b'0') * 100
                + u16::from(rest[1] - b'0') * 10
                + u16::from(rest[2] - b'0'),
        );
        if rest.len() > 4 {
            head.comment = Some(Span {
                start: rest_at + 4,
                end: sl_end,
            });
        } else if rest.len() == 4 {
            return Err(DecodeError::new(ErrorKind::InvalidStartLine, sl_end));
        }
    } else if !rest.is_empty() && rest.iter().all(u8::is_ascii_uppercase) {
        head.method = Some(Span {
            start: rest_at,
            end: sl_end,
        });
    } else {
        return Err(DecodeError::new(ErrorKind::InvalidStartLine, rest_at));
    }
    // Headers: `hname ":" SP hval`.
    while pos < end {
        let (le, next) = line_end(pos);
        let line = &buf[pos..le];
        if head.headers.len() >= opts.limits.max_headers {
            return Err(DecodeError::new(
                ErrorKind::LimitExceeded(LimitKind::HeaderCount),
                pos,
            ));
        }
        let colon =
            memchr::memchr(b':', line).ok_or(DecodeError::new(ErrorKind::InvalidHeader, pos))?;
        let name = &line[..colon];
        if !is_header_name(name) || line.get(colon + 1) != Some(&b' ') {
            return Err(DecodeError::new(ErrorKind::InvalidHeader, pos));
        }
        if let Some(i) = line.iter().position(|&b| b < 0x20 && b != b'\t') {
            return Err(DecodeError::new(ErrorKind::InvalidHeader, pos + i));
        }
        head.headers.push((
            Span {
                start: pos,
                end: pos + colon,
            },
            Span {
                start: pos + colon + 2,
                end: le,
            },
        ));
        pos = next;
    }
    if opts.allow_bare_lf
        && memchr::memchr_iter(b'\n', &buf[..end]).any(|i| i == 0 || buf[i - 1] != b'\r')
    {
        head.warnings.push(Warning::BareLf);
    }
    // To-Path first, From-Path second (RFC 4975 §9 `headers`).
    let name_is = |i: usize, n: &str| {
        head.headers
            .get(i)
            .is_some_and(|(s, _)| buf[s.range()].eq_ignore_ascii_case(n.as_bytes()))
    };
    if !(name_is(0, "To-Path") && name_is(1, "From-Path")) {
        if opts.lenient_paths {
            head.warnings.push(Warning::PathHeaders);
        } else {
            return Err(DecodeError::new(ErrorKind::InvalidPathHeaders, sl_end));
        }
    }
    Ok(head)
}

/// Search `CRLF "-------" tid flag CRLF` from `from` (with `bare_lf`, LF may stand for CRLF).
/// `Ok((body_end, flag, frame_end))` when found; `Err(next)` when more bytes are needed (resume
/// at `next`). A near-miss (another flag byte, no line end after the flag) is body data and the
/// search goes on.
pub(crate) fn find_end_line(
    buf: &[u8],
    tid: &[u8],
    from: usize,
    bare_lf: bool,
) -> Result<(usize, Flag, usize), usize> {
    let needle: &[u8] = if bare_lf {
        b"\n-------"
    } else {
        b"\r\n-------"
    };
    let finder = memchr::memmem::Finder::new(needle);
    let mut at = from;
    while let Some(rel) = finder.find(&buf[at..]) {
        let m = at + rel;
        let t = m + needle.len();
        let after = t + tid.len() + 1;
        if buf.len() <= after {
            // Undecided: could be the end-line once more bytes come.
            return Err(m);
        }
        if &buf[t..t + tid.len()] == tid
            && let Some(flag) = Flag::from_byte(buf[t + tid.len()])
        {
            let body_end = if bare_lf && m > from && buf[m - 1] == b'\r' {
                m - 1
            } else {
                m
            };
            match buf[after] {
                b'\r' if buf.len() <= after + 1 => return Err(m),
                b'\r' if buf[after + 1] == b'\n' => return Ok((body_end, flag, after + 2)),
                b'\n' if bare_lf => return Ok((body_end, flag, after + 1)),
                _ => {}
            }
        }
        at = m + 1;
    }
    // Resume at the first tail that could still start the delimiter (at most its length - 1
    // bytes: a constant to rescan).
    let tail_from = buf.len().saturating_sub(needle.len() - 1).max(from);
    Err((tail_from..buf.len())
        .find(|&i| needle.starts_with(&buf[i..]))
        .unwrap_or(buf.len()))
}

/// Parse a bodyless end-line at `at`: `"-------" tid flag CRLF` (or LF with `bare_lf`).
pub(crate) fn parse_end_line(
    buf: &[u8],
    at: usize,
    tid: &[u8],
    bare_lf: bool,
) -> Result<Result<(Flag, usize), ()>, DecodeError> {
    let t = at + 7;
    let after = t + tid.len() + 1;
    if buf.len() <= after {
        return Ok(Err(()));
    }
    let bad = DecodeError::new(ErrorKind::InvalidEndLine, at);
    let flag = Flag::from_byte(buf[t + tid.len()])
        .filter(|_| &buf[t..t + tid.len()] == tid)
        .ok_or(bad)?;
    match buf[after] {
        b'\r' if buf.len() <= after + 1 => Ok(Err(())),
        b'\r' if buf[after + 1] == b'\n' => Ok(Ok((flag, after + 2))),
        b'\n' if bare_lf => Ok(Ok((flag, after + 1))),
        _ => Err(bad),
    }
}

/// Check the body rules once a frame is complete: a request body needs Content-Type; a response
/// has no body.
pub(crate) fn check_body(buf: &[u8], head: &Head) -> Result<(), DecodeError> {
    match head.body {
        Some(body) => check_body_at(buf, head, body.start),
        None => Ok(()),
    }
}

/// [`check_body`] for a head followed by a body starting at `body_start`.
pub(crate) fn check_body_at(buf: &[u8], head: &Head, body_start: usize) -> Result<(), DecodeError> {
    if head.status.is_some() {
        return Err(DecodeError::new(ErrorKind::InvalidBody, body_start));
    }
    let has_ct = head
        .headers
        .iter()
        .any(|(n, _)| buf[n.range()].eq_ignore_ascii_case(b"Content-Type"));
    if !has_ct {
        return Err(DecodeError::new(ErrorKind::InvalidBody, body_start));
    }
    Ok(())
}

/// Finish `head` (parsed, head ending at `end`) if the buffer holds the rest of the frame:
/// `Ok(Err(next))` when more bytes are needed, the end-line search resuming at `next`. Limits are
/// checked on what is buffered, before waiting for more.
pub(crate) fn finish(
    buf: &[u8],
    head: &mut Head,
    end: HeadEnd,
    scanned: usize,
    opts: &ParseOptions,
) -> Result<Result<(), usize>, DecodeError> {
    let tid = &buf[head.tid.range()];
    match end {
        HeadEnd::EndLine(at) => match parse_end_line(buf, at, tid, opts.allow_bare_lf)? {
            Ok((flag, len)) => {
                head.flag = flag;
                head.len = len;
            }
            Err(()) => return Ok(Err(scanned)),
        },
        HeadEnd::Blank(_, from) => {
            let over = |body: usize| body > opts.limits.max_chunk_size;
            match find_end_line(buf, tid, scanned, opts.allow_bare_lf) {
                Ok((crlf, flag, len)) => {
                    if over(crlf - from) {
                        return Err(DecodeError::new(
                            ErrorKind::LimitExceeded(LimitKind::ChunkSize),
                            from,
                        ));
                    }
                    head.body = Some(Span {
                        start: from,
                        end: crlf,
                    });
                    head.flag = flag;
                    head.len = len;
                }
                Err(next) => {
                    // Past the limit by more than an end-line can explain: refuse now.
                    if over((buf.len() - from).saturating_sub(tid.len() + 12)) {
                        return Err(DecodeError::new(
                            ErrorKind::LimitExceeded(LimitKind::ChunkSize),
                            from,
                        ));
                    }
                    return Ok(Err(next));
                }
            }
        }
    }
    check_body(buf, head)?;
    Ok(Ok(()))
}

/// Where the head ends (the offset of the blank line or end-line) and where the body search starts.
pub(crate) fn head_bounds(end: HeadEnd) -> (usize, usize) {
    match end {
        HeadEnd::Blank(at, from) => (at, from),
        HeadEnd::EndLine(at) => (at, at),
    }
}

/// End of the head's text: the head's last line without its terminator (CRLF, or LF).
pub(crate) fn head_text_end(buf: &[u8], head_end: usize) -> usize {
    if head_end >= 2 && &buf[head_end - 2..head_end] == b"\r\n" {
        head_end - 2
    } else {
        head_end.saturating_sub(1)
    }
}

/// One complete frame at the start of `buf` (a one-shot parse).
pub(crate) fn parse_frame(buf: &[u8], opts: &ParseOptions) -> Result<Head, DecodeError> {
    parse_frame_at(buf, opts).map_err(|e| e.locate(buf))
}

fn parse_frame_at(buf: &[u8], opts: &ParseOptions) -> Result<Head, DecodeError> {
    let incomplete = DecodeError::new(ErrorKind::Incomplete, buf.len());
    let end = scan_head_end(buf, 0, opts)?.map_err(|_| incomplete)?;
    let (head_end, scanned) = head_bounds(end);
    let mut head = parse_head(buf, head_text_end(buf, head_end), opts)?;
    finish(buf, &mut head, end, scanned, opts)?.map_err(|_| incomplete)?;
    Ok(head)
}
