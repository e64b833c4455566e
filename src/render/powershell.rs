//! PowerShell text for the commands mailgraph writes out (it never runs
//! them): values as single-quoted strings, so nothing in a name is
//! expanded or run.

use std::fmt::Write as _;

/// `text` as a PowerShell single-quoted string. Every quote character
/// PowerShell accepts as a single quote (`'` and U+2018-U+201B) is
/// doubled; control, invisible and direction-changing characters are
/// spliced in as `[char]0x..` so the command stays one visible line
/// (`('a' + [char]0x1B + 'b')`).
pub fn quote(text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut literal = String::new();
    for c in text.chars() {
        if c.is_control()
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            parts.push(format!("'{literal}'"));
            literal.clear();
            let mut code = String::new();
            let _ = write!(code, "[char]0x{:X}", c as u32);
            parts.push(code);
        } else {
            if matches!(c, '\'' | '\u{2018}'..='\u{201B}') {
                literal.push(c);
            }
            literal.push(c);
        }
    }
    if parts.is_empty() {
        return format!("'{literal}'");
    }
    parts.push(format!("'{literal}'"));
    format!("({})", parts.join(" + "))
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_are_doubled_and_nothing_is_expanded() {
        assert_eq!(quote("s.jones@x"), "'s.jones@x'");
        assert_eq!(quote("o'brien"), "'o''brien'");
        assert_eq!(quote("o\u{2019}brien"), "'o\u{2019}\u{2019}brien'");
        assert_eq!(quote("$(rm -r /)`n"), "'$(rm -r /)`n'");
    }

    #[test]
    fn control_characters_are_spliced_in() {
        assert_eq!(quote("a\u{1b}[31mb"), "('a' + [char]0x1B + '[31mb')");
        assert_eq!(quote("x\u{202e}"), "('x' + [char]0x202E + '')");
    }
}
