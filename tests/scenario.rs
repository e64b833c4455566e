//! The shipped 2017 scenario (data/parliament-2017) and the generators:
//! the scenario loads, has the statement's size and incident, its generated
//! part regenerates byte for byte and stays apart from the incident's
//! part; synthetic organisations are deterministic and valid.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::{arg, fixture, mailgraph, repo_path};

const SCENARIO: &str = "data/parliament-2017";

/// Every file under `root`, relative path -> bytes.
fn files_under(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a readable folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let relative = path.strip_prefix(root).expect("under root").to_path_buf();
                files.insert(relative, std::fs::read(&path).expect("a readable file"));
            }
        }
    }
    files
}

#[test]
fn the_scenario_passes_check() {
    mailgraph(&["check", SCENARIO])
        .expect_status(0)
        .stdout_has("ok: 9 files")
        .stdout_has("1 incident");
}

#[test]
fn the_scenario_has_about_nine_thousand_accounts() {
    let run = mailgraph(&["stats", SCENARIO, "--format", "json"]);
    run.expect_status(0);
    let stats: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON statistics");
    let accounts = stats["nodes"]["account"]
        .as_u64()
        .expect("an account count");
    assert!((8_800..=9_200).contains(&accounts), "{accounts} accounts");
    assert_eq!(stats["accounts_by_role"]["MP"], 650);
    assert_eq!(stats["incidents"], 1);
}

#[test]
fn the_generated_part_regenerates_byte_for_byte() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("generated");
    mailgraph(&["generate", "parliament", "-o", arg(&out)])
        .expect_status(0)
        .stdout_has("wrote 7 files");
    let committed = files_under(&repo_path(&format!("{SCENARIO}/generated")));
    let regenerated = files_under(&out);
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        regenerated.keys().collect::<Vec<_>>()
    );
    for (file, bytes) in &committed {
        assert!(
            regenerated[file] == *bytes,
            "{} differs from its regenerated version: run `mailgraph generate parliament -o {SCENARIO}/generated`",
            file.display()
        );
    }
}

#[test]
fn the_incident_names_the_statements_23_credentials() {
    let model = mailgraph::load(&repo_path(SCENARIO)).expect("the scenario loads");
    let incident = model.incident("june-2017").expect("the june-2017 incident");
    assert_eq!(incident.date, "2017-06-23");
    let compromised: BTreeSet<&str> = incident.compromised.iter().map(String::as_str).collect();
    assert_eq!(compromised.len(), 23, "23 distinct credentials");

    // Who they are, as the statement counts them.
    let mut by_role: BTreeMap<&str, usize> = BTreeMap::new();
    let mut contractors = Vec::new();
    for account in model
        .accounts
        .iter()
        .filter(|a| compromised.contains(a.id.as_str()))
    {
        *by_role.entry(account.role.as_str()).or_default() += 1;
        if account.contractor {
            contractors.push(account.role.as_str());
        }
        assert!(
            !account.mfa && account.password == mailgraph::model::PasswordState::Weak,
            "{} was guessed: weak password, no MFA",
            account.id
        );
    }
    let expected = BTreeMap::from([
        ("MP", 3),
        ("MP's staff", 10),
        ("Lord", 1),
        ("Lord's staff", 1),
        ("Commons administration", 5),
        ("Lords administration", 2),
        ("PDS sub-contractor", 1),
    ]);
    assert_eq!(by_role, expected);
    contractors.sort();
    assert_eq!(
        contractors,
        ["Commons administration", "PDS sub-contractor"]
    );
}

#[test]
fn the_select_committee_mailbox_holds_77_peoples_data() {
    let model = mailgraph::load(&repo_path(SCENARIO)).expect("the scenario loads");
    let committee = model
        .mailboxes
        .iter()
        .find(|m| m.name == "Commons Select Committee on Regional Affairs")
        .expect("the committee mailbox");
    assert_eq!(committee.data_subjects, 77);
    assert_eq!(committee.controller.as_deref(), Some("clerk-commons"));
    let clerk = model
        .controllers
        .iter()
        .find(|c| c.id == "clerk-commons")
        .expect("the Clerk");
    assert_eq!(clerk.name, "Clerk of the House of Commons");
}

