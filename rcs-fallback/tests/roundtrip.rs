//! Property tests: for any text and options, every segment fits, the decoded segments give the
//! text back, and no other encoding needs fewer segments; user data encodes and decodes equal.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rcs_fallback::gsm7::{pack_septets, unpack_septets};
use rcs_fallback::{
    Alphabet, ConcatReference, Encoding, Gsm7Charset, InformationElement, NationalLanguage,
    NationalLanguages, SequentialReferences, SmsOptions, SmsPlan, SplitMode, UserData,
    UserDataHeader,
};
use unicode_segmentation::UnicodeSegmentation;

/// Characters from every corner that matters: ASCII, GSM escapes, Latin-1, Turkish, Greek,
/// Indic (with combining marks), CJK, emoji (surrogates, ZWJ, flags, skin tones).
fn text() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => "[a-zA-Z0-9 .,!?@$_\n\r]{1,20}",
        2 => "[\\[\\]{}|~^€\\\\\u{0C}]{1,4}",
        1 => "[ÁáéíóúñçÇğĞıİşŞöÖüÜ]{1,6}",
        1 => "[ΔΦΓΛΩΠΨΣΘΞ]{1,4}",
        1 => "[कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह्ािीुूेैोौं]{1,8}",
        1 => "[中文消息回落你好。，]{1,8}",
        1 => prop::sample::select(vec![
            "😀", "👨‍👩‍👧", "🇨🇳", "👍🏽", "é\u{301}", "`", "\t", "—", "’", "“", "…", "\u{a0}", "½",
        ])
        .prop_map(String::from),
    ];
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn options() -> impl Strategy<Value = SmsOptions> {
    (
        prop::collection::vec(prop::sample::select(NationalLanguage::ALL.to_vec()), 0..4),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(langs, grapheme, wide, fold)| SmsOptions {
            fold,
            national: langs.into_iter().collect(),
            split: if grapheme {
                SplitMode::Grapheme
            } else {
                SplitMode::Scalar
            },
            concat: if wide {
                ConcatReference::Sixteen
            } else {
                ConcatReference::Eight
            },
            ..SmsOptions::default()
        })
}

/// Segments an encoding needs, computed apart from the crate: greedy over scalars with the
/// capacity TS 23.040 gives (header octets → septets or units).
fn reference_segments(text: &str, encoding: Encoding, options: &SmsOptions) -> Option<usize> {
    let costs: Vec<usize> = text
        .chars()
        .map(|c| match encoding {
            Encoding::Gsm7(cs) => cs.septets_for(c),
            Encoding::Ucs2 => Some(c.len_utf16()),
        })
        .collect::<Option<_>>()?;
    let nls = match encoding {
        Encoding::Gsm7(cs) => {
            3 * (cs.locking().is_some() as usize + cs.single_shift().is_some() as usize)
        }
        Encoding::Ucs2 => 0,
    };
    let cap = |udh: usize| {
        let udh = if udh > 0 { udh + 1 } else { 0 };
        match encoding {
            Encoding::Gsm7(_) => 160 - (udh * 8).div_ceil(7),
            Encoding::Ucs2 => (140 - udh) / 2,
        }
    };
    let total: usize = costs.iter().sum();
    if total <= cap(nls) {
        return Some(1);
    }
    let concat = match options.concat {
        ConcatReference::Eight => 5,
        ConcatReference::Sixteen => 6,
    };
    let cap = cap(nls + concat);
    let units: Vec<usize> = match options.split {
        SplitMode::Scalar => costs,
        SplitMode::Grapheme => text
            .graphemes(true)
            .map(|g| {
                g.chars()
                    .map(|c| match encoding {
                        Encoding::Gsm7(cs) => cs.septets_for(c).unwrap(),
                        Encoding::Ucs2 => c.len_utf16(),
                    })
                    .sum()
            })
            .collect(),
    };
    let (mut segments, mut used) = (1, 0);
    for u in units {
        if u > cap {
            return None; // a cluster over a segment: the crate cuts it; skip the comparison
        }
        if used + u > cap {
            segments += 1;
            used = 0;
        }
        used += u;
    }
    Some(segments)
}

