//! `mailgraph diff OLD NEW`: what changed between two snapshots of a
//! directory, and how exposure moved.

use std::path::PathBuf;

use super::audit::AuditFormat;
use super::{Output, load_graph};
use crate::audit::{Config, Severity};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::error::{Outcome, Result};
use crate::render::diff::{self, Snapshots};
use crate::render::{Labels, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The earlier snapshot (a RON file or folder).
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The later snapshot.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Audit configuration (RON) used for the findings of both snapshots.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,
    /// Exit with status 1 when a new finding is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// The day suppressions are checked against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let today = match &args.today {
        Some(text) => text
            .parse::<Date>()
            .map_err(|error| Diagnostic::argument(format!("--today `{text}`: {error}")))?,
        None => Date::today(),
    };
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let old = load_graph(&args.old);
    let new = load_graph(&args.new);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(crate::Error::Input(mut a)), Err(crate::Error::Input(b))) => {
            a.0.extend(b.0);
            return Err(a.into());
        }
        (Err(error), _) | (_, Err(error)) => return Err(error),
    };
    let answer = crate::diff::diff(&old, &new, &config, today);
    let (old_labels, new_labels) = (Labels::plain(&old), Labels::plain(&new));
    let labels = Snapshots {
        old: &old_labels,
        new: &new_labels,
    };
    let text = match args.format {
        AuditFormat::Table => diff::table(&answer, &labels, terminal::colour_stdout()),
        AuditFormat::Json => diff::json(&answer, &labels),
        AuditFormat::Markdown => {
            let title = format!("{} -> {}", args.old.display(), args.new.display());
            diff::markdown(&answer, &labels, &title)
        }
    };
    let mut out = Output::stdout();
    out.write_str(&text)?;
    out.finish()?;
    let worst = answer.new_findings.iter().map(|f| f.severity.0).max();
    Ok(match (args.fail_on, worst) {
        (Some(threshold), Some(worst)) if worst >= threshold => Outcome::Findings,
        _ => Outcome::Clean,
    })
}
