//! `mailgraph help TOPIC`: the documentation built into the binary, so it
//! is there after `cargo install`; and `--help` pointing to it.

use crate::support::{mailgraph, repo_path};

/// The topic name of each page of docs/.
fn doc_pages() -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = std::fs::read_dir(repo_path("docs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let topic = path.file_stem().unwrap().to_str().unwrap().to_string();
            (topic, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_page_of_the_docs_is_a_topic_printed_whole() {
    let pages = doc_pages();
    assert!(pages.len() >= 10, "{pages:?}");
    let index = mailgraph(&["help"]);
    index.expect_status(0);
    for (topic, text) in &pages {
        index.stdout_has(&format!("  {topic} "));
        let run = mailgraph(&["help", topic]);
        run.expect_status(0);
        assert_eq!(&run.stdout, text, "mailgraph help {topic}");
    }
}

#[test]
fn a_command_name_prints_its_help() {
    let run = mailgraph(&["help", "rank"]);
    run.expect_status(0)
        .stdout_has("Usage: mailgraph rank [OPTIONS] <PATH>")
        .stdout_has("--sort <KEY>");
    mailgraph(&["help"])
        .expect_status(0)
        .stdout_has("  what-if ")
        .stdout_has("  reach ");
}

#[test]
fn an_unknown_topic_is_refused_with_the_nearest() {
    mailgraph(&["help", "jsno"])
        .expect_status(2)
        .stderr_has("no help topic or command `jsno`; nearest known: `json`");
}

#[test]
fn help_texts_point_to_the_topics() {
    mailgraph(&["--help"])
        .expect_status(0)
        .stdout_has("`mailgraph help TOPIC` prints one");
    for (command, topic) in [
        ("reach", "json"),
        ("audit", "audit"),
        ("plan", "remediation"),
        ("import", "import"),
        ("dot", "diagrams"),
        ("check", "format"),
    ] {
        mailgraph(&[command, "--help"])
            .expect_status(0)
            .stdout_has(&format!("`mailgraph help {topic}`"));
    }
    // No help text names a file of the repository, which an installed
    // binary's user does not have.
    let index = mailgraph(&["help"]);
    let commands: Vec<String> = index
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Commands"))
        .skip(1)
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    assert!(commands.len() > 15, "{commands:?}");
    for command in commands {
        let run = mailgraph(&[&command, "--help"]);
        run.expect_status(0);
        assert!(
            !run.stdout.contains("docs/"),
            "{command} --help:\n{}",
            run.stdout
        );
    }
}
