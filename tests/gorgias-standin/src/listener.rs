//! Serving a router on a TCP listener with two things `axum::serve` lacks: a handler can close
//! its connection without answering (the "drop" fault), and paths ending in `/` are served like
//! the same path without it (Gorgias accepts both).

use axum::body::Body;
use axum::http::{Request, Uri};
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower::ServiceExt;

/// Put in every request's extensions: closes the request's connection without an answer.
#[derive(Clone)]
pub struct ConnectionCloser(Arc<Notify>);

impl ConnectionCloser {
    /// Closes the connection; the handler should then wait forever (it is dropped with it).
    pub fn close(&self) {
        self.0.notify_one();
    }
}

/// Binds a listener on an OS-chosen port and returns it with its base URL.
pub async fn bind(host: IpAddr) -> std::io::Result<(TcpListener, String)> {
    let listener = TcpListener::bind(SocketAddr::new(host, 0)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, format!("http://{addr}")))
}

/// Serves `app` on `listener` in the background until `shutdown` changes or its sender is gone.
pub fn serve(listener: TcpListener, app: Router, shutdown: watch::Receiver<bool>) {
    let mut stop = shutdown.clone();
    tokio::spawn(async move {
        loop {
            let stream = tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => stream,
                    // Out of file descriptors and the like: wait instead of spinning.
                    Err(_) => {
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        continue;
                    }
                },
                _ = stop.changed() => break,
            };
            let _ = stream.set_nodelay(true);
            tokio::spawn(serve_connection(stream, app.clone(), shutdown.clone()));
        }
    });
}

async fn serve_connection(
    stream: tokio::net::TcpStream,
    app: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let closer = ConnectionCloser(Arc::new(Notify::new()));
    let handle = closer.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let mut request = request.map(Body::new);
        trim_trailing_slash(&mut request);
        request.extensions_mut().insert(handle.clone());
        app.clone().oneshot(request)
    });
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    // Dropping the connection future closes the socket, whatever state the request is in.
    tokio::select! {
        _ = connection => {}
        _ = closer.0.notified() => {}
        _ = shutdown.changed() => {}
    }
}

fn trim_trailing_slash(request: &mut Request<Body>) {
    let path = request.uri().path();
    if path.len() > 1 && path.ends_with('/') {
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        let rebuilt = match request.uri().query() {
            Some(query) => format!("{trimmed}?{query}"),
            None => trimmed.to_string(),
        };
        if let Ok(uri) = rebuilt.parse::<Uri>() {
            *request.uri_mut() = uri;
        }
    }
}
