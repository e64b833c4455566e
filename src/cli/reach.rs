//! `mailgraph reach PATH --incident NAME | --from ID...`: what compromised
//! credentials reach.

use super::evidence::{self, EvidenceArgs};
use super::{DirectoryArg, HtmlReportArgs, SourceArgs, print};
use crate::error::{Outcome, Result};
use crate::progress::{Phase, Progress};
use crate::query;
use crate::render::answer::to_text;
use crate::render::dot::focus;
use crate::render::evidence as render_evidence;
use crate::render::html_report::{self, EmbeddedDiagram};
use crate::render::reach::{self, Context};
use crate::render::{ReportFormat as Format, shown_order, terminal};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
    #[command(flatten)]
    pub report: HtmlReportArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = args.assume.load(&args.directory)?;
    let (incident, sources) = args.sources.resolve(&graph)?;
    let labels = args.report.redact.labels(&graph)?;
    let log = args.evidence.read(incident)?;
    let querying = Progress::start(Phase::Query);
    let mut answer = query::reach(&graph, &sources);
    querying.finish();
    shown_order::reach(&mut answer, &labels);
    let assessment = evidence::assess(&graph, &answer, incident, log.as_ref());
    let context = Context { incident };
    let colour = terminal::colour_stdout();
    let text = match (args.report.format, &assessment, &log) {
        (Format::Table, Some(assessment), Some(log)) => {
            let mut text = reach::table(&answer, &context, &labels, colour);
            text.push_str(&render_evidence::table(
                assessment, log, &answer, &labels, colour,
            ));
            text
        }
        (Format::Json, Some(assessment), Some(log)) => {
            let mut value = reach::json_value(&answer, &context, &labels);
            if let Some(mailboxes) = value["mailboxes"].as_array_mut() {
                for (json, exposed) in mailboxes.iter_mut().zip(&answer.mailboxes) {
                    json["evidence"] =
                        render_evidence::status_json(assessment.status(exposed.node));
                }
            }
            value["evidence"] = render_evidence::json(assessment, log, &answer, &labels);
            to_text(&value)
        }
        (Format::Html, ..) => {
            let notes = assessment
                .as_ref()
                .map(|assessment| evidence::diagram_notes(assessment, &answer))
                .unwrap_or_default();
            let explaining = query::explaining_edges(&graph, &sources);
            let diagram = EmbeddedDiagram::render(&focus::reach_with_notes(
                &answer,
                &explaining,
                incident,
                &labels,
                html_report::DIAGRAM_OPTIONS,
                notes,
            ));
            super::warn_without_diagram(&diagram);
            let evidence = assessment
                .as_ref()
                .zip(log.as_ref())
                .map(|(assessment, log)| html_report::reach::Evidence { assessment, log });
            html_report::reach::html(&answer, &context, &labels, &diagram, evidence.as_ref())
        }
        (Format::Table, ..) => reach::table(&answer, &context, &labels, colour),
        (Format::Json, ..) => reach::json(&answer, &context, &labels),
        (Format::Csv, ..) => reach::csv(&answer, &labels, assessment.as_ref()),
    };
    print(&text)?;
    Ok(Outcome::Clean)
}
