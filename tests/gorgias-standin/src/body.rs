//! Checking JSON bodies the way Gorgias does: every problem collected under its dotted field path
//! (`messages.0.channel`), answered together as one 400.

use crate::error::ApiError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Gorgias's message for an absent required field.
pub const MISSING: &str = "Missing data for required field.";
/// Gorgias's message for a field it does not know (strict mode).
pub const UNKNOWN: &str = "Unknown field.";
/// Gorgias's message for a value of the wrong JSON type where an object was expected.
pub const INVALID_TYPE: &str = "Invalid input type.";

/// Collects field problems while a body is read.
pub struct Check {
    /// Field path to messages.
    errors: BTreeMap<String, Vec<String>>,
    /// Whether unknown fields are problems.
    strict: bool,
}

/// Joins a parent path and a key: `("messages.0", "channel")` → `messages.0.channel`.
pub fn join(parent: &str, key: impl std::fmt::Display) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

impl Check {
    /// An empty check.
    pub fn new(strict: bool) -> Self {
        Check {
            errors: BTreeMap::new(),
            strict,
        }
    }

    /// Records a problem.
    pub fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors
            .entry(path.into())
            .or_default()
            .push(message.into());
    }

    /// 400 with every problem, or `Ok` when there was none.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::invalid(self.errors))
        }
    }

    /// In strict mode, records every key not in `known`.
    pub fn known_fields(&mut self, path: &str, object: &Map<String, Value>, known: &[&str]) {
        if !self.strict {
            return;
        }
        for key in object.keys() {
            if !known.contains(&key.as_str()) {
                self.fail(join(path, key), UNKNOWN);
            }
        }
    }

    /// The object at `path`, or a recorded problem.
    pub fn object<'v>(&mut self, path: &str, value: &'v Value) -> Option<&'v Map<String, Value>> {
        match value {
            Value::Object(map) => Some(map),
            _ => {
                self.fail(path, INVALID_TYPE);
                None
            }
        }
    }

    /// A field read by `read`: absent or null is `None` (a problem when `required`), a value
    /// `read` refuses is "Not a valid {what}.", as Gorgias words it.
    fn field<'v, T>(
        &mut self,
        path: &str,
        object: &'v Map<String, Value>,
        key: &str,
        required: bool,
        what: &str,
        read: impl FnOnce(&'v Value) -> Option<T>,
    ) -> Option<T> {
        match object.get(key) {
            None | Some(Value::Null) => {
                if required {
                    self.fail(join(path, key), MISSING);
                }
                None
            }
            Some(value) => {
                let read = read(value);
                if read.is_none() {
                    self.fail(join(path, key), format!("Not a valid {what}."));
                }
                read
            }
        }
    }

    /// A string field; absent or null is `None` (a problem when `required`).
    pub fn string(
        &mut self,
        path: &str,
        object: &Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<String> {
        self.field(path, object, key, required, "string", |v| {
            v.as_str().map(str::to_owned)
        })
    }

    /// A boolean field; absent or null is `None` (a problem when `required`).
    pub fn boolean(
        &mut self,
        path: &str,
        object: &Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<bool> {
        self.field(path, object, key, required, "boolean", Value::as_bool)
    }

    /// A non-negative integer field; absent or null is `None` (a problem when `required`).
    pub fn integer(
        &mut self,
        path: &str,
        object: &Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<u64> {
        self.field(path, object, key, required, "integer", Value::as_u64)
    }

    /// A list field; absent or null is `None` (a problem when `required`).
    pub fn list<'v>(
        &mut self,
        path: &str,
        object: &'v Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<&'v Vec<Value>> {
        self.field(path, object, key, required, "list", Value::as_array)
    }

    /// An email address field (a string with text on both sides of one `@`).
    pub fn email(
        &mut self,
        path: &str,
        object: &Map<String, Value>,
        key: &str,
        required: bool,
    ) -> Option<String> {
        let email = self.string(path, object, key, required)?;
        if looks_like_email(&email) {
            Some(email)
        } else {
            self.fail(join(path, key), "Not a valid email address.");
            None
        }
    }
}

/// Whether a string is shaped like an email address.
pub fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
                && !s.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// Parses a request body as a JSON value, or answers 400 saying what is wrong.
pub fn parse_json(content_type: Option<&str>, bytes: &[u8]) -> Result<Value, ApiError> {
    let is_json = content_type
        .map(|ct| {
            ct.trim()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
        .unwrap_or(false);
    if !is_json {
        return Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "The request body must be JSON with Content-Type: application/json.",
        ));
    }
    serde_json::from_slice(bytes).map_err(|e| {
        ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            format!("The request body is not valid JSON: {e}."),
        )
    })
}
