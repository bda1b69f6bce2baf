//! Which way a frame goes, with the words captures use for it, and decoding a frame of
//! either direction.

use std::fmt;

use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::{encode_command, encode_event, Command, DecodeError, Decoded, Decoder, Event};

/// Which way a frame goes: a server event or a client command.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// Server to client: an [`Event`].
    ServerToClient,
    /// Client to server: a [`Command`].
    ClientToServer,
}

impl Direction {
    /// The word of a JSON Lines capture and of `cti decode`: `client` or `server` (the
    /// sender).
    pub fn jsonl(self) -> &'static str {
        match self {
            Direction::ClientToServer => "client",
            Direction::ServerToClient => "server",
        }
    }

    /// Reads a JSON Lines word (see [`Direction::jsonl`]).
    pub fn from_jsonl(word: &str) -> Option<Direction> {
        [Direction::ClientToServer, Direction::ServerToClient]
            .into_iter()
            .find(|direction| direction.jsonl() == word)
    }

    /// The `type` of a HAR `_webSocketMessages` entry: `send` or `receive` (as the
    /// browser, the client, sees it).
    pub fn har(self) -> &'static str {
        match self {
            Direction::ClientToServer => "send",
            Direction::ServerToClient => "receive",
        }
    }

    /// Reads a HAR `type` (see [`Direction::har`]).
    pub fn from_har(word: &str) -> Option<Direction> {
        [Direction::ClientToServer, Direction::ServerToClient]
            .into_iter()
            .find(|direction| direction.har() == word)
    }

    /// Which way a frame goes when nothing says: a JSON object with a top-level `claz` is a
    /// client command, anything else a server event (a frame that is not JSON too).
    /// [`Decoder::decode_sniffed`] finds it and decodes the frame in one reading.
    ///
    /// ```
    /// use cti_proto::Direction;
    /// assert_eq!(Direction::sniff(br#"{"claz":"ping"}"#), Direction::ClientToServer);
    /// assert_eq!(Direction::sniff(br#"{"msgType":"LoggedOn"}"#), Direction::ServerToClient);
    /// ```
    pub fn sniff(frame: &[u8]) -> Direction {
        struct HasClaz;
        impl<'de> Visitor<'de> for HasClaz {
            type Value = bool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
                let mut claz = false;
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    claz |= key == "claz";
                    map.next_value::<IgnoredAny>()?;
                }
                Ok(claz)
            }
        }
        let mut de = serde_json::Deserializer::from_slice(frame);
        match de.deserialize_map(HasClaz) {
            Ok(true) => Direction::ClientToServer,
            _ => Direction::ServerToClient,
        }
    }
}

/// A decoded frame of either direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// An event.
    Event(Event),
    /// A command.
    Command(Command),
}

impl Message {
    /// The canonical encoding.
    pub fn encode(&self) -> String {
        match self {
            Message::Event(event) => encode_event(event),
            Message::Command(command) => encode_command(command),
        }
    }

    /// The wire tag (`msgType` or `command`).
    pub fn tag(&self) -> &str {
        match self {
            Message::Event(event) => event.msg_type(),
            Message::Command(command) => command.name(),
        }
    }

    /// Whether the kind is known.
    pub fn is_known(&self) -> bool {
        match self {
            Message::Event(event) => event.kind().is_some(),
            Message::Command(command) => command.kind().is_some(),
        }
    }

    /// Whether the kind is deprecated.
    pub fn is_deprecated(&self) -> bool {
        match self {
            Message::Event(event) => event.kind().is_some_and(|k| k.is_deprecated()),
            Message::Command(command) => command.kind().is_some_and(|k| k.is_deprecated()),
        }
    }
}

impl Decoder {
    /// Decodes a frame going `direction`: an event or a command.
    pub fn decode(
        &self,
        direction: Direction,
        frame: &str,
    ) -> Result<Decoded<Message>, DecodeError> {
        match direction {
            Direction::ServerToClient => self.decode_event(frame).map(|d| d.map(Message::Event)),
            Direction::ClientToServer => {
                self.decode_command(frame).map(|d| d.map(Message::Command))
            }
        }
    }

    /// Decodes a frame going `direction`, given as bytes (see
    /// [`Decoder::decode_event_bytes`]).
    pub fn decode_bytes(
        &self,
        direction: Direction,
        frame: &[u8],
    ) -> Result<Decoded<Message>, DecodeError> {
        match direction {
            Direction::ServerToClient => self
                .decode_event_bytes(frame)
                .map(|d| d.map(Message::Event)),
            Direction::ClientToServer => self
                .decode_command_bytes(frame)
                .map(|d| d.map(Message::Command)),
        }
    }
}

