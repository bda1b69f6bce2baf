//! The control API: routes under `/_cti/` that make the server act as if something
//! happened on its side (a call comes in, an agent's state or a queue's statistics
//! change, any event), for tests in any language. Served only with
//! [`Config::control`](crate::Config::control); absent (`404`) otherwise. No xuc route
//! starts with `/_cti/`.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use cti_proto::agent::AgentState;
use cti_proto::phone::PhoneEventType;
use cti_proto::{Event, SmolStr};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use crate::http::json;
use crate::messages::{self, CallInfo};
use crate::scenario::{check_event, User};
use crate::world::World;

/// The prefix of every control route.
pub const CONTROL_PREFIX: &str = "/_cti/";
/// `POST {"login", "caller", "callerName"?}`: an incoming call.
pub const RING_PATH: &str = "/_cti/ring";
/// `POST {"login", "state", "cause"?}`: the user's agent changes state.
pub const AGENT_PATH: &str = "/_cti/agent";
/// `POST {"login"?, "queueId", "counters"}` (`QueueStatistics`'s fields): a queue's
/// statistics change.
pub const QUEUE_PATH: &str = "/_cti/queue";
/// `POST {"login", "event"}`: any event frame.
pub const PUSH_PATH: &str = "/_cti/push";

/// The control routes (their bounds are the router's: body size, request timeout).
pub(crate) fn routes() -> Router<Arc<World>> {
    Router::new()
        .route(RING_PATH, post(ring_route))
        .route(AGENT_PATH, post(agent_route))
        .route(QUEUE_PATH, post(queue_route))
        .route(PUSH_PATH, post(push_route))
}

/// An incoming call from `caller` (named `caller_name`, if given) to the user `login`:
/// `PhoneEvent` `EventRinging` on each of the user's connections, which `answer` can then
/// pick up. The connections reached and the call's `uniqueId`; `None` for a user not in
/// the scenario.
pub(crate) fn ring(
    world: &World,
    login: &str,
    caller: &str,
    caller_name: Option<&str>,
) -> Option<(usize, SmolStr)> {
    let user = find_user(world, login)?;
    let unique_id = SmolStr::from(world.unique_id());
    let call = CallInfo {
        dn: user.phone_number.as_str().into(),
        other_dn: caller.into(),
        other_name: caller_name.map(SmolStr::from),
        linked_id: unique_id.clone(),
        unique_id: unique_id.clone(),
    };
    let event = messages::phone_event(PhoneEventType::EventRinging, &call);
    Some((world.push(login, &event), unique_id))
}

fn find_user<'a>(world: &'a World, login: &str) -> Option<&'a User> {
    world.scenario.users.iter().find(|u| u.login == login)
}

/// A refusal: `{"error": CODE, "message": TEXT}`.
fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    json(
        status,
        json!({ "error": code, "message": message }).to_string(),
    )
}

/// `404` `UnknownUser`: a login not in the scenario never has a connection, unlike a
/// known user not connected yet (`{"sessions": 0}`), which a test may wait for.
fn unknown_user(login: &str) -> Response {
    refusal(
        StatusCode::NOT_FOUND,
        "UnknownUser",
        &format!("no user {login:?} in the scenario"),
    )
}

fn sessions(count: usize) -> Response {
    json(StatusCode::OK, json!({ "sessions": count }).to_string())
}

/// The body as `T`, or `400` `InvalidJson` saying why.
#[allow(clippy::result_large_err)]
fn body<T: DeserializeOwned>(body: &Bytes) -> Result<T, Response> {
    serde_json::from_slice(body).map_err(|e| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidJson",
            &format!("invalid request body: {e}"),
        )
    })
}

