//! `mailgraph notify PATH --incident NAME -o DIR`: the notification
//! worksheets of an incident, one per data controller (Markdown and HTML)
//! and one JSON document for all, written as a folder whole or not at all.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::evidence::{self, EvidenceArgs};
use super::{AssumeArgs, DirectoryArg, Output, RedactArgs, SourceArgs};
use crate::error::{Outcome, Result};
use crate::import::directory;
use crate::notify;
use crate::query;
use crate::render::answer::to_text;
use crate::render::count_list;
use crate::render::dot::focus::{self, ClusterBy};
use crate::render::evidence as render_evidence;
use crate::render::html_report::{self, EmbeddedDiagram};
use crate::render::notify::{self as render, Context, addressee_name};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// The folder to write the worksheets into (new, or empty unless
    /// --force).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the output folder if it exists and is not empty.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub redact: RedactArgs,
    #[command(flatten)]
    pub assume: AssumeArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
    /// Which files to write: every worksheet as Markdown and HTML with the
    /// HTML report (`report.html`: the deadline, figures, diagram and one
    /// row per worksheet), or only the Markdown, or only the HTML. The
    /// JSON is always written.
    #[arg(long, value_enum, default_value_t = WorksheetFormat::All)]
    pub format: WorksheetFormat,
}

/// The formats the worksheets are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WorksheetFormat {
    /// Markdown and HTML worksheets, and the HTML report.
    All,
    /// Markdown worksheets only.
    Markdown,
    /// HTML worksheets and the HTML report.
    Html,
}

impl WorksheetFormat {
    /// The extensions of each worksheet's files.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            WorksheetFormat::All => &["md", "html"],
            WorksheetFormat::Markdown => &["md"],
            WorksheetFormat::Html => &["html"],
        }
    }
}

/// The HTML report's name in the output folder (no worksheet is named so:
/// their names start with a number, or are `no-data-controller`).
const REPORT: &str = "report.html";

pub fn run(args: Args) -> Result<Outcome> {
    // Refuse early, before loading anything, and again when writing.
    directory::check_target(&args.output, args.force, &[])?;
    let graph = args.assume.load(&args.directory)?;
    let (incident, sources) = args.sources.resolve(&graph)?;
    let labels = args.redact.labels(&graph)?;
    let log = args.evidence.read(incident)?;
    let reach = query::reach(&graph, &sources);
    let assessment = evidence::assess(&graph, &reach, incident, log.as_ref());
    let notification = notify::notification(&graph, &reach, incident, assessment.as_ref());
    let evidence_summary = assessment
        .as_ref()
        .zip(log.as_ref())
        .map(|(assessment, log)| render_evidence::summary(assessment, log));
    let context = Context {
        incident,
        reach: &reach,
        evidence_summary: evidence_summary.as_deref(),
    };

    let extensions = args.format.extensions();
    let mut files = Vec::new();
    let mut summary = String::new();
    let worksheets = render::files(&notification, &labels);
    let mut named = Vec::new();
    for (worksheet, stem) in &worksheets {
        let mut names = Vec::new();
        for extension in extensions {
            let name = format!("{stem}.{extension}");
            let text = match *extension {
                "md" => render::markdown(worksheet, &context, &labels),
                _ => render::html(worksheet, &context, &labels),
            };
            files.push((name.clone(), text));
            names.push(name);
        }
        let _ = writeln!(
            summary,
            "  {}  {} ({})",
            names[0],
            crate::render::terminal::escape(&addressee_name(&labels, worksheet)),
            count_list(&[
                (worksheet.entries.len(), "mailbox", "mailboxes"),
                (worksheet.people as usize, "person", "people"),
            ])
        );
        named.push((*worksheet, names));
    }
    if args.format != WorksheetFormat::Markdown {
        let notes = assessment
            .as_ref()
            .map(|assessment| evidence::diagram_notes(assessment, &reach))
            .unwrap_or_default();
        let options = focus::Options {
            cluster_by: ClusterBy::Controller,
            ..html_report::DIAGRAM_OPTIONS
        };
        let explaining = query::explaining_edges(&graph, &sources);
        let diagram = EmbeddedDiagram::render(&focus::reach_with_notes(
            &reach,
            &explaining,
            incident,
            &labels,
            options,
            notes,
        ));
        super::warn_without_diagram(&diagram);
        files.push((
            REPORT.to_string(),
            html_report::notify::html(&notification, &named, &context, &labels, &diagram),
        ));
        let _ = writeln!(
            summary,
            "  {REPORT}  the report: deadline, figures, diagram, every worksheet"
        );
    }
    let mut json = render::json_value(&notification, &context, &labels, extensions);
    if let (Some(assessment), Some(log)) = (&assessment, &log) {
        json["evidence"] = render_evidence::json(assessment, log, &reach, &labels);
    }
    files.push(("worksheets.json".to_string(), to_text(&json)));
    let borrowed: Vec<(&str, String)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.clone()))
        .collect();
    directory::write(&args.output, &borrowed, args.force, &[], |_| Ok(()))?;

    let mut out = Output::stdout();
    out.write_str(&format!(
        "Wrote {} to {} ({} to assess notification, {} impersonation only{}):\n{summary}",
        crate::render::count(
            notification.worksheets().count() as u64,
            "worksheet",
            "worksheets"
        ),
        crate::render::terminal::escape(&args.output.display().to_string()),
        crate::render::count(
            notification.controllers.len() as u64,
            "controller",
            "controllers"
        ),
        notification.impersonation_only.len(),
        if notification.no_controller.is_some() {
            ", and the mailboxes with no data controller"
        } else {
            ""
        }
    ))?;
    for &node in &reach.disabled {
        out.write_str(&format!(
            "{}: disabled, no access while disabled\n",
            crate::render::terminal::escape(&labels.id(node))
        ))?;
    }
    if let (Some(assessment), Some(log)) = (&assessment, &log) {
        let [accessed, not_accessed, not_covered] = assessment.totals(&reach);
        out.write_str(&format!(
            "Evidence: {accessed} accessed, {not_accessed} not accessed, {not_covered} not covered ({})\n",
            render_evidence::summary(assessment, log)
        ))?;
        for line in render_evidence::warnings(assessment, &labels) {
            out.write_str(&format!(
                "warning: {}\n",
                crate::render::terminal::escape(&line)
            ))?;
        }
    }
    if let Some(deadline) = &notification.deadline {
        out.write_str(&format!("Regulator's deadline: {}\n", deadline.due))?;
    }
    out.finish()?;
    Ok(Outcome::Clean)
}
