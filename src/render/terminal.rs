//! Making user data safe for a terminal, and deciding on colour.

use std::borrow::Cow;
use std::io::IsTerminal;

/// `text` with control characters (escape sequences, newlines, tabs) shown
/// as `\u{..}` escapes, so a name cannot move the cursor, recolour the
/// terminal or break a table's lines.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            escaped.push_str(&c.escape_unicode().to_string());
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether to colour standard output: only on a terminal, and never when
/// `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
pub fn colour_stdout() -> bool {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
    !no_color && std::io::stdout().is_terminal()
}

/// ANSI styles used by the table renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Bold,
    Red,
    Yellow,
    Green,
    Dim,
}

impl Style {
    fn code(self) -> &'static str {
        match self {
            Style::Plain => "",
            Style::Bold => "\x1b[1m",
            Style::Red => "\x1b[31m",
            Style::Yellow => "\x1b[33m",
            Style::Green => "\x1b[32m",
            Style::Dim => "\x1b[2m",
        }
    }

    /// `text` wrapped in this style's escape codes, when `colour` is on.
    pub fn paint(self, text: &str, colour: bool) -> String {
        if !colour || self == Style::Plain {
            text.to_string()
        } else {
            format!("{}{text}\x1b[0m", self.code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape("plain"), "plain");
        assert_eq!(escape("a\x1b[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(escape("x\u{202E}y"), "x\\u{202e}y");
    }
}
