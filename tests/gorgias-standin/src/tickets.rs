//! Tickets: `POST /api/tickets` checked like Gorgias checks it, then stored as Gorgias answers it.

use crate::body::{join, Check, MISSING};
use crate::config::{AccountConfig, UserConfig};
use crate::customers;
use crate::error::ApiError;
use crate::store::{now_iso, Store};
use serde_json::{json, Map, Value};

/// Fields Gorgias knows on a ticket body.
const TICKET_FIELDS: &[&str] = &[
    "customer",
    "channel",
    "via",
    "from_agent",
    "subject",
    "external_id",
    "language",
    "tags",
    "custom_fields",
    "messages",
    "status",
    "priority",
    "assignee_user",
    "assignee_team",
    "receiver_channel",
    "meta",
    "spam",
    "is_unread",
    "created_datetime",
    "opened_datetime",
    "updated_datetime",
    "last_message_datetime",
    "last_received_message_datetime",
    "closed_datetime",
    "snooze_datetime",
    "trashed_datetime",
];

/// Fields Gorgias knows on a message of a new ticket.
const MESSAGE_FIELDS: &[&str] = &[
    "channel",
    "via",
    "from_agent",
    "sender",
    "receiver",
    "subject",
    "body_text",
    "body_html",
    "stripped_text",
    "attachments",
    "source",
    "external_id",
    "message_id",
    "public",
    "meta",
    "integration_id",
    "created_datetime",
    "sent_datetime",
    "failed_datetime",
];

/// Fields Gorgias knows on an attachment.
const ATTACHMENT_FIELDS: &[&str] = &["url", "name", "size", "content_type", "public", "extra"];

/// Fields Gorgias knows on a person (customer, sender, receiver).
const PERSON_FIELDS: &[&str] = &["id", "email", "name", "firstname", "lastname"];

/// The channels a ticket or message may have.
pub const CHANNELS: &[&str] = &[
    "aircall",
    "api",
    "chat",
    "contact_form",
    "email",
    "facebook",
    "facebook-mention",
    "facebook-messenger",
    "facebook-recommendations",
    "help-center",
    "instagram-ad-comment",
    "instagram-comment",
    "instagram-direct-message",
    "instagram-mention",
    "internal-note",
    "phone",
    "sms",
    "twitter",
    "twitter-direct-message",
    "whatsapp",
    "yotpo-review",
];

/// Who a ticket or message names: by id or by email.
#[derive(Debug, Clone)]
enum PersonRef {
    Id(u64),
    Email { email: String, name: Option<String> },
}

/// One checked message.
struct MessageIn {
    channel: String,
    via: String,
    from_agent: bool,
    sender: Option<PersonRef>,
    receiver: Option<Value>,
    subject: Option<String>,
    body_text: Option<String>,
    body_html: Option<String>,
    source: Option<Value>,
    external_id: Option<String>,
    attachments: Vec<Value>,
}

/// One checked tag.
enum TagIn {
    Id(u64),
    Name(String),
}

