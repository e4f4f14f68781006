//! Claim intake: every kind of bad submission gets a clear 4xx and leaves no row behind;
//! idempotent retries answer the first claim.

use reqwest::Method;
use serde_json::json;

use crate::support::{jpeg, png, sample_claim, spawn_app, TestApp};

async fn assert_nothing_stored(app: &TestApp) {
    for table in ["claims", "claim_files", "claim_queue"] {
        assert_eq!(app.count_rows(table).await, 0, "rows left in {table}");
    }
}

#[tokio::test]
async fn bad_claims_are_refused_field_by_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;

    let mut wrong_types = sample_claim();
    wrong_types["items"][0]["quantity"] = json!("one");
    wrong_types["customer"] = json!({"email": 5});
    let answer = app.submit("acme", &key, &wrong_types, None).await;
    assert_eq!(
        (answer.status.as_u16(), answer.code()),
        (422, "invalid_claim")
    );
    let fields: Vec<&str> = answer.body["error"]["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        ["customer.email", "items[0].quantity"],
        "{}",
        answer.body
    );
    assert_eq!(answer.body["error"]["field"], "customer.email");

    let answer = app
        .submit("acme", &key, &json!({"flow_type": "defective"}), None)
        .await;
    assert_eq!(
        (answer.status.as_u16(), answer.code()),
        (422, "invalid_claim")
    );
    assert!(
        answer.body["error"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["field"].as_str().unwrap().starts_with("order")
                && e["kind"] == "missing_field"),
        "{}",
        answer.body
    );

    let not_json = app
        .send(
            app.request(Method::POST, "/v1/shops/acme/claims")
                .bearer_auth(&key)
                .header("content-type", "application/json")
                .body("{\"flow_type\": "),
        )
        .await;
    assert_eq!(
        (not_json.status.as_u16(), not_json.code()),
        (400, "malformed_json")
    );

    let text = app
        .send(
            app.request(Method::POST, "/v1/shops/acme/claims")
                .bearer_auth(&key)
                .header("content-type", "text/plain")
                .body("hello"),
        )
        .await;
    assert_eq!(
        (text.status.as_u16(), text.code()),
        (415, "unsupported_media_type")
    );

    let claim = sample_claim().to_string();
    let big = app
        .submit_multipart(
            "acme",
            &key,
            &claim,
            vec![("photos", "huge.jpg", jpeg(0, 50_000_000))],
        )
        .await;
    assert_eq!((big.status.as_u16(), big.code()), (413, "file_too_large"));
    assert_eq!(big.body["error"]["field"], "photos[0]");

    let disguised = app
        .submit_multipart(
            "acme",
            &key,
            &claim,
            vec![
                ("photos", "a.jpg", jpeg(1, 100)),
                ("photos", "b.png", png(2, 100)),
                ("photos", "c.jpg", b"just some text, not a photo".to_vec()),
            ],
        )
        .await;
    assert_eq!(
        (disguised.status.as_u16(), disguised.code()),
        (422, "not_an_image")
    );
    assert_eq!(disguised.body["error"]["field"], "photos[2]");

    let bad_signature = app
        .submit_multipart(
            "acme",
            &key,
            &claim,
            vec![("signature", "s.png", b"<svg/>".to_vec())],
        )
        .await;
    assert_eq!(bad_signature.body["error"]["field"], "signature");

    let thirteen = (0..13).map(|i| ("photos", "p.jpg", jpeg(i, 50))).collect();
    let many = app.submit_multipart("acme", &key, &claim, thirteen).await;
    assert_eq!((many.status.as_u16(), many.code()), (422, "too_many_files"));
    assert_eq!(many.body["error"]["field"], "photos");

    let no_claim = app
        .send(
            app.request(Method::POST, "/v1/shops/acme/claims")
                .bearer_auth(&key)
                .multipart(reqwest::multipart::Form::new().part(
                    "photos",
                    reqwest::multipart::Part::bytes(jpeg(3, 10)).file_name("a.jpg"),
                )),
        )
        .await;
    assert_eq!(
        (no_claim.status.as_u16(), no_claim.code()),
        (422, "missing_field")
    );
    assert_eq!(no_claim.body["error"]["field"], "claim");

    let stray = app
        .submit_multipart("acme", &key, &claim, vec![("video", "v.mp4", vec![0; 10])])
        .await;
    assert_eq!((stray.status.as_u16(), stray.code()), (422, "unknown_part"));

    let bad_claim_part = app
        .submit_multipart(
            "acme",
            &key,
            "{\"flow_type\": 1}",
            vec![("photos", "a.jpg", jpeg(4, 10))],
        )
        .await;
    assert_eq!(
        (bad_claim_part.status.as_u16(), bad_claim_part.code()),
        (422, "invalid_claim")
    );

    let bad_key = app
        .submit("acme", &key, &sample_claim(), Some("has space"))
        .await;
    assert_eq!(
        (bad_key.status.as_u16(), bad_key.code()),
        (422, "invalid_idempotency_key")
    );

    assert_nothing_stored(&app).await;
}

