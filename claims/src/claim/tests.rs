//! Tests of claim parsing: the happy path, every kind of problem with its path, and storage.

use serde_json::{json, Value};

use super::*;

/// The example claim of the API contract (`docs/api.md`), shared with the server's tests.
fn example() -> Value {
    serde_json::from_str(include_str!("../../tests/fixtures/claim.json"))
        .expect("the example claim is JSON")
}

fn parse(value: &Value) -> Result<Claim, ClaimErrors> {
    Claim::parse(value.to_string().as_bytes())
}

/// The example with the field at `pointer` (a JSON pointer) set to `new`, added if absent.
fn with(pointer: &str, new: Value) -> Value {
    let mut claim = example();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = if parent.is_empty() {
        &mut claim
    } else {
        claim.pointer_mut(parent).expect("parent exists")
    };
    match parent {
        Value::Array(entries) => entries[key.parse::<usize>().unwrap()] = new,
        object => object[key] = new,
    }
    claim
}

/// The example without the field at `pointer`.
fn without(pointer: &str) -> Value {
    let mut claim = example();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = if parent.is_empty() {
        &mut claim
    } else {
        claim.pointer_mut(parent).unwrap()
    };
    parent
        .as_object_mut()
        .unwrap()
        .remove(key)
        .expect("field exists");
    claim
}

/// The only problem of `value`, which must be rejected with exactly one.
fn only_error(value: &Value) -> FieldError {
    let errors = parse(value).expect_err("the claim must be rejected");
    assert_eq!(errors.all().len(), 1, "{:?}", errors.all());
    errors.first().clone()
}

#[test]
fn the_contract_example_parses() {
    let claim = parse(&example()).unwrap();
    assert_eq!(claim.flow_type, FlowType::Defective);
    assert_eq!(
        claim.reason.as_ref().unwrap().known(),
        Some(KnownReason::Damage)
    );
    assert_eq!(
        claim.resolution_preference.as_ref().unwrap().known(),
        Some(KnownPreference::Refund)
    );
    assert_eq!(
        claim.description.as_deref(),
        Some("The mug arrived in pieces.")
    );
    assert_eq!(claim.language, Some(Language::De));
    assert_eq!(claim.customer.email, "jane@example.com");
    assert_eq!(claim.customer.name.as_deref(), Some("Jane Doe"));
    assert_eq!(claim.order.order_number, "#1001");
    assert_eq!(claim.order.carrier.as_deref(), Some("DHL"));
    assert_eq!(
        claim.order.tracking_number.as_deref(),
        Some("00340434161234567890")
    );
    assert_eq!(claim.order.shipment_phase, Some(ShipmentPhase::Delivered));
    assert_eq!(claim.order.address, None);
    assert_eq!(
        claim.items,
        vec![Item {
            sku: Some("MUG-1".into()),
            title: "Blue mug".into(),
            quantity: 1,
            net_price: None
        }]
    );
}

#[test]
fn the_smallest_claim_needs_flow_email_and_order_number() {
    let claim = parse(&json!({
        "flow_type": "not_received",
        "customer": {"email": "jane@example.com"},
        "order": {"order_number": "1001"}
    }))
    .unwrap();
    assert_eq!(claim.flow_type, FlowType::NotReceived);
    assert_eq!(claim.reason, None);
    assert_eq!(claim.resolution_preference, None);
    assert_eq!(claim.description, None);
    assert_eq!(claim.language, None);
    assert_eq!(claim.customer.name, None);
    assert!(claim.items.is_empty());
}

#[test]
fn optional_fields_given_as_null_or_blank_are_left_out() {
    let mut claim = example();
    claim["reason"] = Value::Null;
    claim["description"] = json!("   ");
    claim["customer"]["name"] = json!("");
    claim["order"]["carrier"] = Value::Null;
    claim["items"][0]["sku"] = json!("");
    let claim = parse(&claim).unwrap();
    assert_eq!(claim.reason, None);
    assert_eq!(claim.description, None);
    assert_eq!(claim.customer.name, None);
    assert_eq!(claim.order.carrier, None);
    assert_eq!(claim.items[0].sku, None);
}

