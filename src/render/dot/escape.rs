//! Making user data safe inside a quoted DOT string.
//!
//! dot-writer writes attribute values verbatim between quotes, so every
//! label must be escaped before it is handed over: a quote would end the
//! string, a backslash would start one of Graphviz's escapes (`\N`, `\G`,
//! `\l`), a raw newline would continue the line, and an ampersand would
//! start an HTML entity, which Graphviz decodes even in plain labels. Node ids are never
//! names (they are `n0`, `n1`, ...), so only labels need this.

/// Characters kept of one line of a label; the rest is cut with `…`.
const LINE_CHARS: usize = 200;
/// Bytes written of a whole label at most: Graphviz (2.43) rejects a
/// quoted string over 16 KB, and a diagram cannot show more anyway.
const LABEL_BYTES: usize = 8 * 1024;

/// `text` escaped for a double-quoted DOT string, newlines kept as line
/// breaks (`\n`) so a multi-line name still reads as written. Long lines
/// (over 200 characters) and long labels (over 8 KB escaped) are cut with
/// `…`, so a hostile or careless name cannot make Graphviz reject the file.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(LABEL_BYTES) + 2);
    let mut line = 0;
    for c in text.chars() {
        if out.len() >= LABEL_BYTES {
            out.push('…');
            break;
        }
        if c == '\n' {
            line = 0;
        } else {
            line += 1;
            if line == LINE_CHARS + 1 {
                out.push('…');
            }
            if line > LINE_CHARS {
                continue;
            }
        }
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            // Graphviz decodes HTML entities (`&amp;`, `&#60;`) even in
            // plain labels: a literal ampersand must be an entity itself.
            '&' => out.push_str("&amp;"),
            '\r' => {}
            // Other control characters have no business in a label and
            // Graphviz may reject them; invisible and direction-changing
            // characters (U+202E, U+200B, ...) would make the drawn name
            // read differently from the real one, in the SVG and the
            // image alike: show them all as escapes, as the terminal does.
            c if crate::render::terminal::is_unsafe(c) => {
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

    #[test]
    fn invisible_and_direction_changing_characters_are_shown_as_escapes() {
        assert_eq!(quoted("evil\u{202E}gpj.exe"), "evil\\\\u{202e}gpj.exe");
        assert_eq!(quoted("a\u{200B}b\u{2066}c"), "a\\\\u{200b}b\\\\u{2066}c");
        assert_eq!(quoted("\u{FEFF}x"), "\\\\u{feff}x");
    }

    #[test]
    fn long_lines_and_labels_are_cut() {
        let line = quoted(&"x".repeat(20_000));
        assert_eq!(line.chars().count(), 201);
        assert!(line.ends_with('…'));
        let many = quoted(&"y\n".repeat(20_000));
        assert!(many.len() < 8 * 1024 + 8, "{} bytes", many.len());
        assert!(many.ends_with('…'));
        assert_eq!(quoted("short\nlines"), "short\\nlines");
    }
}
