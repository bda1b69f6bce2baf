//! The HTTP side: the REST login and token check (WIRE.md §4.1), and the upgrade of the
//! CTI channel to a WebSocket (§4.2).

use std::collections::HashMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use cti_proto::session::login::{
    AuthErrorCode, LoginError, LoginRequest, LoginResponse, LOGIN_PATH,
};
use cti_proto::Secret;
use tracing::debug;

use crate::session;
use crate::world::{Count, World};

/// The path of the token check.
pub const CHECK_PATH: &str = "/xuc/api/2.0/auth/check";
/// The path of the CTI WebSocket (`?token=TOKEN`).
pub const CTI_PATH: &str = "/xuc/api/2.0/cti";
/// The legacy token form of the CTI WebSocket (WIRE.md §4.2).
pub const LEGACY_CTI_PATH: &str = "/xuc/ctichannel/tokenAuthentication";

/// The longest WebSocket message read. Frames over cti-proto's limit still come in, to be
/// refused by the decoder (counted, and the connection goes on); past this, the
/// connection ends.
const MAX_MESSAGE: usize = 4 * cti_proto::DEFAULT_MAX_FRAME_LEN;

pub(crate) fn router(world: Arc<World>) -> Router {
    Router::new()
        .route(LOGIN_PATH, post(login))
        .route(CHECK_PATH, get(check))
        .route(CTI_PATH, get(cti))
        .route(LEGACY_CTI_PATH, get(cti))
        .with_state(world)
}

fn json(status: StatusCode, body: String) -> Response {
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
        return refusal(
            StatusCode::BAD_REQUEST,
            AuthErrorCode::InvalidJson,
            "Invalid JSON: an object with `login` and `password` is expected",
        );
    };
    match world.login(&request.login, request.password.expose()) {
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
    upgrade
        .read_buffer_size(4096)
        .max_message_size(MAX_MESSAGE)
        .max_frame_size(MAX_MESSAGE)
        .on_upgrade(move |socket| session::run(socket, world, login, url))
}
