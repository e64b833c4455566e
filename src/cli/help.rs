//! `mailgraph help [TOPIC]`: the documentation, built into the binary so
//! that it is there after `cargo install` as well as in a checkout. A topic
//! is one page of docs/ (`format`, `json`, `audit`, ...); a command's name
//! prints that command's `--help`.

use clap::CommandFactory;

use super::{Cli, print};
use crate::diagnostic::Diagnostic;
use crate::error::{Outcome, Result};
use crate::suggest;

/// A page of the documentation.
pub struct Topic {
    pub name: &'static str,
    /// What the page answers, for the list of topics.
    pub about: &'static str,
    pub text: &'static str,
}

/// Every page of docs/ a user reads, in the order they are listed.
pub const TOPICS: &[Topic] = &[
    Topic {
        name: "format",
        about: "the RON files that describe an organisation",
        text: include_str!("../../docs/format.md"),
    },
    Topic {
        name: "json",
        about: "the JSON and CSV output of every command, field by field",
        text: include_str!("../../docs/json.md"),
    },
    Topic {
        name: "audit",
        about: "the audit's rules, severities and configuration",
        text: include_str!("../../docs/audit.md"),
    },
    Topic {
        name: "import",
        about: "importing Exchange Online exports, and the commands that make them",
        text: include_str!("../../docs/import.md"),
    },
    Topic {
        name: "incident-response",
        about: "reach, evidence of access, containment and notification after an incident",
        text: include_str!("../../docs/incident-response.md"),
    },
    Topic {
        name: "remediation",
        about: "plan and what-if: the fewest changes that close the most exposure",
        text: include_str!("../../docs/remediation.md"),
    },
    Topic {
        name: "diagrams",
        about: "what the diagrams of `dot` show",
        text: include_str!("../../docs/diagrams.md"),
    },
    Topic {
        name: "export",
        about: "the whole graph for other graph tools (OpenGraph, GraphML)",
        text: include_str!("../../docs/export.md"),
    },
    Topic {
        name: "guarantees",
        about: "what a failed run leaves, escaping, redaction, size limits",
        text: include_str!("../../docs/guarantees.md"),
    },
    Topic {
        name: "performance",
        about: "timings at scale and the benchmarks that measure them",
        text: include_str!("../../docs/performance.md"),
    },
    Topic {
        name: "architecture",
        about: "what each module of the source is for, and how data moves",
        text: include_str!("../../docs/architecture.md"),
    },
];

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A topic (format, json, audit, import, incident-response,
    /// remediation, diagrams, export, guarantees, performance,
    /// architecture) or a command; without one, the list of both.
    #[arg(value_name = "TOPIC")]
    pub topic: Option<String>,
}

pub fn run(args: Args) -> Result<Outcome> {
    let mut command = Cli::command();
    let Some(topic) = args.topic else {
        print(&index(&mut command))?;
        return Ok(Outcome::Clean);
    };
    if let Some(page) = TOPICS.iter().find(|t| t.name == topic) {
        print(page.text)?;
        return Ok(Outcome::Clean);
    }
    command.build();
    if let Some(subcommand) = command.find_subcommand_mut(&topic) {
        print(&subcommand.render_long_help().to_string())?;
        return Ok(Outcome::Clean);
    }
    let known = TOPICS
        .iter()
        .map(|t| t.name)
        .chain(command.get_subcommands().map(|c| c.get_name()));
    Err(Diagnostic::argument(format!(
        "no help topic or command `{topic}`{}; `mailgraph help` lists them",
        suggest::hint(&topic, known)
    ))
    .into())
}

/// The topics and the commands, one a line.
fn index(command: &mut clap::Command) -> String {
    let mut out = String::from("Documentation topics (`mailgraph help TOPIC`):\n");
    let width = TOPICS.iter().map(|t| t.name.len()).max().unwrap_or(0);
    for topic in TOPICS {
        out.push_str(&format!("  {:width$}  {}\n", topic.name, topic.about));
    }
    out.push_str("\nCommands (`mailgraph help COMMAND`, or `mailgraph COMMAND --help`):\n");
    let commands: Vec<(String, String)> = command
        .get_subcommands()
        .map(|c| {
            let about = c.get_about().map(|a| a.to_string()).unwrap_or_default();
            // The first sentence is the summary.
            let summary = about.split(". ").next().unwrap_or("").to_string();
            (c.get_name().to_string(), summary)
        })
        .collect();
    let width = commands.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
    for (name, about) in commands {
        out.push_str(&format!("  {name:width$}  {about}\n"));
    }
    out
}
