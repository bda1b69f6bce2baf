//! What the programs that measure `cti serve` share (`load`, `hostile_client`): the
//! server as a child process on 127.0.0.1 (its address read from its first line, its
//! memory and CPU time from `/proc`, SIGTERM timed), the open-files limit, and the REST
//! login. Linux only (`/proc`).

use std::fmt;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use cti_proto::login::{LoginAnswer, LOGIN_PATH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The longest wait for one step (the server's first line, a login, a handshake).
pub const WAIT: Duration = Duration::from_secs(10);

/// Why a run could not be made: one line.
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<E: std::error::Error> From<E> for Failure {
    fn from(error: E) -> Self {
        Failure(error.to_string())
    }
}

/// `Err(Failure(message))`.
pub fn fail<T>(message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure(message.into()))
}

/// A `cti serve` child: killed if the program stops early.
pub struct Server {
    child: Child,
    /// Its process id.
    pub pid: u32,
    /// The lines of its standard error, read on a thread.
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a SIGTERM ended.
pub struct Stopped {
    /// The exit code; `None` when the server did not stop in time (it is killed) or
    /// died of a signal.
    pub code: Option<i32>,
    /// Whether it stopped within the wait.
    pub stopped: bool,
    /// From the signal to its end (or to the end of the wait).
    pub took: Duration,
    /// Its last line of standard error (the summary).
    pub summary: String,
}

impl Server {
    /// Starts `cti serve --listen 127.0.0.1:0` with `args`, and reads its address from
    /// its first line.
    pub fn start(cti: &Path, args: &[&str]) -> Result<(Server, SocketAddr), Failure> {
        let mut child = Command::new(cti)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| Failure(format!("cannot run {}: {e}", cti.display())))?;
        let pid = child.id();
        let (stdout, stderr) = (child.stdout.take(), child.stderr.take());
        let (log_in, log) = mpsc::channel();
        if let Some(stderr) = stderr {
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    let _ = log_in.send(line);
                }
            });
        }
        let server = Server { child, pid, log };
        let (first_in, first) = mpsc::channel();
        if let Some(stdout) = stdout {
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stdout);
                let mut line = String::new();
                let _ = reader.read_line(&mut line);
                let _ = first_in.send(line);
                // The rest, if any, is drained so that the server never blocks on it.
                let _ = std::io::copy(&mut reader, &mut std::io::sink());
            });
        }
        let line = first
            .recv_timeout(WAIT)
            .map_err(|_| Failure("cti serve printed no first line within 10 s".into()))?;
        let addr: SocketAddr = line
            .trim_end()
            .strip_prefix("listening on http://")
            .and_then(|addr| addr.parse().ok())
            .ok_or_else(|| Failure(format!("cti serve's first line: {line:?}")))?;
        if !addr.ip().is_loopback() {
            return fail(format!("cti serve listens on {addr}, not on loopback"));
        }
        Ok((server, addr))
    }

    /// Its process id as `/proc` names it.
    pub fn proc_id(&self) -> String {
        self.pid.to_string()
    }

    /// Whether it still runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Kills it (SIGKILL) and waits for it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and waits for the end, `wait` at most (then kills it).
    pub fn terminate(mut self, wait: Duration) -> Result<Stopped, Failure> {
        let pid = i32::try_from(self.pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
            .ok_or_else(|| Failure("bad pid".into()))?;
        rustix::process::kill_process(pid, rustix::process::Signal::TERM)?;
        let started = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait()? {
                break Some(status);
            }
            if started.elapsed() > wait {
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        let took = started.elapsed();
        if status.is_none() {
            self.kill();
        }
        // The reader thread ends with the process; what it read is all there.
        let summary = self.log.try_iter().last().unwrap_or_default();
        Ok(Stopped {
            code: status.and_then(|status| status.code()),
            stopped: status.is_some(),
            took,
            summary,
        })
    }
}

/// A process's resident memory (`VmRSS`) and its peak (`VmHWM`), in KiB
/// ([`crate::memory_kib`]).
pub fn memory_kib(pid: &str) -> Result<(u64, u64), Failure> {
    crate::memory_kib(pid).map_err(Failure)
}

/// A process's CPU time so far, user and system, in seconds.
pub fn cpu_seconds(pid: &str) -> Result<f64, Failure> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // The command name, in parentheses, may hold spaces: count the fields after it.
    // utime and stime are fields 14 and 15, the 12th and 13th after the name.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks = |index: usize| -> Result<u64, Failure> {
        fields
            .get(index)
            .and_then(|value| value.parse().ok())
            .ok_or_else(|| Failure(format!("/proc/{pid}/stat: no field {}", index + 3)))
    };
    let total = ticks(11)? + ticks(12)?;
    Ok(total as f64 / rustix::param::clock_ticks_per_second() as f64)
}

