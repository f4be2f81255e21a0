//! The SDP files of `../shared/corpus/msrp/` (read in place), handled as its MANIFEST says.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_sdp::{Direction, ParseOptions, Session};
use rcs_testkit::corpus_dir;

#[test]
fn msrp_corpus_sdp_files() {
    let Some(dir) = corpus_dir("msrp") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut files: Vec<&str> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|f| f.ends_with(".sdp"))
        .collect();
    files.sort_unstable();
    files.dedup();
    let (mut right, mut wrong) = (0, 0);
    for f in &files {
        let bytes = std::fs::read(dir.join(f)).unwrap();
        let fragment = f.contains("fragment");
        let parsed = if fragment {
            // "SDP fragment (not a full SDP)": a full parse must refuse it, a fragment parse accept it.
            assert!(
                Session::parse(&bytes).is_err(),
                "{f} is not a full description"
            );
            Session::parse_fragment(&bytes, &ParseOptions::new())
        } else {
            Session::parse(&bytes)
        };
        let outcome = parsed.map_err(|e| e.to_string()).and_then(|s| {
            if s.to_bytes() != bytes {
                return Err("re-encode differs".into());
            }
            let m = s.media().next().ok_or("no media")?;
            let msrp = m.msrp().ok_or("not MSRP")?;
            msrp.check().map_err(|e| e.to_string())?;
            if msrp.path().count() != 1 || !msrp.path().all(|p| p.starts_with("msrp://")) {
                return Err("path".into());
            }
            if *f == "rfc5547-s9.1-offer.sdp" {
                let fs = msrp.file_selector().unwrap().unwrap();
                assert_eq!(fs.name, Some("My cool picture.jpg"));
                assert_eq!(fs.ty, Some("image/jpeg"));
                assert_eq!(fs.size, Some(32349));
                assert_eq!(fs.hash.unwrap().0, "sha-1");
                assert_eq!(
                    msrp.file_transfer_id(),
                    Some("vBnG916bdberum2fFEABR1FR3ExZMUrd")
                );
                assert_eq!(msrp.file_disposition(), Some("attachment"));
                assert_eq!(
                    msrp.file_date().unwrap().unwrap().creation,
                    Some("Mon, 15 May 2006 15:01:31 +0300")
                );
                assert_eq!(msrp.file_icon(), Some("cid:id2@alicepc.example.com"));
                let r = msrp.file_range().unwrap().unwrap();
                assert_eq!((r.start, r.stop), (1, Some(32349)));
                assert_eq!(msrp.direction(), Direction::SendOnly);
                assert!(msrp.accepts("message", "cpim") && msrp.accepts_wrapped("image", "jpeg"));
                assert!(s.warnings().contains(&rcs_sdp::Warning::EmptySessionName));
            } else {
                assert!(msrp.accepts("text", "plain") && !msrp.accepts("image", "png"));
                assert_eq!(m.connection().unwrap().addrtype, "IP4");
            }
            Ok(())
        });
        match outcome {
            Ok(()) => {
                right += 1;
                println!("right  {f}");
            }
            Err(why) => {
                wrong += 1;
                println!("WRONG  {f}: {why}");
            }
        }
    }
    println!("sdp corpus: {right} right, {wrong} wrong");
    assert_eq!((right, wrong), (3, 0));
}