#[tokio::test]
async fn an_idempotency_key_answers_the_first_claim_and_refuses_another_body() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let first = app
        .submit("acme", &key, &sample_claim(), Some("order-1001-try"))
        .await;
    assert_eq!(first.status, 202, "{}", first.body);
    let again = app
        .submit("acme", &key, &sample_claim(), Some("order-1001-try"))
        .await;
    assert_eq!(again.status, 202);
    assert_eq!(again.body, first.body);

    let mut other = sample_claim();
    other["description"] = json!("Something else entirely.");
    let reused = app
        .submit("acme", &key, &other, Some("order-1001-try"))
        .await;
    assert_eq!(
        (reused.status.as_u16(), reused.code()),
        (422, "idempotency_key_reused")
    );

    // The same files in a new multipart body (another boundary) are the same submission.
    let claim = sample_claim().to_string();
    let parts = || {
        vec![
            ("photos", "a.jpg", jpeg(1, 64)),
            ("signature", "s.png", png(2, 64)),
        ]
    };
    let mut answers = Vec::new();
    for _ in 0..2 {
        let form = parts().into_iter().fold(
            reqwest::multipart::Form::new().text("claim", claim.clone()),
            |form, (name, file, bytes)| {
                form.part(name, reqwest::multipart::Part::bytes(bytes).file_name(file))
            },
        );
        answers.push(
            app.send(
                app.request(Method::POST, "/v1/shops/acme/claims")
                    .bearer_auth(&key)
                    .header("Idempotency-Key", "with-photos")
                    .multipart(form),
            )
            .await,
        );
    }
    assert_eq!(answers[0].status, 202);
    assert_eq!(answers[1].body, answers[0].body);

    assert_eq!(app.count_rows("claims").await, 2);
    assert_eq!(app.count_rows("claim_files").await, 2);
    assert_eq!(app.count_rows("claim_queue").await, 2);
}

#[tokio::test]
async fn claims_belong_to_their_shop_and_only_failed_ones_can_be_retried() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let other = app.create_shop("other").await;
    let answer = app.submit("acme", &key, &sample_claim(), None).await;
    let id = answer.body["id"].as_str().unwrap().to_owned();

    let foreign = app.claim("acme", &other, &id).await;
    assert_eq!(
        (foreign.status.as_u16(), foreign.code()),
        (404, "shop_not_found")
    );
    let missing = app
        .claim("acme", &key, "00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(
        (missing.status.as_u16(), missing.code()),
        (404, "claim_not_found")
    );
    let submitted_elsewhere = app.submit("acme", &other, &sample_claim(), None).await;
    assert_eq!(submitted_elsewhere.status, 404);

    let retry = app
        .call(
            Method::POST,
            &format!("/v1/shops/acme/claims/{id}/retry"),
            Some(&key),
            None,
        )
        .await;
    assert_eq!(
        (retry.status.as_u16(), retry.code()),
        (409, "claim_not_failed")
    );
    let unauthenticated = app
        .call(
            Method::GET,
            &format!("/v1/shops/acme/claims/{id}"),
            None,
            None,
        )
        .await;
    assert_eq!(unauthenticated.status, 401);
    assert_eq!(app.count_rows("claims").await, 1);
}
