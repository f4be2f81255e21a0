//! Test support for the rcs crates (a dev-dependency, never a codec dependency).
//!
//! The conformance corpus lives in `../shared/corpus/` beside the workspace and is read in
//! place. `RCS_CORPUS_DIR` points elsewhere; `RCS_REQUIRE_CORPUS=1` (set by `.ci/run`) turns a
//! missing corpus into a failure instead of a skip.

use std::path::PathBuf;

/// The corpus root: `$RCS_CORPUS_DIR`, else `../shared/corpus` beside the workspace.
pub fn corpus_root() -> PathBuf {
    std::env::var_os("RCS_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

/// The folder of one corpus topic (`sip-torture`, `msrp`, ...). `None` (after saying so on
/// stderr) when it is absent and not required.
///
/// # Panics
/// When the folder is absent and `RCS_REQUIRE_CORPUS=1`: the test must fail, not skip.
#[allow(clippy::panic)]
pub fn corpus_dir(topic: &str) -> Option<PathBuf> {
    let dir = corpus_root().join(topic);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("RCS_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
        panic!(
            "corpus {} is missing and RCS_REQUIRE_CORPUS=1",
            dir.display()
        );
    }
    eprintln!("corpus {} not found: skipped", dir.display());
    None
}

/// A corpus file's bytes, `None` when the corpus is absent and not required.
///
/// # Panics
/// When the corpus is required and the file cannot be read.
#[allow(clippy::panic)]
pub fn corpus_file(topic: &str, name: &str) -> Option<Vec<u8>> {
    let path = corpus_dir(topic)?.join(name);
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Whether `tool --version` runs.
pub fn tool_available(tool: &str) -> bool {
    std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Whether the oracle tools are installed. `false` (after saying so on stderr) when one is
/// missing and not required.
///
/// # Panics
/// When one is missing and `RCS_REQUIRE_ORACLES=1`: the differential test must fail, not skip.
#[allow(clippy::panic)]
pub fn oracles(tools: &[&str]) -> bool {
    let missing: Vec<&str> = tools
        .iter()
        .copied()
        .filter(|t| !tool_available(t))
        .collect();
    if missing.is_empty() {
        return true;
    }
    if std::env::var("RCS_REQUIRE_ORACLES").is_ok_and(|v| v == "1") {
        panic!("{missing:?} missing and RCS_REQUIRE_ORACLES=1");
    }
    eprintln!("{missing:?} not installed: differential test skipped");
    false
}

/// Packets as text2pcap's offset hexdump: each packet starts at offset 0 again.
pub fn text2pcap_dump<P: AsRef<[u8]>>(packets: &[P]) -> String {
    use std::fmt::Write as _;
    let mut hex = String::new();
    for p in packets {
        for (i, chunk) in p.as_ref().chunks(16).enumerate() {
            let _ = write!(hex, "{:06x}", i * 16);
            for b in chunk {
                let _ = write!(hex, " {b:02x}");
            }
            hex.push('\n');
        }
    }
    hex
}

/// Packets through Wireshark: written by `text2pcap` (`encapsulation`: its transport options,
/// `["-u", "5060,5060"]` for UDP, `["-T", "2855,2855"]` for TCP; loopback IPv4 addresses are
/// added), read by `tshark` (`options`: decode-as and preferences) into one row per packet of
/// the first occurrence of each of `fields`. For the differential tests against tshark.
///
/// # Panics
/// When text2pcap or tshark cannot run or fails (call [`oracles`] first).
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
pub fn tshark_fields<P: AsRef<[u8]>>(
    packets: &[P],
    encapsulation: &[&str],
    options: &[&str],
    fields: &[&str],
) -> Vec<Vec<String>> {
    let mut text2pcap = vec!["-q"];
    text2pcap.extend_from_slice(encapsulation);
    text2pcap.extend_from_slice(&["-4", "127.0.0.1,127.0.0.2"]);
    let mut tshark = options.to_vec();
    tshark.extend_from_slice(&["-E", "occurrence=f"]);
    text2pcap_tshark(&text2pcap_dump(packets), &text2pcap, &tshark, fields)
}

/// Writes `input` as text2pcap's input, converts it with `text2pcap_args`, reads the capture
/// with tshark (`tshark_options`, then `-T fields` and a separator no field holds) and returns
/// one row of `fields` per packet. Each call has its own directory, removed after.
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
fn text2pcap_tshark(
    input: &str,
    text2pcap_args: &[&str],
    tshark_options: &[&str],
    fields: &[&str],
) -> Vec<Vec<String>> {
    use std::process::Command;
    use std::sync::atomic::{AtomicUsize, Ordering};
    static RUN: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "rcs-tshark-{}-{}",
        std::process::id(),
        RUN.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("in.txt"), input).unwrap();
    let st = Command::new("text2pcap")
        .args(text2pcap_args)
        .arg(dir.join("in.txt"))
        .arg(dir.join("out.pcapng"))
        .status()
        .expect("text2pcap runs");
    assert!(st.success(), "text2pcap failed");
    let mut cmd = Command::new("tshark");
    cmd.arg("-r")
        .arg(dir.join("out.pcapng"))
        .args(tshark_options)
        .args(["-T", "fields", "-E", "separator=\u{1F}"]);
    for f in fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("tshark runs");
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split('\u{1F}').map(str::to_owned).collect())
        .collect()
}

/// SMS TPDUs through Wireshark's GSM SMS dissector (a user DLT, no transport): each
/// `(from_phone, tpdu)` is written by `text2pcap` with its direction (a SUBMIT goes from the
/// phone, a DELIVER to it), read by `tshark` with reassembly off, one row of `fields` per TPDU.
///
/// # Panics
/// When text2pcap or tshark cannot run or fails (call [`oracles`] first).
#[allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]
pub fn tshark_sms_fields(tpdus: &[(bool, &[u8])], fields: &[&str]) -> Vec<Vec<String>> {
    use std::fmt::Write as _;
    let mut text = String::new();
    for (from_phone, bytes) in tpdus {
        text.push_str(if *from_phone { "I 0000" } else { "O 0000" });
        for b in *bytes {
            let _ = write!(text, " {b:02X}");
        }
        text.push('\n');
    }
    text2pcap_tshark(
        &text,
        &["-q", "-D", "-l", "147"],
        &[
            "-o",
            "uat:user_dlts:\"User 0 (DLT=147)\",\"gsm_sms\",\"0\",\"\",\"0\",\"\"",
            "-o",
            "gsm_sms.reassemble:FALSE",
        ],
        fields,
    )
}

/// Checks a value's encoding methods against each other: `encoded_len()` is the length of
/// `to_bytes()`, and `encode` into a `BytesMut` writes the same octets (the caller depends on
/// `bytes`). Extra arguments are passed to all three (a CMPP report's version).
#[macro_export]
macro_rules! assert_encoding {
    ($value:expr, $bytes:expr $(, $arg:expr)*) => {{
        let bytes: &[u8] = &$bytes;
        assert_eq!($value.encoded_len($($arg),*), bytes.len(), "encoded_len");
        let mut buf = ::bytes::BytesMut::new();
        $value.encode($($arg,)* &mut buf);
        assert_eq!(&buf[..], bytes, "encode into a BufMut");
    }};
}

/// `count` pseudo-random inputs of `len` bytes each from `seed` (xorshift64): the same every
/// run, for tests that feed `Arbitrary` implementations.
pub fn pseudo_random_inputs(seed: u64, count: usize, len: usize) -> impl Iterator<Item = Vec<u8>> {
    let mut state = seed.max(1);
    (0..count).map(move |_| {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state as u8
            })
            .collect()
    })
}

/// Checks that an `Arbitrary` implementation makes a value from most inputs (it does not give
/// up on its own pieces): at least 180 of 200 pseudo-random 600-byte inputs. The caller depends
/// on `arbitrary`.
#[macro_export]
macro_rules! assert_arbitrary_mostly_makes {
    ($ty:ty) => {{
        let made = $crate::pseudo_random_inputs(0x2545_f491_4f6c_dd1d, 200, 600)
            .filter(|data| {
                <$ty as ::arbitrary::Arbitrary>::arbitrary(&mut ::arbitrary::Unstructured::new(
                    data,
                ))
                .is_ok()
            })
            .count();
        assert!(made >= 180, "{made} of 200 inputs made a value");
    }};
}
