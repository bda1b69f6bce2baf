//! Callback: callback requests of call centres, from the companion library `callback.js`
//! (same socket and command factory as cti.js; `Callback.*`). No sample of its events is known;
//! their shapes come from what the web client reads (CLIENTS.md §2).
//!
//! # Messages
//!
//! Every message of this area. Each has one wire example, on its type's page, or here
//! when its type has none (a test decodes each and encodes it back unchanged); where no
//! sample of a payload is known, the example is made up.
//!
//! - [`GetCallbackLists`]: command `getCallbackLists`
//! - [`FindCallbackRequest`]: command `findCallbackRequest`
//! - [`GetCallbackPreferredPeriods`]: command `getCallbackPreferredPeriods`
//! - [`TakeCallback`]: command `takeCallback`
//! - [`ReleaseCallback`]: command `releaseCallback`
//! - [`StartCallback`]: command `startCallback`
//! - [`ListenCallbackMessage`]: command `listenCallbackMessage`
//! - [`UpdateCallbackTicket`]: command `updateCallbackTicket`
//! - [`CallbackLists`]: event `CallbackLists`
//! - [`FindCallbackResponseWithId`]: event `FindCallbackResponseWithId`
//! - [`CallbackTaken`]: event `CallbackTaken`
//! - [`CallbackReleased`]: event `CallbackReleased`
//! - [`CallbackStarted`]: event `CallbackStarted`
//!
//!   ```json
//!   {"msgType":"CallbackStarted","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","userId":12}}
//!   ```
//! - [`CallbackClotured`]: event `CallbackClotured`
//! - [`PreferredCallbackPeriodList`]: event `PreferredCallbackPeriodList`
//!
//!   ```json
//!   {"msgType":"PreferredCallbackPeriodList","ctiMessage":[{"uuid":"7f9c1d2e-0000-4000-8000-000000000001","name":"Morning","periodStart":"08:00:00","periodEnd":"12:00:00","default":true}]}
//!   ```
//! - [`CallbackRequestUpdated`]: event `CallbackRequestUpdated`

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use crate::wire::{Extra, RawJson};
use crate::wire::{Maybe, NumberOrText};

