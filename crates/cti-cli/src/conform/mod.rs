//! `cti conform server URL --login USER`: the conformance suite, pointed at a live xuc;
//! `cti conform client`: the test double judging a client pointed at it ([`client`]).
//!
//! Each case has a hierarchical id (`user.search.1`), a level (`must`; `should`, counted
//! only with `--strict`; `info`, observed and recorded, never judged) and the evidence that
//! defines it. Expected frames are matched by a predicate within a timeout; the pushes a
//! server sends unasked (statuses, preferences, statistics, ping answers) are skipped,
//! never failures. Cases that change the server's state run only with `--allow-changes`.

mod cases;
mod client;
mod peer;
mod report;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Subcommand};

use peer::{Server, Transcript};

/// Where the peer's password is read from (`--peer`).
const PEER_PASSWORD_VAR: &str = "CTI_PEER_PASSWORD";

/// What `cti conform` judges.
#[derive(Subcommand)]
pub enum Target {
    /// Drive a server under test through the cases and judge its answers.
    ///
    /// The password comes from CTI_PASSWORD (and the peer's from CTI_PEER_PASSWORD), or is
    /// asked for on the terminal without echo.
    ///
    /// Exit status: 0 when every counted case passed (must, and should with --strict; a
    /// case listed in --known-failures is not counted), 1 when one failed, 2 for bad
    /// usage.
    Server(ServerOptions),
    /// Start the test double (the server `cti serve` runs) and judge a client under test
    /// by what it sends: its login, every frame decoded strictly, its heartbeat, its
    /// login again after the server closes the WebSocket.
    ///
    /// The first line on standard output is `listening on http://HOST:PORT`; point the
    /// client under test there, logging in as alice (password alice), the demo
    /// scenario's user (or a user of --scenario), within --timeout. Frames the client
    /// sends that no case expects are never failures, as long as they decode strictly.
    ///
    /// Cases: client.login.1, client.heartbeat.1, client.relogin.1 (should),
    /// client.answer.1 (skipped: CLIENTS.md names no push a client must answer),
    /// client.strict.1.
    ///
    /// Exit status: as `cti conform server`'s.
    Client(client::ClientOptions),
}

/// `cti conform server`'s options.
#[derive(Args)]
pub struct ServerOptions {
    /// The server: http://HOST:PORT or https://HOST:PORT (the WebSocket is ws:// or
    /// wss:// on the same host).
    #[arg(value_name = "URL")]
    url: String,
    /// The user to log in as.
    #[arg(long, value_name = "USER")]
    login: String,
    /// The user's phone number, for the agent cases (login, pause, ready, logout); with
    /// no number, they are skipped.
    #[arg(long, value_name = "N")]
    phone: Option<String>,
    /// A number to call for the phone cases (`dial` to `EventReleased`); with no number,
    /// they are skipped.
    #[arg(long, value_name = "NUMBER")]
    dial: Option<String>,
    /// A second user, logged in beside the first, for the call between two users
    /// (`phone.peer.*`: the peer's phone rings, the peer answers, both are released);
    /// with no peer, those cases are skipped. Needs --peer-phone.
    #[arg(long, value_name = "LOGIN")]
    peer: Option<String>,
    /// The peer's phone number, which the user dials.
    #[arg(long, value_name = "N", requires = "peer")]
    peer_phone: Option<String>,
    /// The term of the directory search.
    #[arg(long, value_name = "TERM", default_value = "bond")]
    search: String,
    /// Run the cases that change the server's state (preferences, calls).
    #[arg(long)]
    allow_changes: bool,
    /// Which cases, and what counts.
    #[command(flatten)]
    select: Selection,
}

/// What `cti conform server` and `cti conform client` share: which cases run, what
/// counts, and the report.
#[derive(Args)]
pub struct Selection {
    /// Count `should` cases too.
    #[arg(long)]
    strict: bool,
    /// Run only the cases whose id matches GLOB (`*` any text, `?` one character);
    /// repeatable.
    #[arg(long = "cases", value_name = "GLOB")]
    cases: Vec<String>,
    /// Skip the cases whose id matches GLOB; repeatable.
    #[arg(long = "skip", value_name = "GLOB")]
    skip: Vec<String>,
    /// A file of known failures, a line each: a case id, white space, the reason (`#`
    /// starts a comment). Such a case still runs and is reported, but not counted.
    #[arg(long, value_name = "FILE")]
    known_failures: Option<PathBuf>,
    /// Write report.json, junit.xml and index.html (a table of cases, each with its
    /// frames, as they went; the files are readable by their owner only) into DIR.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
}

/// How much a case counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// Required.
    Must,
    /// Expected; counted only with `--strict`.
    Should,
    /// Observed and recorded, not judged.
    Info,
}

