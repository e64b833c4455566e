//! Finds where a value sits in a RON text, given its path
//! (`grants[5].to`), so that problems found after parsing, such as an
//! unknown id, are reported at their line and column.
//!
//! ron's deserializer does not keep positions for values it accepted, so
//! this scanner walks the text again. It is only run for files that have a
//! problem, and it only understands as much RON as it needs to skip values:
//! comments, strings (plain and raw), brackets and named fields.
//!
//! A file with many problems is walked once: [`Locator`] indexes where each
//! element of each top-level list starts (`grants[5]`), and each problem
//! is then found by scanning its own record only, so 40,000 problems in one
//! file cost one pass over it, not 40,000.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One step of a path into a RON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A named field of a struct: `accounts`, `owner`.
    Field(&'a str),
    /// An element of a list, counted from 0.
    Index(usize),
}

/// The 1-based (line, column) where the value at `path` starts, or `None`
/// when the text has no such value. A path that leads into a value the text
/// leaves out (a defaulted field) resolves to the start of the innermost
/// value that exists.
pub fn locate(text: &str, path: &[Step<'_>]) -> (usize, usize) {
    let mut scanner = Scanner::new(text);
    scanner.skip_trivia();
    scanner.skip_attributes();
    let start = scanner.position();
    scanner.find(path).unwrap_or(start)
}

/// Where a value starts: byte offset, line, column.
#[derive(Debug, Clone, Copy)]
struct Mark {
    offset: usize,
    line: usize,
    column: usize,
}

/// One text, for locating many paths in it: the start of every element of
/// every top-level list is indexed on the first use.
pub struct Locator {
    text: String,
    lists: OnceLock<HashMap<String, Vec<Mark>>>,
}

impl Locator {
    pub fn new(text: String) -> Locator {
        Locator {
            text,
            lists: OnceLock::new(),
        }
    }

    /// Like [`locate`], in time proportional to the record the path leads
    /// into (after one pass over the text for the first path).
    pub fn locate(&self, path: &[Step<'_>]) -> (usize, usize) {
        if let [Step::Field(list), Step::Index(index), rest @ ..] = path {
            let lists = self.lists.get_or_init(|| index_lists(&self.text));
            if let Some(mark) = lists.get(*list).and_then(|marks| marks.get(*index)) {
                let mut scanner = Scanner::new(&self.text);
                (scanner.offset, scanner.line, scanner.column) =
                    (mark.offset, mark.line, mark.column);
                let here = (mark.line, mark.column);
                return scanner.find(rest).unwrap_or(here);
            }
        }
        locate(&self.text, path)
    }
}

impl Locator {
    /// Whether the text has a value at `path` itself (not only one of the
    /// values on the way): whether a record writes a field.
    pub fn contains(&self, path: &[Step<'_>]) -> bool {
        if let [Step::Field(list), Step::Index(index), rest @ ..] = path {
            let lists = self.lists.get_or_init(|| index_lists(&self.text));
            if let Some(mark) = lists.get(*list).and_then(|marks| marks.get(*index)) {
                let mut scanner = Scanner::new(&self.text);
                (scanner.offset, scanner.line, scanner.column) =
                    (mark.offset, mark.line, mark.column);
                return scanner.find_value(rest, true).is_some();
            }
            return false;
        }
        let mut scanner = Scanner::new(&self.text);
        scanner.skip_trivia();
        scanner.skip_attributes();
        scanner.find_value(path, true).is_some()
    }
}

/// The start of every element of every list that is a field of the text's
/// top-level struct, by field name.
fn index_lists(text: &str) -> HashMap<String, Vec<Mark>> {
    let mut lists = HashMap::new();
    let mut scanner = Scanner::new(text);
    scanner.skip_trivia();
    scanner.skip_attributes();
    if matches!(scanner.peek(), Some(b) if b.is_ascii_alphabetic() || b == b'_') {
        scanner.identifier();
        scanner.skip_trivia();
    }
    if scanner.peek() != Some(b'(') {
        return lists;
    }
    scanner.bump();
    loop {
        scanner.skip_trivia();
        let name = scanner.identifier().trim_start_matches("r#").to_string();
        scanner.skip_trivia();
        if name.is_empty() || scanner.peek() != Some(b':') {
            return lists;
        }
        scanner.bump();
        scanner.skip_trivia();
        if scanner.peek() == Some(b'[') {
            scanner.bump();
            let mut marks = Vec::new();
            loop {
                scanner.skip_trivia();
                match scanner.peek() {
                    None => return lists,
                    Some(b']') => {
                        scanner.bump();
                        break;
                    }
                    _ => {}
                }
                marks.push(scanner.mark());
                let before = scanner.offset;
                scanner.skip_value();
                if scanner.peek() == Some(b',') {
                    scanner.bump();
                } else if scanner.offset == before {
                    // A stray closing bracket: the text is not what it
                    // seemed; paths fall back on the full scan.
                    return lists;
                }
            }
            lists.entry(name).or_insert(marks);
        } else {
            scanner.skip_value();
        }
        scanner.skip_trivia();
        if scanner.peek() == Some(b',') {
            scanner.bump();
        } else {
            return lists;
        }
    }
}

struct Scanner<'t> {
    bytes: &'t [u8],
    offset: usize,
    line: usize,
    column: usize,
}

impl<'t> Scanner<'t> {
    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        // A byte order mark is not part of the text a reader sees.
        let offset = if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            3
        } else {
            0
        };
        Scanner {
            bytes,
            offset,
            line: 1,
            column: 1,
        }
    }

    fn position(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    fn mark(&self) -> Mark {
        Mark {
            offset: self.offset,
            line: self.line,
            column: self.column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.offset + ahead).copied()
    }

    fn bump(&mut self) {
        if let Some(byte) = self.peek() {
            self.offset += 1;
            if byte == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if byte & 0xC0 != 0x80 {
                // Count characters, not UTF-8 continuation bytes.
                self.column += 1;
            }
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b' ' | b'\t' | b'\r' | b'\n'), _) => self.bump(),
                (Some(b'/'), Some(b'/')) => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.bump();
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 && self.peek().is_some() {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.bump();
                            }
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.bump();
                            }
                            _ => {}
                        }
                        self.bump();
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips `#![enable(...)]` lines at the top of a file.
    fn skip_attributes(&mut self) {
        while self.peek() == Some(b'#') {
            while !matches!(self.peek(), None | Some(b']')) {
                self.bump();
            }
            self.bump();
            self.skip_trivia();
        }
    }

    fn identifier(&mut self) -> &'t str {
        let start = self.offset;
        if self.peek() == Some(b'r') && self.peek_at(1) == Some(b'#') {
            self.bump();
            self.bump();
        }
        while matches!(self.peek(), Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
        {
            self.bump();
        }
        std::str::from_utf8(&self.bytes[start..self.offset]).unwrap_or("")
    }

    fn skip_string(&mut self) {
        // At `"`, or at `r` of a raw string `r#"..."#`.
        if self.peek() == Some(b'r') {
            self.bump();
            let mut hashes = 0;
            while self.peek() == Some(b'#') {
                hashes += 1;
                self.bump();
            }
            self.bump(); // opening quote
            loop {
                match self.peek() {
                    None => return,
                    Some(b'"') => {
                        self.bump();
                        let mut closing = 0;
                        while closing < hashes && self.peek() == Some(b'#') {
                            closing += 1;
                            self.bump();
                        }
                        if closing == hashes {
                            return;
                        }
                    }
                    Some(_) => self.bump(),
                }
            }
        }
        let quote = self.peek();
        self.bump();
        while let Some(byte) = self.peek() {
            self.bump();
            if byte == b'\\' {
                self.bump();
            } else if Some(byte) == quote {
                return;
            }
        }
    }

    fn at_raw_string(&self) -> bool {
        self.peek() == Some(b'r') && matches!(self.peek_at(1), Some(b'"' | b'#'))
    }

    /// Skips one value, whatever it is, stopping before the `,` or closing
    /// bracket that ends it.
    fn skip_value(&mut self) {
        let mut depth = 0usize;
        loop {
            self.skip_trivia();
            match self.peek() {
                None => return,
                Some(b'"' | b'\'') => self.skip_string(),
                _ if self.at_raw_string() => self.skip_string(),
                Some(b'(' | b'[' | b'{') => {
                    depth += 1;
                    self.bump();
                }
                Some(b')' | b']' | b'}') => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                    self.bump();
                }
                Some(b',') if depth == 0 => return,
                Some(_) => self.bump(),
            }
        }
    }

    /// At the start of a value: the position of the value at `path` inside
    /// it, or of the innermost value on the way that exists.
    fn find(&mut self, path: &[Step<'_>]) -> Option<(usize, usize)> {
        self.find_value(path, false)
    }

    /// At the start of a value: the position of the value at `path` inside
    /// it; with `exact`, `None` when the text has no such value, else the
    /// innermost value on the way that exists.
    fn find_value(&mut self, path: &[Step<'_>], exact: bool) -> Option<(usize, usize)> {
        self.skip_trivia();
        let here = self.position();
        let Some((step, rest)) = path.split_first() else {
            return Some(here);
        };
        let missing = if exact { None } else { Some(here) };
        // An optional struct name or enum variant before the bracket.
        if matches!(self.peek(), Some(b) if b.is_ascii_alphabetic() || b == b'_') {
            self.identifier();
            self.skip_trivia();
        }
        let open = self.peek()?;
        if !matches!(open, b'(' | b'[') {
            return missing;
        }
        self.bump();
        let mut index = 0;
        loop {
            self.skip_trivia();
            match self.peek() {
                None | Some(b')' | b']' | b'}') => return missing,
                _ => {}
            }
            let matched = if open == b'(' {
                // A named field `name: value`, or a tuple element.
                let save = (self.offset, self.line, self.column);
                let name = self.identifier();
                self.skip_trivia();
                if !name.is_empty() && self.peek() == Some(b':') {
                    self.bump();
                    *step == Step::Field(name.trim_start_matches("r#"))
                } else {
                    (self.offset, self.line, self.column) = save;
                    *step == Step::Index(index)
                }
            } else {
                *step == Step::Index(index)
            };
            if matched {
                return self.find_value(rest, exact).or(missing);
            }
            self.skip_value();
            if self.peek() == Some(b',') {
                self.bump();
            }
            index += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"// a comment with "quotes" and (brackets
#![enable(implicit_some)]
(
    accounts: [
        (id: "a", name: "A (x)"),
        /* skipped ] */ (id: "b", name: r#"B "quoted""#),
    ],
    grants: [(to: "b", on: "m", right: Folder(folder: "Inbox", role: Reviewer))],
)
"##;

    #[test]
    fn contains_only_values_the_text_writes() {
        let locator = Locator::new(TEXT.to_string());
        assert!(locator.contains(&[Step::Field("accounts"), Step::Index(1), Step::Field("name")]));
        assert!(!locator.contains(&[Step::Field("accounts"), Step::Index(1), Step::Field("role")]));
        assert!(!locator.contains(&[Step::Field("accounts"), Step::Index(2), Step::Field("id")]));
        assert!(!locator.contains(&[Step::Field("mailboxes"), Step::Index(0)]));
        assert!(locator.contains(&[
            Step::Field("grants"),
            Step::Index(0),
            Step::Field("right"),
            Step::Field("role")
        ]));
    }

    #[test]
    fn finds_fields_and_elements() {
        let at = |path: &[Step]| locate(TEXT, path);
        assert_eq!(at(&[Step::Field("accounts")]), (4, 15));
        assert_eq!(at(&[Step::Field("accounts"), Step::Index(1)]), (6, 25));
        assert_eq!(
            at(&[Step::Field("accounts"), Step::Index(1), Step::Field("name")]),
            (6, 41)
        );
        assert_eq!(
            at(&[Step::Field("grants"), Step::Index(0), Step::Field("on")]),
            (8, 28)
        );
    }

    #[test]
    fn the_index_finds_what_the_full_scan_finds() {
        let locator = Locator::new(TEXT.to_string());
        for path in [
            &[Step::Field("accounts")][..],
            &[Step::Field("accounts"), Step::Index(0)],
            &[Step::Field("accounts"), Step::Index(1), Step::Field("name")],
            &[Step::Field("accounts"), Step::Index(7), Step::Field("name")],
            &[Step::Field("grants"), Step::Index(0), Step::Field("on")],
            &[
                Step::Field("grants"),
                Step::Index(0),
                Step::Field("right"),
                Step::Index(0),
            ],
            &[Step::Field("nothing"), Step::Index(0)],
        ] {
            assert_eq!(locator.locate(path), locate(TEXT, path), "{path:?}");
        }
    }

    #[test]
    fn missing_fields_resolve_to_the_enclosing_value() {
        let at = |path: &[Step]| locate(TEXT, path);
        assert_eq!(
            at(&[
                Step::Field("accounts"),
                Step::Index(0),
                Step::Field("owner")
            ]),
            (5, 9)
        );
    }
}