/// `POST /api/tickets`: checks the body (every problem at once), then stores the ticket and any
/// customer it names. Nothing is stored when the body is refused.
pub fn create(
    store: &mut Store,
    account: &AccountConfig,
    agent: &UserConfig,
    strict: bool,
    body: &Value,
) -> Result<Value, ApiError> {
    let mut check = Check::new(strict);
    let Some(object) = check.object("_schema", body) else {
        return Err(check.finish().unwrap_err());
    };
    check.known_fields("", object, TICKET_FIELDS);

    let channel = check.string("", object, "channel", false);
    if let Some(c) = &channel {
        check_channel(&mut check, "channel", c);
    }
    let via = check.string("", object, "via", false);
    let from_agent = check.boolean("", object, "from_agent", false);
    let subject = check.string("", object, "subject", false);
    let external_id = check.string("", object, "external_id", false);
    if external_id
        .as_ref()
        .is_some_and(|e| e.chars().count() > 255)
    {
        check.fail("external_id", "Longer than maximum length 255.");
    }
    let language = check.string("", object, "language", false);
    if let Some(l) = &language {
        if l.len() != 2 || !l.chars().all(|c| c.is_ascii_lowercase()) {
            check.fail(
                "language",
                "Not a valid language: use a two-letter ISO 639-1 code.",
            );
        }
    }
    let status = check.string("", object, "status", false);
    if let Some(s) = &status {
        if s != "open" && s != "closed" {
            check.fail("status", "Must be one of: open, closed.");
        }
    }
    let customer = match object.get("customer") {
        None | Some(Value::Null) => None,
        Some(value) => person(&mut check, "customer", value),
    };
    let tags = read_tags(&mut check, object);
    let custom_fields = read_custom_fields(&mut check, object, account);
    let messages = read_messages(&mut check, object);
    check.finish()?;

    // Everything that can still fail looks things up before anything is stored.
    let mut check = Check::new(strict);
    if let Some(PersonRef::Id(id)) = &customer {
        if customers::find_by_id(store, *id).is_none() {
            check.fail("customer.id", format!("Customer {id} does not exist."));
        }
    }
    for (i, tag) in tags.iter().enumerate() {
        if let TagIn::Id(id) = tag {
            if !store.tags.iter().any(|(tag_id, _)| tag_id == id) {
                check.fail(format!("tags.{i}.id"), format!("Tag {id} does not exist."));
            }
        }
    }
    for (i, message) in messages.iter().enumerate() {
        if let Some(PersonRef::Id(id)) = &message.sender {
            let known = if message.from_agent {
                user_id_of(account, *id).is_some()
            } else {
                customers::find_by_id(store, *id).is_some()
            };
            if !known {
                check.fail(
                    format!("messages.{i}.sender.id"),
                    format!("Sender {id} does not exist."),
                );
            }
        }
    }
    let first_customer_sender = messages
        .iter()
        .find(|m| !m.from_agent && m.sender.is_some())
        .and_then(|m| m.sender.clone());
    if customer.is_none() && first_customer_sender.is_none() {
        check.fail("customer", MISSING);
    }
    check.finish()?;

    let customer = resolve_person(store, customer.or(first_customer_sender).unwrap());
    let now = now_iso();
    let ticket_id = store.next_id("ticket");
    let tags: Vec<Value> = tags
        .into_iter()
        .map(|tag| tag_json(store, tag, &now))
        .collect();
    let custom_fields: Map<String, Value> = custom_fields
        .into_iter()
        .map(|(id, value)| (id.to_string(), json!({ "id": id, "value": value })))
        .collect();
    let first_channel = messages[0].channel.clone();
    let messages: Vec<Value> = messages
        .into_iter()
        .map(|message| message_json(store, account, agent, &customer, ticket_id, message, &now))
        .collect();
    let excerpt: String = messages[0]["body_text"]
        .as_str()
        .unwrap_or_default()
        .chars()
        .take(100)
        .collect();
    let status = status.unwrap_or_else(|| "open".into());
    let closed = if status == "closed" {
        json!(now)
    } else {
        Value::Null
    };
    let ticket = json!({
        "id": ticket_id,
        "uri": format!("/api/tickets/{ticket_id}/"),
        "external_id": external_id,
        "language": language,
        "status": status,
        "priority": "normal",
        "channel": channel.unwrap_or(first_channel),
        "via": via.unwrap_or_else(|| "api".into()),
        "from_agent": from_agent.unwrap_or(false),
        "customer": customer_summary(&customer),
        "assignee_user": null,
        "assignee_team": null,
        "subject": subject,
        "excerpt": excerpt,
        "integrations": [],
        "meta": null,
        "tags": tags,
        "custom_fields": custom_fields,
        "messages_count": messages.len(),
        "messages": messages,
        "spam": false,
        "is_unread": true,
        "created_datetime": now,
        "opened_datetime": now,
        "updated_datetime": now,
        "last_message_datetime": now,
        "last_received_message_datetime": now,
        "closed_datetime": closed,
        "snooze_datetime": null,
        "trashed_datetime": null,
    });
    store.tickets.push(ticket.clone());
    Ok(ticket)
}

/// A ticket as list calls show it: without its messages.
pub fn list_item(ticket: &Value) -> Value {
    let mut item = ticket.clone();
    if let Some(object) = item.as_object_mut() {
        object.remove("messages");
    }
    item
}

fn check_channel(check: &mut Check, path: &str, channel: &str) {
    if !CHANNELS.contains(&channel) {
        check.fail(path, format!("Must be one of: {}.", CHANNELS.join(", ")));
    }
}

fn person(check: &mut Check, path: &str, value: &Value) -> Option<PersonRef> {
    let object = check.object(path, value)?;
    check.known_fields(path, object, PERSON_FIELDS);
    let id = check.integer(path, object, "id", false);
    let email = check.email(path, object, "email", false);
    let name = check.string(path, object, "name", false);
    match (id, email) {
        (Some(id), _) => Some(PersonRef::Id(id)),
        (None, Some(email)) => Some(PersonRef::Email { email, name }),
        (None, None) => {
            if !object.contains_key("email") {
                check.fail(join(path, "email"), MISSING);
            }
            None
        }
    }
}

