//! Hostile input: whatever a peer sends, decoding answers with a value or a clear error.
//!
//! Time and memory are bounded by the input, not by a clock: every frame here is at most
//! the frame limit (1 MiB by default, checked before parsing), decoding is linear in the
//! frame, and what it keeps (values, extra fields, diagnostics) is at most a constant times
//! the frame's size. The biggest inputs below are 1 MiB of keys and a 10 MiB string.

use cti_proto::login::{CtiUrl, LoginAnswer, LoginRequest};
use cti_proto::{
    decode_command, decode_event, encode_command, encode_event, Command, Decoder, ErrorKind, Event,
    MAX_NESTING,
};

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn nesting_is_limited_whether_kept_raw_or_typed() {
    let within = format!(
        r#"{{"msgType":"X","ctiMessage":{}}}"#,
        nested(MAX_NESTING - 1)
    );
    assert!(decode_event(&within).is_ok());
    for depth in [MAX_NESTING, 100_000] {
        for frame in [
            format!(r#"{{"msgType":"X","ctiMessage":{}}}"#, nested(depth)),
            format!(r#"{{"msgType":"LoggedOn","ctiMessage":{}}}"#, nested(depth)),
            format!(r#"{{"msgType":"LoggedOn","x":{}}}"#, nested(depth)),
            format!(
                r#"{{"msgType":"UserConfigUpdate","ctiMessage":{{"lineIds":[1],"x":{}}}}}"#,
                nested(depth)
            ),
            format!(
                r#"{{"claz":"web","command":"transferToVoicemail","variables":{}}}"#,
                nested(depth)
            ),
            format!(
                r#"{{"claz":"web","command":"searchContacts","term":"x","v":{}}}"#,
                nested(depth)
            ),
        ] {
            let error = if frame.contains("claz") {
                decode_command(&frame).unwrap_err()
            } else {
                decode_event(&frame).unwrap_err()
            };
            assert_eq!(error.kind(), ErrorKind::TooDeep, "{error}");
            assert!(
                error.message().contains(&MAX_NESTING.to_string()),
                "{error}"
            );
        }
    }
    // Deep input where a typed field expects something else fails on the type at once.
    let frame = format!(
        r#"{{"msgType":"ContactSheet","ctiMessage":{{"sheets":{}}}}}"#,
        nested(100_000)
    );
    let error = decode_event(&frame).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Payload);
    assert_eq!(error.pointer(), Some("/ctiMessage/sheets/0"));
}

#[test]
fn huge_numbers() {
    let digits = "9".repeat(400);
    // In a typed integer field: a clear error at the field.
    let frame = format!(r#"{{"msgType":"UserConfigUpdate","ctiMessage":{{"userId":{digits}}}}}"#);
    let error = decode_event(&frame).unwrap_err();
    assert_eq!(error.pointer(), Some("/ctiMessage/userId"), "{error}");
    let frame = r#"{"msgType":"UserConfigUpdate","ctiMessage":{"userId":1e400}}"#;
    let error = decode_event(frame).unwrap_err();
    assert_eq!(error.pointer(), Some("/ctiMessage/userId"), "{error}");
    let frame = r#"{"msgType":"CtiStatuses","ctiMessage":[{"name":"a","displayName":"b","status":"99999999999"}]}"#;
    assert_eq!(
        decode_event(frame).unwrap_err().pointer(),
        Some("/ctiMessage/0/status")
    );
    // A queue statistic is any JSON number (written back as the same number, `-1.5e+300`),
    // but one past `f64` is an error at the field.
    let frame = r#"{"msgType":"QueueStatistics","ctiMessage":{"queueId":3,"counters":[{"statName":"EWT","value":-1.5e300}]}}"#;
    let encoded = encode_event(&decode_event(frame).unwrap().message);
    let value = |text: &str| serde_json::from_str::<serde_json::Value>(text).unwrap();
    assert_eq!(value(&encoded), value(frame));
    let frame = r#"{"msgType":"QueueStatistics","ctiMessage":{"queueId":3,"counters":[{"statName":"EWT","value":1e400}]}}"#;
    assert_eq!(
        decode_event(frame).unwrap_err().pointer(),
        Some("/ctiMessage/counters/0/value")
    );
    // Kept raw (a kind with no known shape): written back as it came.
    let frame = format!(r#"{{"msgType":"QueueCalls","ctiMessage":{{"n":{digits},"f":-1.5e300}}}}"#);
    let decoded = decode_event(&frame).unwrap();
    assert_eq!(encode_event(&decoded.message), frame);
}

#[test]
fn surrogates_and_nul_characters() {
    // A lone surrogate escape in a typed string: an error, at the field.
    let frame = r#"{"claz":"web","command":"searchContacts","term":"\ud800"}"#;
    let error = decode_command(frame).unwrap_err();
    assert_eq!(error.pointer(), Some("/term"), "{error}");
    // A surrogate pair is a character.
    let frame = r#"{"claz":"web","command":"searchContacts","term":"\ud83d\ude00"}"#;
    let decoded = decode_command(frame).unwrap();
    assert_eq!(
        encode_command(&decoded.message),
        r#"{"claz":"web","command":"searchContacts","term":"😀"}"#
    );
    // Kept raw (`QueueEntered` is not a known kind), a lone surrogate stays as written: a
    // raw payload is only checked to be JSON text, and serde_json skips over a `\u` escape
    // without looking at the code point, as the string could become bytes. Asking for a
    // `Value` says why not.
    let frame = r#"{"msgType":"QueueEntered","ctiMessage":"\udc00"}"#;
    let decoded = decode_event(frame).unwrap();
    assert!(decoded.diagnostics.is_empty(), "{:?}", decoded.diagnostics);
    let Event::Unknown(unknown) = &decoded.message else {
        panic!("{:?}", decoded.message)
    };
    assert_eq!(unknown.payload().map(|p| p.get()), Some(r#""\udc00""#));
    assert_eq!(encode_event(&decoded.message), frame);
    let error = unknown.payload().unwrap().to_value().unwrap_err();
    assert!(error.to_string().contains("surrogate"), "{error}");
    // A raw NUL byte inside a string is not JSON; the escape `\u0000` is a character.
    let frame = "{\"claz\":\"web\",\"command\":\"searchContacts\",\"term\":\"a\0b\"}";
    assert_eq!(decode_command(frame).unwrap_err().kind(), ErrorKind::Syntax);
    let frame = r#"{"claz":"web","command":"searchContacts","term":"a\u0000b"}"#;
    let decoded = decode_command(frame).unwrap();
    assert_eq!(encode_command(&decoded.message), frame);
}

#[test]
fn bytes_that_are_not_utf8() {
    let frame = b"{\"msgType\":\"LoggedOn\",\"x\":\"\xff\xfe\"}";
    let error = Decoder::new().decode_event_bytes(frame).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotUtf8);
    assert_eq!((error.line(), error.column()), (Some(1), Some(28)));
    let error = Decoder::new().decode_command_bytes(b"\xc3").unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotUtf8);
    assert!(Decoder::new()
        .decode_command_bytes(br#"{"claz":"ping"}"#)
        .is_ok());
}

#[test]
fn a_ten_megabyte_string() {
    let term = "x".repeat(10 << 20);
    let frame = format!(r#"{{"claz":"web","command":"searchContacts","term":"{term}"}}"#);
    // Over the default limit: refused before parsing, saying the limit.
    let error = decode_command(&frame).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::TooLarge);
    assert!(
        error
            .message()
            .contains(&cti_proto::DEFAULT_MAX_FRAME_LEN.to_string()),
        "{error}"
    );
    assert!(error.frame().len() <= cti_proto::ERROR_FRAME_PREFIX);
    // Under a raised limit: decoded, and written back whole.
    let decoded = Decoder::new()
        .with_max_frame_len(16 << 20)
        .decode_command(&frame)
        .unwrap();
    assert_eq!(encode_command(&decoded.message), frame);
}

/// `{"0":0,"1":0,...}` (hexadecimal keys), just under 1 MiB.
fn many_keys() -> (String, usize) {
    let mut object = String::from("{");
    let mut count = 0;
    while object.len() < (1 << 20) - 200 {
        if count > 0 {
            object.push(',');
        }
        object.push_str(&format!("\"{count:x}\":0"));
        count += 1;
    }
    object.push('}');
    (object, count)
}

#[test]
fn a_hundred_thousand_keys() {
    let (object, count) = many_keys();
    assert!(count >= 100_000, "{count}");
    // Unknown fields of a typed payload: all kept, each reported once.
    let frame = format!(r#"{{"msgType":"UserConfigUpdate","ctiMessage":{object}}}"#);
    let decoded = decode_event(&frame).unwrap();
    assert_eq!(decoded.diagnostics.len(), count);
    let Event::UserConfigUpdate(update) = &decoded.message else {
        panic!()
    };
    assert_eq!(update.extra.len(), count);
    // Strict mode stops at the first.
    let error = Decoder::strict().decode_event(&frame).unwrap_err();
    assert_eq!(error.pointer(), Some("/ctiMessage/0"));
    // Keys of UserPreference, checked for duplicates in linear time: each must be an
    // object, so the first one fails.
    let frame = format!(r#"{{"msgType":"UserPreference","ctiMessage":{object}}}"#);
    assert_eq!(
        decode_event(&frame).unwrap_err().pointer(),
        Some("/ctiMessage/0")
    );
    // Arguments of an unknown command: kept as they came.
    let frame = format!(r#"{{"claz":"web","command":"bulk","a":{object}}}"#);
    let decoded = decode_command(&frame).unwrap();
    let Command::Unknown(unknown) = &decoded.message else {
        panic!("not an unknown command")
    };
    assert_eq!(
        unknown.args().get("a").map(|a| a.get()),
        Some(object.as_str())
    );
    assert_eq!(encode_command(&decoded.message), frame);
}

#[test]
fn repeated_tags_and_keys() {
    for (frame, kind) in [
        (
            r#"{"msgType":"LoggedOn","msgType":"LoggedOn"}"#,
            ErrorKind::DuplicateTag,
        ),
        (
            r#"{"msgType":"LoggedOn","msgType":"ContactSheet"}"#,
            ErrorKind::DuplicateTag,
        ),
        (
            r#"{"msgType":"LoggedOn","ctiMessage":1,"ctiMessage":2}"#,
            ErrorKind::Payload,
        ),
        (
            r#"{"msgType":"LoggedOnError","ctiMessage":{"Error":"a","Error":"b"}}"#,
            ErrorKind::Payload,
        ),
    ] {
        assert_eq!(decode_event(frame).unwrap_err().kind(), kind, "{frame}");
    }
    for (frame, kind) in [
        (
            r#"{"claz":"web","claz":"web","command":"getFavorites"}"#,
            ErrorKind::DuplicateTag,
        ),
        (
            r#"{"claz":"web","command":"getFavorites","command":"ping"}"#,
            ErrorKind::DuplicateTag,
        ),
        (
            r#"{"claz":"web","command":"searchContacts","term":"a","term":"b"}"#,
            ErrorKind::Payload,
        ),
    ] {
        assert_eq!(decode_command(frame).unwrap_err().kind(), kind, "{frame}");
    }
}

#[test]
fn secrets_never_show() {
    let secret = "s3cr3t-T0ken";
    let url = CtiUrl::token("xuc.example.com", secret).unwrap();
    assert!(!format!("{url:?}").contains(secret));
    let request = LoginRequest::new("jbond", secret);
    assert!(!format!("{request:?}").contains(secret));
    let ok = LoginAnswer::from_json(&format!(
        r#"{{"login":"jbond","token":"{secret}","TTL":3600}}"#
    ))
    .unwrap();
    assert!(!format!("{ok:?}").contains(secret));
    // Malformed answers: the errors (Display and Debug) never echo the token.
    for body in [
        format!(r#"{{"login":"jbond","token":{{"value":"{secret}"}}}}"#),
        format!(r#"{{"login":"jbond","token":["{secret}"]}}"#),
        r#"{"login":"jbond","token":1234567890123}"#.to_owned(),
        format!(r#"{{"login":"jbond","token":"{secret}","TTL":"soon"}}"#),
        format!(r#"{{"login":"jbond","token":"{secret}""#),
        format!(r#"{{"login":5,"token":"{secret}"}}"#),
    ] {
        let error = LoginAnswer::from_json(&body).unwrap_err();
        for shown in [error.to_string(), format!("{error:?}")] {
            assert!(
                !shown.contains(secret) && !shown.contains("1234567890123"),
                "{shown}"
            );
        }
    } // The SIP password of `LineConfig`, the TURN credential of `IceConfig` and a meeting
      // room token are decoded as secrets: a decoded message's `Debug` never shows them.
    for frame in [
        format!(
            r#"{{"msgType":"LineConfig","ctiMessage":{{"name":"abcd","password":"{secret}"}}}}"#
        ),
        format!(
            r#"{{"msgType":"IceConfig","ctiMessage":{{"turnConfig":{{"urls":"turn:t","username":"u","credential":"{secret}"}}}}}}"#
        ),
        format!(
            r#"{{"claz":"web","command":"inviteToMeetingRoom","requestId":1,"token":"{secret}","username":"jbond"}}"#
        ),
    ] {
        let shown = if frame.contains("claz") {
            format!("{:?}", decode_command(&frame).unwrap())
        } else {
            format!("{:?}", decode_event(&frame).unwrap())
        };
        assert!(!shown.contains(secret), "{shown}");
    }
}
