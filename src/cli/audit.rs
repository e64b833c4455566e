//! `mailgraph audit PATH`: the delegation hygiene review.

use std::path::PathBuf;

use super::output::Output;
use super::{DirectoryArg, RedactArgs};
use crate::audit::{self, Config, Selection, Severity};
use crate::date::Date;
use crate::diagnostic::Diagnostic;
use crate::error::{Outcome, Result};
use crate::render::html_report::{self, EmbeddedDiagram};
use crate::render::{self, fit, terminal};
use crate::suggest;

/// Output formats of the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AuditFormat {
    /// The summary, then the findings of each rule, fitted to the terminal.
    Table,
    Json,
    /// A report to hand to a data controller.
    Markdown,
    /// One finding a row, for a spreadsheet.
    Csv,
    /// SARIF 2.1.0, for code-scanning services: each finding at the file
    /// and line of the record at fault.
    Sarif,
    /// One self-contained HTML page: the summary, a diagram of the
    /// findings most at stake, each rule's findings in tables that sort and
    /// filter.
    Html,
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
    /// Only the findings of this rule (repeat for several).
    #[arg(long = "rule", value_name = "RULE")]
    pub rules: Vec<String>,
    /// Only the findings at least this severe.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub severity: Option<Severity>,
    /// At most N findings of each rule, those most at stake (0: all); the
    /// summary still counts every finding.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    #[command(flatten)]
    pub redact: RedactArgs,
}

impl Args {
    /// What `--rule`, `--severity` and `--top` keep; an unknown rule id is
    /// an error that names the nearest known ones.
    fn selection(&self) -> Result<Selection> {
        for rule in &self.rules {
            if !audit::RULES.iter().any(|known| known.id == rule) {
                let known = audit::RULES.iter().map(|known| known.id);
                return Err(Diagnostic::argument(format!(
                    "--rule `{rule}`: unknown rule{}",
                    suggest::hint(rule, known)
                ))
                .into());
            }
        }
        Ok(Selection {
            rules: self.rules.clone(),
            severity: self.severity,
            top: self.top,
        })
    }
}

pub fn run(args: Args) -> Result<Outcome> {
    let today = args.review.today()?;
    let config = args.review.config()?;
    let selection = args.selection()?;
    let graph = args.assume.load(&args.directory)?;
    let mut report = audit::audit(&graph, &config, today);
    let labels = args.redact.labels(&graph)?;
    render::shown_order::audit(&mut report, &labels);
    report.select(&selection);
    let title = if labels.is_redacted() {
        "redacted".to_string()
    } else {
        args.directory.path.display().to_string()
    };
    let mut out = Output::stdout();
    match args.format {
        AuditFormat::Table => out.write_str(&render::audit::table(
            &report,
            &labels,
            terminal::colour_stdout(),
            fit::output_width(),
        ))?,
        AuditFormat::Json => render::audit::json(&report, &config, &labels, &mut out)
            .map_err(crate::error::Error::stdout)?,
        AuditFormat::Sarif => render::audit::sarif(&report, &config, &labels, &mut out)
            .map_err(crate::error::Error::stdout)?,
        AuditFormat::Csv => out.write_str(&render::audit::csv(&report, &config, &labels))?,
        AuditFormat::Markdown => {
            out.write_str(&render::audit::markdown(&report, &labels, &title))?
        }
        AuditFormat::Html => {
            let diagram = html_report::audit::diagram(&report, &labels)
                .map(|diagram| EmbeddedDiagram::render(&diagram));
            if let Some(diagram) = &diagram {
                super::warn_without_diagram(diagram);
            }
            out.write_str(&html_report::audit::html(
                &report,
                &labels,
                &title,
                diagram.as_ref(),
            ))?
        }
    }
    out.finish()?;
    Ok(args.review.outcome(report.worst()))
}