#[test]
fn text_is_trimmed_and_line_breaks_of_the_description_are_normalised() {
    let mut claim = example();
    claim["customer"]["email"] = json!("  jane@example.com ");
    claim["description"] = json!("  First line\r\nSecond line\rThird\n");
    let claim = parse(&claim).unwrap();
    assert_eq!(claim.customer.email, "jane@example.com");
    assert_eq!(
        claim.description.as_deref(),
        Some("First line\nSecond line\nThird")
    );
}

#[test]
fn every_flow_type_is_accepted() {
    for flow in FlowType::ALL {
        let claim = parse(&with("/flow_type", json!(flow.as_str()))).unwrap();
        assert_eq!(claim.flow_type, flow);
        assert_eq!(FlowType::from_code(flow.as_str()), Some(flow));
    }
}

#[test]
fn an_unknown_flow_type_lists_the_allowed_ones() {
    let error = only_error(&with("/flow_type", json!("broken")));
    assert_eq!(error.field.as_deref(), Some("flow_type"));
    assert_eq!(error.kind, ErrorKind::InvalidValue);
    assert_eq!(
        error.message,
        "flow_type \"broken\" is not supported: use one of defective, not_received, \
         missing_product, wrong_product, return, dissatisfied, support"
    );
}

#[test]
fn unknown_reasons_and_preferences_pass_through_as_text() {
    let mut claim = example();
    claim["reason"] = json!("damaged");
    claim["resolution_preference"] = json!("Gift card");
    let claim = parse(&claim).unwrap();
    let reason = claim.reason.unwrap();
    assert_eq!(reason.as_str(), "damaged");
    assert_eq!(reason.known(), None);
    assert_eq!(reason.label(Language::En), "damaged");
    let preference = claim.resolution_preference.unwrap();
    assert_eq!(preference.known(), None);
    assert_eq!(preference.label(Language::De), "Gift card");
}

#[test]
fn known_reasons_and_preferences_get_labels() {
    let claim = parse(&with("/resolution_preference", json!("reorder"))).unwrap();
    let preference = claim.resolution_preference.unwrap();
    assert_eq!(preference.label(Language::En), "Replacement");
    assert_eq!(preference.label(Language::De), "Ersatz");
    let reason = claim.reason.unwrap();
    assert_eq!(reason.label(Language::En), "Damaged item");
    assert_eq!(reason.label(Language::De), "Beschädigter Artikel");
}

#[test]
fn open_set_values_keep_to_a_safe_charset_and_length() {
    let error = only_error(&with("/reason", json!("<script>")));
    assert_eq!(error.field.as_deref(), Some("reason"));
    assert_eq!(error.kind, ErrorKind::InvalidValue);
    assert!(error.message.contains("'<'"), "{}", error.message);
    assert!(
        error.message.contains("use only letters"),
        "{}",
        error.message
    );

    let error = only_error(&with("/resolution_preference", json!("a:b")));
    assert_eq!(error.field.as_deref(), Some("resolution_preference"));

    let error = only_error(&with("/reason", json!("x".repeat(65))));
    assert_eq!(error.field.as_deref(), Some("reason"));
    assert!(error.message.contains("at most 64"), "{}", error.message);

    // Letters beyond ASCII are fine: producers may send reasons in the shop's language.
    let claim = parse(&with(
        "/reason",
        json!("Glas zerbrochen, Größe falsch".replace(',', "")),
    ))
    .unwrap();
    assert_eq!(
        claim.reason.unwrap().as_str(),
        "Glas zerbrochen Größe falsch"
    );
}

#[test]
fn missing_required_fields_are_reported_with_their_paths() {
    for (pointer, field) in [
        ("/flow_type", "flow_type"),
        ("/customer/email", "customer.email"),
        ("/order/order_number", "order.order_number"),
        ("/customer", "customer"),
        ("/order", "order"),
        ("/items/0/title", "items[0].title"),
        ("/items/0/quantity", "items[0].quantity"),
    ] {
        let error = only_error(&without(pointer));
        assert_eq!(error.field.as_deref(), Some(field), "{pointer}");
        assert_eq!(error.kind, ErrorKind::MissingField, "{pointer}");
        assert!(
            error
                .message
                .starts_with(&format!("{field} is required: add ")),
            "{}",
            error.message
        );
    }
}

