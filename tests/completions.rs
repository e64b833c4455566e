//! `mailgraph completions SHELL` and `mailgraph man -o DIR`: generated from
//! the command-line definition, so each covers every subcommand.

use crate::support::{arg, mailgraph};

/// The subcommands `mailgraph --help` lists (read from the binary, so a new
/// command is covered without touching this test).
fn subcommands() -> Vec<String> {
    let help = mailgraph(&["--help"]).expect_status(0).stdout.clone();
    let commands: Vec<String> = help
        .lines()
        .skip_while(|line| !line.starts_with("Commands:"))
        .skip(1)
        .take_while(|line| !line.trim().is_empty())
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect();
    assert!(commands.len() >= 12, "{help}");
    commands
}

#[test]
fn every_shell_completes_every_subcommand() {
    let commands = subcommands();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let run = mailgraph(&["completions", shell]);
        run.expect_status(0);
        assert_eq!(run.stderr, "");
        for command in &commands {
            assert!(
                run.stdout.contains(command.as_str()),
                "{shell} completion lacks {command}"
            );
        }
    }
    // Options are completed too, global ones included.
    let bash = mailgraph(&["completions", "bash"]);
    bash.stdout_has("--incident").stdout_has("--quiet");
}

#[test]
fn an_unknown_shell_is_refused_with_the_known_ones() {
    mailgraph(&["completions", "tcsh"])
        .expect_status(2)
        .stderr_has("bash")
        .stderr_has("powershell");
}

#[test]
fn man_writes_one_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("man1");
    let run = mailgraph(&["man", "-o", arg(&folder)]);
    run.expect_status(0).stdout_has("manual pages");
    let main = std::fs::read_to_string(folder.join("mailgraph.1")).unwrap();
    assert!(
        main.starts_with(".ie \\n(.g .ds Aq"),
        "not roff: {main:.60}"
    );
    for command in subcommands() {
        let page = folder.join(format!("mailgraph-{command}.1"));
        let text =
            std::fs::read_to_string(&page).unwrap_or_else(|_| panic!("no page {}", page.display()));
        assert!(text.contains(".SH SYNOPSIS"), "{command}");
        // The main page lists every command (roff escapes a hyphen).
        assert!(
            main.contains(&command.replace('-', "\\-")),
            "mailgraph.1 lacks {command}"
        );
    }
    // Nested commands get their own page.
    assert!(folder.join("mailgraph-import-exchange.1").is_file());
    assert!(folder.join("mailgraph-generate-synthetic.1").is_file());
    // Nothing but the pages: no temporary file left behind.
    let stray: Vec<_> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.ends_with(".1"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn man_into_a_file_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("taken");
    std::fs::write(&file, "x").unwrap();
    mailgraph(&["man", "-o", arg(&file)])
        .expect_status(2)
        .stderr_has("taken");
}
