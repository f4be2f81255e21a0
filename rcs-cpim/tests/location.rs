//! Geolocation push (RCC.07): our own vectors in the shape RCC.07 and rcsjta use, lenient
//! reading of rcsjta's own output, proptest round trips.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use rcs_cpim::{ErrorKind, PushLocation, XmlOptions, XmlWarning};

/// A circle around a point, the RCC.07 shape (written for this project).
const CIRCLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rcsenvelope xmlns="urn:gsma:params:xml:ns:rcs:rcs:geolocation" xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10" xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0" entity="tel:+8613800138000">
 <rcspushlocation id="loc-7" label="西湖 &amp; 断桥">
  <rpid:place-type rpid:until="2026-11-21T21:00:00+08:00"/>
  <gp:geopriv>
   <gp:location-info>
    <gs:Circle srsName="urn:ogc:def:crs:EPSG::4326">
     <gml:pos>30.259244 120.148783</gml:pos>
     <gs:radius uom="urn:ogc:def:uom:EPSG::9001">25.5</gs:radius>
    </gs:Circle>
   </gp:location-info>
   <gp:usage-rules>
    <gp:retention-expiry>2026-11-21T21:00:00+08:00</gp:retention-expiry>
   </gp:usage-rules>
  </gp:geopriv>
  <timestamp>2026-11-21T16:09:44+08:00</timestamp>
 </rcspushlocation>
</rcsenvelope>"#;

#[test]
fn a_shared_location() {
    let l = PushLocation::parse(CIRCLE.as_bytes(), &XmlOptions::default()).unwrap();
    assert_eq!(
        (l.entity.as_str(), l.id.as_str(), l.label.as_deref()),
        ("tel:+8613800138000", "loc-7", Some("西湖 & 断桥"))
    );
    assert_eq!(
        (l.latitude, l.longitude, l.radius),
        (30.259244, 120.148783, Some(25.5))
    );
    assert_eq!(l.timestamp.as_deref(), Some("2026-11-21T16:09:44+08:00"));
    assert_eq!(l.extensions.len(), 1, "rpid:place-type kept");
    assert_eq!(
        PushLocation::parse(l.to_xml().as_bytes(), &XmlOptions::default()).unwrap(),
        l
    );
    // rcsjta writes the root as "rcsenveloppe": lenient only.
    let typo = CIRCLE.replace("rcsenvelope", "rcsenveloppe");
    assert_eq!(
        PushLocation::parse(typo.as_bytes(), &XmlOptions::default())
            .unwrap_err()
            .kind(),
        ErrorKind::InvalidDocument
    );
    let lenient = XmlOptions {
        lenient: true,
        ..XmlOptions::default()
    };
    let l2 = PushLocation::parse(typo.as_bytes(), &lenient).unwrap();
    assert_eq!(l2.warnings, [XmlWarning::UnexpectedValue]);
    assert_eq!(l2.latitude, l.latitude);
    // Out of range, not a number, two numbers expected.
    for bad in ["91 0", "NaN 1", "1 2 3", "1"] {
        let doc = CIRCLE.replace("30.259244 120.148783", bad);
        assert!(
            PushLocation::parse(doc.as_bytes(), &XmlOptions::default()).is_err(),
            "{bad}"
        );
    }
}

proptest! {
    #[test]
    fn push_location_round_trip(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, radius in prop::option::of(0.0f64..100_000.0),
        label in prop::option::of("[ -~\u{5730}\u{70b9}]{0,16}"), secs in 0u32..86_400) {
        let l = PushLocation {
            entity: "tel:+8613800138000".into(),
            id: "a1".into(),
            label,
            latitude: lat,
            longitude: lon,
            radius,
            retention_expiry: None,
            timestamp: Some(format!("2026-11-21T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60)),
            extensions: Vec::new(),
            warnings: Vec::new(),
        };
        prop_assert_eq!(PushLocation::parse(l.to_xml().as_bytes(), &XmlOptions::default()).unwrap(), l);
    }
}
