//! Writing output files whole or not at all: the content goes to a
//! temporary file in the same folder, which is renamed over the target only
//! once it is complete, so a failure (a full disk, a crash, a renderer that
//! rejects its input) never leaves a half-written file where the user asked
//! for one.

use std::io::Write;
use std::path::Path;

use crate::error::Error;

/// Writes `content` to `path` atomically.
pub fn write(path: &Path, content: &[u8]) -> Result<(), Error> {
    write_with(path, |file| file.write_all(content))
}

/// Lets `fill` write into a temporary file beside `path` (the file's own
/// path is given for tools that write by name), then renames it to `path`.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut tempfile::NamedTempFile) -> std::io::Result<()>,
) -> Result<(), Error> {
    let failed = |source: std::io::Error| Error::Write {
        path: Some(path.to_path_buf()),
        source: without_temporary_path(source),
    };
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".mailgraph-");
    // A temporary file is private (0600) by default; the finished file gets
    // the mode any new file would (0666 less the umask), like `>` gives.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(folder).map_err(failed)?;
    fill(&mut file).map_err(failed)?;
    file.as_file_mut().sync_all().map_err(failed)?;
    file.persist(path).map_err(|error| failed(error.error))?;
    Ok(())
}

/// The error itself, without the temporary file's name that `tempfile`
/// adds: the message names the target the user asked for, not
/// `.mailgraph-TpJqXT`.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    // tempfile appends ` at path "<temporary file>"` to the system's message.
    let message = error.to_string();
    match message.find(" at path \"") {
        Some(end) => std::io::Error::new(error.kind(), &message[..end]),
        None => error,
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
    #[test]
    fn written_files_are_not_private_to_the_writer() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.dot");
        write(&target, b"digraph {}").unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        // The same mode as a file made the ordinary way, under this umask.
        assert_eq!(mode(&target), mode(&plain));
    }

    #[test]
    fn a_failed_write_names_the_target_and_not_the_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        // No folder to make the temporary file in.
        let target = dir.path().join("missing").join("out.svg");
        let message = write(&target, b"x").unwrap_err().to_string();
        assert!(message.contains("missing/out.svg"), "{message}");
        assert!(!message.contains(".mailgraph-"), "{message}");
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
