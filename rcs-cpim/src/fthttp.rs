//! File transfer over HTTP (GSMA RCC.07, `application/vnd.gsma.rcs-ft-http+xml`): the file-info
//! document a sender puts in a chat message once the file is uploaded, with the audio-message
//! (`rram`) and UP extension (`fthttpext`, used by the Chinese 5G messaging networks) namespaces.

use crate::error::{DecodeError, ErrorKind};
use crate::xml::{self, Element, Node, XmlOptions, XmlWarning};

/// The FT-HTTP namespace.
pub const FTHTTP_NS: &str = "urn:gsma:params:xml:ns:rcs:rcs:fthttp";
/// The audio-message namespace (`playing-length`).
pub const RRAM_NS: &str = "urn:gsma:params:xml:ns:rcs:rcs:rram";
/// The UP extension namespace (`branded-url` and friends).
pub const FTHTTPEXT_NS: &str = "urn:gsma:params:xml:ns:rcs:rcs:up:fthttpext";

fn invalid(element: &'static str) -> DecodeError {
    DecodeError::value(ErrorKind::InvalidDocument, element)
}

/// `file-disposition`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileDisposition {
    /// `render`: show inline (audio messages, stickers).
    Render,
    /// `attachment`.
    Attachment,
    /// Another value, as sent (lenient).
    Other(String),
}

crate::name_serde!(FileDisposition {
    "render" => Render,
    "attachment" => Attachment,
});

/// One `file-info`: the file or its thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FileInfo {
    /// `file-disposition` (files only).
    pub disposition: Option<FileDisposition>,
    /// `file-size` in octets.
    pub size: u64,
    /// `file-name` (files only).
    pub name: Option<String>,
    /// `content-type`, as sent.
    pub content_type: String,
    /// `am:playing-length` in seconds (audio messages).
    pub playing_length: Option<u64>,
    /// `data url`: where to download it.
    pub url: String,
    /// `data until`: when the link expires (RFC 3339).
    pub until: String,
    /// `e:branded-url` (UP extension): a link for clients without RCS.
    pub branded_url: Option<String>,
    /// Other elements of this file-info, kept in order.
    pub extensions: Vec<Element>,
}

/// An FT-HTTP file-info document: the file and, usually, a thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FileTransferInfo {
    /// The thumbnail, if any.
    pub thumbnail: Option<FileInfo>,
    /// The file.
    pub file: FileInfo,
    /// Leniency used to read it.
    #[cfg_attr(feature = "serde", serde(skip_deserializing))]
    pub warnings: Vec<XmlWarning>,
}

fn read_info(
    e: &Element,
    lenient: bool,
    warnings: &mut Vec<XmlWarning>,
) -> Result<FileInfo, DecodeError> {
    // Namespace misses were noted once for the document by the caller.
    let in_ns = |c: &Element, ns: &str| lenient || c.namespace.as_deref() == Some(ns);
    let text = |name: &str| {
        e.elements()
            .find(|c| c.name == name && in_ns(c, FTHTTP_NS))
            .map(Element::text)
    };
    let size = text("file-size")
        .ok_or(invalid("file-size"))?
        .parse::<u64>()
        .map_err(|_| invalid("file-size"))?;
    let content_type = text("content-type").ok_or(invalid("content-type"))?;
    crate::typed::MediaType::parse(&content_type).map_err(|_| invalid("content-type"))?;
    let data = e
        .elements()
        .find(|c| c.name == "data" && in_ns(c, FTHTTP_NS))
        .ok_or(invalid("data"))?;
    let url = data.attribute("url").ok_or(invalid("data"))?.to_string();
    let until = data.attribute("until").ok_or(invalid("data"))?.to_string();
    crate::typed::DateTime::parse(&until).map_err(|_| invalid("data"))?;
    let playing_length = match e
        .elements()
        .find(|c| c.name == "playing-length" && in_ns(c, RRAM_NS))
    {
        Some(p) => Some(
            p.text()
                .parse::<u64>()
                .map_err(|_| invalid("playing-length"))?,
        ),
        None => None,
    };
    let disposition = match e.attribute("file-disposition") {
        None => None,
        Some("render") => Some(FileDisposition::Render),
        Some("attachment") => Some(FileDisposition::Attachment),
        Some(other) if lenient => {
            warnings.push(XmlWarning::UnexpectedValue);
            // rcsjta sends "attach".
            Some(if other == "attach" {
                FileDisposition::Attachment
            } else {
                FileDisposition::Other(other.into())
            })
        }
        Some(_) => return Err(invalid("file-disposition")),
    };
    let known = |c: &Element| {
        let fthttp = ["file-size", "file-name", "content-type", "data"].contains(&c.name.as_str())
            && in_ns(c, FTHTTP_NS);
        let rram = c.name == "playing-length" && in_ns(c, RRAM_NS);
        let ext = c.name == "branded-url" && in_ns(c, FTHTTPEXT_NS);
        fthttp || rram || ext
    };
    Ok(FileInfo {
        disposition,
        size,
        name: text("file-name"),
        content_type,
        playing_length,
        url,
        until,
        branded_url: e
            .elements()
            .find(|c| c.name == "branded-url" && in_ns(c, FTHTTPEXT_NS))
            .map(Element::text),
        extensions: e.elements().filter(|c| !known(c)).cloned().collect(),
    })
}

