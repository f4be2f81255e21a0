//! A small namespace-aware XML tree for the bodies that ride in CPIM: built on quick-xml's
//! `NsReader`, bounded (size, depth, element count), no DTD (so no entity expansion: a billion
//! laughs cannot start), unknown elements kept so they can be written back.

use crate::error::{DecodeError, ErrorKind, LimitKind};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// Bounds for an XML body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct XmlLimits {
    /// The document. Default 256 KiB.
    pub max_message_size: usize,
    /// Element nesting. Default 32.
    pub max_nesting_depth: usize,
    /// Elements in all. Default 4096.
    pub max_elements: usize,
    /// Attributes on one element, namespace declarations not counted. Default 64 (the RCS
    /// bodies use at most five).
    pub max_attributes: usize,
    /// Namespace declarations on one element. Default 16. With the nesting bound this caps
    /// the declarations in scope, which every name is resolved against.
    pub max_namespace_declarations: usize,
}

impl Default for XmlLimits {
    fn default() -> Self {
        Self {
            max_message_size: 256 << 10,
            max_nesting_depth: 32,
            max_elements: 4096,
            max_attributes: 64,
            max_namespace_declarations: 16,
        }
    }
}

/// How to read an XML body: strict namespaces by default; `lenient` accepts what real clients
/// send (no namespace declaration, an undeclared prefix), matching elements by local name, with a
/// [`XmlWarning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct XmlOptions {
    /// Bounds.
    pub limits: XmlLimits,
    /// Accept documents whose elements are not in the expected namespace.
    pub lenient: bool,
}

/// Something accepted only because [`XmlOptions::lenient`] allowed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
#[non_exhaustive]
pub enum XmlWarning {
    /// An element of the document is in no namespace (or an undeclared prefix's).
    NamespaceMissing,
    /// A value outside the schema's set was read as the nearest known one, or kept as other.
    UnexpectedValue,
    /// Several top-level elements where the document has one root.
    MultipleRoots,
}

/// An attribute as sent, with its namespace resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Attribute {
    /// Namespace URN (`None` for an unprefixed attribute).
    pub namespace: Option<String>,
    /// The qualified name as sent (`xsi:schemaLocation`).
    pub qname: String,
    /// The local name.
    pub name: String,
    /// The value, unescaped.
    pub value: String,
}

/// A node: an element or text.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Node {
    /// An element.
    Element(Element),
    /// Text (unescaped; CDATA included).
    Text(String),
}

/// An element with its namespace resolved and its content in order.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Element {
    /// Namespace URN (`None`: no namespace, or an undeclared prefix).
    pub namespace: Option<String>,
    /// The qualified name as sent (`e:branded-url`).
    pub qname: String,
    /// The local name.
    pub name: String,
    /// Attributes in order (namespace declarations are not attributes here: they are resolved
    /// into the names, and written back where needed).
    pub attributes: Vec<Attribute>,
    /// Children in order.
    pub children: Vec<Node>,
}

impl Element {
    /// A new element in `namespace` (written with a default-namespace declaration when it is the
    /// root or its namespace differs from its parent's).
    pub fn new(namespace: Option<&str>, name: &str) -> Self {
        Self {
            namespace: namespace.map(Into::into),
            qname: name.into(),
            name: name.into(),
            attributes: Vec::new(),
            children: Vec::new(),
        }
    }

    /// Child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> + '_ {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this local name whose namespace is `ns` (or, when
    /// `lenient`, any namespace).
    pub fn child(&self, ns: &str, name: &str, lenient: bool) -> Option<&Element> {
        self.elements()
            .find(|e| e.name == name && (lenient || e.namespace.as_deref() == Some(ns)))
    }

