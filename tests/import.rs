//! `mailgraph import exchange`: PowerShell CSV exports (fixtures under
//! tests/fixtures/import/, written in the formats Windows PowerShell 5.1
//! and PowerShell 7 produce) become a RON directory that passes `check`,
//! with every skipped row counted and every grant traceable to its row.

use std::path::Path;

use mailgraph::model::{FolderRole, Forwarding, MailboxKind, Model, Right};

use crate::support::{Run, arg, mailgraph, repo_path};

const FIXTURES: &str = "tests/fixtures/import";

/// The arguments importing every fixture export into `output`.
pub(crate) fn all_exports(output: &Path) -> Vec<String> {
    let mut args: Vec<String> = ["import", "exchange", "-o", arg(output)]
        .iter()
        .map(|s| s.to_string())
        .collect();
    for (option, file) in [
        ("--mailboxes", "mailboxes.csv"),
        ("--mailbox-permissions", "mailbox-permissions.csv"),
        ("--recipient-permissions", "recipient-permissions.csv"),
        ("--folder-permissions", "folder-permissions-calendar.csv"),
        ("--folder-permissions", "folder-permissions-inbox.csv"),
        ("--group-members", "group-members.csv"),
        ("--group-members", "board@contoso.com.csv"),
        ("--users", "users.csv"),
    ] {
        args.push(option.to_string());
        args.push(format!("{FIXTURES}/{file}"));
    }
    args
}

fn import(args: &[String]) -> Run {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    mailgraph(&args)
}

/// Imports every fixture into a fresh folder and loads the result.
fn imported() -> (tempfile::TempDir, Run, Model) {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("contoso");
    let run = import(&all_exports(&output));
    run.expect_status(0);
    let model = mailgraph::load(&output).expect("the import loads");
    (dir, run, model)
}

fn grants_on<'m>(model: &'m Model, mailbox: &str) -> Vec<(&'m str, &'m Right, &'m str)> {
    model
        .grants
        .iter()
        .filter(|g| g.on == mailbox)
        .map(|g| (g.to.as_str(), &g.right, g.source.as_deref().unwrap_or("")))
        .collect()
}

#[test]
fn the_output_passes_check() {
    let (dir, _, _) = imported();
    mailgraph(&["check", arg(&dir.path().join("contoso"))])
        .expect_status(0)
        .stdout_has("ok: 4 files, 6 accounts, 10 mailboxes, 4 groups, 14 grants, 3 forwarding");
}

#[test]
fn user_mailboxes_have_owner_accounts_and_generic_ones_none() {
    let (_dir, _, model) = imported();
    let account = |id: &str| model.accounts.iter().find(|a| a.id == id).unwrap();
    let mailbox = |id: &str| model.mailboxes.iter().find(|m| m.id == id).unwrap();

    // UPN and address are the same: the mailbox id says it is the mailbox.
    let ann = mailbox("ann.lee@contoso.com");
    assert_eq!(ann.kind, MailboxKind::Personal);
    assert_eq!(ann.owner.as_deref(), Some("ann.lee@contoso.com"));
    // A UPN that differs from the address keeps both as they are.
    let christine = mailbox("christine.taylor@contoso.com");
    assert_eq!(
        christine.owner.as_deref(),
        Some("ctaylor@contoso.onmicrosoft.com")
    );
    assert!(!account("ctaylor@contoso.onmicrosoft.com").enabled);

    // Quotes and commas inside a quoted field survive.
    assert_eq!(
        account("bob.stone@contoso.com").name,
        "Stone, Bob \"Bobby\""
    );

    // The users export gives MFA, department and job title.
    let ann_account = account("ann.lee@contoso.com");
    assert!(ann_account.mfa);
    assert_eq!(
        (ann_account.unit.as_str(), ann_account.role.as_str()),
        ("IT", "Administrator")
    );
    assert!(!account("bob.stone@contoso.com").mfa);
    assert!(!account("dana.wu@contoso.com").mfa);

    for (id, kind, sign_in) in [
        ("finance@contoso.com", MailboxKind::Shared, false),
        ("helpdesk@contoso.com", MailboxKind::Shared, true),
        ("boardroom@contoso.com", MailboxKind::Room, false),
        ("projector@contoso.com", MailboxKind::Equipment, false),
    ] {
        let generic = mailbox(id);
        assert_eq!(
            (generic.kind, generic.sign_in, &generic.owner),
            (kind, sign_in, &None),
            "{id}"
        );
    }
    assert!(!model.mailboxes.iter().any(|m| m.id.contains("discovery")));
}

