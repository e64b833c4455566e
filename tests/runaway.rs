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
