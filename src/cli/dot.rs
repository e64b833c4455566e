//! `mailgraph dot PATH <focus>`: an exposure diagram as DOT, or rendered to
//! SVG, PNG or PDF through Graphviz.

use std::path::PathBuf;

use super::evidence::{self, EvidenceArgs};
use super::{DirectoryArg, Output, RedactArgs, SourceArgs, resolve_path_ends};
use crate::atomic_file;
use crate::diagnostic::Diagnostic;
use crate::error::{Outcome, Result};
use crate::query;
use crate::render::dot::focus::{self, ClusterBy, Options};
use crate::render::dot::{self, graphviz};
use crate::render::terminal;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
    #[command(flatten)]
    pub assume: super::AssumeArgs,
    #[command(flatten)]
    pub sources: SourceArgs,
    /// Draw who can reach this mailbox.
    #[arg(long, value_name = "MAILBOX")]
    pub exposure: Option<String>,
    /// Draw the shortest attack paths from a credential to a mailbox or
    /// account.
    #[arg(long = "path", id = "attack_path", num_args = 2, value_names = ["FROM", "TO"])]
    pub attack_path: Option<Vec<String>>,
    /// Draw the whole directory.
    #[arg(long)]
    pub all: bool,
    /// Box nodes by organisational unit, by data controller, or not at all.
    #[arg(long, value_enum, default_value_t = ClusterBy::Unit)]
    pub cluster_by: ClusterBy,
    /// Above this many nodes, draw one node per unit with counts instead.
    #[arg(long, default_value_t = 150, value_name = "N")]
    pub max_nodes: usize,
    /// Write to FILE: .dot writes DOT; .svg, .png and .pdf render through
    /// Graphviz. Without it, or with `-o -`, the diagram goes to standard
    /// output in the `--format` asked (DOT by default).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The diagram's format; without it, the output file's extension
    /// decides (DOT on standard output).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<DiagramFormat>,
    #[command(flatten)]
    pub redact: RedactArgs,
    #[command(flatten)]
    pub evidence: EvidenceArgs,
}

/// The formats a diagram is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagramFormat {
    /// Graphviz DOT text.
    Dot,
    /// SVG, rendered by Graphviz.
    Svg,
    /// PNG, rendered by Graphviz.
    Png,
    /// PDF, rendered by Graphviz.
    Pdf,
}

impl DiagramFormat {
    /// Graphviz's name of a rendered format; `None` for DOT itself.
    fn rendered(self) -> Option<&'static str> {
        match self {
            DiagramFormat::Dot => None,
            DiagramFormat::Svg => Some("svg"),
            DiagramFormat::Png => Some("png"),
            DiagramFormat::Pdf => Some("pdf"),
        }
    }
}

/// Where the diagram goes (`None`: standard output), and in which format.
fn target(
    output: Option<&PathBuf>,
    format: Option<DiagramFormat>,
) -> Result<(Option<PathBuf>, DiagramFormat)> {
    let path = output.filter(|path| path.as_os_str() != "-");
    let Some(path) = path else {
        return Ok((None, format.unwrap_or(DiagramFormat::Dot)));
    };
    if let Some(format) = format {
        return Ok((Some(path.clone()), format));
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let rendered = graphviz::FORMATS
        .into_iter()
        .find(|format| extension.as_deref() == Some(*format));
    let format = match (extension.as_deref(), rendered) {
        (Some("dot" | "gv"), _) => DiagramFormat::Dot,
        (_, Some("svg")) => DiagramFormat::Svg,
        (_, Some("png")) => DiagramFormat::Png,
        (_, Some("pdf")) => DiagramFormat::Pdf,
        _ => {
            return Err(Diagnostic::argument(format!(
                "-o {}: the file name must end in .dot, .svg, .png or .pdf, or --format must say which",
                path.display()
            ))
            .into());
        }
    };
    Ok((Some(path.clone()), format))
}

pub fn run(args: Args) -> Result<Outcome> {
    let focuses = usize::from(!args.sources.is_empty())
        + usize::from(args.exposure.is_some())
        + usize::from(args.attack_path.is_some())
        + usize::from(args.all);
    if focuses != 1 {
        return Err(Diagnostic::argument(
            "choose one focus: --incident NAME and/or --from ID, --exposure MAILBOX, --path FROM TO, or --all",
        )
        .into());
    }
    if !args.evidence.evidence.is_empty() && args.sources.is_empty() {
        return Err(Diagnostic::argument(
            "--evidence marks the mailboxes of an incident's diagram: give --incident NAME",
        )
        .into());
    }
    let (path, format) = target(args.output.as_ref(), args.format)?;
    let graph = args.assume.load(&args.directory)?;
    let labels = args.redact.labels(&graph)?;
    let options = Options {
        cluster_by: args.cluster_by,
        max_nodes: args.max_nodes.max(1),
    };
    let diagram = if let Some(mailbox) = &args.exposure {
        let typed = mailbox;
        let mailbox = graph.resolve_mailbox(typed)?;
        super::note_resolution(&graph, typed, mailbox);
        focus::exposure(&query::exposure(&graph, mailbox), &labels, options)
    } else if let Some(ends) = &args.attack_path {
        let (from, to) = resolve_path_ends(&graph, &ends[0], &ends[1])?;
        let answer =
            query::shortest_paths_by(&graph, from, to, 10, |node| labels.id(node).into_owned());
        if !answer.is_reached() {
            return Err(Diagnostic::argument(format!(
                "`{}` does not reach `{}`: there is no path to draw",
                ends[0], ends[1]
            ))
            .into());
        }
        focus::paths(&answer, &labels, options)
    } else if args.all {
        focus::all(&labels, options)
    } else {
        let (incident, sources) = args.sources.resolve(&graph)?;
        let log = args.evidence.read(incident)?;
        let answer = query::reach(&graph, &sources);
        let notes = evidence::assess(&graph, &answer, incident, log.as_ref())
            .map(|assessment| evidence::diagram_notes(&assessment, &answer))
            .unwrap_or_default();
        let explaining = query::explaining_edges(&graph, &sources);
        focus::reach_with_notes(&answer, &explaining, incident, &labels, options, notes)
    };
    let text = dot::write(&diagram);
    let bytes = match format.rendered() {
        Some(rendered) => {
            let (bytes, warnings) = graphviz::render_with_warnings(&text, rendered)?;
            for warning in warnings {
                let warning = warning.strip_prefix("Warning: ").unwrap_or(&warning);
                eprintln!("warning: Graphviz: {}", terminal::escape(warning));
            }
            bytes
        }
        None => text,
    };
    match path {
        None => {
            let mut out = Output::stdout();
            out.write_bytes(&bytes)?;
            out.finish()?;
        }
        Some(path) => atomic_file::write(&path, &bytes)?,
    }
    Ok(Outcome::Clean)
}
