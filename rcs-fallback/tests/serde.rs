//! `Serialize` (feature `serde`): TPDUs, plans, gateway PDUs (secrets redacted).
#![cfg(all(feature = "serde", feature = "gateway"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use rcs_fallback::gateway::Redacted;
use rcs_fallback::gateway::smpp::{Bind, SmppBody, SmppPdu, command};
use rcs_fallback::{SmsOptions, SmsPlan, Timestamp};
use std::borrow::Cow;

#[test]
fn values_as_json() {
    let plan = SmsPlan::new("hello", &SmsOptions::default()).unwrap();
    let v = serde_json::to_value(plan.encoding()).unwrap();
    assert!(v.is_string() || v.is_object(), "{v}");
    let ts = serde_json::to_value(Timestamp::new(26, 12, 5, 19, 0, 48, 32)).unwrap();
    assert!(ts.is_array(), "{ts}");

    let bind = SmppPdu {
        command_id: command::BIND_TRANSCEIVER,
        command_status: 0,
        sequence_number: 1,
        body: SmppBody::Bind(Bind {
            system_id: Cow::Borrowed(b"esme"),
            password: Redacted(Cow::Borrowed(b"s3cret")),
            interface_version: 0x34,
            ..Bind::default()
        }),
    };
    let text = serde_json::to_string(&bind).unwrap();
    assert!(text.contains("\"password\":\"<redacted>\""), "{text}");
    assert!(
        !text.contains("[115,51"),
        "the password's octets are not written: {text}"
    );
}