fn all_encodings(national: NationalLanguages) -> Vec<Encoding> {
    let mut out = vec![Encoding::Ucs2];
    let lockings = std::iter::once(None).chain(national.iter().map(Some));
    for l in lockings {
        for s in std::iter::once(None).chain(national.iter().map(Some)) {
            if let Some(cs) = Gsm7Charset::new(l, s) {
                out.push(Encoding::Gsm7(cs));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn segments_fit_decode_back_and_are_cheapest(text in text(), options in options()) {
        let plan = SmsPlan::new(&text, &options).unwrap();
        let mut refs = SequentialReferences::default();
        let user_data = plan.user_data(&mut refs);
        prop_assert_eq!(user_data.len(), plan.segments());
        let mut decoded = String::new();
        for (i, ud) in user_data.iter().enumerate() {
            // No segment over its limit: 160 septets or 140 octets, header included.
            prop_assert!(ud.udl() <= ud.alphabet.max_udl(), "segment {} udl {}", i, ud.udl());
            prop_assert!(ud.encoded_len() <= 140);
            // Bytes → user data → text: each segment alone gives its part of the text back,
            // so no escape pair and no surrogate pair was split.
            let bytes = ud.to_bytes();
            rcs_testkit::assert_encoding!(ud, bytes);
            let back = UserData::parse(&bytes, ud.udl() as u8, ud.header.is_some(), ud.alphabet)
                .unwrap();
            prop_assert_eq!(&back, ud);
            let part = back.text().unwrap();
            prop_assert_eq!(Some(part.as_str()), plan.part_text(i));
            decoded.push_str(&part);
        }
        // The concatenation of the decoded segments is the (folded) input.
        prop_assert_eq!(decoded.as_str(), plan.text());
        if plan.folds().is_empty() {
            prop_assert_eq!(&decoded, &text);
        } else {
            let mut refolded = String::new();
            let mut folds = plan.folds().iter().peekable();
            for (i, c) in text.char_indices() {
                match folds.peek() {
                    Some(f) if f.offset == i => {
                        refolded.push_str(f.replacement);
                        folds.next();
                    }
                    _ => refolded.push(c),
                }
            }
            prop_assert_eq!(&refolded, &decoded);
        }
        // The cheapest: no encoding the options allow needs fewer segments.
        if let Some(ours) = reference_segments(plan.text(), plan.encoding(), &options) {
            prop_assert_eq!(ours, plan.segments());
            for e in all_encodings(options.national) {
                if let Some(n) = reference_segments(plan.text(), e, &options) {
                    prop_assert!(n >= plan.segments(), "{} needs {} < {}", e, n, plan.segments());
                }
            }
        }
    }

    #[test]
    fn septets_pack_and_unpack(septets in prop::collection::vec(0u8..128, 0..200), fill in 0u8..7) {
        let mut packed = Vec::new();
        pack_septets(&septets, fill, &mut packed);
        prop_assert_eq!(unpack_septets(&packed, fill, septets.len()).unwrap(), septets);
    }

    #[test]
    fn user_data_round_trips(
        elements in prop::collection::vec(element(), 0..4),
        ucs2 in any::<bool>(),
        body in prop::collection::vec(any::<u8>(), 0..140),
    ) {
        let header = (!elements.is_empty()).then_some(UserDataHeader { elements });
        let alphabet = if ucs2 { Alphabet::Ucs2 } else { Alphabet::Gsm7 };
        let mut ud = UserData { header, alphabet, body };
        if alphabet == Alphabet::Gsm7 {
            ud.body.iter_mut().for_each(|s| *s &= 0x7F);
        }
        while ud.udl() > alphabet.max_udl() {
            ud.body.pop();
            if ud.body.is_empty() && ud.udl() > alphabet.max_udl() {
                return Ok(());
            }
        }
        let bytes = ud.to_bytes();
        rcs_testkit::assert_encoding!(ud, bytes);
        prop_assert_eq!(bytes.len(), ud.encoded_len());
        let back = UserData::parse(&bytes, ud.udl() as u8, ud.header.is_some(), alphabet).unwrap();
        prop_assert_eq!(back, ud);
    }
}

fn element() -> impl Strategy<Value = InformationElement> {
    prop_oneof![
        (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(reference, total, sequence)| {
            InformationElement::Concat8 {
                reference,
                total,
                sequence,
            }
        }),
        (any::<u16>(), any::<u8>(), any::<u8>()).prop_map(|(reference, total, sequence)| {
            InformationElement::Concat16 {
                reference,
                total,
                sequence,
            }
        }),
        (any::<u16>(), any::<u16>()).prop_map(|(destination, originator)| {
            InformationElement::Ports16 {
                destination,
                originator,
            }
        }),
        prop::sample::select(NationalLanguage::ALL.to_vec())
            .prop_map(InformationElement::NationalSingleShift),
        prop::sample::select(NationalLanguage::ALL.to_vec())
            .prop_filter("locking table", |l| l.has_locking_table())
            .prop_map(InformationElement::NationalLockingShift),
        Just(InformationElement::SimToolkitSecurity),
        (0x80u8..0xA0, prop::collection::vec(any::<u8>(), 0..8))
            .prop_map(|(iei, data)| InformationElement::Other { iei, data }),
    ]
}

fn address() -> impl Strategy<Value = rcs_fallback::Address> {
    use rcs_fallback::Address;
    prop_oneof![
        "[0-9]{1,15}".prop_map(|d| Address::international(&d).unwrap()),
        "[0-9*#abc]{1,20}".prop_map(|d| Address::unknown(&d).unwrap()),
        "[A-Za-z0-9 .]{1,11}".prop_map(|t| Address::alphanumeric(&t).unwrap()),
    ]
}

fn user_data_value() -> impl Strategy<Value = UserData> {
    (
        prop::collection::vec(element(), 0..3),
        prop::sample::select(vec![Alphabet::Gsm7, Alphabet::Eight, Alphabet::Ucs2]),
        prop::collection::vec(any::<u8>(), 0..140),
    )
        .prop_map(|(elements, alphabet, mut body)| {
            if alphabet == Alphabet::Gsm7 {
                body.iter_mut().for_each(|s| *s &= 0x7F);
            }
            let mut ud = UserData {
                header: (!elements.is_empty()).then_some(UserDataHeader { elements }),
                alphabet,
                body,
            };
            while ud.udl() > alphabet.max_udl() || ud.encoded_len() > 140 {
                if ud.body.pop().is_none() {
                    ud.header = None;
                }
            }
            ud
        })
}

fn tpdu() -> impl Strategy<Value = rcs_fallback::Tpdu> {
    use rcs_fallback::{
        DataCoding, Deliver, StatusParameters, StatusReport, Submit, Timestamp, Tpdu,
        ValidityPeriod,
    };
    let timestamp = (
        0u8..100,
        1u8..13,
        1u8..29,
        0u8..24,
        0u8..60,
        0u8..60,
        -48i8..56,
    )
        .prop_map(|(y, mo, d, h, mi, s, q)| Timestamp::new(y, mo, d, h, mi, s, q));
    let validity = prop_oneof![
        Just(None),
        any::<u8>().prop_map(|v| Some(ValidityPeriod::Relative(v))),
        timestamp
            .clone()
            .prop_map(|t| Some(ValidityPeriod::Absolute(t))),
        any::<[u8; 7]>().prop_map(|e| Some(ValidityPeriod::Enhanced(e))),
    ];
    let flags = any::<[bool; 4]>();
    prop_oneof![
        (
            flags,
            any::<u8>(),
            address(),
            any::<u8>(),
            validity,
            user_data_value(),
            0u8..5
        )
            .prop_map(|(f, mr, destination, pid, validity, user_data, class)| {
                Tpdu::Submit(Submit {
                    reject_duplicates: f[0],
                    status_report_request: f[1],
                    reply_path: f[2],
                    message_reference: mr,
                    destination,
                    protocol_id: pid,
                    data_coding: if class < 4 {
                        DataCoding::with_class(user_data.alphabet, class)
                    } else {
                        DataCoding::for_alphabet(user_data.alphabet)
                    },
                    validity,
                    user_data,
                })
            }),
        (
            flags,
            address(),
            any::<u8>(),
            timestamp.clone(),
            user_data_value()
        )
            .prop_map(|(f, originator, pid, timestamp, user_data)| {
                Tpdu::Deliver(Deliver {
                    no_more_messages: f[0],
                    loop_prevention: f[1],
                    status_report_indication: f[2],
                    reply_path: f[3],
                    originator,
                    protocol_id: pid,
                    data_coding: DataCoding::for_alphabet(user_data.alphabet),
                    timestamp,
                    user_data,
                })
            }),
        (
            flags,
            any::<u8>(),
            address(),
            timestamp.clone(),
            timestamp,
            any::<u8>(),
            prop::option::of((any::<Option<u8>>(), prop::option::of(user_data_value())))
        )
            .prop_map(|(f, mr, recipient, scts, dt, status, tail)| {
                let parameters = tail.map(|(pid, ud)| StatusParameters {
                    indicator: u8::from(pid.is_some()) | if ud.is_some() { 0x06 } else { 0 },
                    protocol_id: pid,
                    data_coding: ud.as_ref().map(|u| DataCoding::for_alphabet(u.alphabet)),
                    user_data: ud,
                });
                Tpdu::StatusReport(StatusReport {
                    no_more_messages: f[0],
                    loop_prevention: f[1],
                    status_report_qualifier: f[2],
                    message_reference: mr,
                    recipient,
                    timestamp: scts,
                    discharge_time: dt,
                    status,
                    parameters,
                })
            }),
    ]
}

proptest! {
    #[test]
    fn tpdu_encode_decode_equal(t in tpdu()) {
        let bytes = t.to_bytes();
        rcs_testkit::assert_encoding!(t, bytes);
        let back = rcs_fallback::Tpdu::parse(&bytes).unwrap();
        prop_assert_eq!(&back, &t);
        prop_assert_eq!(back.to_bytes(), bytes);
    }
}

#[cfg(feature = "mms")]
proptest! {
    #[test]
    fn mms_build_decode_equal(
        tid in "[A-Za-z0-9]{1,20}",
        subject in "[^\u{0}]{0,40}",
        to in "\\+[0-9]{5,15}/TYPE=PLMN",
        size in any::<u32>(),
        texts in prop::collection::vec("[^\u{0}]{0,200}", 1..4),
        image in prop::collection::vec(any::<u8>(), 0..300),
    ) {
        use rcs_fallback::mms::{Body, MessageType, MmsBuilder, MmsPdu, NewPart, field};
        let mut parts = vec![NewPart::new("application/smil", "smil", "smil.xml", b"<smil/>".to_vec())];
        for (i, t) in texts.iter().enumerate() {
            parts.push(NewPart::new("text/plain", &format!("t{i}"), &format!("t{i}.txt"), t.clone().into_bytes()));
        }
        parts.push(NewPart::new("image/jpeg", "img", "a.jpg", image));
        let bytes = MmsBuilder::new(MessageType::SendReq, Some(&tid), (1, 3))
            .from(Some("+8610086/TYPE=PLMN"))
            .text(field::TO, &to)
            .text(field::SUBJECT, &subject)
            .long(field::MESSAGE_SIZE, u64::from(size))
            .related(&parts);
        let pdu = MmsPdu::parse(&bytes).unwrap();
        prop_assert_eq!(pdu.to_bytes(), bytes.clone());
        rcs_testkit::assert_encoding!(pdu, bytes);
        prop_assert_eq!(pdu.transaction_id(), Some(tid));
        prop_assert_eq!(pdu.version(), Some((1, 3)));
        prop_assert_eq!(pdu.from(), Some(Some("+8610086/TYPE=PLMN".to_string())));
        prop_assert_eq!(pdu.to(), vec![to]);
        prop_assert_eq!(pdu.subject(), Some(subject));
        prop_assert_eq!(pdu.message_size(), Some(u64::from(size)));
        let Body::Multipart(read) = &pdu.body else { panic!("not multipart") };
        prop_assert_eq!(read.len(), parts.len());
        for (r, p) in read.iter().zip(&parts) {
            prop_assert_eq!(r.data, &p.data[..]);
            prop_assert_eq!(r.content_type().unwrap(), p.content_type.clone());
            prop_assert_eq!(r.content_location(), p.content_location.clone());
        }
    }
}
