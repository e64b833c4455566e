//! "Did you mean" for unknown ids: the known ids nearest by edit distance.

/// At most `limit` candidates close enough to `unknown` to be a plausible
/// typo, nearest first (ties broken alphabetically, so the answer is stable).
pub fn nearest<'a>(
    unknown: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let unknown_lower = unknown.to_lowercase();
    let budget = (unknown.chars().count() / 2).max(3);
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            // Cheap length filter first: large models have millions of ids.
            let length_gap = candidate.len().abs_diff(unknown.len());
            if length_gap > budget {
                return None;
            }
            let distance = strsim::levenshtein(&unknown_lower, &candidate.to_lowercase());
            (distance <= budget).then_some((distance, candidate))
        })
        .collect();
    scored.sort_unstable();
    scored.dedup();
    scored.into_iter().take(limit).map(|(_, id)| id).collect()
}

/// How a hint with suggestions starts.
const NEAREST_KNOWN: &str = "; nearest known: ";

/// A phrase to end an "unknown id" message with: `; nearest known: a, b` or
/// `; no known id is close`.
pub fn hint<'a>(unknown: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
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
    fn far_candidates_are_not_suggested() {
        assert!(nearest("zzzzzzzz", ["alice", "bob"], 3).is_empty());
        assert_eq!(hint("zzzzzzzz", ["alice"]), "; no known id is close");
    }
}
