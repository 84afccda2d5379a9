//! The HTTP side of the preview: files of the last good build under the path of base_url,
//! pretty URLs, the site's 404 page, and the socket that tells pages to reload. Paths are
//! checked segment by segment before they reach the file system, so nothing outside the
//! build is ever served.
//!
//! Any client may be a stranger once `--bind` opens the server to the network: connections
//! have a header-read timeout and a limit in number, reload sockets a limit in number and in
//! message size, and redirects never leave the host.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, HttpBody as _};
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::extract::{Request, State as Shared};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use percent_encoding::percent_decode_str;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, watch};
use tower_http::services::ServeFile;

use super::live::{Now, Reload, Served, State};
use super::{Error, Event, inject};

/// How long a client has to send a request's headers, counted from when it connects and
/// again after each response on a connection kept alive: a half-open request, headers sent
/// byte by byte, and an idle kept-alive connection are all closed after this long.
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once. More wait to be accepted (in the system's queue, holding no
/// file of the server's) until one closes, so a flood cannot use up the server's open files.
pub(crate) const MAX_CONNECTIONS: usize = 256;
/// Reload sockets open at once, one per open page, counted apart from connections: once a
/// page's connection became its socket it no longer counts as one. More are refused with
/// 503, and their pages try again every second.
pub(crate) const MAX_SOCKETS: usize = 128;
/// The largest message a page may send on its socket. Pages send nothing; without a bound a
/// client could make the server hold 64 MB per socket (tungstenite's default).
const MAX_SOCKET_MESSAGE: usize = 1024;
/// How long responses in progress get to finish after Ctrl-C.
const GRACE: Duration = Duration::from_millis(20);
/// How long to wait before accepting again when accepting failed on the server's side (out of
/// open files, most likely: one closing frees one).
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// What the handlers share.
#[derive(Clone)]
struct Preview {
    state: Arc<State>,
    /// One permit per reload socket that may still open.
    sockets: Arc<Semaphore>,
}

/// Serves until `signal` ([`stop_signal`]), then closes the pages' sockets and stops.
///
/// Each connection is driven by hyper directly rather than through `axum::serve`, which has no
/// header-read timeout and no connection limit.
pub(crate) async fn serve(
    listener: std::net::TcpListener,
    state: Arc<State>,
    signal: impl Future<Output = ()>,
    stop: watch::Sender<bool>,
    report: super::live::Report,
) -> Result<(), Error> {
    listener.set_nonblocking(true).map_err(Error::Server)?;
    let listener = tokio::net::TcpListener::from_std(listener).map_err(Error::Server)?;
    let router = router(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
    let connections = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    tokio::pin!(signal);
    loop {
        let permit = tokio::select! {
            () = &mut signal => break,
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            () = &mut signal => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // The client gave up before it was accepted: nothing to do.
                Err(e) if matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionAborted | std::io::ErrorKind::ConnectionReset
                ) => continue,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_PAUSE).await;
                    continue;
                }
            },
        };
        // Pages are small and asked for one after another: send each at once.
        let _ = stream.set_nodelay(true);
        let connection = http
            .serve_connection(
                TokioIo::new(stream),
                TowerToHyperService::new(router.clone()),
            )
            .with_upgrades();
        tokio::spawn(drive(connection, stop.subscribe(), permit));
    }
    report(Event::Stopping);
    stop.send_replace(true);
    drop(listener);
    // Every permit back means every connection closed; those still busy after the grace
    // period are dropped with the runtime.
    let all = u32::try_from(MAX_CONNECTIONS).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(GRACE, connections.acquire_many(all)).await;
    Ok(())
}

/// A client's connection, served by the preview's router.
type Connection = hyper::server::conn::http1::UpgradeableConnection<
    TokioIo<tokio::net::TcpStream>,
    TowerToHyperService<Router>,
>;