#[test]
fn permissions_become_grants_that_keep_their_source_row() {
    let (_dir, _, model) = imported();
    let mut finance = grants_on(&model, "finance@contoso.com");
    finance.sort();
    assert_eq!(
        finance,
        vec![
            (
                "ann.lee@contoso.com",
                &Right::SendAs,
                "recipient-permissions.csv:3"
            ),
            (
                "bob.stone@contoso.com",
                &Right::FullAccess,
                "mailbox-permissions.csv:3"
            ),
            (
                "bob.stone@contoso.com",
                &Right::SendOnBehalf,
                "mailboxes.csv:9"
            ),
            // Named `CONTOSO\dana.wu`.
            (
                "dana.wu@contoso.com",
                &Right::FullAccess,
                "mailbox-permissions.csv:4"
            ),
            (
                "dana.wu@contoso.com",
                &Right::SendOnBehalf,
                "mailboxes.csv:9"
            ),
        ]
    );
    // Resolved by a display name holding a comma and quotes.
    assert_eq!(
        grants_on(&model, "ann.lee@contoso.com"),
        vec![
            (
                "bob.stone@contoso.com",
                &Right::FullAccess,
                "mailbox-permissions.csv:7"
            ),
            (
                "eve.ross@contoso.com",
                &Right::Folder {
                    folder: "Calendar".into(),
                    role: FolderRole::Editor
                },
                "folder-permissions-calendar.csv:4"
            ),
        ]
    );
    // A group holds FullAccess; a shared mailbox that signs in holds SendAs.
    assert_eq!(
        grants_on(&model, "helpdesk@contoso.com"),
        vec![(
            "it-staff@contoso.com",
            &Right::FullAccess,
            "mailbox-permissions.csv:12"
        )]
    );
    assert_eq!(
        grants_on(&model, "chris.taylor@contoso.com"),
        vec![
            // `ReadItems, FolderVisible` reads the folder: Reviewer.
            (
                "dana.wu@contoso.com",
                &Right::Folder {
                    folder: "Inbox".into(),
                    role: FolderRole::Reviewer
                },
                "folder-permissions-inbox.csv:3"
            ),
            (
                "helpdesk@contoso.com",
                &Right::SendAs,
                "recipient-permissions.csv:4"
            ),
        ]
    );
    assert!(model.grants.iter().all(|g| g.source.is_some()));
}

#[test]
fn default_with_a_reading_role_is_granted_to_every_user() {
    let (_dir, _, model) = imported();
    assert_eq!(
        grants_on(&model, "bob.stone@contoso.com"),
        vec![
            (
                "ann.lee@contoso.com",
                &Right::SendOnBehalf,
                "mailboxes.csv:4"
            ),
            (
                "default",
                &Right::Folder {
                    folder: "Calendar".into(),
                    role: FolderRole::Reviewer
                },
                "folder-permissions-calendar.csv:5"
            ),
        ]
    );
    let everyone = model.groups.iter().find(|g| g.id == "default").unwrap();
    assert_eq!(everyone.members.len(), 7, "six accounts and the help desk");
    assert!(
        everyone
            .members
            .contains(&"helpdesk@contoso.com".to_string())
    );
}

#[test]
fn groups_nest_and_come_from_either_export_layout() {
    let (_dir, _, model) = imported();
    let members = |id: &str| {
        model
            .groups
            .iter()
            .find(|g| g.id == id)
            .unwrap()
            .members
            .clone()
    };
    assert_eq!(
        members("it-staff@contoso.com"),
        vec![
            "all-staff@contoso.com",
            "ann.lee@contoso.com",
            "dana.wu@contoso.com",
            "helpdesk@contoso.com"
        ]
    );
    assert_eq!(
        members("all-staff@contoso.com"),
        vec!["eve.ross@contoso.com", "it-staff@contoso.com"]
    );
    // One Get-DistributionGroupMember file per group, named after it.
    assert_eq!(
        members("board@contoso.com"),
        vec!["ann.lee@contoso.com", "bob.stone@contoso.com"]
    );
}

