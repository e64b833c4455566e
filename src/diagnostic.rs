//! Problems with the user's input, each with the place it was found.
//!
//! Every layer that reads user input (files, command-line ids, CSV exports)
//! reports through [`Diagnostic`], so that one format reaches the terminal:
//! `file:line:column: message`, and one exit status (2) goes with it.
//! A diagnostic quotes the input (ids, names, file names), so its text goes
//! through the terminal escaper when shown: a hostile id cannot send escape
//! sequences to the user's terminal through an error message.

use std::fmt;
use std::path::PathBuf;

use crate::render::terminal::escape;

/// A place in a file: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
}

/// One problem with the input: where, and a one-line reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file the problem is in. `None` for a command-line argument.
    pub file: Option<PathBuf>,
    /// Line and column inside `file`, where they are known.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl Diagnostic {
    /// A problem at a known place in a file.
    pub fn at(location: Location, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: Some(location.file),
            position: Some((location.line, location.column)),
            message: message.into(),
        }
    }

    /// A problem with a whole file (missing, unreadable).
    pub fn in_file(file: impl Into<PathBuf>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: Some(file.into()),
            position: None,
            message: message.into(),
        }
    }

    /// A problem with a command-line argument.
    pub fn argument(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: None,
            position: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}:", escape(&file.display().to_string()))?;
            if let Some((line, column)) = self.position {
                write!(f, "{line}:{column}:")?;
            }
            f.write_str(" ")?;
        }
        f.write_str(&escape(&self.message))
    }
}

/// Every problem found in one run, in the order of files and positions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "error: {diagnostic}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_and_messages_are_escaped_for_the_terminal() {
        let location = Location {
            file: PathBuf::from("evil\x1b[2J.ron"),
            line: 3,
            column: 7,
        };
        let shown = Diagnostic::at(location, "unknown id `a\x1b]52;c;eA==\x07`").to_string();
        assert_eq!(
            shown,
            "evil\\u{1b}[2J.ron:3:7: unknown id `a\\u{1b}]52;c;eA==\\u{7}`"
        );
        assert!(!shown.chars().any(char::is_control));
    }
}
