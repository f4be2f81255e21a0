//! arbitrary document (every chatbot JSON document type) → JSON → faithful parse → the same
//! document, with `encoded_len` exact.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use rcs_chatbot::ctcu::{ChatbotInfo, DeliveryNotification, MessageRequest, MessageResponse};
use rcs_chatbot::fnw11::MaapMessage;
use rcs_chatbot::rbm::AgentMessage;
use rcs_chatbot::{ChatbotBody, ParseOptions, PersistentMenu};

#[derive(Debug, Arbitrary)]
enum Document {
    Body(ChatbotBody<'static>),
    Menu(PersistentMenu<'static>),
    Request(MessageRequest<'static>),
    Response(MessageResponse<'static>),
    Info(ChatbotInfo<'static>),
    Notification(DeliveryNotification<'static>),
    Maap(MaapMessage<'static>),
    Rbm(AgentMessage<'static>),
}

macro_rules! check {
    ($doc:expr, $ty:ident) => {{
        let bytes = $doc.to_bytes();
        assert_eq!($doc.encoded_len(), bytes.len());
        let back = $ty::parse_with(&bytes, &ParseOptions::faithful()).expect("written JSON parses");
        assert_eq!(&back.value, $doc);
    }};
}

fuzz_target!(|doc: Document| {
    match &doc {
        Document::Body(d) => check!(d, ChatbotBody),
        Document::Menu(d) => check!(d, PersistentMenu),
        Document::Request(d) => check!(d, MessageRequest),
        Document::Response(d) => check!(d, MessageResponse),
        Document::Info(d) => check!(d, ChatbotInfo),
        Document::Notification(d) => check!(d, DeliveryNotification),
        Document::Maap(d) => check!(d, MaapMessage),
        Document::Rbm(d) => check!(d, AgentMessage),
    }
});
