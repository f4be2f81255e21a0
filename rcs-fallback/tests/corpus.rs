//! `../shared/corpus/fallback/` read in place: the GSM 7-bit tables cell by cell, the packing
//! vectors, and the segmentation vectors against both oracles' splits.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use rcs_fallback::gsm7::{pack_septets, unpack_septets};
use rcs_fallback::{Encoding, Gsm7Charset, NationalLanguage, SmsOptions, SmsPlan, SplitMode};
use rcs_testkit::corpus_dir;

fn hex(b: &[u8]) -> String {
    b.iter().map(|b| format!("{b:02X}")).collect()
}

fn language(nli: u8) -> Option<NationalLanguage> {
    NationalLanguage::from_id(nli)
}

/// Python-style escapes of the packing vectors: `\uXXXX`, `\xXX`, `\r`, `\\`.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let hex_char = |chars: &mut std::str::Chars<'_>, n: usize| {
            let h: String = chars.take(n).collect();
            char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap()
        };
        match chars.next().unwrap() {
            'u' => out.push(hex_char(&mut chars, 4)),
            'x' => out.push(hex_char(&mut chars, 2)),
            'r' => out.push('\r'),
            'n' => out.push('\n'),
            '\\' => out.push('\\'),
            other => panic!("unknown escape \\{other}"),
        }
    }
    out
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn national_language_tables_cell_by_cell() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let csv = std::fs::read_to_string(dir.join("gsm7/nls_tables.csv")).unwrap();
    let disagreements = std::fs::read_to_string(dir.join("gsm7/table_disagreements.tsv")).unwrap();
    assert!(
        disagreements.contains("0x2C") && disagreements.contains("U+002C COMMA"),
        "the documented disagreement is the Indic 0x2C cell"
    );
    let (mut checked, mut chosen_differently) = (0, 0);
    let mut per_table = std::collections::HashMap::<(u8, bool), usize>::new();
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let nli: u8 = f[0].parse().unwrap();
        let locking = match f[2] {
            "locking" => true,
            "single_shift" => false,
            other => panic!("table {other}"),
        };
        let septet = u8::from_str_radix(f[3].trim_start_matches("0x"), 16).unwrap();
        let cp = u32::from_str_radix(f[4].trim_start_matches("U+"), 16).unwrap();
        let expected = char::from_u32(cp).unwrap();
        let l = language(nli);
        let got = if locking {
            Gsm7Charset::new(l, None).unwrap().locking_char(septet)
        } else {
            Gsm7Charset::new(None, l).unwrap().single_shift_char(septet)
        };
        *per_table.entry((nli, locking)).or_default() += 1;
        checked += 1;
        if locking && nli >= 4 && septet == 0x2C {
            // Our documented choice (AOSP): COMMA, where gsmcodecs has APOSTROPHE.
            assert_eq!((expected, got), ('\'', Some(',')), "{line}");
            chosen_differently += 1;
            continue;
        }
        assert_eq!(got, Some(expected), "{line}");
        // Every table character is encodable in its charset and reads back the same.
        let cs = if locking {
            Gsm7Charset::new(l, None).unwrap()
        } else {
            Gsm7Charset::new(None, l).unwrap()
        };
        let mut septets = Vec::new();
        cs.encode(&expected.to_string(), &mut septets).unwrap();
        assert_eq!(cs.decode(&septets), expected.to_string(), "{line}");
    }
    // No cell beyond the corpus: count ours per table.
    for ((nli, locking), n) in per_table {
        let ours = (0..128u8)
            .filter(|&s| {
                if locking {
                    Gsm7Charset::new(language(nli), None)
                        .unwrap()
                        .locking_char(s)
                        .is_some()
                } else {
                    Gsm7Charset::new(None, language(nli))
                        .unwrap()
                        .single_shift_char(s)
                        .is_some()
                }
            })
            .count();
        assert_eq!(ours, n, "cells of table {nli} locking={locking}");
    }
    assert_eq!(chosen_differently, 10);
    println!(
        "corpus fallback/gsm7/nls_tables.csv: {checked}/{checked} cells ({chosen_differently} by the documented choice)"
    );
}

