//! Fuzz findings, kept as tests (`tests/regressions/`): each input must now do what the fuzz
//! target checks.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_cpim::{Imdn, IsComposing, XmlOptions};

fn file(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/regressions/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Each finding: an extension element in no namespace under a namespaced root (needs
/// `xmlns=""` when written), an escaped namespace URI (unescaped when read), a name XML does not
/// allow and text then CDATA (one text node). Whatever reads must write and read back the same.
#[test]
fn findings_read_write_read_the_same() {
    // Each is now either refused (control characters, bad names) or read consistently.
    for name in
        std::fs::read_dir(format!("{}/tests/regressions", env!("CARGO_MANIFEST_DIR"))).unwrap()
    {
        let name = name.unwrap().file_name().into_string().unwrap();
        for lenient in [false, true] {
            let opts = XmlOptions {
                lenient,
                ..XmlOptions::default()
            };
            if name.starts_with("imdn") {
                if let Ok(mut i) = Imdn::parse(&file(&name), &opts) {
                    let mut again = Imdn::parse(i.to_xml().as_bytes(), &opts).unwrap();
                    i.warnings.clear();
                    again.warnings.clear();
                    assert_eq!(again, i, "{name}");
                }
            } else if let Ok(mut c) = IsComposing::parse(&file(&name), &opts) {
                let mut again = IsComposing::parse(c.to_xml().as_bytes(), &opts).unwrap();
                c.warnings.clear();
                again.warnings.clear();
                assert_eq!(again, c, "{name}");
            }
        }
    }
}
