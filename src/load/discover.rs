//! Finding the RON files of a path: one file, or a folder searched
//! recursively for `*.ron` files, in path order.
//!
//! A folder may hold anything, including things built to hang or flood a
//! reader. Only regular files are read: a FIFO, socket or device named
//! `*.ron` (or a symbolic link to one, such as `/dev/zero`) is skipped and
//! said so on standard error. Symbolic links are followed, but each folder
//! and each file is visited once, by its canonical path, so a link loop
//! (`loop -> .`) ends and a file reached twice is read once. A file larger
//! than [`MAX_FILE_BYTES`] is refused with an error at that file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The largest RON file read: 1 GiB, several times the largest file of a
/// 1.5-million-account organisation.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The RON files at `path`, sorted so that merging is deterministic, and
/// what was passed over (each a line for standard error).
pub fn discover(path: &Path) -> Result<(Vec<PathBuf>, Vec<String>), Diagnostics> {
    if path == Path::new(super::STDIN) {
        return Ok((vec![path.to_path_buf()], Vec::new()));
    }
    let metadata = std::fs::metadata(path).map_err(|error| {
        Diagnostic::in_file(path, format!("cannot read: {}", describe_io(&error)))
    })?;
    if !metadata.is_dir() {
        return match check_regular(path, &metadata) {
            Ok(()) => Ok((vec![path.to_path_buf()], Vec::new())),
            Err(Skip::NotRegular(what)) => Err(Diagnostic::in_file(
                path,
                format!("cannot read: {what}, not a regular file"),
            )
            .into()),
            Err(Skip::TooLarge(problem)) => Err(problem.into()),
        };
    }
    // (canonical path, reached through a symbolic link, path as found)
    let mut files: Vec<(PathBuf, bool, PathBuf)> = Vec::new();
    let mut skipped = Vec::new();
    let mut problems = Diagnostics::default();
    let mut seen_folders: HashSet<PathBuf> = HashSet::new();
    let root = canonical(path);
    seen_folders.insert(root);
    let mut folders = vec![path.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|error| {
            Diagnostic::in_file(
                &folder,
                format!("cannot read folder: {}", describe_io(&error)),
            )
        })?;
        for entry in entries {
            let entry = entry.map_err(|error| {
                Diagnostic::in_file(
                    &folder,
                    format!("cannot read folder: {}", describe_io(&error)),
                )
            })?;
            let entry_path = entry.path();
            let is_ron = entry_path.extension().is_some_and(|ext| ext == "ron");
            // Follows a symbolic link; a broken one is reported if it is
            // named like a RON file, and otherwise ignored.
            let metadata = match std::fs::metadata(&entry_path) {
                Ok(metadata) => metadata,
                Err(error) => {
                    if is_ron {
                        problems.push(Diagnostic::in_file(
                            &entry_path,
                            format!("cannot read: {}", describe_io(&error)),
                        ));
                    }
                    continue;
                }
            };
            if metadata.is_dir() {
                let canonical = canonical(&entry_path);
                if seen_folders.insert(canonical.clone()) {
                    folders.push(entry_path);
                } else {
                    skipped.push(format!(
                        "{}: skipped, the folder {} is read once already (a symbolic link)",
                        entry_path.display(),
                        canonical.display()
                    ));
                }
            } else if is_ron {
                match check_regular(&entry_path, &metadata) {
                    Ok(()) => {
                        let canonical = canonical(&entry_path);
                        let linked = entry_path != canonical;
                        files.push((canonical, linked, entry_path));
                    }
                    Err(Skip::NotRegular(what)) => skipped.push(format!(
                        "{}: skipped, {what}, not a regular file",
                        entry_path.display()
                    )),
                    Err(Skip::TooLarge(problem)) => problems.push(problem),
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if files.is_empty() {
        return Err(Diagnostic::in_file(
            path,
            "no .ron files here: expected a RON file or a folder holding some",
        )
        .into());
    }
    // A file reached under two names (a link to it, or to a folder above
    // it) is read once: under its own name if it was reached so, else
    // under the first name in path order.
    files.sort();
    let mut unique: Vec<PathBuf> = Vec::with_capacity(files.len());
    let mut previous: Option<PathBuf> = None;
    for (canonical, _, file) in files {
        if previous.as_ref() != Some(&canonical) {
            previous = Some(canonical);
            unique.push(file);
        } else {
            skipped.push(format!(
                "{}: skipped, the file {} is read once already (a symbolic link)",
                file.display(),
                canonical.display()
            ));
        }
    }
    unique.sort();
    skipped.sort();
    Ok((unique, skipped))
}

/// Why a path named like a RON file is not read.
enum Skip {
    /// A FIFO, socket or device: passed over.
    NotRegular(&'static str),
    /// Too large: an error.
    TooLarge(Diagnostic),
}

fn check_regular(path: &Path, metadata: &std::fs::Metadata) -> Result<(), Skip> {
    if !metadata.is_file() {
        return Err(Skip::NotRegular(kind_of(metadata)));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(Skip::TooLarge(too_large(path, metadata.len())));
    }
    Ok(())
}

/// The error for a file over [`MAX_FILE_BYTES`].
pub fn too_large(path: &Path, bytes: u64) -> Diagnostic {
    Diagnostic::in_file(
        path,
        format!(
            "{bytes} bytes or more: larger than the {} GiB a RON file may be (docs/guarantees.md)",
            MAX_FILE_BYTES >> 30
        ),
    )
}

#[cfg(unix)]
fn kind_of(metadata: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else {
        "not a file"
    }
}

#[cfg(not(unix))]
fn kind_of(_metadata: &std::fs::Metadata) -> &'static str {
    "not a file"
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

pub fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}