    /// The first of `names` that occurs more than once among the children in `ns` (any
    /// namespace when `lenient`): a schema's single-valued elements, repeated.
    pub(crate) fn repeated<'n>(
        &self,
        ns: &str,
        names: &[&'n str],
        lenient: bool,
    ) -> Option<&'n str> {
        names.iter().copied().find(|name| {
            self.elements()
                .filter(|e| e.name == *name && (lenient || e.namespace.as_deref() == Some(ns)))
                .nth(1)
                .is_some()
        })
    }

    /// The text content, concatenated and trimmed.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for n in &self.children {
            if let Node::Text(t) = n {
                s.push_str(t);
            }
        }
        s.trim().to_string()
    }

    /// An attribute's value by local name (unprefixed or any prefix).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name && !a.qname.starts_with("xmlns"))
            .map(|a| a.value.as_str())
    }

    /// Add a child element.
    pub fn push(&mut self, e: Element) -> &mut Self {
        self.children.push(Node::Element(e));
        self
    }

    /// Add a child element holding `text`.
    pub fn push_text(&mut self, ns: Option<&str>, name: &str, text: &str) -> &mut Self {
        let mut e = Element::new(ns, name);
        e.children.push(Node::Text(text.into()));
        self.push(e)
    }

    /// Whether this element is `name` in `ns` (or in any namespace when `lenient`).
    pub fn is(&self, ns: &str, name: &str, lenient: bool) -> bool {
        self.name == name && (lenient || self.namespace.as_deref() == Some(ns))
    }

    /// Write this element as a document (XML declaration, UTF-8).
    pub fn to_document(&self) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        self.write(&mut out, None, &mut Vec::new());
        out
    }

    /// Write the element. `default_ns` is the default namespace in scope where it is written
    /// (set by the nearest unprefixed ancestor, not by a prefixed parent); `scope` holds the
    /// prefixes declared by the ancestors as written, so an element taken from another document
    /// (an extension) declares what it uses.
    fn write(&self, out: &mut String, default_ns: Option<&str>, scope: &mut Vec<(String, String)>) {
        let scope_len = scope.len();
        out.push('<');
        out.push_str(&self.qname);
        let declares = |p: &str| {
            self.attributes.iter().any(|a| match p {
                "" => a.qname == "xmlns",
                _ => a.qname.strip_prefix("xmlns:") == Some(p),
            })
        };
        // Prefixes this element's own declarations bring into scope.
        for a in &self.attributes {
            if let Some(p) = a.qname.strip_prefix("xmlns:") {
                scope.push((p.to_string(), a.value.clone()));
            }
        }
        let mut needed: Vec<(&str, &str)> = Vec::new();
        let prefix_of = |q: &str| q.split_once(':').map(|(p, _)| p.to_string());
        if prefix_of(&self.qname).is_none()
            && !declares("")
            && self.namespace.as_deref() != default_ns
        {
            // Declare this element's default namespace, or undeclare the parent's (`xmlns=""`)
            // for an element in no namespace.
            needed.push(("", self.namespace.as_deref().unwrap_or("")));
        }
        let mut pending: Vec<(String, String)> = Vec::new();
        let mut want = |p: String, ns: &str, scope: &Vec<(String, String)>| {
            let bound = scope
                .iter()
                .rev()
                .find(|(q, _)| *q == p)
                .map(|(_, n)| n.as_str());
            if p != "xml"
                && p != "xmlns"
                && bound != Some(ns)
                && !pending.iter().any(|(q, _)| *q == p)
            {
                pending.push((p, ns.to_string()));
            }
        };
        if let (Some(p), Some(ns)) = (prefix_of(&self.qname), &self.namespace) {
            want(p, ns, scope);
        }
        for a in &self.attributes {
            if let (Some(p), Some(ns)) = (prefix_of(&a.qname), &a.namespace) {
                want(p, ns, scope);
            }
        }
        for (p, ns) in &needed {
            out.push_str(" xmlns");
            if !p.is_empty() {
                out.push(':');
                out.push_str(p);
            }
            out.push_str("=\"");
            escape_into(out, ns, true);
            out.push('"');
        }
        for (p, ns) in &pending {
            out.push_str(" xmlns:");
            out.push_str(p);
            out.push_str("=\"");
            escape_into(out, ns, true);
            out.push('"');
        }
        scope.extend(pending);
        for a in &self.attributes {
            out.push(' ');
            out.push_str(&a.qname);
            out.push_str("=\"");
            escape_into(out, &a.value, true);
            out.push('"');
        }
        // An unprefixed element sets the default namespace for its children; a prefixed one
        // leaves it as it was.
        let child_default = if prefix_of(&self.qname).is_none() {
            self.namespace.as_deref()
        } else {
            default_ns
        };
        if self.children.is_empty() {
            out.push_str("/>");
        } else {
            out.push('>');
            for n in &self.children {
                match n {
                    Node::Element(e) => e.write(out, child_default, scope),
                    Node::Text(t) => escape_into(out, t, false),
                }
            }
            out.push_str("</");
            out.push_str(&self.qname);
            out.push('>');
        }
        scope.truncate(scope_len);
    }
}

