//! Output files: created private, a replaced file keeps its mode, a failed
//! write names the target, and an interrupted run leaves no temporary file.

use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{arg, mailgraph, repo_path};

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn a_new_diagram_is_private_and_a_replaced_one_keeps_its_mode() {
    let office = repo_path("tests/fixtures/office");
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.dot");
    let shared = dir.path().join("shared.dot");
    let private = dir.path().join("private.dot");
    std::fs::write(&shared, "old").unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::write(&private, "old").unwrap();
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).unwrap();
    for target in [&new, &shared, &private] {
        mailgraph(&["dot", arg(&office), "--all", "-o", arg(target)]).expect_status(0);
        assert!(
            std::fs::read_to_string(target)
                .unwrap()
                .starts_with("digraph")
        );
    }
    assert_eq!(mode(&new), 0o600);
    assert_eq!(mode(&shared), 0o644);
    assert_eq!(mode(&private), 0o600);
}

#[test]
fn a_failed_write_names_the_target_and_leaves_nothing() {
    let office = repo_path("tests/fixtures/office");
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("no-such-folder").join("out.dot");
    let run = mailgraph(&["dot", arg(&office), "--all", "-o", arg(&target)]);
    run.expect_status(2).stderr_has("no-such-folder/out.dot");
    assert!(!run.stderr.contains(".mailgraph-"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// The temporary files in `folder`.
fn temporary_files(folder: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok())
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|name| name.starts_with(".mailgraph-"))
                .collect()
        })
        .unwrap_or_default()
}

/// Starts `generate synthetic` (a few megabytes per file), waits for a
/// temporary file to appear, and sends `signal`: the run must end by that
/// signal and leave no temporary file. Returns whether a temporary file was
/// seen (the run may finish before one is caught).
fn interrupt_mid_write(signal: i32) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(["generate", "synthetic", "--accounts", "20000", "-o"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut seen = false;
    while started.elapsed() < Duration::from_secs(120) {
        if !temporary_files(dir.path()).is_empty() {
            seen = true;
            // SAFETY: kill(2) on our own child's pid.
            unsafe { libc::kill(child.id() as i32, signal) };
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
    }
    let status = child.wait().unwrap();
    if seen {
        assert_eq!(status.signal(), Some(signal), "{status:?}");
        assert_eq!(temporary_files(dir.path()), Vec::<String>::new());
    }
    seen
}

#[test]
fn an_interrupted_write_leaves_no_temporary_file() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let caught = (0..5).any(|_| interrupt_mid_write(signal));
        assert!(caught, "no run was caught mid-write");
    }
}
