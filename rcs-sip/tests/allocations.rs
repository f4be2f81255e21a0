//! "At most one heap allocation for a typical message": count them with dhat's testing mode.
//! (Its own binary without the test harness, so nothing else allocates meanwhile.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

use rcs_sip::{KnownHeader, Message, MessageBuilder};

fn main() {
    // A typical RCS MESSAGE (pager mode), 14 headers: built before counting starts.
    let wire = MessageBuilder::request("MESSAGE", "sip:+8613800138000@ims.example.com")
        .header(
            KnownHeader::Via,
            "SIP/2.0/TCP 198.51.100.7:5060;branch=z9hG4bK-1;rport",
        )
        .header(KnownHeader::MaxForwards, "70")
        .header(
            KnownHeader::From,
            "<sip:+8613912345678@ims.example.com>;tag=f1",
        )
        .header(KnownHeader::To, "<tel:+8613800138000>")
        .header(KnownHeader::CallId, "c1@198.51.100.7")
        .header(KnownHeader::CSeq, "1 MESSAGE")
        .header(
            KnownHeader::PPreferredService,
            "urn:urn-7:3gpp-service.ims.icsi.oma.cpm.msg",
        )
        .header(
            KnownHeader::AcceptContact,
            "*;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.oma.cpm.msg\"",
        )
        .header(KnownHeader::ContributionId, "9a3f6c2e1b7d4e08")
        .header(KnownHeader::ConversationId, "0c1d2e3f4a5b6c7d")
        .raw_header("User-Agent", "rcs-rs")
        .header(KnownHeader::ContentType, "message/cpim")
        .body("From: <sip:anonymous@anonymous.invalid>\r\n\r\nContent-Type: text/plain\r\n\r\nhi")
        .build()
        .unwrap()
        .to_bytes();

    let _profiler = dhat::Profiler::builder().testing().build();
    let before = dhat::HeapStats::get();
    let msg = Message::parse(&wire).unwrap();
    let after_parse = dhat::HeapStats::get();
    // Typed access allocates nothing.
    let via = msg.vias().next().unwrap().unwrap();
    let from = msg.from_header().unwrap().unwrap();
    let cseq = msg.cseq().unwrap().unwrap();
    let ct = msg.content_type().unwrap().unwrap();
    let n = via.branch().unwrap().len()
        + from.tag().unwrap().len()
        + cseq.seq() as usize
        + ct.subtype().len();
    let after_typed = dhat::HeapStats::get();
    drop(msg);

    let parse_allocs = after_parse.total_blocks - before.total_blocks;
    let typed_allocs = after_typed.total_blocks - after_parse.total_blocks;
    println!("allocations: parse {parse_allocs}, typed access {typed_allocs} ({n})");
    dhat::assert_eq!(parse_allocs, 1);
    dhat::assert_eq!(typed_allocs, 0);
    println!("allocations: 2 passed, 0 failed");
}
