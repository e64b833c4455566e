//! `mailgraph exposure PATH MAILBOX`: every credential whose compromise
//! would expose the mailbox.

use super::{DirectoryArg, ReportArgs, print};
use crate::error::{Outcome, Result};
use crate::progress::{Phase, Progress};
use crate::query;
use crate::render::{Format, exposure, shown_order, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    /// The mailbox (its id or address).
    #[arg(value_name = "MAILBOX")]
    pub mailbox: String,
    #[command(flatten)]
    pub report: ReportArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = args.assume.load(&args.directory)?;
    let mailbox = graph.resolve_mailbox(&args.mailbox)?;
    super::note_resolution(&graph, &args.mailbox, mailbox);
    let labels = args.report.redact.labels(&graph)?;
    let querying = Progress::start(Phase::Query);
    let mut answer = query::exposure(&graph, mailbox);
    querying.finish();
    shown_order::exposure(&mut answer, &labels);
    let text = match args.report.format {
        Format::Table => exposure::table(&answer, &labels, terminal::colour_stdout()),
        Format::Json => exposure::json(&answer, &labels),
        Format::Csv => exposure::csv(&answer, &labels),
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
