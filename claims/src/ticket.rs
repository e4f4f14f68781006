//! The Gorgias ticket a claim becomes: the exact `POST /api/tickets` body, built without I/O.
//!
//! The ticket holds everything an agent needs without opening another tool: a subject naming the
//! problem and the order, the customer's notes, the order and shipment, a table of the affected
//! items and the customer's preferred resolution, as HTML and as plain text, plus the photos the
//! server uploaded beforehand. Every value from the claim is HTML-escaped in `body_html`.

use serde::{Deserialize, Serialize};

use crate::claim::{Address, Claim, Item, Language};
use crate::labels::{self, Labels};
use crate::mapping::Mapping;

/// Gorgias's limit for `external_id`.
pub const MAX_EXTERNAL_ID_CHARS: usize = 255;

/// The channel and `via` of every ticket and message: `api` triggers no auto-reply rules.
const API: &str = "api";

/// A file uploaded to Gorgias, as the upload answer describes it; attached to the message as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// Where Gorgias stores the file.
    pub url: String,
    /// The file name agents see.
    pub name: String,
    /// The MIME type.
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
}

/// A person on the ticket: the customer, who is also the message's sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    /// Gorgias finds or creates the customer by this address.
    pub email: String,
    /// Left out, not `null`, when the claim has no name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A ticket tag (Gorgias wants objects, not strings).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tag {
    /// The tag's name.
    pub name: String,
}

/// A value for one Gorgias ticket field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CustomFieldValue {
    /// The Gorgias custom field id from the shop's mapping.
    pub id: u64,
    /// The claim's value (its wire code), as text.
    pub value: String,
}

/// The ticket's one message, from the customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketMessage {
    /// Always `api`.
    pub channel: &'static str,
    /// Always `api`.
    pub via: &'static str,
    /// Always `false`: the customer wrote it.
    pub from_agent: bool,
    /// The customer; an incoming message has no receiver.
    pub sender: Contact,
    /// Same as the ticket's subject.
    pub subject: String,
    /// The body as plain text.
    pub body_text: String,
    /// The body as HTML, every claim value escaped.
    pub body_html: String,
    /// Photos and signature, straight from the upload answer.
    pub attachments: Vec<Attachment>,
}

/// The body of `POST /api/tickets` for one claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TicketDraft {
    /// The customer the ticket belongs to.
    pub customer: Contact,
    /// Always `api`.
    pub channel: &'static str,
    /// Always `api` (older Gorgias schemas require it).
    pub via: &'static str,
    /// Always `false`.
    pub from_agent: bool,
    /// Problem and order number in the ticket language.
    pub subject: String,
    /// `resolve-claim:{claim id}`: finds the ticket again after a retry, so none is duplicated.
    pub external_id: String,
    /// The language the customer used, when the claim says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<Language>,
    /// Tags from the shop's mapping, without duplicates.
    pub tags: Vec<Tag>,
    /// Custom field values from the shop's mapping, only for values the claim has.
    pub custom_fields: Vec<CustomFieldValue>,
    /// Exactly one message.
    pub messages: Vec<TicketMessage>,
}

/// The `external_id` of the ticket for `claim_id`, cut to Gorgias's 255 characters.
pub fn external_id(claim_id: &str) -> String {
    format!("resolve-claim:{claim_id}")
        .chars()
        .take(MAX_EXTERNAL_ID_CHARS)
        .collect()
}

impl TicketDraft {
    /// Builds the ticket for `claim`: labels in `ticket_language`, tags and custom fields from
    /// `mapping`, the already uploaded `attachments` on the message.
    pub fn compose(
        claim: &Claim,
        claim_id: &str,
        mapping: &Mapping,
        attachments: Vec<Attachment>,
        ticket_language: Language,
    ) -> TicketDraft {
        let contact = Contact {
            email: claim.customer.email.clone(),
            name: claim.customer.name.clone(),
        };
        let subject = subject(claim, ticket_language);
        let body = Body::of(claim, ticket_language);
        TicketDraft {
            customer: contact.clone(),
            channel: API,
            via: API,
            from_agent: false,
            subject: subject.clone(),
            external_id: external_id(claim_id),
            language: claim.language,
            tags: tags(claim, mapping),
            custom_fields: custom_fields(claim, mapping),
            messages: vec![TicketMessage {
                channel: API,
                via: API,
                from_agent: false,
                sender: contact,
                subject,
                body_text: body.text(),
                body_html: body.html(),
                attachments,
            }],
        }
    }
}

