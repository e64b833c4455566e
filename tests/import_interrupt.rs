//! An import stopped by SIGINT or SIGTERM while its staging folder exists
//! leaves nothing beside the target: no staging folder, no target.

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A mailbox export of `count` user mailboxes, as `Export-Csv` writes it.
fn large_mailbox_export(path: &Path, count: usize) {
    let mut text = String::from(
        "\"Name\",\"DisplayName\",\"PrimarySmtpAddress\",\"UserPrincipalName\",\"RecipientTypeDetails\"\r\n",
    );
    for i in 0..count {
        text.push_str(&format!(
            "\"user{i}\",\"User {i}\",\"user{i}@contoso.com\",\"user{i}@contoso.com\",\"UserMailbox\"\r\n"
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// The entries of `folder` whose name starts with `.mailgraph-`.
fn staging_entries(folder: &Path) -> Vec<String> {
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

/// Starts an import of `export`, waits for its staging folder to appear
/// and sends `signal`: a run that the signal ends must leave no staging
/// folder. Returns whether the import was caught mid-way (killed by the
/// signal with no target written); a run may finish before the signal
/// lands, which a loaded machine makes likelier.
fn interrupt_mid_import(export: &Path, signal: i32) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("contoso");
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(["import", "exchange", "--mailboxes"])
        .arg(export)
        .arg("-o")
        .arg(&target)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut seen = false;
    while started.elapsed() < Duration::from_secs(120) {
        if !staging_entries(dir.path()).is_empty() {
            seen = true;
            // SAFETY: kill(2) on our own child's pid.
            unsafe { libc::kill(child.id() as i32, signal) };
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let status = child.wait().unwrap();
    if !seen || status.signal() != Some(signal) {
        // The import finished before the signal arrived: a lost race, not
        // an interruption.
        return false;
    }
    // Whenever the signal killed the import, nothing of its staging is left.
    assert_eq!(staging_entries(dir.path()), Vec::<String>::new());
    // The signal may land after the finished folder was moved into place
    // (the import was complete); only an import stopped before that counts
    // as caught mid-way, and then it left no target.
    !target.exists()
}

#[test]
fn an_interrupted_import_leaves_no_staging_folder() {
    let inputs = tempfile::tempdir().unwrap();
    let export = inputs.path().join("mailboxes.csv");
    // Large enough that writing and validating the staged files takes a
    // while, so the signal arrives while the staging folder exists.
    large_mailbox_export(&export, 15_000);
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let caught = (0..5).any(|_| interrupt_mid_import(&export, signal));
        assert!(caught, "no import was caught with its staging folder");
    }
}
