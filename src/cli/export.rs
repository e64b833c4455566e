//! `mailgraph export FORMAT PATH`: the whole graph for another graph tool,
//! BloodHound CE's OpenGraph JSON or GraphML, to standard output or a file
//! written whole or not at all.

use std::path::PathBuf;

use super::{DirectoryArg, Output, RedactArgs};
use crate::atomic_file;
use crate::error::{Outcome, Result};
use crate::export;

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// BloodHound CE OpenGraph JSON (upload it in BloodHound's file ingest).
    Opengraph,
    /// GraphML, for Gephi, yEd and Cytoscape.
    Graphml,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format to write.
    #[arg(value_enum)]
    pub format: ExportFormat,
    #[command(flatten)]
    pub directory: DirectoryArg,
    /// Write to FILE (whole or not at all) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub redact: RedactArgs,
}

pub fn run(args: Args) -> Result<Outcome> {
    let graph = super::load_graph(&args.directory.path)?;
    let labels = args.redact.labels(&graph)?;
    let write = |out: &mut dyn std::io::Write| match args.format {
        ExportFormat::Opengraph => export::opengraph::write(&labels, out),
        ExportFormat::Graphml => export::graphml::write(&labels, out),
    };
    match &args.output {
        Some(path) => atomic_file::write_with(path, |file| write(file))?,
        None => {
            let mut out = Output::stdout();
            write(&mut out).map_err(crate::error::Error::stdout)?;
            out.finish()?;
        }
    }
    Ok(Outcome::Clean)
}
