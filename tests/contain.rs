//! `mailgraph contain`: the ordered checklist (credentials, rules,
//! application secrets, grants), each step with its PowerShell, in table,
//! JSON and Markdown; hostile names quoted; redaction.

use serde_json::Value;

use crate::support::{Run, arg, column, fixture, mailgraph, repo_path};

fn json(run: &Run) -> Value {
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("JSON output")
}

#[test]
fn the_2017_checklist_resets_the_23_credentials_first_then_reviews_the_grants() {
    let data = repo_path("data/parliament-2017");
    let value = json(&mailgraph(&[
        "contain",
        arg(&data),
        "--incident",
        "june-2017",
        "--format",
        "json",
    ]));
    assert_eq!(value["schema"], "mailgraph/contain/v1");
    let sections = column(&value["steps"], "/section");
    let credentials = sections.iter().take_while(|s| *s == "credentials").count();
    assert_eq!(credentials, 23);
    // Sections come in working order, each once.
    let mut order = sections.clone();
    order.dedup();
    assert_eq!(order, ["credentials", "grants"]);
    let steps = value["steps"].as_array().unwrap();
    assert!(steps[..23].iter().all(|s| s["reason"] == "compromised"));
    assert!(
        steps[0]["commands"][1]
            .as_str()
            .unwrap()
            .starts_with("Revoke-MgUserSignInSession -UserId '")
    );
    // The delegation that exposed an MP through their staff.
    let commands: Vec<String> = steps
        .iter()
        .flat_map(|s| column(&s["commands"], ""))
        .collect();
    assert!(commands.contains(
        &"Remove-MailboxPermission -Identity 'sundeep.chahal.mp@parliament.example' -User 'lucia.fernandez' -AccessRights FullAccess -InheritanceType All -Confirm:$false".to_string()
    ), "{commands:#?}");
    assert!(commands.iter().any(|c| c.starts_with("Remove-DistributionGroupMember -Identity 'grp.regional-affairs-committee-staff' -Member 'aurelie.castellane'")));
    // Numbered in order.
    let numbers = column(&value["steps"], "/number");
    assert_eq!(numbers.first().map(String::as_str), Some("1"));
    assert_eq!(numbers.len(), steps.len());
}

#[test]
fn an_application_s_secrets_are_rotated_and_its_owner_and_permission_reviewed() {
    let data = repo_path("data/oauth-2024");
    let run = mailgraph(&["contain", arg(&data), "--incident", "january-2024"]);
    run.expect_status(0)
        .stdout_has("Application secrets to rotate")
        .stdout_has("Remove-MgApplicationPassword")
        .stdout_has("Remove-MgApplicationOwnerByRef")
        .stdout_has("New-ApplicationAccessPolicy -AppId 'legacy-test-app'");
    let credentials = run.stdout.find("Credentials to reset").unwrap();
    let applications = run.stdout.find("Application secrets to rotate").unwrap();
    let grants = run.stdout.find("Grants to review").unwrap();
    assert!(credentials < applications && applications < grants);
}

const RULES: &str = r#"(
    accounts: [(id: "s", mfa: true), (id: "m"), (id: "o"), (id: "p")],
    mailboxes: [
        (id: "s@x", kind: Personal, owner: "s"),
        (id: "p@x", kind: Personal, owner: "p"),
        (id: "m@x", kind: Personal, owner: "m"),
        (id: "o@x", kind: Personal, owner: "o"),
        (id: "desk@x", kind: Shared, sign_in: true),
    ],
    grants: [(to: "s", on: "m@x", right: FullAccess), (to: "s", on: "desk@x", right: FullAccess)],
    forwarding: [(from: "o@x", to: "s@x")],
    recovery: [(account: "p", mailbox: "s@x")],
    inbox_rules: [
        (mailbox: "m@x", name: "Invoices", action: Redirect, external: "thief@webmail.example", hidden: true),
        (mailbox: "o@x", name: "keep", to: "m@x"),
    ],
    incidents: [(name: "i", date: "2024-05-01", compromised: ["s", "desk@x"])],
)"#;

