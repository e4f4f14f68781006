//! The Gorgias calls the integration makes, answered as Gorgias answers them.

use crate::support::*;
use reqwest::header::CONTENT_TYPE;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn account_check_answers_the_account_and_the_call_limit() {
    let env = start().await;
    let response = env.get("/api/account", ADMIN).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["x-gorgias-account-api-call-limit"],
        "1/1000"
    );
    let account = json_body(response).await;
    assert_eq!(account["domain"], "acme");
    assert_eq!(account["status"]["status"], "active");
    assert!(account["deactivated_datetime"].is_null());
    assert!(account["created_datetime"]
        .as_str()
        .unwrap()
        .ends_with("+00:00"));
    assert!(account.get("settings").is_some());

    // The same call with a trailing slash is the same call.
    let slashed = env.get("/api/account/", AGENT).await;
    assert_eq!(slashed.status(), StatusCode::OK);
}

#[tokio::test]
async fn whoami_answers_the_authenticated_user_with_its_role() {
    let env = start().await;
    for (who, role) in [
        (ADMIN, "admin"),
        (AGENT, "agent"),
        (OBSERVER, "observer-agent"),
    ] {
        let response = env.get("/api/users/0", who).await;
        assert_eq!(response.status(), StatusCode::OK, "{role}");
        let user = json_body(response).await;
        assert_eq!(user["email"], who.0);
        assert_eq!(user["role"]["name"], role);
        assert!(user["id"].as_u64().unwrap() > 0);
    }
}

#[tokio::test]
async fn bad_or_missing_credentials_answer_401() {
    let env = start().await;
    let missing = env
        .http
        .get(format!("{}/api/account", env.acme))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        json_body(missing).await,
        json!({"error": {"msg": "Unauthorized."}})
    );
    let wrong_key = env.get("/api/account", (ADMIN.0, "not-the-key")).await;
    assert_eq!(wrong_key.status(), StatusCode::UNAUTHORIZED);
    let wrong_account = env
        .get("/api/account", ("someone@else.test", ADMIN.1))
        .await;
    assert_eq!(wrong_account.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_read_only_role_reads_everything_and_every_write_answers_403() {
    let env = start().await;
    for path in [
        "/api/account",
        "/api/users/0",
        "/api/tickets?external_id=k1",
        "/api/customers?email=jo@example.test",
        "/api/custom-fields?object_type=Ticket",
    ] {
        let read = env.call(Method::GET, path, OBSERVER).send().await.unwrap();
        assert_eq!(read.status(), StatusCode::OK, "{path}");
    }
    let ticket = env
        .call(Method::POST, "/api/tickets", OBSERVER)
        .json(&claim_ticket("k1", "jo@example.test"))
        .send()
        .await
        .unwrap();
    assert_eq!(ticket.status(), StatusCode::FORBIDDEN);
    assert!(json_body(ticket).await["error"]["msg"].is_string());
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"\xff\xd8\xff".to_vec())
            .file_name("mug.jpg")
            .mime_str("image/jpeg")
            .unwrap(),
    );
    let upload = env
        .call(Method::POST, "/api/upload?type=attachment", OBSERVER)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(upload.status(), StatusCode::FORBIDDEN);
    let customer = env
        .call(Method::POST, "/api/customers", OBSERVER)
        .json(&json!({"email": "jo@example.test", "name": "Jo Doe"}))
        .send()
        .await
        .unwrap();
    assert_eq!(customer.status(), StatusCode::FORBIDDEN);
    let received = env.standin.received("acme");
    assert!(received.tickets.is_empty());
    assert!(received.uploads.is_empty());
    assert!(received.customers.is_empty());
}

