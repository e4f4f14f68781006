//! Reading untrusted JSON field by field: the [`FieldError`] that claims and mappings report.
//!
//! Claims and mappings are first parsed into a `serde_json::Value` and then walked by hand, so that
//! one pass can report every problem at once, each with the JSON path of the field it concerns,
//! instead of serde's first-error-wins message.

use std::fmt;

use serde::Serialize;
use serde_json::{Map, Value};

/// What kind of mistake a [`FieldError`] describes; [`ErrorKind::code`] is a stable snake_case code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The body is not JSON at all.
    MalformedJson,
    /// A value has the wrong JSON type (text where a number belongs, ...).
    WrongType,
    /// A required field is absent, `null` or blank.
    MissingField,
    /// A field the contract does not know.
    UnknownField,
    /// The value has the right type but is not allowed (too long, not in the set, ...).
    InvalidValue,
}

impl ErrorKind {
    /// The snake_case code, as the HTTP error shape carries it.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::MalformedJson => "malformed_json",
            ErrorKind::WrongType => "wrong_type",
            ErrorKind::MissingField => "missing_field",
            ErrorKind::UnknownField => "unknown_field",
            ErrorKind::InvalidValue => "invalid_value",
        }
    }
}

/// One problem with one field of a submitted document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// JSON path of the field (`customer.email`, `items[0].quantity`); `None` for the whole body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What kind of mistake it is.
    pub kind: ErrorKind,
    /// What is wrong and what to do about it, readable on its own.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Parses a body as JSON, or explains where it stops being JSON.
pub(crate) fn document(json: &[u8], what: &str) -> Result<Value, FieldError> {
    serde_json::from_slice(json).map_err(|error| FieldError {
        field: None,
        kind: ErrorKind::MalformedJson,
        // serde_json's message already ends in "at line L column C".
        message: format!("the body is not valid JSON ({error}); send {what} as one JSON object"),
    })
}

/// `parent.key`, or `key` at the top level.
pub(crate) fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// A JSON value's type in words, for "expected X, found Y" messages.
fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// How a text field is checked.
pub(crate) struct TextRule {
    /// Most characters (Unicode scalar values) allowed after trimming.
    pub max_chars: usize,
    /// Whether line breaks and tabs are allowed (free text such as the description).
    pub multiline: bool,
    /// What the field holds, in words, for "add ..." messages (e.g. "the customer's email address").
    pub what: &'static str,
}

/// Walks one document and collects every [`FieldError`] it finds.
#[derive(Default)]
pub(crate) struct Reader {
    errors: Vec<FieldError>,
}

