//! SMS encoding subjects: rcs-fallback beside the `sms-pdu` and `gsm7` crates, on four 1 KB
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! texts written for the bench (ASCII, GSM escapes, Chinese, emoji).

use rcs_fallback::gsm7::pack_septets;
use rcs_fallback::{Alphabet, Gsm7Charset, SequentialReferences, SmsOptions, SmsPlan, UserData};

/// Repeats `unit` until the text is `len` bytes or just under (whole characters).
fn fill(unit: &str, len: usize) -> String {
    let mut out = String::with_capacity(len);
    'outer: loop {
        for ch in unit.chars() {
            if out.len() + ch.len_utf8() > len {
                break 'outer;
            }
            out.push(ch);
        }
    }
    out
}

/// The bench inputs: (name, text), each 1 KB or just under.
pub fn inputs() -> Vec<(&'static str, String)> {
    vec![
        (
            "ascii_1k",
            fill(
                "Your parcel 4711 has shipped and arrives Tuesday between 9 and 12. \
                 Track it at https://t.example/p/4711 or reply STOP to opt out. ",
                1024,
            ),
        ),
        (
            "gsm_ext_1k",
            fill(
                "Price {EUR}: 12€ [incl. VAT] ~ total | order #42 \\ ref ^A. ",
                1024,
            ),
        ),
        (
            "chinese_1k",
            fill(
                "【5G消息】您的快递已发出，预计周二送达。点击链接查看物流详情，回复退订。",
                1024,
            ),
        ),
        (
            "emoji_1k",
            fill("Party tonight 🎉🎂 bring friends 👨‍👩‍👧 and snacks 🍕! ", 1024),
        ),
    ]
}

/// Plan, then every segment's user data as bytes: the whole job. Returns the octets written.
pub fn rcs_fallback(text: &str) -> usize {
    let plan = SmsPlan::new(text, &SmsOptions::default()).expect("plans");
    let mut out = Vec::with_capacity(160);
    let mut n = 0;
    for ud in plan.user_data(&mut SequentialReferences::default()) {
        out.clear();
        ud.encode(&mut out);
        n += out.len();
    }
    n
}

/// The plan alone: encoding choice and segment boundaries. Returns the segment count.
pub fn rcs_fallback_plan(text: &str) -> usize {
    SmsPlan::new(text, &SmsOptions::default())
        .expect("plans")
        .segments()
}

/// GSM 7-bit classify + pack of the whole text, no segmentation, in one pass
/// (`Gsm7Charset::pack_text`). Returns the octets.
pub fn rcs_fallback_pack(text: &str, out: &mut Vec<u8>) -> usize {
    out.clear();
    Gsm7Charset::DEFAULT
        .pack_text(text, 0, out)
        .expect("GSM 7-bit");
    out.len()
}

/// The same in two passes: septets, then packing (what a segment's user data does).
pub fn rcs_fallback_encode_then_pack(
    text: &str,
    septets: &mut Vec<u8>,
    out: &mut Vec<u8>,
) -> usize {
    septets.clear();
    out.clear();
    Gsm7Charset::DEFAULT
        .encode(text, septets)
        .expect("GSM 7-bit");
    pack_septets(septets, 0, out);
    out.len()
}

/// `sms-pdu`: `GsmMessageData::encode_message`. Returns the octets written.
pub fn sms_pdu(text: &str) -> usize {
    sms_pdu::gsm_encoding::GsmMessageData::encode_message(text)
        .iter()
        .map(|d| d.bytes.len())
        .sum()
}

/// `gsm7`: `Gsm7Writer::write_str` (packing only: no segments). Returns the octets.
pub fn gsm7(text: &str) -> usize {
    let mut w = gsm7::Gsm7Writer::new(Vec::with_capacity(text.len()));
    w.write_str(text).expect("GSM 7-bit");
    w.into_writer().expect("flush").len()
}

/// The text each segment of `sms-pdu`'s output decodes to (read by our decoder: its own
/// reader mis-reads concatenated 7-bit parts), joined: equal to the input when the crate
/// handles it (it cuts escape and surrogate pairs at segment boundaries).
pub fn sms_pdu_round_trip(text: &str) -> Option<String> {
    use sms_pdu::pdu::MessageEncoding;
    let mut out = String::new();
    for d in sms_pdu::gsm_encoding::GsmMessageData::encode_message(text) {
        let alphabet = match d.encoding {
            MessageEncoding::Gsm7Bit => Alphabet::Gsm7,
            MessageEncoding::Ucs2 => Alphabet::Ucs2,
            _ => return None,
        };
        let ud = UserData::parse(&d.bytes, d.user_data_len, d.udh, alphabet).ok()?;
        out.push_str(&ud.text()?);
    }
    Some(out)
}

