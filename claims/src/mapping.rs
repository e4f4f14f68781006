//! A shop's choice of which Gorgias tags and custom fields a claim's ticket receives.
//!
//! Every part is optional; what is left out keeps its default:
//!
//! ```json
//! {"tags": {"always": ["resolve"], "flow_type": true, "resolution_preference": true, "shipment_phase": true},
//!  "custom_fields": {"flow_type": null, "resolution_preference": null, "shipment_phase": null}}
//! ```
//!
//! A `true` under `tags` adds `resolve-flow:{flow}`, `resolve-preference:{value}` or
//! `resolve-phase:{value}`; a number under `custom_fields` is the Gorgias custom field id that
//! receives the claim's value as text.

use std::fmt;
use std::num::NonZeroU64;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::input::{self, ErrorKind, FieldError, Reader};

/// Most characters of one tag name.
pub const MAX_TAG_CHARS: usize = 100;
/// Most tags under `tags.always`.
pub const MAX_ALWAYS_TAGS: usize = 20;

/// A shop's Gorgias mapping.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Mapping {
    /// Which tags a ticket gets.
    pub tags: TagMapping,
    /// Which custom fields receive which claim values.
    pub custom_fields: CustomFieldMapping,
}

/// Which tags a ticket gets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TagMapping {
    /// Tags every ticket gets, trimmed and without duplicates.
    pub always: Vec<String>,
    /// Whether to add `resolve-flow:{flow_type}`.
    pub flow_type: bool,
    /// Whether to add `resolve-preference:{resolution_preference}` when the claim has one.
    pub resolution_preference: bool,
    /// Whether to add `resolve-phase:{shipment_phase}` when the claim has one.
    pub shipment_phase: bool,
}

impl Default for TagMapping {
    fn default() -> Self {
        TagMapping {
            always: vec!["resolve".to_owned()],
            flow_type: true,
            resolution_preference: true,
            shipment_phase: true,
        }
    }
}

/// Which Gorgias custom field (by id) receives which claim value; `None` sets no field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CustomFieldMapping {
    /// The field that receives the flow type.
    pub flow_type: Option<NonZeroU64>,
    /// The field that receives the resolution preference.
    pub resolution_preference: Option<NonZeroU64>,
    /// The field that receives the shipment phase.
    pub shipment_phase: Option<NonZeroU64>,
}

/// Every problem found in a submitted mapping; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError(Vec<FieldError>);

impl MappingError {
    /// The first problem: what the HTTP error shape shows in `field` and `message`.
    pub fn first(&self) -> &FieldError {
        &self.0[0]
    }

    /// Every problem, in document order.
    pub fn all(&self) -> &[FieldError] {
        &self.0
    }

    /// The code of the first problem (e.g. `unknown_field`).
    pub fn code(&self) -> &'static str {
        self.first().kind.code()
    }
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let messages: Vec<&str> = self.0.iter().map(|e| e.message.as_str()).collect();
        write!(f, "the mapping was not saved: {}", messages.join("; "))
    }
}

impl std::error::Error for MappingError {}

impl Mapping {
    /// Parses and checks a mapping a merchant submitted; left-out parts keep their defaults.
    pub fn parse(json: &[u8]) -> Result<Mapping, MappingError> {
        let value = input::document(json, "the mapping").map_err(|e| MappingError(vec![e]))?;
        let mut reader = Reader::default();
        let mapping = read_mapping(&mut reader, &value);
        match mapping {
            Some(mapping) if reader.is_clean() => Ok(mapping),
            _ => Err(MappingError(reader.into_errors())),
        }
    }

