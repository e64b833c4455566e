//! `mailgraph audit PATH`: the delegation hygiene review.

use std::path::PathBuf;

use super::{DirectoryArg, RedactArgs, print};
use crate::audit::{self, Config, Severity};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::error::{Outcome, Result};
use crate::render::{self, terminal};

/// Output formats of the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    Table,
    Json,
    /// A report to hand to a data controller.
    Markdown,
}

/// The options of a review (`audit`, and `diff` which audits both
/// snapshots).
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Audit configuration (RON): thresholds, disabled rules, suppressions.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Exit with status 1 when a (new) finding is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// The day suppressions are checked against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

impl ReviewArgs {
    pub fn today(&self) -> Result<Date> {
        Ok(match &self.today {
            Some(text) => text
                .parse::<Date>()
                .map_err(|error| Diagnostic::argument(format!("--today `{text}`: {error}")))?,
            None => Date::today(),
        })
    }

    pub fn config(&self) -> Result<Config> {
        Ok(match &self.config {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        })
    }

    /// Findings when the worst finding reaches `--fail-on`.
    pub fn outcome(&self, worst: Option<Severity>) -> Outcome {
        match (self.fail_on, worst) {
            (Some(threshold), Some(worst)) if worst >= threshold => Outcome::Findings,
            _ => Outcome::Clean,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,
    #[command(flatten)]
    pub review: ReviewArgs,
    #[command(flatten)]
    pub redact: RedactArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let today = args.review.today()?;
    let config = args.review.config()?;
    let graph = args.assume.load(&args.directory)?;
    let mut report = audit::audit(&graph, &config, today);
    let labels = args.redact.labels(&graph)?;
    render::shown_order::audit(&mut report, &labels);
    let text = match args.format {
        AuditFormat::Table => render::audit::table(&report, &labels, terminal::colour_stdout()),
        AuditFormat::Json => render::audit::json(&report, &config, &labels),
        AuditFormat::Markdown => {
            let title = if labels.is_redacted() {
                "redacted".to_string()
            } else {
                args.directory.path.display().to_string()
            };
            render::audit::markdown(&report, &labels, &title)
        }
    };
    print(&text)?;
    Ok(args.review.outcome(report.worst()))
}
