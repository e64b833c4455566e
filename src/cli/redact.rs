//! The redaction options every command that prints names takes.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::graph::AccessGraph;
use crate::render::Labels;
use crate::render::redact::Pseudonyms;
use crate::suggest;

/// The environment variable `--redact` takes its key from, so that the key
/// stays out of the process list.
pub const KEY_VARIABLE: &str = "MAILGRAPH_REDACT_KEY";

#[derive(Debug, Clone, Default, clap::Args)]
pub struct RedactArgs {
    /// Replace names, ids and addresses by stable pseudonyms (kinds, roles
    /// and units stay).
    #[arg(long)]
    pub redact: bool,
    /// Key for the pseudonyms: the same key gives the same pseudonyms in
    /// every output (implies --redact). Without one, --redact takes the key
    /// in the MAILGRAPH_REDACT_KEY environment variable, or draws a random
    /// one. A key on the command line shows in `ps`: prefer the variable or
    /// --redact-key-file.
    #[arg(long, value_name = "KEY", conflicts_with = "redact_key_file")]
    pub redact_key: Option<String>,
    /// Read the pseudonym key from a file (implies --redact).
    #[arg(long, value_name = "FILE")]
    pub redact_key_file: Option<PathBuf>,
    /// Under --redact, show organisational units as written. By default
    /// they are pseudonymised too: a unit often names a person ("Office of
    /// Baroness ...", a constituency office).
    #[arg(long)]
    pub keep_units: bool,
}

impl RedactArgs {
    /// The labels an output of `graph` uses under these options.
    pub fn labels<'g>(&self, graph: &'g AccessGraph) -> Result<Labels<'g>> {
        Ok(match self.pseudonyms()? {
            Some(pseudonyms) => Labels::redacted(graph, pseudonyms).keeping_units(self.keep_units),
            None => Labels::plain(graph),
        })
    }

    /// The labels of two graphs (two snapshots) under these options, with
    /// the same pseudonyms, so one id is one pseudonym on both sides.
    pub fn labels_of_both<'g>(
        &self,
        old: &'g AccessGraph,
        new: &'g AccessGraph,
    ) -> Result<(Labels<'g>, Labels<'g>)> {
        Ok(match self.pseudonyms()? {
            Some(pseudonyms) => (
                Labels::redacted(old, pseudonyms.clone()).keeping_units(self.keep_units),
                Labels::redacted(new, pseudonyms).keeping_units(self.keep_units),
            ),
            None => (Labels::plain(old), Labels::plain(new)),
        })
    }

    /// Whether the output is redacted.
    pub fn is_redacted(&self) -> bool {
        self.redact || self.redact_key.is_some() || self.redact_key_file.is_some()
    }

    /// `error` as a redacted run reports it: an unknown id's "nearest
    /// known" suggestions and an ambiguous one's candidates would print
    /// real ids, so they are left out.
    pub fn scrub(&self, error: Error) -> Error {
        match error {
            Error::Input(Diagnostics(diagnostics)) if self.is_redacted() => {
                Error::Input(Diagnostics(
                    diagnostics
                        .into_iter()
                        .map(|mut diagnostic| {
                            diagnostic.message = crate::graph::without_candidates(
                                &suggest::without_suggestions(&diagnostic.message),
                            );
                            diagnostic
                        })
                        .collect(),
                ))
            }
            other => other,
        }
    }

    /// The pseudonyms to use, if the output is redacted.
    pub fn pseudonyms(&self) -> Result<Option<Pseudonyms>> {
        Ok(if let Some(key) = &self.redact_key {
            if key.is_empty() {
                return Err(Diagnostic::argument(
                    "the redaction key is empty: an empty key gives unkeyed pseudonyms that anyone can test a guessed name against",
                )
                .into());
            }
            Some(Pseudonyms::with_key(key.as_bytes()))
        } else if let Some(path) = &self.redact_key_file {
            Some(Pseudonyms::from_key_file(path)?)
        } else if self.redact {
            match std::env::var_os(KEY_VARIABLE) {
                Some(key) if key.is_empty() => {
                    return Err(Diagnostic::argument(format!(
                        "{KEY_VARIABLE} is set but empty: set it to a key, or unset it for a random one"
                    ))
                    .into());
                }
                Some(key) => Some(Pseudonyms::with_key(key.as_encoded_bytes())),
                None => Some(Pseudonyms::random()),
            }
        } else {
            None
        })
    }
}
