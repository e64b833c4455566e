//! `mailgraph generate parliament|synthetic -o DIR`: write a generated
//! organisation as RON files (the bulk of the 2017 scenario, or a synthetic
//! organisation of any size for tests and benchmarks).

use std::path::PathBuf;

use clap::Subcommand;

use super::Output;
use crate::error::{Outcome, Result};
use crate::generate::{parliament, synthetic};
use crate::progress::{Phase, Progress};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub kind: Kind,
}

#[derive(Debug, Subcommand)]
pub enum Kind {
    /// The ~8,960 accounts of the 2017 Parliament scenario not involved in
    /// the incident (data/parliament-2017/generated).
    Parliament {
        /// The folder to write into (created if needed).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
    /// An invented organisation of any size, with a sample incident.
    Synthetic {
        /// How many accounts.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=u64::from(u32::MAX)))]
        accounts: u64,
        /// The random seed: the same seed writes the same files.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write into (created if needed).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
    },
}

pub fn run(args: Args) -> Result<Outcome> {
    let (written, output) = match args.kind {
        Kind::Parliament { output } => {
            let _writing = Progress::start(Phase::Write);
            (parliament::generate(&output)?, output)
        }
        Kind::Synthetic {
            accounts,
            seed,
            output,
        } => (
            synthetic::generate(&output, synthetic::Options { accounts, seed })?,
            output,
        ),
    };
    let mut out = Output::stdout();
    out.write_str(&format!(
        "wrote {} to {}\n",
        written.summary(),
        crate::render::terminal::escape(&output.display().to_string())
    ))?;
    out.finish()?;
    Ok(Outcome::Clean)
}