/// The incident's figures hold whatever the generator draws only if no
/// generated record names anything of the hand-written part.
#[test]
fn nothing_generated_names_the_incidents_part() {
    let model = mailgraph::load(&repo_path(SCENARIO)).expect("the scenario loads");
    let file_of = |file: u32| model.files[file as usize].display().to_string();
    let is_generated = |file: u32| {
        model.files[file as usize]
            .components()
            .any(|part| part.as_os_str() == "generated")
    };
    let hand_written: BTreeSet<&str> = model
        .accounts
        .iter()
        .zip(&model.origins.accounts)
        .map(|(a, o)| (a.id.as_str(), o.file))
        .chain(
            model
                .mailboxes
                .iter()
                .zip(&model.origins.mailboxes)
                .map(|(m, o)| (m.id.as_str(), o.file)),
        )
        .chain(
            model
                .groups
                .iter()
                .zip(&model.origins.groups)
                .map(|(g, o)| (g.id.as_str(), o.file)),
        )
        .filter(|(_, file)| !is_generated(*file))
        .map(|(id, _)| id)
        .collect();
    assert!(hand_written.len() > 80, "{}", hand_written.len());

    let mut references: Vec<(&str, u32)> = Vec::new();
    for (grant, origin) in model.grants.iter().zip(&model.origins.grants) {
        references.push((&grant.to, origin.file));
        references.push((&grant.on, origin.file));
    }
    for (group, origin) in model.groups.iter().zip(&model.origins.groups) {
        references.extend(group.members.iter().map(|m| (m.as_str(), origin.file)));
    }
    for (forwarding, origin) in model.forwarding.iter().zip(&model.origins.forwarding) {
        references.push((&forwarding.from, origin.file));
        references.extend(forwarding.to.as_deref().map(|to| (to, origin.file)));
    }
    for (recovery, origin) in model.recovery.iter().zip(&model.origins.recovery) {
        references.push((&recovery.account, origin.file));
        references.push((&recovery.mailbox, origin.file));
    }
    for (id, file) in references {
        assert!(
            !(is_generated(file) && hand_written.contains(id)),
            "{} names `{id}` of affected.ron",
            file_of(file)
        );
    }
    // ... and the hand-written part neither forwards nor recovers anything.
    let hand_written_file = |file: u32| !is_generated(file);
    assert!(
        !model
            .origins
            .forwarding
            .iter()
            .any(|o| hand_written_file(o.file))
    );
    assert!(
        !model
            .origins
            .recovery
            .iter()
            .any(|o| hand_written_file(o.file))
    );
}

#[test]
fn a_synthetic_organisation_is_deterministic_and_valid() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let generate = |name: &str, seed: &str| {
        let out = dir.path().join(name);
        mailgraph(&[
            "generate",
            "synthetic",
            "--accounts",
            "3000",
            "--seed",
            seed,
            "-o",
            arg(&out),
        ])
        .expect_status(0)
        .stdout_has("3000 accounts");
        out
    };
    let first = generate("first", "7");
    let again = generate("again", "7");
    let other = generate("other", "8");
    assert_eq!(files_under(&first), files_under(&again));
    assert_ne!(files_under(&first), files_under(&other));

    mailgraph(&["check", arg(&first)])
        .expect_status(0)
        .stdout_has("3000 accounts")
        .stdout_has("1 incident");
    let model = mailgraph::load(&first).expect("the synthetic organisation loads");
    let incident = model.incident("sample").expect("the sample incident");
    assert_eq!(incident.compromised.len(), 30, "1% of 3,000 accounts");
    assert!(model.mailboxes.iter().any(|m| m.sign_in));
    assert!(model.accounts.iter().any(|a| !a.mfa));
    assert!(!model.grants.is_empty() && !model.recovery.is_empty());
}

#[test]
fn a_synthetic_organisation_of_one_account_is_valid() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    mailgraph(&[
        "generate",
        "synthetic",
        "--accounts",
        "1",
        "-o",
        arg(dir.path()),
    ])
    .expect_status(0);
    mailgraph(&["check", arg(dir.path())])
        .expect_status(0)
        .stdout_has("1 account,");
}

#[test]
fn generating_over_foreign_ron_files_is_refused() {
    let dir = fixture(&[("mine.ron", "(accounts: [])")]);
    mailgraph(&[
        "generate",
        "synthetic",
        "--accounts",
        "10",
        "-o",
        arg(dir.path()),
    ])
    .expect_status(2)
    .stderr_has("mine.ron")
    .stderr_has("choose an empty folder");
    assert_eq!(files_under(dir.path()).len(), 1, "nothing was written");
}

#[test]
fn zero_accounts_is_a_usage_error() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    mailgraph(&[
        "generate",
        "synthetic",
        "--accounts",
        "0",
        "-o",
        arg(dir.path()),
    ])
    .expect_status(2);
}
