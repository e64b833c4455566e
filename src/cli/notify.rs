//! `mailgraph notify PATH --incident NAME -o DIR`: the notification
//! worksheets of an incident, one per data controller (Markdown and HTML)
//! and one JSON document for all, written as a folder whole or not at all.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::{AssumeArgs, DirectoryArg, Output, RedactArgs, SourceArgs};
use crate::error::{Outcome, Result};
use crate::import::directory;
use crate::notify;
use crate::query;
use crate::render::count_list;
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
}

pub fn run(args: Args) -> Result<Outcome> {
    // Refuse early, before loading anything, and again when writing.
    directory::check_target(&args.output, args.force)?;
    let graph = args.assume.load(&args.directory.path)?;
    let (incident, sources) = args.sources.resolve(&graph)?;
    let labels = args.redact.labels(&graph)?;
    let reach = query::reach(&graph, &sources);
    let notification = notify::notification(&graph, &reach, incident);
    let context = Context {
        incident,
        reach: &reach,
    };

    let mut files = Vec::new();
    let mut summary = String::new();
    for (worksheet, stem) in render::files(&notification, &labels) {
        files.push((
            format!("{stem}.md"),
            render::markdown(worksheet, &context, &labels),
        ));
        files.push((
            format!("{stem}.html"),
            render::html(worksheet, &context, &labels),
        ));
        let _ = writeln!(
            summary,
            "  {stem}.md  {} ({})",
            crate::render::terminal::escape(&addressee_name(&labels, worksheet)),
            count_list(&[
                (worksheet.entries.len(), "mailbox", "mailboxes"),
                (worksheet.people as usize, "person", "people"),
            ])
        );
    }
    files.push((
        "worksheets.json".to_string(),
        render::json(&notification, &context, &labels),
    ));
    let borrowed: Vec<(&str, String)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.clone()))
        .collect();
    directory::write(&args.output, &borrowed, args.force)?;

    let mut out = Output::stdout();
    out.write_str(&format!(
        "Wrote {} worksheets to {} ({} controllers to assess notification, {} impersonation only{}):\n{summary}",
        notification.worksheets().count(),
        crate::render::terminal::escape(&args.output.display().to_string()),
        notification.controllers.len(),
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
    if let Some(deadline) = &notification.deadline {
        out.write_str(&format!("Regulator's deadline: {}\n", deadline.due))?;
    }
    out.finish()?;
    Ok(Outcome::Clean)
}