impl Reader {
    /// The problems found so far.
    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }

    /// Whether no problem was found.
    pub fn is_clean(&self) -> bool {
        self.errors.is_empty()
    }

    /// Records a problem with `field`.
    pub fn report(&mut self, field: &str, kind: ErrorKind, message: String) {
        self.errors.push(FieldError {
            field: (!field.is_empty()).then(|| field.to_owned()),
            kind,
            message,
        });
    }

    /// Records that `field` has the wrong type.
    pub fn wrong_type(&mut self, field: &str, expected: &str, value: &Value) {
        let name = if field.is_empty() { "the body" } else { field };
        self.report(
            field,
            ErrorKind::WrongType,
            format!("{name} must be {expected}, not {}", found(value)),
        );
    }

    /// Records that the required `field` is missing.
    pub fn missing(&mut self, field: &str, what: &str) {
        self.report(
            field,
            ErrorKind::MissingField,
            format!("{field} is required: add {what}"),
        );
    }

    /// Records that `field` holds a value that is not allowed.
    pub fn invalid(&mut self, field: &str, message: String) {
        self.report(field, ErrorKind::InvalidValue, message);
    }

    /// The value as an object, or a wrong-type problem.
    pub fn object<'v>(&mut self, value: &'v Value, field: &str) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            other => {
                self.wrong_type(field, "an object", other);
                None
            }
        }
    }

    /// Reports every key of `map` that is not in `known`.
    pub fn only_known(&mut self, map: &Map<String, Value>, parent: &str, known: &[&str]) {
        for key in map.keys() {
            if !known.contains(&key.as_str()) {
                let field = join(parent, key);
                let place = if parent.is_empty() {
                    "the top level".to_owned()
                } else {
                    parent.to_owned()
                };
                self.report(
                    &field,
                    ErrorKind::UnknownField,
                    format!(
                        "{field} is not a known field: remove it (known at {place}: {})",
                        known.join(", ")
                    ),
                );
            }
        }
    }

    /// A text field: trimmed, bounded, free of control characters. Absent, `null` and blank all
    /// read as `None`; `required` fields then get a missing-field problem.
    pub fn text(
        &mut self,
        map: &Map<String, Value>,
        parent: &str,
        key: &str,
        rule: &TextRule,
        required: bool,
    ) -> Option<String> {
        let field = join(parent, key);
        let raw = match map.get(key) {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.as_str()),
            Some(other) => {
                self.wrong_type(&field, "text", other);
                return None;
            }
        };
        let text = raw.map(str::trim).filter(|text| !text.is_empty());
        let Some(text) = text else {
            if required {
                self.missing(&field, rule.what);
            }
            return None;
        };
        let length = text.chars().count();
        if length > rule.max_chars {
            self.invalid(
                &field,
                format!(
                    "{field} is {length} characters long: shorten it to at most {}",
                    rule.max_chars
                ),
            );
            return None;
        }
        let allowed =
            |c: char| !c.is_control() || (rule.multiline && matches!(c, '\n' | '\r' | '\t'));
        if !text.chars().all(allowed) {
            let what = if rule.multiline {
                "control characters other than line breaks and tabs"
            } else {
                "line breaks or control characters"
            };
            self.invalid(&field, format!("{field} contains {what}: remove them"));
            return None;
        }
        // One line-break convention, so the ticket body renders the same everywhere.
        Some(text.replace("\r\n", "\n").replace('\r', "\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const RULE: TextRule = TextRule {
        max_chars: 5,
        multiline: false,
        what: "a word",
    };

    fn read(value: Value, required: bool) -> (Option<String>, Vec<FieldError>) {
        let mut reader = Reader::default();
        let map = value.as_object().unwrap().clone();
        let text = reader.text(&map, "order", "word", &RULE, required);
        (text, reader.into_errors())
    }

    #[test]
    fn text_is_trimmed() {
        let (text, errors) = read(json!({"word": "  abc "}), true);
        assert_eq!(text.as_deref(), Some("abc"));
        assert!(errors.is_empty());
    }

    #[test]
    fn blank_null_and_absent_are_missing_when_required_and_none_otherwise() {
        for value in [json!({"word": "   "}), json!({"word": null}), json!({})] {
            let (text, errors) = read(value.clone(), true);
            assert_eq!(text, None);
            assert_eq!(errors.len(), 1, "{value}");
            assert_eq!(errors[0].kind, ErrorKind::MissingField);
            assert_eq!(errors[0].field.as_deref(), Some("order.word"));
            assert_eq!(errors[0].message, "order.word is required: add a word");
            let (text, errors) = read(value, false);
            assert_eq!(text, None);
            assert!(errors.is_empty());
        }
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let (text, errors) = read(json!({"word": "ääääü"}), true);
        assert_eq!(text.as_deref(), Some("ääääü"));
        assert!(errors.is_empty());
        let (_, errors) = read(json!({"word": "abcdef"}), true);
        assert_eq!(errors[0].kind, ErrorKind::InvalidValue);
        assert!(
            errors[0].message.contains("at most 5"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn single_line_text_rejects_line_breaks() {
        let (_, errors) = read(json!({"word": "a\nb"}), true);
        assert_eq!(errors[0].kind, ErrorKind::InvalidValue);
        assert!(errors[0].message.contains("line breaks"));
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let error = document(b"{\n  \"a\": 1,\n  oops\n}", "the claim").unwrap_err();
        assert_eq!(error.kind, ErrorKind::MalformedJson);
        assert_eq!(error.field, None);
        assert!(
            error.message.contains("line 3 column 3"),
            "{}",
            error.message
        );
        assert!(error.message.contains("send the claim as one JSON object"));
    }

    #[test]
    fn codes_are_snake_case() {
        assert_eq!(ErrorKind::MalformedJson.code(), "malformed_json");
        assert_eq!(ErrorKind::UnknownField.code(), "unknown_field");
        assert_eq!(
            serde_json::to_value(ErrorKind::MissingField).unwrap(),
            json!("missing_field")
        );
    }
}
