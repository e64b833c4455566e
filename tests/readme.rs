//! The README stays true: its first screen gives the two commands (run the
//! scenario, run the tests) and the scenario's totals it quotes are what
//! the first prints; every `mailgraph` line of its tour runs as written
//! (outputs written into a temporary folder instead of the checkout, and
//! the generator at a small size).

use std::collections::BTreeMap;

use crate::support::{arg, mailgraph, repo_path};

fn readme() -> String {
    std::fs::read_to_string(repo_path("README.md")).unwrap()
}

/// The fenced blocks of `text` whose info string is `lang`.
fn blocks<'t>(text: &'t str, lang: &str) -> Vec<&'t str> {
    text.split(&format!("```{lang}\n"))
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect()
}

/// A command line split into words, `"..."` quoting a word with spaces;
/// the comment after `#` left out.
fn words(line: &str) -> Vec<String> {
    let line = line.split(" # ").next().unwrap();
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn the_first_screen_gives_the_two_commands_and_what_the_first_prints() {
    let text = readme();
    let first_screen: String = text.lines().take(45).collect::<Vec<_>>().join("\n");
    let commands: Vec<&str> = blocks(&first_screen, "sh")[0]
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .collect();
    assert_eq!(
        commands,
        [
            "cargo run --release -- reach data/parliament-2017 --incident june-2017",
            "cargo test"
        ]
    );
    // What `cargo run` runs, and the totals the README quotes.
    let run = mailgraph(&["reach", "data/parliament-2017", "--incident", "june-2017"]);
    run.expect_status(0);
    let quoted = blocks(&first_screen, "text")[0];
    assert!(quoted.lines().count() > 10);
    for line in quoted.lines() {
        run.stdout_has(&format!("{line}\n"));
    }
}

#[test]
fn every_line_of_the_tour_runs_as_written() {
    let text = readme();
    let tour = blocks(&text, "sh")
        .into_iter()
        .find(|block| block.contains("mailgraph check"))
        .expect("the tour");
    let out = tempfile::tempdir().unwrap();
    let graphviz = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    // Files a line writes, by the name the README gives them.
    let mut written: BTreeMap<String, String> = BTreeMap::new();
    let mut ran = 0;
    for line in tour.lines().filter(|line| line.starts_with("mailgraph ")) {
        let mut words = words(line);
        words.remove(0);
        let mut redirect = None;
        if let Some(at) = words.iter().position(|w| w == ">") {
            redirect = Some(words[at + 1].clone());
            words.truncate(at);
        }
        for i in 0..words.len() {
            if let Some(path) = written.get(&words[i]) {
                words[i] = path.clone();
            } else if i > 0 && words[i - 1] == "-o" {
                let path = out.path().join(&words[i]);
                written.insert(words[i].clone(), arg(&path).to_string());
                words[i] = arg(&path).to_string();
            }
        }
        if let Some(name) = &redirect {
            let path = out.path().join(name);
            written.insert(name.clone(), arg(&path).to_string());
        }
        if !graphviz && line.contains(".svg") {
            continue;
        }
        // The generator runs at a small size: its size is an example, and
        // 100,000 accounts take seconds of a debug build.
        if words[0] == "generate"
            && let Some(at) = words.iter().position(|w| w == "--accounts")
        {
            words[at + 1] = "2000".to_string();
        }
        let args: Vec<&str> = words.iter().map(String::as_str).collect();
        let run = mailgraph(&args);
        let expected = if line.contains("--fail-on") {
            [0, 1]
        } else {
            [0, 0]
        };
        assert!(
            expected.contains(&run.status),
            "`{line}` exited {}\n{}",
            run.status,
            run.stderr
        );
        if let Some(name) = redirect {
            std::fs::write(&written[&name], &run.stdout).unwrap();
        }
        ran += 1;
    }
    assert!(ran >= 15, "{ran} lines ran");
}