fn escape_into(out: &mut String, s: &str, attr: bool) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' if attr => out.push_str(if c == '\t' { "&#9;" } else { "&#10;" }),
            _ => out.push(c),
        }
    }
}

/// XML 1.0 `Char`: no control characters but TAB, LF, CR.
fn is_xml_text(s: &str) -> bool {
    !s.chars().any(|c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}'
    })
}

/// A namespace-well-formed XML name: one or two `NCName`s joined by `:`, each starting with a
/// letter, `_` or a non-ASCII character (the ASCII part of the rules checked exactly).
fn is_xml_name(n: &[u8]) -> bool {
    let start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b >= 0x80;
    let ncname = |p: &[u8]| {
        p.first().is_some_and(|&b| start(b))
            && p.iter()
                .all(|&b| start(b) || b.is_ascii_digit() || matches!(b, b'-' | b'.'))
    };
    match memchr::memchr(b':', n) {
        Some(i) => ncname(&n[..i]) && ncname(&n[i + 1..]),
        None => ncname(n),
    }
}

fn ns_of(r: ResolveResult<'_>) -> Option<String> {
    match r {
        // The reader gives the declaration's raw value: unescape it like any attribute value.
        ResolveResult::Bound(ns) => {
            let raw = String::from_utf8_lossy(ns.as_ref());
            Some(match quick_xml::escape::unescape(&raw) {
                Ok(v) => v.into_owned(),
                Err(_) => raw.into_owned(),
            })
        }
        ResolveResult::Unbound | ResolveResult::Unknown(_) => None,
    }
}

/// Check a document's root element: `name` in `ns`, or (lenient) `name` in any namespace, noted
/// as [`XmlWarning::NamespaceMissing`].
pub(crate) fn check_root(
    root: &Element,
    ns: &str,
    name: &'static str,
    opts: &XmlOptions,
    warnings: &mut Vec<XmlWarning>,
) -> Result<(), DecodeError> {
    if root.is(ns, name, false) {
        return Ok(());
    }
    if opts.lenient && root.name == name {
        warnings.push(XmlWarning::NamespaceMissing);
        return Ok(());
    }
    Err(DecodeError::value(ErrorKind::InvalidDocument, name))
}

/// A typed XML body: read, written back, and its leniency warnings. Every document type of this
/// crate is one, so code handling "an XML body" (fuzzers, tests, gateways) can be generic.
///
/// ```
/// use rcs_cpim::{ComposingState, IsComposing, XmlBody, XmlOptions, XmlWarning};
/// fn reads_back<T: XmlBody + PartialEq>(doc: &T) -> bool {
///     T::parse(doc.to_xml().as_bytes(), &XmlOptions::default()).is_ok_and(|d| d == *doc)
/// }
/// // rcsjta-style: no namespace. Strictly refused, leniently read with a warning.
/// let sloppy = b"<isComposing><state>active</state><refresh>60</refresh></isComposing>";
/// assert!(IsComposing::parse(sloppy, &XmlOptions::default()).is_err());
/// let mut c = IsComposing::parse(sloppy, &XmlOptions { lenient: true, ..Default::default() })?;
/// assert_eq!((c.state.clone(), c.refresh), (ComposingState::Active, Some(60)));
/// assert_eq!(c.warnings(), [XmlWarning::NamespaceMissing]);
/// c.clear_warnings();
/// assert!(reads_back(&c)); // written back with its namespace
/// # Ok::<(), rcs_cpim::DecodeError>(())
/// ```
pub trait XmlBody: Sized {
    /// Read a document.
    fn parse(input: &[u8], opts: &XmlOptions) -> Result<Self, DecodeError>;
    /// Write the document (UTF-8, with an XML declaration).
    fn to_xml(&self) -> String;
    /// The leniency used to read it.
    fn warnings(&self) -> &[XmlWarning];
    /// Forget the warnings (to compare a document with its written-back form).
    fn clear_warnings(&mut self);
}

