//! Text that must fit a width: the terminal's columns, a list cut to "a, b
//! and 17 more", one label cut with `…`, a sentence wrapped at spaces.
//! Widths count characters (`char`s) of text already escaped for the
//! terminal.

/// The columns of the terminal standard output goes to: `COLUMNS` when it
/// is set (as shells export it), else the terminal's own width, else
/// [`DEFAULT_WIDTH`] (output to a file or a pipe). Never below
/// [`MIN_WIDTH`].
pub fn output_width() -> usize {
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|text| text.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0);
    let from_terminal = || {
        terminal_size::terminal_size_of(std::io::stdout())
            .map(|(terminal_size::Width(columns), _)| usize::from(columns))
    };
    from_env
        .or_else(from_terminal)
        .unwrap_or(DEFAULT_WIDTH)
        .max(MIN_WIDTH)
}

/// The width assumed when standard output is not a terminal.
pub const DEFAULT_WIDTH: usize = 120;

/// The narrowest layout: below it, lines may be wider than the terminal.
pub const MIN_WIDTH: usize = 60;

fn width_of(text: &str) -> usize {
    text.chars().count()
}

/// `text` cut to `width` characters, ending in `…` when cut.
pub fn truncate(text: &str, width: usize) -> String {
    if width_of(text) <= width {
        return text.to_string();
    }
    let keep = width.saturating_sub(1);
    let mut cut: String = text.chars().take(keep).collect();
    cut.push('…');
    cut
}

/// `items` joined by ", " in at most `width` characters, then "and N
/// more" for the rest of `total` (which may exceed `items.len()` when the
/// caller passes only the first few). When the whole list does not fit,
/// the most items that fit whole, or that fit cut with `…` to an equal
/// share of the width of [`MIN_ITEM_WIDTH`] characters or more, are shown;
/// the first is always shown.
pub fn list(items: &[String], total: usize, width: usize) -> String {
    let total = total.max(items.len());
    let whole = items.join(", ");
    let more = |shown: usize| {
        if total > shown {
            format!(" and {} more", total - shown)
        } else {
            String::new()
        }
    };
    if width_of(&whole) + width_of(&more(items.len())) <= width {
        return whole + &more(items.len());
    }
    for shown in (1..=items.len()).rev() {
        let tail = more(shown);
        let prefix = items[..shown].join(", ");
        if width_of(&prefix) + width_of(&tail) <= width {
            return prefix + &tail;
        }
        let room = width.saturating_sub(width_of(&tail) + 2 * (shown - 1));
        let share = room / shown;
        if share < MIN_ITEM_WIDTH && shown > 1 {
            continue;
        }
        let cut: Vec<String> = items[..shown]
            .iter()
            .map(|item| truncate(item, share.max(1)))
            .collect();
        return cut.join(", ") + &tail;
    }
    more(0).trim_start().to_string()
}

/// The fewest characters a list item is cut to before it is left out.
pub const MIN_ITEM_WIDTH: usize = 16;

/// `text` broken into lines of at most `width` characters, at spaces where
/// it can be (a word longer than the width is cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_string();
        while width_of(&word) > width {
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
        if line.is_empty() {
            line = word;
        } else if width_of(&line) + 1 + width_of(&word) <= width {
            line.push(' ');
            line.push_str(&word);
        } else {
            lines.push(std::mem::replace(&mut line, word));
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("name{i}")).collect()
    }

    #[test]
    fn a_list_that_fits_is_shown_whole() {
        assert_eq!(list(&names(3), 3, 80), "name0, name1, name2");
    }

    #[test]
    fn a_long_list_ends_with_how_many_more() {
        let text = list(&names(19), 19, 30);
        assert_eq!(text, "name0, name1 and 17 more");
        assert!(text.chars().count() <= 30);
        let long: Vec<String> = (0..3).map(|i| format!("{i}{}", "x".repeat(30))).collect();
        let text = list(&long, 3, 60);
        assert!(text.chars().count() <= 60, "{text}");
        assert!(
            text.starts_with("0xxx") && text.contains(", 1xxx"),
            "{text}"
        );
        assert_eq!(list(&names(2), 40, 80), "name0, name1 and 38 more");
    }

    #[test]
    fn a_first_item_too_wide_is_cut() {
        let text = list(&["x".repeat(100)], 3, 20);
        assert_eq!(text.chars().count(), 20);
        assert!(text.ends_with("… and 2 more"), "{text}");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        for line in wrap(&"word ".repeat(50), 17) {
            assert!(line.chars().count() <= 17);
        }
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
