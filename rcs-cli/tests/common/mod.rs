//! Running the `rcs` binary from the integration tests.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `rcs` with `args` and `stdin`: (exit status, stdout, stderr).
#[allow(dead_code)]
#[allow(clippy::unwrap_used)]
pub(crate) fn rcs(args: &[&str], stdin: &[u8]) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rcs"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may exit (a usage error) before reading its input: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A background `rcs` server (`sip serve`, `smsc serve`), killed when dropped.
pub(crate) struct Serve(pub(crate) std::process::Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `rcs` with `args`, a server that prints `{"event":"listening","address":…}` first;
/// returns it, that address and the rest of its stdout.
#[allow(clippy::unwrap_used, dead_code)]
pub(crate) fn serve(
    args: &[&str],
) -> (Serve, String, std::io::BufReader<std::process::ChildStdout>) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rcs"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let v: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(v["event"], "listening", "{line}");
    let addr = v["address"].as_str().unwrap().to_owned();
    (Serve(child), addr, out)
}
