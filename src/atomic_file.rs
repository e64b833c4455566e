//! Writing output files whole or not at all: the content goes to a
//! temporary file in the same folder, which is renamed over the target only
//! once it is complete, so a failure (a full disk, a crash, a renderer that
//! rejects its input, Ctrl-C) never leaves a half-written file where the
//! user asked for one.
//!
//! Modes (docs/guarantees.md): outputs hold names, so a new file is created
//! private to its owner (0600); a file that is replaced keeps the mode it
//! had (a 0600 diagram stays 0600, a 0644 one stays 0644). The temporary
//! file is 0600 from its creation, and is removed on failure and, through
//! [`crate::interrupt`], on SIGINT, SIGTERM and SIGHUP. An error names the
//! target, never the temporary file.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::interrupt::Registration;

/// The mode of a new output file: read and write for its owner only.
pub const NEW_FILE_MODE: u32 = 0o600;

/// How a temporary file's name starts (hidden, and recognisable).
pub const TEMPORARY_PREFIX: &str = ".mailgraph-";

/// Writes `content` to `path` atomically.
pub fn write(path: &Path, content: &[u8]) -> Result<(), Error> {
    write_with(path, |file| file.write_all(content))
}

/// Lets `fill` write into a temporary file beside `path`, then renames it
/// to `path`.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), Error> {
    let failed = |source: std::io::Error| Error::Write {
        path: Some(path.to_path_buf()),
        source,
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mode = existing_mode(path).unwrap_or(NEW_FILE_MODE);
    let (mut file, temporary, registration) = create_temporary(folder).map_err(failed)?;
    let written = fill(&mut file)
        .and_then(|()| set_mode(&file, mode))
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            std::fs::rename(&temporary, path)
        });
    if let Err(error) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(failed(error));
    }
    drop(registration);
    Ok(())
}

/// The permission bits of an existing regular file at `path`.
#[cfg(unix)]
fn existing_mode(path: &Path) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    let metadata = std::fs::metadata(path).ok()?;
    metadata
        .is_file()
        .then(|| metadata.permissions().mode() & 0o7777)
}

#[cfg(not(unix))]
fn existing_mode(_path: &Path) -> Option<u32> {
    None
}

#[cfg(unix)]
fn set_mode(file: &File, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_file: &File, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

/// A new, empty, private file in `folder` with an unused hidden name,
/// registered for removal on interruption before it is created (so that no
/// moment exists when it is on disk but unknown to the signal handler).
fn create_temporary(folder: &Path) -> std::io::Result<(File, PathBuf, Registration)> {
    use std::hash::{BuildHasher, Hasher};
    let mut attempt: u32 = 0;
    loop {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u32(std::process::id());
        hasher.write_u32(attempt);
        let candidate = folder.join(format!("{TEMPORARY_PREFIX}{:016x}.tmp", hasher.finish()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, NEW_FILE_MODE);
        let registration = crate::interrupt::register(&candidate);
        match options.open(&candidate) {
            Ok(file) => return Ok((file, candidate, registration)),
            // Not ours: forget it before anything could remove it.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                drop(registration);
                attempt += 1;
            }
            Err(error) => return Err(error),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_fill_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.svg");
        let result = write_with(&target, |_| Err(std::io::Error::other("renderer failed")));
        assert!(result.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_private_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.dot");
        write(&new, b"digraph {}").unwrap();
        assert_eq!(mode(&new), 0o600);
        for kept in [0o600, 0o640, 0o644] {
            let existing = dir.path().join(format!("existing-{kept:o}.dot"));
            std::fs::write(&existing, "old").unwrap();
            std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(kept)).unwrap();
            write(&existing, b"new").unwrap();
            assert_eq!(mode(&existing), kept);
            assert_eq!(std::fs::read_to_string(&existing).unwrap(), "new");
        }
    }

    #[test]
    fn a_failed_write_names_the_target_not_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing-folder").join("out.dot");
        let message = write(&target, b"x").unwrap_err().to_string();
        assert!(message.contains("missing-folder/out.dot"), "{message}");
        assert!(!message.contains(TEMPORARY_PREFIX), "{message}");
    }

    #[test]
    fn a_complete_write_replaces_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.dot");
        std::fs::write(&target, "old").unwrap();
        write(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
