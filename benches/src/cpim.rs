//! The subjects the CPIM bench times (`benches/cpim.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

/// rcsjta's RCS 1-to-1 chat message: anonymous From/To, NS imdn, IMDN Message-ID and
/// Disposition-Notification, text content (`cpim/rcsjta-cpim-imdn-positive-delivery.cpim`).
pub fn imdn_text() -> Vec<u8> {
    rcs_testkit::corpus_file("cpim", "rcsjta-cpim-imdn-positive-delivery.cpim")
        .unwrap_or_else(|| panic!("the bench needs the corpus"))
}

/// rcs-cpim: parse, then what a chat server reads: the IMDN Message-ID, whether a delivery
/// notification is wanted, the content type and the content.
pub fn rcs_cpim(input: &[u8]) -> usize {
    let m = rcs_cpim::Message::parse(input).unwrap();
    let id = m.imdn_message_id().unwrap().len();
    let wants = usize::from(m.wants(rcs_cpim::Notification::PositiveDelivery));
    // Typed (checked as a media type); the raw value's length, as the peer gives it.
    let ct = m.content_type().unwrap().unwrap();
    assert!(ct.is("text", "plain"));
    let ct = m.content_header("Content-Type").unwrap().len();
    id + wants + ct + m.content().len()
}

/// rust-rcs-core 0.3: the same reads through its MIME body and CPIM types.
pub fn rust_rcs_core(input: &[u8]) -> usize {
    use rust_rcs_core::cpim::CPIMMessage;
    use rust_rcs_core::internet::body::Body;
    let body = Body::construct_message(input).unwrap();
    let m = CPIMMessage::try_from(&body).unwrap();
    let info = m.get_info().unwrap();
    let (ct, content, _) = m.get_message_body().unwrap();
    let wants = info
        .disposition_notification
        .is_some_and(|d| d.windows(17).any(|w| w == b"positive-delivery"));
    info.imdn_message_id.len() + usize::from(wants) + ct.map_or(0, <[u8]>::len) + content.len()
}

/// RFC 5438's delivery notification (`imdn/rfc5438-delivery-notification.xml`).
pub fn imdn_delivery() -> Vec<u8> {
    rcs_testkit::corpus_file("imdn", "rfc5438-delivery-notification.xml")
        .unwrap_or_else(|| panic!("the bench needs the corpus"))
}

/// rcs-cpim: the typed IMDN document (namespaces checked, status typed, extensions kept).
pub fn rcs_imdn(input: &[u8]) -> usize {
    let i = rcs_cpim::Imdn::parse(input, &rcs_cpim::XmlOptions::default()).unwrap();
    i.message_id.len() + i.datetime.len() + i.status.as_str().len()
}

/// The floor: a bare quick-xml namespace-resolving event loop over the same bytes, unescaping
/// text, keeping nothing.
pub fn quick_xml_floor(input: &[u8]) -> usize {
    use quick_xml::events::Event;
    let mut r = quick_xml::NsReader::from_reader(input);
    let mut n = 0;
    loop {
        match r.read_resolved_event().unwrap() {
            (_, Event::Start(e)) | (_, Event::Empty(e)) => n += e.name().as_ref().len(),
            (_, Event::Text(t)) => n += t.unescape().unwrap().len(),
            (_, Event::Eof) => return n,
            _ => {}
        }
    }
}
