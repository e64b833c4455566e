//! `mailgraph path PATH FROM TO`: the shortest attack paths from a
//! credential to a mailbox (or to an account it can take over).

use super::{DirectoryArg, Output, RedactArgs, load_graph};
use crate::diagnostic::Diagnostic;
use crate::error::{Outcome, Result};
use crate::query;
use crate::render::{Format, path, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    /// The compromised credential (an account, or a mailbox that signs in).
    #[arg(value_name = "FROM")]
    pub from: String,
    /// The mailbox reached (or an account taken over).
    #[arg(value_name = "TO")]
    pub to: String,
    /// Show at most this many shortest paths.
    #[arg(long, default_value_t = 10, value_name = "N")]
    pub limit: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub redact: RedactArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = load_graph(&args.directory.path)?;
    let from = graph.resolve_credential(&args.from);
    let to = graph.resolve_target(&args.to);
    let (from, to) = match (from, to) {
        (Ok(from), Ok(to)) => (from, to),
        (from, to) => {
            let problems: Vec<Diagnostic> = [from.err(), to.err()].into_iter().flatten().collect();
            return Err(crate::Diagnostics(problems).into());
        }
    };
    let labels = args.redact.labels(&graph)?;
    let Some(answer) = query::shortest_paths(&graph, from, to, args.limit.max(1)) else {
        let mut out = Output::stdout();
        out.write_str(&format!(
            "{} does not reach {}\n",
            terminal::escape(&labels.id(from)),
            terminal::escape(&labels.id(to))
        ))?;
        out.finish()?;
        return Ok(Outcome::Findings);
    };
    let text = match args.format {
        Format::Table => path::table(&answer, &labels, terminal::colour_stdout()),
        Format::Json => path::json(&answer, &labels),
        Format::Csv => path::csv(&answer, &labels),
    };
    let mut out = Output::stdout();
    out.write_str(&text)?;
    out.finish()?;
    Ok(Outcome::Clean)
}
