//! Writing generated documents into an output folder.
//!
//! Each file is written whole or not at all ([`crate::atomic_file`]). A
//! folder is loaded as a whole, so before writing anything the generators
//! check that the folder holds no RON file they would not overwrite: stale
//! or foreign files would silently be merged with the generated ones.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::model::{Document, Incident, to_ron};
use crate::render::count_list;

/// What was written: files, bytes and records by section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    pub files: usize,
    pub bytes: u64,
    pub controllers: usize,
    pub accounts: usize,
    pub mailboxes: usize,
    pub groups: usize,
    pub grants: usize,
    pub forwarding: usize,
    pub recovery: usize,
    pub incidents: usize,
}

impl Written {
    pub fn add(&mut self, other: &Written) {
        self.files += other.files;
        self.bytes += other.bytes;
        self.controllers += other.controllers;
        self.accounts += other.accounts;
        self.mailboxes += other.mailboxes;
        self.groups += other.groups;
        self.grants += other.grants;
        self.forwarding += other.forwarding;
        self.recovery += other.recovery;
        self.incidents += other.incidents;
    }

    /// One line for the terminal.
    pub fn summary(&self) -> String {
        let records = count_list(&[
            (self.accounts, "account", "accounts"),
            (self.mailboxes, "mailbox", "mailboxes"),
            (self.groups, "group", "groups"),
            (self.grants, "grant", "grants"),
            (self.forwarding, "forwarding", "forwarding"),
            (self.recovery, "recovery", "recovery"),
            (self.controllers, "data controller", "data controllers"),
            (self.incidents, "incident", "incidents"),
        ]);
        let files = count_list(&[(self.files, "file", "files")]);
        format!("{files} ({} bytes): {records}", self.bytes)
    }
}

/// A folder being filled with generated files.
#[derive(Debug, Clone)]
pub struct OutputFolder {
    root: PathBuf,
    /// The first line of every file: how it was made.
    header: String,
}

impl OutputFolder {
    /// Creates `root` if needed and checks that every RON file already in it
    /// is one of `planned` (paths relative to `root`), which will be
    /// overwritten.
    pub fn prepare(root: &Path, planned: &[PathBuf], header: &str) -> Result<OutputFolder> {
        if root.is_file() {
            return Err(Diagnostic::in_file(root, "is a file: the output must be a folder").into());
        }
        let mut foreign = Vec::new();
        if root.is_dir() {
            collect_ron_files(root, root, &mut foreign)?;
        }
        foreign.retain(|relative| !planned.contains(relative));
        foreign.sort();
        if let Some(first) = foreign.first() {
            let others = match foreign.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            };
            return Err(Diagnostic::in_file(
                root.join(first),
                format!(
                    "the output folder holds a RON file this generator does not write{others}: it would be loaded with the generated files; choose an empty folder or remove it"
                ),
            )
            .into());
        }
        Ok(OutputFolder {
            root: root.to_path_buf(),
            header: header.to_string(),
        })
    }

    /// Writes `document` to `relative`.
    pub fn write_document(&self, relative: &Path, document: &Document) -> Result<Written> {
        let bytes = self.write_ron(relative, document)?;
        Ok(Written {
            files: 1,
            bytes,
            controllers: document.controllers.len(),
            accounts: document.accounts.len(),
            mailboxes: document.mailboxes.len(),
            groups: document.groups.len(),
            grants: document.grants.len(),
            forwarding: document.forwarding.len(),
            recovery: document.recovery.len(),
            incidents: document.incidents.len(),
        })
    }

    /// Writes `incident` to `relative` (a file of an `incidents/` folder).
    pub fn write_incident(&self, relative: &Path, incident: &Incident) -> Result<Written> {
        let bytes = self.write_ron(relative, incident)?;
        Ok(Written {
            files: 1,
            bytes,
            incidents: 1,
            ..Written::default()
        })
    }

    fn write_ron<T: Serialize>(&self, relative: &Path, value: &T) -> Result<u64> {
        let path = self.root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                path: Some(parent.to_path_buf()),
                source,
            })?;
        }
        let mut text = String::new();
        for line in self.header.lines() {
            text.push_str("// ");
            text.push_str(line);
            text.push('\n');
        }
        text.push_str(&to_ron(value));
        crate::atomic_file::write(&path, text.as_bytes())?;
        Ok(text.len() as u64)
    }
}

/// Every `*.ron` file under `folder`, relative to `root`.
fn collect_ron_files(root: &Path, folder: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let unreadable = |error: std::io::Error| {
        Error::from(Diagnostic::in_file(
            folder,
            format!("cannot read folder: {error}"),
        ))
    };
    for entry in std::fs::read_dir(folder).map_err(unreadable)? {
        let path = entry.map_err(unreadable)?.path();
        if path.is_dir() {
            collect_ron_files(root, &path, found)?;
        } else if path.extension().is_some_and(|ext| ext == "ron") {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            found.push(relative);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_foreign_ron_file_stops_the_generator_before_it_writes() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("old.ron"), "()").unwrap();
        let planned = vec![PathBuf::from("new.ron")];
        let error = OutputFolder::prepare(dir.path(), &planned, "test").unwrap_err();
        assert!(error.to_string().contains("old.ron"), "{error}");
    }

    #[test]
    fn planned_files_are_overwritten_with_a_header() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("new.ron"), "()").unwrap();
        let planned = vec![PathBuf::from("new.ron")];
        let folder = OutputFolder::prepare(dir.path(), &planned, "made by a test").unwrap();
        let written = folder
            .write_document(Path::new("new.ron"), &Document::default())
            .unwrap();
        let text = std::fs::read_to_string(dir.path().join("new.ron")).unwrap();
        assert!(text.starts_with("// made by a test\n"), "{text}");
        assert_eq!(written.bytes, text.len() as u64);
    }
}