#[test]
fn items_are_required_unless_the_flow_concerns_no_item() {
    for flow in FlowType::ALL {
        let mut claim = with("/items", json!([]));
        claim["flow_type"] = json!(flow.as_str());
        let result = parse(&claim);
        if flow.needs_items() {
            let errors = result.expect_err(flow.as_str());
            assert_eq!(errors.first().field.as_deref(), Some("items"));
            assert_eq!(errors.first().kind, ErrorKind::MissingField);
            assert!(errors
                .first()
                .message
                .contains("at least one affected item"));
        } else {
            assert!(result.unwrap().items.is_empty(), "{flow}");
        }
    }
    assert!(!FlowType::NotReceived.needs_items());
    assert!(!FlowType::Support.needs_items());
    assert!(FlowType::Defective.needs_items());
}

#[test]
fn wrong_types_say_what_was_expected() {
    for (pointer, new, field, expected) in [
        (
            "/flow_type",
            json!(3),
            "flow_type",
            "flow_type must be text, not a number",
        ),
        (
            "/customer",
            json!("jane"),
            "customer",
            "customer must be an object, not text",
        ),
        (
            "/items",
            json!({}),
            "items",
            "items must be a list of items, not an object",
        ),
        (
            "/items/0",
            json!("MUG-1"),
            "items[0]",
            "items[0] must be an object, not text",
        ),
        (
            "/items/0/quantity",
            json!("1"),
            "items[0].quantity",
            "items[0].quantity must be a whole number from 1 to 999, not text",
        ),
        (
            "/description",
            json!(["a"]),
            "description",
            "description must be text, not a list",
        ),
        (
            "/order/carrier",
            json!(true),
            "order.carrier",
            "order.carrier must be text, not true/false",
        ),
    ] {
        let error = only_error(&with(pointer, new));
        assert_eq!(error.field.as_deref(), Some(field));
        assert_eq!(error.kind, ErrorKind::WrongType);
        assert_eq!(error.message, expected);
    }
}

#[test]
fn a_body_that_is_not_an_object_is_rejected_without_a_field() {
    let errors = Claim::parse(b"[1, 2]").unwrap_err();
    assert_eq!(errors.first().field, None);
    assert_eq!(errors.first().kind, ErrorKind::WrongType);
    assert_eq!(
        errors.first().message,
        "the body must be an object, not a list"
    );
}

#[test]
fn malformed_json_reports_line_and_column() {
    let errors = Claim::parse(b"{\"flow_type\": \"defective\",\n \"customer\": }").unwrap_err();
    assert!(errors.is_malformed_json());
    assert_eq!(errors.code(), "malformed_json");
    assert_eq!(errors.first().field, None);
    assert!(
        errors.first().message.contains("line 2 column 14"),
        "{}",
        errors.first().message
    );
    assert!(Claim::parse(b"").unwrap_err().is_malformed_json());
}

#[test]
fn unknown_fields_are_rejected_at_every_level() {
    for (pointer, field) in [
        ("/colour", "colour"),
        ("/customer/phone", "customer.phone"),
        ("/order/status", "order.status"),
        ("/items/0/color", "items[0].color"),
    ] {
        let mut claim = example();
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = if parent.is_empty() {
            &mut claim
        } else {
            claim.pointer_mut(parent).unwrap()
        };
        target[key] = json!("x");
        let error = only_error(&claim);
        assert_eq!(error.field.as_deref(), Some(field));
        assert_eq!(error.kind, ErrorKind::UnknownField);
        assert!(
            error
                .message
                .starts_with(&format!("{field} is not a known field: remove it")),
            "{}",
            error.message
        );
    }
    let error = only_error(&with("/customer", json!({"email": "a@b.co", "mail": 1})));
    assert!(
        error.message.contains("(known at customer: email, name)"),
        "{}",
        error.message
    );
}

#[test]
fn emails_are_checked_for_syntax() {
    for bad in [
        "jane",
        "jane@",
        "@example.com",
        "jane@localhost",
        "jane doe@example.com",
        "Jane <jane@example.com>",
        "jane@[127.0.0.1]",
        "jane@@example.com",
    ] {
        let error = only_error(&with("/customer/email", json!(bad)));
        assert_eq!(error.field.as_deref(), Some("customer.email"), "{bad}");
        assert_eq!(error.kind, ErrorKind::InvalidValue, "{bad}");
        assert!(error.message.contains("is not an email address"), "{bad}");
    }
    for good in [
        "jane@example.com",
        "jane.doe+claims@mail.example.co.uk",
        "j_d@sub-domain.de",
    ] {
        let claim = parse(&with("/customer/email", json!(good))).unwrap();
        assert_eq!(claim.customer.email, good);
    }
}

