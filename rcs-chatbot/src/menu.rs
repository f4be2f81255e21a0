//! The persistent menu (GSMA chatbot menu schema; CT/CU V1.0.4 §7.1.2): up to five entries,
//! each a reply, an action, or a submenu, two submenu levels at most.

use std::borrow::Cow;

use crate::json::json_object;
use crate::suggestion::{Action, Reply};

json_object! {
    /// The persistent-menu document: `{"menu": {"entries": [...]}}`.
    pub struct PersistentMenu<'a> {
        /// The top-level menu.
        menu: Menu<'a> = "menu",
    }
}

json_object! {
    /// A menu: the top level (entries only) or a submenu (a label and entries).
    pub struct Menu<'a> {
        /// A submenu's label (1..25 characters); absent on the top level.
        display_text: Cow<'a, str> = "displayText",
        /// 1..5 entries.
        entries: Vec<MenuEntry<'a>> = "entries",
    }
}

json_object! {
    /// A menu entry: exactly one of a reply, an action or a submenu.
    pub struct MenuEntry<'a> {
        /// A suggested reply.
        reply: Reply<'a> = "reply",
        /// A suggested action.
        action: Action<'a> = "action",
        /// A submenu (not allowed in a second-level submenu).
        menu: Menu<'a> = "menu",
    }
}
