//! Secrets out of a failed decode: the values of the keys that a kind's types mark
//! [`Secret`](crate::Secret) are replaced by `"<redacted>"` in the copy of the frame a
//! [`DecodeError`] keeps.
//!
//! The copy may be cut short or garbled (that is why it failed), so the values are found
//! by key, not by parsing: every value whose key is one of the kind's secret keys, at any
//! depth, spelt with escapes or not, and again by the key's plain text (for a frame whose
//! quotes are broken).

use super::envelope::peek_tag;
use super::error::{DecodeError, ErrorKind};
use super::ERROR_FRAME_PREFIX;
use crate::command::CommandKind;
use crate::event::EventKind;

/// What a secret value is replaced by.
pub(super) const REDACTED: &str = "\"<redacted>\"";

/// The direction of a frame: where its tag is, and what its payload is under.
#[derive(Clone, Copy)]
pub(super) enum Direction {
    Event,
    Command,
}

impl DecodeError {
    /// The error with the secrets of `frame`'s kind redacted. The kind is the error's, or
    /// else the frame's tag; a frame whose tag cannot be read is redacted for the secret
    /// keys of every kind of its direction; an unknown kind is left as it is (nothing says
    /// where its secrets are).
    pub(super) fn redacted(mut self, frame: &str, direction: Direction) -> DecodeError {
        let tag = match self.message_kind() {
            Some(tag) => Some(tag.to_owned()),
            // A frame over the limit is not read again: its kept start says what it can.
            None if self.kind() == ErrorKind::TooLarge => frame_tag(self.frame(), direction),
            None => frame_tag(frame, direction),
        };
        let keys = secret_keys(tag.as_deref(), direction);
        if keys.is_empty() {
            return self;
        }
        // The sentence never quotes a secret: `Secret`'s own errors do not quote the value.
        if let Some(kept) = redact(self.frame(), &keys) {
            let mut end = kept.len().min(ERROR_FRAME_PREFIX);
            while !kept.is_char_boundary(end) {
                end -= 1;
            }
            self.0.frame = kept[..end].to_owned();
        }
        self
    }
}

/// The tag of a frame, when it can be read.
fn frame_tag(frame: &str, direction: Direction) -> Option<String> {
    match direction {
        Direction::Event => peek_tag(frame, "msgType").map(|tag| tag.into_owned()),
        Direction::Command => peek_tag(frame, "command")
            .or_else(|| peek_tag(frame, "claz"))
            .map(|tag| tag.into_owned()),
    }
}

/// The keys whose values hold a secret in a frame of kind `tag` (`None`: any kind).
pub(super) fn secret_keys(tag: Option<&str>, direction: Direction) -> Vec<&'static str> {
    let mut keys = Vec::new();
    match direction {
        Direction::Event => {
            let kinds = match tag {
                Some(tag) => EventKind::from_tag(tag).as_slice().to_vec(),
                None => EventKind::ALL.to_vec(),
            };
            for kind in kinds {
                kind.secrets().keys(Some("ctiMessage"), &mut keys);
            }
        }
        Direction::Command => {
            let kinds = match tag {
                Some(tag) => CommandKind::from_tag(tag)
                    .or_else(|| CommandKind::from_frame_tags(tag, None))
                    .as_slice()
                    .to_vec(),
                None => CommandKind::ALL.to_vec(),
            };
            for kind in kinds {
                kind.secrets().keys(None, &mut keys);
            }
        }
    }
    keys
}

