//! The HTTP side: the REST login and token check (WIRE.md §4.1), and the upgrade of the
//! CTI channel to a WebSocket (§4.2).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use cti_proto::login::{AuthErrorCode, LoginError, LoginRequest, LoginResponse, LOGIN_PATH};
use cti_proto::Secret;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::{timeout_at, Duration, Instant};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tracing::{debug, warn};

use crate::connection;
use crate::observe::Seen;
use crate::world::{stopping, Count, HttpOpen, World};

/// The path of the token check.
pub const CHECK_PATH: &str = "/xuc/api/2.0/auth/check";
/// The path of the CTI WebSocket (`?token=TOKEN`).
pub const CTI_PATH: &str = "/xuc/api/2.0/cti";
/// The legacy token form of the CTI WebSocket (WIRE.md §4.2).
pub const LEGACY_CTI_PATH: &str = "/xuc/ctichannel/tokenAuthentication";

/// The routes, with their bounds ([`Limits`](crate::Limits)) and, for the REST ones
/// (and `more`, the control routes when they are on), CORS for `origins` (`*`: any; none:
/// no CORS).
pub(crate) fn router(
    world: Arc<World>,
    origins: &[String],
    more: Option<Router<Arc<World>>>,
) -> Result<Router, crate::Error> {
    let limits = &world.limits;
    let mut rest = Router::new()
        .route(LOGIN_PATH, post(login))
        .route(CHECK_PATH, get(check));
    if let Some(more) = more {
        rest = rest.merge(more);
    }
    if !origins.is_empty() {
        rest = rest.layer(cors(origins)?);
    }
    Ok(rest
        .route(CTI_PATH, get(cti))
        .route(LEGACY_CTI_PATH, get(cti))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(RequestBodyLimitLayer::new(limits.max_body))
        .with_state(world))
}

/// CORS for pages of `origins`: the two REST routes' methods, with `Content-Type` and
/// `Authorization` (the check's bearer token).
fn cors(origins: &[String]) -> Result<CorsLayer, crate::Error> {
    let allowed = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        let list = origins
            .iter()
            .map(|origin| {
                HeaderValue::from_str(origin).map_err(|_| crate::Error::Origin(origin.clone()))
            })
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(list)
    };
    Ok(CorsLayer::new()
        .allow_origin(allowed)
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]))
}

/// Accepts connections until the shutdown, each served by hyper with
/// [`Limits::header_read_timeout`](crate::Limits::header_read_timeout), at most
/// [`Limits::max_connections`](crate::Limits::max_connections) at once; then closes them
/// gracefully, and drops what is left after
/// [`Limits::shutdown_grace`](crate::Limits::shutdown_grace).
pub(crate) async fn serve(listener: TcpListener, router: Router, world: Arc<World>) {
    let mut shutdown = world.shutdown.clone();
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            // A dropped sender is a stop too.
            () = stopping(&mut shutdown) => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => match world.connection() {
                    Some(open) => {
                        connections.spawn(connection(stream, router.clone(), world.clone(), open));
                    }
                    None => {
                        world.count(Count::RefusedConnection);
                        debug!("connection refused: {} open", world.limits.max_connections);
                        drop(stream);
                    }
                },
                Err(e) => {
                    // Out of file descriptors, most often: a pause instead of a busy loop.
                    warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    let deadline = Instant::now() + world.limits.shutdown_grace;
    let _ = timeout_at(deadline, async {
        while connections.join_next().await.is_some() {}
        world.idle().await;
    })
    .await;
    connections.abort_all();
    world.drop_all();
    // The sessions dropped end at once, recording what they had.
    let _ = tokio::time::timeout(Duration::from_secs(1), world.idle()).await;
}

/// One HTTP connection, upgraded to a WebSocket or not.
async fn connection(stream: TcpStream, router: Router, world: Arc<World>, _open: HttpOpen) {
    let mut shutdown = world.shutdown.clone();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(world.limits.header_read_timeout)
        // hyper reads the header into a buffer that grows to this, 400 KB by default.
        .max_buf_size(world.limits.max_header.max(8192));
    let served = http
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(router))
        .with_upgrades();
    let mut served = std::pin::pin!(served);
    tokio::select! {
        _ = served.as_mut() => return,
        () = stopping(&mut shutdown) => {}
    }
    // The request under way is answered; the connection is not kept alive.
    served.as_mut().graceful_shutdown();
    let _ = served.await;
}