#[test]
fn packing_vectors() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("gsm7/packing_vectors.tsv")).unwrap();
    let mut n = 0;
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let text = unescape(f[0]);
        let (l, s) = f[1].split_once('-').unwrap();
        let cs =
            Gsm7Charset::new(language(l.parse().unwrap()), language(s.parse().unwrap())).unwrap();
        let septets_hex = f[2];
        let count: usize = f[3].parse().unwrap();
        let fill: u8 = f[4].parse().unwrap();
        let packed = unhex(f[5]);

        let mut septets = Vec::new();
        cs.encode(&text, &mut septets).unwrap();
        assert_eq!(hex(&septets), septets_hex, "{line}: septets");
        assert_eq!(septets.len(), count, "{line}");
        let mut out = Vec::new();
        pack_septets(&septets, fill, &mut out);
        assert_eq!(hex(&out), f[5], "{line}: packed");
        assert_eq!(
            unpack_septets(&packed, fill, count).unwrap(),
            septets,
            "{line}"
        );
        assert_eq!(cs.decode(&septets), text, "{line}: decoded");
        n += 1;
    }
    assert!(n >= 24);
    println!("corpus fallback/gsm7/packing_vectors.tsv: {n}/{n}");
}

fn units(plan: &SmsPlan<'_>) -> Vec<usize> {
    (0..plan.segments())
        .map(|i| plan.part_text(i).unwrap().encode_utf16().count())
        .collect()
}

#[test]
fn segmentation_vectors() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sms/segmentation_vectors.json")).unwrap())
            .unwrap();
    let mut n = 0;
    for case in json["segment_count"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let body = case["body"].as_str().unwrap();
        let segments = case["segments"].as_u64().unwrap() as usize;
        // Some cases record only the count.
        let bits = case["message_size_bits"].as_u64().map(|v| v as usize);
        let total_bits = case["total_size_bits"].as_u64().map(|v| v as usize);
        for split in [SplitMode::Scalar, SplitMode::Grapheme] {
            // Twilio's calculator knows no national tables: compare with none allowed.
            let options = SmsOptions {
                split,
                ..SmsOptions::default()
            };
            let plan = SmsPlan::new(body, &options).unwrap();
            let (name, unit_bits) = match plan.encoding() {
                Encoding::Gsm7(_) => ("GSM-7", 7),
                Encoding::Ucs2 => ("UCS-2", 16),
            };
            assert_eq!(name, case["encoding"], "{id}");
            assert_eq!(plan.segments(), segments, "{id} {split:?}");
            if let Some(bits) = bits {
                assert_eq!(plan.length() * unit_bits, bits, "{id}");
            }
            if let Some(total_bits) = total_bits {
                let udh_bits = if segments > 1 { 48 * segments } else { 0 };
                assert_eq!(plan.length() * unit_bits + udh_bits, total_bits, "{id}");
            }
        }
        n += 1;
    }
    for case in json["split_boundaries"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let body = case["body"].as_str().unwrap();
        let want = |key: &str| -> Vec<usize> {
            case[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as usize)
                .collect()
        };
        // smsutil keeps scalars whole; Twilio keeps graphemes whole. They differ on the ZWJ
        // family: each of our modes agrees with the oracle that splits the same way.
        let scalar = SmsPlan::new(body, &SmsOptions::default()).unwrap();
        assert_eq!(
            units(&scalar),
            want("smsutil_parts_utf16_units"),
            "{id} scalar"
        );
        let grapheme = SmsPlan::new(
            body,
            &SmsOptions {
                split: SplitMode::Grapheme,
                ..SmsOptions::default()
            },
        )
        .unwrap();
        assert_eq!(
            units(&grapheme),
            want("twilio_parts_utf16_units"),
            "{id} grapheme"
        );
        n += 1;
    }
    println!("corpus fallback/sms/segmentation_vectors.json: {n}/{n}");
}

