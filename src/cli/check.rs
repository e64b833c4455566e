//! `mailgraph check PATH`: validate, and say in one line what was loaded.

use super::{DirectoryArg, Output, load_graph};
use crate::error::{Outcome, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub directory: DirectoryArg,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = load_graph(&args.directory.path)?;
    let model = graph.model();
    let mut out = Output::stdout();
    out.write_str(&format!(
        "ok: {} files, {} accounts, {} mailboxes, {} groups, {} grants, {} forwarding, {} recovery, {} data controllers, {} incidents\n",
        model.files.len(),
        model.accounts.len(),
        model.mailboxes.len(),
        model.groups.len(),
        model.grants.len(),
        model.forwarding.len(),
        model.recovery.len(),
        model.controllers.len(),
        model.incidents.len(),
    ))?;
    out.finish()?;
    Ok(Outcome::Clean)
}