#[test]
fn forwarding_is_internal_when_the_address_resolves() {
    let (_dir, _, model) = imported();
    let forward = |from: &str, to: Option<&str>, external: Option<&str>| Forwarding {
        from: from.into(),
        to: to.map(Into::into),
        external: external.map(Into::into),
    };
    assert_eq!(
        model.forwarding,
        vec![
            forward(
                "dana.wu@contoso.com",
                None,
                Some("dana.private@mail.example")
            ),
            // ForwardingAddress naming a recipient by display name.
            forward("eve.ross@contoso.com", Some("ann.lee@contoso.com"), None),
            // ForwardingSmtpAddress naming an internal mailbox.
            forward("helpdesk@contoso.com", Some("ann.lee@contoso.com"), None),
        ]
    );
}

#[test]
fn the_summary_counts_every_skipped_row_by_reason() {
    let (_dir, run, _) = imported();
    let stdout = &run.stdout;
    for line in [
        "  accounts        6  (1 disabled, 1 with MFA)",
        "  mailboxes      10  (6 personal, 2 shared, 1 room, 1 equipment; 1 generic that sign in)",
        "  grants         14  (4 FullAccess, 2 SendAs, 3 SendOnBehalf, 5 folder; 1 folder grant with Delegate, 1 with CanViewPrivateItems)",
        "  forwarding      3  (1 to an external address)",
        "  stale grants    2  (rights still held by deleted accounts' SIDs)",
        "skipped 22:",
        "      2  NT AUTHORITY\\SELF (the mailbox's own right)",
        "      1  inherited (IsInherited True)",
        "      2  Deny entry",
        "      2  Default or Anonymous without a reading role",
        "      1  Anonymous with a reading role (published to anyone; not in the model)",
        "      1  folder role None",
        "      1  rights that give no access to mail",
        "      2  stale grant: SID of a deleted account",
        "      2  principal not found",
        "      1  ambiguous principal",
        "      2  generic mailbox that cannot sign in as grantee or member",
        "      1  grantee owns the mailbox",
        "      2  duplicate",
        "      1  recipient type DiscoveryMailbox",
        "      1  user without an imported mailbox",
    ] {
        assert!(
            stdout.lines().any(|l| l == line),
            "no line {line:?} in\n{stdout}"
        );
    }
}

#[test]
fn stale_ambiguous_and_unknown_principals_are_listed_with_their_rows() {
    let (_dir, run, _) = imported();
    let stdout = &run.stdout;
    let expected = "stale grants (SIDs of deleted accounts):
  mailbox-permissions.csv:6  S-1-5-21-3623811015-3361044348-30300820-1013
  recipient-permissions.csv:6  S-1-5-21-1111111111-2222222222-3333333333-1104
ambiguous principals:
  mailbox-permissions.csv:8  Chris Taylor -> chris.taylor@contoso.com, christine.taylor@contoso.com
principals not found:
  board@contoso.com.csv:4  adviser@partner.example
  mailbox-permissions.csv:13  Former Employee
";
    assert!(stdout.ends_with(expected), "{stdout}");
}

#[test]
fn rights_of_deleted_accounts_are_written_as_stale_grants_for_the_audit() {
    let (dir, _run, model) = imported();
    let stale: Vec<(&str, &str, &Right, Option<&str>)> = model
        .stale_grants
        .iter()
        .map(|g| (g.sid.as_str(), g.on.as_str(), &g.right, g.source.as_deref()))
        .collect();
    assert_eq!(
        stale,
        vec![
            (
                "S-1-5-21-1111111111-2222222222-3333333333-1104",
                "dana.wu@contoso.com",
                &Right::SendAs,
                Some("recipient-permissions.csv:6"),
            ),
            (
                "S-1-5-21-3623811015-3361044348-30300820-1013",
                "finance@contoso.com",
                &Right::FullAccess,
                Some("mailbox-permissions.csv:6"),
            ),
        ]
    );
    // They sit with the grants, and give nobody access.
    let delegations = std::fs::read_to_string(dir.path().join("contoso/delegations.ron")).unwrap();
    assert!(delegations.contains("stale_grants: ["), "{delegations}");
    assert!(model.grants.iter().all(|g| !g.to.starts_with("S-1-")));
}

