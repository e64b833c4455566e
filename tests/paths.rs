//! `mailgraph path`: `--limit 0` shows every shortest path (like
//! `rank --top 0`), and under `--redact` the paths a limit keeps are
//! chosen by pseudonym, never by the real ids.

use serde_json::Value;

use crate::support::{arg, fixture, mailgraph};

/// `s` reaches `t@x` through each of `n` groups: `n` shortest paths.
fn fan(n: usize) -> tempfile::TempDir {
    let groups: String = (0..n)
        .map(|i| format!("(id: \"g{i:02}\", members: [\"s\"]),"))
        .collect();
    let grants: String = (0..n)
        .map(|i| format!("(to: \"g{i:02}\", on: \"t@x\", right: FullAccess),"))
        .collect();
    let model = format!(
        "(accounts: [(id: \"s\")], groups: [{groups}],\n mailboxes: [(id: \"t@x\", kind: Shared)],\n grants: [{grants}])"
    );
    fixture(&[("model.ron", &model)])
}

fn paths(dir: &tempfile::TempDir, extra: &[&str]) -> Value {
    let mut args = vec!["path", arg(dir.path()), "s", "t@x", "--format", "json"];
    args.extend(extra);
    let run = mailgraph(&args);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("JSON")
}

/// The group each path passes through.
fn groups(value: &Value) -> Vec<String> {
    value["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|path| path["hops"][0]["to"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn limit_zero_shows_every_path_like_top_zero() {
    let dir = fan(25);
    let all = paths(&dir, &["--limit", "0"]);
    assert_eq!(groups(&all).len(), 25);
    assert_eq!(all["truncated"], false);
    let default = paths(&dir, &[]);
    assert_eq!(groups(&default).len(), 10);
    assert_eq!(default["truncated"], true);
    let one = paths(&dir, &["--limit", "1"]);
    assert_eq!(groups(&one), ["g00"], "plain output keeps the first by id");

    // The table says so too.
    let run = mailgraph(&["path", arg(dir.path()), "s", "t@x", "--limit", "0"]);
    run.expect_status(0);
    assert!(
        run.stdout.contains("25 shortest paths") && run.stdout.contains("g24"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_redacted_limit_keeps_the_first_paths_by_pseudonym() {
    let dir = fan(20);
    let key = ["--redact-key", "a key"];
    let all = groups(&paths(&dir, &[&key[..], &["--limit", "0"]].concat()));
    assert_eq!(all.len(), 20);
    let mut by_pseudonym = all.clone();
    by_pseudonym.sort();
    assert_eq!(all, by_pseudonym, "redacted paths are listed by pseudonym");
    for limit in [1, 3, 7] {
        let kept = groups(&paths(
            &dir,
            &[&key[..], &["--limit", &limit.to_string()]].concat(),
        ));
        assert_eq!(kept, by_pseudonym[..limit], "--limit {limit}");
    }
    for leaked in ["g00", "g01"] {
        let run = mailgraph(&[
            "path",
            arg(dir.path()),
            "s",
            "t@x",
            "--limit",
            "2",
            "--redact",
        ]);
        assert!(!run.stdout.contains(leaked), "{}", run.stdout);
    }
}