/// `getCallbackLists`: the callback lists, answered by `CallbackLists`.
///
/// ```json
/// {"claz":"web","command":"getCallbackLists"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getCallbackLists", new)]
pub struct GetCallbackLists {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// The `request` of `findCallbackRequest`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(new)]
pub struct FindCallbackRequestQuery {
    /// Search filters (shape not documented; kept as given).
    pub filters: Maybe<RawJson>,
    /// How many to skip.
    pub offset: Maybe<i64>,
    /// How many at most.
    pub limit: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `findCallbackRequest`: search callback requests, answered by
/// `FindCallbackResponseWithId` with the same `id`.
///
/// ```json
/// {"claz":"web","command":"findCallbackRequest","id":1,"request":{"filters":[],"offset":0,"limit":20}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "findCallbackRequest", new)]
pub struct FindCallbackRequest {
    /// Correlation id chosen by the caller.
    #[wire(new)]
    pub id: NumberOrText,
    /// The search.
    #[wire(new)]
    pub request: FindCallbackRequestQuery,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `getCallbackPreferredPeriods`: the preferred periods, answered by
/// `PreferredCallbackPeriodList`.
///
/// ```json
/// {"claz":"web","command":"getCallbackPreferredPeriods"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "getCallbackPreferredPeriods", new)]
pub struct GetCallbackPreferredPeriods {
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `takeCallback`: take a callback request (`CallbackTaken`).
///
/// ```json
/// {"claz":"web","command":"takeCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "takeCallback", new)]
pub struct TakeCallback {
    /// The callback request.
    #[wire(new)]
    pub uuid: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `releaseCallback`: give a taken callback request back (`CallbackReleased`).
///
/// ```json
/// {"claz":"web","command":"releaseCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "releaseCallback", new)]
pub struct ReleaseCallback {
    /// The callback request.
    #[wire(new)]
    pub uuid: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `startCallback`: call the number of a callback request (`CallbackStarted`).
///
/// ```json
/// {"claz":"web","command":"startCallback","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","number":"0612345678"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "startCallback", new)]
pub struct StartCallback {
    /// The callback request.
    #[wire(new)]
    pub uuid: SmolStr,
    /// The number to call.
    #[wire(new)]
    pub number: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `listenCallbackMessage`: play the voice message of a callback request.
///
/// ```json
/// {"claz":"web","command":"listenCallbackMessage","voiceMessageRef":"1469709960.78"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "listenCallbackMessage", new)]
pub struct ListenCallbackMessage {
    /// The voice message.
    #[wire(new)]
    pub voice_message_ref: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `updateCallbackTicket`: close or reschedule a callback request. cti.js sends `dueDate`
/// and `periodUuid` only when both are given, and leaves `comment` out when its caller
/// gave none (CLIENTS.md §4, callback.js:100-110): each of the three may be missing, in
/// strict mode too. Nothing says what a server does with only one of `dueDate` and
/// `periodUuid`, so neither mode checks that they come together.
///
/// ```json
/// {"claz":"web","command":"updateCallbackTicket","uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","status":"Callback","comment":"call again","dueDate":"2024-01-02","periodUuid":"7f9c1d2e-0000-4000-8000-000000000001"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(command = "updateCallbackTicket", new)]
pub struct UpdateCallbackTicket {
    /// The callback request.
    #[wire(new)]
    pub uuid: SmolStr,
    /// The outcome.
    #[wire(new)]
    pub status: CallbackStatus,
    /// A comment.
    pub comment: Maybe<SmolStr>,
    /// New due date.
    pub due_date: Maybe<SmolStr>,
    /// New preferred period.
    pub period_uuid: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

open_enum! {
    /// `updateCallbackTicket.status`: the outcome of a callback, as the web client sends it
    /// (CLIENTS.md §3, XucCallback:269-275).
    pub enum CallbackStatus: str {
        /// `"NoAnswer"`.
        NoAnswer = "NoAnswer",
        /// `"Answered"`.
        Answered = "Answered",
        /// `"Email"`.
        Email = "Email",
        /// `"Fax"`.
        Fax = "Fax",
        /// `"Callback"`: to call again.
        Callback = "Callback",
    }
}

/// The preferred period of a callback request: times of day (`"08:00:00"`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct PreferredPeriod {
    /// Start of the period.
    pub period_start: Maybe<SmolStr>,
    /// End of the period.
    pub period_end: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A callback request, in `CallbackLists`, `FindCallbackResponseWithId` and
/// `CallbackRequestUpdated` (CLIENTS.md §2, XucCallback:136-143, 260-267). The web
/// client reads `preferredPeriod` with no guard, so it is required; `agentId` is absent
/// or `null` when nobody has taken the request.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct CallbackRequest {
    /// The request.
    pub uuid: SmolStr,
    /// Its list (in find responses).
    pub list_uuid: Maybe<SmolStr>,
    /// The agent who took it.
    pub agent_id: Maybe<i64>,
    /// When to call, `"YYYY-MM-DD"`.
    pub due_date: Maybe<SmolStr>,
    /// When in the day to call.
    pub preferred_period: PreferredPeriod,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// The `response` of `FindCallbackResponseWithId`: the requests found. The web client
/// hands the whole object to its caller; fields other than `list` are kept.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct FindCallbackResponse {
    /// The requests.
    pub list: Vec<CallbackRequest>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `FindCallbackResponseWithId`: answer to `findCallbackRequest`, with its `id`; answers
/// with an `id` nobody asked for are ignored by the web client (CLIENTS.md §2,
/// XucCallback:46-60).
///
/// ```json
/// {"msgType":"FindCallbackResponseWithId","ctiMessage":{"id":1,"response":{"list":[{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","listUuid":"5d1c0e6a-1111-4000-8000-000000000002","agentId":null,"dueDate":"2024-01-02","preferredPeriod":{"periodStart":"08:00:00","periodEnd":"12:00:00"}}]}}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "FindCallbackResponseWithId")]
pub struct FindCallbackResponseWithId {
    /// The `id` of the request.
    pub id: Maybe<NumberOrText>,
    /// What was found.
    pub response: Maybe<FindCallbackResponse>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// A callback list of `CallbackLists`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct CallbackList {
    /// The list.
    pub uuid: SmolStr,
    /// Its name.
    pub name: Maybe<SmolStr>,
    /// Its queue (`QueueConfig.id`).
    pub queue_id: Maybe<i64>,
    /// Its requests.
    pub callbacks: Vec<CallbackRequest>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

wire_list! {
    /// `CallbackLists`: the callback lists, answer to `getCallbackLists`: an array
    /// (CLIENTS.md §2, XucCallback:34-44, 62-68, 122-134).
    ///
    /// ```json
    /// {"msgType":"CallbackLists","ctiMessage":[{"uuid":"5d1c0e6a-1111-4000-8000-000000000002","name":"Support","queueId":3,"callbacks":[]}]}
    /// ```
    #[wire(event = "CallbackLists")]
    pub struct CallbackLists(pub Vec<CallbackList>);
}

/// `CallbackTaken`: an agent took a callback request (XucCallback:97-111).
///
/// ```json
/// {"msgType":"CallbackTaken","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","agentId":7}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "CallbackTaken")]
pub struct CallbackTaken {
    /// The request.
    pub uuid: SmolStr,
    /// The agent.
    pub agent_id: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// `CallbackReleased`: a callback request was given back (XucCallback:113-120).
///
/// ```json
/// {"msgType":"CallbackReleased","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "CallbackReleased")]
pub struct CallbackReleased {
    /// The request.
    pub uuid: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `CallbackStarted`: a callback call started.
    /// No sample is known, so the payload is kept as it came.
    #[wire(event = "CallbackStarted")]
    pub struct CallbackStarted;
}

/// `CallbackClotured` (sic): a callback request was closed (XucCallback:213-216).
///
/// ```json
/// {"msgType":"CallbackClotured","ctiMessage":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e"}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "CallbackClotured")]
pub struct CallbackClotured {
    /// The request.
    pub uuid: SmolStr,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

raw_payload! {
    /// `PreferredCallbackPeriodList`: answer to `getCallbackPreferredPeriods`.
    /// No sample is known, so the payload is kept as it came.
    #[wire(event = "PreferredCallbackPeriodList")]
    pub struct PreferredCallbackPeriodList;
}

/// `CallbackRequestUpdated`: a callback request changed; the web client merges the
/// whole request into the one it has (XucCallback:218-235).
///
/// ```json
/// {"msgType":"CallbackRequestUpdated","ctiMessage":{"request":{"uuid":"0b5e2a4c-2d2f-4a7e-9c1e-3f8a1b2c3d4e","listUuid":"5d1c0e6a-1111-4000-8000-000000000002","agentId":null,"dueDate":"2024-01-02","preferredPeriod":{"periodStart":"08:00:00","periodEnd":"12:00:00"}}}}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
#[wire(event = "CallbackRequestUpdated")]
pub struct CallbackRequestUpdated {
    /// The request as it is now.
    pub request: CallbackRequest,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}