#[test]
fn forwarding_and_rules_are_removed_and_signing_in_mailboxes_blocked() {
    let dir = fixture(&[("model.ron", RULES)]);
    let model = dir.path().join("model.ron");
    let value = json(&mailgraph(&[
        "contain",
        arg(&model),
        "--incident",
        "i",
        "--format",
        "json",
    ]));
    let titles = column(&value["steps"], "/title");
    let sections = column(&value["steps"], "/section");
    let reasons = column(&value["steps"], "/reason");
    let find = |needle: &str| {
        titles
            .iter()
            .position(|t| t.contains(needle))
            .unwrap_or_else(|| panic!("no step {needle}: {titles:#?}"))
    };
    let desk = find("Block sign-in to the generic mailbox desk@x");
    assert_eq!(sections[desk], "credentials");
    // p was taken over through the resets that reach s@x: reset too.
    let p = find("Reset the password of p ");
    assert_eq!(reasons[p], "taken over");
    // Forwarding to a mailbox the attacker reads, a rule on the path, a hidden rule the attacker could have set
    // on a mailbox they held, and the other mailbox's rule the same way.
    let forwarding = find("Remove the forwarding of o@x to s@x");
    assert_eq!(reasons[forwarding], "sends mail to the attacker");
    let keep = find("Remove the inbox rule keep of o@x (forward to m@x)");
    assert_eq!(reasons[keep], "on an attack path");
    let hidden =
        find("Remove the inbox rule Invoices of m@x (redirect to thief@webmail.example, hidden)");
    assert_eq!(reasons[hidden], "on a mailbox the attacker could change");
    assert_eq!(sections[hidden], "rules");
    let recovery = find("Review where the password resets of p go (s@x)");
    assert_eq!(sections[recovery], "grants");
    let commands = value["steps"][hidden]["commands"][0].as_str().unwrap();
    assert_eq!(
        commands,
        "Get-InboxRule -Mailbox 'm@x' -IncludeHidden | Where-Object { $_.Name -eq 'Invoices' } | Remove-InboxRule -Confirm:$false"
    );
    // s has MFA: no note; the others do not.
    let s = find("Reset the password of s ");
    assert_eq!(value["steps"][s]["note"], Value::Null);
    assert!(value["steps"][p]["note"].as_str().unwrap().contains("MFA"));
    // Working order: every credential step before every rule, every rule
    // before every grant.
    let rank = |s: &str| {
        ["credentials", "rules", "applications", "grants"]
            .iter()
            .position(|x| *x == s)
            .unwrap()
    };
    assert!(
        sections.windows(2).all(|w| rank(&w[0]) <= rank(&w[1])),
        "{sections:?}"
    );
}

const HOSTILE: &str = "(
    accounts: [(id: \"o'brien\\u{1b}[31m\"), (id: \"m\")],
    mailboxes: [(id: \"m@x\", kind: Personal, owner: \"m\")],
    grants: [(to: \"o'brien\\u{1b}[31m\", on: \"m@x\", right: SendAs)],
    inbox_rules: [(mailbox: \"m@x\", name: \"``` $(Remove-Item C:\\\\) \\u{202e}\", external: \"e@x.example\")],
    incidents: [(name: \"i\", date: \"2024-05-01\", compromised: [\"o'brien\\u{1b}[31m\", \"m\"])],
)";

#[test]
fn hostile_names_are_single_quoted_and_spliced() {
    let dir = fixture(&[("model.ron", HOSTILE)]);
    let model = dir.path().join("model.ron");
    // Text for people shows no control or direction character (JSON, for
    // programs, escapes control characters its own way).
    for format in ["table", "markdown"] {
        let run = mailgraph(&[
            "contain",
            arg(&model),
            "--incident",
            "i",
            "--format",
            format,
        ]);
        run.expect_status(0);
        assert!(!run.stdout.contains('\u{1b}'), "{format}");
        assert!(!run.stdout.contains('\u{202e}'), "{format}");
    }
    let value = json(&mailgraph(&[
        "contain",
        arg(&model),
        "--incident",
        "i",
        "--format",
        "json",
    ]));
    let commands = value["steps"].to_string();
    assert!(
        commands.contains("Revoke-MgUserSignInSession -UserId ('o''brien' + [char]0x1B + '[31m')"),
        "{commands}"
    );
    assert!(
        commands.contains("-Eq ('``` $(Remove-Item C:\\\\) ' + [char]0x202E + '')")
            || commands.contains("-eq ('``` $(Remove-Item C:\\\\) ' + [char]0x202E + '')"),
        "{commands}"
    );
    // Markdown fences outlast any backtick run in a command.
    let markdown = mailgraph(&[
        "contain",
        arg(&model),
        "--incident",
        "i",
        "--format",
        "markdown",
    ]);
    assert!(
        markdown.stdout.contains("````powershell"),
        "{}",
        markdown.stdout
    );
    assert!(markdown.stdout.contains("- [ ] 1\\. "));
}

#[test]
fn a_redacted_checklist_names_no_one() {
    let dir = fixture(&[("model.ron", RULES)]);
    let model = dir.path().join("model.ron");
    let run = mailgraph(&[
        "contain",
        arg(&model),
        "--incident",
        "i",
        "--redact-key",
        "k",
    ]);
    run.expect_status(0);
    for secret in [
        "s@x", "m@x", "o@x", "p@x", "desk@x", "Invoices", "thief", "'s'", "'o'",
    ] {
        assert!(
            !run.stdout.contains(secret),
            "shows {secret}:\n{}",
            run.stdout
        );
    }
    assert!(run.stdout.contains("account-"));
}
