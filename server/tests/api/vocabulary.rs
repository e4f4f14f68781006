//! `GET /v1/claims/vocabulary`: public, cacheable, and exactly what claim intake accepts.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{jpeg, spawn_app, TestApp};

async fn vocabulary(app: &TestApp) -> Value {
    let answer = app
        .call(Method::GET, "/v1/claims/vocabulary", None, None)
        .await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["code"].as_str().unwrap().to_owned())
        .collect()
}

/// A claim of `flow` with `reason`, with one item when `with_item`.
fn claim(flow: &str, reason: &str, with_item: bool) -> Value {
    json!({
        "flow_type": flow, "reason": reason,
        "customer": {"email": "jane@example.com"}, "order": {"order_number": "#1001"},
        "items": if with_item { json!([{"title": "Blue mug", "quantity": 1}]) } else { json!([]) },
    })
}

#[tokio::test]
async fn anyone_may_read_it_and_caches_may_keep_it() {
    let app = spawn_app().await;
    let answer = app
        .call(Method::GET, "/v1/claims/vocabulary", None, None)
        .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    assert_eq!(answer.header("cache-control"), Some("public, max-age=3600"));
    assert_eq!(answer.header("access-control-allow-origin"), Some("*"));
    let etag = answer.header("etag").unwrap().to_owned();
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");

    let again = app
        .send(
            app.request(Method::GET, "/v1/claims/vocabulary")
                .header("if-none-match", &etag),
        )
        .await;
    assert_eq!(again.status, 304);
    assert_eq!(again.body, Value::String(String::new()));

    let stale = app
        .send(
            app.request(Method::GET, "/v1/claims/vocabulary")
                .header("if-none-match", "\"something-older\""),
        )
        .await;
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body, answer.body);
}

#[tokio::test]
async fn it_lists_the_documented_codes_with_labels() {
    let app = spawn_app().await;
    let body = vocabulary(&app).await;
    assert_eq!(
        codes(&body["flow_types"]),
        [
            "defective",
            "not_received",
            "missing_product",
            "wrong_product",
            "return",
            "dissatisfied",
            "support"
        ]
    );
    assert_eq!(
        body["flow_types"][0]["reasons"],
        json!(["damage", "partial_damage"])
    );
    assert_eq!(
        codes(&body["resolution_preferences"]),
        ["refund", "reorder", "store_credit"]
    );
    assert_eq!(
        body["resolution_preferences"][1]["labels"]["en"],
        "Replacement"
    );
    assert_eq!(codes(&body["shipment_phases"]).len(), 12);
    assert_eq!(
        body["languages"],
        json!(["en", "de", "fr", "es", "it", "nl", "da", "pl"])
    );
    assert_eq!(
        body["image_types"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["content_type"].as_str().unwrap())
            .collect::<Vec<_>>(),
        [
            "image/jpeg",
            "image/png",
            "image/webp",
            "image/heic",
            "image/heif"
        ]
    );
    assert_eq!(
        body["photos"],
        json!({"max_file_bytes": 10 * 1024 * 1024, "max_files": 12})
    );
    assert_eq!(body["limits"]["description_max_chars"], 5000);
}

#[tokio::test]
async fn every_listed_choice_is_accepted_by_claim_intake() {
    let app = spawn_app().await;
    let key = app.create_shop("vocab-shop").await;
    let body = vocabulary(&app).await;

    for flow in body["flow_types"].as_array().unwrap() {
        let code = flow["code"].as_str().unwrap();
        let needs_items = flow["needs_items"].as_bool().unwrap();
        for reason in flow["reasons"].as_array().unwrap() {
            let reason = reason.as_str().unwrap();
            let answer = app
                .submit("vocab-shop", &key, &claim(code, reason, needs_items), None)
                .await;
            assert_eq!(answer.status, 202, "{code}/{reason}: {}", answer.body);
        }
        // Where the vocabulary says items are needed, intake refuses a claim without them.
        let without = app
            .submit("vocab-shop", &key, &claim(code, "support", false), None)
            .await;
        let expected = if needs_items { 422 } else { 202 };
        assert_eq!(
            without.status, expected,
            "{code} without items: {}",
            without.body
        );
    }
    for preference in codes(&body["resolution_preferences"]) {
        let mut claim = claim("defective", "damage", true);
        claim["resolution_preference"] = json!(preference);
        let answer = app.submit("vocab-shop", &key, &claim, None).await;
        assert_eq!(answer.status, 202, "{preference}: {}", answer.body);
    }
    for phase in codes(&body["shipment_phases"]) {
        let mut claim = claim("not_received", "investigation", false);
        claim["order"]["shipment_phase"] = json!(phase);
        let answer = app.submit("vocab-shop", &key, &claim, None).await;
        assert_eq!(answer.status, 202, "{phase}: {}", answer.body);
    }
    for language in body["languages"].as_array().unwrap() {
        let mut claim = claim("support", "support", false);
        claim["language"] = language.clone();
        let answer = app.submit("vocab-shop", &key, &claim, None).await;
        assert_eq!(answer.status, 202, "{language}: {}", answer.body);
    }
}

#[tokio::test]
async fn its_limits_are_the_ones_intake_enforces() {
    let app = spawn_app().await;
    let key = app.create_shop("limit-shop").await;
    let body = vocabulary(&app).await;
    let max_chars = body["limits"]["description_max_chars"].as_u64().unwrap() as usize;
    let max_files = body["photos"]["max_files"].as_u64().unwrap() as usize;
    let max_bytes = body["photos"]["max_file_bytes"].as_u64().unwrap() as usize;

    let mut at_limit = claim("support", "support", false);
    at_limit["description"] = json!("a".repeat(max_chars));
    assert_eq!(
        app.submit("limit-shop", &key, &at_limit, None).await.status,
        202
    );
    let mut over = at_limit.clone();
    over["description"] = json!("a".repeat(max_chars + 1));
    let refused = app.submit("limit-shop", &key, &over, None).await;
    assert_eq!(refused.status, 422);
    assert_eq!(refused.body["error"]["field"], "description");

    let claim_text = claim("support", "support", false).to_string();
    let photos = |count: usize| {
        (0..count)
            .map(|i| ("photos", "photo.jpg", jpeg(i as u8, 64)))
            .collect::<Vec<_>>()
    };
    let allowed = app
        .submit_multipart("limit-shop", &key, &claim_text, photos(max_files))
        .await;
    assert_eq!(allowed.status, 202, "{}", allowed.body);
    let too_many = app
        .submit_multipart("limit-shop", &key, &claim_text, photos(max_files + 1))
        .await;
    assert_eq!(
        (too_many.status.as_u16(), too_many.code()),
        (422, "too_many_files")
    );

    // The JPEG header plus filler: exactly at the limit passes, one byte more does not.
    let exactly = vec![("photos", "big.jpg", jpeg(1, max_bytes - 4))];
    let answer = app
        .submit_multipart("limit-shop", &key, &claim_text, exactly)
        .await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    let larger = vec![("photos", "big.jpg", jpeg(1, max_bytes - 3))];
    let answer = app
        .submit_multipart("limit-shop", &key, &claim_text, larger)
        .await;
    assert_eq!(
        (answer.status.as_u16(), answer.code()),
        (413, "file_too_large")
    );
}