/// `Damaged item – order #1001`: the known reason's label, or the flow's with an unknown reason
/// in brackets, then the order number.
pub fn subject(claim: &Claim, language: Language) -> String {
    let flow = claim.flow_type.label(language);
    let headline = match &claim.reason {
        Some(reason) if reason.known().is_some() => reason.label(language).to_owned(),
        Some(reason) => format!("{flow} ({})", reason.as_str()),
        None => flow.to_owned(),
    };
    let order = labels::of(language).order_in_subject;
    format!("{headline} – {order} {}", claim.order.order_number)
}

fn tags(claim: &Claim, mapping: &Mapping) -> Vec<Tag> {
    let switches = &mapping.tags;
    let mut names: Vec<String> = switches.always.clone();
    if switches.flow_type {
        names.push(format!("resolve-flow:{}", claim.flow_type.as_str()));
    }
    if let Some(preference) = claim
        .resolution_preference
        .as_ref()
        .filter(|_| switches.resolution_preference)
    {
        names.push(format!("resolve-preference:{}", preference.as_str()));
    }
    if let Some(phase) = claim
        .order
        .shipment_phase
        .filter(|_| switches.shipment_phase)
    {
        names.push(format!("resolve-phase:{}", phase.as_str()));
    }
    // Gorgias matches tag names without regard to case, so "VIP" and "vip" are one tag.
    let mut tags: Vec<Tag> = Vec::with_capacity(names.len());
    for name in names {
        if !tags.iter().any(|tag| tag.name.eq_ignore_ascii_case(&name)) {
            tags.push(Tag { name });
        }
    }
    tags
}

fn custom_fields(claim: &Claim, mapping: &Mapping) -> Vec<CustomFieldValue> {
    let fields = &mapping.custom_fields;
    let values = [
        (fields.flow_type, Some(claim.flow_type.as_str())),
        (
            fields.resolution_preference,
            claim.resolution_preference.as_ref().map(|p| p.as_str()),
        ),
        (
            fields.shipment_phase,
            claim.order.shipment_phase.map(|p| p.as_str()),
        ),
    ];
    values
        .into_iter()
        .filter_map(|(id, value)| {
            Some(CustomFieldValue {
                id: id?.get(),
                value: value?.to_owned(),
            })
        })
        .collect()
}

