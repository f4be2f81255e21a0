//! China Mobile's OMA NetAPI XML and the multipart/mixed card + chip list body it carries.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_chatbot::cmcc::*;
use rcs_chatbot::multipart;
use rcs_chatbot::{BodyKind, ChatbotBody, ErrorKind, ParseOptions, Profile, WarningKind};
use rcs_testkit::corpus_file;

#[test]
fn corpus_cmcc_outbound_request() {
    let Some(bytes) = corpus_file(
        "chatbot",
        "cmcc-xml/outbound.carousel-chiplist-fallback.SYNTHETIC.xml",
    ) else {
        return;
    };
    let req = OutboundMessageRequest::parse(&bytes).unwrap();
    assert_eq!(req.address, ["tel:+8613800000000"]);
    assert_eq!(req.client_correlator.as_deref(), Some("567895"));
    let m = req.message.as_ref().unwrap();
    assert_eq!(
        m.service_capability,
        [(
            "ChatbotSA".to_owned(),
            "+g.gsma.rcs.botversion=\"#=1\"".to_owned()
        )]
    );
    assert_eq!(
        m.report_request,
        ["Sent", "Delivered", "Displayed", "Failed", "SMS"]
    );
    assert_eq!(
        (m.fallback_supported, m.short_message_supported),
        (Some(true), Some(true))
    );
    assert!(
        m.rcs_body_text
            .as_deref()
            .unwrap()
            .starts_with("UP1.0 fallback:")
    );
    assert!(m.sms_body_text.as_deref().unwrap().starts_with("【"));
    // The multipart body: a carousel and its chip list, Content-Lengths exact.
    let ct = m.content_type.as_deref().unwrap();
    let boundary = multipart::boundary(ct).unwrap();
    assert_eq!(boundary, "next");
    let body = m.body_text.as_deref().unwrap();
    let (parts, warnings) = multipart::parse(body, boundary, &ParseOptions::new()).unwrap();
    assert!(warnings.is_empty());
    assert_eq!(parts.len(), 2);
    assert_eq!(
        (parts[0].filename(), parts[1].filename()),
        (Some("Message"), Some("Chiplist.lst"))
    );
    let card = ChatbotBody::parse_with(parts[0].body.as_bytes(), &ParseOptions::faithful())
        .unwrap()
        .value;
    let chips = ChatbotBody::parse(parts[1].body.as_bytes()).unwrap();
    assert_eq!(
        BodyKind::from_content_type(parts[0].content_type().unwrap()),
        card.kind()
    );
    assert_eq!(
        BodyKind::from_content_type(parts[1].content_type().unwrap()),
        chips.kind()
    );
    assert_eq!(chips.kind(), Some(BodyKind::BotSuggestion));
    // The spec-era card omits mediaFileSize; the chip list's openUrl has no application.
    assert!(!card.validate(&Profile::GSMA).is_empty());
    // Rewritten from the parts' own bytes, the body is the same, byte for byte.
    let rebuilt = multipart::write(
        boundary,
        &parts
            .iter()
            .map(|p| (p.content_type().unwrap(), p.filename().unwrap(), p.body))
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert_eq!(rebuilt, body);
    // The XML writes back to the same request.
    let again = OutboundMessageRequest::parse(req.to_xml().as_bytes()).unwrap();
    assert_eq!(again, req);
}

#[test]
fn sms_text_spelling_and_unknown_elements() {
    let doc = |inner: &str| {
        format!(
            "<?xml version=\"1.0\"?><msg:outboundMessageRequest xmlns:msg=\"urn:oma:xml:rest:netapi:messaging:1\"><address>tel:+86138</address><outboundIMMessage><shortMessageSupported>true</shortMessageSupported>{inner}</outboundIMMessage></msg:outboundMessageRequest>"
        )
    };
    let r = OutboundMessageRequest::parse(doc("<smBodyText>hi &amp; bye</smBodyText><multimediaMessageSupported>false</multimediaMessageSupported><mmsSubject>s</mmsSubject>").as_bytes()).unwrap();
    let m = r.message.as_ref().unwrap();
    assert_eq!(m.sms_body_text.as_deref(), Some("hi & bye"));
    assert_eq!(m.sms_text_element, SmsTextElement::SmBodyText);
    assert_eq!(m.mms("mmsSubject"), Some("s"));
    assert!(r.to_xml().contains("<smBodyText>hi &amp; bye</smBodyText>"));
    assert_eq!(
        OutboundMessageRequest::parse(r.to_xml().as_bytes()).unwrap(),
        r
    );

    let unknown = doc("<colour>red</colour>");
    let e = OutboundMessageRequest::parse(unknown.as_bytes()).unwrap_err();
    assert_eq!(
        (e.kind(), e.field().unwrap_or("")),
        (ErrorKind::UnknownMember, "/outboundIMMessage/colour")
    );
    assert!(e.line() == 1 && e.column() > 100, "{e}");
    let (r, w) =
        OutboundMessageRequest::parse_with(unknown.as_bytes(), &ParseOptions::faithful()).unwrap();
    assert_eq!(w[0].kind, WarningKind::UnknownMember);
    assert_eq!(
        r.message.unwrap().extra,
        [("colour".to_owned(), "red".to_owned())]
    );

    let bad_bool = doc("<storeSupported>yes</storeSupported>");
    assert_eq!(
        OutboundMessageRequest::parse(bad_bool.as_bytes())
            .unwrap_err()
            .kind(),
        ErrorKind::WrongType
    );
    let wrong_ns = "<outboundMessageRequest xmlns=\"urn:x\"/>";
    assert_eq!(
        OutboundMessageRequest::parse(wrong_ns.as_bytes())
            .unwrap_err()
            .kind(),
        ErrorKind::WrongType
    );
    let dtd = "<!DOCTYPE x [<!ENTITY a \"b\">]><msg:outboundMessageRequest xmlns:msg=\"urn:oma:xml:rest:netapi:messaging:1\"/>";
    assert_eq!(
        OutboundMessageRequest::parse(dtd.as_bytes())
            .unwrap_err()
            .kind(),
        ErrorKind::Syntax
    );
    let cdata_end = OutboundMessageRequest {
        message: Some(OutboundImMessage {
            body_text: Some("a]]>b".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        OutboundMessageRequest::parse(cdata_end.to_xml().as_bytes()).unwrap(),
        cdata_end
    );
}

#[test]
fn card_with_chip_list_body() {
    use rcs_chatbot::{CardBuilder, ChipListBuilder, RichCardBuilder, Suggestion};
    let card = RichCardBuilder::vertical(CardBuilder::new().title("标题"))
        .build(&Profile::CTCU)
        .unwrap();
    let chips = ChipListBuilder::new()
        .suggestion(Suggestion::new_reply("是", None))
        .build(&Profile::CTCU)
        .unwrap();
    let (ct, body) = multipart::card_with_chip_list(&card, &chips, "next").unwrap();
    assert_eq!(ct, "multipart/mixed; boundary=\"next\"");
    let (parts, _) = multipart::parse(
        &body,
        multipart::boundary(&ct).unwrap(),
        &ParseOptions::new(),
    )
    .unwrap();
    assert_eq!(ChatbotBody::parse(parts[0].body.as_bytes()).unwrap(), card);
    assert_eq!(ChatbotBody::parse(parts[1].body.as_bytes()).unwrap(), chips);
    assert_eq!(
        parts[0].header("Content-Length"),
        Some(parts[0].body.len().to_string().as_str())
    );
    // A wrong Content-Length: an error when strict, a warning when lenient.
    let wrong = body.replacen(
        &format!("Content-Length: {}", parts[0].body.len()),
        "Content-Length: 3",
        1,
    );
    assert!(matches!(
        multipart::parse(&wrong, "next", &ParseOptions::new()),
        Err(multipart::MultipartError::ContentLength {
            part: 0,
            declared: 3,
            ..
        })
    ));
    let (_, w) = multipart::parse(&wrong, "next", &ParseOptions::faithful()).unwrap();
    assert_eq!(
        (w[0].kind, w[0].pointer.as_str()),
        (WarningKind::ContentLength, "/0")
    );
    assert!(multipart::parse("--next\r\nA: b\r\n\r\nx", "next", &ParseOptions::new()).is_err());
    assert_eq!(
        multipart::write("x", &[("t", "f", "a--xb")]),
        Err(multipart::MultipartError::BoundaryInBody)
    );
}

#[test]
fn send_requests() {
    let req = OutboundMessageRequest {
        address: vec!["tel:+8613800000000".into()],
        sender_address: Some("sip:1065@botplatform.rcs.example.cn".into()),
        message: Some(OutboundImMessage {
            content_type: Some("text/plain".into()),
            content_encoding: Some("utf8".into()),
            body_text: Some("你好".into()),
            in_reply_to_contribution_id: Some("c1".into()),
            ..Default::default()
        }),
        ..Default::default()
    };
    let api = CmccApi::new("https://maap.example.cn:8443/base/", "v1");
    let r = api.send("Bearer abc", &req).unwrap();
    assert_eq!(
        r.uri().to_string(),
        "https://maap.example.cn:8443/base/messaging/v1/outbound/sip%3A1065%40botplatform.rcs.example.cn/requests"
    );
    assert_eq!(r.headers()["content-type"], "application/xml");
    assert_eq!(r.headers()["authorization"], "Bearer abc");
    assert_eq!(OutboundMessageRequest::parse(r.body()).unwrap(), req);
    let g = api.send_group("Bearer abc", &req).unwrap();
    assert!(
        g.uri()
            .path()
            .starts_with("/base/messaging/group/plain/outbound/")
    );
}

#[test]
fn notifications_from_requests() {
    let ns = "xmlns:msg=\"urn:oma:xml:rest:netapi:messaging:1\"";
    let delivery = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><msg:deliveryInfoNotification {ns}><deliveryInfo><address>tel:+8613800000000</address><messageId>m1</messageId><deliveryStatus>DeliveredToTerminal</deliveryStatus></deliveryInfo><callbackData>cb</callbackData></msg:deliveryInfoNotification>"
    );
    let req = http::Request::post("/notify")
        .body(delivery.clone().into_bytes())
        .unwrap();
    let (n, w) = CmccNotification::from_request(&req, &ParseOptions::new()).unwrap();
    assert!(w.is_empty());
    let CmccNotification::Delivery(d) = n else {
        panic!()
    };
    assert_eq!(
        d.delivery_info[0].delivery_status.as_deref(),
        Some("DeliveredToTerminal")
    );
    assert_eq!(d.callback_data.as_deref(), Some("cb"));

    let inbound = format!(
        "<msg:inboundMessageNotification {ns}><inboundMessage><destinationAddress>sip:1065@bot.example.cn</destinationAddress><senderAddress>tel:+8613800000000</senderAddress><dateTime>2026-11-21T20:00:00+08:00</dateTime><messageId>u1</messageId><inboundIMMessage><contentType>text/plain</contentType><conversationID>c</conversationID><bodyText>你好</bodyText><weather>fine</weather></inboundIMMessage></inboundMessage></msg:inboundMessageNotification>"
    );
    let req = http::Request::post("/notify")
        .body(inbound.into_bytes())
        .unwrap();
    let e = CmccNotification::from_request(&req, &ParseOptions::new()).unwrap_err();
    let rcs_chatbot::ctcu::NotificationError::Body(e) = e else {
        panic!()
    };
    assert_eq!(
        e.field().unwrap_or(""),
        "/inboundMessage/inboundIMMessage/weather"
    );
    let (n, w) = CmccNotification::from_request(&req, &ParseOptions::faithful()).unwrap();
    assert_eq!(w.len(), 1);
    let CmccNotification::Inbound(i) = n else {
        panic!()
    };
    let m = i.message.unwrap();
    assert_eq!(m.sender_address.as_deref(), Some("tel:+8613800000000"));
    assert_eq!(m.im_message.unwrap().body_text.as_deref(), Some("你好"));

    let other = http::Request::post("/notify")
        .body(b"<x/>".to_vec())
        .unwrap();
    assert!(CmccNotification::from_request(&other, &ParseOptions::new()).is_err());
    let get = http::Request::get("/notify")
        .body(delivery.into_bytes())
        .unwrap();
    assert!(CmccNotification::from_request(&get, &ParseOptions::new()).is_err());
}

/// CSP code and the fallback corpus write the request without the NetAPI namespace: strict
/// reading refuses it as the wrong document, lenient reading takes it and says so.
#[test]
fn root_without_namespace_is_lenient_only() {
    use rcs_chatbot::cmcc::OutboundMessageRequest;
    use rcs_chatbot::{ParseOptions, WarningKind};
    let xml = b"<outboundMessageRequest><address>tel:+8613800138000</address><outboundIMMessage><bodyText>hi</bodyText><smsBodyText>hi</smsBodyText></outboundIMMessage></outboundMessageRequest>";
    assert!(OutboundMessageRequest::parse(xml).is_err());
    let (r, warnings) = OutboundMessageRequest::parse_with(xml, &ParseOptions::lenient()).unwrap();
    assert_eq!(warnings[0].kind, WarningKind::MissingNamespace);
    assert_eq!(r.message.unwrap().sms_body_text.as_deref(), Some("hi"));
    // Another namespace is still the wrong document.
    let other = b"<outboundMessageRequest xmlns=\"urn:example\"/>";
    assert!(OutboundMessageRequest::parse_with(other, &ParseOptions::lenient()).is_err());
}
