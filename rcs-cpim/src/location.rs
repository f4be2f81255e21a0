//! Geolocation push (GSMA RCC.07, `application/vnd.gsma.rcspushlocation+xml`): a shared location
//! as RCS and 5G messaging send it, a PIDF-LO subset (a point or a circle, a label, a time).

use crate::error::{DecodeError, ErrorKind};
use crate::xml::{self, Attribute, Element, Node, XmlOptions, XmlWarning};

/// The RCS geolocation namespace.
pub const GEOLOCATION_NS: &str = "urn:gsma:params:xml:ns:rcs:rcs:geolocation";
/// PIDF geopriv.
pub const GEOPRIV_NS: &str = "urn:ietf:params:xml:ns:pidf:geopriv10";
/// GML.
pub const GML_NS: &str = "http://www.opengis.net/gml";
/// PIDF-LO shapes.
pub const PIDFLO_NS: &str = "http://www.opengis.net/pidflo/1.0";

fn invalid(element: &'static str) -> DecodeError {
    DecodeError::value(ErrorKind::InvalidDocument, element)
}

/// A pushed location.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PushLocation {
    /// `entity` of the envelope: who shares it.
    pub entity: String,
    /// `id` of the location.
    pub id: String,
    /// `label` (a place name), if any.
    pub label: Option<String>,
    /// Latitude in degrees (WGS 84, EPSG::4326).
    pub latitude: f64,
    /// Longitude in degrees.
    pub longitude: f64,
    /// Radius in metres, for a circle (`gs:Circle`); `None` for a point.
    pub radius: Option<f64>,
    /// `gp:retention-expiry` (RFC 3339), if any.
    pub retention_expiry: Option<String>,
    /// `timestamp` (RFC 3339), if any.
    pub timestamp: Option<String>,
    /// Other elements of `rcspushlocation` (`rpid:place-type`, `rpid:time-offset`, ...), kept.
    pub extensions: Vec<Element>,
    /// Leniency used to read it.
    #[cfg_attr(feature = "serde", serde(skip_deserializing))]
    pub warnings: Vec<XmlWarning>,
}

fn find<'e>(e: &'e Element, ns: &str, name: &str, lenient: bool) -> Option<&'e Element> {
    e.child(ns, name, lenient)
}

fn number(s: &str, element: &'static str) -> Result<f64, DecodeError> {
    s.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or(invalid(element))
}

