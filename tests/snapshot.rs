//! `mailgraph snapshot` and every command given a snapshot file in place of
//! a directory: the same answers, out-of-date sources refused (or answered
//! with a warning), damaged and cut-short files reported, never a panic.

use std::path::Path;

use crate::support::{Run, arg, fixture, mailgraph, repo_path};

const OFFICE: &str = include_str!("fixtures/office/model.ron");

fn take(source: &Path, snapshot: &Path) -> Run {
    let run = mailgraph(&["snapshot", arg(source), "-o", arg(snapshot)]);
    run.expect_status(0).stdout_has("wrote");
    run
}

#[test]
fn every_command_answers_from_a_snapshot_as_from_the_directory() {
    let scenario = repo_path("data/parliament-2017");
    let out = tempfile::tempdir().unwrap();
    let snapshot = out.path().join("parliament.snap");
    take(&scenario, &snapshot);
    let questions: &[&[&str]] = &[
        &["reach", "--incident", "june-2017", "--format", "json"],
        &["reach", "--incident", "june-2017", "--format", "csv"],
        &["reach", "--incident", "june-2017"],
        &["rank", "--top", "25", "--format", "json"],
        &["stats", "--format", "json"],
        &["stats", "--units", "0"],
    ];
    for question in questions {
        let ask = |path: &Path| {
            let mut args = vec![question[0], arg(path)];
            args.extend(&question[1..]);
            let run = mailgraph(&args);
            run.expect_status(0);
            run.stdout
        };
        let from_directory = ask(&scenario);
        assert!(!from_directory.is_empty());
        assert_eq!(ask(&snapshot), from_directory, "{question:?}");
    }
    mailgraph(&["check", arg(&snapshot)])
        .expect_status(0)
        .stdout_has("ok: 9 files, 8998 accounts");
}

#[test]
fn diagrams_paths_and_exposure_from_a_snapshot_match() {
    let dir = fixture(&[("model.ron", OFFICE)]);
    let snapshot = dir.path().join("office.snap");
    take(dir.path(), &snapshot);
    let questions: &[&[&str]] = &[
        &["exposure", "--format", "json", "committee@house.example"],
        &["path", "--format", "json", "bob", "committee@house.example"],
        &["dot", "--from", "bob"],
        &["audit", "--format", "json"],
    ];
    for question in questions {
        let ask = |path: &Path| {
            let mut args = vec![question[0], arg(path)];
            args.extend(&question[1..]);
            mailgraph(&args)
        };
        let (a, b) = (ask(dir.path()), ask(&snapshot));
        assert_eq!(a.status, b.status, "{question:?}: {}", b.stderr);
        assert!(!a.stdout.is_empty(), "{question:?}: {}", a.stderr);
        // The snapshot names its files by absolute path.
        let absolute = std::path::absolute(dir.path()).unwrap();
        let relative_to_absolute = a.stdout.replace(arg(dir.path()), arg(&absolute));
        assert_eq!(b.stdout, relative_to_absolute, "{question:?}");
    }
}

#[test]
fn a_changed_source_is_refused_unless_told_to_warn() {
    let dir = fixture(&[("model.ron", OFFICE)]);
    let snapshot = dir.path().join("office.snap");
    take(dir.path(), &snapshot);
    // Same size, different content, modification time put back: still caught
    // (the file is hashed, its time being that of the snapshot).
    let file = dir.path().join("model.ron");
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::fs::write(&file, OFFICE.replacen("Bob Staff", "Bob Stiff", 1)).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    let refused = mailgraph(&["reach", arg(&snapshot), "--from", "bob"]);
    refused
        .expect_status(2)
        .stderr_has("the snapshot is out of date")
        .stderr_has("model.ron changed")
        .stderr_has("--stale warn");
    assert!(refused.stdout.is_empty());
    mailgraph(&["reach", arg(&snapshot), "--from", "bob", "--stale", "warn"])
        .expect_status(0)
        .stderr_has("warning:")
        .stderr_has("answering from an out-of-date snapshot")
        .stdout_has("Bob Staff");
}

#[test]
fn an_added_or_removed_file_makes_a_snapshot_stale() {
    let dir = fixture(&[("a/model.ron", OFFICE)]);
    let snapshot = dir.path().join("office.snap");
    take(&dir.path().join("a"), &snapshot);
    std::fs::write(dir.path().join("a/more.ron"), "(accounts: [])").unwrap();
    mailgraph(&["stats", arg(&snapshot)])
        .expect_status(2)
        .stderr_has("more.ron was added");
    std::fs::remove_file(dir.path().join("a/more.ron")).unwrap();
    mailgraph(&["stats", arg(&snapshot)]).expect_status(0);
    std::fs::remove_file(dir.path().join("a/model.ron")).unwrap();
    mailgraph(&["stats", arg(&snapshot)])
        .expect_status(2)
        .stderr_has("model.ron was removed");
}

#[test]
fn damaged_cut_short_and_foreign_snapshots_are_reported() {
    let dir = fixture(&[("model.ron", OFFICE)]);
    let snapshot = dir.path().join("office.snap");
    take(dir.path(), &snapshot);
    let bytes = std::fs::read(&snapshot).unwrap();
    let bad = dir.path().join("bad.snap");
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (bytes[..bytes.len() / 2].to_vec(), "cut short"),
        (bytes[..20].to_vec(), "cut short"),
        (
            {
                let mut flipped = bytes.clone();
                let last = flipped.len() - 1;
                flipped[last] ^= 1;
                flipped
            },
            "checksum does not match",
        ),
        (
            {
                let mut newer = bytes.clone();
                newer[16] = 99;
                newer
            },
            "format version 99",
        ),
        (
            {
                let mut other = bytes.clone();
                other[20] ^= 0xff;
                other
            },
            "whose records differ",
        ),
        ([bytes.as_slice(), b"tail"].concat(), "is damaged"),
    ];
    for (content, message) in cases {
        std::fs::write(&bad, &content).unwrap();
        let run = mailgraph(&["reach", arg(&bad), "--from", "bob"]);
        run.expect_status(2)
            .stderr_has(message)
            .stderr_has("bad.snap");
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}

#[test]
fn a_directory_with_problems_writes_no_snapshot() {
    let dir = fixture(&[("model.ron", "(accounts: [(id: \"a\", nme: \"x\")])")]);
    let snapshot = dir.path().join("out.snap");
    mailgraph(&["snapshot", arg(dir.path()), "-o", arg(&snapshot)])
        .expect_status(2)
        .stderr_has("model.ron:1:");
    assert!(!snapshot.exists());
    mailgraph(&["snapshot", arg(&snapshot), "-o", arg(&snapshot)]).expect_status(2);
    assert!(!snapshot.exists());
}
