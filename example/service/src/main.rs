//! hello-service: a tiny std-only HTTP server used as the projen-rust-docker example.
//!
//! - `GET /`        -> `hello from hello-service <version>\n`
//! - `GET /healthz` -> `ok`
//! - `--version`    -> prints `hello-service <version>` and exits
//!
//! Listens on `0.0.0.0:$PORT` (default 8080), one thread per connection,
//! one log line per request on stdout. Exits on SIGTERM/SIGINT, so `docker stop`
//! is immediate even when the binary runs as PID 1 without an init.

use std::env;
use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::thread;
use std::time::Duration;

const NAME: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn main() -> ExitCode {
    if env::args().skip(1).any(|a| a == "--version" || a == "-V") {
        println!("{NAME} {VERSION}");
        return ExitCode::SUCCESS;
    }
    exit_on_signals();
    let port = match env::var("PORT") {
        Ok(p) => match p.parse::<u16>() {
            Ok(p) => p,
            Err(_) => {
                eprintln!("{NAME}: invalid PORT {p:?}: expected a number from 0 to 65535");
                return ExitCode::from(2);
            }
        },
        Err(_) => 8080,
    };
    let listener = match TcpListener::bind(("0.0.0.0", port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{NAME}: cannot listen on 0.0.0.0:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("{NAME} {VERSION} listening on 0.0.0.0:{port}");
    for stream in listener.incoming() {
        match stream {
            Ok(stream) => {
                thread::spawn(move || {
                    if let Err(e) = handle(stream) {
                        eprintln!("{NAME}: connection error: {e}");
                    }
                });
            }
            Err(e) => eprintln!("{NAME}: accept failed: {e}"),
        }
    }
    ExitCode::SUCCESS
}

fn handle(mut stream: TcpStream) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let peer = stream
        .peer_addr()
        .map(|a| a.to_string())
        .unwrap_or_else(|_| "-".into());
    let mut reader = BufReader::new(stream.try_clone()?);

    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; requests have no body we care about.
    let mut line = String::new();
    while reader.read_line(&mut line)? > 2 {
        line.clear();
    }

    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let hello = format!("hello from {NAME} {VERSION}\n");
    let (status, body) = match (method, path) {
        ("GET", "/") => ("200 OK", hello.as_str()),
        ("GET", "/healthz") => ("200 OK", "ok"),
        ("GET", _) => ("404 Not Found", "not found\n"),
        _ => ("405 Method Not Allowed", "method not allowed\n"),
    };
    println!("{peer} \"{method} {path}\" {}", &status[..3]);

    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

/// PID 1 in a container gets no default SIGTERM action: install one (std only,
/// via libc's `signal`, which std links anyway).
#[cfg(target_os = "linux")]
fn exit_on_signals() {
    extern "C" {
        fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
        fn _exit(status: i32) -> !;
    }
    extern "C" fn on_signal(_: i32) {
        // SAFETY: _exit is async-signal-safe.
        unsafe { _exit(0) }
    }
    const SIGINT: i32 = 2;
    const SIGTERM: i32 = 15;
    // SAFETY: installs a handler that only calls an async-signal-safe function.
    unsafe {
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
    }
}

#[cfg(not(target_os = "linux"))]
fn exit_on_signals() {}
