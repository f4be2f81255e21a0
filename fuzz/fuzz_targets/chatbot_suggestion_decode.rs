//! Chip lists and persistent menus: every suggestion accessor is total, menus write and read
//! back equal.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rcs_chatbot::{
    ActionKind, ChatbotBody, MenuEntry, ParseOptions, PersistentMenu, Suggestion, SuggestionKind,
};

fn exercise(s: &Suggestion<'_>) {
    let _ = s.display_text();
    let _ = s.postback_data();
    if let Some(SuggestionKind::Action(a)) = s.kind() {
        let _ = a.kind_count();
        if let Some(ActionKind::Url(u)) = a.kind()
            && let Some(o) = &u.open_url
        {
            let _ = o.application_or_default();
        }
    }
}

fn entries(list: &[MenuEntry<'_>], depth: usize) {
    assert!(depth < 64);
    for e in list {
        if let Some(m) = &e.menu {
            entries(m.entries.as_deref().unwrap_or_default(), depth + 1);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(p) = ChatbotBody::parse_with(data, &ParseOptions::faithful()) {
        for s in p.value.suggestions.iter().flatten() {
            exercise(s);
        }
        if let Some(c) = p
            .value
            .message
            .as_ref()
            .and_then(|m| m.general_purpose_card.as_ref())
        {
            for s in c
                .content
                .iter()
                .flat_map(|c| c.suggestions.iter().flatten())
            {
                exercise(s);
            }
        }
    }
    if let Ok(p) = PersistentMenu::parse_with(data, &ParseOptions::faithful()) {
        if let Some(m) = &p.value.menu {
            entries(m.entries.as_deref().unwrap_or_default(), 0);
        }
        let out = p.value.to_bytes();
        let again = PersistentMenu::parse_with(&out, &ParseOptions::faithful()).expect("re-parse");
        assert_eq!(again.value, p.value);
    }
});