#[tokio::test]
async fn every_gorgias_role_is_named_and_only_the_observer_is_refused_writes() {
    let roles = [
        ("admin", "admin"),
        ("agent", "agent"),
        ("basic-agent", "basic-agent"),
        ("lite-agent", "lite-agent"),
        ("observer-agent", "observer-agent"),
        // The short name older config files use.
        ("observer", "observer-agent"),
        ("internal-agent", "internal-agent"),
        ("bot", "bot"),
    ];
    let users: Vec<Value> = roles
        .iter()
        .enumerate()
        .map(|(i, (role, _))| json!({"email": format!("u{i}@acme.test"), "api_key": format!("key-{i}"), "role": role}))
        .collect();
    let account = gorgias_standin::AccountConfig {
        users: serde_json::from_value(Value::Array(users)).unwrap(),
        ..acme()
    };
    let env = start_with(gorgias_standin::StandinConfig {
        accounts: vec![account],
        ..config()
    })
    .await;
    for (i, (_, shown)) in roles.iter().enumerate() {
        let who = (format!("u{i}@acme.test"), format!("key-{i}"));
        let who = (who.0.as_str(), who.1.as_str());
        let user = json_body(
            env.call(Method::GET, "/api/users/0", who)
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(user["role"]["name"], *shown);
        let ticket = env
            .call(Method::POST, "/api/tickets", who)
            .json(&claim_ticket(&format!("k{i}"), "jo@example.test"))
            .send()
            .await
            .unwrap();
        let expected = if *shown == "observer-agent" {
            StatusCode::FORBIDDEN
        } else {
            StatusCode::CREATED
        };
        assert_eq!(ticket.status(), expected, "{shown}");
    }
    assert_eq!(env.standin.received("acme").tickets.len(), roles.len() - 2);
}

#[tokio::test]
async fn customers_are_created_found_without_case_and_refused_twice() {
    let env = start().await;
    let created = answer(
        env.call(Method::POST, "/api/customers", AGENT)
            .json(&json!({
                "email": "Jo@Example.test",
                "name": "Jo Doe",
                "channels": [{"type": "email", "address": "Jo@Example.test", "preferred": true}]
            })),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let customer = json_body(created).await;
    let id = customer["id"].as_u64().unwrap();
    assert_eq!(customer["email"], "Jo@Example.test");
    assert_eq!(customer["channels"].as_array().unwrap().len(), 1);

    // `channels` is optional.
    let without_channels = answer(
        env.call(Method::POST, "/api/customers", AGENT)
            .json(&json!({"email": "sam@example.test", "name": "Sam"})),
    )
    .await;
    assert_eq!(without_channels.status(), StatusCode::CREATED);

    let duplicate = answer(
        env.call(Method::POST, "/api/customers", AGENT)
            .json(&json!({"email": "jo@example.TEST", "name": "Jo again"})),
    )
    .await;
    assert_eq!(duplicate.status(), StatusCode::CONFLICT);
    assert!(json_body(duplicate).await["error"]["msg"]
        .as_str()
        .unwrap()
        .contains("already exists"));

    let found = env
        .get("/api/customers?email=JO%40example.test", AGENT)
        .await;
    assert_eq!(found.status(), StatusCode::OK);
    let list = json_body(found).await;
    assert_eq!(list["object"], "list");
    assert!(list["uri"].as_str().unwrap().starts_with("/api/customers"));
    assert_eq!(list["data"].as_array().unwrap().len(), 1);
    assert_eq!(list["data"][0]["id"].as_u64(), Some(id));
    assert!(list["meta"]["next_cursor"].is_null());
    assert!(list["meta"]["prev_cursor"].is_null());

    let none = env
        .get("/api/customers?email=nobody%40example.test", AGENT)
        .await;
    assert_eq!(none.status(), StatusCode::OK);
    assert_eq!(json_body(none).await["data"], json!([]));
    assert_eq!(env.standin.received("acme").customers.len(), 2);
}

#[tokio::test]
async fn lists_page_with_cursors_and_check_the_limit() {
    let env = start().await;
    for i in 0..5 {
        let response = answer(
            env.call(Method::POST, "/api/customers", AGENT)
                .json(&json!({"email": format!("c{i}@example.test")})),
        )
        .await;
        assert_eq!(response.status(), StatusCode::CREATED);
    }
    let mut seen = Vec::new();
    let mut path = "/api/customers?limit=2".to_string();
    let mut pages = 0;
    loop {
        let page = json_body(env.get(&path, AGENT).await).await;
        pages += 1;
        for customer in page["data"].as_array().unwrap() {
            seen.push(customer["email"].as_str().unwrap().to_string());
        }
        match page["meta"]["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/customers?limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);

    let default_page = json_body(env.get("/api/customers", AGENT).await).await;
    assert_eq!(default_page["data"].as_array().unwrap().len(), 5);

    for bad in ["limit=0", "limit=101", "limit=ten", "cursor=garbage"] {
        let response = env.get(&format!("/api/customers?{bad}"), AGENT).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body = json_body(response).await;
        let field = bad.split('=').next().unwrap();
        assert!(body["error"]["data"][field].is_array(), "{bad}: {body}");
    }
}

#[tokio::test]
async fn uploads_answer_an_array_and_serve_the_bytes_back() {
    let env = start().await;
    let photo = vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    let form = Form::new()
        .part(
            "file",
            Part::bytes(photo.clone())
                .file_name("mug.jpg")
                .mime_str("image/jpeg")
                .unwrap(),
        )
        .part(
            "file",
            Part::bytes(b"%PDF-1.4 receipt".to_vec())
                .file_name("receipt.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
    let response = answer(
        env.call(Method::POST, "/api/upload?type=attachment", AGENT)
            .multipart(form),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let files: Value = json_body(response).await;
    let files = files.as_array().expect("the answer is an array");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["name"], "mug.jpg");
    assert_eq!(files[0]["size"], photo.len());
    assert_eq!(files[0]["content_type"], "image/jpeg");
    assert_eq!(files[1]["name"], "receipt.pdf");

    let served = env
        .http
        .get(files[0]["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()[CONTENT_TYPE], "image/jpeg");
    assert_eq!(served.bytes().await.unwrap().to_vec(), photo);

    let received = env.standin.received("acme");
    assert_eq!(received.uploads.len(), 2);
    assert_eq!(received.uploads[0].bytes, photo);
    assert_eq!(received.uploads[1].content_type, "application/pdf");
}

#[tokio::test]
async fn uploads_over_the_limit_answer_413_and_bad_uploads_400() {
    let env = start().await;
    let big = Form::new().part(
        "file",
        Part::bytes(vec![7u8; 2000])
            .file_name("big.png")
            .mime_str("image/png")
            .unwrap(),
    );
    let response = answer(
        env.call(Method::POST, "/api/upload?type=attachment", AGENT)
            .multipart(big),
    )
    .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert!(json_body(response).await["error"]["msg"].is_string());

    let small = || Form::new().part("file", Part::bytes(vec![1u8; 10]).file_name("a.png"));
    let no_type = answer(
        env.call(Method::POST, "/api/upload", AGENT)
            .multipart(small()),
    )
    .await;
    assert_eq!(no_type.status(), StatusCode::BAD_REQUEST);
    assert!(json_body(no_type).await["error"]["data"]["type"].is_array());

    let not_multipart = answer(
        env.call(Method::POST, "/api/upload?type=attachment", AGENT)
            .json(&json!({"file": "x"})),
    )
    .await;
    assert_eq!(not_multipart.status(), StatusCode::BAD_REQUEST);

    let no_file = answer(
        env.call(Method::POST, "/api/upload?type=attachment", AGENT)
            .multipart(Form::new().text("note", "no file here")),
    )
    .await;
    assert_eq!(no_file.status(), StatusCode::BAD_REQUEST);
    assert!(env.standin.received("acme").uploads.is_empty());
}

#[tokio::test]
async fn a_ticket_is_created_as_gorgias_answers_it() {
    let env = start().await;
    let response = env.post_ticket(&first_ticket()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let ticket = json_body(response).await;
    let id = ticket["id"].as_u64().unwrap();
    assert_eq!(ticket["uri"], format!("/api/tickets/{id}/"));
    assert_eq!(ticket["external_id"], "resolve-claim:1");
    assert_eq!(ticket["status"], "open");
    assert_eq!(ticket["channel"], "api");
    assert_eq!(ticket["via"], "api");
    assert_eq!(ticket["subject"], "Claim: damaged mug");
    assert_eq!(ticket["language"], "en");
    assert!(ticket["customer"]["id"].as_u64().is_some());
    assert_eq!(ticket["customer"]["email"], "jo@example.test");
    let tags = ticket["tags"].as_array().unwrap();
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[0]["name"], "resolve-claim");
    assert!(tags[0]["id"].as_u64().is_some());
    assert!(tags[0].get("decoration").is_some());
    assert_eq!(ticket["custom_fields"]["101"]["value"], "damage");
    assert_eq!(ticket["custom_fields"]["102"]["value"], 2);
    assert_eq!(ticket["custom_fields"]["103"]["value"], true);
    let message = &ticket["messages"][0];
    assert_eq!(message["channel"], "api");
    assert_eq!(message["from_agent"], false);
    assert_eq!(message["attachments"][0]["name"], "mug.jpg");
    assert_eq!(message["attachments"][0]["content_type"], "image/jpeg");
    assert!(ticket["created_datetime"]
        .as_str()
        .unwrap()
        .ends_with("+00:00"));

    let fetched = env.get(&format!("/api/tickets/{id}"), AGENT).await;
    assert_eq!(fetched.status(), StatusCode::OK);
    assert_eq!(json_body(fetched).await, ticket);

    let missing = env.get("/api/tickets/424242", AGENT).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(json_body(missing).await["error"]["msg"].is_string());

    let received = env.standin.received("acme");
    assert_eq!(received.tickets, vec![ticket]);
    assert_eq!(received.customers.len(), 1);
}

#[tokio::test]
async fn tickets_are_found_by_external_id_and_share_their_customer() {
    let env = start().await;
    let first = json_body(env.post_ticket(&first_ticket()).await).await;
    let second = json_body(
        env.post_ticket(&claim_ticket("resolve-claim:2", "JO@example.test"))
            .await,
    )
    .await;
    assert_eq!(first["customer"]["id"], second["customer"]["id"]);
    assert_ne!(first["id"], second["id"]);

    let found = json_body(
        env.get("/api/tickets?external_id=resolve-claim%3A2", AGENT)
            .await,
    )
    .await;
    assert_eq!(found["object"], "list");
    let data = found["data"].as_array().unwrap();
    assert_eq!(data.len(), 1);
    assert_eq!(data[0]["id"], second["id"]);

    let none = json_body(env.get("/api/tickets?external_id=nothing", AGENT).await).await;
    assert_eq!(none["data"], json!([]));
}

#[tokio::test]
async fn custom_field_definitions_need_an_object_type() {
    let env = start().await;
    let response = env
        .get("/api/custom-fields?object_type=Ticket", AGENT)
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let list = json_body(response).await;
    assert_eq!(list["object"], "list");
    let fields = list["data"].as_array().unwrap();
    assert_eq!(fields.len(), 3);
    assert_eq!(fields[0]["id"], 101);
    assert_eq!(fields[0]["label"], "Claim reason");
    assert_eq!(fields[0]["object_type"], "Ticket");
    assert_eq!(fields[1]["definition"]["data_type"], "number");

    let without = env.get("/api/custom-fields", AGENT).await;
    assert_eq!(without.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        json_body(without).await["error"]["data"]["object_type"][0],
        "Missing data for required field."
    );
}

#[tokio::test]
async fn unknown_routes_answer_json_404() {
    let env = start().await;
    let response = env.get("/api/nothing-here", AGENT).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(json_body(response).await["error"]["msg"].is_string());
}

#[tokio::test]
async fn an_unknown_account_answers_an_html_404() {
    let env = start().await;
    for path in ["/api/account", "/api/tickets", "/"] {
        let response = env
            .http
            .get(format!("{}{path}", env.standin.unknown_account_url()))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let body = response.text().await.unwrap();
        assert!(body.contains("<html"), "{body}");
        assert!(serde_json::from_str::<Value>(&body).is_err());
    }
}