/// The text our segments decode to, joined (the bench checks it equals the input).
pub fn rcs_fallback_round_trip(text: &str) -> String {
    let plan = SmsPlan::new(text, &SmsOptions::default()).expect("plans");
    plan.user_data(&mut SequentialReferences::default())
        .iter()
        .map(|ud| {
            let bytes = ud.to_bytes();
            UserData::parse(&bytes, ud.udl() as u8, ud.header.is_some(), ud.alphabet)
                .expect("decodes")
                .text()
                .expect("text")
        })
        .collect()
}

/// Whether `gsm7` writes exactly our packed octets for the text (it pads a last septet-gap of
/// seven bits with CR, as USSD does; compare the common prefix then).
pub fn gsm7_agrees(text: &str) -> Option<bool> {
    let mut w = gsm7::Gsm7Writer::new(Vec::new());
    w.write_str(text).ok()?;
    let theirs = w.into_writer().ok()?;
    let mut ours = Vec::new();
    rcs_fallback_pack(text, &mut ours);
    Some(theirs.starts_with(&ours[..ours.len().saturating_sub(1)]) && theirs.len() >= ours.len())
}

/// The chatbot card the MMS bench transcodes (the corpus MaaP example's card, written here).
pub const CARD: &str = r#"{"message":{"generalPurposeCard":{"layout":{"cardOrientation":"VERTICAL"},"content":{"title":"订单已发货","description":"点击查看物流","media":{"mediaUrl":"https://example.com/p.jpg","mediaContentType":"image/jpeg","height":"MEDIUM_HEIGHT"},"suggestions":[{"action":{"displayText":"查看物流","urlAction":{"openUrl":{"url":"https://example.com/o/123"}}}},{"reply":{"displayText":"确认收货","postback":{"data":"ok"}}},{"action":{"displayText":"客服","dialerAction":{"dialPhoneNumber":{"phoneNumber":"+8610086"}}}}]}}}}"#;

/// A card to an MMS m-send-req with a 20 KB image: parse the card, build slides and SMIL,
/// encode. Returns the MMS size.
pub fn card_to_mms(card: &[u8], image: &[u8]) -> usize {
    use rcs_fallback::rich::{self, CspFallback, FetchedMedia, Policy, RichMessage, Target};
    let body = rcs_chatbot::ChatbotBody::parse(card).expect("card");
    let mut keep = |u: &str| u.to_string();
    let mut fetch = |_: &str| {
        Some(FetchedMedia {
            content_type: "image/jpeg".into(),
            data: image.to_vec(),
        })
    };
    let f = rich::fallback(
        &RichMessage::Chatbot(&body),
        &CspFallback::default(),
        Target::Mms,
        &Policy::default(),
        &mut keep,
        &mut fetch,
    )
    .expect("fallback");
    f.mms.map_or(0, |m| m.len())
}

/// An SMS-DELIVER of 150 GSM 7-bit characters behind an SMSC address (AT PDU mode), built
/// with rcs-fallback: what a modem hands over.
pub fn deliver_pdu() -> Vec<u8> {
    use rcs_fallback::{Address, DataCoding, Deliver, Timestamp, Tpdu};
    let text = "Your parcel 4711 has shipped and arrives Tuesday between 9 and 12. Track it at https://t.example/p/4711 or reply STOP to opt out of these messages.";
    let plan = SmsPlan::new(text, &SmsOptions::default()).expect("plans");
    let ud = plan
        .user_data(&mut SequentialReferences::default())
        .remove(0);
    let deliver = Deliver {
        no_more_messages: true,
        loop_prevention: false,
        status_report_indication: false,
        reply_path: false,
        originator: Address::international("+8613800138000").expect("number"),
        protocol_id: 0,
        data_coding: DataCoding::GSM7,
        timestamp: Timestamp::new(26, 11, 21, 22, 10, 5, 32),
        user_data: ud,
    };
    let mut out = Vec::new();
    Address::encode_smsc(
        Address::international("+8613800000000").ok().as_ref(),
        &mut out,
    );
    Tpdu::Deliver(deliver).encode(&mut out);
    out
}

/// rcs-fallback: SMSC address, TPDU, text. Returns the text's length.
pub fn rcs_fallback_deliver(pdu: &[u8]) -> usize {
    let (_, n) = rcs_fallback::Address::parse_smsc(pdu).expect("smsc");
    let tpdu = rcs_fallback::Tpdu::parse(&pdu[n..]).expect("tpdu");
    tpdu.user_data()
        .and_then(UserData::text)
        .map_or(0, |t| t.len())
}

/// `sms-pdu`: `DeliverPdu::try_from`, then the message text. Returns the text's length.
pub fn sms_pdu_deliver(pdu: &[u8]) -> usize {
    let d = sms_pdu::pdu::DeliverPdu::try_from(pdu).expect("deliver");
    d.get_message_data()
        .decode_message()
        .map_or(0, |m| m.text.len())
}