/// Serves one connection until it closes, or becomes a reload socket, or the server stops;
/// it counts against the connection limit until then.
async fn drive(
    connection: Connection,
    mut stopping: watch::Receiver<bool>,
    permit: OwnedSemaphorePermit,
) {
    tokio::pin!(connection);
    tokio::select! {
        // A failed connection (a client that left, a header-read timeout) is the client's
        // business: nothing to report.
        _ = connection.as_mut() => {}
        () = stopped(&mut stopping) => {
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        }
    }
    drop(permit);
}

/// Resolves once the server is stopping.
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    // An error means the sender is gone, which happens only when stopping too.
    let _ = shutdown.wait_for(|&stop| stop).await;
}

fn router(state: Arc<State>) -> Router {
    let preview = Preview {
        state,
        sockets: Arc::new(Semaphore::new(MAX_SOCKETS)),
    };
    Router::new()
        .route(inject::SOCKET_PATH, get(live_socket))
        .route(inject::SCRIPT_PATH, get(live_script))
        .fallback(site)
        .layer(middleware::from_fn_with_state(
            preview.clone(),
            add_to_pages,
        ))
        .with_state(preview)
}

/// Resolves on Ctrl-C or SIGTERM. Made inside the runtime; from when it is made, these
/// signals stop the server cleanly instead of ending the process.
pub(crate) fn stop_signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{Signal, SignalKind, signal};
        // Listened for now, not when first awaited: a Ctrl-C right after "Serving at" counts.
        let interrupt = signal(SignalKind::interrupt()).ok();
        let terminate = signal(SignalKind::terminate()).ok();
        let received = |signal: Option<Signal>| async move {
            match signal {
                Some(mut signal) => {
                    signal.recv().await;
                }
                // No handler could be installed: the other signal (or a kill) stops the server.
                None => std::future::pending::<()>().await,
            }
        };
        async move {
            tokio::select! {
                () = received(interrupt) => {}
                () = received(terminate) => {}
            }
        }
    }
    // Elsewhere the handler is installed when first awaited, a moment after "Serving at".
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// The one place where the preview changes responses: only GET and HEAD are answered; every
/// HTML page gets the reload script and, after a failed build, the error overlay; nothing is
/// cached; HEAD gets exactly the headers GET would.
async fn add_to_pages(
    Shared(preview): Shared<Preview>,
    mut request: Request,
    next: Next,
) -> Response {
    if let Some(refused) = refused_host(request.headers()) {
        return refused;
    }
    let head = match *request.method() {
        Method::GET => false,
        Method::HEAD => true,
        _ => {
            return (
                StatusCode::METHOD_NOT_ALLOWED,
                [
                    (header::ALLOW, "GET, HEAD"),
                    (header::CACHE_CONTROL, "no-store"),
                ],
                "Method not allowed: the preview answers GET and HEAD\n",
            )
                .into_response();
        }
    };
    // A HEAD is answered as the GET it stands for, then its body dropped: the page's length
    // is the length with the script added.
    *request.method_mut() = Method::GET;
    let state = &preview.state;
    let now = state.now();
    // Pages change under the same URL with every build, and a 304 would keep the error
    // overlay off a page that did not change: always answer in full.
    for conditional in [header::IF_MODIFIED_SINCE, header::IF_NONE_MATCH] {
        request.headers_mut().remove(conditional);
    }
    request.extensions_mut().insert(now.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.remove(header::LAST_MODIFIED);
    headers.remove(header::ETAG);
    add_charset(headers);
    let is_html = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let whole = !matches!(
        response.status(),
        StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    );
    if is_html && whole {
        let (mut parts, body) = response.into_parts();
        parts.headers.remove(header::ACCEPT_RANGES);
        let page = match axum::body::to_bytes(body, usize::MAX).await {
            Ok(page) => page,
            Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        };
        let page = inject::into_page(&page, now.error.as_deref(), &state.tag(now.version));
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(page.len()));
        response = Response::from_parts(parts, Body::from(page));
    }
    if head {
        response = without_body(response);
    }
    response
}

