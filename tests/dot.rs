//! `mailgraph dot`: every focus renders through the real Graphviz, names
//! survive unchanged whatever they contain, output files are whole or
//! absent, large focuses are summarised, and the DOT of a small fixture
//! stays as committed.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{arg, fixture, mailgraph, repo_path};

/// The SVG Graphviz makes of `dot`, or `None` when Graphviz is missing
/// outside CI (under `CI=true` a missing Graphviz fails the test).
pub fn svg(dot: &str) -> Option<String> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "Graphviz's dot is needed under CI: {error}"
            );
            eprintln!("note: Graphviz is not installed; DOT not checked by it");
            return None;
        }
    };
    let mut stdin = child.stdin.take().unwrap();
    let input = dot.to_string();
    let feeder =
        std::thread::spawn(move || std::io::Write::write_all(&mut stdin, input.as_bytes()));
    let output = child.wait_with_output().unwrap();
    feeder.join().unwrap().unwrap();
    assert!(
        output.status.success(),
        "Graphviz rejected the DOT: {}\n{dot}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

/// `text` as Graphviz writes it inside SVG text elements.
/// (Quotes are compared after [`unquote`], as Graphviz versions write them
/// differently.)
fn svg_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// SVG with its quote entities written as the characters.
fn unquote(svg: &str) -> String {
    svg.replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
}

/// Runs `dot` with `args` and returns the DOT it printed.
fn dot(args: &[&str]) -> String {
    let mut all = vec!["dot"];
    all.extend_from_slice(args);
    let run = mailgraph(&all);
    run.expect_status(0);
    assert!(run.stdout.starts_with("digraph \""), "{}", run.stdout);
    run.stdout
}

#[test]
fn every_focus_of_the_office_renders_through_graphviz() {
    let office = repo_path("tests/fixtures/office");
    let office = arg(&office);
    for args in [
        vec![office, "--incident", "spring"],
        vec![office, "--from", "erin", "--cluster-by", "controller"],
        vec![office, "--exposure", "committee@house.example"],
        vec![
            office,
            "--path",
            "helpdesk@house.example",
            "committee@house.example",
        ],
        vec![office, "--all", "--cluster-by", "none"],
        vec![office, "--all", "--max-nodes", "3"],
    ] {
        let text = dot(&args);
        svg(&text);
    }
}

#[test]
fn names_with_dot_html_and_terminal_characters_survive_every_focus() {
    let nasty = repo_path("tests/fixtures/nasty");
    let nasty = arg(&nasty);
    let names_everywhere = ["Quote \" and backslash \\ end\\", "Mailbox \\N \\G \\l"];
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec![nasty, "--incident", "odd \"one\""],
            vec!["Shared \"box\" <&>", "Group \"one\"", "q@x"],
        ),
        (
            vec![nasty, "--from", "q\"uote", "--cluster-by", "controller"],
            vec!["Clerk \"of\" <the> House & {co}", "In\"box: Reviewer"],
        ),
        (
            vec![nasty, "--exposure", "nl@x"],
            vec!["Unit \"A\" {1}", "New\nline <b>bold</b> & co"],
        ),
        (vec![nasty, "--path", "q\"uote", "nl@x"], vec![]),
        (
            vec![nasty, "--all"],
            vec![
                "Zoë Ó Briain 東京 [x] {y}",
                "Dépt & <Co>",
                "shared&<x>@x",
                "q@x",
            ],
        ),
    ];
    for (args, names) in cases {
        let text = dot(&args);
        let Some(svg) = svg(&text) else { continue };
        let svg = unquote(&svg);
        for name in names_everywhere.iter().chain(&names) {
            for line in name.split('\n') {
                let shown = format!(">{}</text>", svg_text(line));
                assert!(
                    svg.contains(&shown),
                    "{args:?}: {shown} missing from\n{svg}"
                );
            }
        }
    }
}

