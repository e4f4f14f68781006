//! Tests of the ticket a claim becomes, compared field by field with the Gorgias shape.

use serde_json::{json, Value};

use super::*;
use crate::claim::Claim;
use crate::mapping::Mapping;

/// The example claim of the API contract (`docs/api.md`), shared with the server's tests.
fn example() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/claim.json"))
        .expect("the example claim is JSON")
}

fn claim(value: &Value) -> Claim {
    Claim::parse(value.to_string().as_bytes()).expect("the test claim is valid")
}

fn mapping(value: Value) -> Mapping {
    Mapping::parse(value.to_string().as_bytes()).expect("the test mapping is valid")
}

fn photo() -> Attachment {
    Attachment {
        url: "https://uploads.gorgias.io/abc/mug.jpg".into(),
        name: "mug.jpg".into(),
        content_type: "image/jpeg".into(),
        size: 48213,
    }
}

/// The ticket for `value` as the JSON Gorgias receives.
fn ticket_json(value: &Value, mapping: &Mapping, language: Language) -> Value {
    let draft = TicketDraft::compose(&claim(value), "c0ffee", mapping, vec![photo()], language);
    serde_json::to_value(draft).unwrap()
}

fn keys(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    keys
}

#[test]
fn the_example_claim_becomes_the_gorgias_ticket_shape() {
    let ticket = ticket_json(&example(), &Mapping::default(), Language::En);
    assert_eq!(
        keys(&ticket),
        [
            "channel",
            "custom_fields",
            "customer",
            "external_id",
            "from_agent",
            "language",
            "messages",
            "subject",
            "tags",
            "via"
        ]
    );
    assert_eq!(
        ticket["customer"],
        json!({"email": "jane@example.com", "name": "Jane Doe"})
    );
    assert_eq!(ticket["channel"], "api");
    assert_eq!(ticket["via"], "api");
    assert_eq!(ticket["from_agent"], false);
    assert_eq!(ticket["subject"], "Damaged item – order #1001");
    assert_eq!(ticket["external_id"], "resolve-claim:c0ffee");
    assert_eq!(ticket["language"], "de");
    assert_eq!(
        ticket["tags"],
        json!([
            {"name": "resolve"},
            {"name": "resolve-flow:defective"},
            {"name": "resolve-preference:refund"},
            {"name": "resolve-phase:delivered"}
        ])
    );
    assert_eq!(ticket["custom_fields"], json!([]));

    let messages = ticket["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(
        keys(message),
        [
            "attachments",
            "body_html",
            "body_text",
            "channel",
            "from_agent",
            "sender",
            "subject",
            "via"
        ]
    );
    assert_eq!(message["channel"], "api");
    assert_eq!(message["via"], "api");
    assert_eq!(message["from_agent"], false);
    assert_eq!(
        message["sender"],
        json!({"email": "jane@example.com", "name": "Jane Doe"})
    );
    assert_eq!(message["subject"], "Damaged item – order #1001");
    assert_eq!(
        message["attachments"],
        json!([{"url": "https://uploads.gorgias.io/abc/mug.jpg", "name": "mug.jpg",
                "content_type": "image/jpeg", "size": 48213}])
    );
}

#[test]
fn the_plain_text_body_reads_notes_order_items_then_claim() {
    let ticket = ticket_json(&example(), &Mapping::default(), Language::En);
    assert_eq!(
        ticket["messages"][0]["body_text"],
        "The mug arrived in pieces.\n\
         \n\
         Order:\n\
         Order number: #1001\n\
         Carrier: DHL\n\
         Tracking number: 00340434161234567890\n\
         Shipment status: Delivered\n\
         \n\
         Affected items:\n\
         - Blue mug (SKU: MUG-1, Quantity: 1)\n\
         \n\
         Claim:\n\
         Claim type: Defective item\n\
         Reason: Damaged item\n\
         Preferred resolution: Refund"
    );
}

