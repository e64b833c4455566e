//! `mailgraph check PATH`: validate, and say in one line what was loaded.

use super::{DirectoryArg, load_graph, print};
use crate::error::{Outcome, Result};
use crate::render::count_list;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
}

pub fn run(args: Args) -> Result<Outcome> {
    // A snapshot is checked by opening it: frame, checksum, sources and
    // every record and edge.
    let (snapshot, loaded);
    let model = if crate::snapshot::is_snapshot(&args.directory.path) {
        snapshot = load_graph(&args.directory)?;
        snapshot.model()
    } else {
        loaded = crate::load::load(&args.directory.path)?;
        &loaded
    };
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
    print(&format!("ok: {}\n", count_list(&counts)))?;
    Ok(Outcome::Clean)
}
