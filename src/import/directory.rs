//! Writing an imported model into a folder, touching only the import's own
//! files.
//!
//! An import writes `accounts.ron`, `mailboxes.ron`, `groups.ron`,
//! `delegations.ron` and a manifest, [`MANIFEST`], that lists them. Every
//! file is first written into a private staging folder beside the target
//! (mode 0700, removed on failure), which is loaded and validated before
//! anything reaches the target:
//!
//! - a new target (or an empty folder) gets the staging folder renamed into
//!   place: it exists whole or not at all;
//! - an existing target is written into only with `--force`, and only when
//!   it holds a manifest (an earlier import wrote it): each listed file is
//!   replaced by a rename (whole, keeping the old file's mode), files the
//!   old manifest listed and the new import no longer writes are removed,
//!   and the manifest is replaced last. Files the import did not write
//!   (hand-written annotations, notes, the exports themselves) are never
//!   touched, and a folder that holds one of the import's inputs is refused.
//!
//! SIGINT, SIGTERM or SIGHUP while the staging folder exists removes it
//! ([`crate::interrupt`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::model::Document;

/// The manifest left in an output folder: the files mailgraph wrote there
/// (`import`, and `notify`, which writes its worksheets the same way).
pub const MANIFEST: &str = ".mailgraph-files";

/// The files an import writes, by section: `(file name, document)`.
pub fn split(document: Document) -> Vec<(&'static str, Document)> {
    vec![
        (
            "accounts.ron",
            Document {
                accounts: document.accounts,
                ..Document::default()
            },
        ),
        (
            "mailboxes.ron",
            Document {
                mailboxes: document.mailboxes,
                ..Document::default()
            },
        ),
        (
            "groups.ron",
            Document {
                groups: document.groups,
                ..Document::default()
            },
        ),
        (
            "delegations.ron",
            Document {
                grants: document.grants,
                stale_grants: document.stale_grants,
                forwarding: document.forwarding,
                recovery: document.recovery,
                ..Document::default()
            },
        ),
    ]
}

/// Refuses a target the import may not write: one that is not a folder,
/// one that holds one of `inputs`, one that is not empty unless `force`,
/// and with `force` one no import wrote (no manifest).
pub fn check_target(target: &Path, force: bool, inputs: &[PathBuf]) -> Result<(), Error> {
    let metadata = match std::fs::symlink_metadata(target) {
        Err(_) => return Ok(()),
        Ok(metadata) => metadata,
    };
    if !metadata.is_dir() {
        return Err(Diagnostic::in_file(
            target,
            "exists and is not a folder: give a new or empty folder as output",
        )
        .into());
    }
    if let Ok(folder) = target.canonicalize() {
        for input in inputs {
            if input
                .canonicalize()
                .is_ok_and(|input| input.starts_with(&folder))
            {
                return Err(Diagnostic::in_file(
                    target,
                    format!(
                        "holds the export `{}` this import reads: write the import to a folder of its own",
                        input.display()
                    ),
                )
                .into());
            }
        }
    }
    if is_empty_dir(target) {
        return Ok(());
    }
    if !force {
        return Err(Diagnostic::in_file(
            target,
            "exists and is not empty: choose a new folder, or pass --force to replace the files an earlier import wrote there",
        )
        .into());
    }
    if !target.join(MANIFEST).is_file() {
        return Err(Diagnostic::in_file(
            target,
            format!(
                "mailgraph did not write this folder (it has no {MANIFEST} manifest): --force replaces only the files an earlier run wrote; choose a new folder"
            ),
        )
        .into());
    }
    Ok(())
}

/// Writes `files` into `target` (see the module documentation), after
/// `validate` accepted them in the staging folder.
pub fn write(
    target: &Path,
    files: &[(&str, String)],
    force: bool,
    inputs: &[PathBuf],
    validate: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<(), Error> {
    check_target(target, force, inputs)?;
    let parent = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(failed(&parent))?;
    // The staging folder is private from its creation (it holds names) and
    // removed when dropped, so a failure at any step below leaves nothing.
    // Dropping does not run when a signal ends the run: the folder is
    // registered for removal on interruption before it is created, so no
    // moment is left when it exists unregistered.
    let name = staging_name();
    let _interrupted = crate::interrupt::register(&parent.join(&name));
    let mut builder = tempfile::Builder::new();
    builder.prefix(&name).rand_bytes(0);
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o700));
    let staging = builder.tempdir_in(&parent).map_err(failed(&parent))?;
    for (name, text) in files {
        write_private(&staging.path().join(name), text.as_bytes())?;
    }
    validate(staging.path())?;
    let manifest = manifest_text(files);
    if !target.exists() {
        write_private(&staging.path().join(MANIFEST), manifest.as_bytes())?;
        let staged = staging.keep();
        return std::fs::rename(&staged, target).map_err(|error| {
            let _ = std::fs::remove_dir_all(&staged);
            failed(target)(error)
        });
    }
    let previous = read_manifest(target);
    for (name, _) in files {
        install(&staging.path().join(name), &target.join(name))?;
    }
    let written: BTreeSet<&str> = files.iter().map(|(name, _)| *name).collect();
    for name in previous
        .iter()
        .filter(|name| !written.contains(name.as_str()))
    {
        let old = target.join(name);
        if std::fs::symlink_metadata(&old).is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&old).map_err(failed(&old))?;
        }
    }
    let staged_manifest = staging.path().join(MANIFEST);
    write_private(&staged_manifest, manifest.as_bytes())?;
    install(&staged_manifest, &target.join(MANIFEST))
}

