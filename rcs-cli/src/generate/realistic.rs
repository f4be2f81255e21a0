//! Realistic RCS traffic: the messages a 5G Messaging network carries most (pager MESSAGE with
//! CPIM, chat INVITE with an MSRP offer, capability OPTIONS, REGISTER, conference SUBSCRIBE and
//! their responses; MSRP SEND/REPORT; IMDN; chatbot cards, carousels and chip lists; SMS and
//! gateway submits of planned texts; MMS m-send-req), their fields varied by the generator.

use std::fmt::Write as _;

use super::{GenProto, Rng};

const DOMAINS: &[&str] = &[
    "ims.mnc000.mcc460.3gppnetwork.org",
    "ims.mnc001.mcc460.3gppnetwork.org",
    "ims.mnc011.mcc460.3gppnetwork.org",
    "rcs.example.cn",
];
const BOT_DOMAIN: &str = "botplatform.rcs.example.cn";
const TRANSPORTS: &[&str] = &["UDP", "TCP", "TLS"];
const TEXTS: &[&str] = &[
    "您的验证码是 {n}，5 分钟内有效。",
    "Your verification code is {n}.",
    "晚上一起吃饭吗？",
    "See you at 7 👋",
    "订单 {n} 已发货，预计明天送达。",
    "Meeting moved to room {n}",
    "好的",
    "ok",
    "Price: 12€ [incl.] {x} ~ | \\ ^",
    "Ünïcödé ÄÖÜ äöü ß",
];
const CARD_TITLES: &[&str] = &[
    "订单已发货",
    "Your order has shipped",
    "限时优惠",
    "Flight CA1234 boards at gate {n}",
    "账单提醒",
    "Welcome to 5G messaging",
];
const LABELS: &[&str] = &[
    "查看详情",
    "Track",
    "联系客服",
    "Call us",
    "是",
    "否",
    "Open website",
    "退订",
    "Show on map",
    "Add to calendar",
];

fn phone(rng: &mut Rng) -> String {
    format!("+86138{:08}", rng.range(0, 99_999_999))
}

fn ip(rng: &mut Rng) -> String {
    if rng.chance(0.2) {
        format!("[2001:db8::{:x}]", rng.range(1, 0xffff))
    } else {
        format!(
            "10.{}.{}.{}",
            rng.range(0, 255),
            rng.range(0, 255),
            rng.range(1, 254)
        )
    }
}

fn text(rng: &mut Rng) -> String {
    rng.pick(TEXTS)
        .replace("{n}", &rng.range(100_000, 999_999).to_string())
}

fn title(rng: &mut Rng) -> String {
    rng.pick(CARD_TITLES)
        .replace("{n}", &rng.range(1, 99).to_string())
}

/// A SIP message of its start line and headers, Content-Length written from the body.
fn sip(start: &str, headers: &[String], body: &str, content_type: Option<&str>) -> Vec<u8> {
    let mut s = String::new();
    let _ = write!(s, "{start}\r\n");
    for h in headers {
        let _ = write!(s, "{h}\r\n");
    }
    if let Some(ct) = content_type {
        let _ = write!(s, "Content-Type: {ct}\r\n");
    }
    let _ = write!(s, "Content-Length: {}\r\n\r\n{body}", body.len());
    s.into_bytes()
}

/// The headers every request or response of a transaction carries.
struct Dialog {
    via: String,
    from: String,
    to: String,
    call_id: String,
    cseq: u64,
    contact: String,
}

impl Dialog {
    fn new(rng: &mut Rng, from_uri: &str, to_uri: &str) -> Self {
        let transport = *rng.pick(TRANSPORTS);
        let host = ip(rng);
        let port = rng.range(1024, 65535);
        Self {
            via: format!(
                "Via: SIP/2.0/{transport} {host}:{port};branch=z9hG4bK{};rport",
                rng.token(16)
            ),
            from: format!("From: <{from_uri}>;tag={}", rng.token(10)),
            to: format!("To: <{to_uri}>"),
            call_id: format!("Call-ID: {}@{host}", rng.token(20)),
            cseq: rng.range(1, 50_000),
            contact: format!(
                "Contact: <sip:{}@{host}:{port};transport={}>",
                rng.token(6),
                transport.to_ascii_lowercase()
            ),
        }
    }

