//! The errors a command can end with, and the one place that maps them,
//! and a command's outcome, to exit statuses.

use std::fmt;
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::terminal::{escape, escape_lines};

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing to report beyond the output: exit 0.
    Clean,
    /// The command found what it was asked to gate on (`--fail-on`): exit 1.
    Findings,
}

impl Outcome {
    pub fn exit_status(self) -> u8 {
        match self {
            Outcome::Clean => 0,
            Outcome::Findings => 1,
        }
    }
}

/// Why a command stopped.
#[derive(Debug)]
pub enum Error {
    /// The input (files or arguments) is wrong: exit 2, every problem listed.
    Input(Diagnostics),
    /// An output could not be written.
    Write {
        path: Option<PathBuf>,
        source: std::io::Error,
    },
    /// A program the command needs is missing or failed (Graphviz's `dot`).
    Tool(String),
    /// The reader of our output went away (`| head`): a normal end, exit 0.
    BrokenPipe,
}

impl Error {
    pub fn exit_status(&self) -> u8 {
        match self {
            Error::BrokenPipe => 0,
            _ => 2,
        }
    }

    /// Whether the error is a normal end that needs no message.
    pub fn is_silent(&self) -> bool {
        matches!(self, Error::BrokenPipe)
    }

    /// An error writing to standard output: a closed pipe is a normal end.
    pub fn stdout(source: std::io::Error) -> Error {
        if source.kind() == std::io::ErrorKind::BrokenPipe {
            Error::BrokenPipe
        } else {
            Error::Write { path: None, source }
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(diagnostics) => write!(f, "{diagnostics}"),
            Error::Write {
                path: Some(path),
                source,
            } => {
                let path = path.display().to_string();
                write!(f, "error: cannot write {}: {source}", escape(&path))
            }
            Error::Write { path: None, source } => {
                write!(f, "error: cannot write to standard output: {source}")
            }
            Error::Tool(message) => write!(f, "error: {}", escape_lines(message)),
            Error::BrokenPipe => Ok(()),
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(diagnostics: Diagnostics) -> Self {
        Error::Input(diagnostics)
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Input(diagnostic.into())
    }
}

/// The result of a command.
pub type Result<T, E = Error> = std::result::Result<T, E>;
