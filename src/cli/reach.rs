//! `mailgraph reach PATH --incident NAME | --from ID...`: what compromised
//! credentials reach.

use super::{DirectoryArg, ReportArgs, SourceArgs, print};
use crate::error::{Outcome, Result};
use crate::progress::{Phase, Progress};
use crate::query;
use crate::render::reach::{self, Context};
use crate::render::{Format, shown_order, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = args.assume.load(&args.directory.path)?;
    let (incident, sources) = args.sources.resolve(&graph)?;
    let labels = args.report.redact.labels(&graph)?;
    let querying = Progress::start(Phase::Query);
    let mut answer = query::reach(&graph, &sources);
    querying.finish();
    shown_order::reach(&mut answer, &labels);
    let context = Context { incident };
    let text = match args.report.format {
        Format::Table => reach::table(&answer, &context, &labels, terminal::colour_stdout()),
        Format::Json => reach::json(&answer, &context, &labels),
        Format::Csv => reach::csv(&answer, &labels),
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