pub(crate) fn json(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// `{"error": ..., "message": ...}`. WIRE.md §4.1 names the codes but no HTTP status;
/// these are this server's: 400 for `InvalidJson`, 401 for `InvalidCredentials`.
fn refusal(status: StatusCode, code: AuthErrorCode, message: &str) -> Response {
    let mut error = LoginError::default();
    error.error = code;
    error.message = cti_proto::SmolStr::from(message).into();
    json(status, serde_json::to_string(&error).unwrap_or_default())
}

fn credentials(login: &str, token: &str, ttl: u64) -> Response {
    let mut response = LoginResponse::default();
    response.login = login.into();
    response.token = Secret::new(token);
    response.ttl = i64::try_from(ttl).unwrap_or(i64::MAX).into();
    json(
        StatusCode::OK,
        serde_json::to_string(&response).unwrap_or_default(),
    )
}

/// `POST /xuc/api/2.0/auth/login` with `{"login","password"}`: `{"login","token","TTL"}`.
async fn login(State(world): State<Arc<World>>, body: Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<LoginRequest>(&body) else {
        world.observers.tell(|| Seen::Login {
            login: None,
            accepted: false,
        });
        return refusal(
            StatusCode::BAD_REQUEST,
            AuthErrorCode::InvalidJson,
            "Invalid JSON: an object with `login` and `password` is expected",
        );
    };
    let token = world.login(&request.login, request.password.expose());
    world.observers.tell(|| Seen::Login {
        login: Some(request.login.to_string()),
        accepted: token.is_some(),
    });
    match token {
        Some(token) => {
            debug!(login = %request.login, "REST login");
            credentials(&request.login, &token, world.scenario.token_ttl)
        }
        None => {
            world.count(Count::RefusedLogin);
            debug!(login = %request.login, "REST login refused");
            refusal(
                StatusCode::UNAUTHORIZED,
                AuthErrorCode::InvalidCredentials,
                "Invalid username or password",
            )
        }
    }
}

/// `GET /xuc/api/2.0/auth/check` with `Authorization: Bearer TOKEN`: the credentials again
/// (the same token, the seconds it has left). No failure is documented: this answers
/// 401 `InvalidCredentials`.
async fn check(State(world): State<Arc<World>>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim);
    match token.and_then(|token| Some((token, world.check_token(token)?))) {
        Some((token, (login, left))) => credentials(&login, token, left),
        None => refusal(
            StatusCode::UNAUTHORIZED,
            AuthErrorCode::InvalidCredentials,
            "Invalid or expired token",
        ),
    }
}

/// `GET /xuc/api/2.0/cti?token=TOKEN`, upgraded to the CTI WebSocket. A bad token still
/// gets its WebSocket, then `LoggedOnError` and a close (generic API, `LoggedOnError`).
async fn cti(
    State(world): State<Arc<World>>,
    Query(query): Query<HashMap<String, String>>,
    uri: Uri,
    upgrade: WebSocketUpgrade,
) -> Response {
    let login = query
        .get("token")
        .and_then(|token| world.check_token(token))
        .map(|(login, _)| login);
    // The URL kept in a record leaves the query (the token) out.
    let url = format!("ws://{}{}", world.addr, uri.path());
    // A small read buffer: tungstenite's default (128 KiB, zero-filled before each read)
    // would be most of an idle connection's memory; frames here are a few hundred bytes,
    // and a larger one is read in several goes (benches/RESULTS.md, the load run).
    let limits = &world.limits;
    upgrade
        .read_buffer_size(4096)
        .max_message_size(limits.max_message)
        .max_frame_size(limits.max_message)
        // Each frame is written at once (axum flushes after each send anyway), so that
        // any bound above 0 is one tungstenite takes (it wants more than this).
        .write_buffer_size(0)
        .max_write_buffer_size(limits.max_write_buffer.max(1))
        .on_upgrade(move |socket| connection::run(socket, world, login, url))
}