/// Implement [`XmlBody`] for a type with inherent `parse`, `to_xml` and a `warnings` field.
macro_rules! xml_body {
    ($($t:ty),*) => {$(
        impl $crate::xml::XmlBody for $t {
            fn parse(input: &[u8], opts: &$crate::xml::XmlOptions) -> Result<Self, $crate::error::DecodeError> {
                <$t>::parse(input, opts)
            }
            fn to_xml(&self) -> String {
                <$t>::to_xml(self)
            }
            fn warnings(&self) -> &[$crate::xml::XmlWarning] {
                &self.warnings
            }
            fn clear_warnings(&mut self) {
                self.warnings.clear();
            }
        }
    )*};
}
pub(crate) use xml_body;

/// Append text, joining it to a text node just before (text and CDATA read back as one).
fn push_text(parent: &mut Element, text: &str) {
    match parent.children.last_mut() {
        Some(Node::Text(t)) => t.push_str(text),
        _ => parent.children.push(Node::Text(text.into())),
    }
}

/// Parse a document into its root element.
pub(crate) fn parse(input: &[u8], limits: &XmlLimits) -> Result<Element, DecodeError> {
    let mut roots = parse_roots(input, limits, false)?;
    roots
        .pop()
        .ok_or_else(|| DecodeError::at(ErrorKind::InvalidXml, input, input.len()))
}

