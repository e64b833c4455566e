//! `mailgraph exposure PATH MAILBOX`: every credential whose compromise
//! would expose the mailbox.

use super::{DirectoryArg, HtmlReportArgs, print};
use crate::error::{Outcome, Result};
use crate::progress::{Phase, Progress};
use crate::query;
use crate::render::dot::focus;
use crate::render::html_report::{self, EmbeddedDiagram};
use crate::render::{ReportFormat as Format, exposure, shown_order, terminal};

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
    pub report: HtmlReportArgs,
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
        Format::Html => {
            let diagram = EmbeddedDiagram::render(&focus::exposure(
                &answer,
                &labels,
                html_report::DIAGRAM_OPTIONS,
            ));
            super::warn_without_diagram(&diagram);
            html_report::exposure::html(&answer, &labels, &diagram)
        }
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