    fn request(&self, method: &str, extra: &[String]) -> Vec<String> {
        let mut h = vec![
            self.via.clone(),
            "Max-Forwards: 70".into(),
            self.from.clone(),
            self.to.clone(),
            self.call_id.clone(),
            format!("CSeq: {} {method}", self.cseq),
        ];
        h.extend_from_slice(extra);
        h
    }

    fn response(&self, method: &str, rng: &mut Rng, extra: &[String]) -> Vec<String> {
        let mut h = vec![
            self.via.clone(),
            self.from.clone(),
            format!("{};tag={}", self.to, rng.token(10)),
            self.call_id.clone(),
            format!("CSeq: {} {method}", self.cseq),
        ];
        h.extend_from_slice(extra);
        h
    }
}

const CHAT_TAG: &str = "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\"";
const PAGER_TAG: &str = "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\"";
const CAPS: &str = "+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg,urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.session\";+g.3gpp.iari-ref=\"urn%3Aurn-7%3A3gpp-application.ims.iari.rcs.fthttp,urn%3Aurn-7%3A3gpp-application.ims.iari.rcs.chatbot\";+g.gsma.rcs.botversion=\"#=1,#=2\"";

fn sip_message(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let domain = *rng.pick(DOMAINS);
    let me = format!("sip:{}@{domain}", phone(rng));
    let bot = rng.chance(0.3);
    let peer = if bot {
        format!("sip:bot{}@{BOT_DOMAIN}", rng.range(100, 999))
    } else {
        format!("sip:{}@{domain}", phone(rng))
    };
    let d = Dialog::new(rng, &me, &peer);
    match rng.below(8) {
        0 | 1 => {
            let body = cpim_text(rng, &me, &peer);
            let h = d.request(
                "MESSAGE",
                &[
                    format!("P-Preferred-Identity: <{me}>"),
                    format!("Accept-Contact: *;{PAGER_TAG}"),
                    "P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.msg".into(),
                ],
            );
            (
                sip(
                    &format!("MESSAGE {peer} SIP/2.0"),
                    &h,
                    &body,
                    Some("message/cpim"),
                ),
                "sip-pager-message",
            )
        }
        2 => {
            let body = sdp_chat(rng);
            let h = d.request(
                "INVITE",
                &[
                    format!("{};{CHAT_TAG}", d.contact),
                    format!("Accept-Contact: *;{CHAT_TAG}"),
                    "P-Preferred-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session".into(),
                    format!("Contribution-ID: {}", rng.token(32)),
                    format!("Conversation-ID: {}", rng.token(32)),
                    "Supported: timer".into(),
                ],
            );
            (
                sip(
                    &format!("INVITE {peer} SIP/2.0"),
                    &h,
                    &body,
                    Some("application/sdp"),
                ),
                "sip-chat-invite",
            )
        }
        3 => {
            let h = d.request(
                "OPTIONS",
                &[
                    format!("{};{CAPS}", d.contact),
                    format!("Accept-Contact: *;{CAPS}"),
                    "Accept: application/sdp".into(),
                ],
            );
            (
                sip(&format!("OPTIONS {peer} SIP/2.0"), &h, "", None),
                "sip-capability-options",
            )
        }
        4 => {
            let h = d.response("MESSAGE", rng, &[]);
            (sip("SIP/2.0 200 OK", &h, "", None), "sip-200-message")
        }
        5 => {
            let body = sdp_chat(rng);
            let h = d.response("INVITE", rng, &[format!("{};{CHAT_TAG}", d.contact)]);
            (
                sip("SIP/2.0 200 OK", &h, &body, Some("application/sdp")),
                "sip-200-invite",
            )
        }
        6 => {
            let d = Dialog::new(rng, &me, &me);
            let h = d.request(
                "REGISTER",
                &[
                    format!(
                        "{};+sip.instance=\"<urn:gsma:imei:{}-{}-0>\";{CAPS}",
                        d.contact,
                        rng.range(10_000_000, 99_999_999),
                        rng.range(100_000, 999_999)
                    ),
                    format!("Expires: {}", rng.pick(&[600, 3600, 7200, 0])),
                    "Supported: path, gruu".into(),
                    format!(
                        "Authorization: Digest username=\"{}@{domain}\",realm=\"{domain}\",uri=\"sip:{domain}\",nonce=\"\",response=\"\"",
                        &me[4..me.find('@').unwrap_or(4)]
                    ),
                ],
            );
            (
                sip(&format!("REGISTER sip:{domain} SIP/2.0"), &h, "", None),
                "sip-register",
            )
        }
        _ => {
            let conf = format!("sip:conf{}@{domain}", rng.range(1000, 9999));
            let d = Dialog::new(rng, &me, &conf);
            let h = d.request(
                "SUBSCRIBE",
                &[
                    d.contact.clone(),
                    "Event: conference".into(),
                    "Accept: application/conference-info+xml".into(),
                    format!("Expires: {}", rng.pick(&[0, 600, 3600])),
                ],
            );
            (
                sip(&format!("SUBSCRIBE {conf} SIP/2.0"), &h, "", None),
                "sip-conference-subscribe",
            )
        }
    }
}

