//! `mailgraph what-if PATH --apply CHANGES`: the answers before and after a
//! list of changes (a RON changes file, or a plan's JSON).

use std::path::PathBuf;

use super::audit::ReviewArgs;
use super::diff::ComparisonFormat;
use super::{DirectoryArg, RedactArgs, SourceArgs, load_graph, print};
use crate::error::{Outcome, Result};
use crate::graph::AccessGraph;
use crate::plan::{self, spec};
use crate::render::diff::Snapshots;
use crate::render::terminal;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    /// The changes: a RON file (`(changes: [RevokeGrant(to: "id", on:
    /// "mailbox", right: FullAccess), ...])`) or the JSON of `mailgraph plan`.
    #[arg(long, value_name = "CHANGES")]
    pub apply: PathBuf,
    /// The credentials whose reach is compared (default: enabled accounts
    /// without MFA and mailboxes that sign in, as `plan` assumes).
    #[command(flatten)]
    pub sources: SourceArgs,
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
    let old = load_graph(&args.directory)?;
    let (changes, is_ron) = spec::read_changes(&args.apply)?;
    let text = if is_ron {
        Some(std::fs::read_to_string(&args.apply).unwrap_or_default())
    } else {
        None
    };
    let source = spec::SpecSource {
        file: &args.apply,
        ron_text: text.as_deref(),
    };
    let model = spec::apply(old.model(), &changes, &source)?;
    let new = AccessGraph::build(model);
    let sources = if args.sources.is_empty() {
        plan::likely_sources(&old).iter().map(|s| s.node).collect()
    } else {
        args.sources.resolve(&old)?.1
    };
    let mut answer = plan::what_if::what_if(&old, &new, &changes, &sources, &config, today);
    let (old_labels, new_labels) = args.redact.labels_of_both(&old, &new)?;
    let labels = Snapshots {
        old: &old_labels,
        new: &new_labels,
    };
    crate::render::what_if::redact(&mut answer, &labels);
    let text = match args.format {
        ComparisonFormat::Table => {
            crate::render::what_if::table(&answer, &labels, terminal::colour_stdout())
        }
        ComparisonFormat::Json => crate::render::what_if::json(&answer, &labels),
        ComparisonFormat::Csv => crate::render::what_if::csv(&answer, &labels),
        ComparisonFormat::Markdown => {
            let title = if labels.old.is_redacted() {
                "redacted".to_string()
            } else {
                format!(
                    "{} with {}",
                    args.directory.path.display(),
                    args.apply.display()
                )
            };
            crate::render::what_if::markdown(&answer, &labels, &title)
        }
    };
    print(&text)?;
    let worst = answer.diff.new_findings.iter().map(|f| f.severity.0).max();
    Ok(args.review.outcome(worst))
}
