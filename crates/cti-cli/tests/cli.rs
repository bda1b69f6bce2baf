//! Runs the `cti` binary on the shipped captures and on crafted input, and pins what it
//! prints.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cti(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cti"))
        .args(args)
        .current_dir(repo())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cti runs");
    let mut pipe = child.stdin.take().expect("stdin");
    pipe.write_all(stdin.unwrap_or_default())
        .expect("stdin written");
    drop(pipe);
    child.wait_with_output().expect("cti finishes")
}

/// Exit status, standard output and standard error, for a snapshot.
fn transcript(output: &Output) -> String {
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output
            .status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn decode_jsonl_capture() {
    let output = cti(&["decode", "captures/session.jsonl"], None);
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    insta::assert_snapshot!("decode_session_jsonl", transcript(&output));
}

#[test]
fn decode_malformed_frames() {
    let output = cti(&["decode", "captures/malformed.jsonl"], None);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a bad frame gives 1 and never stops the run"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 8);
    insta::assert_snapshot!("decode_malformed_jsonl", transcript(&output));
}

#[test]
fn decode_har_capture_gives_what_the_jsonl_capture_gives() {
    let har = cti(&["decode", "captures/session.har"], None);
    let jsonl = cti(&["decode", "captures/session.jsonl"], None);
    assert_eq!(har.status.code(), Some(0));
    // Same frames, same order; the HAR's binary frame is skipped and its directions come
    // from send/receive rather than from sniffing.
    assert_eq!(
        String::from_utf8_lossy(&har.stdout),
        String::from_utf8_lossy(&jsonl.stdout)
    );
}

#[test]
fn decode_lines_have_exactly_the_documented_keys() {
    let output = cti(&["decode", "captures/session.jsonl"], None);
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    let mut lines = 0;
    for (i, line) in text.lines().enumerate() {
        let value: serde_json::Value = serde_json::from_str(line).expect("each line is JSON");
        let object = value.as_object().expect("an object");
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let ok = object["ok"].as_bool().expect("ok is a boolean");
        let expected: &[&str] = if ok {
            &[
                "frame",
                "ok",
                "direction",
                "kind",
                "known",
                "deprecated",
                "diagnostics",
                "value",
            ]
        } else {
            &["frame", "ok", "direction", "kind", "error"]
        };
        let mut sorted = expected.to_vec();
        sorted.sort_unstable();
        assert_eq!(keys, sorted, "line {}", i + 1);
        // serde_json sorts keys when parsing into a Value; check the written order too.
        let positions: Vec<usize> = expected
            .iter()
            .map(|k| line.find(&format!("\"{k}\":")).expect("key"))
            .collect();
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "line {} keys out of order",
            i + 1
        );
        assert_eq!(object["frame"], i as u64 + 1);
        lines += 1;
    }
    assert_eq!(lines, 24);
}

#[test]
fn decode_strict() {
    let output = cti(&["decode", "--strict", "captures/session.jsonl"], None);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("decode_session_strict", transcript(&output));
}

#[test]
fn roundtrip_capture() {
    let output = cti(&["roundtrip", "captures/session.har"], None);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("roundtrip_session_har", transcript(&output));
    let output = cti(&["roundtrip", "captures/malformed.jsonl"], None);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("roundtrip_malformed_jsonl", transcript(&output));
}

/// The whole vocabulary: every command and every msgType this crate knows, in a capture;
/// each decodes as a known kind and the capture round-trips byte for byte.
#[test]
fn vocabulary_capture_is_all_known_and_round_trips() {
    let path = "captures/vocabulary.jsonl";
    let capture = std::fs::read(repo().join(path)).expect("the capture ships");
    let output = cti(&["roundtrip", path], None);
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    assert!(output.stdout == capture, "cti roundtrip changed {path}");

    let output = cti(&["decode", "--strict", path], None);
    let mut kinds = std::collections::BTreeSet::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        // Fields read one by one: a message may hold a number that `serde_json::Value`
        // cannot (`1e400`, kept raw and written back as received).
        let fields: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
            serde_json::from_str(line).expect("a JSON line");
        let field = |key: &str| fields.get(key).map_or("", |value| value.get());
        if field("ok") == "true" {
            assert_eq!(field("known"), "true", "{line}");
        }
        kinds.insert((field("direction").to_owned(), field("kind").to_owned()));
    }
    let known = cti_proto::CommandKind::ALL.len() + cti_proto::EventKind::ALL.len();
    assert_eq!(kinds.len(), known, "every known kind is in {path}");
    let lenient = cti(&["decode", path], None);
    assert_eq!(lenient.status.code(), Some(0), "{}", transcript(&lenient));
}

