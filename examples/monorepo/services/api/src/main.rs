//! api: the monorepo example's HTTP service.
//!
//! - `GET /`        -> `api <version> (shared <version>)`
//! - `GET /healthz` -> `ok`
//! - `--version`    -> prints `api <version>` and exits
//!
//! Listens on `0.0.0.0:$PORT` (default 8080).

use std::process::ExitCode;

const NAME: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn route(method: &str, path: &str) -> (&'static str, String) {
    match (method, path) {
        ("GET", "/") => ("200 OK", format!("{NAME} {VERSION} (shared {})\n", shared::VERSION)),
        ("GET", "/healthz") => ("200 OK", "ok\n".into()),
        ("GET", _) => ("404 Not Found", "not found\n".into()),
        _ => ("405 Method Not Allowed", "method not allowed\n".into()),
    }
}

fn main() -> ExitCode {
    if shared::wants_version() {
        println!("{NAME} {VERSION}");
        return ExitCode::SUCCESS;
    }
    shared::exit_on_signals();
    let port = match shared::port_from_env("PORT", 8080) {
        Ok(port) => port,
        Err(e) => {
            eprintln!("{NAME}: {e}");
            return ExitCode::from(2);
        }
    };
    match shared::serve(NAME, port, route) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{NAME}: cannot listen on 0.0.0.0:{port}: {e}");
            ExitCode::FAILURE
        }
    }
}
