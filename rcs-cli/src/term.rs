//! What every command shares about the terminal: the exit statuses, colour, diagnostics on
//! stderr, and output that a closed pipe may cut short.

use std::fmt::Display;
use std::io::{self, Write};
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};

/// The exit status of every `rcs` command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exit {
    /// 0: valid, done, a 2xx, every message accepted.
    Ok,
    /// 1: a syntax error, not a document of the kind, another final response, a message not
    /// accepted, a server that could not start.
    Failed,
    /// 2: a usage error (an unknown option, a bad value, an unreadable FILE, empty stdin) or
    /// output that could not be written.
    Usage,
    /// 3: well-formed, with semantic errors or profile violations.
    Invalid,
    /// 4: no answer: no final response, no connection, no login.
    NoAnswer,
}

impl Exit {
    /// The status number.
    pub(crate) fn code(self) -> u8 {
        match self {
            Self::Ok => 0,
            Self::Failed => 1,
            Self::Usage => 2,
            Self::Invalid => 3,
            Self::NoAnswer => 4,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e.code())
    }
}

/// The help text's account of the statuses.
pub(crate) const EXIT_HELP: &str = "\
Exit status:
  0  valid, done, a 2xx, every message accepted
  1  syntax error, not a document of that kind, a non-2xx final response, a message refused
  2  usage error (bad option or value, unreadable FILE, empty stdin) or unwritable output
  3  well-formed but with semantic errors or profile violations
  4  no answer: no final response, no connection or login

Colour is used on a terminal unless NO_COLOR is set or --color never is given.";

/// The status after writing the output: `status` when it was written, and also when the
/// reader went away (`rcs inspect … | head`: the rest is not wanted, so nothing is said);
/// any other write error is reported and is a [`Exit::Usage`].
pub(crate) fn finish(written: io::Result<()>, status: Exit) -> Exit {
    match written {
        Ok(()) => status,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            error(format_args!("cannot write the output: {e}"));
            Exit::Usage
        }
    }
}

/// Error labels and violations.
pub(crate) const ERROR: Style = AnsiColor::Red.on_default().bold();
/// Warning labels.
pub(crate) const WARNING: Style = AnsiColor::Yellow.on_default().bold();
/// Keys and header names in printed trees.
pub(crate) const KEY: Style = AnsiColor::Cyan.on_default();
/// The first line of a printed message.
pub(crate) const HEADING: Style = Style::new().bold();

/// Set while `rcs gen` asks `rcs inspect`'s decoders for a verdict: their diagnostics are
/// not for the user then.
static SILENT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Diagnostics on stderr are dropped while `silent` holds.
pub(crate) fn set_silent(silent: bool) {
    SILENT.store(silent, std::sync::atomic::Ordering::Relaxed);
}

fn silent() -> bool {
    SILENT.load(std::sync::atomic::Ordering::Relaxed)
}

/// `error: MESSAGE` on stderr (coloured on a terminal).
pub(crate) fn error(message: impl Display) {
    if !silent() {
        let _ = writeln!(anstream::stderr(), "{ERROR}error:{ERROR:#} {message}");
    }
}

/// `warning: MESSAGE` on stderr.
pub(crate) fn warning(message: impl Display) {
    if !silent() {
        let _ = writeln!(anstream::stderr(), "{WARNING}warning:{WARNING:#} {message}");
    }
}

/// A line on stderr with a coloured label of the caller's (`semantic error at 3:1`, `hint`).
pub(crate) fn labelled(style: Style, label: impl Display, message: impl Display) {
    if !silent() {
        let _ = writeln!(anstream::stderr(), "{style}{label}:{style:#} {message}");
    }
}

/// A diagnostic line of the caller's own form on stderr.
pub(crate) fn line(message: impl Display) {
    if !silent() {
        let _ = writeln!(anstream::stderr(), "{message}");
    }
}

/// Standard output: colour codes written to it are removed unless it is a terminal and
/// colour is allowed (`NO_COLOR`, `--color`).
pub(crate) fn stdout() -> anstream::AutoStream<io::StdoutLock<'static>> {
    anstream::AutoStream::auto(io::stdout().lock())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_the_documented_numbers() {
        let all = [
            Exit::Ok,
            Exit::Failed,
            Exit::Usage,
            Exit::Invalid,
            Exit::NoAnswer,
        ];
        for (n, e) in all.into_iter().enumerate() {
            assert_eq!(usize::from(e.code()), n);
            assert!(EXIT_HELP.contains(&format!("  {n}  ")), "{n}");
        }
    }

    #[test]
    fn a_closed_pipe_keeps_the_status_and_other_write_errors_are_usage() {
        let pipe = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(finish(Err(pipe), Exit::Invalid), Exit::Invalid);
        let full = io::Error::other("disk full");
        assert_eq!(finish(Err(full), Exit::Ok), Exit::Usage);
        assert_eq!(finish(Ok(()), Exit::Failed), Exit::Failed);
    }
}
