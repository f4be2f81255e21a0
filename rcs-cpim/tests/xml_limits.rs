//! Attributes and namespace declarations per element are bounded, duplicates are found by a
//! set, and names are resolved against a bounded scope: the work grows with the input, not
//! with its square (RCS bodies travel in CPIM in every MSRP chunk, so a slow document costs
//! per frame).
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use rcs_cpim::{ConferenceInfo, ErrorKind, LimitKind, XmlLimits, XmlOptions};

const NS: &str = "urn:ietf:params:xml:ns:conference-info";

fn options(limits: XmlLimits) -> XmlOptions {
    XmlOptions {
        limits,
        ..XmlOptions::default()
    }
}

fn with_attributes(n: usize) -> String {
    let attrs: String = (0..n).map(|i| format!(" a{i}=\"v\"")).collect();
    format!(r#"<conference-info xmlns="{NS}" entity="sip:c@x"><x{attrs}/></conference-info>"#)
}

fn with_declarations(n: usize) -> String {
    let decls: String = (0..n)
        .map(|i| format!(" xmlns:p{i}=\"urn:p{i}\""))
        .collect();
    format!(r#"<conference-info xmlns="{NS}" entity="sip:c@x"><x{decls}/></conference-info>"#)
}

#[test]
fn attributes_and_declarations_per_element_are_capped() {
    let o = options(XmlLimits::default());
    assert!(ConferenceInfo::parse(with_attributes(64).as_bytes(), &o).is_ok());
    let e = ConferenceInfo::parse(with_attributes(65).as_bytes(), &o).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::Xml));
    assert!(ConferenceInfo::parse(with_declarations(16).as_bytes(), &o).is_ok());
    let e = ConferenceInfo::parse(with_declarations(17).as_bytes(), &o).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::LimitExceeded(LimitKind::Xml));
    // Duplicates are still refused, whatever their distance.
    let dup = format!(
        r#"<conference-info xmlns="{NS}" entity="sip:c@x"><x a="1"{} a="2"/></conference-info>"#,
        (0..40).map(|i| format!(" b{i}=\"v\"")).collect::<String>()
    );
    assert_eq!(
        ConferenceInfo::parse(dup.as_bytes(), &o)
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidXml
    );
}

/// The least time of several runs (a complexity check: both sizes run on the same machine
/// at the same moment, and the bound leaves room for noise; quadratic work would be ~100×).
fn least(input: &[u8], o: &XmlOptions) -> Duration {
    (0..5)
        .map(|_| {
            let t = Instant::now();
            let _ = std::hint::black_box(ConferenceInfo::parse(std::hint::black_box(input), o));
            t.elapsed()
        })
        .min()
        .unwrap()
}

/// Time per input octet may not grow much when the input grows about tenfold (quadratic
/// work would multiply it by ten).
fn assert_linear(small: &str, large: &str, o: &XmlOptions, what: &str) {
    assert!(large.len() >= 5 * small.len(), "{what}: sizes");
    let (a, b) = (least(small.as_bytes(), o), least(large.as_bytes(), o));
    let per_octet = |t: Duration, n: usize| t.as_secs_f64().max(1e-7) / n as f64;
    let ratio = per_octet(b, large.len()) / per_octet(a, small.len());
    assert!(
        ratio < 3.0,
        "{what}: {} -> {} octets took {a:?} -> {b:?} ({ratio:.1}x the time per octet)",
        small.len(),
        large.len()
    );
}

#[test]
fn ten_times_the_input_costs_about_ten_times_the_work() {
    let big = XmlLimits {
        max_message_size: 64 << 20,
        max_elements: 1 << 20,
        ..XmlLimits::default()
    };
    let o = options(big);
    // Attributes on one element: refused at the cap, however many follow.
    assert_linear(
        &with_attributes(2_000),
        &with_attributes(20_000),
        &o,
        "attributes",
    );
    // Declarations on one element: the same.
    assert_linear(
        &with_declarations(2_000),
        &with_declarations(20_000),
        &o,
        "declarations",
    );
    // The most declarations in scope the limits allow (16 on each of 31 nested elements),
    // then many elements each resolved against them.
    let nested = |elements: usize| {
        let mut s = format!(r#"<conference-info xmlns="{NS}" entity="sip:c@x">"#);
        for d in 0..30 {
            let decls: String = (0..16)
                .map(|i| format!(" xmlns:q{d}x{i}=\"urn:q{d}:{i}\""))
                .collect();
            s.push_str(&format!("<n{d}{decls}>"));
        }
        for i in 0..elements {
            s.push_str(&format!("<q29x15:e{i} a=\"1\" b=\"2\"/>"));
        }
        for d in (0..30).rev() {
            s.push_str(&format!("</n{d}>"));
        }
        s.push_str("</conference-info>");
        s
    };
    assert!(ConferenceInfo::parse(nested(10).as_bytes(), &o).is_ok());
    assert_linear(
        &nested(1_000),
        &nested(10_000),
        &o,
        "elements under many declarations",
    );
    // Many attributes on many elements, each within the cap.
    let many = |elements: usize| {
        let attrs: String = (0..60).map(|i| format!(" a{i}=\"v\"")).collect();
        let body: String = (0..elements).map(|_| format!("<y{attrs}/>")).collect();
        format!(r#"<conference-info xmlns="{NS}" entity="sip:c@x">{body}</conference-info>"#)
    };
    assert_linear(&many(60), &many(600), &o, "elements with 60 attributes");
}