/// Parse a document; with `many_roots`, several top-level elements are accepted (rcsjta's
/// FT-HTTP documents put each `file` at the top level).
pub(crate) fn parse_roots(
    input: &[u8],
    limits: &XmlLimits,
    many_roots: bool,
) -> Result<Vec<Element>, DecodeError> {
    let bad = |pos: u64| DecodeError::at(ErrorKind::InvalidXml, input, pos as usize);
    let limit = |pos: u64| {
        DecodeError::at(
            ErrorKind::LimitExceeded(LimitKind::Xml),
            input,
            pos as usize,
        )
    };
    if input.len() > limits.max_message_size {
        return Err(limit(limits.max_message_size as u64));
    }
    if core::str::from_utf8(input).is_err() {
        // The bodies here are UTF-8 (RFC 5438, RFC 3994, RCC.07); other encodings are refused.
        let at = core::str::from_utf8(input)
            .err()
            .map_or(0, |e| e.valid_up_to());
        return Err(bad(at as u64));
    }
    let mut r = NsReader::from_reader(input);
    let cfg = r.config_mut();
    cfg.check_end_names = true;
    cfg.expand_empty_elements = false;
    let mut stack: Vec<Element> = Vec::new();
    let mut roots: Vec<Element> = Vec::new();
    let mut count = 0usize;
    loop {
        let pos = r.buffer_position();
        let (resolved, ev) = match r.read_resolved_event() {
            Ok((res, ev)) => (ns_of(res), ev),
            Err(_) => return Err(bad(r.error_position())),
        };
        let element = |r: &NsReader<&[u8]>,
                       e: &quick_xml::events::BytesStart<'_>,
                       resolved: Option<String>| {
            if !is_xml_name(e.name().as_ref()) {
                return Err(bad(pos));
            }
            let qname = String::from_utf8_lossy(e.name().as_ref()).into_owned();
            let name = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
            let mut attributes = Vec::new();
            // quick-xml's duplicate check compares each attribute with every earlier one
            // (quadratic in their count): ours is a set, after the count is bounded.
            let mut seen: std::collections::HashSet<&[u8]> = std::collections::HashSet::new();
            let mut declarations = 0usize;
            for a in e.attributes().with_checks(false) {
                let a = a.map_err(|_| bad(pos))?;
                let key = a.key.into_inner();
                if !seen.insert(key) {
                    return Err(bad(pos));
                }
                // Namespace declarations are scoping, already resolved into the names; the
                // writer declares what it needs.
                if key == b"xmlns" || key.starts_with(b"xmlns:") {
                    declarations += 1;
                    if declarations > limits.max_namespace_declarations {
                        return Err(limit(pos));
                    }
                    continue;
                }
                if seen.len() - declarations > limits.max_attributes {
                    return Err(limit(pos));
                }
                let (ans, local) = r.resolve_attribute(a.key);
                let value = a.unescape_value().map_err(|_| bad(pos))?.into_owned();
                if !is_xml_name(key) || !is_xml_text(&value) {
                    return Err(bad(pos));
                }
                attributes.push(Attribute {
                    namespace: ns_of(ans),
                    qname: String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                    name: String::from_utf8_lossy(local.as_ref()).into_owned(),
                    value,
                });
            }
            Ok::<_, DecodeError>(Element {
                namespace: resolved,
                qname,
                name,
                attributes,
                children: Vec::new(),
            })
        };
        match ev {
            // A second root element.
            Event::Start(_) | Event::Empty(_)
                if !roots.is_empty() && !many_roots && stack.is_empty() =>
            {
                return Err(bad(pos));
            }
            Event::Start(e) => {
                count += 1;
                if count > limits.max_elements || stack.len() >= limits.max_nesting_depth {
                    return Err(limit(pos));
                }
                let el = element(&r, &e, resolved)?;
                stack.push(el);
            }
            Event::Empty(e) => {
                count += 1;
                if count > limits.max_elements || stack.len() >= limits.max_nesting_depth {
                    return Err(limit(pos));
                }
                let el = element(&r, &e, resolved)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => roots.push(el),
                }
            }
            Event::End(_) => {
                let el = stack.pop().ok_or_else(|| bad(pos))?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(el)),
                    None => roots.push(el),
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|_| bad(pos))?;
                if !is_xml_text(&text) {
                    return Err(bad(pos));
                }
                match stack.last_mut() {
                    Some(parent) => push_text(parent, &text),
                    // Only whitespace may stand outside the root.
                    None if text.trim().is_empty() => {}
                    None => return Err(bad(pos)),
                }
            }
            Event::CData(t) => {
                let text = String::from_utf8_lossy(&t);
                if !is_xml_text(&text) {
                    return Err(bad(pos));
                }
                match stack.last_mut() {
                    Some(parent) => push_text(parent, &text),
                    None => return Err(bad(pos)),
                }
            }
            // No DTD: entity declarations are where billion-laughs documents start.
            Event::DocType(_) => return Err(bad(pos)),
            // XML 1.0 §4.3.3: an entity declared in one encoding and written in another is a
            // fatal error. These bodies are UTF-8; a declaration may say so, or US-ASCII for
            // a document that is ASCII.
            Event::Decl(d) => {
                if let Some(Ok(enc)) = d.encoding() {
                    let enc = enc.to_ascii_lowercase();
                    let fits = match enc.as_slice() {
                        b"utf-8" | b"utf8" => true,
                        b"us-ascii" | b"ascii" => input.is_ascii(),
                        _ => false,
                    };
                    if !fits {
                        return Err(bad(pos));
                    }
                }
            }
            Event::Comment(_) | Event::PI(_) => {}
            Event::Eof => {
                return if !roots.is_empty() && stack.is_empty() {
                    Ok(roots)
                } else {
                    Err(bad(pos))
                };
            }
        }
    }
}
