//! `mailgraph check PATH`: validate, and say in one line what was loaded.

use super::{DirectoryArg, print};
use crate::error::{Outcome, Result};
use crate::render::count_list;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
}

pub fn run(args: Args) -> Result<Outcome> {
    let model = crate::load::load(&args.directory.path)?;
    let counts = [
        (model.files.len(), "file", "files"),
        (model.accounts.len(), "account", "accounts"),
        (model.mailboxes.len(), "mailbox", "mailboxes"),
        (model.groups.len(), "group", "groups"),
        (model.grants.len(), "grant", "grants"),
        (model.forwarding.len(), "forwarding", "forwarding"),
        (model.recovery.len(), "recovery", "recovery"),
        (
            model.controllers.len(),
            "data controller",
            "data controllers",
        ),
        (model.incidents.len(), "incident", "incidents"),
    ];
    // Access that is not delegation, counted only where a directory has it.
    let beyond = [
        (model.applications.len(), "application", "applications"),
        (
            model.application_permissions.len(),
            "application permission",
            "application permissions",
        ),
        (model.admin_roles.len(), "admin role", "admin roles"),
        (model.inbox_rules.len(), "inbox rule", "inbox rules"),
        (
            model.mail_flow_rules.len(),
            "mail-flow rule",
            "mail-flow rules",
        ),
    ];
    let beyond: Vec<_> = beyond.into_iter().filter(|(n, _, _)| *n > 0).collect();
    let mut line = count_list(&counts);
    if !beyond.is_empty() {
        line.push_str(&format!("; {}", count_list(&beyond)));
    }
    print(&format!("ok: {line}\n"))?;
    Ok(Outcome::Clean)
}
