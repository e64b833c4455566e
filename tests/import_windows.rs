//! `mailgraph import exchange` on exports stored byte for byte as Windows
//! PowerShell writes them (tests/fixtures/import/windows/README.md): UTF-16
//! with a byte-order mark, CRLF line breaks, `#TYPE` lines, `;` and tab
//! delimiters; and malformed ones, each reported at its file, line and
//! column with exit status 2 and nothing written.

use std::path::Path;

use mailgraph::model::Right;

use crate::support::{Run, arg, mailgraph};

const WINDOWS: &str = "tests/fixtures/import/windows";

fn import_into(output: &Path, options: &[(&str, &str)]) -> Run {
    let mut args: Vec<String> = vec!["import".into(), "exchange".into(), "-o".into()];
    args.push(arg(output).into());
    for (option, file) in options {
        args.push(option.to_string());
        args.push(format!("{WINDOWS}/{file}"));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    mailgraph(&args)
}

#[test]
fn utf16_semicolon_and_tab_exports_import_with_their_crlf_lines() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("fabrikam");
    import_into(
        &output,
        &[
            ("--mailboxes", "mailboxes-utf16le.csv"),
            ("--mailbox-permissions", "mailbox-permissions-semicolon.csv"),
            (
                "--recipient-permissions",
                "recipient-permissions-tab-utf16be.csv",
            ),
        ],
    )
    .expect_status(0)
    .stdout_has("accounts        2")
    .stdout_has("1  NT AUTHORITY\\SELF");
    let model = mailgraph::load(&output).expect("the import loads");
    let names: Vec<&str> = model.accounts.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, vec!["Anna Schäfer", "Jürgen Müller"]);
    let shared = model
        .mailboxes
        .iter()
        .find(|m| m.id == "gf.buero@fabrikam.de")
        .unwrap();
    assert_eq!(shared.name, "Geschäftsführung «Büro»");
    let grants: Vec<(&str, &str, &Right, &str)> = model
        .grants
        .iter()
        .map(|g| {
            (
                g.to.as_str(),
                g.on.as_str(),
                &g.right,
                g.source.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        grants,
        vec![
            (
                "juergen.mueller@fabrikam.de",
                "anna.schaefer@fabrikam.de",
                &Right::SendOnBehalf,
                "mailboxes-utf16le.csv:4"
            ),
            (
                "anna.schaefer@fabrikam.de",
                "buchhaltung@fabrikam.de",
                &Right::SendAs,
                "recipient-permissions-tab-utf16be.csv:3"
            ),
            (
                "juergen.mueller@fabrikam.de",
                "buchhaltung@fabrikam.de",
                &Right::FullAccess,
                "mailbox-permissions-semicolon.csv:4"
            ),
            // Named by its display name, with `;` inside the rights cell.
            (
                "anna.schaefer@fabrikam.de",
                "gf.buero@fabrikam.de",
                &Right::FullAccess,
                "mailbox-permissions-semicolon.csv:5"
            ),
        ]
    );
}

/// Imports `file` as mailbox permissions next to the good mailbox export,
/// asserting exit status 2, nothing written, nothing on standard output.
fn fails(file: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("out");
    let run = import_into(
        &output,
        &[
            ("--mailboxes", "mailboxes-utf16le.csv"),
            ("--mailbox-permissions", file),
        ],
    );
    run.expect_status(2);
    assert!(run.stdout.is_empty(), "stdout: {}", run.stdout);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    run.stderr
}

#[test]
fn each_malformed_windows_export_is_located() {
    for (file, place, says) in [
        (
            "malformed/extra-field-crlf.csv",
            "3:63",
            "6 fields where the header has 5: this field has no column",
        ),
        (
            "malformed/unterminated-quote.csv",
            "3:27",
            "the quoted field opened here is never closed",
        ),
        (
            "malformed/windows-1252.csv",
            "3:29",
            "text that is not valid UTF-8 starts here",
        ),
        (
            "malformed/stray-quote.csv",
            "2:52",
            "6 fields where the header has 5",
        ),
        (
            "malformed/pipe-delimited.csv",
            "1:1",
            "the header is split by `|`, which is not read",
        ),
    ] {
        let stderr = fails(file);
        let expected = format!("error: {WINDOWS}/{file}:{place}: {says}");
        assert!(stderr.starts_with(&expected), "{file}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{file}: {stderr}");
    }
}

/// The `names/` exports: a group named by its display name, a Deny entry
/// with its Allow, a forwarding to a mail contact, a deleted account's
/// `NT:S-1-5-21-...` folder entry and a display name two people share.
#[test]
fn groups_contacts_denials_and_deleted_accounts_are_read_as_exchange_means_them() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("fabrikam");
    let run = import_into(
        &output,
        &[
            ("--mailboxes", "names/mailboxes.csv"),
            ("--group-members", "names/group-members.csv"),
            ("--recipients", "names/recipients.csv"),
            ("--mailbox-permissions", "names/mailbox-permissions.csv"),
            ("--folder-permissions", "names/folder-permissions.csv"),
        ],
    );
    run.expect_status(0)
        .stdout_has("1  Allow overridden by a Deny for the same trustee and right")
        .stdout_has("1  Deny entry")
        .stdout_has(
            "stale grants (SIDs of deleted accounts):\n  folder-permissions.csv:3  S-1-5-21-1004336348-1177238915-682003330-1104\n",
        )
        .stdout_has(
            "mailbox-permissions.csv:6  Chris Taylor -> chris.taylor@fabrikam.de, christine.taylor@fabrikam.de",
        );
    let model = mailgraph::load(&output).expect("the import loads");
    // "Finanzen Team" is the group's display name: its member keeps
    // FullAccess. Jürgen's Allow is overridden by his Deny.
    let grants: Vec<(&str, &str, &Right)> = model
        .grants
        .iter()
        .map(|g| (g.to.as_str(), g.on.as_str(), &g.right))
        .collect();
    assert_eq!(
        grants,
        vec![(
            "finanzen@fabrikam.de",
            "buchhaltung@fabrikam.de",
            &Right::FullAccess
        )]
    );
    // ForwardingAddress names a mail contact: forwarding out of the
    // organisation, to the contact's external address.
    assert_eq!(model.forwarding.len(), 1);
    assert_eq!(model.forwarding[0].from, "juergen.mueller@fabrikam.de");
    assert_eq!(
        model.forwarding[0].external.as_deref(),
        Some("juergen.m@example.net")
    );
    assert_eq!(model.forwarding[0].to, None);
    // The deleted account's folder right is kept as a stale grant, by SID.
    assert_eq!(model.stale_grants.len(), 1);
    assert_eq!(
        model.stale_grants[0].sid,
        "S-1-5-21-1004336348-1177238915-682003330-1104"
    );
    assert_eq!(
        model.stale_grants[0].source.as_deref(),
        Some("folder-permissions.csv:3")
    );
}

