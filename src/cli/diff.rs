//! `mailgraph diff OLD NEW`: what changed between two snapshots of a
//! directory, and how exposure moved.

use std::path::PathBuf;

use super::audit::ReviewArgs;
use super::{RedactArgs, load_graph_at, print};
use crate::error::{Outcome, Result};
use crate::render::diff::{self, Snapshots};
use crate::render::terminal;

/// Output formats of a comparison (`diff`, `what-if`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ComparisonFormat {
    /// One titled table per section, for a terminal.
    Table,
    /// One JSON document (schema: `mailgraph help json`).
    Json,
    /// One row per table row, its section in the first column
    /// (`mailgraph help json`).
    Csv,
    /// A report to hand to a data controller.
    Markdown,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier snapshot (a RON file or folder, or a snapshot file
    /// written by `mailgraph snapshot`).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later snapshot.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Given a snapshot file whose sources changed since it was written:
    /// refuse (the default), or compare it anyway with a warning.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = crate::snapshot::Stale::Refuse)]
    pub stale: crate::snapshot::Stale,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ComparisonFormat::Table)]
    pub format: ComparisonFormat,
    #[command(flatten)]
    pub review: ReviewArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let today = args.review.today()?;
    let config = args.review.config()?;
    let old = load_graph_at(&args.old, args.stale);
    let new = load_graph_at(&args.new, args.stale);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(crate::Error::Input(mut a)), Err(crate::Error::Input(b))) => {
            a.0.extend(b.0);
            return Err(a.into());
        }
        (Err(error), _) | (_, Err(error)) => return Err(error),
    };
    let mut answer = crate::diff::diff(&old, &new, &config, today);
    let (old_labels, new_labels) = args.redact.labels_of_both(&old, &new)?;
    if args.redact.is_redacted() {
        crate::render::shown_order::diff(&mut answer, &old_labels, &new_labels);
    }
    let labels = Snapshots {
        old: &old_labels,
        new: &new_labels,
    };
    let text = match args.format {
        ComparisonFormat::Table => diff::table(&answer, &labels, terminal::colour_stdout()),
        ComparisonFormat::Json => diff::json(&answer, &labels),
        ComparisonFormat::Csv => diff::csv(&answer, &labels),
        ComparisonFormat::Markdown => {
            // Folder names may name the organisation: withheld when redacted.
            let title = if args.redact.is_redacted() {
                "redacted".to_string()
            } else {
                format!("{} -> {}", args.old.display(), args.new.display())
            };
            diff::markdown(&answer, &labels, &title)
        }
    };
    print(&text)?;
    let worst = answer.new_findings.iter().map(|f| f.severity.0).max();
    Ok(args.review.outcome(worst))
}
