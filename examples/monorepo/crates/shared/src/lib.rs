//! What the monorepo example's services share (std only): a log line format, clean exits on
//! SIGTERM/SIGINT (a binary running as PID 1 gets no default handler), and a tiny HTTP server.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::Duration;

/// The version of this library, which every service reports next to its own.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One log line on stdout: `<service>: <message>`.
pub fn log(service: &str, message: &str) {
    println!("{service}: {message}");
}

/// Whether the command line asks for the version (`--version` or `-V`).
pub fn wants_version() -> bool {
    std::env::args().skip(1).any(|a| a == "--version" || a == "-V")
}

/// A port from the environment variable `name`, or `default` when it is not set.
pub fn port_from_env(name: &str, default: u16) -> Result<u16, String> {
    match std::env::var(name) {
        Ok(value) => value.parse().map_err(|_| format!("invalid {name} {value:?}: expected a number from 0 to 65535")),
        Err(_) => Ok(default),
    }
}

/// Serves HTTP on `0.0.0.0:port` forever; `route(method, path)` gives the status and body.
pub fn serve(service: &'static str, port: u16, route: fn(&str, &str) -> (&'static str, String)) -> io::Result<()> {
    let listener = TcpListener::bind(("0.0.0.0", port))?;
    log(service, &format!("listening on 0.0.0.0:{port}"));
    for stream in listener.incoming().flatten() {
        thread::spawn(move || {
            if let Err(e) = answer(service, stream, route) {
                log(service, &format!("connection error: {e}"));
            }
        });
    }
    Ok(())
}

fn answer(service: &str, mut stream: TcpStream, route: fn(&str, &str) -> (&'static str, String)) -> io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (status, body) = route(method, path);
    log(service, &format!("\"{method} {path}\" {}", &status[..3]));
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}

/// Exits at once on SIGTERM and SIGINT, so `docker stop` does not wait for its timeout.
#[cfg(target_os = "linux")]
pub fn exit_on_signals() {
    extern "C" {
        fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
        fn _exit(status: i32) -> !;
    }
    extern "C" fn on_signal(_: i32) {
        // SAFETY: _exit is async-signal-safe.
        unsafe { _exit(0) }
    }
    // SAFETY: installs a handler that only calls an async-signal-safe function.
    unsafe {
        signal(2, on_signal);
        signal(15, on_signal);
    }
}

#[cfg(not(target_os = "linux"))]
pub fn exit_on_signals() {}