/// `text` with the value of every key in `keys` replaced by [`REDACTED`]; `None` when
/// there is none.
pub(super) fn redact(text: &str, keys: &[&str]) -> Option<String> {
    let bytes = text.as_bytes();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    // Keys as JSON strings, escapes read.
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'"' {
            at += 1;
            continue;
        }
        let end = string_end(bytes, at);
        let after = skip_space(bytes, end);
        if bytes.get(after) == Some(&b':') {
            let token = &text[at..end];
            let key = if token.contains('\\') {
                serde_json::from_str::<String>(token).ok()
            } else {
                token
                    .get(1..token.len().saturating_sub(1))
                    .map(str::to_owned)
            };
            if key.is_some_and(|key| keys.contains(&key.as_str())) {
                let start = skip_space(bytes, after + 1);
                let value_end = value_end(bytes, start);
                spans.push((start, value_end));
                at = value_end.max(start + 1);
                continue;
            }
        }
        at = end.max(at + 1);
    }
    // Keys by their text, wherever they are: a frame whose quotes are broken.
    for key in keys {
        let quoted = format!("\"{key}\"");
        for (found, _) in text.match_indices(&quoted) {
            let after = skip_space(bytes, found + quoted.len());
            if bytes.get(after) == Some(&b':') {
                let start = skip_space(bytes, after + 1);
                spans.push((start, value_end(bytes, start)));
            }
        }
    }
    spans.retain(|(start, end)| start < end);
    if spans.is_empty() {
        return None;
    }
    spans.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut done = 0;
    for (start, end) in spans {
        if end <= done {
            continue;
        }
        let start = start.max(done);
        out.push_str(&text[done..start]);
        out.push_str(REDACTED);
        done = end;
    }
    out.push_str(&text[done..]);
    Some(out)
}

/// The end of the JSON string that starts at `start` (a `"`): after its closing quote, or
/// the end of the text.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        at += 1;
    }
    at
}