#[test]
fn tpdu_vectors() {
    use rcs_fallback::{Address, Tpdu};
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sms/tpdu_vectors.json")).unwrap()).unwrap();
    let mut n = 0;
    for v in json["vectors"].as_array().unwrap() {
        let id = v["id"].as_str().unwrap();
        // The SMSC address in front (AT-command PDU mode).
        let sca = unhex(v["sca_hex"].as_str().unwrap());
        let (smsc, used) = Address::parse_smsc(&sca).unwrap();
        assert_eq!(used, sca.len(), "{id}");
        if let Some(want) = v["sca"].as_str() {
            assert_eq!(smsc.as_ref().unwrap().to_string(), want, "{id} sca");
        }
        let mut again = Vec::new();
        Address::encode_smsc(smsc.as_ref(), &mut again);
        assert_eq!(again, sca, "{id} sca re-encoded");

        let bytes = unhex(v["tpdu_hex"].as_str().unwrap());
        let tpdu = Tpdu::parse(&bytes).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_eq!(tpdu.kind(), v["tpdu_type"], "{id}");
        assert_eq!(tpdu.to_bytes(), bytes, "{id}: re-encoded");
        match &tpdu {
            Tpdu::Submit(s) => {
                if let Some(dest) = v["dest"].as_str() {
                    assert_eq!(s.destination.to_string(), dest, "{id}");
                }
            }
            Tpdu::Deliver(d) => {
                if let Some(orig) = v["orig"].as_str() {
                    assert_eq!(d.originator.to_string(), orig, "{id}");
                }
            }
            Tpdu::StatusReport(r) => assert_eq!(r.status, 0, "{id}"),
        }
        let (dcs, ud) = match &tpdu {
            Tpdu::Submit(s) => (Some(s.data_coding), Some(&s.user_data)),
            Tpdu::Deliver(d) => (Some(d.data_coding), Some(&d.user_data)),
            Tpdu::StatusReport(_) => (None, None),
        };
        if let (Some(want), Some(dcs)) = (v["dcs"].as_str(), dcs) {
            assert_eq!(format!("0x{:02X}", dcs.0), want, "{id} dcs");
        }
        if let Some(ud) = ud {
            if let Some(udl) = v["udl"].as_u64() {
                assert_eq!(ud.udl() as u64, udl, "{id} udl");
            }
            if let Some(want) = v["udh_hex"].as_str() {
                let mut h = Vec::new();
                ud.header.as_ref().unwrap().encode(&mut h);
                assert_eq!(hex(&h), want, "{id} udh");
            }
            match v["text"].as_str() {
                // 8-bit data: the corpus gives the octets as text.
                Some(text) if ud.alphabet == rcs_fallback::Alphabet::Eight => {
                    assert_eq!(ud.body, text.as_bytes(), "{id} 8-bit body");
                }
                Some(text) => assert_eq!(ud.text().as_deref(), Some(text), "{id} text"),
                // 8-bit payloads (the WAP push halves) carry no text.
                None => assert!(ud.text().is_none() || ud.body.is_empty(), "{id}"),
            }
        }
        n += 1;
    }
    assert_eq!(n, 38);
    println!("corpus fallback/sms/tpdu_vectors.json: {n}/{n}");
}