impl PushLocation {
    /// Read a document. Lenient reading accepts missing namespaces and rcsjta's `rcsenveloppe`.
    pub fn parse(input: &[u8], opts: &XmlOptions) -> Result<Self, DecodeError> {
        let root = xml::parse(input, &opts.limits)?;
        let lenient = opts.lenient;
        let mut warnings = Vec::new();
        let root_ok = root.is(GEOLOCATION_NS, "rcsenvelope", false);
        if !root_ok {
            let named = root.name == "rcsenvelope" || root.name == "rcsenveloppe";
            if !(lenient && named) {
                return Err(invalid("rcsenvelope"));
            }
            warnings.push(if root.name == "rcsenvelope" {
                XmlWarning::NamespaceMissing
            } else {
                XmlWarning::UnexpectedValue
            });
        }
        let entity = root
            .attribute("entity")
            .ok_or(invalid("rcsenvelope"))?
            .trim()
            .to_string();
        let loc = find(&root, GEOLOCATION_NS, "rcspushlocation", lenient)
            .ok_or(invalid("rcspushlocation"))?;
        let geopriv = find(loc, GEOPRIV_NS, "geopriv", lenient).ok_or(invalid("geopriv"))?;
        let info =
            find(geopriv, GEOPRIV_NS, "location-info", lenient).ok_or(invalid("location-info"))?;
        let (shape, radius) = match find(info, PIDFLO_NS, "Circle", lenient) {
            Some(c) => {
                let r = find(c, PIDFLO_NS, "radius", lenient).ok_or(invalid("radius"))?;
                let r = number(&r.text(), "radius")?;
                if r < 0.0 {
                    return Err(invalid("radius"));
                }
                (c, Some(r))
            }
            None => (
                find(info, GML_NS, "Point", lenient).ok_or(invalid("location-info"))?,
                None,
            ),
        };
        let pos = find(shape, GML_NS, "pos", lenient)
            .ok_or(invalid("pos"))?
            .text();
        let mut it = pos.split_whitespace();
        let (Some(lat), Some(lon), None) = (it.next(), it.next(), it.next()) else {
            return Err(invalid("pos"));
        };
        let (latitude, longitude) = (number(lat, "pos")?, number(lon, "pos")?);
        if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
            return Err(invalid("pos"));
        }
        let retention_expiry = find(geopriv, GEOPRIV_NS, "usage-rules", lenient)
            .and_then(|u| find(u, GEOPRIV_NS, "retention-expiry", lenient))
            .map(Element::text);
        let timestamp = find(loc, GEOLOCATION_NS, "timestamp", lenient).map(Element::text);
        for t in [&retention_expiry, &timestamp].into_iter().flatten() {
            crate::typed::DateTime::parse(t).map_err(|_| invalid("timestamp"))?;
        }
        let known = |c: &Element| {
            (c.name == "geopriv" && (lenient || c.namespace.as_deref() == Some(GEOPRIV_NS)))
                || (c.name == "timestamp"
                    && (lenient || c.namespace.as_deref() == Some(GEOLOCATION_NS)))
        };
        Ok(Self {
            entity,
            id: loc.attribute("id").unwrap_or_default().to_string(),
            label: loc.attribute("label").map(Into::into),
            latitude,
            longitude,
            radius,
            retention_expiry,
            timestamp,
            extensions: loc.elements().filter(|c| !known(c)).cloned().collect(),
            warnings,
        })
    }

    /// The document as an element tree.
    pub fn to_element(&self) -> Element {
        let at = |ns: &str, prefix: &str, name: &str| {
            let mut e = Element::new(Some(ns), name);
            e.qname = if prefix.is_empty() {
                name.into()
            } else {
                format!("{prefix}:{name}")
            };
            e
        };
        let attr = |name: &str, value: &str| Attribute {
            namespace: None,
            qname: name.into(),
            name: name.into(),
            value: value.into(),
        };
        let text = |mut e: Element, t: String| {
            e.children.push(Node::Text(t));
            e
        };
        let mut root = at(GEOLOCATION_NS, "", "rcsenvelope");
        root.attributes.push(attr("entity", &self.entity));
        let mut loc = at(GEOLOCATION_NS, "", "rcspushlocation");
        loc.attributes.push(attr("id", &self.id));
        if let Some(l) = &self.label {
            loc.attributes.push(attr("label", l));
        }
        for x in &self.extensions {
            loc.children.push(Node::Element(x.clone()));
        }
        let pos = text(
            at(GML_NS, "gml", "pos"),
            format!("{} {}", self.latitude, self.longitude),
        );
        let shape = match self.radius {
            Some(r) => {
                let mut c = at(PIDFLO_NS, "gs", "Circle");
                c.attributes
                    .push(attr("srsName", "urn:ogc:def:crs:EPSG::4326"));
                c.push(pos);
                let mut radius = text(at(PIDFLO_NS, "gs", "radius"), r.to_string());
                radius
                    .attributes
                    .push(attr("uom", "urn:ogc:def:uom:EPSG::9001"));
                c.push(radius);
                c
            }
            None => {
                let mut p = at(GML_NS, "gml", "Point");
                p.attributes
                    .push(attr("srsName", "urn:ogc:def:crs:EPSG::4326"));
                p.push(pos);
                p
            }
        };
        let mut info = at(GEOPRIV_NS, "gp", "location-info");
        info.push(shape);
        let mut geopriv = at(GEOPRIV_NS, "gp", "geopriv");
        geopriv.push(info);
        if let Some(r) = &self.retention_expiry {
            let mut rules = at(GEOPRIV_NS, "gp", "usage-rules");
            rules.push(text(at(GEOPRIV_NS, "gp", "retention-expiry"), r.clone()));
            geopriv.push(rules);
        }
        loc.push(geopriv);
        if let Some(t) = &self.timestamp {
            loc.push(text(at(GEOLOCATION_NS, "", "timestamp"), t.clone()));
        }
        root.push(loc);
        root
    }

    /// The document (UTF-8, with an XML declaration).
    pub fn to_xml(&self) -> String {
        self.to_element().to_document()
    }
}

crate::xml::xml_body!(PushLocation);
