//! Validates a chatbot JSON file against a profile: `cargo run --example validate_file -- FILE [PROFILE]`.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use rcs_chatbot::{ChatbotBody, ParseOptions, Profile};

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("FILE");
    let profile = Profile::by_name(&args.next().unwrap_or_else(|| "gsma".into())).expect("profile");
    let bytes = std::fs::read(path).unwrap();
    match ChatbotBody::parse_with(&bytes, &ParseOptions::faithful()) {
        Ok(p) => {
            for w in &p.warnings {
                println!("warning {w}");
            }
            for v in p.value.validate(&profile) {
                println!("{v}");
            }
        }
        Err(e) => println!("error: {e}"),
    }
}