#[test]
fn the_office_diagram_matches_its_snapshot() {
    let office = repo_path("tests/fixtures/office");
    let text = dot(&[arg(&office), "--incident", "spring"]);
    let snapshot_path = repo_path("tests/snapshots/office-spring.dot");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&snapshot_path, &text).unwrap();
    }
    let snapshot = std::fs::read_to_string(&snapshot_path).unwrap();
    assert_eq!(
        text, snapshot,
        "the DOT changed; if on purpose, rerun with UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn output_files_are_rendered_or_not_written_at_all() {
    let office = repo_path("tests/fixtures/office");
    let office = arg(&office);
    let out = tempfile::tempdir().unwrap();
    let svg_path = out.path().join("spring.svg");
    mailgraph(&["dot", office, "--incident", "spring", "-o", arg(&svg_path)]).expect_status(0);
    let written = std::fs::read_to_string(&svg_path).unwrap();
    assert!(written.contains("<svg"), "{written}");
    if svg("digraph {}").is_some() {
        for (name, magic) in [
            ("spring.png", &b"\x89PNG"[..]),
            ("spring.pdf", &b"%PDF"[..]),
        ] {
            let path = out.path().join(name);
            mailgraph(&["dot", office, "--incident", "spring", "-o", arg(&path)]).expect_status(0);
            assert!(std::fs::read(&path).unwrap().starts_with(magic), "{name}");
            std::fs::remove_file(&path).unwrap();
        }
    }
    let dot_path = out.path().join("spring.dot");
    mailgraph(&["dot", office, "--incident", "spring", "-o", arg(&dot_path)]).expect_status(0);
    assert!(
        std::fs::read_to_string(&dot_path)
            .unwrap()
            .starts_with("digraph \"")
    );

    let wrong = out.path().join("spring.jpeg");
    mailgraph(&["dot", office, "--incident", "spring", "-o", arg(&wrong)])
        .expect_status(2)
        .stderr_has("must end in .dot, .svg, .png or .pdf");
    assert!(!wrong.exists());
    // Bad input: nothing written.
    let absent = out.path().join("absent.svg");
    mailgraph(&["dot", office, "--incident", "sprung", "-o", arg(&absent)])
        .expect_status(2)
        .stderr_has("unknown incident `sprung`; nearest known: `spring`");
    let missing_folder = out.path().join("no/such/folder/x.dot");
    mailgraph(&["dot", office, "--all", "-o", arg(&missing_folder)])
        .expect_status(2)
        .stderr_has("cannot write");
    let names: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(
        names,
        ["spring.dot", "spring.svg"],
        "no stray temporary files"
    );
}

#[test]
fn exactly_one_focus_is_asked_for() {
    let office = repo_path("tests/fixtures/office");
    let office = arg(&office);
    mailgraph(&["dot", office])
        .expect_status(2)
        .stderr_has("choose one focus");
    mailgraph(&["dot", office, "--all", "--exposure", "q@x"])
        .expect_status(2)
        .stderr_has("choose one focus");
}

#[test]
fn large_focuses_are_summarised_by_unit() {
    let office = repo_path("tests/fixtures/office");
    let text = dot(&[arg(&office), "--all", "--max-nodes", "6"]);
    assert!(
        text.contains("summarised: 17 nodes in 5 units, above --max-nodes 6"),
        "{text}"
    );
    assert!(text.contains("Office A\\n"), "{text}");
    assert!(!text.contains("Bob Staff"), "{text}");
    svg(&text);
}

/// Enough records for the DOT to outgrow a pipe's buffer.
fn large_model() -> String {
    let mut accounts = String::new();
    let mut mailboxes = String::new();
    for i in 0..1500 {
        accounts.push_str(&format!(
            "(id: \"user{i}\", name: \"User number {i}\", unit: \"Unit {}\"),\n",
            i % 40
        ));
        mailboxes.push_str(&format!(
            "(id: \"user{i}@x\", kind: Personal, owner: \"user{i}\"),\n"
        ));
    }
    format!("(accounts: [{accounts}], mailboxes: [{mailboxes}])")
}

