//! `mailgraph audit PATH`: the delegation hygiene review.

use std::path::PathBuf;

use super::{DirectoryArg, Output, RedactArgs, load_graph};
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

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    /// Audit configuration (RON): thresholds, disabled rules, suppressions.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,
    /// Exit with status 1 when a finding is at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
    /// The day suppressions are checked against (default: today, UTC).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    #[command(flatten)]
    pub redact: RedactArgs,
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
    let graph = load_graph(&args.directory.path)?;
    let report = audit::audit(&graph, &config, today);
    let labels = args.redact.labels(&graph)?;
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
    let mut out = Output::stdout();
    out.write_str(&text)?;
    out.finish()?;
    Ok(match (args.fail_on, report.worst()) {
        (Some(threshold), Some(worst)) if worst >= threshold => Outcome::Findings,
        _ => Outcome::Clean,
    })
}
