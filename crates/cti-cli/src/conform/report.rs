//! The reports of `cti conform`: text for people, and with `--report DIR` a `report.json`,
//! a `junit.xml` for CI and an `index.html` that opens in a browser.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use super::peer::printable;
use super::Outcome;

/// A line a case, then a summary.
pub fn text(outcomes: &[Outcome], strict: bool, took: Duration) -> String {
    let mut out = String::new();
    for o in outcomes {
        out.push_str(&format!(
            "{:<13} {:<6} {:<20} {}: {}",
            o.verdict_name(),
            o.case.level.as_str(),
            o.case.id,
            o.case.title,
            printable(o.detail())
        ));
        if let Some(reason) = &o.known {
            out.push_str(&format!(" [known failure: {reason}]"));
        }
        out.push('\n');
    }
    let count = |name: &str| outcomes.iter().filter(|o| o.verdict_name() == name).count();
    let failed = outcomes
        .iter()
        .filter(|o| o.counts_as_failure(strict))
        .count();
    out.push_str(&format!(
        "summary: {} cases: {} pass, {} fail ({failed} counted{}), {} known failures, {} skipped, {} info in {:.1} s\n",
        outcomes.len(),
        count("pass"),
        count("fail"),
        if strict { ", must and should" } else { ", must only" },
        count("known-failure"),
        count("skip"),
        count("info"),
        took.as_secs_f64()
    ));
    out
}

/// Every case as JSON: id, level, verdict, duration, evidence, and its frames.
pub fn json(outcomes: &[Outcome], strict: bool) -> Value {
    let cases: Vec<Value> = outcomes
        .iter()
        .map(|o| {
            let frames: Vec<Value> = o
                .transcript
                .lines
                .iter()
                .map(|l| {
                    json!({
                        "at_ms": l.at_ms,
                        "direction": if l.sent { "sent" } else { "received" },
                        "channel": if l.ws { "websocket" } else { "rest" },
                        "session": if l.peer { "peer" } else { "user" },
                        "text": l.text,
                    })
                })
                .collect();
            json!({
                "id": o.case.id,
                "level": o.case.level.as_str(),
                "verdict": o.verdict_name(),
                "counted": o.counts_as_failure(strict),
                "detail": o.detail(),
                "known_failure": o.known,
                "title": o.case.title,
                "evidence": o.case.evidence,
                "changes_state": o.case.changes,
                "duration_ms": o.duration.as_millis(),
                "frames": frames,
                "frames_dropped": o.transcript.dropped,
            })
        })
        .collect();
    json!({ "strict": strict, "cases": cases })
}

fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 has no place for other control characters.
            c if c.is_control() && !matches!(c, '\n' | '\t') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML: a test case per case; a counted failure is a `<failure>`, a skipped case or
