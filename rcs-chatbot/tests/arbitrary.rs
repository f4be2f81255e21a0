//! `Arbitrary` (feature `arbitrary`) makes documents a faithful parse reads back equal, for
//! every document type.
#![cfg(feature = "arbitrary")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use arbitrary::{Arbitrary, Unstructured};
use proptest::prelude::*;
use rcs_chatbot::ctcu::{
    AccessTokenRequest, AccessTokenResponse, AuditResult, ChatbotInfo, ChatbotOptionals,
    DeliveryNotification, MediaDeleteResponse, MediaUploadResponse, MessageRequest,
    MessageResponse, ResultResponse, RevokeRequest, SpamReport,
};
use rcs_chatbot::fnw11::MaapMessage;
use rcs_chatbot::rbm::AgentMessage;
use rcs_chatbot::{ChatbotBody, ParseOptions, PersistentMenu};

macro_rules! round_trips {
    ($($test:ident: $ty:ident),* $(,)?) => {
        proptest! {
            #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]
            $(
                #[test]
                fn $test(data in prop::collection::vec(any::<u8>(), 0..2048)) {
                    let mut u = Unstructured::new(&data);
                    if let Ok(doc) = $ty::arbitrary(&mut u) {
                        let bytes = doc.to_bytes();
                        prop_assert_eq!(doc.encoded_len(), bytes.len());
                        let back = $ty::parse_with(&bytes, &ParseOptions::faithful()).unwrap();
                        prop_assert_eq!(&back.value, &doc);
                        prop_assert!(back.warnings.iter().all(|w| !w.to_string().is_empty()));
                    }
                }
            )*
        }
    };
}

round_trips! {
    chatbot_body: ChatbotBody,
    persistent_menu: PersistentMenu,
    access_token_request: AccessTokenRequest,
    access_token_response: AccessTokenResponse,
    result_response: ResultResponse,
    message_request: MessageRequest,
    message_response: MessageResponse,
    revoke_request: RevokeRequest,
    media_upload_response: MediaUploadResponse,
    media_delete_response: MediaDeleteResponse,
    chatbot_info: ChatbotInfo,
    chatbot_optionals: ChatbotOptionals,
    delivery_notification: DeliveryNotification,
    spam_report: SpamReport,
    audit_result: AuditResult,
    maap_message: MaapMessage,
    agent_message: AgentMessage,
}

/// Most inputs make a value, and the values are not all empty objects: a good share carry
/// nested members (a card, suggestions), so fuzzing reaches the deep model.
#[test]
fn most_inputs_make_rich_values() {
    rcs_testkit::assert_arbitrary_mostly_makes!(ChatbotBody<'static>);
    rcs_testkit::assert_arbitrary_mostly_makes!(MessageRequest<'static>);
    let deep = rcs_testkit::pseudo_random_inputs(0x9e37_79b9_7f4a_7c15, 200, 1500)
        .filter(|data| {
            ChatbotBody::arbitrary(&mut Unstructured::new(data))
                .is_ok_and(|body| body.to_bytes().len() > 200)
        })
        .count();
    assert!(deep >= 50, "{deep} of 200 bodies over 200 bytes");
}
