//! The command line: argument definitions (clap) and the dispatch of each
//! subcommand to the library. One file per subcommand; each loads what it
//! needs, asks a query, and hands the answer to a renderer.

mod audit;
mod check;
mod generate;
mod output;
mod redact;
mod stats;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{Outcome, Result};
use crate::graph::AccessGraph;

pub use output::Output;
pub use redact::RedactArgs;

/// Explore who can reach which mailbox: what compromised credentials expose,
/// who could reach a mailbox and how, and which delegations are risky.
#[derive(Debug, Parser)]
#[command(name = "mailgraph", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a directory of RON files and print a short summary.
    Check(check::Args),
    /// Count nodes, edges, roles and units of a directory.
    Stats(stats::Args),
    /// Review delegations for risky hygiene: findings by rule and severity.
    Audit(audit::Args),
    /// Write a generated organisation: the 2017 scenario's bulk, or a synthetic one.
    Generate(generate::Args),
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Generate(args) => generate::run(args),
    }
}

/// Loads and builds the graph of the directory at `path`.
pub fn load_graph(path: &Path) -> Result<AccessGraph> {
    let model = crate::load::load(path)?;
    Ok(AccessGraph::build(model))
}

/// The directory argument every command takes first.
#[derive(Debug, Clone, clap::Args)]
pub struct DirectoryArg {
    /// A RON file, or a folder of RON files, describing the organisation.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
}