#[test]
fn roundtrip_output_is_its_own_roundtrip() {
    let first = cti(&["roundtrip", "captures/session.jsonl"], None);
    let second = cti(&["roundtrip", "-"], Some(&first.stdout));
    assert_eq!(second.status.code(), Some(0), "{}", transcript(&second));
    assert_eq!(second.stdout, first.stdout);
}

#[test]
fn lint_capture() {
    let output = cti(&["lint", "--color", "never", "captures/session.har"], None);
    assert_eq!(output.status.code(), Some(0));
    insta::assert_snapshot!("lint_session_har", transcript(&output));
    let output = cti(
        &["lint", "--color", "never", "captures/malformed.jsonl"],
        None,
    );
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("lint_malformed_jsonl", transcript(&output));
}

#[test]
fn lint_colours_only_when_asked_or_on_a_terminal() {
    let plain = cti(&["lint", "captures/malformed.jsonl"], None);
    assert!(!plain.stdout.contains(&0x1b), "no colour into a pipe");
    let coloured = cti(
        &["lint", "--color", "always", "captures/malformed.jsonl"],
        None,
    );
    let text = String::from_utf8_lossy(&coloured.stdout);
    assert!(text.contains("\x1b[31merror\x1b[0m"), "{text}");
}

#[test]
fn standard_input_blank_lines_and_bad_bytes() {
    let input = b"\n{\"claz\":\"ping\"}\n   \n{\"msgType\":\"LoggedOn\"}\r\n\xff\xfe\n";
    let output = cti(&["decode"], Some(input));
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!("decode_stdin", transcript(&output));
}

#[test]
fn direction_can_be_forced() {
    let output = cti(
        &["decode", "--direction", "client", "-"],
        Some(b"{\"msgType\":\"LoggedOn\"}\n"),
    );
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with(r#"{"frame":1,"ok":false,"direction":"client","kind":null"#),
        "{text}"
    );
}