/// A realistic skeleton with a library-made message's extension headers added: the whole
/// header grammar, on a message that stays valid.
pub(super) fn sip_with_extensions(rng: &mut Rng, made: &rcs_sip::Message<'_>) -> Vec<u8> {
    let (bytes, _) = sip_message(rng);
    let Some(split) = bytes.windows(2).position(|w| w == b"\r\n") else {
        return bytes;
    };
    let mut extra = String::new();
    for h in made.headers() {
        // Only headers no transaction or dialog rule reads.
        if h.name().starts_with("X-") || matches!(h.name(), "Supported" | "Subject" | "Warning") {
            let _ = write!(extra, "{}: {}\r\n", h.raw_name(), h.value());
        }
    }
    let mut out = bytes[..split + 2].to_vec();
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&bytes[split + 2..]);
    out
}

fn sdp_chat(rng: &mut Rng) -> String {
    let host = ip(rng);
    let (family, host) = if host.starts_with('[') {
        ("IP6", host.trim_matches(['[', ']']).to_owned())
    } else {
        ("IP4", host)
    };
    let port = rng.range(1024, 65535);
    let session = rng.range(1, u64::from(u32::MAX));
    let path_host = if family == "IP6" {
        format!("[{host}]")
    } else {
        host.clone()
    };
    format!(
        "v=0\r\no=- {session} {session} IN {family} {host}\r\ns=-\r\nc=IN {family} {host}\r\nt=0 0\r\n\
m=message {port} TCP/MSRP *\r\na=accept-types:message/cpim application/im-iscomposing+xml\r\n\
a=accept-wrapped-types:text/plain message/imdn+xml application/vnd.gsma.rcs-ft-http+xml application/vnd.gsma.botmessage.v1.0+json application/vnd.gsma.botsuggestion.v1.0+json\r\n\
a=path:msrp://{path_host}:{port}/{};tcp\r\na=setup:{}\r\na=sendrecv\r\n",
        rng.token(12),
        rng.pick(&["active", "passive", "actpass"]),
    )
}

fn sdp(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    match rng.below(3) {
        0 => (sdp_chat(rng).into_bytes(), "sdp-msrp-chat"),
        1 => {
            let host = format!("10.0.{}.{}", rng.range(0, 255), rng.range(1, 254));
            let port = rng.range(1024, 65535);
            let session = rng.range(1, u64::from(u32::MAX));
            let name = rng.pick(&["photo.jpg", "合同.pdf", "video.mp4"]);
            let ct = match *name {
                "photo.jpg" => "image/jpeg",
                "video.mp4" => "video/mp4",
                _ => "application/pdf",
            };
            (
                format!(
                    "v=0\r\no=- {session} {session} IN IP4 {host}\r\ns=-\r\nc=IN IP4 {host}\r\nt=0 0\r\n\
m=message {port} TCP/MSRP *\r\na=accept-types:{ct}\r\n\
a=file-selector:name:\"{name}\" type:{ct} size:{}\r\na=file-transfer-id:{}\r\n\
a=file-disposition:attachment\r\na=sendonly\r\na=path:msrp://{host}:{port}/{};tcp\r\na=setup:actpass\r\n",
                    rng.range(1, 10_000_000),
                    rng.token(16),
                    rng.token(12)
                )
                .into_bytes(),
                "sdp-msrp-file-transfer",
            )
        }
        _ => {
            let host = format!("10.1.{}.{}", rng.range(0, 255), rng.range(1, 254));
            let port = 2 * rng.range(5000, 30000);
            let session = rng.range(1, u64::from(u32::MAX));
            (
                format!(
                    "v=0\r\no=- {session} {session} IN IP4 {host}\r\ns=-\r\nc=IN IP4 {host}\r\nt=0 0\r\n\
m=audio {port} RTP/AVP 96 97\r\na=rtpmap:96 AMR-WB/16000\r\na=fmtp:96 mode-change-capability=2;max-red=0\r\n\
a=rtpmap:97 telephone-event/16000\r\na=ptime:20\r\na=sendrecv\r\n"
                )
                .into_bytes(),
                "sdp-volte-audio",
            )
        }
    }
}

