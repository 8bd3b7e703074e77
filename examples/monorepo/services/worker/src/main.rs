//! worker: the monorepo example's background worker. Runs a job every `$INTERVAL_SECS`
//! seconds (default 30) until stopped; `--once` runs one job and exits (the CI smoke test).

use std::process::ExitCode;
use std::thread;
use std::time::Duration;

const NAME: &str = env!("CARGO_PKG_NAME");
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn run_job(n: u64) {
    shared::log(NAME, &format!("job {n} done"));
}

fn main() -> ExitCode {
    if shared::wants_version() {
        println!("{NAME} {VERSION}");
        return ExitCode::SUCCESS;
    }
    shared::exit_on_signals();
    shared::log(NAME, &format!("{VERSION} (shared {}) started", shared::VERSION));
    if std::env::args().skip(1).any(|a| a == "--once") {
        run_job(1);
        return ExitCode::SUCCESS;
    }
    let interval = match std::env::var("INTERVAL_SECS").map(|v| v.parse::<u64>()) {
        Ok(Ok(secs)) => secs,
        Ok(Err(_)) => {
            eprintln!("{NAME}: INTERVAL_SECS must be a number of seconds");
            return ExitCode::from(2);
        }
        Err(_) => 30,
    };
    for n in 1.. {
        run_job(n);
        thread::sleep(Duration::from_secs(interval));
    }
    ExitCode::SUCCESS
}
