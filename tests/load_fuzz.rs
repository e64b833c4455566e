//! Whatever a file holds, loading it ends in a model or in located
//! diagnostics, never in a panic: random text, and valid files with a
//! character deleted, replaced or inserted (near-valid input exercises the
//! error locator the most).
//!
//! `cargo test` runs 300 cases of each; the long run is
//! `MAILGRAPH_FUZZ_SECONDS=300 cargo test --test integration -- --ignored load_fuzz_long --nocapture`
//! (docs/guarantees.md says how long it ran and what it found).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const VALID: &str = include_str!("fixtures/office/model.ron");

/// Loads `text` as a one-file directory; the diagnostics, if any.
fn load(text: &str) -> Option<Vec<String>> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.ron");
    std::fs::write(&path, text).unwrap();
    match mailgraph::load(&path) {
        Ok(_) => None,
        Err(diagnostics) => Some(diagnostics.iter().map(|d| d.to_string()).collect()),
    }
}

fn is_located(diagnostic: &str) -> bool {
    // `path:line:column: message`
    let mut parts = diagnostic.rsplitn(2, ".ron:");
    let rest = parts.next().unwrap_or_default();
    let mut fields = rest.splitn(3, ':');
    let line = fields.next().and_then(|l| l.parse::<usize>().ok());
    let column = fields.next().and_then(|c| c.parse::<usize>().ok());
    matches!((line, column), (Some(l), Some(c)) if l >= 1 && c >= 1)
}

/// A valid file with up to three characters deleted, replaced or
/// inserted.
fn edited() -> impl Strategy<Value = String> {
    let c = prop::sample::select(vec![
        '"', '(', ')', '[', ']', ',', ':', 'x', '1', ' ', '\n', '\\', 'é', '\u{0}', '\u{1b}',
    ]);
    prop::collection::vec((0..VALID.len(), 0..3u8, c), 1..4).prop_map(|edits| {
        let mut text = VALID.to_string();
        for (at, edit, c) in edits {
            let at = at.min(text.len());
            let at = (0..=at)
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
        }
        text
    })
}

/// Loads `text`: no panic, and a failure is reported at a position.
fn check(text: &str) -> Result<(), TestCaseError> {
    if let Some(diagnostics) = load(text) {
        prop_assert!(!diagnostics.is_empty());
        for diagnostic in &diagnostics {
            prop_assert!(is_located(diagnostic), "{}", diagnostic);
        }
    }
    Ok(())
}

/// The long run: batches of edited files and of random text for
/// `MAILGRAPH_FUZZ_SECONDS` (300 by default), each from a fresh random
/// seed; prints how many cases ran.
#[test]
#[ignore = "the long fuzz run: minutes (docs/guarantees.md)"]
fn load_fuzz_long() {
    let seconds: u64 = std::env::var("MAILGRAPH_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let started = std::time::Instant::now();
    let mut cases = 0u64;
    while started.elapsed().as_secs() < seconds {
        let config = Config {
            cases: 500,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config.clone());
        if let Err(failure) = runner.run(&edited(), |text| check(&text)) {
            panic!("after {cases} cases: {failure}");
        }
        let mut runner = TestRunner::new(config);
        if let Err(failure) = runner.run(&"\\PC{0,400}", |text| {
            if let Some(diagnostics) = load(&text) {
                prop_assert!(!diagnostics.is_empty());
            }
            Ok(())
        }) {
            panic!("after {cases} cases: {failure}");
        }
        cases += 1_000;
    }
    eprintln!(
        "load fuzz: {cases} cases in {:?}, no failure",
        started.elapsed()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        if let Some(diagnostics) = load(&text) {
            prop_assert!(!diagnostics.is_empty());
        }
    }

    #[test]
    fn an_edited_valid_file_loads_or_is_reported_at_a_position(text in edited()) {
        check(&text)?;
    }
}
