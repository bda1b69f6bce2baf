//! What the process tests of `cti` share: running it with a bound on time, reading the
//! reports of `cti conform`.

// Each test file uses a part.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// Long enough for a loaded machine, short enough that a hang fails the test.
pub const WAIT: Duration = Duration::from_secs(60);

/// Runs `cti` with `args` and `env`, `CTI_PASSWORD` unless given there unset, standard
/// input empty (not a terminal), in `dir`; killed after [`WAIT`].
pub async fn cti(args: &[&str], env: &[(&str, &str)], dir: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_cti"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CTI_PASSWORD")
        .env_remove("CTI_PEER_PASSWORD")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let child = command.spawn().expect("cti runs");
    let pid = child.id().to_string();
    let (done, output) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait_with_output());
    });
    tokio::task::spawn_blocking(move || match output.recv_timeout(WAIT) {
        Ok(output) => output.expect("cti's output"),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("cti did not finish within {WAIT:?}");
        }
    })
    .await
    .unwrap()
}

/// A fresh directory for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Exit code, standard output and standard error, for an assertion's message.
pub fn transcript(output: &Output) -> String {
    format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Reads an HTTP request to its body's end (by `Content-Length`): head and body, or `None`
/// when the peer closes first. For stand-in servers in the tests.
pub async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
        let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
        let length = head
            .lines()
            .find_map(|line| line.strip_prefix("content-length:"))
            .and_then(|value| value.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if request.len() >= end + 4 + length {
            return Some(request);
        }
    }
}

/// A `cti` that listens: the URL of its first line, and its whole output once it ends.
pub struct Listening {
    /// `http://HOST:PORT`.
    pub url: String,
    /// Its output (the first line included), killed after [`WAIT`].
    pub output: tokio::task::JoinHandle<Output>,
}

/// Starts `cti ARGS` (`conform client --listen 127.0.0.1:0 ...`) in `dir`, standard input
/// empty, and reads `listening on URL` from its first line within [`WAIT`].
pub fn listening(args: &[&str], dir: &Path) -> Listening {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cti"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cti runs");
    let pid = child.id().to_string();
    let kill = move || {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
    };
    let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
    let (first_line, first) = mpsc::channel();
    let (done, ended) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = stdout.read_line(&mut line);
        let _ = first_line.send(line.clone());
        let mut rest = Vec::new();
        let _ = stdout.read_to_end(&mut rest);
        let output = child.wait_with_output().map(|mut output| {
            output.stdout = line.into_bytes();
            output.stdout.extend(rest);
            output
        });
        let _ = done.send(output);
    });
    let Ok(line) = first.recv_timeout(WAIT) else {
        kill();
        panic!("no first line within {WAIT:?}");
    };
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("not the listening line: {line:?}"))
        .to_owned();
    let output = tokio::task::spawn_blocking(move || match ended.recv_timeout(WAIT) {
        Ok(output) => output.expect("cti's output"),
        Err(_) => {
            kill();
            panic!("cti did not finish within {WAIT:?}");
        }
    });
    Listening { url, output }
}

/// The cases of `DIR/report/report.json`: (id, verdict, detail).
pub fn verdicts(dir: &Path) -> Vec<(String, String, String)> {
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("report/report.json")).unwrap()).unwrap();
    report["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
            (text("id"), text("verdict"), text("detail"))
        })
        .collect()
}

/// The verdict and detail of case `id`.
pub fn verdict<'a>(cases: &'a [(String, String, String)], id: &str) -> (&'a str, &'a str) {
    let (_, verdict, detail) = cases
        .iter()
        .find(|(case, _, _)| case == id)
        .unwrap_or_else(|| panic!("no case {id}: {cases:?}"));
    (verdict, detail)
}
