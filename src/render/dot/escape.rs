//! Making user data safe inside a quoted DOT string.
//!
//! dot-writer writes attribute values verbatim between quotes, so every
//! label must be escaped before it is handed over: a quote would end the
//! string, a backslash would start one of Graphviz's escapes (`\N`, `\G`,
//! `\l`), a raw newline would continue the line, and an ampersand would
//! start an HTML entity, which Graphviz decodes even in plain labels. Node ids are never
//! names (they are `n0`, `n1`, ...), so only labels need this.

/// `text` escaped for a double-quoted DOT string, newlines kept as line
/// breaks (`\n`) so a multi-line name still reads as written.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            // Graphviz decodes HTML entities (`&amp;`, `&#60;`) even in
            // plain labels: a literal ampersand must be an entity itself.
            '&' => out.push_str("&amp;"),
            '\r' => {}
            // Other control characters have no business in a label and
            // Graphviz may reject them: show them as escapes.
            c if c.is_control() => {
                out.push_str(&c.escape_unicode().to_string().replace('\\', "\\\\"))
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn quotes_backslashes_and_newlines_are_escaped() {
        assert_eq!(quoted(r#"a "b" \N c"#), r#"a \"b\" \\N c"#);
        assert_eq!(quoted("two\r\nlines"), "two\\nlines");
        assert_eq!(quoted("<&amp;>{}é"), "<&amp;amp;>{}é");
        assert_eq!(quoted("bell\u{7}"), "bell\\\\u{7}");
    }
}
