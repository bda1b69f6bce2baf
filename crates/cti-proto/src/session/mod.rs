//! Session: the heartbeat, login outcome and generic errors of the xuc CTI WebSocket
//! ("Login and Authentication" of the User API, and the generic API page), plus the
//! zero-IO login helpers in [`login`].

pub mod login;

use serde::{Deserializer, Serialize, Serializer};

use crate::wire::{FromWire, RawJson};

wire_struct! {
    /// The heartbeat, `{"claz":"ping"}`, sent by cti.js every 5 seconds.
    pub struct Ping skips ["claz"] {
    }
}

impl Ping {
    /// A ping.
    pub fn new() -> Ping {
        Ping::default()
    }
}

/// `LoggedOn`: the user is authenticated and logged in. No payload has been documented and
/// every client ignores it, so any `ctiMessage` (or none) is accepted and kept.
///
/// ```json
/// {"msgType": "LoggedOn"}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct LoggedOn {
    /// The `ctiMessage` as received; `None` when the frame has none.
    pub payload: Option<RawJson>,
}

impl LoggedOn {
    /// A `LoggedOn` without payload.
    pub fn new() -> LoggedOn {
        LoggedOn::default()
    }
}

impl Serialize for LoggedOn {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload.serialize(serializer)
    }
}

impl FromWire for LoggedOn {
    fn from_wire<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        RawJson::from_wire(deserializer).map(|raw| LoggedOn { payload: Some(raw) })
    }

    fn missing() -> Option<Self> {
        Some(LoggedOn { payload: None })
    }

    fn is_absent(&self) -> bool {
        self.payload.is_none()
    }
}

#[cfg(feature = "proptest")]
impl proptest::arbitrary::Arbitrary for LoggedOn {
    type Parameters = ();
    type Strategy = proptest::strategy::BoxedStrategy<Self>;
    fn arbitrary_with(_: ()) -> Self::Strategy {
        use proptest::strategy::Strategy;
        proptest::arbitrary::any::<Option<RawJson>>()
            .prop_map(|payload| LoggedOn { payload })
            .boxed()
    }
}

#[cfg(feature = "arbitrary")]
impl<'a> arbitrary::Arbitrary<'a> for LoggedOn {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<Self> {
        u.arbitrary().map(|payload| LoggedOn { payload })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for LoggedOn {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "LoggedOn".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "The payload of LoggedOn: none has been documented, so any value (or none) is accepted and kept."
        })
    }
}

open_enum! {
    /// Why the CTI session could not be established (`LoggedOnError.Error`).
    pub enum LoggedOnErrorCode: str {
        /// `"loggedOnFailed"`.
        LoggedOnFailed = "loggedOnFailed",
        /// `"loggedOnTimeout"`: not established within the server's delay (10 s by
        /// default).
        LoggedOnTimeout = "loggedOnTimeout",
    }
}

wire_struct! {
    /// `LoggedOnError`: the CTI session failed after the WebSocket connected; the server
    /// closes the socket right after it.
    ///
    /// ```json
    /// {"msgType": "LoggedOnError", "ctiMessage": {"Error": "loggedOnFailed"}}
    /// ```
    pub struct LoggedOnError {
        /// The reason.
        pub error: LoggedOnErrorCode = "Error",
    }
}

wire_struct! {
    /// `Error`: the server answered a request abnormally. No sample is known; the shape is
    /// inferred from the other error objects (`{"Error": "<code>", ...}`), so every field
    /// is optional and the others are kept in `extra`.
    pub struct ErrorMessage {
        /// The error code, when sent.
        pub error: Option<String> = "Error",
    }
}

#[cfg(feature = "proptest")]
crate::wire::arb::gen_via_arbitrary!(LoggedOn);
