//! Whatever a file holds, loading it ends in a model or in located
//! diagnostics, never in a panic: random text, and valid files with a
//! character deleted, replaced or inserted (near-valid input exercises the
//! error locator the most).

use proptest::prelude::*;

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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        if let Some(diagnostics) = load(&text) {
            prop_assert!(!diagnostics.is_empty());
        }
    }

    #[test]
    fn an_edited_valid_file_loads_or_is_reported_at_a_position(
        at in 0..VALID.len(),
        edit in 0..3u8,
        c in prop::sample::select(vec!['"', '(', ')', '[', ']', ',', ':', 'x', '1', ' ', '\n', '\\', 'é']),
    ) {
        let mut text = VALID.to_string();
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        match edit {
            0 => { if at < text.len() { text.remove(at); } }
            1 => { if at < text.len() { text.remove(at); } text.insert(at, c); }
            _ => text.insert(at, c),
        }
        if let Some(diagnostics) = load(&text) {
            prop_assert!(!diagnostics.is_empty());
            for diagnostic in &diagnostics {
                prop_assert!(is_located(diagnostic), "{}", diagnostic);
            }
        }
    }
}
