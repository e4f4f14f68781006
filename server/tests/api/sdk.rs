//! SDK hosting: MIME types, gzip and brotli, strong ETags, caching and CORS.

use std::io::Read;

use reqwest::Method;

use crate::support::{spawn_app, TestApp};

fn bundle() -> String {
    "(function(){var resolve='tile';})();".repeat(200)
}

async fn fetch(
    app: &TestApp,
    file: &str,
    accept_encoding: &str,
    if_none_match: Option<&str>,
) -> reqwest::Response {
    let mut request = app
        .request(Method::GET, &format!("/sdk/latest/{file}"))
        .header("accept-encoding", accept_encoding);
    if let Some(tag) = if_none_match {
        request = request.header("if-none-match", tag);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_bundle_is_served_as_javascript_in_every_coding() {
    let app = spawn_app().await;
    std::fs::write(app.sdk_dir.path().join("bundle.min.js"), bundle()).unwrap();

    let plain = fetch(&app, "bundle.min.js", "identity", None).await;
    assert_eq!(plain.status(), 200);
    assert_eq!(
        plain.headers()["content-type"],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(plain.headers()["cache-control"], "public, max-age=300");
    assert_eq!(plain.headers()["access-control-allow-origin"], "*");
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), bundle());

    let gzip = fetch(&app, "bundle.min.js", "gzip", None).await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let bytes = gzip.bytes().await.unwrap();
    assert!(bytes.len() < bundle().len() / 4);
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, bundle());

    let br = fetch(&app, "bundle.min.js", "gzip, deflate, br", None).await;
    assert_eq!(br.headers()["content-encoding"], "br");
    let bytes = br.bytes().await.unwrap();
    let mut text = String::new();
    brotli::Decompressor::new(&bytes[..], 4096)
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, bundle());
}

#[tokio::test]
async fn a_current_etag_answers_not_modified() {
    let app = spawn_app().await;
    std::fs::write(app.sdk_dir.path().join("bundle.min.js"), bundle()).unwrap();
    let first = fetch(&app, "bundle.min.js", "br", None).await;
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(
        etag.starts_with('"') && !etag.starts_with("W/"),
        "strong ETag: {etag}"
    );
    let again = fetch(&app, "bundle.min.js", "br", Some(&etag)).await;
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    let plain_etag = fetch(&app, "bundle.min.js", "identity", None)
        .await
        .headers()["etag"]
        .clone();
    assert_ne!(
        plain_etag.to_str().unwrap(),
        etag,
        "each coding has its own ETag"
    );

    std::fs::write(
        app.sdk_dir.path().join("bundle.min.js"),
        bundle() + "/*v2*/",
    )
    .unwrap();
    let changed = fetch(&app, "bundle.min.js", "br", Some(&etag)).await;
    assert_eq!(
        changed.status(),
        200,
        "a rebuilt bundle is served without a restart"
    );
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm() {
    let app = spawn_app().await;
    let wasm = [&b"\0asm\x01\0\0\0"[..], &[0u8; 4000]].concat();
    std::fs::write(app.sdk_dir.path().join("resolve_widget_bg.wasm"), &wasm).unwrap();
    let answer = fetch(&app, "resolve_widget_bg.wasm", "identity", None).await;
    assert_eq!(answer.headers()["content-type"], "application/wasm");
    assert_eq!(answer.bytes().await.unwrap().as_ref(), &wasm[..]);
}

#[tokio::test]
async fn missing_and_hidden_files_are_not_found() {
    let app = spawn_app().await;
    std::fs::write(app.sdk_dir.path().join(".secret"), "x").unwrap();
    for file in ["nope.js", ".secret", "..%2Fsecret.key"] {
        let answer = app
            .send(app.request(Method::GET, &format!("/sdk/latest/{file}")))
            .await;
        assert_eq!(answer.status, 404, "{file}");
    }
}
