//! admin: the monorepo example's operator CLI.
//!
//! - `admin --version` prints `admin <version>`
//! - `admin check`     prints what it would check and exits 0

use std::process::ExitCode;

const NAME: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn main() -> ExitCode {
    if shared::wants_version() {
        println!("{NAME} {VERSION}");
        return ExitCode::SUCCESS;
    }
    match std::env::args().nth(1).as_deref() {
        Some("check") => {
            shared::log(NAME, &format!("{VERSION} (shared {}): all checks passed", shared::VERSION));
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("usage: {NAME} --version | check");
            ExitCode::from(2)
        }
    }
}