/// The corpus-authored submits are what planning their text produces, byte for byte.
#[test]
fn planned_submits_equal_the_corpus() {
    use rcs_fallback::{Address, ConcatReference, SequentialReferences, Submit, Tpdu};
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sms/tpdu_vectors.json")).unwrap()).unwrap();
    let vector = |id: &str| -> Vec<u8> {
        let v = json["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .unwrap();
        unhex(v["tpdu_hex"].as_str().unwrap())
    };
    let cases: [(&str, String, &str, ConcatReference, u16, u8); 6] = [
        (
            "corpus-submit-hellohello",
            "hellohello".into(),
            "+447785016005",
            ConcatReference::Eight,
            1,
            0,
        ),
        (
            "corpus-submit-ext",
            "€[]{}|~^\\ test".into(),
            "+441234567890",
            ConcatReference::Eight,
            1,
            0,
        ),
        (
            "corpus-submit-utf16-emoji",
            "你好😀".into(),
            "+8613800138000",
            ConcatReference::Eight,
            1,
            0,
        ),
        (
            "corpus-submit-concat8-part",
            "a".repeat(200),
            "+441234567890",
            ConcatReference::Eight,
            0x42,
            0x42,
        ),
        (
            "corpus-submit-concat16-part",
            "a".repeat(200),
            "+441234567890",
            ConcatReference::Sixteen,
            0x1234,
            0,
        ),
        (
            "corpus-submit-utf16-concat-part",
            format!("{}😀{}", "a".repeat(66), "b".repeat(10)),
            "+8613800138000",
            ConcatReference::Eight,
            7,
            0,
        ),
    ];
    let mut n = 0;
    for (id, text, dest, concat, reference, mr) in cases {
        let options = SmsOptions {
            concat,
            ..SmsOptions::default()
        };
        let plan = SmsPlan::new(&text, &options).unwrap();
        let dest = Address::international(dest).unwrap();
        let submits = Submit::for_plan(
            &plan,
            &dest,
            &mut SequentialReferences::starting_at(reference),
        );
        for (i, mut s) in submits.into_iter().enumerate() {
            s.message_reference = mr;
            let want = if plan.segments() == 1 {
                vector(id)
            } else {
                vector(&format!("{id}{}", i + 1))
            };
            assert_eq!(
                hex(&Tpdu::Submit(s).to_bytes()),
                hex(&want),
                "{id} part {}",
                i + 1
            );
            n += 1;
        }
    }
    assert_eq!(n, 9);
}

/// The corpus's concatenated messages reassemble in reverse order with a duplicate fed in:
/// the Kipling submit (3 parts), the German deliver (2) and the WAP push (8-bit, 2 parts).
#[test]
fn concatenated_vectors_reassemble() {
    use rcs_fallback::{Reassembler, Reassembly, Tpdu, reassembled_text};
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("sms/tpdu_vectors.json")).unwrap()).unwrap();
    let vectors = json["vectors"].as_array().unwrap();
    for prefix in [
        "pm-submit-concat7-part",
        "pm-deliver-german-concat-part",
        "pm-deliver-wap-push-mms-notification-part",
    ] {
        let parts: Vec<&serde_json::Value> = vectors
            .iter()
            .filter(|v| v["id"].as_str().unwrap().starts_with(prefix))
            .collect();
        assert!(parts.len() >= 2, "{prefix}");
        let mut r = Reassembler::default();
        let mut done = None;
        for (i, v) in parts.iter().enumerate().rev() {
            let tpdu = Tpdu::parse(&unhex(v["tpdu_hex"].as_str().unwrap())).unwrap();
            let ud = tpdu.user_data().unwrap().clone();
            if i == parts.len() - 1 {
                r.push("originator", ud.clone());
                assert!(matches!(
                    r.push("originator", ud.clone()),
                    Reassembly::Duplicate { conflicting: false }
                ));
                continue;
            }
            if let Reassembly::Complete(all) = r.push("originator", ud) {
                done = Some(all);
            }
        }
        let all = done.unwrap_or_else(|| panic!("{prefix} did not complete"));
        match reassembled_text(&all) {
            Some(text) => {
                let want: String = parts.iter().map(|v| v["text"].as_str().unwrap()).collect();
                assert_eq!(text, want, "{prefix}");
            }
            None => {
                // The WAP push: 8-bit WSP bytes to port 2948, naming the MMS location.
                let body: Vec<u8> = all.iter().flat_map(|u| u.body.clone()).collect();
                let needle = b"http://promms/servlets/NOK5CiKcoTMYSG4MBSwAAsKv14FUHAAAAAAAA";
                assert!(body.windows(needle.len()).any(|w| w == needle), "{prefix}");
                let ports = all[0].header.as_ref().unwrap().ports();
                assert_eq!(ports.map(|p| p.0), Some(2948));
            }
        }
        assert_eq!(r.pending(), 0);
    }
}

/// Every look-alike of the corpus map folds as the map says, and no other character folds.
#[test]
fn smart_encoding_map() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let tsv = std::fs::read_to_string(dir.join("gsm7/smart_encoding_map.tsv")).unwrap();
    let mut n = 0;
    let mut mapped = std::collections::HashSet::new();
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let cp = |s: &str| {
            char::from_u32(u32::from_str_radix(s.trim_start_matches("U+"), 16).unwrap()).unwrap()
        };
        let from = cp(f[0]);
        let to: String = f
            .get(2)
            .map(|t| t.split_whitespace().map(cp).collect())
            .unwrap_or_default();
        assert_eq!(rcs_fallback::look_alike(from), Some(to.as_str()), "{line}");
        // A replacement is GSM 7-bit itself.
        let mut septets = Vec::new();
        Gsm7Charset::DEFAULT.encode(&to, &mut septets).unwrap();
        mapped.insert(from);
        n += 1;
    }
    for c in (0..0x1_0000u32).filter_map(char::from_u32) {
        if !mapped.contains(&c) {
            assert_eq!(rcs_fallback::look_alike(c), None, "U+{:04X}", u32::from(c));
        }
    }
    println!("corpus fallback/gsm7/smart_encoding_map.tsv: {n}/{n}");
}

