//! `mailgraph exposure PATH MAILBOX`: every credential whose compromise
//! would expose the mailbox.

use super::{DirectoryArg, Output, RedactArgs, load_graph};
use crate::error::{Outcome, Result};
use crate::query;
use crate::render::{Format, exposure, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    /// The mailbox (its id or address).
    #[arg(value_name = "MAILBOX")]
    pub mailbox: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub redact: RedactArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = load_graph(&args.directory.path)?;
    let mailbox = graph.resolve_mailbox(&args.mailbox)?;
    let labels = args.redact.labels(&graph)?;
    let answer = query::exposure(&graph, mailbox);
    let text = match args.format {
        Format::Table => exposure::table(&answer, &labels, terminal::colour_stdout()),
        Format::Json => exposure::json(&answer, &labels),
        Format::Csv => exposure::csv(&answer, &labels),
    };
    let mut out = Output::stdout();
    out.write_str(&text)?;
    out.finish()?;
    Ok(Outcome::Clean)
}