impl Level {
    fn as_str(self) -> &'static str {
        match self {
            Level::Must => "must",
            Level::Should => "should",
            Level::Info => "info",
        }
    }
}

/// One case of the suite.
#[derive(Debug)]
pub struct Case {
    /// Hierarchical id: area, subject (one or two words: `peer.ring`), number.
    pub id: &'static str,
    /// How much it counts.
    pub level: Level,
    /// What it checks, in a sentence.
    pub title: &'static str,
    /// What defines it: the seed's section, a CLIENTS.md or WIRE.md row.
    pub evidence: &'static str,
    /// It changes the server's state: runs only with `--allow-changes`.
    pub changes: bool,
}

/// What a case came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// As expected.
    Pass(String),
    /// Not as expected: why, naming the frame.
    Fail(String),
    /// Not run: why.
    Skip(String),
    /// Observed (an `info` case): what.
    Info(String),
}

/// A case as run.
#[derive(Debug)]
pub struct Outcome {
    /// The case.
    pub case: &'static Case,
    /// What it came to.
    pub verdict: Verdict,
    /// The reason from `--known-failures`, when the case is listed there.
    pub known: Option<String>,
    /// How long it took.
    pub duration: Duration,
    /// Its frames.
    pub transcript: Transcript,
}

impl Outcome {
    /// `pass`, `fail`, `skip`, `info`, or `known-failure` (a listed case that failed).
    pub fn verdict_name(&self) -> &'static str {
        match (&self.verdict, &self.known) {
            (Verdict::Fail(_), Some(_)) => "known-failure",
            (Verdict::Pass(_), _) => "pass",
            (Verdict::Fail(_), None) => "fail",
            (Verdict::Skip(_), _) => "skip",
            (Verdict::Info(_), _) => "info",
        }
    }

    /// The verdict's sentence and the frames with each secret replaced by `<redacted>`.
    pub fn redact(&mut self, secrets: &[&str]) {
        match &mut self.verdict {
            Verdict::Pass(s) | Verdict::Fail(s) | Verdict::Skip(s) | Verdict::Info(s) => {
                *s = peer::redact(s, secrets);
            }
        }
        self.transcript.redact(secrets);
    }

    /// The verdict's sentence.
    pub fn detail(&self) -> &str {
        match &self.verdict {
            Verdict::Pass(s) | Verdict::Fail(s) | Verdict::Skip(s) | Verdict::Info(s) => s,
        }
    }

    /// A failure that fails the run.
    pub fn counts_as_failure(&self, strict: bool) -> bool {
        matches!(self.verdict, Verdict::Fail(_))
            && self.known.is_none()
            && (self.case.level == Level::Must || (strict && self.case.level == Level::Should))
    }
}

/// Which cases run, and how.
pub struct Plan {
    cases: Vec<String>,
    skip: Vec<String>,
    known: Vec<(String, String)>,
    allow_changes: bool,
}

impl Plan {
    /// Why a case does not run, if it does not.
    fn excluded(&self, case: &Case) -> Option<String> {
        if !self.cases.is_empty() && !self.cases.iter().any(|g| glob(g, case.id)) {
            return Some("not selected by --cases".to_owned());
        }
        if let Some(g) = self.skip.iter().find(|g| glob(g, case.id)) {
            return Some(format!("skipped by --skip {g}"));
        }
        if case.changes && !self.allow_changes {
            return Some("changes the server's state: needs --allow-changes".to_owned());
        }
        None
    }

    fn known(&self, case: &Case) -> Option<String> {
        self.known
            .iter()
            .find(|(id, _)| glob(id, case.id))
            .map(|(_, reason)| reason.clone())
    }
}

/// `*` any text, `?` one character, the rest itself.
pub fn glob(pattern: &str, text: &str) -> bool {
    fn go(p: &[char], t: &[char]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some('*'), _) => go(&p[1..], t) || (!t.is_empty() && go(p, &t[1..])),
            (Some('?'), Some(_)) => go(&p[1..], &t[1..]),
            (Some(a), Some(b)) if a == b => go(&p[1..], &t[1..]),
            _ => false,
        }
    }
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    go(&p, &t)
}

/// Reads a known-failures file: `CASE-ID reason` a line, `#` comments; each id (a glob)
/// must match one of `all`.
fn known_failures(text: &str, all: &[&Case]) -> Result<Vec<(String, String)>, String> {
    let mut known = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let (id, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(format!("line {}: `{id}` needs a reason", n + 1));
        }
        if !all.iter().any(|case| glob(id, case.id)) {
            return Err(format!("line {}: no case matches `{id}`", n + 1));
        }
        known.push((id.to_owned(), reason.to_owned()));
    }
    Ok(known)
}

/// Bad usage: said, exit status 2.
fn usage(why: String) -> ExitCode {
    eprintln!("cti: {why}");
    ExitCode::from(2)
}

