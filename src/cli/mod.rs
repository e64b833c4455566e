//! The command line: argument definitions (clap) and the dispatch of each
//! subcommand to the library. One file per subcommand; each loads what it
//! needs, asks a query, and hands the answer to a renderer.

mod audit;
mod check;
mod completions;
mod contain;
mod diff;
mod dot;
mod evidence;
mod export;
mod exposure;
mod generate;
mod help;
mod import;
mod loaded;
mod man;
mod notify;
mod output;
mod path;
mod plan;
mod rank;
mod reach;
mod redact;
mod snapshot;
mod sources;
mod stats;
mod what_if;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::error::{Outcome, Result};
use crate::graph::AccessGraph;
use crate::progress::{Phase, Progress, Verbosity};
use crate::render::{Format, ReportFormat};
use crate::snapshot::Stale;

pub use loaded::Loaded;
pub use output::Output;
pub use redact::RedactArgs;
pub use sources::{SourceArgs, note_resolution, resolve_path_ends};

/// Explore who can reach which mailbox: what compromised credentials expose,
/// who could reach a mailbox and how, and which delegations are risky.
#[derive(Debug, Parser)]
#[command(
    name = "mailgraph",
    version,
    about,
    long_about = None,
    disable_help_subcommand = true,
    after_help = "Documentation: `mailgraph help` lists the topics (format, json, audit, import, \
                  incident-response, remediation, ...); `mailgraph help TOPIC` prints one."
)]
pub struct Cli {
    /// Show no progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print each phase's time (read files, parse, validate, build
    /// graph, query, write) on standard error.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a directory of RON files and print a short summary.
    #[command(after_help = "The RON format: `mailgraph help format`.")]
    Check(check::Args),
    /// Count nodes, edges, roles and units of a directory.
    #[command(after_help = "Output fields, CSV columns: `mailgraph help json`.")]
    Stats(stats::Args),
    /// What compromised credentials reach: accounts taken over, mailboxes
    /// exposed and how, users affected, data controllers to notify.
    #[command(
        after_help = "Output fields, CSV columns: `mailgraph help json`. After an incident: `mailgraph help incident-response`."
    )]
    Reach(reach::Args),
    /// Who could reach a mailbox: every credential that exposes it, with
    /// level and path.
    #[command(after_help = "Output fields, CSV columns: `mailgraph help json`.")]
    Exposure(exposure::Args),
    /// The shortest attack paths from a credential to a mailbox or account.
    #[command(after_help = "Output fields, CSV columns: `mailgraph help json`.")]
    Path(path::Args),
    /// The blast radius of every credential, largest first.
    #[command(after_help = "Output fields, CSV columns: `mailgraph help json`.")]
    Rank(rank::Args),
    /// An exposure diagram (Graphviz DOT, or SVG/PNG/PDF with Graphviz).
    #[command(after_help = "What a diagram shows: `mailgraph help diagrams`.")]
    Dot(dot::Args),
    /// Review delegations for risky hygiene: findings by rule and severity.
    #[command(after_help = "Rules, severities, configuration: `mailgraph help audit`.")]
    Audit(audit::Args),
    /// What changed between two snapshots: records, access to personal
    /// data, blast radius, audit findings.
    #[command(after_help = "Output fields, CSV columns: `mailgraph help json`.")]
    Diff(diff::Args),
    /// Load a directory once into a snapshot file that every command opens
    /// in place of the directory, without parsing or validating it again.
    Snapshot(snapshot::Args),
    /// The containment checklist of an incident: credentials to reset,
    /// rules to remove, secrets to rotate, grants to review, each with the
    /// PowerShell to run.
    #[command(after_help = "`mailgraph help incident-response`.")]
    Contain(contain::Args),
    /// Notification worksheets for each data controller an incident exposes,
    /// with the regulator's deadline (Markdown and HTML, an HTML report, and one JSON).
    #[command(after_help = "`mailgraph help incident-response`.")]
    Notify(notify::Args),
    /// The cheapest changes that leave no path from likely-compromised
    /// credentials to mailboxes holding personal data, choke points first.
    #[command(
        after_help = "What the plan optimises, costs, how to read it: `mailgraph help remediation`."
    )]
    Plan(plan::Args),
    /// The answers before and after a list of changes (a changes file or a
    /// plan's JSON): reach, blast radius, audit findings, as `diff` shows
    /// them.
    #[command(after_help = "Changes files and output: `mailgraph help remediation`.")]
    WhatIf(what_if::Args),
    /// Build a RON directory from a mail system's exports.
    #[command(after_help = "The exports and the commands that make them: `mailgraph help import`.")]
    Import(import::Args),
    /// The whole graph for another graph tool: BloodHound CE OpenGraph JSON
    /// or GraphML.
    #[command(after_help = "`mailgraph help export`.")]
    Export(export::Args),
    /// Write a generated organisation: the 2017 scenario's bulk, or a synthetic one.
    Generate(generate::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Write manual pages, one per command, into a folder.
    Man(man::Args),
    /// Print the documentation: a topic (the RON format, JSON and CSV
    /// output, the audit's rules, import, ...) or a command's help.
    Help(help::Args),
}