fn read_tags(check: &mut Check, object: &Map<String, Value>) -> Vec<TagIn> {
    let mut tags = Vec::new();
    let Some(items) = check.list("", object, "tags", false) else {
        return tags;
    };
    for (i, item) in items.iter().enumerate() {
        let path = join("tags", i);
        // Gorgias wants tag objects; a bare string is the classic mistake.
        let Some(tag) = check.object(&path, item) else {
            continue;
        };
        check.known_fields(&path, tag, &["id", "name", "decoration"]);
        let id = check.integer(&path, tag, "id", false);
        let name = check.string(&path, tag, "name", false);
        match (id, name) {
            (Some(id), _) => tags.push(TagIn::Id(id)),
            (None, Some(name)) if !name.trim().is_empty() => tags.push(TagIn::Name(name)),
            (None, Some(_)) => check.fail(join(&path, "name"), "Shorter than minimum length 1."),
            (None, None) => {
                if !tag.contains_key("name") {
                    check.fail(join(&path, "name"), MISSING);
                }
            }
        }
    }
    tags
}

fn read_custom_fields(
    check: &mut Check,
    object: &Map<String, Value>,
    account: &AccountConfig,
) -> Vec<(u64, Value)> {
    let mut fields = Vec::new();
    let Some(items) = check.list("", object, "custom_fields", false) else {
        return fields;
    };
    for (i, item) in items.iter().enumerate() {
        let path = join("custom_fields", i);
        let Some(field) = check.object(&path, item) else {
            continue;
        };
        check.known_fields(&path, field, &["id", "value"]);
        let Some(id) = check.integer(&path, field, "id", true) else {
            continue;
        };
        let Some(definition) = account.custom_fields.iter().find(|f| f.id == id) else {
            check.fail(
                join(&path, "id"),
                format!("Custom field {id} does not exist."),
            );
            continue;
        };
        let value = match field.get("value") {
            None => {
                check.fail(join(&path, "value"), MISSING);
                continue;
            }
            Some(value) => value,
        };
        let fits = match definition.data_type.as_str() {
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            _ => value.is_string(),
        };
        if !fits && !value.is_null() {
            check.fail(
                join(&path, "value"),
                format!("Not a valid {}.", definition.data_type),
            );
            continue;
        }
        fields.push((id, value.clone()));
    }
    fields
}

fn read_messages(check: &mut Check, object: &Map<String, Value>) -> Vec<MessageIn> {
    let mut messages = Vec::new();
    let Some(items) = check.list("", object, "messages", true) else {
        return messages;
    };
    if items.is_empty() || items.len() > 500 {
        check.fail("messages", "Length must be between 1 and 500.");
        return messages;
    }
    for (i, item) in items.iter().enumerate() {
        let path = join("messages", i);
        let Some(message) = check.object(&path, item) else {
            continue;
        };
        check.known_fields(&path, message, MESSAGE_FIELDS);
        let channel = check.string(&path, message, "channel", true);
        if let Some(c) = &channel {
            check_channel(check, &join(&path, "channel"), c);
        }
        let via = check.string(&path, message, "via", false);
        let from_agent = check.boolean(&path, message, "from_agent", true);
        let sender = match message.get("sender") {
            None | Some(Value::Null) => None,
            Some(value) => person(check, &join(&path, "sender"), value),
        };
        let receiver = match message.get("receiver") {
            None | Some(Value::Null) => None,
            Some(value) => {
                let receiver_path = join(&path, "receiver");
                check.object(&receiver_path, value).map(|r| {
                    check.known_fields(&receiver_path, r, PERSON_FIELDS);
                    value.clone()
                })
            }
        };
        let subject = check.string(&path, message, "subject", false);
        let body_text = check.string(&path, message, "body_text", false);
        let body_html = check.string(&path, message, "body_html", false);
        let external_id = check.string(&path, message, "external_id", false);
        let source = message.get("source").cloned();
        let attachments = read_attachments(check, &path, message);
        if let (Some(channel), Some(from_agent)) = (channel, from_agent) {
            messages.push(MessageIn {
                channel,
                via: via.unwrap_or_else(|| "api".into()),
                from_agent,
                sender,
                receiver,
                subject,
                body_text,
                body_html,
                source,
                external_id,
                attachments,
            });
        }
    }
    messages
}