fn cpim_text(rng: &mut Rng, from: &str, to: &str) -> String {
    let body = text(rng);
    format!(
        "From: <{from}>\r\nTo: <{to}>\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: {}\r\n\
DateTime: 2026-12-{:02}T{:02}:{:02}:{:02}.000+08:00\r\nimdn.Disposition-Notification: positive-delivery, display\r\n\r\n\
Content-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        rng.token(16),
        rng.range(1, 28),
        rng.range(0, 23),
        rng.range(0, 59),
        rng.range(0, 59),
        body.len()
    )
}

fn cpim(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let domain = *rng.pick(DOMAINS);
    let from = format!("sip:{}@{domain}", phone(rng));
    let to = format!("sip:{}@{domain}", phone(rng));
    match rng.below(3) {
        0 | 1 => (cpim_text(rng, &from, &to).into_bytes(), "cpim-text"),
        _ => {
            let body = imdn_xml(rng);
            (
                format!(
                    "From: <{from}>\r\nTo: <{to}>\r\nNS: imdn <urn:ietf:params:imdn>\r\nimdn.Message-ID: {}\r\n\
DateTime: 2026-12-05T10:00:00.000Z\r\n\r\nContent-Type: message/imdn+xml\r\nContent-Disposition: notification\r\n\
Content-Length: {}\r\n\r\n{body}",
                    rng.token(16),
                    body.len()
                )
                .into_bytes(),
                "cpim-imdn",
            )
        }
    }
}

fn imdn_xml(rng: &mut Rng) -> String {
    imdn_named(rng).0
}

/// An IMDN and its template's name (the notification it is).
fn imdn_named(rng: &mut Rng) -> (String, &'static str) {
    let (kind, status, name) = *rng.pick(&[
        ("delivery-notification", "delivered", "imdn-delivered"),
        ("delivery-notification", "failed", "imdn-failed"),
        ("display-notification", "displayed", "imdn-displayed"),
        ("processing-notification", "processed", "imdn-processed"),
    ]);
    let recipient = if rng.chance(0.5) {
        format!("<recipient-uri>tel:{}</recipient-uri>", phone(rng))
    } else {
        String::new()
    };
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<imdn xmlns=\"urn:ietf:params:xml:ns:imdn\">\
<message-id>{}</message-id><datetime>2026-12-05T10:{:02}:{:02}.000Z</datetime>{recipient}\
<{kind}><status><{status}/></status></{kind}></imdn>",
        rng.token(16),
        rng.range(0, 59),
        rng.range(0, 59)
    );
    (xml, name)
}