/// The JSON form of the tables holds the same cells as the CSV (and so as ours, but for the
/// documented Indic 0x2C choice).
#[test]
fn national_language_tables_json() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("gsm7/nls_tables.json")).unwrap()).unwrap();
    let mut n = 0;
    for (name, table) in json.as_object().unwrap() {
        let nli = table["nli"].as_u64().unwrap() as u8;
        for (kind, locking) in [("locking", true), ("single_shift", false)] {
            let Some(cells) = table.get(kind).and_then(|c| c.as_object()) else {
                assert!(locking && nli == 2, "{name} {kind}");
                continue;
            };
            for (septet, cp) in cells {
                let septet = u8::from_str_radix(septet.trim_start_matches("0x"), 16).unwrap();
                let cp =
                    u32::from_str_radix(cp.as_str().unwrap().trim_start_matches("U+"), 16).unwrap();
                let l = language(nli);
                let ours = if locking {
                    Gsm7Charset::new(l, None).unwrap().locking_char(septet)
                } else {
                    Gsm7Charset::new(None, l).unwrap().single_shift_char(septet)
                };
                let want = if locking && nli >= 4 && septet == 0x2C {
                    ','
                } else {
                    char::from_u32(cp).unwrap()
                };
                assert_eq!(ours, Some(want), "{name} {kind} {septet:#04x}");
                n += 1;
            }
        }
    }
    assert_eq!(n, 2430);
    println!("corpus fallback/gsm7/nls_tables.json: {n}/{n} cells");
}

/// Every file MANIFEST.tsv lists is read by one of this crate's corpus tests (a new corpus
/// file fails here until a test reads it).
#[test]
fn manifest_is_covered() {
    let Some(dir) = corpus_dir("fallback") else {
        return;
    };
    const READ: [(&str, &str); 17] = [
        (
            "gsm7/nls_tables.csv",
            "corpus.rs national_language_tables_cell_by_cell",
        ),
        (
            "gsm7/nls_tables.json",
            "corpus.rs national_language_tables_json",
        ),
        (
            "gsm7/table_disagreements.tsv",
            "corpus.rs national_language_tables_cell_by_cell",
        ),
        (
            "gsm7/smart_encoding_map.tsv",
            "corpus.rs smart_encoding_map",
        ),
        ("gsm7/packing_vectors.tsv", "corpus.rs packing_vectors"),
        (
            "sms/tpdu_vectors.json",
            "corpus.rs tpdu_vectors, planned_submits_equal_the_corpus, concatenated_vectors_reassemble; mms_corpus.rs",
        ),
        (
            "sms/segmentation_vectors.json",
            "corpus.rs segmentation_vectors",
        ),
        (
            "smpp/cloudhopper_pdus.tsv",
            "gateway_corpus.rs smpp_cloudhopper_pdus",
        ),
        (
            "smpp/submit_sm_generated.tsv",
            "gateway_corpus.rs smpp_generated_submits",
        ),
        (
            "cmpp/china_gateway_pdus.tsv",
            "gateway_corpus.rs china_gateway_pdus",
        ),
        (
            "mms/pm_SIMPLE_m-retrieve-conf.mms",
            "mms_corpus.rs mms_files",
        ),
        ("mms/pm_openwave_m-send-req.mms", "mms_corpus.rs mms_files"),
        (
            "mms/pm_SEC-SGHS300M_m-send-req.mms",
            "mms_corpus.rs mms_files",
        ),
        (
            "mms/smsgate_rogers_m-retrieve-conf.mms",
            "mms_corpus.rs mms_files",
        ),
        ("mms/corpus_m-send-req_utf8.mms", "mms_corpus.rs mms_files"),
        (
            "maap/outbound_fallback_fields.tsv",
            "rich_corpus.rs maap_fallback_fields_and_example",
        ),
        (
            "maap/outbound_with_fallback_example.xml",
            "rich_corpus.rs; rcs-cli tests/fallback.rs",
        ),
    ];
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut n = 0;
    for line in manifest.lines().skip(1) {
        let file = line.split('\t').next().unwrap();
        assert!(dir.join(file).is_file(), "{file} listed but missing");
        assert!(
            READ.iter().any(|(f, _)| *f == file),
            "{file} is read by no test"
        );
        n += 1;
    }
    assert_eq!(n, READ.len());
    println!("corpus fallback/MANIFEST.tsv: {n}/{n} files read by a test");
}