/// A page on another site whose name is made to resolve to this machine (DNS rebinding)
/// asks with its own name as the Host, and a page anywhere may open the reload socket: only
/// this machine's names and addresses are answered ([`local_host`]); the refusal otherwise.
fn refused_host(headers: &axum::http::HeaderMap) -> Option<Response> {
    let named = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|v| v.to_str().map(str::to_owned).unwrap_or_default())
    };
    let origin = named(header::ORIGIN).map(|o| {
        o.split_once("://")
            .map_or(String::new(), |(_, rest)| rest.to_owned())
    });
    let (what, host) = [("Host", named(header::HOST)), ("Origin", origin)]
        .into_iter()
        .find_map(|(what, host)| host.filter(|h| !local_host(h)).map(|h| (what, h)))?;
    Some(
        (
            StatusCode::FORBIDDEN,
            [(header::CACHE_CONTROL, "no-store")],
            format!(
                "Forbidden: the preview answers requests for localhost or an IP address, not a \
                 {what} of {:?}\n",
                host.chars().take(100).collect::<String>()
            ),
        )
            .into_response(),
    )
}

/// Whether a Host (or an Origin's host) names this machine as a preview is reached: an IP
/// address, `localhost` or a name under `.localhost`, with or without a port. A name of
/// anyone else's may be made to resolve here (DNS rebinding), so no other name is answered.
fn local_host(host: &str) -> bool {
    if let Some(rest) = host.strip_prefix('[') {
        // An IPv6 address, `[::1]:1111`.
        return rest
            .split_once(']')
            .is_some_and(|(ip, _)| ip.parse::<std::net::Ipv6Addr>().is_ok());
    }
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
}

/// A response to HEAD: GET's headers, its length included, and no body.
fn without_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    if !parts.headers.contains_key(header::CONTENT_LENGTH)
        && let Some(length) = body.size_hint().exact()
    {
        parts
            .headers
            .insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    }
    Response::from_parts(parts, Body::empty())
}

/// Text files are UTF-8, as folio writes them; say so, as static hosts do.
fn add_charset(headers: &mut axum::http::HeaderMap) {
    let Some(kind) = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return;
    };
    let textual = kind.starts_with("text/") || kind == "application/javascript";
    if textual
        && !kind.contains("charset")
        && let Ok(value) = HeaderValue::from_str(&format!("{kind}; charset=utf-8"))
    {
        headers.insert(header::CONTENT_TYPE, value);
    }
}

async fn live_script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        inject::SCRIPT,
    )
}

async fn live_socket(Shared(preview): Shared<Preview>, upgrade: WebSocketUpgrade) -> Response {
    let Ok(permit) = preview.sockets.clone().try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "Too many pages are open: this one does not reload by itself\n",
        )
            .into_response();
    };
    upgrade
        .max_message_size(MAX_SOCKET_MESSAGE)
        .max_frame_size(MAX_SOCKET_MESSAGE)
        .on_upgrade(move |socket| talk(socket, preview.state, permit))
}

/// Tells one page the version now served, then every change, until it leaves or the server
/// stops. The page's socket holds `_permit` until then.
async fn talk(mut socket: WebSocket, state: Arc<State>, _permit: OwnedSemaphorePermit) {
    // Subscribe before reading the version, so no build falls between the two.
    let mut notices = state.notices.subscribe();
    let mut shutdown = state.shutdown.clone();
    let hello = message("hello", &state.tag(state.now().version));
    if socket.send(hello).await.is_err() {
        return;
    }
    loop {
        let said = tokio::select! {
            () = stopped(&mut shutdown) => {
                let _ = socket.send(Message::Close(None)).await;
                return;
            }
            notice = notices.recv() => match notice {
                Ok(notice) => {
                    let kind = if notice.reload == Reload::Css { "css" } else { "reload" };
                    message(kind, &notice.tag)
                }
                // Missed notices: whatever they said, a reload shows the present.
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    message("reload", &state.tag(state.now().version))
                }
                Err(broadcast::error::RecvError::Closed) => return,
            },
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                Some(Ok(_)) => continue,
            },
        };
        if socket.send(said).await.is_err() {
            return;
        }
    }
}

fn message(kind: &str, version: &str) -> Message {
    Message::Text(
        serde_json::json!({ "kind": kind, "version": version })
            .to_string()
            .into(),
    )
}

