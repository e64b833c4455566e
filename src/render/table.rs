//! A plain aligned text table for terminals: a header row, then rows, each
//! cell escaped for the terminal and cut to [`MAX_CELL_CHARS`] characters
//! (so one 100,000-character name cannot pad every row of its column to
//! its width), columns padded to the widest cell. JSON and CSV carry every
//! value whole.

use std::fmt::Write as _;

use super::terminal::{Style, escape};

/// The most characters a table cell shows (after escaping); a longer one
/// ends in `…`.
pub const MAX_CELL_CHARS: usize = 200;

/// `text` escaped for the terminal and cut to [`MAX_CELL_CHARS`].
fn cell(text: &str) -> String {
    let escaped = escape(text);
    match escaped.char_indices().nth(MAX_CELL_CHARS - 1) {
        Some((cut, _)) if escaped.chars().count() > MAX_CELL_CHARS => {
            format!("{}…", &escaped[..cut])
        }
        _ => escaped.into_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table being built: columns, then rows of cells with an optional style.
#[derive(Debug, Clone, Default)]
pub struct Table {
    headers: Vec<(String, Align)>,
    rows: Vec<Vec<(String, Style)>>,
}

impl Table {
    /// A table with these column headers; a header starting with `>` is
    /// right-aligned (for numbers), the `>` is not shown.
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers
                .iter()
                .map(|h| match h.strip_prefix('>') {
                    Some(rest) => (rest.to_string(), Align::Right),
                    None => (h.to_string(), Align::Left),
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row of unstyled cells.
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.rows.push(
            cells
                .into_iter()
                .map(|text| (cell(text.as_ref()), Style::Plain))
                .collect(),
        );
    }

    /// Adds a row whose cells carry a style each.
    pub fn styled_row(&mut self, cells: Vec<(String, Style)>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|(text, style)| (cell(&text), style))
                .collect(),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as text; styles are applied only when `colour` is on.
    pub fn render(&self, colour: bool) -> String {
        let columns = self.headers.len();
        let mut widths: Vec<usize> = self
            .headers
            .iter()
            .map(|(h, _)| h.chars().count())
            .collect();
        for row in &self.rows {
            for (i, (cell, _)) in row.iter().enumerate().take(columns) {
                widths[i] = widths[i].max(cell.chars().count());
            }
        }
        let mut out = String::new();
        let header: Vec<(String, Style)> = self
            .headers
            .iter()
            .map(|(h, _)| (h.clone(), Style::Bold))
            .collect();
        for row in std::iter::once(&header).chain(&self.rows) {
            let mut line = String::new();
            for (i, (cell, style)) in row.iter().enumerate().take(columns) {
                let pad = widths[i] - cell.chars().count();
                let last = i + 1 == columns.min(row.len());
                let painted = style.paint(cell, colour);
                match self.headers[i].1 {
                    Align::Right => {
                        let _ = write!(line, "{}{painted}", " ".repeat(pad));
                    }
                    Align::Left if last => line.push_str(&painted),
                    Align::Left => {
                        let _ = write!(line, "{painted}{}", " ".repeat(pad));
                    }
                }
                if !last {
                    line.push_str("  ");
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_aligned_and_numbers_right_aligned() {
        let mut table = Table::new(&["name", ">count"]);
        table.row(["accounts", "9000"]);
        table.row(["groups\n", "12"]);
        assert_eq!(
            table.render(false),
            "name         count\naccounts      9000\ngroups\\u{a}     12\n"
        );
    }

    #[test]
    fn long_cells_are_cut_and_do_not_pad_other_rows() {
        let mut table = Table::new(&["name", ">n"]);
        table.row(["x".repeat(100_000), "1".to_string()]);
        table.row(["short".to_string(), "2".to_string()]);
        let text = table.render(false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1].chars().count(), MAX_CELL_CHARS + 2 + 1);
        assert!(lines[1].starts_with(&"x".repeat(MAX_CELL_CHARS - 1)));
        assert!(lines[1].contains('…'));
        assert!(text.len() < 3 * (MAX_CELL_CHARS + 10) * 2);
    }
}
