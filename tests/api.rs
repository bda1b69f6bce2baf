//! Behaviour of the public API that fixtures alone do not show: conversions of deprecated
//! messages, limits, positions and pointers.

use cti_conformance::{load_all, Fixture};
use cti_proto::contacts::{DirectoryLookUp, SearchContacts};
use cti_proto::favorites::{GetFavoriteContacts, GetFavorites};
use cti_proto::user::{CtiStatusCode, CtiStatuses};
use cti_proto::{
    decode_command, decode_event, encode_command, Command, DecodeError, Decoder, DiagnosticCode,
    ErrorKind, Event, Mode,
};

fn fixture(name: &str) -> Fixture {
    load_all()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"))
}

#[test]
fn users_statuses_convert_to_the_cti_statuses_of_the_seed() {
    let Event::UsersStatuses(old) = decode_event(&fixture("server/UsersStatuses/seed").frame)
        .unwrap()
        .message
    else {
        panic!("not UsersStatuses")
    };
    let Event::CtiStatuses(new) = decode_event(&fixture("server/CtiStatuses/seed").frame)
        .unwrap()
        .message
    else {
        panic!("not CtiStatuses")
    };
    let converted = CtiStatuses::from(&*old);
    assert_eq!(converted.0.len(), old.0.len());
    // Every status the two SEED samples share converts to exactly the CtiStatuses entry.
    for expected in &new.0 {
        let got = converted
            .0
            .iter()
            .find(|s| s.name == expected.name)
            .expect("status present");
        assert_eq!(got, expected);
    }
    // The statuses only UsersStatuses lists: away and berightback (enablednd false) are
    // available; donotdisturb (enablednd true) too, since only pauses and log-off differ.
    for name in ["away", "berightback", "donotdisturb"] {
        let got = converted
            .0
            .iter()
            .find(|s| s.name == name)
            .expect("status present");
        assert_eq!(got.status, CtiStatusCode::Available, "{name}");
    }
}