#[test]
fn a_stale_grant_must_name_a_sid_and_a_mailbox() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("org.ron"),
        r#"(
    mailboxes: [(id: "finance@contoso.com", kind: Shared)],
    stale_grants: [
        (sid: "S-1-5-21-1-2-3-1104", on: "finance@contoso.com", right: FullAccess),
        (sid: "Former Employee", on: "finance@contoso.com", right: SendAs),
        (sid: "S-1-5-21-1-2-3-1105", on: "finanse@contoso.com", right: FullAccess),
    ],
)
"#,
    )
    .unwrap();
    let path = dir.path().join("org.ron");
    let run = mailgraph(&["check", arg(&path)]);
    run.expect_status(2)
        .stderr_has("org.ron:5:15: `Former Employee` is not a security identifier")
        .stderr_has(
            "org.ron:6:42: unknown mailbox `finanse@contoso.com` as mailbox of a stale grant; nearest known: `finance@contoso.com`",
        );
}

#[test]
fn an_export_on_standard_input_imports_as_the_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let from_file = dir.path().join("file");
    let from_stdin = dir.path().join("stdin");
    let exports = [
        "--mailbox-permissions",
        "tests/fixtures/import/mailbox-permissions.csv",
    ];
    let args = |output: &Path, mailboxes: &str| -> Vec<String> {
        [
            "import",
            "exchange",
            "-o",
            arg(output),
            "--mailboxes",
            mailboxes,
        ]
        .iter()
        .chain(&exports)
        .map(|s| s.to_string())
        .collect()
    };
    import(&args(&from_file, "tests/fixtures/import/mailboxes.csv")).expect_status(0);
    let bytes = std::fs::read(repo_path("tests/fixtures/import/mailboxes.csv")).unwrap();
    let stdin_args = args(&from_stdin, "-");
    let stdin_args: Vec<&str> = stdin_args.iter().map(String::as_str).collect();
    let (run, _) = crate::stdio::with_stdin(&stdin_args, &bytes);
    run.expect_status(0);
    for name in [
        "accounts.ron",
        "mailboxes.ron",
        "groups.ron",
        "delegations.ron",
    ] {
        let file = std::fs::read_to_string(from_file.join(name)).unwrap();
        let stdin = std::fs::read_to_string(from_stdin.join(name)).unwrap();
        // Rows read from standard input are traced to `stdin:LINE`.
        assert_eq!(
            stdin,
            file.replace("\"mailboxes.csv:", "\"stdin:"),
            "{name}"
        );
    }
    let delegations = std::fs::read_to_string(from_stdin.join("delegations.ron")).unwrap();
    assert!(delegations.contains("\"stdin:"), "{delegations}");

    // A problem on standard input is located in `-`; nothing is written.
    let broken = dir.path().join("broken");
    let broken_args = args(&broken, "-");
    let broken_args: Vec<&str> = broken_args.iter().map(String::as_str).collect();
    let (run, _) = crate::stdio::with_stdin(
        &broken_args,
        b"DisplayName,PrimarySmtpAddress,UserPrincipalName,RecipientTypeDetails\r\nAnn,ann@x.example,ann@x.example,UserMailbox,extra\r\n",
    );
    run.expect_status(2)
        .stderr_has("-:2:45: 5 fields where the header has 4");
    assert!(!broken.exists());

    // Standard input is read once: one export only.
    let twice = dir.path().join("twice");
    let run = mailgraph(&[
        "import",
        "exchange",
        "-o",
        arg(&twice),
        "--mailboxes",
        "-",
        "--users",
        "-",
    ]);
    run.expect_status(2)
        .stderr_has("standard input may be given for one export only");
    assert!(!twice.exists());
}

#[test]
fn importing_twice_gives_byte_identical_files() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    let second = dir.path().join("second");
    import(&all_exports(&first)).expect_status(0);
    import(&all_exports(&second)).expect_status(0);
    let mut names = Vec::new();
    for entry in std::fs::read_dir(&first).unwrap() {
        let name = entry.unwrap().file_name();
        let a = std::fs::read(first.join(&name)).unwrap();
        let b = std::fs::read(second.join(&name)).unwrap();
        assert!(a == b, "{name:?} differs");
        names.push(name.into_string().unwrap());
    }
    names.sort();
    assert_eq!(
        names,
        [
            ".mailgraph-files",
            "accounts.ron",
            "delegations.ron",
            "groups.ron",
            "mailboxes.ron"
        ]
    );
    assert_eq!(std::fs::read_dir(&second).unwrap().count(), 5);
}

