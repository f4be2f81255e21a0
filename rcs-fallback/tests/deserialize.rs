//! `Deserialize` (feature `serde`) of owned values: what serializes reads back equal, options
//! read from partial configuration, and values that break an invariant are refused.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_fallback::{
    Address, ConcatReference, Gsm7Charset, NationalLanguage, NationalLanguages, SmsOptions,
    SplitMode, Tpdu,
};

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
    v: &T,
) {
    let json = serde_json::to_string(v).unwrap();
    assert_eq!(&serde_json::from_str::<T>(&json).unwrap(), v, "{json}");
}

#[test]
fn options_from_partial_configuration() {
    let o: SmsOptions = serde_json::from_str(r#"{"national": ["Turkish", "Portuguese"]}"#).unwrap();
    assert!(o.national.contains(NationalLanguage::Turkish));
    assert!(o.national.contains(NationalLanguage::Portuguese));
    assert!(!o.national.contains(NationalLanguage::Spanish));
    // Everything not named keeps its default.
    let d = SmsOptions::default();
    assert_eq!((o.split, o.concat, o.fold), (d.split, d.concat, d.fold));
    let o: SmsOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, d);
    round_trip(&SmsOptions {
        national: NationalLanguages::ALL,
        split: SplitMode::Scalar,
        concat: ConcatReference::Sixteen,
        ..d
    });
    // Unknown languages are refused, not kept as stray bits.
    assert!(serde_json::from_str::<NationalLanguages>(r#"["Klingon"]"#).is_err());
    assert!(serde_json::from_str::<NationalLanguages>("16383").is_err());
}

#[test]
fn charsets_keep_their_invariant() {
    for l in NationalLanguage::ALL {
        for s in [None, Some(l)] {
            if let Some(cs) = Gsm7Charset::new(Some(l), s) {
                round_trip(&cs);
            }
        }
    }
    round_trip(&Gsm7Charset::DEFAULT);
    // Spanish has a single-shift table only: no charset locks to it.
    assert!(Gsm7Charset::new(Some(NationalLanguage::Spanish), None).is_none());
    let json = r#"{"locking": "Spanish", "single_shift": null}"#;
    let err = serde_json::from_str::<Gsm7Charset>(json).unwrap_err();
    assert!(err.to_string().contains("locking-shift"), "{err}");
}

#[test]
fn tpdus_and_addresses_round_trip() {
    let submit = rcs_fallback::Submit::new(
        Address::international("+8613800138000").unwrap(),
        rcs_fallback::UserData {
            header: None,
            alphabet: rcs_fallback::Alphabet::Gsm7,
            body: vec![0x48, 0x69],
        },
    );
    round_trip(&Tpdu::Submit(submit));
    round_trip(&Address::alphanumeric("FONIC").unwrap());
    // A TPDU read from octets (SMS-DELIVER with a timestamp) too.
    let deliver = [
        0x04, 0x0B, 0x91, 0x68, 0x31, 0x08, 0x10, 0x83, 0xF0, 0x00, 0x00, 0x62, 0x21, 0x50, 0x91,
        0x00, 0x84, 0x23, 0x02, 0xC8, 0x34,
    ];
    round_trip(&Tpdu::parse(&deliver).unwrap());
}

#[cfg(feature = "arbitrary")]
#[test]
fn arbitrary_tpdus_round_trip() {
    use arbitrary::{Arbitrary, Unstructured};
    for data in rcs_testkit::pseudo_random_inputs(0x1234_5678_9abc_def1, 300, 700) {
        if let Ok(t) = Tpdu::arbitrary(&mut Unstructured::new(&data)) {
            round_trip(&t);
        }
    }
}