#[test]
fn shipment_phase_is_a_closed_set() {
    for phase in ShipmentPhase::ALL {
        let claim = parse(&with("/order/shipment_phase", json!(phase.as_str()))).unwrap();
        assert_eq!(claim.order.shipment_phase, Some(phase));
    }
    let error = only_error(&with("/order/shipment_phase", json!("lost")));
    assert_eq!(error.field.as_deref(), Some("order.shipment_phase"));
    assert!(error
        .message
        .contains("use one of order_created, order_processed"));
}

#[test]
fn language_is_one_of_the_eight_and_may_be_a_locale() {
    for language in Language::ALL {
        let claim = parse(&with("/language", json!(language.as_str()))).unwrap();
        assert_eq!(claim.language, Some(language));
    }
    for (tag, language) in [
        ("de-DE", Language::De),
        ("FR", Language::Fr),
        ("pl_PL", Language::Pl),
    ] {
        let claim = parse(&with("/language", json!(tag))).unwrap();
        assert_eq!(claim.language, Some(language), "{tag}");
    }
    let error = only_error(&with("/language", json!("sv")));
    assert_eq!(error.field.as_deref(), Some("language"));
    assert_eq!(
        error.message,
        "language \"sv\" is not supported: use one of en, de, fr, es, it, nl, da, pl"
    );
}

#[test]
fn quantities_run_from_1_to_999() {
    for quantity in [1, 999] {
        let claim = parse(&with("/items/0/quantity", json!(quantity))).unwrap();
        assert_eq!(u64::from(claim.items[0].quantity), quantity);
    }
    for bad in [json!(0), json!(1000), json!(-1), json!(1.5)] {
        let error = only_error(&with("/items/0/quantity", bad.clone()));
        assert_eq!(error.field.as_deref(), Some("items[0].quantity"), "{bad}");
        assert_eq!(error.kind, ErrorKind::InvalidValue);
        assert_eq!(
            error.message,
            format!("items[0].quantity is {bad}: send a whole number from 1 to 999")
        );
    }
}

#[test]
fn strings_are_bounded() {
    for (pointer, limit, field) in [
        ("/description", 5000, "description"),
        ("/items/0/title", 500, "items[0].title"),
        ("/items/0/sku", 100, "items[0].sku"),
        ("/order/order_number", 100, "order.order_number"),
        ("/order/tracking_number", 100, "order.tracking_number"),
        ("/customer/name", 200, "customer.name"),
    ] {
        assert!(
            parse(&with(pointer, json!("a".repeat(limit)))).is_ok(),
            "{field}"
        );
        let error = only_error(&with(pointer, json!("a".repeat(limit + 1))));
        assert_eq!(error.field.as_deref(), Some(field));
        assert_eq!(
            error.message,
            format!(
                "{field} is {} characters long: shorten it to at most {limit}",
                limit + 1
            )
        );
    }
}

#[test]
fn at_most_100_items() {
    let item = json!({"sku": "MUG-1", "title": "Blue mug", "quantity": 1});
    assert_eq!(
        parse(&with("/items", json!(vec![item.clone(); 100])))
            .unwrap()
            .items
            .len(),
        100
    );
    let error = only_error(&with("/items", json!(vec![item; 101])));
    assert_eq!(error.field.as_deref(), Some("items"));
    assert_eq!(
        error.message,
        "items lists 101 items: send at most 100 per claim"
    );
}

#[test]
fn single_line_fields_reject_line_breaks_but_the_description_keeps_them() {
    let error = only_error(&with("/items/0/title", json!("Blue\nmug")));
    assert_eq!(error.field.as_deref(), Some("items[0].title"));
    assert!(error.message.contains("line breaks"));
    let error = only_error(&with("/description", json!("bell\u{7}")));
    assert_eq!(error.field.as_deref(), Some("description"));
    assert!(parse(&with("/description", json!("a\n\tb"))).is_ok());
}