#[test]
fn the_html_body_holds_the_same_content_in_tables() {
    let ticket = ticket_json(&example(), &Mapping::default(), Language::En);
    let expected = concat!(
        "<p>The mug arrived in pieces.</p>\n",
        "<p><strong>Order</strong></p>\n",
        "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\">\n",
        "<tr><th align=\"left\">Order number</th><td>#1001</td></tr>\n",
        "<tr><th align=\"left\">Carrier</th><td>DHL</td></tr>\n",
        "<tr><th align=\"left\">Tracking number</th><td>00340434161234567890</td></tr>\n",
        "<tr><th align=\"left\">Shipment status</th><td>Delivered</td></tr>\n",
        "</table>\n",
        "<p><strong>Affected items</strong></p>\n",
        "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\">\n",
        "<tr><th align=\"left\">SKU</th><th align=\"left\">Item</th><th align=\"left\">Quantity</th></tr>\n",
        "<tr><td>MUG-1</td><td>Blue mug</td><td>1</td></tr>\n",
        "</table>\n",
        "<p><strong>Claim</strong></p>\n",
        "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\" style=\"border-collapse:collapse\">\n",
        "<tr><th align=\"left\">Claim type</th><td>Defective item</td></tr>\n",
        "<tr><th align=\"left\">Reason</th><td>Damaged item</td></tr>\n",
        "<tr><th align=\"left\">Preferred resolution</th><td>Refund</td></tr>\n",
        "</table>\n",
    );
    assert_eq!(ticket["messages"][0]["body_html"], expected);
}

#[test]
fn german_tickets_use_german_labels() {
    let ticket = ticket_json(&example(), &Mapping::default(), Language::De);
    assert_eq!(ticket["subject"], "Beschädigter Artikel – Bestellung #1001");
    let text = ticket["messages"][0]["body_text"].as_str().unwrap();
    for expected in [
        "Bestellung:\nBestellnummer: #1001\n",
        "Versanddienstleister: DHL\n",
        "Sendungsnummer: 00340434161234567890\n",
        "Sendungsstatus: Zugestellt",
        "Betroffene Artikel:\n- Blue mug (SKU: MUG-1, Menge: 1)",
        "Art der Reklamation: Defekter Artikel\n",
        "Grund: Beschädigter Artikel\n",
        "Gewünschte Lösung: Erstattung",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    let html = ticket["messages"][0]["body_html"].as_str().unwrap();
    assert!(html.contains("<th align=\"left\">Bestellnummer</th><td>#1001</td>"));
    assert!(html.contains("<th align=\"left\">Menge</th>"));
}

#[test]
fn every_language_writes_its_own_subject() {
    let claim = claim(&example());
    let subjects: Vec<String> = Language::ALL.iter().map(|l| subject(&claim, *l)).collect();
    assert_eq!(subjects[0], "Damaged item – order #1001");
    assert_eq!(subjects[1], "Beschädigter Artikel – Bestellung #1001");
    assert_eq!(subjects[2], "Article endommagé – commande #1001");
    for (language, subject) in Language::ALL.iter().zip(&subjects) {
        assert!(subject.ends_with(" #1001"), "{language:?}: {subject}");
    }
    let mut distinct = subjects.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), Language::ALL.len(), "{subjects:?}");
}

#[test]
fn the_subject_falls_back_to_the_flow_and_shows_unknown_reasons_as_text() {
    let mut value = example();
    value["reason"] = json!("damaged");
    assert_eq!(
        subject(&claim(&value), Language::En),
        "Defective item (damaged) – order #1001"
    );
    value.as_object_mut().unwrap().remove("reason");
    assert_eq!(
        subject(&claim(&value), Language::En),
        "Defective item – order #1001"
    );
    assert_eq!(
        subject(&claim(&value), Language::De),
        "Defekter Artikel – Bestellung #1001"
    );
}

#[test]
fn reorder_is_shown_as_replacement_and_unknown_preferences_as_text() {
    let mut value = example();
    value["resolution_preference"] = json!("reorder");
    let ticket = ticket_json(&value, &Mapping::default(), Language::En);
    let text = ticket["messages"][0]["body_text"].as_str().unwrap();
    assert!(
        text.ends_with("Preferred resolution: Replacement"),
        "{text}"
    );
    assert_eq!(
        ticket["tags"][2],
        json!({"name": "resolve-preference:reorder"})
    );

    value["resolution_preference"] = json!("gift card");
    let ticket = ticket_json(&value, &Mapping::default(), Language::De);
    let text = ticket["messages"][0]["body_text"].as_str().unwrap();
    assert!(text.ends_with("Gewünschte Lösung: gift card"), "{text}");
}

