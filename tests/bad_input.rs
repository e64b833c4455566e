//! Bad input: every class of problem is reported at its file, line and
//! column with a one-line reason, every problem in one run, exit status 2.

use crate::support::{arg, fixture, mailgraph};

/// Runs `check` on a folder of files and returns standard error, asserting
/// exit status 2 and that nothing was printed to standard output.
fn check_fails(files: &[(&str, &str)]) -> (tempfile::TempDir, String) {
    let dir = fixture(files);
    let run = mailgraph(&["check", arg(dir.path())]);
    run.expect_status(2);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    let stderr = run.stderr.replace(arg(dir.path()), "DIR");
    (dir, stderr)
}

#[test]
fn malformed_ron_says_what_was_expected_where() {
    let (_dir, stderr) = check_fails(&[(
        "accounts.ron",
        "(\n  accounts: [\n    (id: \"a\" name: \"Ann\"),\n  ],\n)\n",
    )]);
    assert_eq!(
        stderr,
        "error: DIR/accounts.ron:3:14: expected `,` or a closing bracket\n"
    );
}

#[test]
fn unclosed_bracket_is_reported_where_it_should_close() {
    let (_dir, stderr) = check_fails(&[("a.ron", "(accounts: [(id: \"a\", name: \"Ann\")\n")]);
    assert_eq!(
        stderr,
        "error: DIR/a.ron:1:35: expected `,` or a closing bracket\n"
    );
}

#[test]
fn unknown_id_suggests_the_nearest_known_ids() {
    let (_dir, stderr) = check_fails(&[(
        "model.ron",
        r#"(
  accounts: [
    (id: "alice.smith", name: "Alice"),
    (id: "alice.smyth", name: "Alice S"),
    (id: "bob", name: "Bob"),
  ],
  mailboxes: [(id: "shared@example.org", kind: Shared)],
  grants: [(to: "alice.smiht", on: "shared@example.org", right: FullAccess)],
)
"#,
    )]);
    assert_eq!(
        stderr,
        "error: DIR/model.ron:8:17: unknown account, group or signing-in mailbox `alice.smiht` as grantee; nearest known: `alice.smith`, `alice.smyth`\n"
    );
}

#[test]
fn unknown_mailbox_far_from_everything_says_so() {
    let (_dir, stderr) = check_fails(&[(
        "model.ron",
        r#"(
  accounts: [(id: "bob", name: "Bob")],
  grants: [(to: "bob", on: "zzzzzzzzzzzzzzzz", right: SendAs)],
)
"#,
    )]);
    assert_eq!(
        stderr,
        "error: DIR/model.ron:3:28: unknown mailbox `zzzzzzzzzzzzzzzz` as granted mailbox; no known id is close\n"
    );
}

#[test]
fn duplicate_ids_are_found_across_files() {
    let (_dir, stderr) = check_fails(&[
        (
            "accounts.ron",
            "(accounts: [(id: \"ann\", name: \"Ann\")])\n",
        ),
        (
            "more/groups.ron",
            "(\n  groups: [\n    (id: \"ann\", members: []),\n  ],\n)\n",
        ),
    ]);
    assert_eq!(
        stderr,
        "error: DIR/more/groups.ron:3:10: duplicate id `ann`: already defined as an account in DIR/accounts.ron (accounts #1)\n"
    );
}

#[test]
fn an_account_and_its_mailbox_may_share_an_id_but_not_a_signing_in_mailbox() {
    // Mailboxes have a namespace of their own: a sign-in name is often the
    // address too.
    let dir = fixture(&[(
        "model.ron",
        r#"(
  accounts: [(id: "ann@example.org")],
  mailboxes: [(id: "ann@example.org", kind: Personal, owner: "ann@example.org")],
  grants: [(to: "ann@example.org", on: "ann@example.org", right: SendAs)],
)
"#,
    )]);
    mailgraph(&["check", arg(dir.path())]).expect_status(0);
    // A mailbox that signs in is a credential: its id cannot be an account's.
    let (_dir, stderr) = check_fails(&[(
        "model.ron",
        r#"(
  accounts: [(id: "desk@example.org")],
  mailboxes: [
    (id: "desk@example.org", kind: Shared, sign_in: true),
  ],
)
"#,
    )]);
    assert_eq!(
        stderr,
        "error: DIR/model.ron:4:10: mailbox `desk@example.org` signs in, so its id names a credential, but it is already an account in DIR/model.ron (accounts #1): give one of them another id\n"
    );
}

#[test]
fn owner_that_is_not_an_account() {
    let (_dir, stderr) = check_fails(&[(
        "model.ron",
        r#"(
  groups: [(id: "team", members: [])],
  mailboxes: [(id: "m@example.org", kind: Personal, owner: "team")],
)
"#,
    )]);
    assert_eq!(
        stderr,
        "error: DIR/model.ron:3:60: owner `team` is a group, expected an account\n"
    );
}

#[test]
fn personal_mailbox_without_owner() {
    let (_dir, stderr) = check_fails(&[(
        "model.ron",
        "(\n  mailboxes: [\n    (id: \"m@example.org\", kind: Personal),\n  ],\n)\n",
    )]);
    assert_eq!(
        stderr,
        "error: DIR/model.ron:3:33: personal mailbox `m@example.org` has no owner: add `owner: \"<account id>\"`\n"
    );
}