impl Decoder {
    /// Decodes a frame whose direction nothing states: the direction is
    /// [`Direction::sniff`]'s and the result [`Decoder::decode_bytes`]'s that way, but a
    /// regular frame is read once, not twice: a command whose first key is `claz` (as
    /// cti.js writes them), or an event. Another frame may be read up to three times.
    ///
    /// ```
    /// use cti_proto::{Decoder, Direction};
    /// let (direction, decoded) = Decoder::new().decode_sniffed(br#"{"claz":"ping"}"#);
    /// assert_eq!(direction, Direction::ClientToServer);
    /// assert_eq!(decoded.unwrap().message.tag(), "ping");
    /// ```
    pub fn decode_sniffed(
        &self,
        frame: &[u8],
    ) -> (Direction, Result<Decoded<Message>, DecodeError>) {
        if claz_first(frame) {
            // A command that decodes has a top-level `claz`, in an object read whole.
            if let Ok(decoded) = self.decode_command_bytes(frame) {
                return (Direction::ClientToServer, Ok(decoded.map(Message::Command)));
            }
        } else if let Some(decoded) = std::str::from_utf8(frame)
            .ok()
            .and_then(|frame| self.event_without_claz(frame))
        {
            return (Direction::ServerToClient, Ok(decoded.map(Message::Event)));
        }
        let direction = Direction::sniff(frame);
        (direction, self.decode_bytes(direction, frame))
    }
}

/// Whether the frame's first key is `claz`, written plainly: only which reading
/// [`Decoder::decode_sniffed`] tries first.
fn claz_first(frame: &[u8]) -> bool {
    frame
        .trim_ascii_start()
        .strip_prefix(b"{")
        .is_some_and(|rest| rest.trim_ascii_start().starts_with(br#""claz""#))
}

impl<T> Decoded<T> {
    /// The same decoding with its message changed by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Decoded<U> {
        Decoded {
            message: f(self.message),
            diagnostics: self.diagnostics,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_read_back() {
        for direction in [Direction::ClientToServer, Direction::ServerToClient] {
            assert_eq!(Direction::from_jsonl(direction.jsonl()), Some(direction));
            assert_eq!(Direction::from_har(direction.har()), Some(direction));
        }
        assert_eq!(Direction::from_har("send"), Some(Direction::ClientToServer));
        assert_eq!(
            Direction::from_jsonl("server"),
            Some(Direction::ServerToClient)
        );
        assert_eq!(Direction::from_har("client"), None);
    }

    /// Frames the one reading must not mistake: `decode_sniffed` gives what `sniff` then
    /// `decode_bytes` give, in both modes. Made up.
    #[test]
    fn sniffed_decoding_is_sniff_then_decode() {
        let frames: &[&[u8]] = &[
            br#"{"claz":"ping"}"#,
            br#" { "claz" : "web", "command": "dial", "destination": "1000"}"#,
            br#"{"command":"dial","claz":"web","destination":"1000"}"#,
            br#"{"cl\u0061z":"web","command":"dial","destination":"1000"}"#,
            br#"{"msgType":"LoggedOn"}"#,
            br#"{"msgType":"LoggedOn","claz":"web"}"#,
            br#"{"msgType":"LoggedOn","cl\u0061z":1}"#,
            br#"{"msgType":"LoggedOn","ctiMessage":{"claz":"web"}}"#,
            br#"{"msgType":"NoSuchKind","ctiMessage":{}}"#,
            br#"{"claz":"web","command":"noSuchCommand","x":1}"#,
            br#"{"claz":"web","command":"dial","destination":"1000""#,
            br#"{"claz":"web","command":"dial","destination":"1000"} x"#,
            br#"{"claz":"web","claz":"web","command":"dial"}"#,
            br#"{"msgType":"LoggedOn"} {"claz":"ping"}"#,
            br#"{"claz":1}"#,
            br#"{"claz":"ping","msgType":"LoggedOn"}"#,
            br#"{"msgType":"LoggedOn","claz":"ping"}"#,
            br#"[{"claz":"ping"}]"#,
            b"{\"claz\":\"ping\",\"x\":\"\xff\"}",
            b"{\"msgType\":\"LoggedOn\",\"x\":\"\xff\"}",
            b"",
            b"null",
        ];
        for decoder in [Decoder::new(), Decoder::strict()] {
            for frame in frames {
                let direction = Direction::sniff(frame);
                assert_eq!(
                    decoder.decode_sniffed(frame),
                    (direction, decoder.decode_bytes(direction, frame)),
                    "{:?} {}",
                    decoder.mode(),
                    String::from_utf8_lossy(frame)
                );
            }
        }
        let commands = frames
            .iter()
            .filter(|frame| Direction::sniff(frame) == Direction::ClientToServer);
        // The made-up frames go both ways.
        assert_eq!(commands.count(), 13);
    }

    #[test]
    fn decodes_either_way() {
        let decoder = Decoder::new();
        let event = decoder
            .decode(Direction::ServerToClient, r#"{"msgType":"LoggedOn"}"#)
            .unwrap();
        assert!(matches!(event.message, Message::Event(_)));
        assert_eq!(event.message.tag(), "LoggedOn");
        let command = decoder
            .decode_bytes(Direction::ClientToServer, br#"{"claz":"ping"}"#)
            .unwrap();
        assert!(matches!(command.message, Message::Command(_)));
    }
}
