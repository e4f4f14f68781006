//! The embed endpoint the widget calls: whitelist, origin check, CORS, caching.

use reqwest::Method;
use serde_json::json;

use crate::support::{spawn_app, spawn_app_with};

const PAGE: &str = "https://help.acme.com/en-US/returns-123";
const ORIGIN: &str = "https://help.acme.com";

#[tokio::test]
async fn an_approved_page_shows_the_tile_in_every_language() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    app.approve_url("acme", PAGE).await;
    for page in [
        PAGE,
        "https://help.acme.com/de-DE/returns-123",
        "https://HELP.acme.com/fr-FR/returns-123/?q=1#x",
    ] {
        let answer = app.embed("acme", page, Some(ORIGIN)).await;
        assert_eq!(answer.status, 200);
        assert_eq!(
            answer.body,
            json!({"show": true, "finder_url": "https://finder.example/resolve/acme/finder", "tile": {"accent_color": "#1f6feb", "logo_url": null}}),
            "{page}"
        );
        assert_eq!(answer.header("access-control-allow-origin"), Some(ORIGIN));
        assert_eq!(answer.header("vary"), Some("Origin"));
        assert_eq!(answer.header("cache-control"), Some("public, max-age=60"));
        assert_eq!(answer.header("content-type"), Some("application/json"));
    }
}

#[tokio::test]
async fn one_approved_article_covers_its_translations_under_their_own_slugs() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    app.approve_url("acme", "https://help.acme.com/en-US/shipping-faq-1002")
        .await;
    for page in [
        "https://help.acme.com/de-DE/versand-faq-1002",
        "https://help.acme.com/fr-FR/faq-livraison-1002",
        "https://help.acme.com/en-us/shipping-faq-1002/",
        "https://help.acme.com/pl-PL/wysylka-1002?utm_source=mail",
    ] {
        let answer = app.embed("acme", page, Some(ORIGIN)).await;
        assert_eq!(answer.body["show"], true, "{page}");
        assert_eq!(answer.header("access-control-allow-origin"), Some(ORIGIN));
    }
    for page in [
        "https://help.acme.com/de-DE/retouren-1003",
        "https://help.acme.com/de-DE",
        "https://help.acme.com/de-DE/articles/versand-1002",
    ] {
        let answer = app.embed("acme", page, Some(ORIGIN)).await;
        assert_eq!(answer.body["reason"], "url_not_whitelisted", "{page}");
    }
}

#[tokio::test]
async fn categories_unlisted_articles_and_home_pages_cover_every_language() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    let unlisted = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    for url in [
        "https://help.acme.com/en-US/articles/shipping-18373".to_owned(),
        format!("https://help.acme.com/en-US/2001-{unlisted}"),
        "https://help.acme.com/en-US".to_owned(),
    ] {
        app.approve_url("acme", &url).await;
    }
    for page in [
        "https://help.acme.com/fr-FR/articles/livraison-18373".to_owned(),
        format!("https://help.acme.com/de-DE/2001-{unlisted}"),
        "https://help.acme.com/it-IT/".to_owned(),
    ] {
        let answer = app.embed("acme", &page, Some(ORIGIN)).await;
        assert_eq!(answer.body["show"], true, "{page}");
    }
}

#[tokio::test]
async fn an_unknown_shop_is_told_without_cors() {
    let app = spawn_app().await;
    let answer = app.embed("nobody", PAGE, Some(ORIGIN)).await;
    assert_eq!(
        answer.body,
        json!({"show": false, "reason": "unknown_shop"})
    );
    assert_eq!(answer.header("access-control-allow-origin"), None);
    assert_eq!(answer.header("vary"), Some("Origin"));
}

#[tokio::test]
async fn pages_off_the_whitelist_are_not_shown() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    app.approve_url("acme", PAGE).await;
    // A pending URL does not count.
    app.add_url("acme", &key, "https://help.acme.com/en-US/shipping-9")
        .await;
    let answer = app
        .embed(
            "acme",
            "https://help.acme.com/en-US/shipping-9",
            Some(ORIGIN),
        )
        .await;
    assert_eq!(
        answer.body,
        json!({"show": false, "reason": "url_not_whitelisted"})
    );
    assert_eq!(
        answer.header("access-control-allow-origin"),
        Some(ORIGIN),
        "the approved host may read why"
    );
}

#[tokio::test]
async fn another_origin_is_a_mismatch_and_gets_no_cors() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    app.approve_url("acme", PAGE).await;
    let answer = app.embed("acme", PAGE, Some("https://evil.example")).await;
    assert_eq!(
        answer.body,
        json!({"show": false, "reason": "origin_mismatch"})
    );
    assert_eq!(answer.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn without_an_origin_header_the_whitelist_decides() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    app.approve_url("acme", PAGE).await;
    let answer = app.embed("acme", PAGE, None).await;
    assert_eq!(answer.body["show"], true);
    assert_eq!(answer.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn prefix_entries_cover_a_section() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    app.approve_url("acme", "https://help.acme.com/en-US/articles/*")
        .await;
    assert_eq!(
        app.embed(
            "acme",
            "https://help.acme.com/de-DE/articles/faq-1",
            Some(ORIGIN)
        )
        .await
        .body["show"],
        true
    );
    assert_eq!(
        app.embed("acme", "https://help.acme.com/de-DE/faq-1", Some(ORIGIN))
            .await
            .body["show"],
        false
    );
}

#[tokio::test]
async fn approving_and_deleting_urls_change_the_answer_at_once() {
    let app = spawn_app().await;
    let key = app.create_shop("acme").await;
    let added = app.add_url("acme", &key, PAGE).await;
    let id = added.body["id"].clone();
    assert_eq!(app.embed("acme", PAGE, None).await.body["show"], false);
    app.call(
        Method::POST,
        &format!("/v1/shops/acme/help-center/urls/{id}/approve"),
        Some(crate::support::OPERATOR),
        None,
    )
    .await;
    assert_eq!(app.embed("acme", PAGE, None).await.body["show"], true);
    app.call(
        Method::DELETE,
        &format!("/v1/shops/acme/help-center/urls/{id}"),
        Some(&key),
        None,
    )
    .await;
    assert_eq!(
        app.embed("acme", PAGE, None).await.body["reason"],
        "url_not_whitelisted"
    );
}

#[tokio::test]
async fn a_missing_page_url_is_invalid() {
    let app = spawn_app().await;
    app.create_shop("acme").await;
    let answer = app.send(app.request(Method::GET, "/v1/embed/acme")).await;
    assert_eq!(answer.status, 422);
    assert_eq!(answer.code(), "invalid_url");
    assert_eq!(answer.body["error"]["field"], "url");
}

#[tokio::test]
async fn the_finder_base_is_configuration() {
    let app =
        spawn_app_with(|settings| settings.finder_base_url = "https://claims.example.org/".into())
            .await;
    app.create_shop("acme").await;
    app.approve_url("acme", PAGE).await;
    let answer = app.embed("acme", PAGE, None).await;
    assert_eq!(
        answer.body["finder_url"],
        "https://claims.example.org/resolve/acme/finder"
    );
}

#[tokio::test]
async fn the_bench_route_exists_only_when_asked_for() {
    let off = spawn_app().await;
    assert_eq!(
        off.call(Method::GET, "/v1/bench/constant", None, None)
            .await
            .status,
        404
    );
    let on = spawn_app_with(|settings| settings.bench_routes = true).await;
    let answer = on.call(Method::GET, "/v1/bench/constant", None, None).await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body["show"], true);
}
