//! `mailgraph import SOURCE ...`: build a RON directory from a mail
//! system's exports. One subcommand per source; Exchange Online first.

use std::path::PathBuf;

use clap::Subcommand;

use super::Output;
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Outcome, Result};
use crate::import::{self, directory};
use crate::progress::{Phase, Progress};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub source: Source,
}

#[derive(Debug, Subcommand)]
pub enum Source {
    /// From Exchange Online / Microsoft 365 PowerShell CSV exports
    /// (`mailgraph help import` lists the commands that produce them).
    Exchange(ExchangeArgs),
}

#[derive(Debug, clap::Args)]
pub struct ExchangeArgs {
    /// The folder to write the RON files into (new, or empty unless --force).
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// Replace the files an earlier import wrote into the output folder
    /// (listed in its manifest); nothing else in it is touched.
    #[arg(long)]
    pub force: bool,
    /// `Get-Mailbox` / `Get-EXOMailbox` export (required). Any one export
    /// may be `-`, standard input.
    #[arg(long, value_name = "FILE")]
    pub mailboxes: PathBuf,
    /// `Get-MailboxPermission` export (FullAccess).
    #[arg(long, value_name = "FILE")]
    pub mailbox_permissions: Vec<PathBuf>,
    /// `Get-RecipientPermission` export (SendAs).
    #[arg(long, value_name = "FILE")]
    pub recipient_permissions: Vec<PathBuf>,
    /// `Get-MailboxFolderPermission` export (Inbox, Calendar, ...); repeatable.
    #[arg(long, value_name = "FILE")]
    pub folder_permissions: Vec<PathBuf>,
    /// Group membership: one file per group (named after it) or one with a
    /// `Group` column; repeatable.
    #[arg(long, value_name = "FILE")]
    pub group_members: Vec<PathBuf>,
    /// Per-user MFA and sign-in state exported from Entra ID.
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,
    /// `Get-Recipient` (or `Get-MailContact`, `Get-DistributionGroup`)
    /// export: every name of each group, and the mail contacts forwarding
    /// may name; repeatable.
    #[arg(long, value_name = "FILE")]
    pub recipients: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<Outcome> {
    match args.source {
        Source::Exchange(args) => exchange(args),
    }
}

fn exchange(args: ExchangeArgs) -> Result<Outcome> {
    let inputs = import::Inputs {
        mailboxes: args.mailboxes,
        mailbox_permissions: args.mailbox_permissions,
        recipient_permissions: args.recipient_permissions,
        folder_permissions: args.folder_permissions,
        group_members: args.group_members,
        users: args.users,
        recipients: args.recipients,
    };
    // Refuse early, before reading anything, and again when writing.
    let paths = inputs.paths();
    let stdin = std::path::Path::new(import::csv::STDIN);
    if paths.iter().filter(|path| *path == stdin).count() > 1 {
        return Err(
            Diagnostic::in_file(stdin, "standard input may be given for one export only").into(),
        );
    }
    directory::check_target(&args.output, args.force, &paths)?;
    let parsing = Progress::start(Phase::Parse);
    let imported = import::import(&inputs)?;
    parsing.finish();
    let writing = Progress::start(Phase::Write);
    // The report is made first, so the records can be given up file by
    // file as their text is made: a large import never holds its records,
    // their text and the validated model all at once.
    let report = imported
        .summary
        .render(&imported.document, &args.output.display().to_string());
    let files: Vec<(&str, String)> = directory::split(imported.document)
        .into_iter()
        .map(|(name, document)| {
            let text = document.to_ron();
            // The process ends soon: freeing millions of records one by
            // one would take longer than the operating system's taking
            // the memory back at exit (docs/performance.md).
            std::mem::forget(document);
            (name, text)
        })
        .collect();
    // The import is meant to pass `check`: its files are loaded before they
    // reach the target, and anything else is a defect here.
    let validate = |staged: &std::path::Path| match crate::load::load(staged) {
        Ok(model) => {
            std::mem::forget(model);
            Ok(())
        }
        Err(problems) => Err(Error::Tool(format!(
            "the imported files do not validate (nothing was written), please report this:\n{problems}"
        ))),
    };
    directory::write(&args.output, &files, args.force, &paths, validate)?;
    std::mem::forget(files);
    writing.finish();
    let mut out = Output::stdout();
    out.write_str(&report)?;
    out.finish()?;
    Ok(Outcome::Clean)
}
