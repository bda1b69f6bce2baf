//! Login helpers, zero-IO: the WebSocket URL of the CTI channel, and the bodies of the REST
//! login (`POST /xuc/api/2.0/auth/login`).
//!
//! ```
//! use cti_proto::login::CtiUrl;
//! let url = CtiUrl::token("xuc.example.com:8090", "a b&c").unwrap().secure(true);
//! assert_eq!(url.to_url(), "wss://xuc.example.com:8090/xuc/api/2.0/cti?token=a%20b%26c");
//! assert!(!format!("{url:?}").contains("a b&c"));
//! ```

use cti_proto_derive::Wire;
use smol_str::SmolStr;

use std::fmt;

use serde::Deserialize;

use crate::wire::Extra;
use crate::wire::{Maybe, Secret};

/// The URL of the CTI WebSocket, in one of the forms servers accept.
#[derive(Clone, PartialEq, Eq)]
pub struct CtiUrl {
    server: String,
    secure: bool,
    form: Form,
}

#[derive(Clone, PartialEq, Eq)]
enum Form {
    Token(Secret),
    LegacyToken(Secret),
    LegacyCredentials {
        username: String,
        phone_number: String,
        password: Secret,
    },
}

/// Why a [`CtiUrl`] could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlError {
    reason: &'static str,
}

impl fmt::Display for UrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid server for the CTI URL: {}", self.reason)
    }
}

impl std::error::Error for UrlError {}

fn check_server(server: &str) -> Result<String, UrlError> {
    let reason = if server.is_empty() {
        "it is empty"
    } else if server.contains("://") {
        "give the host (and port) only, without a scheme"
    } else if server.chars().any(|c| c.is_whitespace() || c.is_control()) {
        "it contains white space or a control character"
    } else if server.contains(['/', '?', '#', '@', '\\']) {
        "give the host (and port) only, without a path, query or user"
    } else {
        return Ok(server.to_owned());
    };
    Err(UrlError { reason })
}

impl CtiUrl {
    /// The current form: `ws://SERVER/xuc/api/2.0/cti?token=TOKEN`. `server` is a host with
    /// an optional port, e.g. `xuc.example.com:8090`.
    pub fn token(server: &str, token: &str) -> Result<CtiUrl, UrlError> {
        Ok(CtiUrl {
            server: check_server(server)?,
            secure: false,
            form: Form::Token(Secret::new(token)),
        })
    }

    /// The legacy token form: `ws://SERVER/xuc/ctichannel/tokenAuthentication?token=TOKEN`.
    pub fn legacy_token(server: &str, token: &str) -> Result<CtiUrl, UrlError> {
        Ok(CtiUrl {
            server: check_server(server)?,
            secure: false,
            form: Form::LegacyToken(Secret::new(token)),
        })
    }

    /// The legacy credentials form:
    /// `ws://SERVER/xuc/ctichannel?username=U&agentNumber=PHONE&password=P`. (Old clients
    /// and docs wrote `&amp;` here, an HTML-escaping mistake; this writes `&`.)
    pub fn legacy_credentials(
        server: &str,
        username: &str,
        phone_number: &str,
        password: &str,
    ) -> Result<CtiUrl, UrlError> {
        Ok(CtiUrl {
            server: check_server(server)?,
            secure: false,
            form: Form::LegacyCredentials {
                username: username.to_owned(),
                phone_number: phone_number.to_owned(),
                password: Secret::new(password),
            },
        })
    }

    /// `wss://` (TLS) instead of `ws://`.
    pub fn secure(mut self, secure: bool) -> CtiUrl {
        self.secure = secure;
        self
    }