/// A group that only a recipient export lists (no membership export names
/// it) is shown by its display name, as mailboxes are, and keeps the id
/// its address gives; a group a membership export names by address takes
/// the recipient export's display name too.
#[test]
fn groups_are_shown_by_their_display_name() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("fabrikam");
    let permissions = dir.path().join("mailbox-permissions.csv");
    std::fs::write(
        &permissions,
        "\"Identity\",\"User\",\"AccessRights\",\"IsInherited\",\"Deny\"\r\n\
         \"buchhaltung@fabrikam.de\",\"Vorstand Büro\",\"FullAccess\",\"False\",\"False\"\r\n",
    )
    .unwrap();
    let recipients = dir.path().join("recipients.csv");
    std::fs::write(
        &recipients,
        "\"Name\",\"DisplayName\",\"Alias\",\"PrimarySmtpAddress\",\"RecipientTypeDetails\"\r\n\
         \"Vorstand\",\"Vorstand Büro\",\"vorstand\",\"vorstand@fabrikam.de\",\"MailUniversalSecurityGroup\"\r\n\
         \"Finanzen\",\"Finanzen Team\",\"finanzen\",\"finanzen@fabrikam.de\",\"MailUniversalSecurityGroup\"\r\n",
    )
    .unwrap();
    let mailboxes = format!("{WINDOWS}/names/mailboxes.csv");
    let members = format!("{WINDOWS}/names/group-members.csv");
    let run = mailgraph(&[
        "import",
        "exchange",
        "-o",
        arg(&output),
        "--mailboxes",
        &mailboxes,
        "--group-members",
        &members,
        "--recipients",
        arg(&recipients),
        "--mailbox-permissions",
        arg(&permissions),
    ]);
    run.expect_status(0);
    let model = mailgraph::load(&output).expect("the import loads");
    let groups: Vec<(&str, &str)> = model
        .groups
        .iter()
        .map(|g| (g.id.as_str(), g.name.as_str()))
        .collect();
    assert_eq!(
        groups,
        [
            ("finanzen@fabrikam.de", "Finanzen Team"),
            ("vorstand@fabrikam.de", "Vorstand Büro"),
        ]
    );
    assert!(
        model
            .grants
            .iter()
            .any(|g| g.to == "vorstand@fabrikam.de" && g.on == "buchhaltung@fabrikam.de"),
        "{:?}",
        model.grants
    );
}
