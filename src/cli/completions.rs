//! `mailgraph completions SHELL`: the shell completion script, generated
//! from the command-line definition so it always matches it.

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, Output};
use crate::error::{Outcome, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to complete for (README "Shell completions and man pages"
    /// says where each one looks for the script).
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: Args) -> Result<Outcome> {
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "mailgraph", &mut script);
    let mut out = Output::stdout();
    out.write_bytes(&script)?;
    out.finish()?;
    Ok(Outcome::Clean)
}