    /// The URL, with every inserted value percent-encoded. It holds the token or password:
    /// do not log it.
    pub fn to_url(&self) -> String {
        let scheme = if self.secure { "wss" } else { "ws" };
        let mut url = format!("{scheme}://{}", self.server);
        match &self.form {
            Form::Token(token) => {
                url.push_str("/xuc/api/2.0/cti?token=");
                percent_encode(&mut url, token.expose());
            }
            Form::LegacyToken(token) => {
                url.push_str("/xuc/ctichannel/tokenAuthentication?token=");
                percent_encode(&mut url, token.expose());
            }
            Form::LegacyCredentials {
                username,
                phone_number,
                password,
            } => {
                url.push_str("/xuc/ctichannel?username=");
                percent_encode(&mut url, username);
                url.push_str("&agentNumber=");
                percent_encode(&mut url, phone_number);
                url.push_str("&password=");
                percent_encode(&mut url, password.expose());
            }
        }
        url
    }
}

impl fmt::Debug for CtiUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let form = match &self.form {
            Form::Token(_) => "token",
            Form::LegacyToken(_) => "legacy token",
            Form::LegacyCredentials { .. } => "legacy credentials",
        };
        f.debug_struct("CtiUrl")
            .field("server", &self.server)
            .field("secure", &self.secure)
            .field("form", &form)
            .finish_non_exhaustive()
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xF)] as char);
        }
    }
}

/// The path of the REST login, on the xuc server (port 8090 by default).
pub const LOGIN_PATH: &str = "/xuc/api/2.0/auth/login";

/// Body of `POST /xuc/api/2.0/auth/login`:
/// `{"login": "<login>", "password": "<password>"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct LoginRequest {
    /// User login.
    pub login: SmolStr,
    /// Password (never shown by `Debug`).
    pub password: Secret,
    /// Optional client software type (values not documented).
    pub software_type: Maybe<SmolStr>,
    /// Optional application type (values not documented).
    pub application_type: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

impl LoginRequest {
    /// A request with login and password only.
    pub fn new(login: impl Into<SmolStr>, password: impl Into<String>) -> LoginRequest {
        LoginRequest {
            login: login.into(),
            password: Secret::new(password),
            ..LoginRequest::default()
        }
    }
}

/// Successful answer of the REST login: `{"login": ..., "token": ..., "TTL": ...}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct LoginResponse {
    /// User login.
    pub login: SmolStr,
    /// The token for `CtiUrl::token` (never shown by `Debug`).
    pub token: Secret,
    /// Token lifetime, in seconds (inferred; the doc's sample is not valid JSON).
    #[wire(key = "TTL")]
    pub ttl: Maybe<i64>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

open_enum! {
    /// Error codes of the REST authentication endpoints.
    pub enum AuthErrorCode: str {
        /// `"InvalidCredentials"`: invalid username or password.
        InvalidCredentials = "InvalidCredentials",
        /// `"InvalidJson"`.
        InvalidJson = "InvalidJson",
        /// `"UnhandledError"`.
        UnhandledError = "UnhandledError",
        /// `"UserNotFound"` (SSO).
        UserNotFound = "UserNotFound",
        /// `"SsoAuthenticationFailed"` (SSO).
        SsoAuthenticationFailed = "SsoAuthenticationFailed",
        /// `"CasServerInvalidTicket"` (CAS).
        CasServerInvalidTicket = "CasServerInvalidTicket",
    }
}

/// Error answer of the REST authentication endpoints: `{"error": ..., "message": ...}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Wire)]
#[non_exhaustive]
pub struct LoginError {
    /// Error code.
    pub error: AuthErrorCode,
    /// Sentence for people.
    pub message: Maybe<SmolStr>,
    /// Fields of the object that this message does not define, kept as received.
    pub extra: Extra,
}

/// What the REST login answered.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginAnswer {
    /// Logged in.
    Token(LoginResponse),
    /// Refused.
    Error(LoginError),
}

/// Why a REST login answer could not be read. Its text never contains the token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginAnswerError {
    message: String,
}

impl fmt::Display for LoginAnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid login answer: {}", self.message)
    }
}

impl std::error::Error for LoginAnswerError {}

