//! Claim intake: every kind of bad submission gets a clear 4xx and leaves no row behind;
//! idempotent retries answer the first claim.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{claim_form, jpeg, png, sample_claim, spawn_app, Answer, TestApp};

async fn assert_nothing_stored(app: &TestApp, what: &str) {
    for table in ["claims", "claim_files", "claim_queue"] {
        assert_eq!(
            app.count_rows(table).await,
            0,
            "{what}: rows left in {table}"
        );
    }
}

/// A file part: (part name, file name, bytes).
type FilePart = (&'static str, &'static str, Vec<u8>);

/// What a submission sends to `POST /v1/shops/acme/claims`.
enum Body {
    /// A JSON claim, with an `Idempotency-Key` when given.
    Json(Value, Option<&'static str>),
    /// `(content type, body)` sent as they are.
    Raw(&'static str, &'static str),
    /// A multipart body: part `claim` when given, then the file parts.
    Multipart(Option<String>, Vec<FilePart>),
}

/// One refused submission and the answer it must get.
struct Refusal {
    what: &'static str,
    body: Body,
    status: u16,
    code: &'static str,
    /// `error.field`; `None` where the refusal names no field.
    field: Option<&'static str>,
    /// Every `(field, kind)` of `error.errors`, in order; only `invalid_claim` lists them.
    errors: &'static [(&'static str, &'static str)],
}

impl Refusal {
    async fn send(self, app: &TestApp, key: &str) -> Answer {
        let request = app
            .request(Method::POST, "/v1/shops/acme/claims")
            .bearer_auth(key);
        let request = match self.body {
            Body::Json(claim, idempotency) => {
                let request = request.json(&claim);
                match idempotency {
                    Some(idempotency) => request.header("Idempotency-Key", idempotency),
                    None => request,
                }
            }
            Body::Raw(content_type, body) => {
                request.header("content-type", content_type).body(body)
            }
            Body::Multipart(claim, parts) => request.multipart(claim_form(claim.as_deref(), parts)),
        };
        app.send(request).await
    }
}

fn refusals() -> Vec<Refusal> {
    let mut wrong_types = sample_claim();
    wrong_types["items"][0]["quantity"] = json!("one");
    wrong_types["customer"] = json!({"email": 5});
    let claim = || Some(sample_claim().to_string());
    vec![
        Refusal {
            what: "fields of the wrong type",
            body: Body::Json(wrong_types, None),
            status: 422,
            code: "invalid_claim",
            field: Some("customer.email"),
            errors: &[
                ("customer.email", "wrong_type"),
                ("items[0].quantity", "wrong_type"),
            ],
        },
        Refusal {
            what: "no customer, order or items",
            body: Body::Json(json!({"flow_type": "defective"}), None),
            status: 422,
            code: "invalid_claim",
            field: Some("customer"),
            errors: &[
                ("customer", "missing_field"),
                ("order", "missing_field"),
                ("items", "missing_field"),
            ],
        },
        Refusal {
            what: "JSON cut short",
            body: Body::Raw("application/json", "{\"flow_type\": "),
            status: 400,
            code: "malformed_json",
            field: None,
            errors: &[],
        },
        Refusal {
            what: "plain text",
            body: Body::Raw("text/plain", "hello"),
            status: 415,
            code: "unsupported_media_type",
            field: None,
            errors: &[],
        },
        Refusal {
            what: "a photo over 10 MiB",
            body: Body::Multipart(claim(), vec![("photos", "huge.jpg", jpeg(0, 50_000_000))]),
            status: 413,
            code: "file_too_large",
            field: Some("photos[0]"),
            errors: &[],
        },
        Refusal {
            what: "text disguised as the third photo",
            body: Body::Multipart(
                claim(),
                vec![
                    ("photos", "a.jpg", jpeg(1, 100)),
                    ("photos", "b.png", png(2, 100)),
                    ("photos", "c.jpg", b"just some text, not a photo".to_vec()),
                ],
            ),
            status: 422,
            code: "not_an_image",
            field: Some("photos[2]"),
            errors: &[],
        },
        Refusal {
            what: "an SVG signature",
            body: Body::Multipart(claim(), vec![("signature", "s.png", b"<svg/>".to_vec())]),
            status: 422,
            code: "not_an_image",
            field: Some("signature"),
            errors: &[],
        },
        Refusal {
            what: "thirteen photos",
            body: Body::Multipart(
                claim(),
                (0..13).map(|i| ("photos", "p.jpg", jpeg(i, 50))).collect(),
            ),
            status: 422,
            code: "too_many_files",
            field: Some("photos"),
            errors: &[],
        },
        Refusal {
            what: "a photo without part claim",
            body: Body::Multipart(None, vec![("photos", "a.jpg", jpeg(3, 10))]),
            status: 422,
            code: "missing_field",
            field: Some("claim"),
            errors: &[],
        },
        Refusal {
            what: "a part of an unknown name",
            body: Body::Multipart(claim(), vec![("video", "v.mp4", vec![0; 10])]),
            status: 422,
            code: "unknown_part",
            field: Some("video"),
            errors: &[],
        },
        Refusal {
            what: "part claim breaking the claim rules",
            body: Body::Multipart(
                Some("{\"flow_type\": 1}".into()),
                vec![("photos", "a.jpg", jpeg(4, 10))],
            ),
            status: 422,
            code: "invalid_claim",
            field: Some("flow_type"),
            errors: &[
                ("flow_type", "wrong_type"),
                ("customer", "missing_field"),
                ("order", "missing_field"),
            ],
        },
        Refusal {
            what: "an Idempotency-Key with a space",
            body: Body::Json(sample_claim(), Some("has space")),
            status: 422,
            code: "invalid_idempotency_key",
            field: Some("Idempotency-Key"),
            errors: &[],
        },
    ]
}

#[tokio::test]
async fn bad_claims_are_refused_field_by_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    for refusal in refusals() {
        let (what, status, code, field, errors) = (
            refusal.what,
            refusal.status,
            refusal.code,
            refusal.field,
            refusal.errors,
        );
        let answer = refusal.send(&app, &key).await;
        let error = &answer.body["error"];
        assert_eq!(
            (
                answer.status.as_u16(),
                answer.code(),
                error["field"].as_str()
            ),
            (status, code, field),
            "{what}: {}",
            answer.body
        );
        if !errors.is_empty() {
            let listed: Vec<(&str, &str)> = error["errors"]
                .as_array()
                .unwrap_or_else(|| panic!("{what}: no error.errors in {}", answer.body))
                .iter()
                .map(|e| (e["field"].as_str().unwrap(), e["kind"].as_str().unwrap()))
                .collect();
            assert_eq!(listed, errors, "{what}: {}", answer.body);
        }
        assert_nothing_stored(&app, what).await;
    }
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
        answers.push(
            app.send(
                app.request(Method::POST, "/v1/shops/acme/claims")
                    .bearer_auth(&key)
                    .header("Idempotency-Key", "with-photos")
                    .multipart(claim_form(Some(&claim), parts())),
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

    let retry = app.retry("acme", &key, &id).await;
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
