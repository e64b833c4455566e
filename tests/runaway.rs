//! Inputs built to make work grow faster than the input: each is run at a
//! size where quadratic work would blow the test's time, and its answer
//! checked by counts.

use crate::support::{arg, fixture, mailgraph};

#[test]
fn twenty_thousand_unknown_near_miss_ids_are_each_located_once() {
    let mut accounts = Vec::new();
    for i in 0..2_000 {
        accounts.push(format!("(id: \"user{i:05}\", name: \"U\")"));
    }
    let mut grants = Vec::new();
    for i in 0..20_000 {
        grants.push(format!(
            "    (to: \"usr{i:05}\", on: \"m@x\", right: SendAs),\n"
        ));
    }
    let model = format!(
        "(\n  accounts: [{}],\n  mailboxes: [(id: \"m@x\", kind: Shared)],\n  grants: [\n{}  ],\n)\n",
        accounts.join(", "),
        grants.concat()
    );
    let dir = fixture(&[("model.ron", &model)]);
    let run = mailgraph(&["check", arg(dir.path())]);
    run.expect_status(2);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 20_000);
    // Every problem at its own line: grants[i] is on line 5 + i.
    for (i, line) in lines.iter().enumerate() {
        let at = format!("model.ron:{}:10: unknown", 5 + i);
        assert!(line.contains(&at), "{line} lacks {at}");
    }
    // The first get suggestions; once the budget is spent the rest say so.
    assert!(
        lines[0].contains("nearest known: `user00000`"),
        "{}",
        lines[0]
    );
    assert!(lines[19_999].contains("not searched"), "{}", lines[19_999]);
}

/// `n` accounts, each with a personal mailbox at `domain`, and every tenth
/// one's mailbox delegated to the next account.
fn organisation(n: usize, domain: &str) -> String {
    let mut accounts = String::new();
    let mut mailboxes = String::new();
    let mut grants = String::new();
    for i in 0..n {
        accounts.push_str(&format!("(id: \"u{i}\"),"));
        mailboxes.push_str(&format!(
            "(id: \"u{i}@{domain}\", kind: Personal, owner: \"u{i}\"),"
        ));
        if i % 10 == 0 && i + 1 < n {
            grants.push_str(&format!(
                "(to: \"u{}\", on: \"u{i}@{domain}\", right: FullAccess),",
                i + 1
            ));
        }
    }
    format!("(accounts: [{accounts}], mailboxes: [{mailboxes}], grants: [{grants}])")
}

#[test]
fn a_domain_rename_is_diffed_without_a_search_per_changed_access() {
    // Every access changes: n + n/10 removed and as many added. A search
    // of the whole graph per change (what `diff` did) is about 2.2n
    // searches, each setting up arrays for the 2n nodes' 8n states: at
    // n = 10,000, 22,000 searches over 80,000 states, billions of steps.
    let n = 10_000;
    let old = fixture(&[("model.ron", &organisation(n, "old.example"))]);
    let new = fixture(&[("model.ron", &organisation(n, "new.example"))]);
    let run = mailgraph(&[
        "diff",
        arg(old.path()),
        arg(new.path()),
        "--format",
        "json",
        "--today",
        "2026-01-01",
    ]);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let access = value["personal_data_access"].as_array().unwrap();
    let changes = n + (n - 1) / 10 + 1;
    assert_eq!(access.len(), 2 * changes);
    let added = access.iter().filter(|a| a["change"] == "added").count();
    assert_eq!(added, changes);
    // Each change comes with its path, in the snapshot that has it.
    for change in access {
        let hops = change["path"]["hops"].as_array().unwrap();
        let last = hops.last().unwrap()["to"].as_str().unwrap();
        let domain = if change["change"] == "added" {
            "@new.example"
        } else {
            "@old.example"
        };
        assert!(last.ends_with(domain), "{change}");
    }
}
