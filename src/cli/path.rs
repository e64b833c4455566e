//! `mailgraph path PATH FROM TO`: the shortest attack paths from a
//! credential to a mailbox (or to an account it can take over).

use super::{DirectoryArg, ReportArgs, print, resolve_path_ends};
use crate::error::{Outcome, Result};
use crate::query;
use crate::render::{Format, path, shown_order, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    /// The compromised credential (an account, or a mailbox that signs in).
    #[arg(value_name = "FROM")]
    pub from: String,
    /// The mailbox reached (or an account taken over; a mailbox is meant
    /// when both have this id).
    #[arg(value_name = "TO")]
    pub to: String,
    /// Show at most this many shortest paths (0 shows them all, like
    /// `rank --top 0`). Which are kept follows the ids shown (pseudonyms
    /// under --redact), never the real ids of a redacted output.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    #[command(flatten)]
    pub report: ReportArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = args.assume.load(&args.directory)?;
    let (from, to) = resolve_path_ends(&graph, &args.from, &args.to)?;
    let labels = args.report.redact.labels(&graph)?;
    let limit = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    let mut answer =
        query::shortest_paths_by(&graph, from, to, limit, |node| labels.id(node).into_owned());
    shown_order::paths(&mut answer, &labels);
    let own = answer.is_reached() && answer.paths.iter().all(|path| path.hops.is_empty());
    let text = match args.report.format {
        // No hop to show: the credential is the target's own.
        Format::Table if own => format!(
            "{} is {}'s own credential: holding it is holding {}, no path needed\n",
            terminal::escape(&labels.id(from)),
            terminal::escape(&labels.id(to)),
            terminal::escape(&labels.id(to)),
        ),
        Format::Table => path::table(&answer, &labels, terminal::colour_stdout()),
        Format::Json => path::json(&answer, &labels),
        Format::Csv => path::csv(&answer, &labels),
    };
    print(&text)?;
    // Like grep: 1 when there is nothing to show.
    Ok(if answer.is_reached() {
        Outcome::Clean
    } else {
        Outcome::Findings
    })
}