#[test]
fn every_claim_value_is_escaped_in_the_html_body() {
    let mut value = example();
    value["description"] = json!("<script>alert(\"x\")</script> & it's 'broken'");
    value["items"][0]["sku"] = json!("<b>SKU</b>");
    value["items"][0]["title"] = json!("Mug \"Blue\" <img src=x onerror=alert(1)>");
    value["order"]["order_number"] = json!("#1001<i>");
    value["order"]["carrier"] = json!("D&L");
    let ticket = ticket_json(&value, &Mapping::default(), Language::En);
    let html = ticket["messages"][0]["body_html"].as_str().unwrap();
    assert!(html.contains(
        "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; it&#39;s &#39;broken&#39;</p>"
    ));
    assert!(html.contains("<td>&lt;b&gt;SKU&lt;/b&gt;</td>"));
    assert!(html.contains("<td>Mug &quot;Blue&quot; &lt;img src=x onerror=alert(1)&gt;</td>"));
    assert!(html.contains("<td>#1001&lt;i&gt;</td>"));
    assert!(html.contains("<td>D&amp;L</td>"));
    for raw in ["<script", "<b>", "<img", "<i>", "\"Blue\"", "D&L"] {
        assert!(!html.contains(raw), "{raw} left unescaped in {html}");
    }
    // The plain text keeps the customer's words as written.
    let text = ticket["messages"][0]["body_text"].as_str().unwrap();
    assert!(text.starts_with("<script>alert(\"x\")</script> & it's 'broken'\n\n"));
    // The subject is plain text for Gorgias, not HTML.
    assert_eq!(ticket["subject"], "Damaged item – order #1001<i>");
}

#[test]
fn labels_with_apostrophes_are_escaped_too() {
    let ticket = ticket_json(&example(), &Mapping::default(), Language::It);
    let html = ticket["messages"][0]["body_html"].as_str().unwrap();
    assert!(
        html.contains("<th align=\"left\">Numero d&#39;ordine</th>"),
        "{html}"
    );
}

#[test]
fn escape_html_covers_the_five_special_characters() {
    assert_eq!(
        escape_html("a&b<c>d\"e'f"),
        "a&amp;b&lt;c&gt;d&quot;e&#39;f"
    );
    assert_eq!(escape_html("Größe – ok"), "Größe – ok");
}

#[test]
fn notes_keep_their_paragraphs_and_line_breaks() {
    let mut value = example();
    value["description"] = json!("First line\nsecond line\n\nNew paragraph");
    let ticket = ticket_json(&value, &Mapping::default(), Language::En);
    let html = ticket["messages"][0]["body_html"].as_str().unwrap();
    assert!(
        html.starts_with("<p>First line<br>second line</p>\n<p>New paragraph</p>\n"),
        "{html}"
    );
    let text = ticket["messages"][0]["body_text"].as_str().unwrap();
    assert!(
        text.starts_with("First line\nsecond line\n\nNew paragraph\n\nOrder:"),
        "{text}"
    );
}

#[test]
fn missing_optional_values_are_left_out_not_printed_as_null() {
    let value = json!({
        "flow_type": "not_received",
        "customer": {"email": "jane@example.com"},
        "order": {"order_number": "1001"}
    });
    let ticket = ticket_json(&value, &Mapping::default(), Language::En);
    assert_eq!(ticket["customer"], json!({"email": "jane@example.com"}));
    assert_eq!(
        ticket["messages"][0]["sender"],
        json!({"email": "jane@example.com"})
    );
    assert!(ticket.get("language").is_none());
    assert_eq!(
        ticket["tags"],
        json!([{"name": "resolve"}, {"name": "resolve-flow:not_received"}])
    );
    let text = ticket["messages"][0]["body_text"].as_str().unwrap();
    assert_eq!(
        text,
        "Order:\nOrder number: 1001\n\nClaim:\nClaim type: Parcel not received"
    );
    let html = ticket["messages"][0]["body_html"].as_str().unwrap();
    assert!(!html.contains("Affected items"));
    assert!(!html.contains("Carrier"));
    let all = ticket.to_string();
    assert!(!all.contains("null"), "{all}");
}

#[test]
fn address_and_net_prices_are_shown_when_present() {
    let mut value = example();
    value["order"]["currency"] = json!("EUR");
    value["order"]["address"] = json!({
        "name": "Jane Doe", "line1": "Hauptstraße 1", "line2": "3. OG", "postal_code": "10115",
        "city": "Berlin", "country": "DE"
    });
    value["items"][0]["net_price"] = json!(12.5);
    value["items"]
        .as_array_mut()
        .unwrap()
        .push(json!({"title": "Saucer", "quantity": 2}));
    let ticket = ticket_json(&value, &Mapping::default(), Language::En);
    let text = ticket["messages"][0]["body_text"].as_str().unwrap();
    assert!(text.contains("Delivery address: Jane Doe, Hauptstraße 1, 3. OG, 10115 Berlin, DE\n"));
    assert!(text.contains(
        "Affected items:\n- Blue mug (SKU: MUG-1, Quantity: 1, Net price: 12.50 EUR)\n- Saucer (Quantity: 2)\n"
    ));
    let html = ticket["messages"][0]["body_html"].as_str().unwrap();
    assert!(html.contains("<th align=\"left\">Net price</th></tr>"));
    assert!(html.contains("<tr><td>MUG-1</td><td>Blue mug</td><td>1</td><td>12.50 EUR</td></tr>"));
    assert!(html.contains("<tr><td></td><td>Saucer</td><td>2</td><td></td></tr>"));
}

