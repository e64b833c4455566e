//! JSON another program can join on: controllers by id and name, every hop
//! naming the kind of node it reaches, folder rights as fields, and a reach
//! whose size stays linear however long its paths (docs/json.md).

use serde_json::Value;

use crate::support::{arg, exposure_path, fixture, mailgraph, reach_path};

fn json_of(args: &[&str]) -> Value {
    let run = mailgraph(args);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("JSON output")
}

const MODEL: &str = r#"(
    controllers: [(id: "dc-1", name: "Same Name"), (id: "dc-2", name: "Same Name")],
    accounts: [(id: "s"), (id: "x")],
    mailboxes: [
        (id: "x", kind: Shared, controller: "dc-1"),
        (id: "cal@x", kind: Shared, controller: "dc-2", data_subjects: 3),
    ],
    grants: [
        (to: "s", on: "cal@x", right: Folder(folder: "a, b)", role: Reviewer)),
        (to: "s", on: "x", right: FullAccess),
    ],
)"#;

#[test]
fn controllers_hops_and_folder_rights_are_structured() {
    let dir = fixture(&[("model.ron", MODEL)]);
    let path = dir.path().join("model.ron");
    let value = json_of(&["reach", arg(&path), "--from", "s", "--format", "json"]);
    assert_eq!(value["schema"], "mailgraph/reach/v2");
    let ids: Vec<&str> = value["controllers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["dc-1", "dc-2"],
        "two controllers of one name stay apart"
    );
    let mailboxes = value["mailboxes"].as_array().unwrap();
    let calendar = mailboxes.iter().find(|m| m["id"] == "cal@x").unwrap();
    assert_eq!(calendar["controller"]["id"], "dc-2");
    assert_eq!(calendar["controller"]["name"], "Same Name");
    let hop = &reach_path(&value, calendar)["hops"][0];
    assert_eq!(hop["edge"], "folder");
    assert_eq!(hop["folder"], "a, b)");
    assert_eq!(hop["role"], "Reviewer");
    assert_eq!(hop["kind"], "mailbox");

    // The account `x` and the mailbox `x` share an id; the kind tells them apart.
    let exposure = json_of(&["exposure", arg(&path), "x", "--format", "json"]);
    assert_eq!(exposure["schema"], "mailgraph/exposure/v3");
    let s = exposure["credentials"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "s")
        .unwrap();
    let path_of_s = exposure_path(&exposure, s);
    assert_eq!(path_of_s["start_kind"], "account");
    assert_eq!(path_of_s["hops"][0]["kind"], "mailbox");
    let paths = json_of(&["path", arg(&path), "s", "x", "--format", "json"]);
    assert_eq!(paths["schema"], "mailgraph/path/v2");
    assert_eq!(paths["to"]["controller"]["id"], "dc-1");
}

/// A chain of `n` accounts, each one's mailbox receiving the next one's
/// password resets.
fn recovery_chain(n: usize) -> String {
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
    format!("(accounts: [{accounts}], mailboxes: [{mailboxes}], recovery: [{recovery}])")
}

#[test]
fn a_reach_along_a_long_chain_stays_linear_in_size() {
    let n = 2_000;
    let dir = fixture(&[("chain.ron", &recovery_chain(n))]);
    let path = dir.path().join("chain.ron");
    let run = mailgraph(&["reach", arg(&path), "--from", "a0", "--format", "json"]);
    run.expect_status(0);
    // Whole paths would repeat every prefix: about n²/2 hops, hundreds of
    // megabytes. Each step written once is a few hundred bytes per node.
    assert!(
        run.stdout.len() < n * 2 * 1_000,
        "{} bytes for a chain of {n}",
        run.stdout.len()
    );
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["credentials"].as_array().unwrap().len(), n);
    assert_eq!(value["mailboxes"].as_array().unwrap().len(), n);
    let last = value["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == format!("m{}@x", n - 1))
        .unwrap();
    let spelled = reach_path(&value, last);
    assert_eq!(spelled["start"], "a0");
    assert_eq!(spelled["hops"].as_array().unwrap().len(), 2 * (n - 1) + 1);

    // The table and CSV show a long path's ends, not all of it.
    for format in ["table", "csv"] {
        let run = mailgraph(&["reach", arg(&path), "--from", "a0", "--format", format]);
        run.expect_status(0);
        let widest = run.stdout.lines().map(str::len).max().unwrap();
        assert!(widest < 400, "{format}: a line of {widest} characters");
        assert!(run.stdout.contains("more hops]->"), "{format}");
    }
}

#[test]
fn an_exposure_along_a_long_chain_stays_linear_in_size() {
    let n = 2_000;
    let dir = fixture(&[("chain.ron", &recovery_chain(n))]);
    let path = dir.path().join("chain.ron");
    let last = format!("m{}@x", n - 1);
    let run = mailgraph(&["exposure", arg(&path), &last, "--format", "json"]);
    run.expect_status(0);
    // Every account of the chain reaches the last mailbox; whole paths
    // would repeat their ends: about n²/2 hops, hundreds of megabytes.
    assert!(
        run.stdout.len() < n * 2 * 1_000,
        "{} bytes for a chain of {n}",
        run.stdout.len()
    );
    let value: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["schema"], "mailgraph/exposure/v3");
    let credentials = value["credentials"].as_array().unwrap();
    assert_eq!(credentials.len(), n);
    let first = credentials.iter().find(|c| c["id"] == "a0").unwrap();
    let spelled = exposure_path(&value, first);
    assert_eq!(spelled["start"], "a0");
    let hops = spelled["hops"].as_array().unwrap();
    assert_eq!(hops.len(), 2 * (n - 1) + 1);
    assert_eq!(hops.last().unwrap()["to"], last.as_str());
    // Nearest first: the last mailbox's owner, by one owner hop.
    assert_eq!(credentials[0]["id"], format!("a{}", n - 1));
    assert_eq!(credentials[0]["hops"], 1);

    for format in ["table", "csv"] {
        let run = mailgraph(&["exposure", arg(&path), &last, "--format", format]);
        run.expect_status(0);
        let widest = run.stdout.lines().map(str::len).max().unwrap();
        assert!(widest < 400, "{format}: a line of {widest} characters");
        assert!(run.stdout.contains("more hops]->"), "{format}");
    }
}