impl Selection {
    /// The plan of a suite whose cases are `all`, or why not (bad usage).
    fn plan(&self, all: &[&Case], allow_changes: bool) -> Result<Plan, String> {
        for glob in self.cases.iter().chain(&self.skip) {
            if !all.iter().any(|case| self::glob(glob, case.id)) {
                return Err(format!(
                    "no case matches `{glob}` (cases: {})",
                    case_ids(all)
                ));
            }
        }
        let known = match &self.known_failures {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|text| known_failures(&text, all))
                .map_err(|e| format!("{}: {e}", path.display()))?,
            None => Vec::new(),
        };
        Ok(Plan {
            cases: self.cases.clone(),
            skip: self.skip.clone(),
            known,
            allow_changes,
        })
    }

    /// Prints the text report, writes the report files, and says the exit status: 1 when
    /// a counted case failed.
    fn finish(&self, outcomes: &[Outcome], suite: &str, took: Duration) -> ExitCode {
        print!("{}", report::text(outcomes, self.strict, took));
        if let Some(dir) = &self.report {
            if let Err(e) = report::write_dir(dir, outcomes, self.strict, suite) {
                eprintln!("cti: {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        }
        if outcomes.iter().any(|o| o.counts_as_failure(self.strict)) {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        }
    }
}

/// A current-thread runtime, or why not.
fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))
}

/// Runs `cti conform`.
pub fn run(target: &Target) -> ExitCode {
    match target {
        Target::Server(options) => run_server(options),
        Target::Client(options) => client::run(options),
    }
}

fn run_server(options: &ServerOptions) -> ExitCode {
    let (host, secure) = match crate::probe::server_of(&options.url) {
        Ok(server) => server,
        Err(e) => return usage(e),
    };
    let plan = match options.select.plan(cases::ALL, options.allow_changes) {
        Ok(plan) => plan,
        Err(e) => return usage(e),
    };
    let password = match crate::probe::password(&options.login) {
        Ok(password) => password,
        Err(e) => return usage(e),
    };
    let peer = match &options.peer {
        Some(peer) if *peer == options.login => {
            return usage(format!(
                "--peer {peer} is the --login user: give another user"
            ))
        }
        Some(peer) => match crate::probe::password_in(PEER_PASSWORD_VAR, peer) {
            Ok(password) => Some(cases::Peer {
                login: peer.clone(),
                password,
                phone: options.peer_phone.clone(),
            }),
            Err(e) => return usage(e),
        },
        None => None,
    };
    let settings = cases::Settings {
        server: Server { host, secure },
        login: options.login.clone(),
        password,
        phone: options.phone.clone(),
        dial: options.dial.clone(),
        peer,
        search: options.search.clone(),
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(e) => return usage(e),
    };
    let started = Instant::now();
    let outcomes = runtime.block_on(cases::run(&settings, &plan));
    options
        .select
        .finish(&outcomes, "cti conform server", started.elapsed())
}

fn case_ids(all: &[&Case]) -> String {
    all.iter().map(|c| c.id).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob("user.*", "user.search.1"));
        assert!(glob("*.1", "user.search.1"));
        assert!(glob("user.search.?", "user.search.2"));
        assert!(!glob("user.*", "phone.dial.1"));
        assert!(glob("phone.dial.1", "phone.dial.1"));
    }

    #[test]
    fn known_failures_need_a_reason_and_a_case() {
        let known = known_failures(
            "# ours\nuser.search.2  we send no DirectoryResult\n\n",
            cases::ALL,
        )
        .expect("read");
        assert_eq!(
            known,
            [(
                "user.search.2".to_owned(),
                "we send no DirectoryResult".to_owned()
            )]
        );
        assert!(known_failures("user.search.2\n", cases::ALL)
            .unwrap_err()
            .contains("needs a reason"));
        assert!(known_failures("user.nothing.9 why\n", cases::ALL)
            .unwrap_err()
            .contains("no case matches"));
    }

    #[test]
    fn ids_are_unique_and_hierarchical() {
        let mut seen = std::collections::BTreeSet::new();
        for case in cases::ALL.iter().chain(client::ALL) {
            assert!(seen.insert(case.id), "{} twice", case.id);
            // Area, subject (`peer.ring`: a subject within a subject), number.
            let parts: Vec<&str> = case.id.split('.').collect();
            assert!((3..=4).contains(&parts.len()), "{}", case.id);
            let (number, names) = parts.split_last().unwrap_or((&"", &[]));
            assert!(number.parse::<u32>().is_ok(), "{}", case.id);
            assert!(names.iter().all(|n| !n.is_empty()), "{}", case.id);
            assert!(!case.evidence.is_empty(), "{}", case.id);
        }
    }
}