    /// The custom field ids in use, each once, so they can be checked against the account.
    pub fn custom_field_ids(&self) -> Vec<u64> {
        let fields = &self.custom_fields;
        let mut ids: Vec<u64> = [
            fields.flow_type,
            fields.resolution_preference,
            fields.shipment_phase,
        ]
        .into_iter()
        .flatten()
        .map(NonZeroU64::get)
        .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

fn read_mapping(reader: &mut Reader, value: &Value) -> Option<Mapping> {
    let map = reader.object(value, "")?;
    reader.only_known(map, "", &["tags", "custom_fields"]);
    let tags = match map.get("tags") {
        None => Some(TagMapping::default()),
        Some(value) => reader
            .object(value, "tags")
            .and_then(|tags| read_tags(reader, tags)),
    };
    let custom_fields = match map.get("custom_fields") {
        None => Some(CustomFieldMapping::default()),
        Some(value) => reader
            .object(value, "custom_fields")
            .and_then(|fields| read_custom_fields(reader, fields)),
    };
    Some(Mapping {
        tags: tags?,
        custom_fields: custom_fields?,
    })
}

const SWITCHES: [&str; 3] = ["flow_type", "resolution_preference", "shipment_phase"];

fn read_tags(reader: &mut Reader, map: &Map<String, Value>) -> Option<TagMapping> {
    reader.only_known(
        map,
        "tags",
        &[
            "always",
            "flow_type",
            "resolution_preference",
            "shipment_phase",
        ],
    );
    let defaults = TagMapping::default();
    let always = match map.get("always") {
        None => Some(defaults.always),
        Some(Value::Array(names)) => read_always(reader, names),
        Some(other) => {
            reader.wrong_type("tags.always", "a list of tag names", other);
            None
        }
    };
    let [flow_type, resolution_preference, shipment_phase] = SWITCHES.map(|key| {
        let field = input::join("tags", key);
        match map.get(key) {
            None => Some(true),
            Some(Value::Bool(on)) => Some(*on),
            Some(other) => {
                reader.wrong_type(&field, "true or false", other);
                None
            }
        }
    });
    Some(TagMapping {
        always: always?,
        flow_type: flow_type?,
        resolution_preference: resolution_preference?,
        shipment_phase: shipment_phase?,
    })
}

fn read_always(reader: &mut Reader, names: &[Value]) -> Option<Vec<String>> {
    if names.len() > MAX_ALWAYS_TAGS {
        reader.invalid(
            "tags.always",
            format!(
                "tags.always lists {} tags: keep at most {MAX_ALWAYS_TAGS}",
                names.len()
            ),
        );
        return None;
    }
    let mut tags: Vec<String> = Vec::with_capacity(names.len());
    let mut clean = true;
    for (index, name) in names.iter().enumerate() {
        let field = format!("tags.always[{index}]");
        match name {
            Value::String(name) => match tag_name_problem(name.trim()) {
                None => {
                    let name = name.trim();
                    if !tags.iter().any(|tag| tag.eq_ignore_ascii_case(name)) {
                        tags.push(name.to_owned());
                    }
                }
                Some(problem) => {
                    reader.invalid(&field, format!("{field} {problem}"));
                    clean = false;
                }
            },
            other => {
                reader.wrong_type(&field, "a tag name (text)", other);
                clean = false;
            }
        }
    }
    clean.then_some(tags)
}

/// What is wrong with a (trimmed) tag name, if anything.
fn tag_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("is empty: give the tag a name or remove it".to_owned());
    }
    let length = name.chars().count();
    if length > MAX_TAG_CHARS {
        return Some(format!(
            "is {length} characters long: shorten it to at most {MAX_TAG_CHARS}"
        ));
    }
    if name.chars().any(char::is_control) {
        return Some("contains line breaks or control characters: remove them".to_owned());
    }
    // Gorgias splits tag lists on commas, so a comma would turn one tag into two.
    if name.contains(',') {
        return Some(
            "contains a comma: Gorgias would split it into two tags; use one tag per entry"
                .to_owned(),
        );
    }
    None
}