fn read_attachments(check: &mut Check, path: &str, message: &Map<String, Value>) -> Vec<Value> {
    let mut attachments = Vec::new();
    let Some(items) = check.list(path, message, "attachments", false) else {
        return attachments;
    };
    for (i, item) in items.iter().enumerate() {
        let path = join(&join(path, "attachments"), i);
        let Some(attachment) = check.object(&path, item) else {
            continue;
        };
        check.known_fields(&path, attachment, ATTACHMENT_FIELDS);
        let url = check.string(&path, attachment, "url", true);
        if let Some(u) = &url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                check.fail(join(&path, "url"), "Not a valid URL.");
            }
        }
        let name = check.string(&path, attachment, "name", true);
        let content_type = check.string(&path, attachment, "content_type", true);
        let size = check.integer(&path, attachment, "size", false);
        if let (Some(url), Some(name), Some(content_type)) = (url, name, content_type) {
            attachments.push(json!({
                "url": url,
                "name": name,
                "size": size,
                "content_type": content_type,
                "public": true,
                "extra": {},
            }));
        }
    }
    attachments
}

fn resolve_person(store: &mut Store, person: PersonRef) -> Value {
    match person {
        PersonRef::Id(id) => customers::find_by_id(store, id)
            .cloned()
            .expect("customer ids are checked before anything is stored"),
        PersonRef::Email { email, name } => {
            customers::find_or_insert(store, &email, name.as_deref())
        }
    }
}

fn customer_summary(customer: &Value) -> Value {
    json!({
        "id": customer["id"],
        "email": customer["email"],
        "name": customer["name"],
        "firstname": customer["firstname"],
        "lastname": customer["lastname"],
        "meta": {},
    })
}

fn user_id_of(account: &AccountConfig, id: u64) -> Option<&UserConfig> {
    account
        .users
        .iter()
        .enumerate()
        .find(|(i, _)| user_id(*i) == id)
        .map(|(_, u)| u)
}

/// The API id of the account's `index`th user.
pub fn user_id(index: usize) -> u64 {
    11 + index as u64
}

fn agent_summary(account: &AccountConfig, email: &str) -> Value {
    match account
        .users
        .iter()
        .position(|u| u.email.eq_ignore_ascii_case(email))
    {
        Some(i) => {
            json!({ "id": user_id(i), "email": account.users[i].email, "name": account.users[i].email })
        }
        None => json!({ "id": null, "email": email, "name": null }),
    }
}

fn tag_json(store: &mut Store, tag: TagIn, now: &str) -> Value {
    let (id, name) = match tag {
        TagIn::Id(id) => {
            let name = store
                .tags
                .iter()
                .find(|(tag_id, _)| *tag_id == id)
                .map(|(_, name)| name.clone())
                .expect("tag ids are checked before anything is stored");
            (id, name)
        }
        TagIn::Name(name) => match store
            .tags
            .iter()
            .find(|(_, existing)| existing.eq_ignore_ascii_case(&name))
        {
            Some((id, existing)) => (*id, existing.clone()),
            None => {
                let id = store.next_id("tag");
                store.tags.push((id, name.clone()));
                (id, name)
            }
        },
    };
    json!({
        "id": id,
        "name": name,
        "uri": format!("/api/tags/{id}/"),
        "decoration": null,
        "created_datetime": now,
    })
}

fn message_json(
    store: &mut Store,
    account: &AccountConfig,
    agent: &UserConfig,
    customer: &Value,
    ticket_id: u64,
    message: MessageIn,
    now: &str,
) -> Value {
    let id = store.next_id("message");
    let sender = match (&message.sender, message.from_agent) {
        (None, false) => customer_summary(customer),
        (None, true) => agent_summary(account, &agent.email),
        (Some(PersonRef::Id(id)), true) => {
            let user = user_id_of(account, *id).expect("sender ids are checked before storing");
            agent_summary(account, &user.email)
        }
        (Some(PersonRef::Email { email, .. }), true) => agent_summary(account, email),
        (Some(person), false) => customer_summary(&resolve_person(store, person.clone())),
    };
    json!({
        "id": id,
        "uri": format!("/api/tickets/{ticket_id}/messages/{id}/"),
        "ticket_id": ticket_id,
        "external_id": message.external_id,
        "channel": message.channel,
        "via": message.via,
        "from_agent": message.from_agent,
        "public": true,
        "sender": sender,
        "receiver": message.receiver,
        "subject": message.subject,
        "body_text": message.body_text,
        "body_html": message.body_html,
        "stripped_text": message.body_text,
        "attachments": message.attachments,
        "source": message.source,
        "meta": null,
        "created_datetime": now,
        "sent_datetime": now,
        "failed_datetime": null,
    })
}