impl LoginAnswer {
    /// Reads the body of a REST login answer: an object with `token` is a success, one
    /// with `error` a refusal.
    ///
    /// ```
    /// use cti_proto::login::{AuthErrorCode, LoginAnswer};
    /// let ok = LoginAnswer::from_json(r#"{"login":"jbond","token":"xyz","TTL":3600}"#).unwrap();
    /// let LoginAnswer::Token(response) = ok else { panic!() };
    /// assert_eq!(response.token.expose(), "xyz");
    /// let refused = LoginAnswer::from_json(
    ///     r#"{"error":"InvalidCredentials","message":"Invalid username or password"}"#,
    /// ).unwrap();
    /// assert!(matches!(refused, LoginAnswer::Error(e) if e.error == AuthErrorCode::InvalidCredentials));
    /// ```
    pub fn from_json(body: &str) -> Result<LoginAnswer, LoginAnswerError> {
        #[derive(Deserialize)]
        struct Keys {
            token: Option<serde::de::IgnoredAny>,
            error: Option<serde::de::IgnoredAny>,
        }
        let error = |e: serde_json::Error| LoginAnswerError {
            message: e.to_string(),
        };
        let keys: Keys = serde_json::from_str(body).map_err(error)?;
        match (keys.token, keys.error) {
            (Some(_), _) => serde_json::from_str(body)
                .map(LoginAnswer::Token)
                .map_err(error),
            (None, Some(_)) => serde_json::from_str(body)
                .map(LoginAnswer::Error)
                .map_err(error),
            (None, None) => Err(LoginAnswerError {
                message: "neither `token` nor `error` is present".to_owned(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_forms_encode_every_inserted_value() {
        let url = CtiUrl::legacy_credentials("pbx:8090", "j bond", "10/01", "p&ss=1").unwrap();
        assert_eq!(
            url.to_url(),
            "ws://pbx:8090/xuc/ctichannel?username=j%20bond&agentNumber=10%2F01&password=p%26ss%3D1"
        );
        let url = CtiUrl::legacy_token("pbx", "tök").unwrap().secure(true);
        assert_eq!(
            url.to_url(),
            "wss://pbx/xuc/ctichannel/tokenAuthentication?token=t%C3%B6k"
        );
    }

    #[test]
    fn servers_with_more_than_a_host_are_refused() {
        for bad in [
            "", "ws://pbx", "pbx/xuc", "pbx?x", "user@pbx", "p bx", "pbx#",
        ] {
            assert!(CtiUrl::token(bad, "t").is_err(), "{bad:?} accepted");
        }
        assert!(CtiUrl::token("[::1]:8090", "t").is_ok());
    }

    #[test]
    fn secrets_never_show() {
        let url = CtiUrl::legacy_credentials("pbx", "jbond", "1000", "hunter2").unwrap();
        assert!(!format!("{url:?}").contains("hunter2"));
        let request = LoginRequest::new("jbond", "hunter2");
        assert!(!format!("{request:?}").contains("hunter2"));
        assert_eq!(
            serde_json::to_string(&request).unwrap(),
            r#"{"login":"jbond","password":"hunter2"}"#
        );
        // A malformed answer whose token is not a string: the error does not echo it.
        let error = LoginAnswer::from_json(r#"{"login":"j","token":987654321}"#).unwrap_err();
        assert!(!error.to_string().contains("987654321"), "{error}");
        let error = LoginAnswer::from_json(r#"{"login":"j","token":["hunter2"]}"#).unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
        let ok = LoginAnswer::from_json(r#"{"login":"j","token":"hunter2","TTL":10}"#).unwrap();
        assert!(!format!("{ok:?}").contains("hunter2"));
    }

    #[test]
    fn answers_without_token_or_error_are_refused() {
        assert!(LoginAnswer::from_json(r#"{"login":"j"}"#).is_err());
        assert!(LoginAnswer::from_json("[]").is_err());
        assert!(LoginAnswer::from_json(r#"{"error":"Weird"}"#).is_ok());
    }
}
