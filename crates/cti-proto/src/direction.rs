//! Which way a frame goes, with the words captures use for it, and decoding a frame of
//! either direction.

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
