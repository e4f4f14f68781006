//! The embed endpoint's answer (`GET /v1/embed/{slug}`), defined once for the server that writes
//! it and the widget that reads it, so that the wire format cannot drift between the two.
//!
//! Writing is plain serde derive. Reading is lenient, field by field: a field of the wrong JSON
//! type reads as absent instead of failing the whole answer, so an odd field never hides a tile
//! that would otherwise show. What the values mean (is the finder URL usable, is the colour
//! valid) is for the reader to judge; the widget does that in its `answer` module.
//!
//! `no_std` with `alloc`, and serde's derive as its only dependency: the widget's Wasm carries it.

#![no_std]

extern crate alloc;

use alloc::borrow::ToOwned;
use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// `{"show": true, "finder_url": URL, "tile": {...}}` or `{"show": false, "reason": CODE}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Whether the page may show the tile; `None` when absent or not a boolean.
    #[serde(default, deserialize_with = "lenient")]
    pub show: Option<bool>,
    /// Where the tile leads (with `show: true`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub finder_url: Option<String>,
    /// The shop's branding (with `show: true`); `None` when absent or not an object.
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub tile: Option<Tile>,
    /// Why the tile is not shown (with `show: false`).
    #[serde(
        default,
        deserialize_with = "lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub reason: Option<Hidden>,
}

impl Answer {
    /// The answer that shows the tile, leading to `finder_url`, branded by `tile`.
    pub fn shown(finder_url: String, tile: Tile) -> Answer {
        Answer {
            show: Some(true),
            finder_url: Some(finder_url),
            tile: Some(tile),
            reason: None,
        }
    }

    /// The answer that keeps the tile hidden, for `reason`.
    pub fn hidden(reason: Hidden) -> Answer {
        Answer {
            show: Some(false),
            reason: Some(reason),
            ..Answer::default()
        }
    }
}

/// The tile's branding, `{"accent_color": "#1f6feb", "logo_url": null}`; also how the shop's own
/// API calls show it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tile {
    /// The button's colour, `#rrggbb`.
    #[serde(default, deserialize_with = "lenient")]
    pub accent_color: Option<String>,
    /// The logo's address; `null` for none.
    #[serde(default, deserialize_with = "lenient")]
    pub logo_url: Option<String>,
}

/// Why the tile is not shown on a page: the `reason` of a `show: false` answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hidden {
    /// `unknown_shop`: no shop has this slug.
    UnknownShop,
    /// `url_not_whitelisted`: no approved Help Center URL covers the page.
    UrlNotWhitelisted,
    /// `origin_mismatch`: the request's `Origin` is not the page's origin.
    OriginMismatch,
    /// A code this side does not know (a newer server), as it was sent.
    Other(String),
}

impl Hidden {
    /// The code on the wire.
    pub fn code(&self) -> &str {
        match self {
            Hidden::UnknownShop => "unknown_shop",
            Hidden::UrlNotWhitelisted => "url_not_whitelisted",
            Hidden::OriginMismatch => "origin_mismatch",
            Hidden::Other(code) => code,
        }
    }

    /// Reads a code from the wire; codes not known here are kept as [`Hidden::Other`].
    pub fn from_code(code: &str) -> Hidden {
        match code {
            "unknown_shop" => Hidden::UnknownShop,
            "url_not_whitelisted" => Hidden::UrlNotWhitelisted,
            "origin_mismatch" => Hidden::OriginMismatch,
            other => Hidden::Other(other.to_owned()),
        }
    }
}

impl Serialize for Hidden {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

/// A value read leniently from one JSON type; every other type reads as absent.
trait FromJson: Sized {
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_str(_: &str) -> Option<Self> {
        None
    }
}

impl FromJson for bool {
    fn from_bool(value: bool) -> Option<Self> {
        Some(value)
    }
}

impl FromJson for String {
    fn from_str(value: &str) -> Option<Self> {
        Some(value.to_owned())
    }
}

impl FromJson for Hidden {
    fn from_str(value: &str) -> Option<Self> {
        Some(Hidden::from_code(value))
    }
}

/// Reads any value: `Some` when it has the JSON type `T` is read from, `None` for anything else
/// (null, numbers, arrays, the other scalars; objects except for [`Tile`]), which is skipped over.
fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    Lenient<T>: Visitor<'de, Value = Option<T>>,
{
    deserializer.deserialize_any(Lenient(PhantomData))
}

/// The visitor behind [`lenient`].
struct Lenient<T>(PhantomData<T>);

impl FromJson for Tile {}

/// Skips an object where a scalar was expected.
fn skip_object<'de, A: MapAccess<'de>, T>(mut map: A) -> Result<Option<T>, A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(None)
}

/// Reads an object as [`Tile`], each of its fields leniently.
fn read_tile<'de, A: MapAccess<'de>>(map: A) -> Result<Option<Tile>, A::Error> {
    Tile::deserialize(MapAccessDeserializer::new(map)).map(Some)
}

