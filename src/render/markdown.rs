//! Escaping user data for Markdown, so a name cannot open a link, an
//! emphasis, a table cell or raw HTML in a report, become a clickable web
//! link by itself (GitHub's autolinks of bare `https://…` and `www.…`), or
//! reorder the text around it.

/// `text` with every Markdown-active character backslash-escaped (those that
/// act only at the start of a line, `-`, `+`, `.`, `!`, never start one
/// here: names go into table cells and after a heading's words), newlines
/// folded to spaces (a name must stay on its table row), and control and
/// invisible format characters (U+202E and the like) shown as `\u{..}`.
///
/// Autolinks are broken by escaping the characters they hinge on: the `:`
/// of `scheme:/`, `mailto:` and `xmpp:`, and the `.` of `www.`; an
/// escaped punctuation character renders as itself, so the reader sees the
/// text unchanged, not as a link. The `@` of a bare mail address
/// (`name@domain`) is escaped too: GitHub would otherwise make it a
/// `mailto:` link, one click from writing to an address a hostile name
/// chose.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut previous: [char; 3] = ['\0'; 3];
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '|' | '<' | '>'
            | '&' | '~' | '"' | '@' => {
                out.push('\\');
                out.push(c);
            }
            ':' if chars.peek() == Some(&'/') || ends_with_scheme(&out) => out.push_str("\\:"),
            '.' if previous.iter().all(|p| p.eq_ignore_ascii_case(&'w')) => out.push_str("\\."),
            '\n' | '\r' | '\t' => out.push(' '),
            c if super::terminal::is_unsafe(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
        previous = [previous[1], previous[2], c];
    }
    out
}

/// Whether `text` ends with a scheme GitHub autolinks without `//`.
fn ends_with_scheme(text: &str) -> bool {
    let tail: String = text
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let tail = tail.to_ascii_lowercase();
    tail.ends_with("mailto") || tail.ends_with("xmpp")
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
        assert_eq!(escape("MailTo:x"), "MailTo\\:x");
        assert_eq!(escape("xmpp:x@y"), "xmpp\\:x\\@y");
        // A colon that opens no link stays readable.
        assert_eq!(escape("deadline: 00:00Z"), "deadline: 00:00Z");
    }

    #[test]
    fn bidirectional_and_invisible_characters_are_shown() {
        assert_eq!(escape("a\u{202E}b\u{2066}c"), "a\\u{202e}b\\u{2066}c");
        assert_eq!(escape("a\u{FEFF}\u{2028}b"), "a\\u{feff}\\u{2028}b");
    }
}
