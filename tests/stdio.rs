//! Standard input and output: `-` as the directory reads one RON document
//! from standard input; `dot -o -` (or no `-o`) writes the diagram to
//! standard output in the `--format` asked.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::support::{Run, arg, mailgraph, repo_path};

const OFFICE: &str = "tests/fixtures/office/model.ron";

/// Runs mailgraph with `input` on standard input; output is raw bytes.
pub(crate) fn with_stdin(args: &[&str], input: &[u8]) -> (Run, Vec<u8>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(args)
        .current_dir(repo_path(""))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("mailgraph runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output = child.wait_with_output().unwrap();
    let _ = feeder.join();
    let run = Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    (run, output.stdout)
}

fn office() -> Vec<u8> {
    std::fs::read(repo_path(OFFICE)).unwrap()
}

#[test]
fn a_document_on_standard_input_answers_as_the_file_does() {
    for args in [
        &["check"][..],
        &["stats"],
        &["reach", "--incident", "spring", "--format", "json"],
        &["rank", "--format", "csv"],
        &["audit"],
    ] {
        let mut from_file = args.to_vec();
        from_file.insert(1, OFFICE);
        let expected = mailgraph(&from_file);
        let mut from_stdin = args.to_vec();
        from_stdin.insert(1, "-");
        let (run, _) = with_stdin(&from_stdin, &office());
        assert_eq!(run.status, expected.status, "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, expected.stdout, "{args:?}");
        assert!(!run.stdout.is_empty());
    }
}

#[test]
fn a_problem_on_standard_input_is_located_in_it() {
    let input = b"(accounts: [(id: \"a\", name: \"A\")],\n mailboxes: [(id: \"m\", kind: Personal, owner: \"ab\")])";
    let (run, _) = with_stdin(&["check", "-"], input);
    run.expect_status(2)
        .stderr_has("-:2:47: unknown account `ab` as owner; nearest known: `a`");
    let (run, _) = with_stdin(&["check", "-"], b"(accounts: [(id: \"a\", nam: \"A\")])");
    run.expect_status(2)
        .stderr_has("-:1:23: unknown field `nam`");
    let (run, _) = with_stdin(&["check", "-"], b"");
    run.expect_status(2).stderr_has("-:1:1: the file is empty");
}

fn graphviz_installed() -> bool {
    Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|output| output.status.success())
}

#[test]
fn dot_writes_to_standard_output_in_the_format_asked() {
    let office = repo_path("tests/fixtures/office");
    let office = arg(&office);
    let focus = ["dot", office, "--incident", "spring"];
    let plain = mailgraph(&focus);
    plain.expect_status(0);
    assert!(plain.stdout.starts_with("digraph \"Incident spring"));
    let dash = mailgraph(&[&focus[..], &["-o", "-"]].concat());
    assert_eq!(dash.stdout, plain.stdout);
    let dash_dot = mailgraph(&[&focus[..], &["-o", "-", "--format", "dot"]].concat());
    assert_eq!(dash_dot.stdout, plain.stdout);
    if graphviz_installed() {
        let (svg, _) = with_stdin(&[&focus[..], &["-o", "-", "--format", "svg"]].concat(), b"");
        svg.expect_status(0).stdout_has("<svg");
        let (_, png) = with_stdin(&[&focus[..], &["--format", "png"]].concat(), b"");
        assert!(png.starts_with(b"\x89PNG"));
        // --format decides over a file name that does not say.
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("diagram");
        mailgraph(&[&focus[..], &["-o", arg(&path), "--format", "pdf"]].concat()).expect_status(0);
        assert!(std::fs::read(&path).unwrap().starts_with(b"%PDF"));
    }
}

#[test]
fn dot_refuses_a_file_name_that_says_no_format() {
    let office = repo_path("tests/fixtures/office");
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("diagram.txt");
    mailgraph(&["dot", arg(&office), "--all", "-o", arg(&path)])
        .expect_status(2)
        .stderr_has("--format must say which");
    assert!(!path.exists());
}