/// Runs a parsed command line. A redacted run's errors leave out "nearest
/// known" suggestions, which would print real ids.
pub fn run(cli: Cli) -> Result<Outcome> {
    crate::progress::set_verbosity(if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    let redact = cli.command.redaction().cloned();
    if redact.as_ref().is_some_and(RedactArgs::is_redacted) {
        sources::withhold_ids_in_notes();
    }
    run_command(cli.command).map_err(|error| match &redact {
        Some(redact) => redact.scrub(error),
        None => error,
    })
}

impl Command {
    /// The redaction options of a command that prints names.
    fn redaction(&self) -> Option<&RedactArgs> {
        match self {
            Command::Reach(args) => Some(&args.report.redact),
            Command::Exposure(args) => Some(&args.report.redact),
            Command::Path(args) => Some(&args.report.redact),
            Command::Rank(args) => Some(&args.report.redact),
            Command::Dot(args) => Some(&args.redact),
            Command::Audit(args) => Some(&args.redact),
            Command::Notify(args) => Some(&args.redact),
            Command::Contain(args) => Some(&args.redact),
            Command::Diff(args) => Some(&args.redact),
            Command::Plan(args) => Some(&args.redact),
            Command::WhatIf(args) => Some(&args.redact),
            Command::Export(args) => Some(&args.redact),
            _ => None,
        }
    }
}

fn run_command(command: Command) -> Result<Outcome> {
    match command {
        Command::Check(args) => check::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Reach(args) => reach::run(args),
        Command::Exposure(args) => exposure::run(args),
        Command::Path(args) => path::run(args),
        Command::Rank(args) => rank::run(args),
        Command::Dot(args) => dot::run(args),
        Command::Audit(args) => audit::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Snapshot(args) => snapshot::run(args),
        Command::Contain(args) => contain::run(args),
        Command::Notify(args) => notify::run(args),
        Command::Plan(args) => plan::run(args),
        Command::WhatIf(args) => what_if::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Help(args) => help::run(args),
    }
}

/// Loads and builds the graph of the directory argument: a directory of
/// RON files, or a snapshot of one (opened, not parsed).
pub fn load_graph(directory: &DirectoryArg) -> Result<Loaded> {
    load_graph_at(&directory.path, directory.stale)
}

/// Loads and builds the graph at `path` (a RON file, a folder of them, or a
/// snapshot; `stale` says what to do with an out-of-date snapshot).
pub fn load_graph_at(path: &Path, stale: Stale) -> Result<Loaded> {
    if crate::snapshot::is_snapshot(path) {
        return Ok(Loaded::new(crate::snapshot::open(path, stale)?));
    }
    let model = crate::load::load(path)?;
    let _building = Progress::start(Phase::BuildGraph);
    Ok(Loaded::new(AccessGraph::build(model)))
}

/// "What if" switches of the commands that answer reachability questions.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct AssumeArgs {
    /// Treat disabled accounts as enabled: what they would reach, and who
    /// could take them over, if they were re-enabled. Without it a disabled
    /// account cannot sign in and its rights are dormant.
    #[arg(long)]
    pub assume_enabled: bool,
}

impl AssumeArgs {
    /// Loads and builds the graph of the directory argument, with these
    /// assumptions.
    pub fn load(&self, directory: &DirectoryArg) -> Result<Loaded> {
        let mut graph = load_graph(directory)?;
        graph.assume_enabled(self.assume_enabled);
        Ok(graph)
    }
}

/// How a reporting command prints: its format, and whether names are
/// redacted.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub redact: RedactArgs,
}

/// How a command that also makes an HTML report prints: its format (HTML
/// among them), and whether names are redacted.
#[derive(Debug, Clone, clap::Args)]
pub struct HtmlReportArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub redact: RedactArgs,
}

/// Says on standard error that an HTML report has no diagram, and why: the
/// page says it too, but a report written to a file is not read at once.
pub fn warn_without_diagram(diagram: &crate::render::html_report::EmbeddedDiagram) {
    if let Some(problem) = diagram.problem() {
        eprintln!(
            "warning: the report has no diagram: {}",
            crate::render::terminal::escape(problem)
        );
    }
}

/// Writes `text` to standard output (a closed pipe is a normal end).
pub fn print(text: &str) -> Result<()> {
    let mut out = Output::stdout();
    out.write_str(text)?;
    out.finish()
}

/// The directory argument every command takes first.
#[derive(Debug, Clone, clap::Args)]
pub struct DirectoryArg {
    /// A RON file, or a folder of RON files, describing the organisation
    /// (`-`: one RON document read from standard input); or a snapshot of
    /// one written by `mailgraph snapshot`.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Given a snapshot whose files changed since it was written: refuse
    /// (the default), or answer from it with a warning.
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = Stale::Refuse)]
    pub stale: Stale,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
