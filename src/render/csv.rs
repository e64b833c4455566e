//! CSV for spreadsheets: quoting by the `csv` crate, and cells that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a
//! tab or a carriage return) prefixed with `'`, so a hostile display name
//! cannot become a formula in the reader's spreadsheet. Control and
//! invisible format characters are shown as `\u{..}` escapes, the way a
//! terminal shows them (`render::terminal::escape`): a CSV is read with
//! `cat` and `less` as often as in a spreadsheet, and a name must not carry
//! an escape sequence, a line break or a bidirectional override there.

use std::borrow::Cow;

/// Rows of cells, rendered as one CSV text.
pub struct Csv {
    writer: csv::Writer<Vec<u8>>,
}

impl Csv {
    pub fn new(headers: &[&str]) -> Csv {
        let mut csv = Csv {
            writer: csv::Writer::from_writer(Vec::new()),
        };
        csv.row(headers.iter().copied());
        csv
    }

    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| defuse(&super::terminal::escape(cell.as_ref())).into_owned())
            .collect();
        // Writing into memory cannot fail.
        let _ = self.writer.write_record(&cells);
    }

    pub fn finish(self) -> String {
        let bytes = self.writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

/// `cell`, made inert if a spreadsheet would evaluate it. (A cell from
/// [`Csv::row`] has had its tabs and carriage returns escaped already; they
/// stay here for callers that defuse without escaping.)
pub fn defuse(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_quotes_doubled() {
        let mut csv = Csv::new(&["a", "b"]);
        csv.row(["=HYPERLINK(\"x\")", "plain, with comma"]);
        assert_eq!(
            csv.finish(),
            "a,b\n\"'=HYPERLINK(\"\"x\"\")\",\"plain, with comma\"\n"
        );
    }

    #[test]
    fn control_and_format_characters_are_escaped() {
        let mut csv = Csv::new(&["a", "b"]);
        csv.row(["x\x1b]52;c;eA==\x07y", "l1\nl2\u{202E}"]);
        let text = csv.finish();
        assert_eq!(text, "a,b\nx\\u{1b}]52;c;eA==\\u{7}y,l1\\u{a}l2\\u{202e}\n");
        assert!(!text.trim_end().chars().any(|c| c.is_control() && c != '\n'));
    }
}
