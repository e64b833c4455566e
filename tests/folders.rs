//! Folders built to hang or flood the loader: FIFOs, devices, symbolic
//! link loops, a file reached twice. Only regular files are read, each
//! folder and file once, and what was skipped is said on standard error.

use std::os::unix::fs::symlink;

use crate::support::{arg, fixture, mailgraph};

const MODEL: &str = "(accounts: [(id: \"ann\", name: \"Ann\")])\n";

#[test]
fn fifos_and_devices_named_ron_are_skipped_not_read() {
    let dir = fixture(&[("model.ron", MODEL)]);
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    symlink("/dev/zero", dir.path().join("zero.ron")).unwrap();
    let run = mailgraph(&["check", arg(dir.path())]);
    run.expect_status(0)
        .stdout_has("1 account")
        .stderr_has("pipe.ron: skipped, a FIFO, not a regular file")
        .stderr_has("zero.ron: skipped, a character device, not a regular file");
    // Named directly, it is an error, not a hang.
    mailgraph(&["check", arg(&fifo)])
        .expect_status(2)
        .stderr_has("a FIFO, not a regular file");
}

#[test]
fn link_loops_end_and_every_file_is_read_once() {
    let dir = fixture(&[
        ("model.ron", MODEL),
        (
            "sub/more.ron",
            "(groups: [(id: \"g\", members: [\"ann\"])])\n",
        ),
    ]);
    symlink(".", dir.path().join("loop")).unwrap();
    symlink(".", dir.path().join("again")).unwrap();
    symlink("..", dir.path().join("sub/up")).unwrap();
    symlink("model.ron", dir.path().join("alias.ron")).unwrap();
    let run = mailgraph(&["check", arg(dir.path())]);
    // No duplicate ids: each file was read once.
    run.expect_status(0)
        .stdout_has("2 files")
        .stderr_has("skipped, the folder")
        .stderr_has("alias.ron: skipped, the file");
}
