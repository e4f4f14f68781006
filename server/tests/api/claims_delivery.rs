//! Claims to tickets over real HTTP: the complete ticket the stand-in receives, exactly one ticket
//! after a crash, claims that wait for a connection, and a restart with claims in the queue.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{jpeg, png, sample_claim, small_claim, spawn_app, TestApp, ACME_FIELDS};

/// Creates shop `acme`, connects it and maps the three custom fields.
async fn connected_shop(app: &TestApp) -> String {
    let key = app.connected("acme").await;
    let mapping = app
        .call(
            Method::PUT,
            "/v1/shops/acme/integrations/gorgias/mapping",
            Some(&key),
            Some(json!({"tags": {"always": ["resolve", "claims"]},
                        "custom_fields": {"flow_type": ACME_FIELDS[0], "resolution_preference": ACME_FIELDS[1],
                                          "shipment_phase": ACME_FIELDS[2]}})),
        )
        .await;
    assert_eq!(mapping.status, 200, "{}", mapping.body);
    key
}

fn names(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_multipart_claim_becomes_one_complete_ticket() {
    let app = spawn_app().await;
    let key = connected_shop(&app).await;
    let before = app.gorgias.received("acme").requests.len();
    let photos = [jpeg(1, 3000), png(2, 2000)];
    let signature = png(9, 500);
    let answer = app
        .submit_multipart(
            "acme",
            &key,
            &sample_claim().to_string(),
            vec![
                ("photos", "IMG_1.JPG", photos[0].clone()),
                ("photos", "scan.png", photos[1].clone()),
                ("signature", "sig.png", signature.clone()),
            ],
        )
        .await;
    assert_eq!(answer.status, 202, "{}", answer.body);
    assert_eq!(answer.body["status"], "queued");
    let id = answer.body["id"].as_str().unwrap().to_owned();
    assert_eq!(uuid::Uuid::parse_str(&id).unwrap().get_version_num(), 4);

    let delivered = app.wait_for("acme", &key, &id, "delivered").await;
    let received = app.gorgias.received("acme");
    assert_eq!(received.tickets.len(), 1);
    let ticket = &received.tickets[0];
    let ticket_id = ticket["id"].as_u64().unwrap();
    assert_eq!(
        delivered,
        json!({"id": id, "status": "delivered", "attempts": 1, "last_error": null,
               "ticket": {"id": ticket_id, "url": format!("{}/app/ticket/{ticket_id}", app.acme())}})
    );

    assert_eq!(ticket["external_id"], format!("resolve-claim:{id}"));
    assert_eq!(ticket["customer"]["email"], "jane@example.com");
    assert_eq!(ticket["customer"]["name"], "Jane Doe");
    assert_eq!(ticket["channel"], "api");
    assert_eq!(ticket["via"], "api");
    assert_eq!(ticket["from_agent"], false);
    assert_eq!(ticket["language"], "de");
    assert_eq!(ticket["subject"], "Beschädigter Artikel – Bestellung #1001");
    assert_eq!(
        names(&ticket["tags"]),
        [
            "resolve",
            "claims",
            "resolve-flow:defective",
            "resolve-preference:refund",
            "resolve-phase:delivered"
        ]
    );
    assert_eq!(
        ticket["custom_fields"],
        json!({
            ACME_FIELDS[0].to_string(): {"id": ACME_FIELDS[0], "value": "defective"},
            ACME_FIELDS[1].to_string(): {"id": ACME_FIELDS[1], "value": "refund"},
            ACME_FIELDS[2].to_string(): {"id": ACME_FIELDS[2], "value": "delivered"},
        })
    );
    let messages = ticket["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 1);
    let message = &messages[0];
    assert_eq!(message["channel"], "api");
    assert_eq!(message["from_agent"], false);
    assert_eq!(message["sender"]["email"], "jane@example.com");
    let text = message["body_text"].as_str().unwrap();
    for piece in [
        "The mug arrived in pieces.",
        "#1001",
        "DHL",
        "00340434161234567890",
        "MUG-1",
        "Blue mug",
        "SAU-2",
        "Saucer",
    ] {
        assert!(text.contains(piece), "body_text lacks {piece:?}: {text}");
    }
    let html = message["body_html"].as_str().unwrap();
    assert!(
        html.contains("The box was &lt;crushed&gt; &amp; wet."),
        "{html}"
    );
    assert!(!html.contains("<crushed>"), "{html}");
    for piece in [
        "<td>MUG-1</td><td>Blue mug</td><td>1</td>",
        "<td>SAU-2</td><td>Saucer</td><td>2</td>",
        "DHL",
    ] {
        assert!(html.contains(piece), "body_html lacks {piece:?}: {html}");
    }

    let attachments = message["attachments"].as_array().unwrap();
    assert_eq!(
        names(&message["attachments"]),
        ["photo-1.jpg", "photo-2.png", "signature.png"]
    );
    let sent = [&photos[0], &photos[1], &signature];
    let types = ["image/jpeg", "image/png", "image/png"];
    for ((attachment, bytes), content_type) in attachments.iter().zip(sent).zip(types) {
        assert_eq!(attachment["content_type"], content_type);
        assert_eq!(attachment["size"], bytes.len());
        let upload = received
            .uploads
            .iter()
            .find(|u| u.url == attachment["url"].as_str().unwrap())
            .expect("the attachment was uploaded");
        assert_eq!(&upload.bytes, bytes, "{}", upload.name);
    }

    // Lookup, three uploads, create: 2 + files calls, and no customer call.
    let calls: Vec<String> = received.requests[before..]
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    println!(
        "Gorgias calls for one ticket with 3 files: {} {calls:?}",
        calls.len()
    );
    assert_eq!(calls.len(), 2 + 3, "{calls:?}");
    assert!(
        !calls.iter().any(|c| c.contains("/api/customers")),
        "{calls:?}"
    );

    let integration = app.integration("acme", &key).await;
    assert!(integration["last_ticket_at"].is_string(), "{integration}");
    assert_eq!(integration["queued_claims"], 0);
    assert_eq!(integration["failed_claims"], 0);
}

#[tokio::test]
async fn a_ticket_created_before_a_crash_is_taken_not_created_again() {
    let app = spawn_app().await;
    let key = connected_shop(&app).await;
    app.set_enabled("acme", &key, false).await;
    let id = app.submitted("acme", &key, &sample_claim()).await;
    app.wait_for("acme", &key, &id, "waiting").await;

    // Gorgias created the ticket, but the answer never reached our database.
    let created = reqwest::Client::new()
        .post(format!("{}/api/tickets", app.acme()))
        .basic_auth(crate::support::ADMIN_EMAIL, Some(crate::support::ADMIN_KEY))
        .json(&json!({"customer": {"email": "jane@example.com"}, "channel": "api", "via": "api",
                      "from_agent": false, "external_id": format!("resolve-claim:{id}"),
                      "messages": [{"channel": "api", "via": "api", "from_agent": false,
                                    "sender": {"email": "jane@example.com"}, "body_text": "first try"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let existing: Value = created.json().await.unwrap();

    app.set_enabled("acme", &key, true).await;
    let delivered = app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(delivered["ticket"]["id"], existing["id"]);
    let received = app.gorgias.received("acme");
    assert_eq!(received.tickets.len(), 1, "one ticket, not two");
    assert!(received.uploads.is_empty());
}

#[tokio::test]
async fn claims_wait_without_a_connection_and_go_once_connected() {
    let app = spawn_app().await;
    let key = app.create_gorgias_shop("acme").await;
    let id = app.submitted("acme", &key, &small_claim(7)).await;
    let waiting = app.wait_for("acme", &key, &id, "waiting").await;
    assert_eq!(waiting["last_error"]["code"], "not_connected");
    assert!(waiting["last_error"]["message"]
        .as_str()
        .unwrap()
        .contains("Settings → Integrations → Gorgias"));
    assert_eq!(waiting["attempts"], 0);

    assert_eq!(app.connect("acme", &key).await.status, 200);
    app.wait_for("acme", &key, &id, "delivered").await;
    assert_eq!(app.gorgias.received("acme").tickets.len(), 1);
}

#[tokio::test]
async fn queued_claims_survive_a_restart() {
    let mut app = spawn_app().await;
    let key = connected_shop(&app).await;
    app.set_enabled("acme", &key, false).await;
    let mut ids = Vec::new();
    for number in 0..3 {
        ids.push(app.submitted("acme", &key, &small_claim(number)).await);
    }
    for id in &ids {
        app.wait_for("acme", &key, id, "waiting").await;
    }
    assert_eq!(app.integration("acme", &key).await["queued_claims"], 3);

    app.restart().await;
    app.set_enabled("acme", &key, true).await;
    for id in &ids {
        app.wait_for("acme", &key, id, "delivered").await;
    }
    let received = app.gorgias.received("acme");
    assert_eq!(received.tickets.len(), 3);
    let mut external: Vec<String> = received
        .tickets
        .iter()
        .map(|t| t["external_id"].as_str().unwrap().to_owned())
        .collect();
    external.sort();
    let mut expected: Vec<String> = ids.iter().map(|id| format!("resolve-claim:{id}")).collect();
    expected.sort();
    assert_eq!(external, expected);
    assert_eq!(app.count_rows("claim_queue").await, 0);
}

#[tokio::test]
async fn a_mapping_with_an_unknown_custom_field_is_refused() {
    let app = spawn_app().await;
    let key = app.connected("acme").await;
    let refused = app
        .call(
            Method::PUT,
            "/v1/shops/acme/integrations/gorgias/mapping",
            Some(&key),
            Some(json!({"custom_fields": {"flow_type": ACME_FIELDS[0], "shipment_phase": 999}})),
        )
        .await;
    assert_eq!(
        (refused.status.as_u16(), refused.code()),
        (422, "unknown_custom_field")
    );
    assert_eq!(
        refused.body["error"]["field"],
        "custom_fields.shipment_phase"
    );
    assert!(refused.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("42 (Claim type)"));
}