fn msrp(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let tid = rng.token(12);
    let to = format!(
        "msrp://10.0.0.{}:{}/{};tcp",
        rng.range(1, 254),
        rng.range(1024, 65535),
        rng.token(10)
    );
    let from = format!(
        "msrp://10.0.1.{}:{}/{};tcp",
        rng.range(1, 254),
        rng.range(1024, 65535),
        rng.token(10)
    );
    let mid = rng.token(16);
    match rng.below(4) {
        0 | 1 => {
            let domain = *rng.pick(DOMAINS);
            let sender = format!("sip:{}@{domain}", phone(rng));
            let recipient = format!("sip:{}@{domain}", phone(rng));
            let body = cpim_text(rng, &sender, &recipient);
            let n = body.len();
            (
                format!(
                    "MSRP {tid} SEND\r\nTo-Path: {to}\r\nFrom-Path: {from}\r\nMessage-ID: {mid}\r\n\
Success-Report: no\r\nFailure-Report: yes\r\nByte-Range: 1-{n}/{n}\r\nContent-Type: message/cpim\r\n\r\n{body}\r\n-------{tid}$\r\n"
                )
                .into_bytes(),
                "msrp-send-cpim",
            )
        }
        2 => (
            format!("MSRP {tid} 200 OK\r\nTo-Path: {from}\r\nFrom-Path: {to}\r\n-------{tid}$\r\n")
                .into_bytes(),
            "msrp-200",
        ),
        _ => {
            let n = rng.range(1, 100_000);
            (
                format!(
                    "MSRP {tid} REPORT\r\nTo-Path: {from}\r\nFrom-Path: {to}\r\nMessage-ID: {mid}\r\n\
Byte-Range: 1-{n}/{n}\r\nStatus: 000 200 OK\r\n-------{tid}$\r\n"
                )
                .into_bytes(),
                "msrp-report",
            )
        }
    }
}

fn suggestion(rng: &mut Rng) -> serde_json::Value {
    let label = *rng.pick(LABELS);
    let data = rng.token(8);
    match rng.below(4) {
        0 => serde_json::json!({"reply": {"displayText": label, "postback": {"data": data}}}),
        1 => {
            serde_json::json!({"action": {"urlAction": {"openUrl": {"url": format!("https://m.example.cn/{}", rng.token(6)), "application": "browser"}},
            "displayText": label, "postback": {"data": data}}})
        }
        2 => {
            serde_json::json!({"action": {"dialerAction": {"dialPhoneNumber": {"phoneNumber": phone(rng)}},
            "displayText": label, "postback": {"data": data}}})
        }
        _ => serde_json::json!({"action": {"mapAction": {"showLocation": {"location": {
            "latitude": 30.25, "longitude": 120.14, "label": "西湖"}}},
            "displayText": label, "postback": {"data": data}}}),
    }
}

fn card_content(rng: &mut Rng, suggestions: usize, small: bool) -> serde_json::Value {
    let mut c = serde_json::json!({
        "title": title(rng),
        "description": text(rng),
    });
    if rng.chance(0.8) {
        let video = rng.chance(0.2);
        c["media"] = serde_json::json!({
            "mediaUrl": format!("https://cdn.example.cn/m/{}.{}", rng.token(8), if video { "mp4" } else { "jpg" }),
            "mediaContentType": if video { "video/mp4" } else { "image/jpeg" },
            "mediaFileSize": rng.range(1000, 2_000_000),
            "height": *rng.pick(if small { &["SHORT_HEIGHT", "MEDIUM_HEIGHT"][..] } else { &["SHORT_HEIGHT", "MEDIUM_HEIGHT", "TALL_HEIGHT"][..] }),
        });
    }
    if suggestions > 0 {
        c["suggestions"] = (0..suggestions).map(|_| suggestion(rng)).collect();
    }
    c
}

fn chatbot(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    let (v, name) = match rng.below(3) {
        0 => {
            let n = rng.below(5);
            let horizontal = rng.chance(0.3);
            let mut layout = serde_json::json!({"cardOrientation": if horizontal { "HORIZONTAL" } else { "VERTICAL" }});
            if horizontal {
                layout["imageAlignment"] = (*rng.pick(&["LEFT", "RIGHT"])).into();
            }
            (
                serde_json::json!({"message": {"generalPurposeCard": {"layout": layout, "content": card_content(rng, n, false)}}}),
                "chatbot-card",
            )
        }
        1 => {
            let small = rng.chance(0.5);
            let cards = 2 + rng.below(5);
            (
                serde_json::json!({"message": {"generalPurposeCardCarousel": {
                    "layout": {"cardWidth": if small { "SMALL_WIDTH" } else { "MEDIUM_WIDTH" }},
                    "content": (0..cards).map(|_| { let n = rng.below(3); card_content(rng, n, small) }).collect::<Vec<_>>(),
                }}}),
                "chatbot-carousel",
            )
        }
        _ => {
            let n = 1 + rng.below(11);
            (
                serde_json::json!({"suggestions": (0..n).map(|_| suggestion(rng)).collect::<Vec<_>>()}),
                "chatbot-chip-list",
            )
        }
    };
    (v.to_string().into_bytes(), name)
}

