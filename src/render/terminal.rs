//! Making user data safe for a terminal, and deciding on colour.

use std::borrow::Cow;
use std::io::IsTerminal;

/// `text` with control characters (escape sequences, newlines, tabs) and
/// invisible formatting characters (bidirectional overrides and marks, line
/// and paragraph separators, zero-width characters, the byte order mark)
/// shown as `\u{..}` escapes, so a name cannot move the cursor, recolour the
/// terminal, write the clipboard (`ESC ]52`), break a table's lines or make
/// text read in another order than it is stored. This is the one escaper
/// for terminals: tables, diagnostics and error messages all go through it.
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

/// `text` escaped line by line: like [`escape`], but its line breaks
/// (`\n`) are kept, for multi-line messages such as a tool's own errors.
pub fn escape_lines(text: &str) -> String {
    text.split('\n').map(escape).collect::<Vec<_>>().join("\n")
}

/// Whether `c` must not reach an output as itself: a control character
/// (C0, DEL, C1) or an invisible format character that changes how text
/// around it is shown (Unicode category Cf and the line/paragraph
/// separators): soft hyphen, Arabic letter mark, Mongolian vowel separator,
/// zero-width space/joiners and left-to-right/right-to-left marks, line and
/// paragraph separators, bidirectional embeddings, overrides and isolates,
/// word joiner and invisible operators, the byte order mark, interlinear
/// annotation marks and tag characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{E0001}'
                | '\u{E0020}'..='\u{E007F}'
        )
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

    #[test]
    fn invisible_format_characters_are_escaped() {
        for (c, shown) in [
            ('\u{061C}', "\\u{61c}"),
            ('\u{2028}', "\\u{2028}"),
            ('\u{2029}', "\\u{2029}"),
            ('\u{FEFF}', "\\u{feff}"),
            ('\u{2060}', "\\u{2060}"),
            ('\u{2067}', "\\u{2067}"),
            ('\u{200D}', "\\u{200d}"),
            ('\u{85}', "\\u{85}"),
            ('\u{E0041}', "\\u{e0041}"),
        ] {
            assert_eq!(escape(&format!("a{c}b")), format!("a{shown}b"));
        }
        // Ordinary letters of any script stay as they are.
        assert_eq!(escape("Zoë Łukasz 山田 مريم"), "Zoë Łukasz 山田 مريم");
    }
}