#[test]
fn a_reader_that_stops_early_ends_the_run_cleanly() {
    let dir = fixture(&[("model.ron", &large_model())]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(["dot", arg(dir.path()), "--all", "--max-nodes", "100000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(
        first.starts_with("digraph \"All access: 1500 accounts"),
        "{first}"
    );
    // The reader is gone (`| head -1`).
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

/// The `mailgraph dot ... -o docs/diagrams/X.svg` commands of docs/diagrams.md.
fn documented_commands() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(repo_path("docs/diagrams.md")).unwrap();
    text.lines()
        .filter(|line| line.starts_with("mailgraph dot ") && line.contains(" -o docs/"))
        .map(|line| line.split_whitespace().skip(1).map(String::from).collect())
        .collect()
}

/// The Graphviz version an SVG names in its comment.
fn graphviz_version(svg: &str) -> Option<&str> {
    svg.lines()
        .find(|line| line.starts_with("<!-- Generated by graphviz"))
}

/// SVG text without the comment naming the Graphviz version.
fn without_version(svg: &str) -> String {
    svg.lines()
        .filter(|line| !line.starts_with("<!-- Generated by graphviz"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What an SVG shows, whatever the layout: every text drawn (sorted), and
/// how many nodes and edges.
fn content(svg: &str) -> (Vec<&str>, usize, usize) {
    let mut texts: Vec<&str> = svg
        .split("<text")
        .skip(1)
        .filter_map(|rest| rest.split_once('>')?.1.split_once("</text>"))
        .map(|(text, _)| text)
        .collect();
    texts.sort_unstable();
    let nodes = svg.matches("class=\"node\"").count();
    let edges = svg.matches("class=\"edge\"").count();
    (texts, nodes, edges)
}

#[test]
fn the_committed_diagrams_match_their_documented_commands() {
    let commands = documented_commands();
    assert_eq!(commands.len(), 4, "{commands:?}");
    if svg("digraph {}").is_none() {
        return;
    }
    let out = tempfile::tempdir().unwrap();
    for command in commands {
        let target = command.last().unwrap().clone();
        let fresh = out
            .path()
            .join(std::path::Path::new(&target).file_name().unwrap());
        let mut args: Vec<&str> = command[..command.len() - 1]
            .iter()
            .map(String::as_str)
            .collect();
        args.push(arg(&fresh));
        mailgraph(&args).expect_status(0);
        let committed = std::fs::read_to_string(repo_path(&target))
            .unwrap_or_else(|_| panic!("{target} is committed"));
        let made = std::fs::read_to_string(&fresh).unwrap();
        let regenerate = format!(
            "{target} differs from what `mailgraph {}` draws; regenerate it",
            command.join(" ")
        );
        if graphviz_version(&made) == graphviz_version(&committed) {
            // The same Graphviz lays out the same DOT identically.
            assert!(
                without_version(&made) == without_version(&committed),
                "{regenerate}"
            );
        } else {
            // Another Graphviz may place things elsewhere, but must show
            // the same nodes, edges and texts.
            assert!(content(&made) == content(&committed), "{regenerate}");
            let (texts, nodes, edges) = content(&made);
            assert!(!texts.is_empty() && nodes > 0 && edges > 0, "{made}");
        }
    }
}

#[test]
fn without_graphviz_rendering_fails_clearly_and_writes_nothing() {
    let office = repo_path("tests/fixtures/office");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("spring.svg");
    let empty = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args([
            "dot",
            arg(&office),
            "--incident",
            "spring",
            "-o",
            arg(&target),
        ])
        .env("PATH", empty.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "needs Graphviz's `dot`, which is not installed: install the `graphviz` package"
        ),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_very_long_name_is_cut_so_graphviz_accepts_the_diagram() {
    let name = "N".repeat(20_000);
    let model = format!(
        r#"(accounts: [(id: "s", name: "{name}")], mailboxes: [(id: "s@x", kind: Personal, owner: "s")])"#
    );
    let dir = fixture(&[("model.ron", &model)]);
    let path = dir.path().join("model.ron");
    let svg = dir.path().join("out.svg");
    let run = mailgraph(&["dot", arg(&path), "--from", "s", "-o", arg(&svg)]);
    run.expect_status(0);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("NNNN…"), "the name is cut");
    assert!(!text.contains(&name), "the whole name is not drawn");
}

#[test]
fn an_incident_along_a_long_chain_of_takeovers_is_drawn_within_the_cap() {
    let n = 2_000;
    let mut accounts = String::new();
    let mut mailboxes = String::new();
    let mut recovery = String::new();
    for i in 0..n {
        accounts.push_str(&format!("(id: \"a{i}\"),"));
        mailboxes.push_str(&format!(
            "(id: \"m{i}@x\", kind: Personal, owner: \"a{i}\"),"
        ));
        if i + 1 < n {
            recovery.push_str(&format!("(account: \"a{}\", mailbox: \"m{i}@x\"),", i + 1));
        }
    }
    let model =
        format!("(accounts: [{accounts}], mailboxes: [{mailboxes}], recovery: [{recovery}])");
    let dir = fixture(&[("chain.ron", &model)]);
    let path = dir.path().join("chain.ron");
    let run = mailgraph(&["dot", arg(&path), "--from", "a0"]);
    run.expect_status(0);
    assert!(run.stdout.len() < 100_000, "{} bytes", run.stdout.len());
    assert!(run.stdout.contains("summarised"), "{}", run.stdout);
}