#[test]
fn mapping_switches_turn_tags_off_and_always_tags_are_deduplicated() {
    let mapping = mapping(json!({
        "tags": {"always": ["resolve", "Claims", "resolve-flow:defective"],
                 "resolution_preference": false, "shipment_phase": false}
    }));
    let ticket = ticket_json(&example(), &mapping, Language::En);
    assert_eq!(
        ticket["tags"],
        json!([{"name": "resolve"}, {"name": "Claims"}, {"name": "resolve-flow:defective"}])
    );
    let mapping = self::mapping(json!({"tags": {"always": [], "flow_type": false,
        "resolution_preference": false, "shipment_phase": false}}));
    let ticket = ticket_json(&example(), &mapping, Language::En);
    assert_eq!(ticket["tags"], json!([]));
}

#[test]
fn mapped_custom_fields_receive_the_values_as_text() {
    let mapping = mapping(json!({
        "custom_fields": {"flow_type": 11, "resolution_preference": 12, "shipment_phase": 13}
    }));
    let ticket = ticket_json(&example(), &mapping, Language::En);
    assert_eq!(
        ticket["custom_fields"],
        json!([
            {"id": 11, "value": "defective"},
            {"id": 12, "value": "refund"},
            {"id": 13, "value": "delivered"}
        ])
    );
    // A value the claim lacks sets no field, rather than an empty one.
    let mut value = example();
    value["order"]
        .as_object_mut()
        .unwrap()
        .remove("shipment_phase");
    value
        .as_object_mut()
        .unwrap()
        .remove("resolution_preference");
    let ticket = ticket_json(&value, &mapping, Language::En);
    assert_eq!(
        ticket["custom_fields"],
        json!([{"id": 11, "value": "defective"}])
    );
    assert_eq!(
        ticket["tags"],
        json!([{"name": "resolve"}, {"name": "resolve-flow:defective"}])
    );
}

#[test]
fn the_external_id_is_the_dedupe_key_and_fits_gorgias() {
    assert_eq!(
        external_id("7d9f3a4e-0c1b-4e8a-9a55-2b1f0d6c9e10"),
        "resolve-claim:7d9f3a4e-0c1b-4e8a-9a55-2b1f0d6c9e10"
    );
    let long = external_id(&"x".repeat(400));
    assert_eq!(long.chars().count(), MAX_EXTERNAL_ID_CHARS);
    assert!(long.starts_with("resolve-claim:xxx"));
}

#[test]
fn attachments_pass_through_in_order_and_may_be_none() {
    let claim = claim(&example());
    let signature = Attachment {
        url: "https://uploads.gorgias.io/abc/signature.png".into(),
        name: "signature.png".into(),
        content_type: "image/png".into(),
        size: 912,
    };
    let draft = TicketDraft::compose(
        &claim,
        "1",
        &Mapping::default(),
        vec![photo(), signature.clone()],
        Language::En,
    );
    assert_eq!(draft.messages[0].attachments, [photo(), signature]);
    let draft = TicketDraft::compose(&claim, "1", &Mapping::default(), vec![], Language::En);
    let json = serde_json::to_value(&draft).unwrap();
    assert_eq!(json["messages"][0]["attachments"], json!([]));
}

#[test]
fn the_upload_answer_reads_into_attachments() {
    // Gorgias answers an upload with an array, possibly with fields we do not use.
    let answer = r#"[{"url": "https://uploads.gorgias.io/x/a.jpg", "name": "a.jpg",
                     "size": 10, "content_type": "image/jpeg", "id": 99}]"#;
    let attachments: Vec<Attachment> = serde_json::from_str(answer).unwrap();
    assert_eq!(attachments.len(), 1);
    assert_eq!(attachments[0].name, "a.jpg");
    assert_eq!(attachments[0].size, 10);
}