macro_rules! absent {
    ($($method:ident: $type:ty),*) => {
        $(fn $method<E>(self, _: $type) -> Result<Self::Value, E> {
            Ok(None)
        })*
    };
}

/// A lenient visitor for `$target`; `$object` reads an object.
macro_rules! lenient_visitor {
    ($target:ty, $object:expr) => {
        impl<'de> Visitor<'de> for Lenient<$target> {
            type Value = Option<$target>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("any JSON value")
            }

            fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
                Ok(<$target as FromJson>::from_bool(value))
            }

            fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
                Ok(<$target as FromJson>::from_str(value))
            }

            absent!(visit_i64: i64, visit_u64: u64, visit_i128: i128, visit_u128: u128,
                visit_f64: f64, visit_bytes: &[u8]);

            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }

            fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<Self::Value, D::Error> {
                inner.deserialize_any(self)
            }

            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                inner: D,
            ) -> Result<Self::Value, D::Error> {
                inner.deserialize_any(self)
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(None)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                $object(map)
            }
        }
    };
}

lenient_visitor!(bool, skip_object);
lenient_visitor!(String, skip_object);
lenient_visitor!(Hidden, skip_object);
lenient_visitor!(Tile, read_tile);

#[cfg(test)]
mod tests {
    extern crate std;

    use super::*;
    use serde_json::{json, Value};

    fn read(value: Value) -> Answer {
        serde_json::from_value(value).expect("an object always reads")
    }

    #[test]
    fn the_server_writes_exactly_the_documented_shapes() {
        let shown = Answer::shown(
            "https://app.gokarla.io/resolve/my-shop/finder".into(),
            Tile {
                accent_color: Some("#1f6feb".into()),
                logo_url: None,
            },
        );
        assert_eq!(
            serde_json::to_string(&shown).unwrap(),
            r##"{"show":true,"finder_url":"https://app.gokarla.io/resolve/my-shop/finder","tile":{"accent_color":"#1f6feb","logo_url":null}}"##
        );
        for (reason, code) in [
            (Hidden::UnknownShop, "unknown_shop"),
            (Hidden::UrlNotWhitelisted, "url_not_whitelisted"),
            (Hidden::OriginMismatch, "origin_mismatch"),
        ] {
            assert_eq!(
                serde_json::to_value(Answer::hidden(reason.clone())).unwrap(),
                json!({"show": false, "reason": code})
            );
            assert_eq!(Hidden::from_code(code), reason);
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let shown = Answer::shown(
            "https://finder.example/resolve/a/finder".into(),
            Tile {
                accent_color: Some("#000000".into()),
                logo_url: Some("https://cdn.example/logo.png".into()),
            },
        );
        let text = serde_json::to_string(&shown).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), shown);
        let hidden = Answer::hidden(Hidden::OriginMismatch);
        let text = serde_json::to_string(&hidden).unwrap();
        assert_eq!(serde_json::from_str::<Answer>(&text).unwrap(), hidden);
    }

    #[test]
    fn a_wrong_typed_field_reads_as_absent_and_the_rest_still_counts() {
        let answer = read(json!({
            "show": true,
            "finder_url": "https://finder.example/f",
            "tile": {"accent_color": 31, "logo_url": {"src": "x"}, "size": "big"},
            "reason": ["x"],
            "added_later": {"nested": [1, 2]}
        }));
        assert_eq!(answer.show, Some(true));
        assert_eq!(
            answer.finder_url.as_deref(),
            Some("https://finder.example/f")
        );
        assert_eq!(answer.tile, Some(Tile::default()));
        assert_eq!(answer.reason, None);
        for tile in [json!("red"), json!(7), json!([1]), json!(true), json!(null)] {
            let answer =
                read(json!({"show": true, "finder_url": "https://f.example/", "tile": tile}));
            assert_eq!(answer.show, Some(true), "{tile}");
            assert_eq!(answer.tile, None, "{tile}");
        }
        for show in [
            json!("true"),
            json!(1),
            json!(null),
            json!({}),
            json!([true]),
        ] {
            assert_eq!(read(json!({ "show": show })).show, None, "{show}");
        }
        assert_eq!(
            read(json!({"show": true, "finder_url": 5})).finder_url,
            None
        );
        assert_eq!(read(json!({})), Answer::default());
    }

    #[test]
    fn an_unknown_reason_is_kept_as_sent() {
        assert_eq!(
            read(json!({"show": false, "reason": "paused"})).reason,
            Some(Hidden::Other("paused".into()))
        );
        assert_eq!(read(json!({"show": false, "reason": 3})).reason, None);
    }

    #[test]
    fn anything_but_an_object_has_no_decision() {
        // Scalars fail to read; an array reads positionally, here as an answer without fields.
        for other in [json!("show"), json!([]), json!(true), json!(null), json!(1)] {
            let show = serde_json::from_value::<Answer>(other.clone()).map(|answer| answer.show);
            assert!(matches!(show, Err(_) | Ok(None)), "{other}");
        }
    }
}
