//! The read-only HTML page of received tickets, newest first, as an agent would read them.
//!
//! Everything is escaped except a message's `body_html`, which is what an agent sees: it is shown
//! in a sandboxed frame (`srcdoc`, no `allow-scripts`), so markup renders and scripts cannot run.

use crate::store::SharedRef;
use serde_json::Value;
use std::fmt::Write;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => escape(s),
        other => escape(&other.to_string()),
    }
}

/// Only web links become `href`/`src`; anything else (`javascript:`) is left out.
fn web_url(value: &Value) -> Option<String> {
    let url = value.as_str()?;
    (url.starts_with("http://") || url.starts_with("https://")).then(|| escape(url))
}

/// Custom field labels of one account: (field id, label).
type Labels = Vec<(u64, String)>;

/// The whole page; `account` limits it to one account.
pub fn render(shared: &SharedRef, account: Option<&str>) -> String {
    let mut tickets: Vec<(String, Value, Labels)> = Vec::new();
    {
        let inner = shared.lock();
        for (name, entry) in &inner.accounts {
            if account.is_some_and(|a| a != name) {
                continue;
            }
            let labels: Vec<(u64, String)> = entry
                .config
                .custom_fields
                .iter()
                .map(|f| (f.id, f.label.clone()))
                .collect();
            for ticket in &entry.store.tickets {
                tickets.push((name.clone(), ticket.clone(), labels.clone()));
            }
        }
    }
    // Newest first; ids break ties within one account's microsecond.
    tickets.sort_by(|a, b| {
        let key = |t: &Value| {
            (
                t["created_datetime"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                t["id"].as_u64().unwrap_or(0),
            )
        };
        key(&b.1).cmp(&key(&a.1))
    });

    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Gorgias stand-in: tickets</title><style>\
         body{font-family:system-ui,sans-serif;margin:2rem;color:#222}\
         article{border:1px solid #ccc;border-radius:6px;padding:1rem;margin-bottom:1.5rem}\
         .tag{display:inline-block;background:#eef;border-radius:4px;padding:0 .4rem;margin-right:.3rem}\
         .message{border-top:1px solid #eee;margin-top:.8rem;padding-top:.5rem}\
         iframe{width:100%;height:26rem;resize:vertical;border:1px solid #ddd}\
         img.thumb{min-width:48px;min-height:48px;max-width:120px;max-height:120px;object-fit:cover;margin:.3rem;border:1px solid #ccc}\
         dt{font-weight:bold}\
         </style></head><body>\n<h1>Tickets received</h1>\n",
    );
    if tickets.is_empty() {
        html.push_str("<p id=\"empty\">No tickets yet.</p>\n");
    }
    for (account, ticket, labels) in &tickets {
        render_ticket(&mut html, account, ticket, labels);
    }
    html.push_str("</body></html>\n");
    html
}

fn render_ticket(html: &mut String, account: &str, ticket: &Value, labels: &[(u64, String)]) {
    let _ = write!(
        html,
        "<article class=\"ticket\" id=\"ticket-{id}\"><h2>#{id} {subject}</h2>\n\
         <p>account <b>{account}</b> · status {status} · channel {channel} · via {via} · \
         external id <code>{external_id}</code> · language {language} · {created}</p>\n\
         <p>customer {customer_name} &lt;{customer_email}&gt; (id {customer_id})</p>\n",
        id = text(&ticket["id"]),
        subject = text(&ticket["subject"]),
        account = escape(account),
        status = text(&ticket["status"]),
        channel = text(&ticket["channel"]),
        via = text(&ticket["via"]),
        external_id = text(&ticket["external_id"]),
        language = text(&ticket["language"]),
        created = text(&ticket["created_datetime"]),
        customer_name = text(&ticket["customer"]["name"]),
        customer_email = text(&ticket["customer"]["email"]),
        customer_id = text(&ticket["customer"]["id"]),
    );
    if let Some(tags) = ticket["tags"].as_array().filter(|t| !t.is_empty()) {
        html.push_str("<p>tags ");
        for tag in tags {
            let _ = write!(html, "<span class=\"tag\">{}</span>", text(&tag["name"]));
        }
        html.push_str("</p>\n");
    }
    if let Some(fields) = ticket["custom_fields"]
        .as_object()
        .filter(|f| !f.is_empty())
    {
        html.push_str("<dl class=\"custom-fields\">");
        for (id, field) in fields {
            let label = labels
                .iter()
                .find(|(field_id, _)| field_id.to_string() == *id)
                .map(|(_, label)| escape(label))
                .unwrap_or_else(|| escape(id));
            let _ = write!(html, "<dt>{label}</dt><dd>{}</dd>", text(&field["value"]));
        }
        html.push_str("</dl>\n");
    }
    for message in ticket["messages"].as_array().into_iter().flatten() {
        render_message(html, message);
    }
    html.push_str("</article>\n");
}

fn render_message(html: &mut String, message: &Value) {
    let _ = writeln!(
        html,
        "<section class=\"message\"><p>from {name} &lt;{email}&gt; · {channel} · {subject}</p>",
        name = text(&message["sender"]["name"]),
        email = text(&message["sender"]["email"]),
        channel = text(&message["channel"]),
        subject = text(&message["subject"]),
    );
    match message["body_html"].as_str() {
        Some(body) if !body.is_empty() => {
            let _ = writeln!(
                html,
                "<iframe sandbox=\"\" title=\"message body\" srcdoc=\"{}\"></iframe>",
                escape(body)
            );
        }
        _ => {
            let _ = writeln!(
                html,
                "<pre class=\"body-text\">{}</pre>",
                text(&message["body_text"])
            );
        }
    }
    for attachment in message["attachments"].as_array().into_iter().flatten() {
        let name = text(&attachment["name"]);
        let Some(url) = web_url(&attachment["url"]) else {
            let _ = write!(html, "<span class=\"attachment\">{name}</span>");
            continue;
        };
        let is_image = attachment["content_type"]
            .as_str()
            .is_some_and(|t| t.starts_with("image/"));
        if is_image {
            let _ = write!(
                html,
                "<a href=\"{url}\"><img class=\"thumb\" src=\"{url}\" alt=\"{name}\"></a>"
            );
        } else {
            let _ = write!(html, "<a class=\"attachment\" href=\"{url}\">{name}</a>");
        }
    }
    html.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<a href=\"x\">it's & more</a>"),
            "&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; more&lt;/a&gt;"
        );
    }

    #[test]
    fn only_web_links_are_linked() {
        assert_eq!(web_url(&Value::String("javascript:alert(1)".into())), None);
        assert_eq!(
            web_url(&Value::String("http://127.0.0.1:1/files/1/a.png".into())).as_deref(),
            Some("http://127.0.0.1:1/files/1/a.png")
        );
    }
}
