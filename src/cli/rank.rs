//! `mailgraph rank PATH`: the blast radius of every credential, largest
//! first.

use super::{DirectoryArg, ReportArgs, print};
use crate::error::{Outcome, Result};
use crate::query;
use crate::render::{Format, rank, shown_order, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    /// Show the N largest (0 shows every credential).
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub top: usize,
    #[command(flatten)]
    pub report: ReportArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = args.assume.load(&args.directory)?;
    let labels = args.report.redact.labels(&graph)?;
    let mut radii = query::rank(&graph);
    shown_order::rank(&mut radii, &labels);
    let total = radii.len();
    let shown = if args.top == 0 {
        &radii[..]
    } else {
        &radii[..args.top.min(total)]
    };
    let text = match args.report.format {
        Format::Table => rank::table(shown, total, &labels, terminal::colour_stdout()),
        Format::Json => rank::json(shown, total, &labels),
        Format::Csv => rank::csv(shown, &labels),
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