/// The message body's content, rendered twice: as text and as HTML.
struct Body<'a> {
    /// The ticket language's words.
    labels: &'static Labels,
    /// The customer's notes.
    notes: Option<&'a str>,
    /// Label and value of each known order detail.
    order: Vec<(&'static str, String)>,
    /// The affected items.
    items: &'a [Item],
    /// The currency of the items' net prices.
    currency: Option<&'a str>,
    /// Label and value of each known claim detail (type, reason, preferred resolution).
    claim: Vec<(&'static str, String)>,
}

impl<'a> Body<'a> {
    fn of(claim: &'a Claim, language: Language) -> Body<'a> {
        let labels = labels::of(language);
        let order = &claim.order;
        let mut order_rows = vec![(labels.order_number, order.order_number.clone())];
        let optional = [
            (labels.carrier, order.carrier.clone()),
            (labels.tracking_number, order.tracking_number.clone()),
            (
                labels.shipment_phase,
                order.shipment_phase.map(|p| p.label(language).to_owned()),
            ),
            (labels.address, order.address.as_ref().map(one_line)),
        ];
        order_rows.extend(
            optional
                .into_iter()
                .filter_map(|(label, value)| Some((label, value?))),
        );
        let mut claim_rows = vec![(
            labels.claim_type,
            claim.flow_type.label(language).to_owned(),
        )];
        if let Some(reason) = &claim.reason {
            claim_rows.push((labels.reason, reason.label(language).to_owned()));
        }
        if let Some(preference) = &claim.resolution_preference {
            claim_rows.push((labels.preference, preference.label(language).to_owned()));
        }
        Body {
            labels,
            notes: claim.description.as_deref(),
            order: order_rows,
            items: &claim.items,
            currency: order.currency.as_deref(),
            claim: claim_rows,
        }
    }

    /// `12.50 EUR`, or `12.50` when the claim names no currency.
    fn price(&self, item: &Item) -> Option<String> {
        let price = item.net_price?;
        Some(match self.currency {
            Some(currency) => format!("{price:.2} {currency}"),
            None => format!("{price:.2}"),
        })
    }

    fn has_prices(&self) -> bool {
        self.items.iter().any(|item| item.net_price.is_some())
    }

    fn text(&self) -> String {
        let labels = self.labels;
        let mut sections: Vec<String> = Vec::new();
        if let Some(notes) = self.notes {
            sections.push(notes.to_owned());
        }
        sections.push(text_block(labels.order, &self.order));
        if !self.items.is_empty() {
            let mut block = format!("{}:", labels.items);
            for item in self.items {
                let mut details = Vec::new();
                if let Some(sku) = &item.sku {
                    details.push(format!("{}: {sku}", labels.sku));
                }
                details.push(format!("{}: {}", labels.quantity, item.quantity));
                if let Some(price) = self.price(item) {
                    details.push(format!("{}: {price}", labels.net_price));
                }
                block.push_str(&format!("\n- {} ({})", item.title, details.join(", ")));
            }
            sections.push(block);
        }
        sections.push(text_block(labels.claim, &self.claim));
        sections.join("\n\n")
    }

    fn html(&self) -> String {
        let labels = self.labels;
        let mut html = String::new();
        if let Some(notes) = self.notes {
            for paragraph in notes.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
                let lines: Vec<String> = paragraph.lines().map(escape_html).collect();
                html.push_str(&format!("<p>{}</p>\n", lines.join("<br>")));
            }
        }
        html.push_str(&html_block(labels.order, &self.order));
        if !self.items.is_empty() {
            let prices = self.has_prices();
            let mut header = vec![labels.sku, labels.title, labels.quantity];
            if prices {
                header.push(labels.net_price);
            }
            html.push_str(&heading(labels.items));
            html.push_str(TABLE);
            html.push_str("<tr>");
            for column in header {
                html.push_str(&format!("<th align=\"left\">{}</th>", escape_html(column)));
            }
            html.push_str("</tr>\n");
            for item in self.items {
                let mut cells = vec![
                    item.sku.as_deref().map(escape_html).unwrap_or_default(),
                    escape_html(&item.title),
                    item.quantity.to_string(),
                ];
                if prices {
                    cells.push(
                        self.price(item)
                            .as_deref()
                            .map(escape_html)
                            .unwrap_or_default(),
                    );
                }
                html.push_str("<tr>");
                for cell in cells {
                    html.push_str(&format!("<td>{cell}</td>"));
                }
                html.push_str("</tr>\n");
            }
            html.push_str("</table>\n");
        }
        html.push_str(&html_block(labels.claim, &self.claim));
        html
    }
}

/// Tables with visible cell borders: Gorgias shows the HTML with its own styles, which draw none.
const TABLE: &str =
    "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\">\n";

fn heading(title: &str) -> String {
    format!("<p><strong>{}</strong></p>\n", escape_html(title))
}

/// `Title:` then one `Label: value` line per row.
fn text_block(title: &str, rows: &[(&str, String)]) -> String {
    let mut block = format!("{title}:");
    for (label, value) in rows {
        block.push_str(&format!("\n{label}: {value}"));
    }
    block
}

/// A heading and a two-column table of label and value.
fn html_block(title: &str, rows: &[(&str, String)]) -> String {
    let mut html = heading(title);
    html.push_str(TABLE);
    for (label, value) in rows {
        html.push_str(&format!(
            "<tr><th align=\"left\">{}</th><td>{}</td></tr>\n",
            escape_html(label),
            escape_html(value)
        ));
    }
    html.push_str("</table>\n");
    html
}

/// `Jane Doe, Main St 1, Flat 2, 10115 Berlin, Brandenburg, DE`.
fn one_line(address: &Address) -> String {
    let city = match &address.postal_code {
        Some(code) => format!("{code} {}", address.city),
        None => address.city.clone(),
    };
    [
        address.name.clone(),
        Some(address.line1.clone()),
        address.line2.clone(),
        Some(city),
        address.region.clone(),
        Some(address.country.clone()),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ")
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests;
