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