#[test]
fn bad_usage_and_unreadable_input_exit_2() {
    let missing = cti(&["decode", "captures/no-such-file.jsonl"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-file.jsonl"));

    let not_har = cti(
        &["decode", "--format", "har", "captures/session.jsonl"],
        None,
    );
    assert_eq!(not_har.status.code(), Some(2), "{}", transcript(&not_har));
    assert!(String::from_utf8_lossy(&not_har.stderr).contains("not a readable HAR file"));

    let unknown_flag = cti(&["decode", "--frobnicate"], None);
    assert_eq!(unknown_flag.status.code(), Some(2));
    let no_subcommand = cti(&[], None);
    assert_eq!(no_subcommand.status.code(), Some(2));
}

#[test]
fn help_says_what_the_output_is() {
    let help = cti(&["decode", "--help"], None);
    let text = String::from_utf8_lossy(&help.stdout);
    for needle in [
        "\"frame\"",
        "diagnostics",
        "--strict",
        "--format",
        "--direction",
        "jsonl",
        "har",
        "Exit status",
    ] {
        assert!(
            text.contains(needle)
                || String::from_utf8_lossy(&cti(&["--help"], None).stdout).contains(needle),
            "{needle} missing from help"
        );
    }
}

#[test]
fn serve_help_documents_the_control_api() {
    let help = cti(&["serve", "--help"], None);
    let text = String::from_utf8_lossy(&help.stdout);
    for needle in [
        "--control",
        "/_cti/ring",
        "/_cti/agent",
        "/_cti/queue",
        "/_cti/push",
        "404",
    ] {
        assert!(text.contains(needle), "{needle} missing from serve --help");
    }
}

/// Writes a capture for one test under Cargo's temporary folder for tests.
fn temp_file(name: &str, bytes: &[u8]) -> String {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::write(&path, bytes).expect("temporary capture written");
    path.display().to_string()
}

/// A HAR document with one WebSocket entry holding `messages` (the inside of the
/// `_webSocketMessages` array).
fn har(messages: &str) -> String {
    format!(
        r#"{{"log":{{"version":"1.2","entries":[{{"request":{{"url":"https://xuc.example.com/"}}}},{{"_resourceType":"websocket","_webSocketMessages":[{messages}]}}]}}}}"#
    )
}

#[test]
fn a_line_over_the_frame_limit_is_one_bad_frame_and_reading_goes_on() {
    // Made up: a frame, a 1,000-byte line (over a 64-byte limit), a frame.
    let long = format!(r#"{{"msgType":"LoggedOn","x":"{}"}}"#, "a".repeat(971));
    assert_eq!(long.len(), 1000);
    let capture = format!("{{\"claz\":\"ping\"}}\n{long}\n{{\"msgType\":\"LoggedOn\"}}\n");
    let path = temp_file("long-line.jsonl", capture.as_bytes());

    let lint = cti(
        &["lint", "--color", "never", "--max-frame-bytes", "64", &path],
        None,
    );
    assert_eq!(lint.status.code(), Some(1), "{}", transcript(&lint));
    let text = String::from_utf8_lossy(&lint.stdout);
    assert!(
        text.contains("\nsummary: 3 frames, 2 decoded, 1 with errors,"),
        "{text}"
    );
    assert!(
        text.contains(
            "frame 2     server (no kind)  error\n      the line is 1000 bytes long, \
             over the frame limit of 64 bytes (skipped to the next line)\n"
        ),
        "{text}"
    );

    let decode = cti(&["decode", "--max-frame-bytes", "64", &path], None);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&decode.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1]["frame"], 2);
    assert_eq!(lines[1]["ok"], false);
    assert_eq!(lines[1]["kind"], serde_json::Value::Null);
    assert_eq!(lines[2]["kind"], "LoggedOn");
    assert_eq!(lines[2]["ok"], true);
}

#[test]
fn the_frame_limit_counts_the_frame_not_the_blanks_around_it() {
    let frame = r#"{"msgType":"LoggedOn"}"#; // 22 bytes
    let limit = frame.len().to_string();
    let input = format!("  {frame}  \r\n{frame} x\n{frame}");
    let output = cti(
        &["decode", "--max-frame-bytes", &limit, "-"],
        Some(input.as_bytes()),
    );
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with(r#"{"frame":1,"ok":true"#), "{text}");
    assert!(
        lines[1].contains("the line is 24 bytes long, over the frame limit of 22 bytes"),
        "{text}"
    );
    // The last line has no newline and is read all the same.
    assert!(lines[2].starts_with(r#"{"frame":3,"ok":true"#), "{text}");
}

#[test]
fn malformed_har_messages_are_bad_frames_and_reading_goes_on() {
    // Made up: a good message, then one malformed message of each sort, then a good one.
    let capture = har(concat!(
        r#"{"type":"receive","opcode":1,"data":"{\"msgType\":\"LoggedOn\"}"},"#,
        r#"{"type":"receive","opcode":1,"data":{"msgType":"LoggedOn"}},"#,
        r#"{"type":"ping","data":"{\"msgType\":\"LoggedOn\"}"},"#,
        r#"{"type":"send","opcode":1},"#,
        r#"{"opcode":"text","time":1.5},"#,
        r#"42,"#,
        r#"{"type":"send","data":"{\"claz\":\"ping\"}"}"#
    ));
    let path = temp_file("malformed-messages.har", capture.as_bytes());
    let output = cti(&["lint", "--color", "never", &path], None);
    assert_eq!(output.status.code(), Some(1), "{}", transcript(&output));
    insta::assert_snapshot!("lint_malformed_har_messages", transcript(&output));
}

#[test]
fn a_har_string_over_the_frame_limit_is_one_bad_frame_and_reading_goes_on() {
    // Made up. Under a 100-byte frame limit: a 1,000-byte `data`, a 1,000-byte key, and
    // a frame of 78 bytes written in 128 (its quotes escaped: escapes count as one byte);
    // long strings outside the messages are read past and change nothing.
    let long_data = format!(
        r#"{{"type":"receive","opcode":1,"data":"{}"}}"#,
        "a".repeat(1000)
    );
    let long_key = format!(
        r#"{{"type":"send","{}":1,"data":"{{\"claz\":\"ping\"}}"}}"#,
        "k".repeat(1000)
    );
    let escaped_frame = format!(
        r#"{{"msgType":"LoggedOn","ctiMessage":"{}"}}"#,
        r#"\""#.repeat(20)
    );
    let escaped = serde_json::to_string(&escaped_frame).unwrap();
    assert_eq!((escaped_frame.len(), escaped.len()), (78, 128));
    let messages = [
        r#"{"type":"receive","opcode":1,"data":"{\"msgType\":\"LoggedOn\"}"}"#.to_owned(),
        long_data,
        long_key,
        format!(r#"{{"type":"receive","data":{escaped}}}"#),
        format!(
            r#"{{"type":"send","time":"{}","data":"{{\"claz\":\"ping\"}}"}}"#,
            "t".repeat(1000)
        ),
    ];
    let capture = format!(
        r#"{{"log":{{"entries":[{{"request":{{"url":"https://xuc.example.com/{}"}}}},{{"_webSocketMessages":[{}]}}]}}}}"#,
        "u".repeat(1000),
        messages.join(",")
    );
    let path = temp_file("long-strings.har", capture.as_bytes());
    let lint = cti(
        &[
            "lint",
            "--color",
            "never",
            "--max-frame-bytes",
            "100",
            &path,
        ],
        None,
    );
    assert_eq!(lint.status.code(), Some(1), "{}", transcript(&lint));
    let text = String::from_utf8_lossy(&lint.stdout);
    assert!(
        text.contains("\nsummary: 5 frames, 3 decoded, 2 with errors,"),
        "{text}"
    );
    assert!(
        text.contains(
            "frame 2     server (no kind)  error\n      malformed HAR WebSocket message: \
             `data` is a string of 1000 bytes, over the frame limit of 100 bytes (skipped)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "frame 3     client (no kind)  error\n      malformed HAR WebSocket message: \
             a key is a string of 1000 bytes, over the frame limit of 100 bytes (skipped)\n"
        ),
        "{text}"
    );
    assert!(text.contains("\nframe 4     server LoggedOn"), "{text}");
    assert!(text.contains("\nframe 5     client ping\n"), "{text}");
}

#[test]
fn a_har_message_nested_100000_deep_is_one_bad_frame_and_reading_goes_on() {
    // Made up: a `data` 100,000 arrays deep, a message that is one, and in the entry a
    // field 1,000 objects deep (read past: it changes nothing).
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let initiator = format!("{}1{}", r#"{"a":"#.repeat(1000), "}".repeat(1000));
    let messages = [
        r#"{"type":"receive","data":"{\"msgType\":\"LoggedOn\"}"}"#.to_owned(),
        format!(r#"{{"type":"receive","data":{deep}}}"#),
        deep.clone(),
        r#"{"type":"send","data":"{\"claz\":\"ping\"}"}"#.to_owned(),
    ];
    let capture = format!(
        r#"{{"log":{{"entries":[{{"_initiator":{initiator},"_webSocketMessages":[{}]}}]}}}}"#,
        messages.join(",")
    );
    let path = temp_file("deep.har", capture.as_bytes());
    let lint = cti(&["lint", "--color", "never", &path], None);
    assert_eq!(lint.status.code(), Some(1), "{}", transcript(&lint));
    let text = String::from_utf8_lossy(&lint.stdout);
    assert!(
        text.contains("\nsummary: 4 frames, 2 decoded, 2 with errors,"),
        "{text}"
    );
    for (frame, problem) in [
        ("frame 2     server", "`data` is an array, not a string"),
        ("frame 3     server", "an array, not an object"),
    ] {
        let expected =
            format!("{frame} (no kind)  error\n      malformed HAR WebSocket message: {problem}\n");
        assert!(text.contains(&expected), "{text}");
    }
    assert!(text.contains("\nframe 4     client ping\n"), "{text}");
}

#[test]
fn a_har_file_with_the_wrong_shape_is_an_input_error() {
    for (name, capture) in [
        ("not-json.har", "this is not JSON"),
        ("no-log.har", r#"{"entries":[]}"#),
        ("no-entries.har", r#"{"log":{"version":"1.2"}}"#),
        ("entries-not-array.har", r#"{"log":{"entries":{}}}"#),
        ("top-level-array.har", r#"[{"log":{"entries":[]}}]"#),
    ] {
        let path = temp_file(name, capture.as_bytes());
        let output = cti(&["decode", &path], None);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{name}: {}",
            transcript(&output)
        );
        assert!(output.stdout.is_empty(), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("{name}: not a readable HAR file")),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn a_byte_order_mark_is_skipped() {
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let jsonl = [BOM, b"{\"msgType\":\"LoggedOn\"}\n{\"claz\":\"ping\"}\n"].concat();
    let har = [
        BOM,
        har(r#"{"type":"send","data":"{\"claz\":\"ping\"}"}"#).as_bytes(),
    ]
    .concat();
    let runs = [
        (
            "file",
            cti(&["decode", &temp_file("bom.jsonl", &jsonl)], None),
        ),
        ("HAR", cti(&["decode", &temp_file("bom.har", &har)], None)),
        ("stdin", cti(&["decode"], Some(&jsonl))),
    ];
    for (what, output) in runs {
        assert_eq!(
            output.status.code(),
            Some(0),
            "{what}: {}",
            transcript(&output)
        );
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.starts_with(r#"{"frame":1,"ok":true,"#),
            "{what}: {text}"
        );
    }
}

#[test]
fn binary_messages_are_skipped_and_counted() {
    // Made up: text frames with opcode 1 and with none, binary frames (opcode 2) between.
    let capture = har(concat!(
        r#"{"type":"receive","opcode":2,"data":"AAEC"},"#,
        r#"{"type":"receive","opcode":1,"data":"{\"msgType\":\"LoggedOn\"}"},"#,
        r#"{"type":"send","opcode":2,"data":"AAEC"},"#,
        r#"{"type":"send","data":"{\"claz\":\"ping\"}"}"#
    ));
    let path = temp_file("binary.har", capture.as_bytes());
    let output = cti(&["lint", "--color", "never", &path], None);
    assert_eq!(output.status.code(), Some(0), "{}", transcript(&output));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("\nsummary: 2 frames, 2 decoded, 0 with errors, 0 diagnostics\n  binary messages skipped (not decoded): 2\n"),
        "{text}"
    );
    assert!(text.starts_with("frame 1     server LoggedOn"), "{text}");
    assert!(text.contains("\nframe 2     client ping\n"), "{text}");

    let decode = cti(&["decode", &path], None);
    assert_eq!(String::from_utf8_lossy(&decode.stdout).lines().count(), 2);
}

/// CI fails on a snapshot file that no `assert_snapshot!` of this file writes.
#[test]
fn every_snapshot_is_referenced() {
    let source = include_str!("cli.rs");
    let names: Vec<&str> = source
        .split("assert_snapshot!(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for entry in std::fs::read_dir(dir).expect("snapshots folder") {
        let file = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let name = file
            .strip_prefix("cli__")
            .and_then(|f| f.strip_suffix(".snap"));
        assert!(
            name.is_some_and(|n| names.contains(&n)),
            "unreferenced snapshot {file}"
        );
    }
}

/// `--jobs`: the output is the same on any number of threads, in the capture's order,
/// across batches (batches of 64 frames here, many more than threads) and with bad frames,
/// binary messages and frames of both directions among them.
#[test]
fn the_output_is_the_same_on_any_number_of_threads() {
    // Made up from the shipped captures: the vocabulary (every kind, both directions) and
    // the malformed frames, five times over, as JSON Lines and as HAR.
    let vocabulary = std::fs::read_to_string(repo().join("captures/vocabulary.jsonl"))
        .expect("the vocabulary capture");
    let malformed = std::fs::read_to_string(repo().join("captures/malformed.jsonl"))
        .expect("the malformed capture");
    let once = format!("{vocabulary}{malformed}");
    let jsonl = temp_file("jobs.jsonl", once.repeat(5).as_bytes());
    let lines: Vec<&str> = vocabulary
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(lines.len() * 5 > 20 * 64, "more than twenty batches");
    let messages: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            let data = serde_json::to_string(line).expect("a JSON string");
            let kind = if line.contains("\"claz\"") {
                "send"
            } else {
                "receive"
            };
            let binary = if i % 50 == 0 {
                r#"{"type":"receive","opcode":2,"data":"AAE="},"#
            } else {
                ""
            };
            format!(r#"{binary}{{"type":"{kind}","opcode":1,"data":{data}}}"#)
        })
        .collect();
    let har = temp_file(
        "jobs.har",
        har(&vec![messages.join(","); 5].join(",")).as_bytes(),
    );
    for args in [
        &["decode"][..],
        &["lint", "--color", "never"],
        &["roundtrip"],
        &["decode", "--strict"],
    ] {
        for capture in [&jsonl, &har] {
            let run = |jobs: &str| {
                let mut all = args.to_vec();
                all.extend(["--batch-frames", "64", "--jobs", jobs, capture.as_str()]);
                cti(&all, None)
            };
            let one = run("1");
            assert!(!one.stdout.is_empty(), "{}", transcript(&one));
            for jobs in ["2", "3", "7"] {
                let (many, one) = (transcript(&run(jobs)), transcript(&one));
                // The first line that differs, not the whole of both.
                let differ = many.lines().zip(one.lines()).position(|(a, b)| a != b);
                assert!(
                    many == one,
                    "{args:?} {capture} on {jobs} threads: line {differ:?} differs, {} and {} lines",
                    many.lines().count(),
                    one.lines().count()
                );
            }
        }
    }
}
