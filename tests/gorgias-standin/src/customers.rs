//! Customers: created by `POST /api/customers` or found-or-created by a ticket's customer email.

use crate::body::{join, Check};
use crate::error::ApiError;
use crate::store::{now_iso, Store};
use axum::http::StatusCode;
use serde_json::{json, Value};

/// Fields Gorgias knows on a customer body.
const CUSTOMER_FIELDS: &[&str] = &[
    "email",
    "name",
    "firstname",
    "lastname",
    "external_id",
    "language",
    "timezone",
    "note",
    "channels",
    "meta",
    "data",
];

/// Fields Gorgias knows on a customer channel.
const CHANNEL_FIELDS: &[&str] = &["type", "address", "preferred"];

/// The customer whose primary email is `email` (compared without case).
pub fn find_by_email<'s>(store: &'s Store, email: &str) -> Option<&'s Value> {
    store.customers.iter().find(|c| {
        c["email"]
            .as_str()
            .is_some_and(|e| e.eq_ignore_ascii_case(email))
    })
}

/// The customer with this id.
pub fn find_by_id(store: &Store, id: u64) -> Option<&Value> {
    store
        .customers
        .iter()
        .find(|c| c["id"].as_u64() == Some(id))
}

/// Adds a customer and returns it as the API shows it.
pub fn insert(
    store: &mut Store,
    email: Option<&str>,
    name: Option<&str>,
    channels: &[(String, String, bool)],
) -> Value {
    let id = store.next_id("customer");
    let now = now_iso();
    let (firstname, lastname) = match name {
        Some(name) => match name.trim().split_once(' ') {
            Some((first, last)) => (first.to_string(), last.trim().to_string()),
            None => (name.trim().to_string(), String::new()),
        },
        None => (String::new(), String::new()),
    };
    let mut channel_list: Vec<(String, String, bool)> = channels.to_vec();
    if let Some(email) = email {
        let listed = channel_list
            .iter()
            .any(|(kind, address, _)| kind == "email" && address.eq_ignore_ascii_case(email));
        if !listed {
            channel_list.insert(0, ("email".into(), email.into(), true));
        }
    }
    let channels: Vec<Value> = channel_list
        .into_iter()
        .map(|(kind, address, preferred)| {
            let channel_id = store.next_id("customer_channel");
            json!({
                "id": channel_id,
                "type": kind,
                "address": address,
                "preferred": preferred,
                "created_datetime": now,
                "updated_datetime": now,
            })
        })
        .collect();
    let customer = json!({
        "id": id,
        "email": email,
        "name": name,
        "firstname": firstname,
        "lastname": lastname,
        "external_id": null,
        "language": null,
        "timezone": null,
        "note": null,
        "active": true,
        "channels": channels,
        "meta": {},
        "data": null,
        "created_datetime": now,
        "updated_datetime": now,
    });
    store.customers.push(customer.clone());
    customer
}

/// The customer with this email, created (name and all) when there is none.
pub fn find_or_insert(store: &mut Store, email: &str, name: Option<&str>) -> Value {
    match find_by_email(store, email) {
        Some(customer) => customer.clone(),
        None => insert(store, Some(email), name, &[]),
    }
}

/// `POST /api/customers`: checks the body, refuses a known email with 409, stores the customer.
pub fn create(store: &mut Store, strict: bool, body: &Value) -> Result<Value, ApiError> {
    let mut check = Check::new(strict);
    let Some(object) = check.object("_schema", body) else {
        return Err(check.finish().unwrap_err());
    };
    check.known_fields("", object, CUSTOMER_FIELDS);
    let mut email = check.email("", object, "email", false);
    let name = check.string("", object, "name", false);
    let mut channels = Vec::new();
    if let Some(items) = check.list("", object, "channels", false) {
        for (i, item) in items.iter().enumerate() {
            let path = join("channels", i);
            let Some(channel) = check.object(&path, item) else {
                continue;
            };
            check.known_fields(&path, channel, CHANNEL_FIELDS);
            let kind = check.string(&path, channel, "type", true);
            let address = check.string(&path, channel, "address", true);
            let preferred = check.boolean(&path, channel, "preferred", false);
            if let (Some(kind), Some(address)) = (kind, address) {
                channels.push((kind, address, preferred.unwrap_or(false)));
            }
        }
    }
    check.finish()?;
    if email.is_none() {
        // Gorgias takes the preferred email channel as the primary email.
        email = channels
            .iter()
            .find(|(kind, _, preferred)| kind == "email" && *preferred)
            .or_else(|| channels.iter().find(|(kind, _, _)| kind == "email"))
            .map(|(_, address, _)| address.clone());
    }
    if let Some(email) = &email {
        if find_by_email(store, email).is_some() {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                format!("A customer with the email {email} already exists."),
            ));
        }
    }
    Ok(insert(store, email.as_deref(), name.as_deref(), &channels))
}