#[test]
fn deprecated_commands_convert_to_their_replacements() {
    let Command::DirectoryLookUp(lookup) =
        decode_command(r#"{"claz":"web","command":"directoryLookUp","term":"pierce"}"#)
            .unwrap()
            .message
    else {
        panic!()
    };
    let modern = Command::from(SearchContacts::from(*lookup));
    assert_eq!(
        encode_command(&modern),
        r#"{"claz":"web","command":"searchContacts","term":"pierce"}"#
    );
    let modern = Command::from(GetFavoriteContacts::from(GetFavorites::new()));
    assert_eq!(
        encode_command(&modern),
        r#"{"claz":"web","command":"getFavoriteContacts"}"#
    );
    assert_eq!(
        SearchContacts::from(DirectoryLookUp::new("x")),
        SearchContacts::new("x")
    );
}

#[test]
fn deprecation_diagnostics_name_the_replacement() {
    let decoded = decode_command(r#"{"claz":"web","command":"getFavorites"}"#).unwrap();
    assert_eq!(decoded.diagnostics.len(), 1);
    assert_eq!(decoded.diagnostics[0].code, DiagnosticCode::Deprecated);
    assert!(decoded.diagnostics[0]
        .message
        .contains("getFavoriteContacts"));
}

#[test]
fn frames_over_the_length_limit_are_refused_before_parsing() {
    // Not even valid JSON: the length is checked first.
    let frame = format!("{{{}", " ".repeat(100));
    let error = Decoder::new()
        .with_max_frame_len(64)
        .decode_event(&frame)
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge);
    assert!(error.message().contains("64"), "{error}");
    assert!(Decoder::new()
        .with_max_frame_len(64)
        .decode_event(r#"{"msgType":"LoggedOn"}"#)
        .is_ok());
}

#[test]
fn decoder_setters_are_with_x_and_getters_x() {
    let default = Decoder::new();
    assert_eq!(default.mode(), Mode::Lenient);
    assert_eq!(default.max_frame_len(), cti_proto::DEFAULT_MAX_FRAME_LEN);
    let set = default.with_mode(Mode::Strict).with_max_frame_len(64);
    assert_eq!((set.mode(), set.max_frame_len()), (Mode::Strict, 64));
    assert_eq!(Decoder::strict().mode(), Mode::Strict);
}

/// `Event::Unknown` and `Command::Unknown` never hold a known tag: the constructors refuse
/// one, naming its kind.
#[test]
fn unknown_messages_refuse_known_tags() {
    use cti_proto::{CommandKind, EventKind, Extra, UnknownCommand, UnknownEvent};
    for &kind in EventKind::ALL {
        assert_eq!(UnknownEvent::new(kind.as_str(), None), Err(kind));
    }
    for &kind in CommandKind::ALL {
        if CommandKind::from_tag(kind.as_str()).is_some() {
            assert_eq!(UnknownCommand::new(kind.as_str(), Extra::new()), Err(kind));
        }
    }
    let unknown = UnknownEvent::new("QueueEntered", None).unwrap();
    assert_eq!(
        (unknown.msg_type(), unknown.payload()),
        ("QueueEntered", None)
    );
    let unknown = UnknownCommand::new("bulkDial", Extra::new()).unwrap();
    assert_eq!(unknown.command(), Some("bulkDial"));
    assert!(unknown.args().is_empty());
}

#[test]
fn positions_point_into_multi_line_frames() {
    let frame =
        "{\n  \"msgType\": \"ContactSheet\",\n  \"ctiMessage\": {\n    \"sheets\": 5\n  }\n}";
    let error: DecodeError = decode_event(frame).unwrap_err();
    assert_eq!(error.pointer(), Some("/ctiMessage/sheets"));
    assert_eq!((error.line(), error.column()), (Some(4), Some(15)));
    assert_eq!(error.message_kind(), Some("ContactSheet"));
}

#[test]
fn pointers_escape_slash_and_tilde() {
    let frame = r#"{"msgType":"UserConfigUpdate","ctiMessage":{"a/b~c":1}}"#;
    let decoded = decode_event(frame).unwrap();
    assert_eq!(decoded.diagnostics[0].path, "/ctiMessage/a~1b~0c");
}

#[test]
fn unknown_payloads_are_written_back_byte_for_byte() {
    let frame = "{\"msgType\":\"QueueEntered\",\"ctiMessage\":{ \"queue\" : \"bluesky\",\n \"DN\":\"1000\" }}";
    let decoded = decode_event(frame).unwrap();
    assert_eq!(cti_proto::encode_event(&decoded.message), frame);
}

#[test]
fn a_filter_of_wanted_kinds_skips_the_others_unread() {
    let decoder = Decoder::new();
    let only_config = |tag: &str| tag == "UserConfigUpdate";
    // Unwanted: not decoded, whatever follows the tag (it is not read).
    let skipped = r#"{"msgType":"ContactSheet","ctiMessage":{"sheets":[{"name":7}]}} trailing"#;
    assert_eq!(decoder.decode_event_if(skipped, only_config).unwrap(), None);
    // The tag after the payload: the payload is skipped over, then the tag read.
    let late = r#"{"ctiMessage":{"sheets":[]},"msgType":"ContactSheet"}"#;
    assert_eq!(decoder.decode_event_if(late, only_config).unwrap(), None);
    // Wanted: decoded in full, errors included.
    let wanted = r#"{"msgType":"UserConfigUpdate","ctiMessage":{"userId":"x"}}"#;
    assert_eq!(
        decoder
            .decode_event_if(wanted, only_config)
            .unwrap_err()
            .pointer(),
        Some("/ctiMessage/userId")
    );
    let wanted = r#"{"msgType":"UserConfigUpdate","ctiMessage":{"userId":9}}"#;
    assert!(decoder
        .decode_event_if(wanted, only_config)
        .unwrap()
        .is_some());
    // No readable tag: the full decode's error.
    for frame in [r#"{"ctiMessage":{}}"#, "[1]", r#"{"msgType":5}"#, "{"] {
        assert!(
            decoder.decode_event_if(frame, |_| false).is_err(),
            "{frame}"
        );
    }
    // The tag is given unescaped.
    let escaped = r#"{"msgType":"User\u0043onfigUpdate","ctiMessage":{}}"#;
    assert!(decoder
        .decode_event_if(escaped, only_config)
        .unwrap()
        .is_some());
}

/// `ping` is the kind whose tag is its `claz`: `from_tag` (the `command` or `msgType`) does
/// not know it, `from_frame_tags` does, and decoding agrees with both.
#[test]
fn ping_is_told_by_its_claz() {
    use cti_proto::CommandKind;
    assert_eq!(CommandKind::from_tag("ping"), None);
    assert_eq!(CommandKind::from_tag("dial"), Some(CommandKind::Dial));
    assert_eq!(
        CommandKind::from_frame_tags("ping", None),
        Some(CommandKind::Ping)
    );
    assert_eq!(CommandKind::from_frame_tags("web", Some("ping")), None);
    let ping = decode_command(r#"{"claz":"ping"}"#).unwrap().message;
    assert!(matches!(ping, Command::Ping(_)));
    let not_ping = decode_command(r#"{"claz":"web","command":"ping"}"#)
        .unwrap()
        .message;
    assert!(matches!(not_ping, Command::Unknown(_)));
    assert_eq!(CommandKind::Ping.as_str(), "ping");
}
