//! `cti serve` as a process: it prints its address first, answers the REST login, and
//! stops cleanly on SIGTERM, leaving a record that `cti lint` reads. Only 127.0.0.1,
//! port 0; every wait is bounded, and the process is killed if the test fails.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cti_proto::login::{LoginAnswer, LOGIN_PATH};

const WAIT: Duration = Duration::from_secs(10);

/// The child, killed when the test ends early.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A POST with `Connection: close`; status and body.
fn post(addr: SocketAddr, path: &str, body: &str) -> (u16, String) {
    let mut stream = TcpStream::connect_timeout(&addr, WAIT).expect("connects");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).expect("a response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a header and a body");
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    (status, body.to_owned())
}

/// The exit code of `child`, waited for at most [`WAIT`]; `None` if it is still running
/// (or died of a signal).
fn exit_status(child: &mut Child) -> Option<i32> {
    let started = Instant::now();
    while started.elapsed() < WAIT {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

/// Starts `cti serve --listen 127.0.0.1:0` with `args`; the child and the address it
/// prints first.
fn serve(args: &[&std::ffi::OsStr]) -> (Server, SocketAddr) {
    let child = Command::new(env!("CARGO_BIN_EXE_cti"))
        .args(["serve", "--listen", "127.0.0.1:0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cti runs");
    let mut server = Server(child);

    // The first line, read on a thread so that the wait is bounded.
    let stdout = server.0.stdout.take().unwrap();
    let (lines, line) = mpsc::channel();
    std::thread::spawn(move || {
        let mut first = String::new();
        let _ = BufReader::new(stdout).read_line(&mut first);
        let _ = lines.send(first);
    });
    let first = line.recv_timeout(WAIT).expect("a first line within 10 s");
    let url = first
        .trim_end()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("first line: {first:?}"));
    let addr: SocketAddr = url.parse().expect("HOST:PORT");
    assert!(addr.ip().is_loopback());
    assert_ne!(addr.port(), 0, "the port bound, not the one asked for");
    (server, addr)
}

fn sigterm(server: &Server) {
    let pid = server.0.id().to_string();
    let killed = Command::new("sh")
        .args(["-c", "kill -TERM \"$1\"", "sh", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
}

#[test]
fn serve_prints_its_address_answers_the_login_and_stops_on_sigterm() {
    let record = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cti-serve.har");
    let _ = std::fs::remove_file(&record);
    let (mut server, addr) = serve(&["--record".as_ref(), record.as_os_str()]);

    let (status, body) = post(addr, LOGIN_PATH, r#"{"login":"alice","password":"alice"}"#);
    assert_eq!(status, 200, "{body}");
    let LoginAnswer::Token(credentials) = LoginAnswer::from_json(&body).unwrap() else {
        panic!("{body}")
    };
    assert_eq!(credentials.login, "alice");
    let (status, _) = post(addr, LOGIN_PATH, r#"{"login":"alice","password":"bob"}"#);
    assert_eq!(status, 401);

    // SIGTERM: a clean stop, with the summary on standard error.
    sigterm(&server);
    assert_eq!(
        exit_status(&mut server.0),
        Some(0),
        "cti serve did not stop on SIGTERM"
    );
    let mut stderr = String::new();
    server
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("0 client frames refused"), "{stderr}");
    assert!(!stderr.contains(credentials.token.expose()), "{stderr}");

    // The record is a HAR file that `cti lint` reads.
    let lint = Command::new(env!("CARGO_BIN_EXE_cti"))
        .args(["lint", "--color", "never"])
        .arg(&record)
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(0), "{lint:?}");
    assert!(String::from_utf8_lossy(&lint.stdout).contains("0 with errors"));
}

#[test]
fn serve_ends_on_sigterm_whatever_its_clients_do() {
    let (mut server, addr) = serve(&[]);
    // A request stopped mid-header, a login whose body never comes, a connection
    // that sends nothing: held open by this test until the end.
    let mut held = Vec::new();
    for bytes in [
        format!("POST {LOGIN_PATH} HTTP/1.1\r\nHost: {addr}\r\n"),
        format!("POST {LOGIN_PATH} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 100\r\n\r\n{{"),
        String::new(),
    ] {
        let mut stream = TcpStream::connect_timeout(&addr, WAIT).expect("connects");
        stream.write_all(bytes.as_bytes()).unwrap();
        held.push(stream);
    }
    // Served meanwhile: a login on a connection of its own.
    let (status, body) = post(addr, LOGIN_PATH, r#"{"login":"alice","password":"alice"}"#);
    assert_eq!(status, 200, "{body}");
    sigterm(&server);
    assert_eq!(
        exit_status(&mut server.0),
        Some(0),
        "cti serve did not stop within 10 s of SIGTERM"
    );
    drop(held);
}

#[test]
fn serve_refuses_a_scenario_it_cannot_use() {
    let scenario = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cti-serve-bad.json");
    std::fs::write(&scenario, r#"{"users": [], "extra": 1}"#).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_cti"))
        .args(["serve", "--listen", "127.0.0.1:0", "--scenario"])
        .arg(&scenario)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    assert_eq!(exit_status(&mut server.0), Some(2));
    let (mut stdout, mut stderr) = (String::new(), String::new());
    server
        .0
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    server
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("invalid scenario"), "{stderr}");
}
