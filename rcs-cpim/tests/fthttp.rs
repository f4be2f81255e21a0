//! FT-over-HTTP file-info documents from `../shared/corpus/rcsbody/` as MANIFEST.tsv says:
//! namespaced ones strictly, rcsjta's malformed ones only leniently; all written back and read
//! again the same. proptest round trips.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rcs_cpim::{ErrorKind, FileDisposition, FileInfo, FileTransferInfo, XmlOptions, XmlWarning};
use rcs_testkit::corpus_dir;

fn lenient() -> XmlOptions {
    XmlOptions {
        lenient: true,
        ..XmlOptions::default()
    }
}

fn round_trip(d: &FileTransferInfo) -> Result<(), String> {
    let mut again = FileTransferInfo::parse(d.to_xml().as_bytes(), &XmlOptions::default())
        .map_err(|e| e.to_string())?;
    again.warnings = d.warnings.clone();
    (again == *d)
        .then_some(())
        .ok_or_else(|| format!("written back, it reads differently:\n{}", d.to_xml()))
}

fn judge(file: &str, bytes: &[u8]) -> Result<String, String> {
    let strict = FileTransferInfo::parse(bytes, &XmlOptions::default());
    let d = match file {
        "rcsjta-fthttp-audio-render.xml" | "rcsjta-fthttp-thumbnail-and-file.xml" => {
            let e = strict.err().ok_or("a strict parser must refuse it")?;
            if !matches!(e.kind(), ErrorKind::InvalidDocument | ErrorKind::InvalidXml) {
                return Err(format!("strict: {e}"));
            }
            FileTransferInfo::parse(bytes, &lenient()).map_err(|e| e.to_string())?
        }
        _ => strict.map_err(|e| e.to_string())?,
    };
    let f = &d.file;
    let ok = match file {
        "rcsjta-fthttp-audio-render.xml" => {
            d.thumbnail.is_none()
                && (
                    f.size,
                    f.name.as_deref(),
                    f.content_type.as_str(),
                    f.playing_length,
                ) == (1_234_567_890, Some("audio.mp4"), "audio/mp4", Some(1000))
                && f.disposition == Some(FileDisposition::Render)
                && f.url == "https://host/path/download?id=12345"
                && d.warnings == [XmlWarning::NamespaceMissing]
        }
        "rcsjta-fthttp-thumbnail-and-file.xml" => {
            let t = d.thumbnail.as_ref().unwrap();
            (t.size, t.content_type.as_str(), t.name.as_deref()) == (12345, "image/png", None)
                && (f.size, f.name.as_deref()) == (1_234_567_890, Some("image.jpg"))
                && f.disposition == Some(FileDisposition::Attachment)
                && d.warnings.contains(&XmlWarning::MultipleRoots)
                && d.warnings.contains(&XmlWarning::UnexpectedValue)
        }
        "synthetic-fthttp-rcc07.xml" => {
            let t = d.thumbnail.as_ref().unwrap();
            t.size == 7427
                && (f.name.as_deref(), f.content_type.as_str(), f.playing_length)
                    == (
                        Some("voice-0001.m4a"),
                        "audio/mp4;voice-recording=yes",
                        Some(12),
                    )
                && f.disposition == Some(FileDisposition::Render)
                && f.until == "2024-06-01T10:00:00Z"
                && d.warnings.is_empty()
        }
        "synthetic-fthttp-up-ext.xml" => {
            f.branded_url.as_deref() == Some("https://b.example.cn/s/W4eRJfAABqQ.png")
                && f.extensions.len() == 1
                && f.extensions[0].name == "file-exist"
                && d.thumbnail.as_ref().unwrap().content_type == "image/jpg"
                && d.warnings.is_empty()
        }
        other => return Err(format!("no expectation for {other}")),
    };
    if !ok {
        return Err(format!("{d:?}"));
    }
    round_trip(&d)?;
    Ok(format!(
        "{} octets, thumbnail: {}",
        f.size,
        d.thumbnail.is_some()
    ))
}

#[test]
fn corpus() {
    let Some(dir) = corpus_dir("rcsbody") else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let (mut right, mut wrong) = (0, Vec::new());
    for line in manifest.lines().skip(1) {
        let file = line.split('\t').next().unwrap();
        if !file.contains("fthttp") {
            continue;
        }
        match judge(file, &std::fs::read(dir.join(file)).unwrap()) {
            Ok(what) => {
                eprintln!("ok   {file}: {what}");
                right += 1;
            }
            Err(e) => wrong.push(format!("{file}: {e}")),
        }
    }
    eprintln!("fthttp corpus: {right} right, {} wrong", wrong.len());
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert_eq!(right, 4);
}

fn info(thumb: bool) -> impl Strategy<Value = FileInfo> {
    (
        any::<u64>(),
        prop::option::of("[A-Za-z0-9 ._&<>'\"\u{6587}\u{4ef6}-]{1,20}"),
        prop::sample::select(vec![
            "image/jpeg",
            "audio/mp4;voice-recording=yes",
            "video/mp4",
            "application/pdf",
        ]),
        prop::option::of(0u64..100_000),
        "https://[a-z]{1,10}\\.example\\.cn/[A-Za-z0-9?=&_-]{1,20}",
        0u32..86_400,
        prop::option::of("https://[a-z]{1,8}\\.example/[a-z0-9]{1,10}"),
        prop::option::of(0u8..2),
    )
        .prop_map(
            move |(size, name, ct, pl, url, secs, branded, disp)| FileInfo {
                disposition: disp.filter(|_| !thumb).map(|d| {
                    if d == 0 {
                        FileDisposition::Render
                    } else {
                        FileDisposition::Attachment
                    }
                }),
                size,
                // Text is read trimmed.
                name: name
                    .filter(|_| !thumb)
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty()),
                content_type: ct.into(),
                playing_length: pl,
                url,
                until: format!(
                    "2026-11-21T{:02}:{:02}:{:02}Z",
                    secs / 3600,
                    secs / 60 % 60,
                    secs % 60
                ),
                branded_url: branded,
                extensions: Vec::new(),
            },
        )
}

proptest! {
    #[test]
    fn fthttp_round_trip(file in info(false), thumbnail in prop::option::of(info(true))) {
        let d = FileTransferInfo { thumbnail, file, warnings: Vec::new() };
        prop_assert!(round_trip(&d).is_ok(), "{}", d.to_xml());
    }
}
