//! `mailgraph snapshot PATH -o FILE`: load and validate a directory once,
//! and write the built graph to a file that every command accepts in place
//! of the directory (src/snapshot/, docs/performance.md).

use std::path::PathBuf;

use super::print;
use crate::diagnostic::Diagnostic;
use crate::error::{Outcome, Result};
use crate::render::count_list;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A RON file, or a folder of RON files, describing the organisation.
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// The snapshot file to write (written whole or not at all).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<Outcome> {
    if crate::snapshot::is_snapshot(&args.path) {
        return Err(Diagnostic::in_file(
            &args.path,
            "this is already a snapshot: name the RON file or folder it was made from",
        )
        .into());
    }
    let (bytes, graph) = crate::snapshot::take(&args.path)?;
    crate::atomic_file::write(&args.output, &bytes)?;
    let model = graph.model();
    let counts = [
        (model.files.len(), "file", "files"),
        (model.accounts.len(), "account", "accounts"),
        (model.mailboxes.len(), "mailbox", "mailboxes"),
        (graph.graph().edge_count(), "edge", "edges"),
    ];
    print(&format!(
        "wrote {} ({} bytes): {}\n",
        args.output.display(),
        bytes.len(),
        count_list(&counts)
    ))?;
    Ok(Outcome::Clean)
}
