//! `mailgraph contain PATH --incident NAME`: the ordered containment
//! checklist, with the PowerShell for each step, as text.

use super::{AssumeArgs, DirectoryArg, RedactArgs, SourceArgs, print};
use crate::contain;
use crate::error::{Outcome, Result};
use crate::query;
use crate::render::contain as render;
use crate::render::terminal;

/// The formats of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ContainFormat {
    /// Numbered steps with their commands, for a terminal.
    #[default]
    Table,
    /// One JSON document (schema: `mailgraph help json`).
    Json,
    /// One row per command of each step (`mailgraph help json`).
    Csv,
    /// A Markdown task list, for a ticket or a runbook.
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ContainFormat::Table)]
    pub format: ContainFormat,
    #[command(flatten)]
    pub redact: RedactArgs,
    #[command(flatten)]
    pub assume: AssumeArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = args.assume.load(&args.directory)?;
    let (incident, sources) = args.sources.resolve(&graph)?;
    let labels = args.redact.labels(&graph)?;
    let reach = query::reach(&graph, &sources);
    let checklist = contain::checklist(&graph, &reach);
    let text = match args.format {
        ContainFormat::Table => {
            render::table(&checklist, incident, &labels, terminal::colour_stdout())
        }
        ContainFormat::Json => render::json(&checklist, incident, &labels),
        ContainFormat::Csv => render::csv(&checklist, &labels),
        ContainFormat::Markdown => render::markdown(&checklist, incident, &labels),
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
