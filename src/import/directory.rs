//! Writing an imported model as a directory of RON files, whole or not at
//! all: the files are written into a temporary folder beside the target,
//! which is renamed into place once complete. A target that exists and is
//! not empty is refused unless the caller allows replacing it; it is then
//! moved aside, the new folder renamed in, and the old one removed, so the
//! target is at every moment either the old directory or the new one.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::Document;

/// The files an import writes, by section: `(file name, document)`.
pub fn split(document: &Document) -> Vec<(&'static str, Document)> {
    vec![
        (
            "accounts.ron",
            Document {
                accounts: document.accounts.clone(),
                ..Document::default()
            },
        ),
        (
            "mailboxes.ron",
            Document {
                mailboxes: document.mailboxes.clone(),
                ..Document::default()
            },
        ),
        (
            "groups.ron",
            Document {
                groups: document.groups.clone(),
                ..Document::default()
            },
        ),
        (
            "delegations.ron",
            Document {
                grants: document.grants.clone(),
                forwarding: document.forwarding.clone(),
                recovery: document.recovery.clone(),
                ..Document::default()
            },
        ),
    ]
}

/// Refuses a target that exists and holds anything, unless `force`.
pub fn check_target(target: &Path, force: bool) -> Result<(), Error> {
    match std::fs::symlink_metadata(target) {
        Err(_) => Ok(()),
        Ok(metadata) if !metadata.is_dir() => Err(Diagnostic::in_file(
            target,
            "exists and is not a folder: give a new or empty folder as output",
        )
        .into()),
        Ok(_) if force || is_empty_dir(target) => Ok(()),
        Ok(_) => Err(Diagnostic::in_file(
            target,
            "exists and is not empty: choose a new folder, or pass --force to replace it",
        )
        .into()),
    }
}

/// Writes `files` as the folder `target`, atomically.
pub fn write(target: &Path, files: &[(&str, String)], force: bool) -> Result<(), Error> {
    check_target(target, force)?;
    let failed = |path: &Path| {
        let path = path.to_path_buf();
        move |source: std::io::Error| Error::Write {
            path: Some(path),
            source,
        }
    };
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(failed(&parent))?;
    let staging = tempfile::Builder::new()
        .prefix(".mailgraph-import-")
        .tempdir_in(&parent)
        .map_err(failed(&parent))?;
    for (name, text) in files {
        let path = staging.path().join(name);
        std::fs::write(&path, text).map_err(failed(&path))?;
    }
    if target.exists() {
        replace(target, staging, &parent)
    } else {
        let staged = staging.keep();
        std::fs::rename(&staged, target).map_err(|error| {
            let _ = std::fs::remove_dir_all(&staged);
            failed(target)(error)
        })
    }
}

/// Moves the old `target` aside, the staged folder in, and removes the old
/// one; puts the old one back if the new one cannot be moved in.
fn replace(target: &Path, staging: tempfile::TempDir, parent: &Path) -> Result<(), Error> {
    let failed = |source| Error::Write {
        path: Some(target.to_path_buf()),
        source,
    };
    let aside = tempfile::Builder::new()
        .prefix(".mailgraph-old-")
        .tempdir_in(parent)
        .map_err(failed)?;
    let aside_path = aside.path().join("old");
    std::fs::rename(target, &aside_path).map_err(failed)?;
    if let Err(error) = std::fs::rename(staging.path(), target) {
        let _ = std::fs::rename(&aside_path, target);
        return Err(failed(error));
    }
    let _ = staging.keep();
    drop(aside); // removes the old directory
    Ok(())
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(&'static str, String)> {
        vec![("a.ron", "()\n".to_string())]
    }

    #[test]
    fn a_new_target_is_created_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write(&target, &files(), false).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a.ron")).unwrap(),
            "()\n"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_full_target_is_refused_without_force_and_replaced_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("old.ron"), "x").unwrap();
        assert!(write(&target, &files(), false).is_err());
        assert!(target.join("old.ron").exists());
        write(&target, &files(), true).unwrap();
        assert!(!target.join("old.ron").exists());
        assert!(target.join("a.ron").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_empty_target_is_filled() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), &files(), false).unwrap();
        assert!(dir.path().join("a.ron").exists());
    }
}