/// Any request that is not the preview's own: a file of the last good build.
async fn site(request: Request) -> Response {
    // The snapshot add_to_pages took, so the page and its version tag agree.
    let now = request
        .extensions()
        .get::<Now>()
        .cloned()
        .unwrap_or_default();
    let Some(site) = now.site.clone() else {
        // No good build yet: the page the error overlay is added to.
        return (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            inject::NO_SITE_YET,
        )
            .into_response();
    };
    let path = request.uri().path().to_string();
    let query = request.uri().query().map(str::to_string);
    let again = |to: &str| {
        let to = tidy(to);
        match &query {
            Some(query) => redirect(&format!("{to}?{query}")),
            None => redirect(&to),
        }
    };
    match resolve(&path, &site.root) {
        Target::Redirect(to) => again(&to),
        Target::BadRequest => (
            StatusCode::BAD_REQUEST,
            "Bad request: this path is not allowed\n",
        )
            .into_response(),
        Target::NotFound => not_found(&site).await,
        Target::File { relative, folder } => {
            let file = site.folder.join(&relative);
            match tokio::fs::metadata(&file).await {
                // `/people/x` is a folder: its pages' relative links need the slash.
                Ok(m) if m.is_dir() && !folder => again(&format!("{path}/")),
                Ok(m) if m.is_dir() => send_file(&site, &file.join("index.html"), request).await,
                Ok(m) if m.is_file() && !folder => send_file(&site, &file, request).await,
                _ => not_found(&site).await,
            }
        }
    }
}

/// A path with each run of slashes made one: `//people/` is `/people/` on this server, and as a
/// redirect's target it would be the host `people`.
fn tidy(path: &str) -> String {
    let mut tidy = String::with_capacity(path.len());
    for c in path.chars() {
        if !(c == '/' && tidy.ends_with('/')) {
            tidy.push(c);
        }
    }
    tidy
}

/// A temporary redirect to a path of this server. Whatever `to` holds, the target starts with
/// exactly one `/`, not followed by `\`: browsers read `//host` and `/\host` as another host.
fn redirect(to: &str) -> Response {
    let to = format!("/{}", to.trim_start_matches(['/', '\\']));
    match HeaderValue::try_from(to) {
        Ok(location) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Err(_) => (
            StatusCode::BAD_REQUEST,
            "Bad request: this path is not allowed\n",
        )
            .into_response(),
    }
}

async fn send_file(site: &Served, file: &Path, request: Request) -> Response {
    if !tokio::fs::metadata(file).await.is_ok_and(|m| m.is_file()) {
        return not_found(site).await;
    }
    // Only what is in the served folder: a link someone put in `--output DIR` (`etc ->
    // /etc`) is not followed out of it.
    let inside = match (
        tokio::fs::canonicalize(file).await,
        tokio::fs::canonicalize(&site.folder).await,
    ) {
        (Ok(real), Ok(folder)) => real.starts_with(folder),
        _ => false,
    };
    if !inside {
        return not_found(site).await;
    }
    match ServeFile::new(file).try_call(request).await {
        Ok(response) => response.map(Body::new).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// The site's own 404 page, with status 404, as static hosts serve it.
async fn not_found(site: &Served) -> Response {
    match tokio::fs::read(site.folder.join("404.html")).await {
        Ok(page) => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            page,
        )
            .into_response(),
        Err(_) => (StatusCode::NOT_FOUND, "Not found\n").into_response(),
    }
}

/// What a request path asks for, before the file system is consulted.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    /// A path under the build's folder; `folder` when the URL ends with `/`.
    File {
        relative: PathBuf,
        folder: bool,
    },
    Redirect(String),
    NotFound,
    /// A dot segment, an encoded slash or backslash, a NUL or invalid UTF-8: no honest link
    /// looks like that.
    BadRequest,
}