/// A name for a staging folder, unique to this run and moment:
/// `.mailgraph-import-PID-NANOSECONDS`.
fn staging_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos());
    format!(".mailgraph-import-{}-{nanos}", std::process::id())
}

/// The manifest for `files`.
fn manifest_text(files: &[(&str, String)]) -> String {
    let mut text = String::from(
        "# Written by mailgraph: the files below are its own here.\n# `--force` replaces them and touches nothing else in this folder.\n",
    );
    for (name, _) in files {
        text.push_str(name);
        text.push('\n');
    }
    text
}

/// The file names an earlier run's manifest lists: plain names inside the
/// folder only, so a manifest edited by hand can never name a file
/// elsewhere (or a hidden one, the manifest itself included).
fn read_manifest(target: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(target.join(MANIFEST)).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .filter(|name| {
            !name.contains(['/', '\\'])
                && !name.starts_with('.')
                && Path::new(name).file_name() == Some(std::ffi::OsStr::new(name))
        })
        .map(str::to_string)
        .collect()
}

/// Renames `staged` over `destination`, giving it the mode the file it
/// replaces had.
fn install(staged: &Path, destination: &Path) -> Result<(), Error> {
    if let Ok(metadata) = std::fs::metadata(destination) {
        std::fs::set_permissions(staged, metadata.permissions()).map_err(failed(staged))?;
    }
    std::fs::rename(staged, destination).map_err(failed(destination))
}

/// Writes a new file readable by its owner only (it holds names).
fn write_private(path: &Path, content: &[u8]) -> Result<(), Error> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path).map_err(failed(path))?;
    file.write_all(content).map_err(failed(path))?;
    file.sync_all().map_err(failed(path))
}

fn failed(path: &Path) -> impl FnOnce(std::io::Error) -> Error + use<> {
    let path = path.to_path_buf();
    move |source| Error::Write {
        path: Some(path),
        source,
    }
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

    fn accept(_: &Path) -> Result<(), Error> {
        Ok(())
    }

    #[test]
    fn a_new_target_is_created_with_its_manifest_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write(&target, &files(), false, &[], accept).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a.ron")).unwrap(),
            "()\n"
        );
        assert!(read_manifest(&target) == vec!["a.ron".to_string()]);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn force_replaces_only_what_the_manifest_lists() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let first = vec![
            ("a.ron", "(accounts: [])\n".to_string()),
            ("gone.ron", "()\n".to_string()),
        ];
        write(&target, &first, false, &[], accept).unwrap();
        std::fs::write(target.join("notes.ron"), "mine").unwrap();
        assert!(write(&target, &files(), false, &[], accept).is_err());
        write(&target, &files(), true, &[], accept).unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("a.ron")).unwrap(),
            "()\n"
        );
        assert!(!target.join("gone.ron").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("notes.ron")).unwrap(),
            "mine"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn force_refuses_a_folder_no_import_wrote() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("precious.txt"), "x").unwrap();
        let error = write(dir.path(), &files(), true, &[], accept).unwrap_err();
        assert!(
            error.to_string().contains("did not write this folder"),
            "{error}"
        );
        assert!(dir.path().join("precious.txt").exists());
        assert!(!dir.path().join("a.ron").exists());
    }

    #[test]
    fn a_manifest_cannot_name_files_outside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(MANIFEST),
            "../x.ron\n/etc/y.ron\nok.ron\n.hidden.ron\na\\b.md\nnotes.md\n",
        )
        .unwrap();
        assert_eq!(read_manifest(dir.path()), vec!["ok.ron", "notes.md"]);
    }

    #[test]
    fn a_rejected_import_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        let refuse = |_: &Path| Err(Error::Tool("no".into()));
        assert!(write(&target, &files(), false, &[], refuse).is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_kept_and_new_outputs_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        write(&target, &files(), false, &[], accept).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&target), 0o700);
        assert_eq!(mode(&target.join("a.ron")), 0o600);
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o750)).unwrap();
        std::fs::set_permissions(target.join("a.ron"), std::fs::Permissions::from_mode(0o640))
            .unwrap();
        write(&target, &files(), true, &[], accept).unwrap();
        assert_eq!(mode(&target), 0o750);
        assert_eq!(mode(&target.join("a.ron")), 0o640);
    }
}