fn tpdu(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    use rcs_fallback::{
        Address, DataCoding, Deliver, SequentialReferences, SmsOptions, SmsPlan, Submit, Timestamp,
        Tpdu,
    };
    let body = text(rng);
    let long = if rng.chance(0.3) {
        body.repeat(8)
    } else {
        body
    };
    let Ok(plan) = SmsPlan::new(&long, &SmsOptions::default()) else {
        return (Vec::new(), "tpdu-none");
    };
    let dest = Address::international(&phone(rng)).or_else(|_| Address::unknown("10086"));
    let Ok(dest) = dest else {
        return (Vec::new(), "tpdu-none");
    };
    let mut refs = SequentialReferences::starting_at(rng.range(0, 255) as u16);
    let parts = Submit::for_plan(&plan, &dest, &mut refs);
    let Some(part) = parts.get(rng.below(parts.len())).cloned() else {
        return (Vec::new(), "tpdu-none");
    };
    if rng.chance(0.5) {
        (Tpdu::Submit(part).to_bytes().to_vec(), "tpdu-submit")
    } else {
        let originator = Address::unknown(&format!("1069{}", rng.range(1000, 9999)))
            .unwrap_or(part.destination.clone());
        let d = Deliver {
            no_more_messages: true,
            loop_prevention: false,
            status_report_indication: false,
            reply_path: false,
            originator,
            protocol_id: 0,
            data_coding: DataCoding::for_alphabet(part.user_data.alphabet),
            timestamp: Timestamp::new(
                26,
                12,
                rng.range(1, 28) as u8,
                rng.range(0, 23) as u8,
                rng.range(0, 59) as u8,
                rng.range(0, 59) as u8,
                32,
            ),
            user_data: part.user_data,
        };
        (Tpdu::Deliver(d).to_bytes().to_vec(), "tpdu-deliver")
    }
}

fn smpp(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    use rcs_fallback::gateway::smpp::{ShortMessage, SmppAddress, SmppBody, SmppPdu, command};
    use std::borrow::Cow;
    let text: Vec<u16> = text(rng).encode_utf16().take(70).collect();
    let ucs2: Vec<u8> = text.iter().flat_map(|u| u.to_be_bytes()).collect();
    let deliver = rng.chance(0.3);
    let sm = ShortMessage {
        service_type: Cow::Borrowed(b""),
        source: SmppAddress {
            ton: 5,
            npi: 0,
            address: Cow::Owned(format!("1069{}", rng.range(1000, 9999)).into_bytes()),
        },
        destination: SmppAddress {
            ton: 1,
            npi: 1,
            address: Cow::Owned(phone(rng).trim_start_matches('+').as_bytes().to_vec()),
        },
        esm_class: 0,
        protocol_id: 0,
        priority_flag: 0,
        schedule_delivery_time: Cow::Borrowed(b""),
        validity_period: Cow::Borrowed(b""),
        registered_delivery: u8::from(rng.chance(0.7)),
        replace_if_present: 0,
        data_coding: 8,
        sm_default_msg_id: 0,
        short_message: Cow::Owned(ucs2),
        tlvs: Vec::new(),
    };
    let pdu = SmppPdu {
        command_id: if deliver {
            command::DELIVER_SM
        } else {
            command::SUBMIT_SM
        },
        command_status: 0,
        sequence_number: rng.range(1, 0x7fff_ffff) as u32,
        body: SmppBody::ShortMessage(sm),
    };
    (
        pdu.to_bytes().to_vec(),
        if deliver {
            "smpp-deliver-sm"
        } else {
            "smpp-submit-sm"
        },
    )
}

