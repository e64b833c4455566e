//! Escaping user data for Markdown, so a name cannot open a link, an
//! emphasis, a table cell or raw HTML in a report, become a clickable link
//! by itself (GitHub's autolinks of bare `https://…`, `www.…` and
//! `name@domain` addresses), or reorder the text around it.

/// `text` with every Markdown-active character backslash-escaped (those that
/// act only at the start of a line, `-`, `+`, `.`, `!`, never start one
/// here: names go into table cells and after a heading's words), newlines
/// folded to spaces (a name must stay on its table row), and control and
/// invisible format characters (U+202E and the like) shown as `\u{..}`.
///
/// Autolinks are broken by escaping the characters they hinge on: every
/// `:` (so no `scheme://` or `mailto:`), every `@` (so no bare e-mail
/// address) and the `.` of `www.`; an escaped punctuation character renders
/// as itself, so the reader sees the text unchanged, not as a link.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: [char; 3] = ['\0'; 3];
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '|' | '<' | '>'
            | '&' | '~' | '"' | ':' | '@' => {
                out.push('\\');
                out.push(c);
            }
            '.' if previous.iter().all(|p| p.eq_ignore_ascii_case(&'w')) => out.push_str("\\."),
            '\n' | '\r' | '\t' => out.push(' '),
            c if super::terminal::is_unsafe(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
        previous = [previous[1], previous[2], c];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn active_characters_are_escaped() {
        assert_eq!(escape("a|b <i>[x](y)\n"), "a\\|b \\<i\\>\\[x\\]\\(y\\) ");
    }

    #[test]
    fn bare_urls_and_addresses_do_not_autolink() {
        assert_eq!(
            escape("see https://evil.example/x"),
            "see https\\://evil.example/x"
        );
        assert_eq!(escape("WWW.evil.example"), "WWW\\.evil.example");
        assert_eq!(escape("alice@example.com"), "alice\\@example.com");
        assert_eq!(escape("mailto:x"), "mailto\\:x");
    }

    #[test]
    fn bidirectional_and_invisible_characters_are_shown() {
        assert_eq!(escape("a\u{202E}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        assert_eq!(escape("a\u{FEFF}\u{2028}b"), "a\\u{feff}\\u{2028}b");
    }
}
