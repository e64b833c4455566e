//! `mailgraph man -o DIR`: manual pages generated from the command-line
//! definition, one per command (`mailgraph.1`, `mailgraph-reach.1`,
//! `mailgraph-import-exchange.1`, ...), so `man mailgraph-reach` says what
//! `mailgraph reach --help` says.

use std::path::{Path, PathBuf};

use clap::CommandFactory;

use super::{Cli, Output};
use crate::error::{Error, Outcome, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the pages into (created if needed), such as
    /// `~/.local/share/man/man1`.
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
}

pub fn run(args: Args) -> Result<Outcome> {
    std::fs::create_dir_all(&args.output).map_err(|source| Error::Write {
        path: Some(args.output.clone()),
        source,
    })?;
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let mut written = Vec::new();
    write_pages(&command, &args.output, &mut written)?;
    let mut out = Output::stdout();
    out.write_str(&format!(
        "wrote {} to {}\n",
        crate::render::count_list(&[(written.len(), "manual page", "manual pages")]),
        crate::render::terminal::escape(&args.output.display().to_string())
    ))?;
    out.finish()?;
    Ok(Outcome::Clean)
}

/// Writes the page of `command` and of each of its subcommands, depth
/// first, each whole or not at all.
fn write_pages(command: &clap::Command, folder: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    let mut page = Vec::new();
    man.render(&mut page).map_err(|source| Error::Write {
        path: Some(folder.join(man.get_filename())),
        source,
    })?;
    let path = folder.join(man.get_filename());
    crate::atomic_file::write(&path, &page)?;
    written.push(path);
    for subcommand in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(subcommand, folder, written)?;
    }
    Ok(())
}
