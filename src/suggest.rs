//! "Did you mean" for unknown ids: the known ids nearest by edit distance.
//!
//! Each search compares the unknown id with every known id of a similar
//! length, so a file with thousands of unknown ids against thousands of
//! known ones would make the work quadratic. The work is bounded per
//! thread (one run loads on one thread, so per run): once
//! [`COMPARISON_BUDGET`] edit distances have been computed, later unknown
//! ids are reported without suggestions, and say so. A search that starts
//! within the budget always finishes, so the suggestions that are shown
//! are exact. The order of problems is the order of the files, so which
//! ones get suggestions does not vary between runs.

use std::cell::Cell;

/// Edit distances one thread computes for suggestions before it stops
/// suggesting: a fraction of a second in a release build, e.g. 50
/// unknown ids against 5,000 known ones of similar length, or every
/// unknown id of a model of a few hundred.
pub const COMPARISON_BUDGET: u64 = 250_000;

thread_local! {
    static COMPARISONS_LEFT: Cell<u64> = const { Cell::new(COMPARISON_BUDGET) };
}

/// At most `limit` candidates close enough to `unknown` to be a plausible
/// typo, nearest first (ties broken alphabetically, so the answer is stable).
pub fn nearest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let unknown_lower = unknown.to_lowercase();
    let budget = (unknown.chars().count() / 2).max(3);
    let mut compared: u64 = 0;
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            // Cheap length filter first: large models have millions of ids.
            let length_gap = candidate.len().abs_diff(unknown.len());
            if length_gap > budget {
                return None;
            }
            compared += 1;
            let distance = strsim::levenshtein(&unknown_lower, &candidate.to_lowercase());
            (distance <= budget).then_some((distance, candidate))
        })
        .collect();
    COMPARISONS_LEFT.with(|left| left.set(left.get().saturating_sub(compared)));
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(limit).map(|(_, id)| id).collect()
}

/// How a hint with suggestions starts.
const NEAREST_KNOWN: &str = "; nearest known: ";

/// A phrase to end an "unknown id" message with: `; nearest known: a, b` or
/// `; no known id is close`.
pub fn hint<'a>(unknown: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    if COMPARISONS_LEFT.with(Cell::get) == 0 {
        return "; nearest known ids not searched (too many unknown ids in this run)".to_string();
    }
    let near = nearest(unknown, candidates, 3);
    if near.is_empty() {
        "; no known id is close".to_string()
    } else {
        let quoted: Vec<String> = near.iter().map(|id| format!("`{id}`")).collect();
        format!("{NEAREST_KNOWN}{}", quoted.join(", "))
    }
}

/// `message` without the known ids a [`hint`] named, for a redacted run:
/// a suggestion would print real ids the output is meant to hide. Cuts at
/// the first `; nearest known: `, so a typed id that holds the phrase only
/// makes the cut earlier, never leaves a suggestion.
pub fn without_suggestions(message: &str) -> String {
    match message.find(NEAREST_KNOWN) {
        Some(at) => format!(
            "{}; nearest known ids are not shown under --redact",
            &message[..at]
        ),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_orders_by_distance_then_name() {
        let ids = ["alice", "alicia", "bob", "alise"];
        assert_eq!(nearest("alcie", ids, 3), vec!["alice", "alicia", "alise"]);
    }

    #[test]
    fn suggestions_can_be_withheld() {
        let message = format!("unknown credential `alcie`{}", hint("alcie", ["alice"]));
        assert_eq!(
            without_suggestions(&message),
            "unknown credential `alcie`; nearest known ids are not shown under --redact"
        );
        assert_eq!(without_suggestions("no hint here"), "no hint here");
    }

    #[test]
    fn suggestions_stop_once_the_budget_is_spent() {
        // On a thread of its own, with its own budget.
        std::thread::spawn(|| {
            let budget = 20_000;
            COMPARISONS_LEFT.with(|left| left.set(budget));
            let known: Vec<String> = (0..1_000).map(|i| format!("user{i:06}")).collect();
            let mut searched = 0;
            for i in 0..1_000 {
                let unknown = format!("usr{i:06}");
                let hint = hint(&unknown, known.iter().map(String::as_str));
                if hint.contains("nearest known: ") {
                    searched += 1;
                } else {
                    assert!(hint.contains("not searched"), "{hint}");
                }
            }
            let per_search = 1_000;
            assert_eq!(searched as u64, budget.div_ceil(per_search));
        })
        .join()
        .unwrap();
    }

    #[test]
    fn far_candidates_are_not_suggested() {
        assert!(nearest("zzzzzzzz", ["alice", "bob"], 3).is_empty());
        assert_eq!(hint("zzzzzzzz", ["alice"]), "; no known id is close");
    }
}
