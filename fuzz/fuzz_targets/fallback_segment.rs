//! Any text under any options: the plan never panics, every segment fits in one SMS, each
//! segment's bytes decode alone to its part of the text, and the parts give the (folded) text
//! back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_fallback::{
    ConcatReference, NationalLanguage, SequentialReferences, SmsOptions, SmsPlan, SplitMode,
    UserData,
};

fuzz_target!(|data: &[u8]| {
    let [a, b, rest @ ..] = data else { return };
    let flags = u16::from_le_bytes([*a, *b]);
    let options = SmsOptions {
        national: NationalLanguage::ALL
            .into_iter()
            .filter(|l| flags & 1 << l.id() != 0)
            .collect(),
        split: if flags & 1 != 0 {
            SplitMode::Grapheme
        } else {
            SplitMode::Scalar
        },
        concat: if flags & 0x8000 != 0 {
            ConcatReference::Sixteen
        } else {
            ConcatReference::Eight
        },
        max_segments: 255,
        max_text_len: 64 << 10,
        ucs2_only: flags & 0x2000 != 0 && flags & 0x4000 == 0,
        fold: flags & 0x4000 != 0,
    };
    let text = String::from_utf8_lossy(rest);
    let Ok(plan) = SmsPlan::new(&text, &options) else {
        return;
    };
    let mut decoded = String::new();
    for (i, ud) in plan
        .user_data(&mut SequentialReferences::default())
        .iter()
        .enumerate()
    {
        assert!(ud.udl() <= ud.alphabet.max_udl());
        assert!(ud.encoded_len() <= 140);
        let bytes = ud.to_bytes();
        let back = UserData::parse(&bytes, ud.udl() as u8, ud.header.is_some(), ud.alphabet)
            .expect("own user data decodes");
        assert_eq!(&back, ud);
        let part = back.text().expect("text");
        // One-pass packing gives the octets two-pass packing gives.
        if let rcs_fallback::Encoding::Gsm7(charset) = plan.encoding() {
            let mut one = Vec::new();
            let n = charset
                .pack_text(plan.part_text(i).unwrap_or_default(), 0, &mut one)
                .expect("planned text encodes");
            let mut two = Vec::new();
            rcs_fallback::gsm7::pack_septets(&ud.body, 0, &mut two);
            assert_eq!((one, n), (two, ud.body.len()));
        }
        assert_eq!(Some(part.as_str()), plan.part_text(i));
        decoded.push_str(&part);
    }
    // The concatenation of the decoded segments is the (folded) input.
    assert_eq!(decoded, plan.text());
    if plan.folds().is_empty() {
        assert_eq!(decoded, text);
    }
});