#[test]
fn address_currency_and_net_price_are_read() {
    let mut claim = example();
    claim["order"]["currency"] = json!("eur");
    claim["order"]["address"] = json!({
        "name": "Jane Doe", "line1": "Hauptstraße 1", "postal_code": "10115",
        "city": "Berlin", "country": "de"
    });
    claim["items"][0]["net_price"] = json!(12.5);
    let claim = parse(&claim).unwrap();
    assert_eq!(claim.order.currency.as_deref(), Some("EUR"));
    let address = claim.order.address.unwrap();
    assert_eq!(address.line1, "Hauptstraße 1");
    assert_eq!(address.city, "Berlin");
    assert_eq!(address.country, "DE");
    assert_eq!(address.line2, None);
    assert_eq!(claim.items[0].net_price, Some(12.5));
}

#[test]
fn address_currency_and_net_price_problems_have_paths() {
    let error = only_error(&with("/order/currency", json!("euro")));
    assert_eq!(error.field.as_deref(), Some("order.currency"));
    let error = only_error(&with(
        "/order/address",
        json!({"line1": "Main St 1", "city": "Berlin", "country": "Germany"}),
    ));
    assert_eq!(error.field.as_deref(), Some("order.address.country"));
    let error = only_error(&with(
        "/order/address",
        json!({"line1": "Main St 1", "country": "DE"}),
    ));
    assert_eq!(error.field.as_deref(), Some("order.address.city"));
    assert_eq!(error.kind, ErrorKind::MissingField);
    let error = only_error(&with("/items/0/sku", json!(5)));
    assert_eq!(error.field.as_deref(), Some("items[0].sku"));
    for bad in [json!(-0.01), json!(1_000_000.5)] {
        let error = only_error(&with("/items/0/net_price", bad));
        assert_eq!(error.field.as_deref(), Some("items[0].net_price"));
        assert_eq!(error.kind, ErrorKind::InvalidValue);
    }
    let error = only_error(&with("/items/0/net_price", json!("12.50")));
    assert_eq!(error.kind, ErrorKind::WrongType);
}

#[test]
fn every_problem_is_reported_in_one_answer_in_document_order() {
    let errors = parse(&json!({
        "flow_type": "nope",
        "customer": {"email": "not-an-email"},
        "order": {},
        "items": [{"title": "Mug", "quantity": 1}, {"title": "", "quantity": 0}],
        "extra": true
    }))
    .unwrap_err();
    let fields: Vec<_> = errors
        .all()
        .iter()
        .map(|e| e.field.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        fields,
        [
            "extra",
            "flow_type",
            "customer.email",
            "order.order_number",
            "items[1].title",
            "items[1].quantity"
        ]
    );
    assert_eq!(errors.first().field.as_deref(), Some("extra"));
    assert_eq!(errors.code(), "unknown_field");
    assert!(errors.for_field("customer.email").is_some());
    assert!(errors
        .to_string()
        .starts_with("the claim was not accepted: extra is not a known field"));
    let listed = serde_json::to_value(&errors).unwrap();
    assert_eq!(listed[2]["field"], "customer.email");
    assert_eq!(listed[2]["kind"], "invalid_value");
}

#[test]
fn a_stored_claim_reads_back_equal_and_in_the_contract_shape() {
    let mut submitted = example();
    submitted["items"][0]["net_price"] = json!(12.5);
    submitted["order"]["currency"] = json!("EUR");
    let claim = parse(&submitted).unwrap();
    let stored = serde_json::to_vec(&claim).unwrap();
    let read_back: Claim = serde_json::from_slice(&stored).unwrap();
    assert_eq!(read_back, claim);
    // Stored JSON is itself a valid submission with the same meaning.
    assert_eq!(Claim::parse(&stored).unwrap(), claim);
    assert_eq!(serde_json::from_slice::<Value>(&stored).unwrap(), submitted);
}

#[test]
fn an_optional_free_claim_stores_without_nulls() {
    let claim = parse(&json!({
        "flow_type": "support",
        "customer": {"email": "jane@example.com"},
        "order": {"order_number": "1001"}
    }))
    .unwrap();
    let stored = serde_json::to_string(&claim).unwrap();
    assert!(!stored.contains("null"), "{stored}");
}
