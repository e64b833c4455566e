//! The `mailgraph` command: parse arguments, run, map the outcome to an
//! exit status (0 clean, 1 findings, 2 bad input or failure).

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = mailgraph::cli::Cli::parse();
    match mailgraph::cli::run(cli) {
        Ok(outcome) => ExitCode::from(outcome.exit_status()),
        Err(error) => {
            let status = error.exit_status();
            if !error.is_silent() {
                eprintln!("{error}");
            }
            ExitCode::from(status)
        }
    }
}