/// Whether any element below (and including) `e` that the document reads is outside `ns`.
fn namespace_missing(e: &Element) -> bool {
    e.namespace.as_deref() != Some(FTHTTP_NS)
        || e.elements().any(|fi| {
            fi.namespace.as_deref() != Some(FTHTTP_NS)
                || fi.elements().any(|c| {
                    let want = match c.name.as_str() {
                        "playing-length" => RRAM_NS,
                        "branded-url" => FTHTTPEXT_NS,
                        "file-size" | "file-name" | "content-type" | "data" => FTHTTP_NS,
                        _ => return false,
                    };
                    c.namespace.as_deref() != Some(want)
                })
        })
}

impl FileTransferInfo {
    /// Read a file-info document. Lenient reading takes rcsjta's shapes: no namespaces, an
    /// undeclared `am:` prefix, one `file` root per file-info, `file-disposition="attach"`.
    pub fn parse(input: &[u8], opts: &XmlOptions) -> Result<Self, DecodeError> {
        let roots = xml::parse_roots(input, &opts.limits, opts.lenient)?;
        let lenient = opts.lenient;
        let mut warnings = Vec::new();
        if roots.len() > 1 {
            warnings.push(XmlWarning::MultipleRoots);
        }
        let mut thumbnail = None;
        let mut file = None;
        for root in &roots {
            if root.name != "file" || !(lenient || root.namespace.as_deref() == Some(FTHTTP_NS)) {
                return Err(invalid("file"));
            }
            if namespace_missing(root) {
                if !lenient {
                    return Err(invalid("file"));
                }
                if !warnings.contains(&XmlWarning::NamespaceMissing) {
                    warnings.push(XmlWarning::NamespaceMissing);
                }
            }
            for fi in root.elements().filter(|c| c.name == "file-info") {
                let info = read_info(fi, lenient, &mut warnings)?;
                let slot = match fi.attribute("type") {
                    Some("thumbnail") => &mut thumbnail,
                    Some("file") => &mut file,
                    _ => return Err(invalid("file-info")),
                };
                if slot.replace(info).is_some() {
                    return Err(invalid("file-info"));
                }
            }
        }
        Ok(Self {
            thumbnail,
            file: file.ok_or(invalid("file-info"))?,
            warnings,
        })
    }

    /// The document as an element tree (one root; the namespaces it uses declared).
    pub fn to_element(&self) -> Element {
        let ns = Some(FTHTTP_NS);
        let mut root = Element::new(ns, "file");
        for (kind, info) in [
            ("thumbnail", self.thumbnail.as_ref()),
            ("file", Some(&self.file)),
        ] {
            let Some(info) = info else { continue };
            let mut fi = Element::new(ns, "file-info");
            fi.attributes.push(attr("type", kind));
            if let Some(d) = &info.disposition {
                let v = match d {
                    FileDisposition::Render => "render",
                    FileDisposition::Attachment => "attachment",
                    FileDisposition::Other(s) => s,
                };
                fi.attributes.push(attr("file-disposition", v));
            }
            fi.push_text(ns, "file-size", &info.size.to_string());
            if let Some(n) = &info.name {
                fi.push_text(ns, "file-name", n);
            }
            fi.push_text(ns, "content-type", &info.content_type);
            if let Some(p) = info.playing_length {
                let mut e = Element::new(Some(RRAM_NS), "playing-length");
                e.qname = "am:playing-length".into();
                e.children.push(Node::Text(p.to_string()));
                fi.push(e);
            }
            let mut data = Element::new(ns, "data");
            data.attributes.push(attr("url", &info.url));
            data.attributes.push(attr("until", &info.until));
            fi.push(data);
            if let Some(b) = &info.branded_url {
                let mut e = Element::new(Some(FTHTTPEXT_NS), "branded-url");
                e.qname = "e:branded-url".into();
                e.children.push(Node::Text(b.clone()));
                fi.push(e);
            }
            for x in &info.extensions {
                fi.children.push(Node::Element(x.clone()));
            }
            root.push(fi);
        }
        root
    }

    /// The document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        self.to_element().to_document()
    }
}

fn attr(name: &str, value: &str) -> crate::xml::Attribute {
    crate::xml::Attribute {
        namespace: None,
        qname: name.into(),
        name: name.into(),
        value: value.into(),
    }
}

crate::xml::xml_body!(FileTransferInfo);
