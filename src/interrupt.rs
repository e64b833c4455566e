//! Cleaning up after an interrupted run. A write in progress keeps its
//! temporary file (or staging folder) beside the target; if the run is
//! stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP before the rename, that
//! file would stay behind, holding names. Each temporary path is registered
//! here while it exists, and a signal removes every registered path before
//! the process ends the way the signal would have ended it.
//!
//! The handler runs on a thread of its own (signal-hook's iterator), not in
//! the signal handler, so removing files there is safe.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

/// Paths to remove if the run is interrupted, by registration number.
static PENDING: Mutex<BTreeMap<u64, PathBuf>> = Mutex::new(BTreeMap::new());
static NEXT: Mutex<u64> = Mutex::new(0);
static INSTALL: Once = Once::new();

/// A temporary path that an interruption removes, until this guard is
/// dropped (the write finished, or it failed and cleaned up after itself).
#[derive(Debug)]
pub struct Registration(u64);

/// Registers `path` (a file or a folder) for removal on SIGINT, SIGTERM or
/// SIGHUP, installing the handler on first use.
pub fn register(path: &Path) -> Registration {
    INSTALL.call_once(install);
    let number = {
        let mut next = NEXT.lock().unwrap_or_else(|e| e.into_inner());
        *next += 1;
        *next
    };
    PENDING
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(number, path.to_path_buf());
    Registration(number)
}

impl Drop for Registration {
    fn drop(&mut self) {
        PENDING
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.0);
    }
}

#[cfg(unix)]
fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;
    // If the handler cannot be installed, an interruption leaves the
    // temporary file behind, as it did before: not a reason to fail a run.
    let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            remove_pending();
            // End the way the signal would have (status 128 + signal).
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn install() {}

/// Removes every registered path.
fn remove_pending() {
    let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    remove(pending.values());
}

/// Removes files, and folders with their content. A folder is tried again
/// for up to a second: the interrupted run may still be writing a file
/// into it (on a loaded machine it can be slow to get there).
fn remove<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) {
    for path in paths {
        let removed = std::fs::remove_file(path);
        if removed.is_err() && path.is_dir() {
            for _ in 0..200 {
                if std::fs::remove_dir_all(path).is_ok() || !path.exists() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
        }
    }
}

#[cfg(test)]
fn is_pending(path: &Path) -> bool {
    let pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
    pending.values().any(|p| p == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_paths_are_pending_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pending");
        let registration = register(&file);
        assert!(is_pending(&file));
        drop(registration);
        assert!(!is_pending(&file));
    }

    #[test]
    fn files_and_folders_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pending");
        let folder = dir.path().join("staging");
        std::fs::write(&file, "x").unwrap();
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("inner"), "x").unwrap();
        remove([&file, &folder]);
        assert!(!file.exists() && !folder.exists());
    }
}