#[test]
fn a_folder_that_is_not_empty_is_refused_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out");
    std::fs::create_dir(&output).unwrap();
    std::fs::write(output.join("keep.txt"), "mine").unwrap();
    let run = import(&all_exports(&output));
    run.expect_status(2)
        .stderr_has("exists and is not empty: choose a new folder, or pass --force");
    assert!(output.join("keep.txt").exists());

    // --force replaces only what an earlier import wrote: a folder no
    // import wrote (the working directory, say) is refused whole.
    let mut forced = all_exports(&output);
    forced.push("--force".into());
    import(&forced)
        .expect_status(2)
        .stderr_has("mailgraph did not write this folder");
    assert!(output.join("keep.txt").exists());
    assert!(!output.join("accounts.ron").exists());
    std::fs::remove_file(output.join("keep.txt")).unwrap();
    import(&forced).expect_status(0);
    // Files added beside an import survive the next one.
    std::fs::write(output.join("keep.txt"), "mine").unwrap();
    std::fs::write(output.join("accounts.ron"), "stale").unwrap();
    import(&forced).expect_status(0);
    assert_eq!(
        std::fs::read_to_string(output.join("keep.txt")).unwrap(),
        "mine"
    );
    assert!(
        std::fs::read_to_string(output.join("accounts.ron"))
            .unwrap()
            .contains("accounts")
    );
    // Nothing is left beside the output: no staging or old folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_folder_holding_the_exports_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    std::fs::copy(
        format!("{FIXTURES}/mailboxes.csv"),
        exports.join("mailboxes.csv"),
    )
    .unwrap();
    std::fs::write(exports.join(".mailgraph-files"), "mailboxes.csv\n").unwrap();
    let run = mailgraph(&[
        "import",
        "exchange",
        "-o",
        arg(&exports),
        "--force",
        "--mailboxes",
        arg(&exports.join("mailboxes.csv")),
    ]);
    run.expect_status(2).stderr_has("holds the export");
    assert!(exports.join("mailboxes.csv").exists());
    assert_eq!(std::fs::read_dir(&exports).unwrap().count(), 2);
}

#[cfg(unix)]
#[test]
fn an_existing_folder_keeps_its_mode_and_a_new_one_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out");
    import(&all_exports(&output)).expect_status(0);
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&output), 0o700);
    assert_eq!(
        mode(&output.join("grants.ron").with_file_name("accounts.ron")),
        0o600
    );
    std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o750)).unwrap();
    let mut forced = all_exports(&output);
    forced.push("--force".into());
    import(&forced).expect_status(0);
    assert_eq!(mode(&output), 0o750);
}

/// Runs an import of malformed exports, asserting exit status 2, no
/// output folder, nothing on standard output; returns standard error.
fn fails(options: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out");
    let mut args: Vec<String> = vec!["import".into(), "exchange".into(), "-o".into()];
    args.push(arg(&output).into());
    for (option, file) in options {
        args.push(option.to_string());
        args.push(format!("{FIXTURES}/{file}"));
    }
    let run = import(&args);
    run.expect_status(2);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    assert!(!output.exists(), "an output folder was written");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    run.stderr
}

#[test]
fn a_missing_column_is_reported_at_the_header() {
    let stderr = fails(&[("--mailboxes", "malformed/mailboxes-missing-column.csv")]);
    assert_eq!(
        stderr,
        "error: tests/fixtures/import/malformed/mailboxes-missing-column.csv:1:1: missing column `RecipientTypeDetails` (columns here: DisplayName, Alias, PrimarySmtpAddress, UserPrincipalName)\n"
    );
}

#[test]
fn ragged_rows_and_bad_booleans_are_all_reported_in_one_run() {
    let stderr = fails(&[
        ("--mailboxes", "mailboxes.csv"),
        (
            "--mailbox-permissions",
            "malformed/mailbox-permissions-ragged.csv",
        ),
        (
            "--recipient-permissions",
            "malformed/recipient-permissions-bad-boolean.csv",
        ),
    ]);
    let dir = "tests/fixtures/import/malformed";
    assert_eq!(
        stderr,
        format!(
            "error: {dir}/mailbox-permissions-ragged.csv:3:43: 7 fields where the header has 6: this field has no column (an unquoted comma?)
error: {dir}/mailbox-permissions-ragged.csv:4:53: 4 fields where the header has 6: `Deny` and after are missing
error: {dir}/recipient-permissions-bad-boolean.csv:2:50: `IsInherited` is `Yes`, expected True or False
"
        )
    );
}