#[test]
fn unknown_enum_variant_lists_the_valid_ones() {
    let (_dir, stderr) =
        check_fails(&[("model.ron", "(mailboxes: [(id: \"m\", kind: Public)])\n")]);
    assert_eq!(
        stderr,
        "error: DIR/model.ron:1:30: unknown MailboxKind `Public`: expected one of Personal, Shared, Room, Equipment\n"
    );
    let (_dir, stderr) = check_fails(&[(
        "model.ron",
        "(accounts: [(id: \"a\", name: \"A\")], mailboxes: [(id: \"m\", kind: Shared)],\n grants: [(to: \"a\", on: \"m\", right: Folder(folder: \"Inbox\", role: Reader))])\n",
    )]);
    assert!(stderr.starts_with("error: DIR/model.ron:2:"), "{stderr}");
    assert!(
        stderr.contains("unknown FolderRole `Reader`: expected one of None, AvailabilityOnly, LimitedDetails, Contributor, Reviewer,"),
        "{stderr}"
    );
}

#[test]
fn unknown_field_lists_the_valid_ones() {
    let (_dir, stderr) = check_fails(&[("model.ron", "(acounts: [])\n")]);
    assert!(
        stderr.starts_with("error: DIR/model.ron:1:2: unknown field `acounts` in"),
        "{stderr}"
    );
    assert!(
        stderr.contains("expected one of controllers, accounts, mailboxes"),
        "{stderr}"
    );
}

#[test]
fn empty_file() {
    let (_dir, stderr) = check_fails(&[("empty.ron", "// nothing but a comment\n\n")]);
    assert_eq!(
        stderr,
        "error: DIR/empty.ron:1:1: the file is empty: expected a document such as `(accounts: [...], mailboxes: [...])`\n"
    );
    let (_dir, stderr) = check_fails(&[("incidents/x.ron", "")]);
    assert!(
        stderr
            .starts_with("error: DIR/incidents/x.ron:1:1: the file is empty: expected an incident"),
        "{stderr}"
    );
}

#[test]
fn missing_file_or_folder() {
    let dir = fixture(&[]);
    let missing = dir.path().join("nowhere");
    let run = mailgraph(&["check", arg(&missing)]);
    run.expect_status(2);
    assert_eq!(
        run.stderr,
        format!(
            "error: {}: cannot read: no such file or folder\n",
            missing.display()
        )
    );
    let run = mailgraph(&["stats", arg(dir.path())]);
    run.expect_status(2)
        .stderr_has("no .ron files here: expected a RON file or a folder holding some");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let (_dir, stderr) = check_fails(&[
        ("a.ron", "(accounts: [(id: \"x\" name: \"X\")])\n"),
        (
            "b.ron",
            r#"(
  accounts: [(id: "ann", name: "Ann")],
  mailboxes: [(id: "m", kind: Personal, owner: "anne", controller: "nobody")],
)
"#,
        ),
        (
            "incidents/i.ron",
            "(name: \"i\", date: \"2017-6-23\", compromised: [\"ann\", \"m\"])\n",
        ),
    ]);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        vec![
            "error: DIR/a.ron:1:22: expected `,` or a closing bracket",
            "error: DIR/b.ron:3:48: unknown account `anne` as owner; nearest known: `ann`",
            "error: DIR/b.ron:3:68: unknown data controller `nobody` as controller; no known id is close",
            "error: DIR/incidents/i.ron:1:19: incident date `2017-6-23` is not a date: expected YYYY-MM-DD",
            "error: DIR/incidents/i.ron:1:53: compromised credential `m` is a mailbox that does not sign in, expected an account, signing-in mailbox, application or external address",
        ]
    );
}

#[test]
fn forwarding_needs_exactly_one_target() {
    let (_dir, stderr) = check_fails(&[(
        "model.ron",
        "(mailboxes: [(id: \"m\", kind: Shared)],\n forwarding: [(from: \"m\")])\n",
    )]);
    assert_eq!(
        stderr,
        "error: DIR/model.ron:2:15: forwarding from `m` needs exactly one of `to` (a mailbox id) and `external` (an address outside the organisation)\n"
    );
}

#[test]
fn a_valid_model_checks_clean() {
    let dir = fixture(&[(
        "model.ron",
        r#"(
  controllers: [(id: "c", name: "Controller")],
  accounts: [(id: "ann", name: "Ann")],
  mailboxes: [(id: "ann@example.org", kind: Personal, owner: "ann", controller: "c")],
)
"#,
    )]);
    mailgraph(&["check", arg(dir.path())])
        .expect_status(0)
        .stdout_has("ok: 1 file, 1 account, 1 mailbox");
}

#[test]
fn text_that_is_not_utf8() {
    let dir = fixture(&[]);
    std::fs::write(
        dir.path().join("latin1.ron"),
        b"(accounts: [(id: \"a\", name: \"Ren\xe9\")])\n",
    )
    .unwrap();
    let run = mailgraph(&["check", arg(dir.path())]);
    run.expect_status(2);
    let stderr = run.stderr.replace(arg(dir.path()), "DIR");
    assert_eq!(
        stderr,
        "error: DIR/latin1.ron:1:33: not UTF-8 text: RON files must be UTF-8\n"
    );
}