/// a known failure `<skipped>`.
pub fn junit(outcomes: &[Outcome], strict: bool, suite: &str) -> String {
    let failures = outcomes
        .iter()
        .filter(|o| o.counts_as_failure(strict))
        .count();
    let skipped = outcomes
        .iter()
        .filter(|o| matches!(o.verdict_name(), "skip" | "known-failure"))
        .count();
    let total: f64 = outcomes.iter().map(|o| o.duration.as_secs_f64()).sum();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\" time=\"{total:.3}\">\n",
        xml(suite),
        outcomes.len()
    );
    for o in outcomes {
        let area = o.case.id.split('.').next().unwrap_or("");
        out.push_str(&format!(
            "  <testcase classname=\"{}\" name=\"{}\" time=\"{:.3}\">",
            xml(area),
            xml(o.case.id),
            o.duration.as_secs_f64()
        ));
        if o.counts_as_failure(strict) {
            out.push_str(&format!(
                "<failure message=\"{}\">{}</failure>",
                xml(o.detail()),
                xml(o.case.evidence)
            ));
        } else if o.verdict_name() == "known-failure" {
            let reason = o.known.as_deref().unwrap_or("");
            out.push_str(&format!(
                "<skipped message=\"known failure: {}\"/>",
                xml(reason)
            ));
        } else if o.verdict_name() == "skip" {
            out.push_str(&format!("<skipped message=\"{}\"/>", xml(o.detail())));
        } else if matches!(o.verdict_name(), "fail") {
            // A failure not counted (a `should` without --strict): said, not failed.
            out.push_str(&format!(
                "<system-out>{} (not counted: {})</system-out>",
                xml(o.detail()),
                o.case.level.as_str()
            ));
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}

/// A page: the cases in a table, each case's frames one click away.
pub fn html(outcomes: &[Outcome], strict: bool, suite: &str) -> String {
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{suite}</title>\n<style>\nbody{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;width:100%}}td,th{{border:1px solid #ccc;padding:4px 8px;vertical-align:top;text-align:left}}\n.pass{{background:#e6f4e6}}.fail{{background:#fbe3e3}}.known-failure{{background:#fff4d6}}.skip{{color:#777}}.info{{background:#eef3fb}}\npre{{white-space:pre-wrap;word-break:break-all;margin:0}}\n</style></head><body>\n<h1>{suite}</h1>\n",
        suite = xml(suite)
    );
    out.push_str(&format!(
        "<p>{} cases; {} counted failures ({}).</p>\n<table>\n<tr><th>case</th><th>level</th><th>verdict</th><th>ms</th><th>what</th><th>evidence</th></tr>\n",
        outcomes.len(),
        outcomes.iter().filter(|o| o.counts_as_failure(strict)).count(),
        if strict { "must and should" } else { "must only" }
    ));
    for o in outcomes {
        let mut frames = String::new();
        for l in &o.transcript.lines {
            frames.push_str(&format!(
                "{:>6} ms {}{} {}\n",
                l.at_ms,
                if l.peer { "peer " } else { "" },
                match (l.ws, l.sent) {
                    (true, true) => "sent    ",
                    (true, false) => "received",
                    (false, true) => "REST    ",
                    (false, false) => "        ",
                },
                xml(&l.text)
            ));
        }
        if o.transcript.dropped > 0 {
            frames.push_str(&format!(
                "({} more frames not kept)\n",
                o.transcript.dropped
            ));
        }
        let known = o
            .known
            .as_deref()
            .map(|r| format!("<br>known failure: {}", xml(r)))
            .unwrap_or_default();
        out.push_str(&format!(
            "<tr class=\"{verdict}\" id=\"{id}\"><td>{id}</td><td>{level}</td><td>{verdict}</td><td>{ms}</td><td>{title}<br><b>{detail}</b>{known}<details><summary>frames ({n})</summary><pre>{frames}</pre></details></td><td>{evidence}</td></tr>\n",
            verdict = o.verdict_name(),
            id = xml(o.case.id),
            level = o.case.level.as_str(),
            ms = o.duration.as_millis(),
            title = xml(o.case.title),
            detail = xml(o.detail()),
            n = o.transcript.lines.len(),
            evidence = xml(o.case.evidence),
        ));
    }
    out.push_str("</table>\n</body></html>\n");
    out
}

/// Writes report.json, junit.xml and index.html of the suite `suite` (`cti conform
/// server`) into `dir` (made if need be). The frames are the other side's as received:
/// the files are readable by their owner only.
pub fn write_dir(dir: &Path, outcomes: &[Outcome], strict: bool, suite: &str) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let report = serde_json::to_string_pretty(&json(outcomes, strict)).unwrap_or_default();
    for (name, text) in [
        ("report.json", report + "\n"),
        ("junit.xml", junit(outcomes, strict, suite)),
        ("index.html", html(outcomes, strict, suite)),
    ] {
        // A new file (never through a link planted there, never an old file's mode),
        // then renamed over the old one.
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let _ = std::fs::remove_file(&temporary);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options
            .open(&temporary)
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .and_then(|()| std::fs::rename(&temporary, dir.join(name)));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::Level;
    use super::*;

    #[test]
    fn xml_escapes_markup_and_control_characters() {
        assert_eq!(
            xml("<a href='x'>&\u{1b}[2J"),
            "&lt;a href=&#39;x&#39;&gt;&amp;\\u{1b}[2J"
        );
    }

    #[test]
    fn levels_read_as_words() {
        assert_eq!(Level::Should.as_str(), "should");
    }
}
