//! Where a byte offset is, as a person reads it: line and column.

/// A byte offset with its 1-based line and column.
///
/// Lines end at `\n` (a `\r` before it belongs to the line it ends). Columns count bytes
/// ([`locate`](Self::locate)) or characters ([`locate_chars`](Self::locate_chars), for text a
/// person edits, such as JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Position {
    /// Bytes from the start of the input.
    pub offset: usize,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

impl Position {
    /// The position of `offset` in `input`, the column in bytes. An offset past the end is
    /// placed at the end.
    pub fn locate(input: &[u8], offset: usize) -> Self {
        let (before, line_start) = Self::split(input, offset);
        Self::make(before, before.len() - line_start)
    }

    /// The position of `offset` in `input`, the column in characters (UTF-8 continuation bytes
    /// are not counted).
    pub fn locate_chars(input: &[u8], offset: usize) -> Self {
        let (before, line_start) = Self::split(input, offset);
        let chars = before[line_start..]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        Self::make(before, chars)
    }

    fn split(input: &[u8], offset: usize) -> (&[u8], usize) {
        let before = &input[..offset.min(input.len())];
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
        (before, line_start)
    }

    fn make(before: &[u8], column0: usize) -> Self {
        let line = memchr::memchr_iter(b'\n', before).count() + 1;
        Self {
            offset: before.len(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column0 + 1).unwrap_or(u32::MAX),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Position;

    #[test]
    fn lines_and_columns() {
        let text = "ab\r\ncd\n\u{4e2d}\u{6587}x";
        let at = |o| {
            let p = Position::locate(text.as_bytes(), o);
            (p.line, p.column)
        };
        assert_eq!(at(0), (1, 1));
        assert_eq!(at(2), (1, 3));
        assert_eq!(at(3), (1, 4));
        assert_eq!(at(4), (2, 1));
        assert_eq!(at(7), (3, 1));
        assert_eq!(at(13), (3, 7));
        let c = Position::locate_chars(text.as_bytes(), 13);
        assert_eq!((c.line, c.column), (3, 3));
        // Past the end: the end.
        let end = Position::locate(text.as_bytes(), 1000);
        assert_eq!((end.offset, end.line, end.column), (text.len(), 3, 8));
        assert_eq!(
            Position::locate(b"", 0),
            Position {
                offset: 0,
                line: 1,
                column: 1
            }
        );
    }
}
