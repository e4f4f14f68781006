//! The tile's branding: the merchant sets the accent colour and logo, the embed answer carries
//! them at once, and a wrong value changes nothing.

use reqwest::Method;
use serde_json::{json, Value};

use crate::support::{spawn_app, TestApp, OPERATOR};

const PAGE: &str = "https://help.acme.com/en-US/returns-123";
const ORIGIN: &str = "https://help.acme.com";

async fn embedded_tile(app: &TestApp) -> Value {
    let answer = app.embed("acme", PAGE, Some(ORIGIN)).await;
    assert_eq!(answer.body["show"], true, "{}", answer.body);
    answer.body["tile"].clone()
}

#[tokio::test]
async fn a_merchant_brands_the_tile_and_the_embed_answer_follows() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    app.approve_url("acme", PAGE).await;
    let default = json!({"accent_color": "#1f6feb", "logo_url": null});
    let shown = app
        .call(Method::GET, "/v1/shops/acme/tile", Some(&key), None)
        .await;
    assert_eq!((shown.status.as_u16(), &shown.body), (200, &default));
    assert_eq!(embedded_tile(&app).await, default);

    let branded = json!({"accent_color": "#b4235a", "logo_url": "https://cdn.acme.com/logo.png"});
    let set = app
        .call(
            Method::PUT,
            "/v1/shops/acme/tile",
            Some(&key),
            Some(json!({"accent_color": " #B4235A", "logo_url": "https://cdn.acme.com/logo.png"})),
        )
        .await;
    assert_eq!((set.status.as_u16(), &set.body), (200, &branded));
    assert_eq!(embedded_tile(&app).await, branded);
    let shop = app
        .call(Method::GET, "/v1/shops/acme", Some(&key), None)
        .await;
    assert_eq!(shop.body["tile"], branded);

    // The operator may too; a part left out goes back to its default.
    let reset = app
        .call(
            Method::PUT,
            "/v1/shops/acme/tile",
            Some(OPERATOR),
            Some(json!({"accent_color": "#abc"})),
        )
        .await;
    assert_eq!(reset.status, 200);
    let expected = json!({"accent_color": "#aabbcc", "logo_url": null});
    assert_eq!(reset.body, expected);
    assert_eq!(embedded_tile(&app).await, expected);
}

#[tokio::test]
async fn a_wrong_colour_or_logo_is_refused_and_nothing_changes() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    app.approve_url("acme", PAGE).await;
    let before = embedded_tile(&app).await;
    let cases = [
        (
            json!({"accent_color": "blue"}),
            "invalid_accent_color",
            "accent_color",
        ),
        (
            // The colour is fine, the logo is not: neither is stored.
            json!({"accent_color": "#000000", "logo_url": "http://cdn.acme.com/logo.png"}),
            "invalid_logo_url",
            "logo_url",
        ),
        (
            json!({"logo_url": "javascript:alert(1)"}),
            "invalid_logo_url",
            "logo_url",
        ),
    ];
    for (body, code, field) in cases {
        let answer = app
            .call(
                Method::PUT,
                "/v1/shops/acme/tile",
                Some(&key),
                Some(body.clone()),
            )
            .await;
        assert_eq!(answer.status, 422, "{body}");
        assert_eq!(answer.code(), code, "{body}");
        assert_eq!(answer.body["error"]["field"], field, "{body}");
        assert!(
            answer.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("e.g."),
            "the message shows the expected form: {}",
            answer.body
        );
    }
    let unknown = app
        .call(
            Method::PUT,
            "/v1/shops/acme/tile",
            Some(&key),
            Some(json!({"accent_colour": "#000000"})),
        )
        .await;
    assert_eq!(unknown.status, 422);
    assert!(
        unknown.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("accent_colour"),
        "{}",
        unknown.body
    );
    assert_eq!(embedded_tile(&app).await, before);
    let shown = app
        .call(Method::GET, "/v1/shops/acme/tile", Some(&key), None)
        .await;
    assert_eq!(shown.body, before);
}

#[tokio::test]
async fn another_shop_cannot_see_or_change_the_tile() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    let other = app.create_shop("other").await;
    for method in [Method::GET, Method::PUT] {
        let body = (method == Method::PUT).then(|| json!({"accent_color": "#000000"}));
        let answer = app
            .call(method.clone(), "/v1/shops/acme/tile", Some(&other), body)
            .await;
        assert_eq!(answer.status, 404, "{method}");
    }
    let anonymous = app
        .call(
            Method::PUT,
            "/v1/shops/acme/tile",
            None,
            Some(json!({"accent_color": "#000000"})),
        )
        .await;
    assert_eq!(anonymous.status, 401);
}
