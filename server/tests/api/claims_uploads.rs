//! Uploads survive a failed attempt: the next attempt uploads only the files Gorgias has not
//! received yet, attaches the others as recorded, and never reuses an upload to another account.

use gorgias_standin::{AccountConfig, FaultAction, Received, Role, UserConfig};
use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{fault, jpeg, png, small_claim, spawn_app, TestApp};

/// The photos every test submits, in this order.
fn photos() -> [Vec<u8>; 2] {
    [jpeg(3, 2500), png(4, 1500)]
}

/// Submits a claim with the two photos; answers its id.
async fn submit_photos(app: &TestApp, key: &str) -> String {
    let [first, second] = photos();
    let answer = app
        .submit_multipart(
            "acme",
            key,
            &small_claim(7).to_string(),
            vec![("photos", "one.jpg", first), ("photos", "two.png", second)],
        )
        .await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_owned()
}

/// `METHOD path status` of every call after the first `skip`.
fn calls(received: &Received, skip: usize) -> Vec<String> {
    received.requests[skip..]
        .iter()
        .map(|r| format!("{} {} {}", r.method, r.path, r.status))
        .collect()
}

/// The one ticket's attachments are the account's uploads, in the claim's file order, with the
/// submitted bytes.
fn assert_attached_in_order(received: &Received) {
    assert_eq!(received.tickets.len(), 1, "one ticket");
    let attachments = received.tickets[0]["messages"][0]["attachments"]
        .as_array()
        .unwrap()
        .clone();
    let names: Vec<&str> = attachments
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["photo-1.jpg", "photo-2.png"]);
    for (attachment, bytes) in attachments.iter().zip(photos()) {
        let upload = received
            .uploads
            .iter()
            .find(|u| u.url == attachment["url"].as_str().unwrap())
            .unwrap_or_else(|| panic!("{attachment} is not an upload of this account"));
        assert_eq!(upload.bytes, bytes, "{}", upload.name);
        assert_eq!(attachment["size"], bytes.len());
    }
}

#[tokio::test]
async fn a_failed_ticket_create_reuses_the_uploads_of_the_first_attempt() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    app.gorgias
        .inject(fault("POST", "/api/tickets", 1, FaultAction::Status(503)));
    let before = app.gorgias.received("acme").requests.len();
    let id = submit_photos(&app, &key).await;
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(claim["attempts"], 2);

    let received = app.gorgias.received("acme");
    assert_eq!(
        received.uploads.len(),
        2,
        "one upload per photo, not one per attempt"
    );
    assert_attached_in_order(&received);
    assert_eq!(
        calls(&received, before),
        [
            "GET /api/tickets 200",
            "POST /api/upload 201",
            "POST /api/upload 201",
            "POST /api/tickets 503",
            // The second attempt: no upload call.
            "GET /api/tickets 200",
            "POST /api/tickets 201",
        ]
    );
    assert_eq!(app.count_rows("claim_file_uploads").await, 2);
}

#[tokio::test]
async fn a_failed_upload_is_the_only_file_uploaded_again() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    // The photos upload in parallel, so the fault meets whichever upload reaches Gorgias first;
    // the other one succeeds and must be kept.
    app.gorgias
        .inject(fault("POST", "/api/upload", 1, FaultAction::Status(503)));
    let before = app.gorgias.received("acme").requests.len();
    let id = submit_photos(&app, &key).await;
    let claim = app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(claim["attempts"], 2);

    let received = app.gorgias.received("acme");
    let calls = calls(&received, before);
    let mut first_uploads = calls[1..3].to_vec();
    first_uploads.sort();
    assert_eq!(
        (calls.len(), calls[0].as_str(), first_uploads),
        (
            6,
            "GET /api/tickets 200",
            vec![
                "POST /api/upload 201".to_owned(),
                "POST /api/upload 503".to_owned()
            ]
        ),
        "{calls:?}"
    );
    assert_eq!(
        calls[3..],
        [
            "GET /api/tickets 200",
            "POST /api/upload 201",
            "POST /api/tickets 201"
        ],
        "{calls:?}"
    );
    // Three upload calls, two files in Gorgias: one per photo, whichever failed first.
    assert_eq!(received.uploads.len(), 2);
    let mut uploaded: Vec<&str> = received.uploads.iter().map(|u| u.name.as_str()).collect();
    uploaded.sort();
    assert_eq!(uploaded, ["photo-1.jpg", "photo-2.png"]);
    assert_attached_in_order(&received);
}

#[tokio::test]
async fn uploads_to_an_account_the_shop_left_are_not_reused() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    // The photos reach `acme`, then `acme` refuses the key on the ticket: the claim waits.
    app.gorgias
        .inject(fault("POST", "/api/tickets", 1, FaultAction::Status(401)));
    let id = submit_photos(&app, &key).await;
    app.wait_for("acme", &key, &id, "waiting").await;
    assert_eq!(app.gorgias.received("acme").uploads.len(), 2);

    // The merchant connects the shop to another Gorgias account instead.
    let globex = app
        .gorgias
        .add_account(AccountConfig {
            name: "globex".into(),
            users: vec![UserConfig {
                email: "agent@globex.test".into(),
                api_key: "globex-key-0001".into(),
                role: Role::Admin,
            }],
            custom_fields: Vec::new(),
        })
        .await
        .unwrap();
    let connected = app
        .call(
            Method::PUT,
            "/v1/shops/acme/integrations/gorgias",
            Some(&key),
            Some(json!({"endpoint": globex, "email": "agent@globex.test", "api_key": "globex-key-0001"})),
        )
        .await;
    assert_eq!(connected.status, 200, "{}", connected.body);
    let claim: Value = app.wait_for("acme", &key, &id, "delivered").await;
    assert!(
        claim["ticket"]["url"]
            .as_str()
            .unwrap()
            .starts_with(&globex),
        "{claim}"
    );

    let received = app.gorgias.received("globex");
    assert_eq!(received.uploads.len(), 2, "both photos uploaded to globex");
    assert_attached_in_order(&received);
    let old = app.gorgias.received("acme");
    assert!(old.tickets.is_empty());
    assert_eq!(old.uploads.len(), 2, "nothing more reached acme");
}