fn read_custom_fields(reader: &mut Reader, map: &Map<String, Value>) -> Option<CustomFieldMapping> {
    reader.only_known(map, "custom_fields", &SWITCHES);
    let mut seen: Vec<(NonZeroU64, &str)> = Vec::new();
    let mut clean = true;
    let [flow_type, resolution_preference, shipment_phase] = SWITCHES.map(|key| {
        let field = input::join("custom_fields", key);
        let hint = "the id of a Gorgias ticket field (a positive whole number), or null for none";
        let id = match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::Number(number)) => match number.as_u64().and_then(NonZeroU64::new) {
                Some(id) => Some(id),
                None => {
                    reader.invalid(&field, format!("{field} is {number}: use {hint}"));
                    clean = false;
                    None
                }
            },
            Some(other) => {
                reader.wrong_type(&field, hint, other);
                clean = false;
                None
            }
        };
        if let Some(id) = id {
            if let Some((_, first)) = seen.iter().find(|(seen_id, _)| *seen_id == id) {
                reader.report(
                    &field,
                    ErrorKind::InvalidValue,
                    format!(
                        "{field} uses field {id}, which custom_fields.{first} uses already: \
                         a field can hold one value, so pick another field"
                    ),
                );
                clean = false;
            }
            seen.push((id, key));
        }
        id
    });
    clean.then_some(CustomFieldMapping {
        flow_type,
        resolution_preference,
        shipment_phase,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<Mapping, MappingError> {
        Mapping::parse(value.to_string().as_bytes())
    }

    fn only_error(value: Value) -> FieldError {
        let error = parse(value).expect_err("the mapping must be rejected");
        assert_eq!(error.all().len(), 1, "{:?}", error.all());
        error.first().clone()
    }

    fn id(n: u64) -> Option<NonZeroU64> {
        NonZeroU64::new(n)
    }

    #[test]
    fn the_defaults_are_those_of_the_contract() {
        let mapping = Mapping::default();
        assert_eq!(
            serde_json::to_value(&mapping).unwrap(),
            json!({
                "tags": {"always": ["resolve"], "flow_type": true,
                         "resolution_preference": true, "shipment_phase": true},
                "custom_fields": {"flow_type": null, "resolution_preference": null,
                                  "shipment_phase": null}
            })
        );
        assert!(mapping.custom_field_ids().is_empty());
    }

    #[test]
    fn an_empty_object_is_the_default_mapping() {
        assert_eq!(parse(json!({})).unwrap(), Mapping::default());
    }

    #[test]
    fn the_full_example_parses() {
        let mapping = parse(json!({
            "tags": {"always": ["resolve", "claims"], "flow_type": false,
                     "resolution_preference": true, "shipment_phase": false},
            "custom_fields": {"flow_type": 11, "resolution_preference": null, "shipment_phase": 13}
        }))
        .unwrap();
        assert_eq!(mapping.tags.always, ["resolve", "claims"]);
        assert!(!mapping.tags.flow_type);
        assert!(mapping.tags.resolution_preference);
        assert!(!mapping.tags.shipment_phase);
        assert_eq!(mapping.custom_fields.flow_type, id(11));
        assert_eq!(mapping.custom_fields.resolution_preference, None);
        assert_eq!(mapping.custom_fields.shipment_phase, id(13));
        assert_eq!(mapping.custom_field_ids(), [11, 13]);
    }

    #[test]
    fn partial_mappings_keep_the_defaults_of_what_they_leave_out() {
        let mapping = parse(json!({"tags": {"shipment_phase": false}})).unwrap();
        assert_eq!(mapping.tags.always, ["resolve"]);
        assert!(mapping.tags.flow_type);
        assert!(mapping.tags.resolution_preference);
        assert!(!mapping.tags.shipment_phase);
        assert_eq!(mapping.custom_fields, CustomFieldMapping::default());

        let mapping = parse(json!({"custom_fields": {"resolution_preference": 42}})).unwrap();
        assert_eq!(mapping.tags, TagMapping::default());
        assert_eq!(mapping.custom_fields.resolution_preference, id(42));
        assert_eq!(mapping.custom_fields.flow_type, None);
    }

    #[test]
    fn always_may_be_empty_and_is_trimmed_and_deduplicated() {
        let mapping = parse(json!({"tags": {"always": []}})).unwrap();
        assert!(mapping.tags.always.is_empty());
        let mapping =
            parse(json!({"tags": {"always": [" vip ", "VIP", "resolve", "vip"]}})).unwrap();
        assert_eq!(mapping.tags.always, ["vip", "resolve"]);
    }

    #[test]
    fn unknown_keys_are_rejected_with_their_path() {
        for (value, field) in [
            (json!({"tag": {}}), "tag"),
            (json!({"tags": {"flow": true}}), "tags.flow"),
            (
                json!({"custom_fields": {"reason": 5}}),
                "custom_fields.reason",
            ),
        ] {
            let error = only_error(value);
            assert_eq!(error.field.as_deref(), Some(field));
            assert_eq!(error.kind, ErrorKind::UnknownField);
            assert!(error
                .message
                .starts_with(&format!("{field} is not a known field: remove it")));
        }
        let error = only_error(json!({"tags": {"flow": true}}));
        assert!(
            error.message.contains(
                "known at tags: always, flow_type, resolution_preference, shipment_phase"
            ),
            "{}",
            error.message
        );
    }

    #[test]
    fn tag_names_are_checked() {
        let error = only_error(json!({"tags": {"always": ["ok", "  "]}}));
        assert_eq!(error.field.as_deref(), Some("tags.always[1]"));
        assert_eq!(error.kind, ErrorKind::InvalidValue);
        assert_eq!(
            error.message,
            "tags.always[1] is empty: give the tag a name or remove it"
        );
        assert!(parse(json!({"tags": {"always": ["a".repeat(100)]}})).is_ok());
        let error = only_error(json!({"tags": {"always": ["a".repeat(101)]}}));
        assert_eq!(error.field.as_deref(), Some("tags.always[0]"));
        assert!(error.message.contains("at most 100"));
        let error = only_error(json!({"tags": {"always": ["a\nb"]}}));
        assert!(error.message.contains("line breaks"));
        let error = only_error(json!({"tags": {"always": [7]}}));
        assert_eq!(error.kind, ErrorKind::WrongType);
        assert_eq!(
            error.message,
            "tags.always[0] must be a tag name (text), not a number"
        );
        let error = only_error(json!({"tags": {"always": vec!["t"; 21]}}));
        assert_eq!(error.field.as_deref(), Some("tags.always"));
    }

    #[test]
    fn switches_must_be_booleans() {
        let error = only_error(json!({"tags": {"flow_type": "yes"}}));
        assert_eq!(error.field.as_deref(), Some("tags.flow_type"));
        assert_eq!(
            error.message,
            "tags.flow_type must be true or false, not text"
        );
        let error = only_error(json!({"tags": {"always": "resolve"}}));
        assert_eq!(error.field.as_deref(), Some("tags.always"));
        assert_eq!(error.kind, ErrorKind::WrongType);
        let error = only_error(json!({"tags": null}));
        assert_eq!(error.field.as_deref(), Some("tags"));
    }

    #[test]
    fn custom_field_ids_are_positive_whole_numbers() {
        for bad in [json!(0), json!(-3), json!(1.5)] {
            let error = only_error(json!({"custom_fields": {"shipment_phase": bad}}));
            assert_eq!(error.field.as_deref(), Some("custom_fields.shipment_phase"));
            assert_eq!(error.kind, ErrorKind::InvalidValue);
            assert!(
                error.message.contains("positive whole number"),
                "{}",
                error.message
            );
        }
        let error = only_error(json!({"custom_fields": {"flow_type": "12"}}));
        assert_eq!(error.kind, ErrorKind::WrongType);
    }

    #[test]
    fn one_custom_field_cannot_receive_two_values() {
        let error = only_error(json!({"custom_fields": {"flow_type": 7, "shipment_phase": 7}}));
        assert_eq!(error.field.as_deref(), Some("custom_fields.shipment_phase"));
        assert!(
            error
                .message
                .contains("custom_fields.flow_type uses already"),
            "{}",
            error.message
        );
    }

    #[test]
    fn malformed_json_and_non_objects_are_rejected() {
        let error = Mapping::parse(b"{\"tags\": ").unwrap_err();
        assert_eq!(error.code(), "malformed_json");
        assert!(
            error.first().message.contains("line 1 column 9"),
            "{}",
            error.first().message
        );
        let error = Mapping::parse(b"[]").unwrap_err();
        assert_eq!(error.first().field, None);
        assert_eq!(error.code(), "wrong_type");
    }

    #[test]
    fn several_problems_are_reported_together() {
        let error = parse(json!({
            "tags": {"always": [""], "flow_type": 1},
            "custom_fields": {"flow_type": 0},
            "extra": {}
        }))
        .unwrap_err();
        let fields: Vec<_> = error
            .all()
            .iter()
            .map(|e| e.field.clone().unwrap())
            .collect();
        assert_eq!(
            fields,
            [
                "extra",
                "tags.always[0]",
                "tags.flow_type",
                "custom_fields.flow_type"
            ]
        );
        assert!(error
            .to_string()
            .starts_with("the mapping was not saved: extra is not"));
    }

    #[test]
    fn a_stored_mapping_reads_back_equal() {
        let mapping = parse(json!({
            "tags": {"always": ["resolve", "claims"], "shipment_phase": false},
            "custom_fields": {"flow_type": 11}
        }))
        .unwrap();
        let stored = serde_json::to_vec(&mapping).unwrap();
        assert_eq!(serde_json::from_slice::<Mapping>(&stored).unwrap(), mapping);
        assert_eq!(Mapping::parse(&stored).unwrap(), mapping);
        // Rows stored before a part existed read back with that part's default.
        let older: Mapping = serde_json::from_str(r#"{"tags": {"flow_type": false}}"#).unwrap();
        assert_eq!(older.tags.always, ["resolve"]);
        assert!(!older.tags.flow_type);
    }
}