/// Maps a request path (still percent-encoded) onto the build of a site published at `root`.
fn resolve(path: &str, root: &str) -> Target {
    if root != "/" && (path == "/" || path == root.trim_end_matches('/')) {
        return Target::Redirect(root.to_string());
    }
    let Some(rest) = path.strip_prefix(root) else {
        return Target::NotFound;
    };
    let mut relative = PathBuf::new();
    for segment in rest.split('/') {
        let Ok(decoded) = percent_decode_str(segment).decode_utf8() else {
            return Target::BadRequest;
        };
        if decoded.is_empty() {
            continue;
        }
        let mut parts = Path::new(&*decoded).components();
        let plain = matches!(
            (parts.next(), parts.next()),
            (Some(Component::Normal(_)), None)
        );
        if !plain || decoded.contains(['/', '\\', '\0']) {
            return Target::BadRequest;
        }
        relative.push(&*decoded);
    }
    Target::File {
        relative,
        folder: rest.is_empty() || rest.ends_with('/'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(relative: &str, folder: bool) -> Target {
        Target::File {
            relative: relative.into(),
            folder,
        }
    }

    #[test]
    fn pretty_urls_map_onto_files_and_folders() {
        assert_eq!(resolve("/", "/"), file("", true));
        assert_eq!(resolve("/people/ada/", "/"), file("people/ada", true));
        assert_eq!(resolve("/people/ada", "/"), file("people/ada", false));
        assert_eq!(resolve("/style.css", "/"), file("style.css", false));
        assert_eq!(resolve("/talks/caf%C3%A9/", "/"), file("talks/café", true));
        assert_eq!(resolve("//people//ada/", "/"), file("people/ada", true));
    }

    #[test]
    fn the_site_lives_under_the_path_of_base_url() {
        assert_eq!(resolve("/", "/repo/"), Target::Redirect("/repo/".into()));
        assert_eq!(
            resolve("/repo", "/repo/"),
            Target::Redirect("/repo/".into())
        );
        assert_eq!(resolve("/repo/", "/repo/"), file("", true));
        assert_eq!(
            resolve("/repo/people/ada/", "/repo/"),
            file("people/ada", true)
        );
        assert_eq!(resolve("/people/ada/", "/repo/"), Target::NotFound);
        assert_eq!(resolve("/repository/", "/repo/"), Target::NotFound);
    }

    #[test]
    fn paths_that_climb_out_are_refused() {
        for path in [
            "/../etc/passwd",
            "/people/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/people/..%2f..%2fetc%2fpasswd",
            "/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/..%5c..%5cetc%5cpasswd",
            "/./index.html",
            "/index.html%00.css",
            "/%ff/",
            "/%2fetc%2fpasswd",
        ] {
            assert_eq!(resolve(path, "/"), Target::BadRequest, "{path}");
        }
        assert_eq!(resolve("/repo/../etc/passwd", "/repo/"), Target::BadRequest);
        assert_eq!(resolve("/../repo/x", "/repo/"), Target::NotFound);
    }

    #[test]
    fn redirects_stay_on_this_host() {
        assert_eq!(tidy("//people//ada-lovelace/"), "/people/ada-lovelace/");
        assert_eq!(tidy("/repo///people/"), "/repo/people/");
        for (to, location) in [
            ("/people/", "/people/"),
            ("//people/", "/people/"),
            ("///evil.example/", "/evil.example/"),
            ("/\\evil.example/", "/evil.example/"),
            ("\\/evil.example/", "/evil.example/"),
            ("people/", "/people/"),
        ] {
            let response = redirect(to);
            assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT, "{to}");
            assert_eq!(response.headers()[header::LOCATION], location, "{to}");
        }
    }

    #[test]
    fn only_this_machines_names_and_addresses_are_answered() {
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "localhost",
            "LOCALHOST.",
            "ada.localhost:8080",
            "[::1]:1111",
            "192.168.1.20:1111",
            "0.0.0.0",
        ] {
            assert!(super::local_host(host), "{host}");
        }
        for host in [
            "attacker.example",
            "attacker.example:1111",
            "127.0.0.1.nip.io",
            "localhost.attacker.example",
            "[evil]:1",
            "",
        ] {
            assert!(!super::local_host(host), "{host}");
        }
    }
}
