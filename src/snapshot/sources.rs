//! The files a snapshot was made from (path, size, modification time,
//! SHA-256 of the content), and the check that they are unchanged.
//!
//! Checking does not read every file again each time: a file whose size
//! and modification time (to the nanosecond) are those recorded is taken as
//! unchanged, unless its recorded time is within [`RACY`] of the moment the
//! snapshot was written (a file written in the same instant could change
//! again without its time moving, the "racily clean" case of git's index);
//! those, and every file whose size or time moved, are hashed and compared.
//! The folder is listed again, so an added or removed file counts as a
//! change too.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use super::codec::{Damage, Reader, Record, Writer};
use crate::diagnostic::Diagnostics;

/// How close to the snapshot's own time a file's time must be for the file
/// to be hashed on every check.
pub const RACY: Duration = Duration::from_secs(2);

/// What a snapshot was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sources {
    /// The path given to `mailgraph snapshot`, made absolute.
    pub root: PathBuf,
    /// When the sources were recorded, in nanoseconds since 1970.
    pub recorded: u64,
    pub files: Vec<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    pub size: u64,
    /// Modification time in nanoseconds since 1970 (0 where unknown).
    pub modified: u64,
    pub sha256: [u8; 32],
}

/// How a source differs from what the snapshot recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(PathBuf),
    Removed(PathBuf),
    Modified(PathBuf),
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added(path) => write!(f, "{} was added", path.display()),
            Change::Removed(path) => write!(f, "{} was removed", path.display()),
            Change::Modified(path) => write!(f, "{} changed", path.display()),
        }
    }
}

impl Sources {
    /// Records the RON files of `root` (an absolute path), hashing them on
    /// all cores.
    pub fn record(root: &Path) -> Result<Sources, Diagnostics> {
        let recorded = nanos(SystemTime::now());
        let (paths, _skipped) = crate::load::discover(root)?;
        let files = on_all_cores(&paths, |path| {
            let bytes = std::fs::read(path).map_err(|error| {
                crate::Diagnostic::in_file(path, format!("cannot read: {error}"))
            })?;
            let metadata = std::fs::metadata(path).ok();
            Ok(Source {
                path: path.clone(),
                size: bytes.len() as u64,
                modified: metadata.and_then(|m| m.modified().ok()).map_or(0, nanos),
                sha256: Sha256::digest(&bytes).into(),
            })
        })
        .into_iter()
        .collect::<Result<Vec<_>, crate::Diagnostic>>()?;
        Ok(Sources {
            root: root.to_path_buf(),
            recorded,
            files,
        })
    }

    /// Whether two recordings saw the same content.
    pub fn same_content(&self, other: &Sources) -> bool {
        self.files.len() == other.files.len()
            && self
                .files
                .iter()
                .zip(&other.files)
                .all(|(a, b)| a.path == b.path && a.sha256 == b.sha256)
    }

    /// Every way the files at the root differ from the recorded ones
    /// (empty when nothing changed), in path order.
    pub fn changes(&self) -> Vec<Change> {
        // A root that is gone has no files: every recorded one was removed.
        let paths = crate::load::discover(&self.root)
            .map(|(paths, _skipped)| paths)
            .unwrap_or_default();
        let mut changes = Vec::new();
        let recorded: std::collections::BTreeMap<&Path, &Source> = self
            .files
            .iter()
            .map(|file| (file.path.as_path(), file))
            .collect();
        let present: std::collections::BTreeSet<&Path> =
            paths.iter().map(PathBuf::as_path).collect();
        for path in &paths {
            if !recorded.contains_key(path.as_path()) {
                changes.push(Change::Added(path.clone()));
            }
        }
        let suspects: Vec<&Source> = self
            .files
            .iter()
            .filter(|file| {
                if !present.contains(file.path.as_path()) {
                    changes.push(Change::Removed(file.path.clone()));
                    return false;
                }
                let Ok(metadata) = std::fs::metadata(&file.path) else {
                    return true;
                };
                let modified = metadata.modified().ok().map_or(0, nanos);
                let racy = file.modified == 0
                    || self.recorded.abs_diff(file.modified) < RACY.as_nanos() as u64;
                metadata.len() != file.size || modified != file.modified || racy
            })
            .collect();
        let rehashed = on_all_cores(&suspects, |file| {
            let unchanged = std::fs::read(&file.path)
                .is_ok_and(|bytes| <[u8; 32]>::from(Sha256::digest(&bytes)) == file.sha256);
            (!unchanged).then(|| Change::Modified(file.path.clone()))
        });
        changes.extend(rehashed.into_iter().flatten());
        changes.sort_by(|a, b| path_of(a).cmp(path_of(b)));
        changes
    }
}

fn path_of(change: &Change) -> &Path {
    match change {
        Change::Added(path) | Change::Removed(path) | Change::Modified(path) => path,
    }
}

fn nanos(time: SystemTime) -> u64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos() as u64)
}

/// `each` of every item, on all cores, in the items' order.
fn on_all_cores<T: Sync, R: Send>(items: &[T], each: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = items.len().div_ceil(workers).max(1);
    let each = &each;
    std::thread::scope(|scope| {
        let parts: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(each).collect::<Vec<R>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().expect("a hashing worker does not panic"))
            .collect()
    })
}

impl Record for Source {
    const LEAST_BYTES: usize = 4 + 8 + 8 + 32;
    fn encode(&self, out: &mut Writer) {
        let Source {
            path,
            size,
            modified,
            sha256,
        } = self;
        path.encode(out);
        out.u64(*size);
        out.u64(*modified);
        out.bytes.extend_from_slice(sha256);
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        Ok(Source {
            path: input.record()?,
            size: input.u64()?,
            modified: input.u64()?,
            sha256: input.take(32)?.try_into().expect("32 bytes were taken"),
        })
    }
}

impl Record for Sources {
    const LEAST_BYTES: usize = 4 + 8 + 4;
    fn encode(&self, out: &mut Writer) {
        let Sources {
            root,
            recorded,
            files,
        } = self;
        root.encode(out);
        out.u64(*recorded);
        files.encode(out);
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        Ok(Sources {
            root: input.record()?,
            recorded: input.u64()?,
            files: input.record()?,
        })
    }
}
