//! Escaping user data for Markdown, so a name cannot open a link, an
//! emphasis, a table cell or raw HTML in a report.

/// `text` with every Markdown-active character backslash-escaped (those that
/// act only at the start of a line, `-`, `+`, `.`, `!`, never start one
/// here: names go into table cells and after a heading's words) and
/// newlines folded to spaces (a name must stay on its table row).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '|' | '<' | '>'
            | '&' | '~' | '"' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn active_characters_are_escaped() {
        assert_eq!(
            super::escape("a|b <i>[x](y)\n"),
            "a\\|b \\<i\\>\\[x\\]\\(y\\) "
        );
    }
}
