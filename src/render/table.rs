//! A plain aligned text table for terminals: a header row, then rows, each
//! cell escaped for the terminal, columns padded to the widest cell.

use std::fmt::Write as _;

use super::terminal::{Style, escape};

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
                .map(|cell| (escape(cell.as_ref()).into_owned(), Style::Plain))
                .collect(),
        );
    }

    /// Adds a row whose cells carry a style each.
    pub fn styled_row(&mut self, cells: Vec<(String, Style)>) {
        self.rows.push(
            cells
                .into_iter()
                .map(|(cell, style)| (escape(&cell).into_owned(), style))
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
}
