//! The redaction options every command that prints names takes.

use std::path::PathBuf;

use crate::error::Result;
use crate::graph::AccessGraph;
use crate::render::Labels;
use crate::render::redact::Pseudonyms;

#[derive(Debug, Clone, Default, clap::Args)]
pub struct RedactArgs {
    /// Replace names, ids and addresses by stable pseudonyms (kinds, roles
    /// and units stay).
    #[arg(long)]
    pub redact: bool,
    /// Key for the pseudonyms: the same key gives the same pseudonyms in
    /// every output (implies --redact). Without one, a run draws a random key.
    #[arg(long, value_name = "KEY", conflicts_with = "redact_key_file")]
    pub redact_key: Option<String>,
    /// Read the pseudonym key from a file (implies --redact).
    #[arg(long, value_name = "FILE")]
    pub redact_key_file: Option<PathBuf>,
}

impl RedactArgs {
    /// The labels an output of `graph` uses under these options.
    pub fn labels<'g>(&self, graph: &'g AccessGraph) -> Result<Labels<'g>> {
        Ok(match self.pseudonyms()? {
            Some(pseudonyms) => Labels::redacted(graph, pseudonyms),
            None => Labels::plain(graph),
        })
    }

    /// The pseudonyms to use, if the output is redacted.
    pub fn pseudonyms(&self) -> Result<Option<Pseudonyms>> {
        Ok(if let Some(key) = &self.redact_key {
            Some(Pseudonyms::with_key(key.as_bytes()))
        } else if let Some(path) = &self.redact_key_file {
            Some(Pseudonyms::from_key_file(path)?)
        } else if self.redact {
            Some(Pseudonyms::random())
        } else {
            None
        })
    }
}