/// The end of the value that starts at `start`: a string, an array or object (to its
/// closing bracket), or a bare word; the end of the text when it is cut short.
fn value_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        None => start,
        Some(b'"') => string_end(bytes, start),
        Some(b'[' | b'{') => {
            let mut depth = 0usize;
            let mut at = start;
            while at < bytes.len() {
                match bytes[at] {
                    b'"' => {
                        at = string_end(bytes, at);
                        continue;
                    }
                    b'[' | b'{' => depth += 1,
                    b']' | b'}' => {
                        depth -= 1;
                        if depth == 0 {
                            return at + 1;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            bytes.len()
        }
        Some(_) => {
            let mut at = start;
            while at < bytes.len()
                && !matches!(bytes[at], b',' | b'}' | b']')
                && !bytes[at].is_ascii_whitespace()
            {
                at += 1;
            }
            at
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::Secrets;
    use crate::Decoder;

    /// A JSON value with `secret` at every place `shape` marks.
    fn sample(shape: &Secrets, secret: &str) -> serde_json::Value {
        match shape {
            Secrets::None => serde_json::Value::Null,
            Secrets::Value => secret.into(),
            Secrets::Object(fields) => fields
                .iter()
                .filter(|(_, secrets)| !secrets.is_none())
                .map(|(key, secrets)| ((*key).to_owned(), sample(secrets, secret)))
                .collect::<serde_json::Map<_, _>>()
                .into(),
            Secrets::Each(item) => vec![sample(item, secret)].into(),
        }
    }

    /// Each kind whose type holds a secret: its direction, tag, and arguments or payload
    /// (a JSON object) with `secret` in every secret place.
    fn secret_kinds(secret: &str) -> Vec<(Direction, &'static str, String)> {
        let events = EventKind::ALL
            .iter()
            .filter(|kind| !kind.secrets().is_none())
            .map(|kind| {
                let payload = sample(kind.secrets(), secret).to_string();
                (Direction::Event, kind.as_str(), payload)
            });
        let commands = CommandKind::ALL
            .iter()
            .filter(|kind| !kind.secrets().is_none())
            .map(|kind| {
                let args = sample(kind.secrets(), secret).to_string();
                (Direction::Command, kind.as_str(), args)
            });
        events.chain(commands).collect()
    }

    /// `object` (a JSON object's text) with `more` added as its last entries.
    fn with(object: &str, more: &str) -> String {
        format!("{},{more}}}", &object[..object.len() - 1])
    }

    /// A frame of this kind around `payload`, its tag first, or after it.
    fn frame(direction: Direction, tag: &str, payload: &str, tag_first: bool) -> String {
        match (direction, tag_first) {
            (Direction::Event, true) => format!(r#"{{"msgType":"{tag}","ctiMessage":{payload}}}"#),
            (Direction::Event, false) => format!(r#"{{"ctiMessage":{payload},"msgType":"{tag}"}}"#),
            (Direction::Command, true) => with(
                &format!(r#"{{"claz":"web","command":"{tag}"}}"#),
                &payload[1..payload.len() - 1],
            ),
            (Direction::Command, false) => {
                with(payload, &format!(r#""claz":"web","command":"{tag}""#))
            }
        }
    }

    fn decode(decoder: &Decoder, direction: Direction, frame: &[u8]) -> DecodeError {
        match direction {
            Direction::Event => decoder.decode_event_bytes(frame).map(|_| ()),
            Direction::Command => decoder.decode_command_bytes(frame).map(|_| ()),
        }
        .expect_err("a broken frame")
    }

    /// Every kind whose type holds a [`Secret`](crate::Secret), found from the types, fails
    /// to decode in each way below; no error shows the secret in its `Debug` or `Display`,
    /// and the kept frame says where it was taken out.
    #[test]
    fn no_decode_error_shows_a_secret() {
        let secret = "s3cr3t-value";
        let kinds = secret_kinds(secret);
        let tags: Vec<&str> = kinds.iter().map(|(_, tag, _)| *tag).collect();
        for known in ["LineConfig", "IceConfig", "inviteToMeetingRoom"] {
            assert!(tags.contains(&known), "{known} holds a secret: {tags:?}");
        }
        let mut leaks = Vec::new();
        for (direction, tag, payload) in kinds {
            assert!(payload.starts_with('{'), "{tag}: {payload}");
            let mut keys = Vec::new();
            let shape = match direction {
                Direction::Event => EventKind::from_tag(tag).map(EventKind::secrets),
                Direction::Command => CommandKind::from_tag(tag).map(CommandKind::secrets),
            };
            shape.unwrap().keys(None, &mut keys);
            // Each key's first letter as a `\u` escape: the same key to serde.
            let escaped = keys.iter().fold(payload.clone(), |text, key| {
                let first = key.chars().next().unwrap();
                text.replace(
                    &format!("\"{key}\""),
                    &format!("\"\\u{:04x}{}\"", first as u32, &key[1..]),
                )
            });
            assert_ne!(escaped, payload);
            let lenient = Decoder::new();
            let whole = frame(direction, tag, &payload, true);
            let mut not_utf8 = whole.clone().into_bytes();
            not_utf8.insert(whole.len() - 1, 0xFF);
            let cases: Vec<(&str, Decoder, Vec<u8>)> = vec![
                (
                    "a syntax error after the secret",
                    lenient.clone(),
                    frame(direction, tag, &with(&payload, r#""zz":"#), true).into_bytes(),
                ),
                (
                    "an unknown field in strict mode",
                    Decoder::strict(),
                    frame(direction, tag, &with(&payload, r#""zz":1"#), true).into_bytes(),
                ),
                (
                    "the tag last, then trailing characters",
                    lenient.clone(),
                    format!("{} x", frame(direction, tag, &payload, false)).into_bytes(),
                ),
                (
                    "over the length limit",
                    lenient.clone().with_max_frame_len(whole.len() - 1),
                    whole.clone().into_bytes(),
                ),
                (
                    "a broken quote before the secret",
                    lenient.clone(),
                    frame(
                        direction,
                        tag,
                        &format!(r#"{{"zz":"abc,{}"#, &payload[1..]),
                        true,
                    )
                    .into_bytes(),
                ),
                (
                    "escaped keys, then a syntax error",
                    lenient.clone(),
                    frame(direction, tag, &with(&escaped, r#""zz":"#), true).into_bytes(),
                ),
                ("not UTF-8", lenient.clone(), not_utf8),
                (
                    "no tag",
                    lenient.clone(),
                    match direction {
                        Direction::Event => format!(r#"{{"ctiMessage":{payload}}}"#),
                        Direction::Command => payload.clone(),
                    }
                    .into_bytes(),
                ),
                (
                    "a tag missing or not a string",
                    lenient.clone(),
                    match direction {
                        Direction::Event => format!(r#"{{"msgType":{{}},"ctiMessage":{payload}}}"#),
                        Direction::Command => with(&payload, &format!(r#""command":"{tag}""#)),
                    }
                    .into_bytes(),
                ),
            ];
            for (case, decoder, bytes) in cases {
                let error = decode(&decoder, direction, &bytes);
                let shown = format!("{error:?} {error}");
                if shown.contains(secret) || !error.frame().contains("<redacted>") {
                    leaks.push(format!("{tag}, {case}: {shown}"));
                }
            }
        }
        assert!(
            leaks.is_empty(),
            "{} leaks:\n{}",
            leaks.len(),
            leaks.join("\n")
        );
    }

    /// A decoded message of each kind that holds a secret: its `Debug` (and that of its
    /// diagnostics) does not show it.
    #[test]
    fn no_decoded_message_shows_a_secret() {
        let secret = "s3cr3t-value";
        let mut decoded = 0;
        for (direction, tag, payload) in secret_kinds(secret) {
            let text = frame(direction, tag, &with(&payload, r#""zz":1"#), true);
            let shown = match direction {
                Direction::Event => crate::decode_event(&text).map(|d| format!("{d:?}")),
                Direction::Command => crate::decode_command(&text).map(|d| format!("{d:?}")),
            };
            // Kinds with required fields besides their secrets fail: the test above.
            if let Ok(shown) = shown {
                decoded += 1;
                assert!(!shown.contains(secret), "{tag}: {shown}");
                assert!(shown.contains("zz"), "{tag}: {shown}");
            }
        }
        assert!(decoded > 0);
    }

    /// A kind this crate does not know: nothing says where its secrets are, so its frame
    /// is kept as it is.
    #[test]
    fn an_unknown_kind_is_kept_as_it_is() {
        let frame = r#"{"msgType":"Nope","ctiMessage":{"password":"p"}}"#;
        let error = Decoder::strict().decode_event(frame).unwrap_err();
        assert_eq!(error.frame(), frame);
    }

    #[test]
    fn values_are_found_by_key_in_cut_or_broken_text() {
        let keys = ["password", "credential"];
        let cases = [
            (
                r#"{"a":1,"password" : "p\"q","b":"c"}"#,
                r#"{"a":1,"password" : "<redacted>","b":"c"}"#,
            ),
            (
                r#"{"x":{"credential":{"k":[1,"]"]},"y":2}}"#,
                r#"{"x":{"credential":"<redacted>","y":2}}"#,
            ),
            (r#"{"password":12 ,"#, r#"{"password":"<redacted>" ,"#),
            (r#"{"password":"cut sh"#, r#"{"password":"<redacted>""#),
            (
                r#"{"pass\u0077ord":"p"}"#,
                r#"{"pass\u0077ord":"<redacted>"}"#,
            ),
            (
                r#"{"n":"a,"password":"p"}"#,
                r#"{"n":"a,"password":"<redacted>"}"#,
            ),
        ];
        for (text, redacted) in cases {
            assert_eq!(redact(text, &keys).as_deref(), Some(redacted), "{text}");
        }
        // Other keys, a key with nothing after it, a secret's name as a value: as they are.
        for text in [
            r#"{"name":"password"}"#,
            r#"{"password""#,
            r#"{"password":"#,
        ] {
            assert_eq!(redact(text, &keys), None, "{text}");
        }
    }
}