/// An m-send-req with the given parts (a SMIL first when there is none).
pub(super) fn mms_with_parts(rng: &mut Rng, parts: &[rcs_fallback::mms::NewPart]) -> Vec<u8> {
    use rcs_fallback::mms::{MessageType, MmsBuilder, field};
    MmsBuilder::new(MessageType::SendReq, Some(&rng.token(10)), (1, 2))
        .from(None)
        .text(field::TO, &format!("{}/TYPE=PLMN", phone(rng)))
        .text(field::SUBJECT, &title(rng))
        .related(parts)
}

fn mms(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    use rcs_fallback::mms::NewPart;
    let smil = NewPart::new(
        "application/smil",
        "smil",
        "smil.xml",
        b"<smil><body><par><img src=\"p.jpg\"/><text src=\"t.txt\"/></par></body></smil>".to_vec(),
    );
    let text = NewPart::new("text/plain", "t", "t.txt", text(rng).into_bytes());
    let mut parts = vec![smil, text];
    if rng.chance(0.5) {
        // A tiny JPEG-like payload: MMS readers do not decode media.
        parts.push(NewPart::new("image/jpeg", "p", "p.jpg", {
            let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
            v.extend(std::iter::repeat_n(0x42, rng.range(16, 512) as usize));
            v.extend([0xFF, 0xD9]);
            v
        }));
    }
    (mms_with_parts(rng, &parts), "mms-send-req")
}

/// A realistic message of `proto` and its template's name.
pub(super) fn message(proto: GenProto, rng: &mut Rng) -> (Vec<u8>, &'static str) {
    match proto {
        GenProto::Sip => sip_message(rng),
        GenProto::Sdp => sdp(rng),
        GenProto::Msrp => msrp(rng),
        GenProto::Cpim => cpim(rng),
        GenProto::Imdn => {
            let (xml, name) = imdn_named(rng);
            (xml.into_bytes(), name)
        }
        GenProto::Chatbot => chatbot(rng),
        GenProto::Tpdu => tpdu(rng),
        GenProto::Smpp => smpp(rng),
        GenProto::Cmpp => cmpp(rng),
        GenProto::Mms => mms(rng),
    }
}

fn cmpp(rng: &mut Rng) -> (Vec<u8>, &'static str) {
    use rcs_fallback::gateway::cmpp::{CmppBody, CmppPdu, CmppVersion, Submit, command};
    use std::borrow::Cow;
    if rng.chance(0.3) {
        // The rest of the protocol (CONNECT, DELIVER, reports, responses) from the library.
        for _ in 0..64 {
            if let Some(p) = super::from_arbitrary::<CmppPdu<'static>>(rng, 512) {
                return (p.to_bytes().to_vec(), "arbitrary");
            }
        }
    }
    let units: Vec<u16> = text(rng).encode_utf16().take(70).collect();
    let content: Vec<u8> = units.iter().flat_map(|u| u.to_be_bytes()).collect();
    let dest = phone(rng).trim_start_matches("+86").to_owned();
    let submit = Submit {
        msg_id: 0,
        pk_total: 1,
        pk_number: 1,
        registered_delivery: u8::from(rng.chance(0.7)),
        msg_level: 0,
        service_id: Cow::Borrowed(b"MRCS"),
        fee_user_type: 0,
        fee_terminal_id: Cow::Borrowed(b""),
        fee_terminal_type: 0,
        tp_pid: 0,
        tp_udhi: 0,
        msg_fmt: 8,
        msg_src: Cow::Owned(format!("{:06}", rng.range(0, 999_999)).into_bytes()),
        fee_type: Cow::Borrowed(b"02"),
        fee_code: Cow::Borrowed(b"000010"),
        valid_time: Cow::Borrowed(b""),
        at_time: Cow::Borrowed(b""),
        src_id: Cow::Owned(format!("1069{}", rng.range(1000, 9999)).into_bytes()),
        dest_terminal_ids: vec![Cow::Owned(dest.into_bytes())],
        dest_terminal_type: 0,
        msg_content: Cow::Owned(content),
        reserve: Cow::Borrowed(b""),
    };
    let pdu = CmppPdu {
        version: CmppVersion::V30,
        command_id: command::SUBMIT,
        sequence_id: rng.range(1, 0x7fff_ffff) as u32,
        body: CmppBody::Submit(submit),
    };
    (pdu.to_bytes().to_vec(), "cmpp-submit")
}