/// An event frame decoded as the server checks what it sends
/// ([`check_event`]), or `400` `InvalidEvent` with the decoder's words: the JSON pointer
/// of the bad field in the frame, `what` says which frame.
#[allow(clippy::result_large_err)]
fn event(what: &str, frame: &str) -> Result<Event, Response> {
    check_event(frame).map_err(|why| {
        refusal(
            StatusCode::BAD_REQUEST,
            "InvalidEvent",
            &format!("invalid {what}: {why}"),
        )
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Ring {
    login: String,
    caller: String,
    caller_name: Option<String>,
}

/// `POST /_cti/ring`: `{"sessions": N, "uniqueId": ID}`.
async fn ring_route(State(world): State<Arc<World>>, bytes: Bytes) -> Response {
    let request: Ring = match body(&bytes) {
        Ok(request) => request,
        Err(refused) => return refused,
    };
    match ring(
        &world,
        &request.login,
        &request.caller,
        request.caller_name.as_deref(),
    ) {
        Some((count, unique_id)) => json(
            StatusCode::OK,
            json!({ "sessions": count, "uniqueId": unique_id.as_str() }).to_string(),
        ),
        None => unknown_user(&request.login),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Agent {
    login: String,
    state: String,
    cause: Option<String>,
}

/// `POST /_cti/agent`: an `AgentStateEvent` of the user's agent (`agentId`, `phoneNb` and
/// `queues` from the scenario, `since` 0) on each of the user's connections.
async fn agent_route(State(world): State<Arc<World>>, bytes: Bytes) -> Response {
    let request: Agent = match body(&bytes) {
        Ok(request) => request,
        Err(refused) => return refused,
    };
    let Some(user) = find_user(&world, &request.login) else {
        return unknown_user(&request.login);
    };
    let Some(agent_id) = user.agent_id else {
        return refusal(
            StatusCode::BAD_REQUEST,
            "NoAgent",
            &format!("user {:?} has no agentId in the scenario", user.login),
        );
    };
    let state = AgentState::from(request.state.as_str());
    if !state.is_known() {
        return refusal(
            StatusCode::BAD_REQUEST,
            "InvalidEvent",
            &format!(
                "invalid event: state: unknown AgentState {:?}",
                request.state
            ),
        );
    }
    let event = messages::agent_state(
        state,
        agent_id,
        &user.phone_number,
        0,
        &user.agent_queues,
        request.cause.as_deref(),
    );
    sessions(world.push(&request.login, &event))
}

/// `POST /_cti/queue`: the body less `login` is a `QueueStatistics` (`queueId` or
/// `queueRef`, `counters` `[{"statName", "value"}]`), decoded strictly and sent to the
/// user `login`'s connections, or to every connection without `login`.
async fn queue_route(State(world): State<Arc<World>>, bytes: Bytes) -> Response {
    let mut fields: Map<String, Value> = match body(&bytes) {
        Ok(fields) => fields,
        Err(refused) => return refused,
    };
    let login = match fields.remove("login") {
        None => None,
        Some(Value::String(login)) => Some(login),
        Some(_) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                "InvalidJson",
                "invalid request body: login: a string is expected",
            )
        }
    };
    if let Some(login) = &login {
        if find_user(&world, login).is_none() {
            return unknown_user(login);
        }
    }
    let frame = json!({ "msgType": "QueueStatistics", "ctiMessage": fields }).to_string();
    let what = r#"event {"msgType":"QueueStatistics","ctiMessage":BODY}"#;
    let event = match event(what, &frame) {
        Ok(event) => event,
        Err(refused) => return refused,
    };
    let count = match &login {
        Some(login) => world.push(login, &event),
        None => world
            .scenario
            .users
            .iter()
            .map(|user| world.push(&user.login, &event))
            .sum(),
    };
    sessions(count)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Push {
    login: String,
    event: Box<RawValue>,
}

/// `POST /_cti/push`: `event`, a whole frame (`{"msgType", "ctiMessage"}`), decoded
/// strictly (deprecated kinds allowed) and sent to the user's connections.
async fn push_route(State(world): State<Arc<World>>, bytes: Bytes) -> Response {
    let request: Push = match body(&bytes) {
        Ok(request) => request,
        Err(refused) => return refused,
    };
    if find_user(&world, &request.login).is_none() {
        return unknown_user(&request.login);
    }
    match event("event", request.event.get()) {
        Ok(event) => sessions(world.push(&request.login, &event)),
        Err(refused) => refused,
    }
}
