//! Whatever an audit configuration file holds, reading it ends in a
//! configuration or in diagnostics located at a line and column of the
//! file, never in a panic: random text and bytes, valid configurations
//! with a character deleted, replaced or inserted, and configurations
//! assembled from parts (numbers at the edges, rule ids near the known
//! ones, dates right and wrong). `audit_config_fuzz_long_run` is the long
//! run (`cargo test --test integration -- --ignored audit_config_fuzz`);
//! docs/guarantees.md says how long it ran and what it found.

use proptest::prelude::*;

/// The complete configuration of docs/audit.md, with every part.
const VALID: &str = r#"(
    thresholds: (
        delegates_per_mailbox: 10,
        group_members: 50,
        credentials_per_mailbox: 25,
        mailboxes_per_credential: 50,
    ),
    disabled: ["no-controller"],
    suppressions: [
        (
            rule: "generic-sign-in",
            object: "helpdesk@house.example",
            reason: "The ticket scanner signs in as the Helpdesk; change 4711",
            expires: "2026-06-30",
        ),
    ],
)
"#;

/// Reads `bytes` as a configuration file: `None` when it loads, else its
/// diagnostics as printed.
fn load(bytes: &[u8]) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.ron");
    std::fs::write(&path, bytes).unwrap();
    match mailgraph::audit::Config::load(&path) {
        Ok(_) => None,
        Err(diagnostics) => Some(diagnostics.iter().map(|d| d.to_string()).collect()),
    }
}

/// `path:line:column: message`, with line and column from 1.
fn is_located(diagnostic: &str) -> bool {
    let Some((_, rest)) = diagnostic.split_once("audit.ron:") else {
        return false;
    };
    let mut fields = rest.splitn(3, ':');
    let line = fields.next().and_then(|l| l.parse::<usize>().ok());
    let column = fields.next().and_then(|c| c.parse::<usize>().ok());
    matches!((line, column), (Some(l), Some(c)) if l >= 1 && c >= 1)
}

/// Every diagnostic of a failed load is located; a load that works is fine.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Some(diagnostics) = load(bytes) {
        prop_assert!(!diagnostics.is_empty());
        for diagnostic in &diagnostics {
            prop_assert!(is_located(diagnostic), "{}", diagnostic);
        }
    }
    Ok(())
}

/// A configuration assembled from parts, each right or wrong.
fn assembled() -> impl Strategy<Value = String> {
    let number = prop_oneof![
        Just("0".to_string()),
        Just("18446744073709551615".to_string()),
        Just("18446744073709551616".to_string()),
        Just("-1".to_string()),
        Just("1.5".to_string()),
        Just("\"10\"".to_string()),
        (0u64..100).prop_map(|n| n.to_string()),
    ];
    let rule = prop_oneof![
        prop::sample::select(
            mailgraph::audit::RULES
                .iter()
                .map(|r| r.id.to_string())
                .collect::<Vec<_>>()
        ),
        "[a-z-]{0,20}",
        "\\PC{0,8}",
    ];
    let date = prop_oneof![
        Just("2026-06-30".to_string()),
        Just("2026-02-30".to_string()),
        Just("9999-12-31".to_string()),
        Just("0000-00-00".to_string()),
        "[0-9-]{0,12}",
    ];
    let text = "\\PC{0,12}";
    (
        number.clone(),
        number,
        prop::collection::vec(rule.clone(), 0..3),
        prop::collection::vec((rule, text, date), 0..3),
        prop::bool::ANY,
    )
        .prop_map(|(a, b, disabled, suppressions, extra)| {
            let disabled: Vec<String> = disabled.iter().map(|r| format!("{r:?}")).collect();
            let suppressions: Vec<String> = suppressions
                .iter()
                .map(|(rule, object, date)| {
                    format!(
                        "(rule: {rule:?}, object: {object:?}, reason: \"r\", expires: {date:?})"
                    )
                })
                .collect();
            format!(
                "(thresholds: (group_members: {a}, delegates_per_mailbox: {b}{}), disabled: [{}], suppressions: [{}])",
                if extra { ", unknown_field: 1" } else { "" },
                disabled.join(", "),
                suppressions.join(", ")
            )
        })
}

fn edited(at: usize, edit: u8, c: char) -> String {
    let mut text = VALID.to_string();
    let at = (0..=at.min(text.len()))
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    match edit {
        0 => {
            if at < text.len() {
                text.remove(at);
            }
        }
        1 => {
            if at < text.len() {
                text.remove(at);
            }
            text.insert(at, c);
        }
        _ => text.insert(at, c),
    }
    text
}

fn edit_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '"', '(', ')', '[', ']', ',', ':', 'x', '1', ' ', '\n', '\\', 'é', '\u{feff}', '/', '*',
    ])
}

fn run(cases: u32) {
    let config = ProptestConfig::with_cases(cases);
    let mut runner = proptest::test_runner::TestRunner::new(config.clone());
    runner
        .run(&"\\PC{0,200}", |text| check(text.as_bytes()))
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(config.clone());
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..200), |bytes| {
            check(&bytes)
        })
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(config.clone());
    runner
        .run(&(0..VALID.len(), 0..3u8, edit_char()), |(at, edit, c)| {
            check(edited(at, edit, c).as_bytes())
        })
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(config.clone());
    runner
        .run(
            &(0..VALID.len(), 0..VALID.len(), any::<u8>()),
            |(at, length, byte)| {
                // A byte that breaks UTF-8 in the middle of a valid file.
                let mut bytes = VALID.as_bytes().to_vec();
                bytes.insert(at, byte | 0x80);
                bytes.truncate(at.max(length) + 1);
                check(&bytes)
            },
        )
        .unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&assembled(), |text| check(text.as_bytes()))
        .unwrap();
}

#[test]
fn the_valid_configuration_loads() {
    assert_eq!(load(VALID.as_bytes()), None);
}

#[test]
fn any_configuration_loads_or_is_reported_at_a_position() {
    run(64);
}

/// The long run (docs/guarantees.md says how long it took and what it
/// found): `cargo test --test integration -- --ignored audit_config_fuzz`.
#[test]
#[ignore]
fn audit_config_fuzz_long_run() {
    let cases = std::env::var("AUDIT_CONFIG_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    run(cases);
}