#[test]
fn an_unjoined_multi_valued_column_says_how_to_export_it() {
    let stderr = fails(&[("--mailboxes", "malformed/mailboxes-type-name.csv")]);
    assert!(
        stderr.starts_with("error: tests/fixtures/import/malformed/mailboxes-type-name.csv:2:81: `System.Collections.ArrayList` is a type name"),
        "{stderr}"
    );
    assert!(
        stderr.contains("$_.GrantSendOnBehalfTo -join ';'"),
        "{stderr}"
    );
}

#[test]
fn a_missing_export_file_is_reported() {
    let stderr = fails(&[("--mailboxes", "no-such-export.csv")]);
    assert_eq!(
        stderr,
        "error: tests/fixtures/import/no-such-export.csv: cannot read: no such file\n"
    );
}

#[test]
fn the_fixtures_are_in_the_formats_powershell_writes() {
    // Guard against an editor normalising the fixtures away.
    let mailboxes = std::fs::read(repo_path(&format!("{FIXTURES}/mailboxes.csv"))).unwrap();
    assert!(mailboxes.starts_with(b"\xef\xbb\xbf#TYPE "));
    assert!(mailboxes.windows(2).any(|w| w == b"\r\n"));
    let permissions =
        std::fs::read(repo_path(&format!("{FIXTURES}/recipient-permissions.csv"))).unwrap();
    assert!(permissions.starts_with(b"\xef\xbb\xbf\"Identity\""));
}

#[test]
fn other_users_export_layouts_and_empty_exports_are_read() {
    // An Entra "download users" style header, MSOnline's BlockCredential,
    // Graph's IsMfaRegistered, and a permission export PowerShell wrote
    // empty because the command returned nothing.
    let exports = crate::support::fixture(&[
        (
            "mailboxes.csv",
            "\"DisplayName\",\"PrimarySmtpAddress\",\"UserPrincipalName\",\"RecipientTypeDetails\"\n\
             \"Ann\",\"ann@example.org\",\"ann@example.org\",\"UserMailbox\"\n\
             \"Bob\",\"bob@example.org\",\"bob@example.org\",\"UserMailbox\"\n",
        ),
        (
            "users.csv",
            "\"User principal name\",\"Block credential\",\"is_mfa_registered\"\n\
             \"ANN@example.org\",\"True\",\"true\"\n\
             \"bob@example.org\",\"False\",\"\"\n",
        ),
        ("mailbox-permissions.csv", ""),
    ]);
    let output = exports.path().join("out");
    let path = |name: &str| exports.path().join(name).to_str().unwrap().to_string();
    let run = import(&[
        "import".into(),
        "exchange".into(),
        "-o".into(),
        arg(&output).into(),
        "--mailboxes".into(),
        path("mailboxes.csv"),
        "--users".into(),
        path("users.csv"),
        "--mailbox-permissions".into(),
        path("mailbox-permissions.csv"),
    ]);
    run.expect_status(0).stdout_has("skipped 0:");
    let model = mailgraph::load(&output).unwrap();
    let flags: Vec<_> = model
        .accounts
        .iter()
        .map(|a| (a.id.as_str(), a.enabled, a.mfa))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("ann@example.org", false, true),
            ("bob@example.org", true, false)
        ]
    );
}

#[test]
fn ids_never_clash_across_namespaces_and_the_import_validates() {
    // An account `y`, a shared mailbox `y` that signs in (so it needs an id
    // in the accounts' namespace too) and a mailbox whose address is
    // literally `mailbox:y`, the prefixed id the second would get.
    let dir = crate::support::fixture(&[(
        "mailboxes.csv",
        "\"DisplayName\",\"PrimarySmtpAddress\",\"UserPrincipalName\",\"RecipientTypeDetails\",\"AccountDisabled\"\r\n\
         \"Y\",\"y@x\",\"y\",\"UserMailbox\",\"False\"\r\n\
         \"Shared Y\",\"y\",\"\",\"SharedMailbox\",\"False\"\r\n\
         \"Odd\",\"mailbox:y\",\"\",\"SharedMailbox\",\"True\"\r\n",
    )]);
    let output = dir.path().join("out");
    mailgraph(&[
        "import",
        "exchange",
        "-o",
        arg(&output),
        "--mailboxes",
        arg(&dir.path().join("mailboxes.csv")),
    ])
    .expect_status(0);
    let model = mailgraph::load(&output).expect("the import validates");
    let mut ids: Vec<&str> = model.mailboxes.iter().map(|m| m.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["mailbox:y", "mailbox:y-2", "y@x"]);
}