/// Raises the soft limit of open files to `needed` (at most the hard limit); the limit in
/// force after.
pub fn raise_file_limit(needed: u64) -> Option<u64> {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    let current = limit.current?;
    if current < needed {
        let target = limit.maximum.map_or(needed, |max| needed.min(max));
        limit.current = Some(target);
        if setrlimit(Resource::Nofile, limit).is_ok() {
            return Some(target);
        }
    }
    Some(current)
}

/// Raises the open-files limit to `needed` for `who` (`"1000 clients"`); the limit in
/// force, or why it cannot be.
pub fn open_files(needed: u64, who: &str) -> Result<Option<u64>, Failure> {
    let files = raise_file_limit(needed);
    match files {
        Some(limit) if limit < needed => fail(format!(
            "{who} need about {needed} open files; the limit is {limit} (raise it: ulimit -n {needed})"
        )),
        _ => Ok(files),
    }
}

/// The `cti` program given, or the one beside this program.
pub fn cti_program(given: Option<&Path>) -> Result<PathBuf, Failure> {
    match given {
        Some(path) => Ok(path.to_owned()),
        None => Ok(std::env::current_exe()?.with_file_name("cti")),
    }
}

/// The current-thread runtime of the program `name`; exit code 2, said, when there is none.
pub fn runtime(name: &str) -> Result<tokio::runtime::Runtime, std::process::ExitCode> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| {
            eprintln!("{name}: cannot start the runtime: {e}");
            std::process::ExitCode::from(2)
        })
}

/// KiB as MiB, one decimal.
pub fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// `POST /xuc/api/2.0/auth/login` as alice, on a connection of its own; the token.
pub async fn login(addr: SocketAddr) -> Result<String, Failure> {
    let body = r#"{"login":"alice","password":"alice"}"#;
    let mut stream = TcpStream::connect(addr).await?;
    let request = format!(
        "POST {LOGIN_PATH} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await?;
    let raw = String::from_utf8_lossy(&raw);
    let Some((head, body)) = raw.split_once("\r\n\r\n") else {
        return fail("login: no HTTP response");
    };
    if head.split(' ').nth(1) != Some("200") {
        return fail(format!(
            "login: {}",
            head.lines().next().unwrap_or_default()
        ));
    }
    match LoginAnswer::from_json(body) {
        Ok(LoginAnswer::Token(credentials)) => Ok(credentials.token.expose().to_owned()),
        _ => fail("login: no token in the answer"),
    }
}

/// Reads `socket` until a frame of `msg_type` (`"LoggedOn"`), calling `on_frame` for each
/// text frame read; fails on `LoggedOnError`, on the end of the connection, or after
/// `wait` without a frame.
pub async fn until(
    socket: &mut Socket,
    msg_type: &str,
    wait: Duration,
    mut on_frame: impl FnMut(),
) -> Result<(), Failure> {
    use futures_util::StreamExt;
    use tokio_tungstenite::tungstenite::Message;
    loop {
        let frame = tokio::time::timeout(wait, socket.next())
            .await
            .map_err(|_| Failure(format!("no {msg_type} within {} s", wait.as_secs())))?;
        match frame {
            Some(Ok(Message::Text(text))) => {
                on_frame();
                let frame: serde_json::Value = serde_json::from_str(text.as_str())?;
                match frame.get("msgType").and_then(|kind| kind.as_str()) {
                    Some(kind) if kind == msg_type => return Ok(()),
                    Some("LoggedOnError") => return fail("LoggedOnError"),
                    _ => {}
                }
            }
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.into()),
            None => return fail(format!("closed before {msg_type}")),
        }
    }
}

/// A CTI WebSocket client.
pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>;

/// Logs in as alice ([`login`]) and opens the CTI WebSocket; nothing is read yet.
pub async fn open(addr: SocketAddr) -> Result<Socket, Failure> {
    let token = tokio::time::timeout(WAIT, login(addr))
        .await
        .map_err(|_| Failure("login: timed out".into()))??;
    websocket(addr, &token, WAIT).await
}

/// Opens the CTI WebSocket with `token`, the handshake within `wait`; nothing is read yet.
pub async fn websocket(addr: SocketAddr, token: &str, wait: Duration) -> Result<Socket, Failure> {
    let url = cti_proto::login::CtiUrl::token(&addr.to_string(), token)
        .map_err(|e| Failure(e.to_string()))?
        .to_url();
    let (socket, _) = tokio::time::timeout(wait, tokio_tungstenite::connect_async(url))
        .await
        .map_err(|_| Failure("handshake: timed out".into()))??;
    Ok(socket)
}
