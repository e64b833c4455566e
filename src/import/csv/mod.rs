//! Reading the CSV files PowerShell writes, a row at a time.
//!
//! What is read (docs/import.md): UTF-8 with or without a byte-order mark,
//! UTF-16 LE or BE with one ([`text`]); an optional `#TYPE ...` first line;
//! a header row; fields separated by `,`, `;` or tab, chosen from the header
//! ([`records`]); CRLF, LF or CR line breaks. Cells longer than
//! [`MAX_CELL`] and files larger than [`MAX_FILE`] are refused.
//!
//! A [`Table`] hands out [`Row`]s one by one, so an import holds only what
//! it keeps of a file, never the file. Every row remembers where each of its
//! fields starts, so that any cell, a missing column, a row with too many or
//! too few fields, a quote never closed or text in the wrong encoding
//! becomes a [`Diagnostic`] at its file, line and column.

mod records;
mod text;

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::render::terminal::escape;

pub use records::MAX_CELL;
use records::{Position, Records};
use text::Text;

/// The largest export read, in bytes.
pub const MAX_FILE: u64 = 8 << 30;

/// The most columns a header may have.
pub const MAX_COLUMNS: usize = 4096;

/// The path that names standard input: `--mailboxes -` reads the export
/// from it (one export per run can).
pub const STDIN: &str = "-";

/// A reader that fails once more than `left` bytes were read, so standard
/// input is held to the size a file may be.
struct Limited<R> {
    inner: R,
    left: u64,
}

impl<R: std::io::Read> std::io::Read for Limited<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buffer)?;
        match self.left.checked_sub(read as u64) {
            Some(left) => {
                self.left = left;
                Ok(read)
            }
            None => Err(std::io::Error::other(format!(
                "more than the {} GiB an export may be (docs/import.md)",
                MAX_FILE >> 30
            ))),
        }
    }
}

/// One CSV export, open for reading its rows.
pub struct Table {
    header: Header,
    records: Records,
    /// A problem that ended the reading (no rows follow it).
    done: bool,
}

/// What a table says about itself: its file and its columns. Cloned into
/// the code that reads a table's rows, which reports problems through it.
#[derive(Debug, Clone)]
pub struct Header {
    /// The path as the user gave it, for diagnostics.
    path: PathBuf,
    /// The file's name alone, for the `source` of imported records (so the
    /// output does not depend on where the exports were kept).
    name: String,
    names: Vec<String>,
    /// Where each header cell starts; empty for an empty file.
    starts: Vec<Position>,
}

/// One record of a [`Table`], with the fields PowerShell wrote.
#[derive(Debug)]
pub struct Row {
    /// 1-based line the record starts on.
    pub line: usize,
    fields: Vec<String>,
    starts: Vec<Position>,
}

/// A column of a [`Table`], found by header name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column(usize);

impl Table {
    /// Opens `path` and reads its header; [`STDIN`] reads standard input.
    pub fn open(path: &Path) -> Result<Table, Diagnostic> {
        if path == Path::new(STDIN) {
            let limited = Limited {
                inner: std::io::stdin(),
                left: MAX_FILE,
            };
            return Table::from_reader(
                path,
                Box::new(std::io::BufReader::with_capacity(1 << 16, limited)),
            );
        }
        let file = std::fs::File::open(path).map_err(|error| {
            Diagnostic::in_file(path, format!("cannot read: {}", describe_io(&error)))
        })?;
        let metadata = file.metadata().map_err(|error| {
            Diagnostic::in_file(path, format!("cannot read: {}", describe_io(&error)))
        })?;
        if !metadata.is_file() {
            return Err(Diagnostic::in_file(path, "not a regular file"));
        }
        if metadata.len() > MAX_FILE {
            return Err(Diagnostic::in_file(
                path,
                format!(
                    "{} bytes: larger than the {} GiB an export may be (docs/import.md)",
                    metadata.len(),
                    MAX_FILE >> 30
                ),
            ));
        }
        Table::from_reader(
            path,
            Box::new(std::io::BufReader::with_capacity(1 << 16, file)),
        )
    }

    /// Reads a table from `source`, named `path` in messages.
    pub fn from_reader(path: &Path, source: Box<dyn std::io::Read>) -> Result<Table, Diagnostic> {
        let name = if path == Path::new(STDIN) {
            "stdin".to_string()
        } else {
            path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            )
        };
        let mut header = Header {
            path: path.to_path_buf(),
            name,
            names: Vec::new(),
            starts: Vec::new(),
        };
        let mut records = Records::new(Text::new(source));
        let split = |header: &Header, error: records::SplitError| {
            header.diagnostic_at(error.position(), error.describe())
        };
        records.start().map_err(|error| split(&header, error))?;
        if let Some(record) = records
            .next_record()
            .map_err(|error| split(&header, error))?
        {
            if record.count > MAX_COLUMNS {
                return Err(header.diagnostic_at(
                    record.starts[0],
                    format!(
                        "a header of {} columns: more than the {MAX_COLUMNS} read",
                        record.count
                    ),
                ));
            }
            header.names = record.fields;
            header.starts = record.starts;
            // One more than the header, to locate the first field too many.
            records.limit_fields(header.names.len() + 1);
        }
        Ok(Table {
            header,
            records,
            done: false,
        })
    }

    /// The table's header, to find columns and report problems with.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The encoding the file was read in (`UTF-8`, `UTF-16LE`, `UTF-16BE`).
    pub fn encoding(&self) -> &'static str {
        self.records.encoding()
    }

    /// Whether reading has ended: the last row was read, or a problem (one
    /// [`Table::next_row`] returned) ended it.
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// The next row. A row with too many or too few fields is an error and
    /// reading goes on; text that cannot be read (a quote never closed, bad
    /// encoding, a huge cell) is an error that ends the table.
    pub fn next_row(&mut self) -> Option<Result<Row, Diagnostic>> {
        if self.done || self.header.is_empty() {
            return None;
        }
        let record = match self.records.next_record() {
            Ok(Some(record)) => record,
            Ok(None) => {
                self.done = true;
                return None;
            }
            Err(error) => {
                self.done = true;
                return Some(Err(self
                    .header
                    .diagnostic_at(error.position(), error.describe())));
            }
        };
        let expected = self.header.names.len();
        let found = record.count;
        if found > expected {
            let delimiter = self.records.delimiter();
            return Some(Err(self.header.diagnostic_at(
                record.starts[expected],
                format!(
                    "{found} fields where the header has {expected}: this field has no column (an unquoted {delimiter}?)"
                ),
            )));
        }
        if found < expected {
            return Some(Err(self.header.diagnostic_at(
                record.end,
                format!(
                    "{found} fields where the header has {expected}: `{}` and after are missing",
                    self.header.names[found]
                ),
            )));
        }
        Some(Ok(Row {
            line: record.starts[0].line,
            fields: record.fields,
            starts: record.starts,
        }))
    }
}

impl Header {
    /// The file's name, as used in `source` fields.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The path as given, for messages.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file holds no header at all (PowerShell writes an empty
    /// file when the command returned nothing).
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The file stem, for exports that name their subject only in the file
    /// name (one `Get-DistributionGroupMember` export per group).
    pub fn stem(&self) -> String {
        self.path
            .file_stem()
            .map_or_else(|| self.name.clone(), |s| s.to_string_lossy().into_owned())
    }

    /// The first column whose header is one of `names`, compared without
    /// case, spaces, underscores or hyphens (`User principal name` is
    /// `UserPrincipalName`).
    pub fn column(&self, names: &[&str]) -> Option<Column> {
        names.iter().find_map(|name| {
            let wanted = normalise_header(name);
            self.names
                .iter()
                .position(|header| normalise_header(header) == wanted)
                .map(Column)
        })
    }

    /// The column named `names[0]` (or one of its other names), or a
    /// diagnostic at the header saying which columns the file has.
    pub fn require(&self, names: &[&str]) -> Result<Column, Diagnostic> {
        self.column(names)
            .ok_or_else(|| self.missing_column(&format!("`{}`", names[0])))
    }

    /// A diagnostic at the header: `what` is missing.
    pub fn missing_column(&self, what: &str) -> Diagnostic {
        let found = if self.names.is_empty() {
            "none".to_string()
        } else {
            self.names.join(", ")
        };
        self.diagnostic_at(
            self.starts
                .first()
                .copied()
                .unwrap_or(Position { line: 1, column: 1 }),
            format!("missing column {what} (columns here: {found})"),
        )
    }

    /// The header of a column, as the file writes it.
    pub fn title(&self, column: Column) -> &str {
        &self.names[column.0]
    }

    /// The trimmed text of a cell.
    pub fn cell<'r>(&self, row: &'r Row, column: Column) -> &'r str {
        row.fields[column.0].trim()
    }

    /// The trimmed text of a cell of an optional column ("" without one).
    pub fn optional<'r>(&self, row: &'r Row, column: Option<Column>) -> &'r str {
        column.map_or("", |column| self.cell(row, column))
    }

    /// The text of a cell that must not be empty.
    pub fn nonempty<'r>(&self, row: &'r Row, column: Column) -> Result<&'r str, Diagnostic> {
        let text = self.cell(row, column);
        if text.is_empty() {
            Err(self.problem(
                row,
                column,
                format!("empty `{}`: every row needs one", self.names[column.0]),
            ))
        } else {
            Ok(text)
        }
    }

    /// A PowerShell boolean (`True`, `False`, any case); an empty cell or no
    /// column at all is `None`.
    pub fn boolean(&self, row: &Row, column: Option<Column>) -> Result<Option<bool>, Diagnostic> {
        let Some(column) = column else {
            return Ok(None);
        };
        let text = self.cell(row, column);
        match text.to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" => Ok(Some(true)),
            "false" => Ok(Some(false)),
            _ => Err(self.problem(
                row,
                column,
                format!(
                    "`{}` is `{text}`, expected True or False",
                    self.names[column.0]
                ),
            )),
        }
    }

    /// A diagnostic about one cell.
    pub fn problem(&self, row: &Row, column: Column, message: impl Into<String>) -> Diagnostic {
        self.diagnostic_at(row.starts[column.0], message)
    }

    /// Where a record came from, as `file.csv:LINE`.
    pub fn source(&self, row: &Row) -> String {
        format!("{}:{}", self.name, row.line)
    }

    /// A diagnostic at a position. The message quotes cells, so it is
    /// escaped: an export's text must not drive the terminal.
    fn diagnostic_at(&self, position: Position, message: impl Into<String>) -> Diagnostic {
        let message = message.into();
        Diagnostic::at(
            Location {
                file: self.path.clone(),
                line: position.line,
                column: position.column,
            },
            escape(&message),
        )
    }
}

fn normalise_header(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn describe_io(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every row of `bytes`, or every problem.
    fn parse(bytes: &[u8]) -> Result<(Header, Vec<Row>), Vec<Diagnostic>> {
        let mut table = Table::from_reader(
            Path::new("x.csv"),
            Box::new(std::io::Cursor::new(bytes.to_vec())),
        )
        .map_err(|d| vec![d])?;
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        while let Some(row) = table.next_row() {
            match row {
                Ok(row) => rows.push(row),
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok((table.header().clone(), rows))
        } else {
            Err(problems)
        }
    }

    #[test]
    fn bom_and_type_line_are_skipped_and_lines_still_count() {
        let (header, rows) =
            parse("\u{feff}#TYPE Deserialized.Foo\n\"A\",\"B\"\n\"1\",\"2\"\n".as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 3);
        let a = header.require(&["a"]).unwrap();
        assert_eq!(header.cell(&rows[0], a), "1");
    }

    #[test]
    fn quoted_commas_quotes_and_line_breaks_are_data() {
        let (header, rows) =
            parse(b"\"Name\",\"X\"\n\"Smith, \"\"Jo\"\"\nJr\",\"y\"\n\"Z\",\"w\"\n").unwrap();
        let name = header.require(&["Name"]).unwrap();
        assert_eq!(header.cell(&rows[0], name), "Smith, \"Jo\"\nJr");
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn ragged_rows_are_located_at_the_first_wrong_field_with_crlf_too() {
        for text in [
            &b"\"A\",\"B\"\n\"1\",\"2\",\"3\"\n\"4\"\n"[..],
            b"\"A\",\"B\"\r\n\"1\",\"2\",\"3\"\r\n\"4\"\r\n",
        ] {
            let errors = parse(text).unwrap_err();
            let places: Vec<_> = errors.iter().map(|d| d.position.unwrap()).collect();
            assert_eq!(places, vec![(2, 9), (3, 4)]);
        }
    }

    #[test]
    fn a_stray_quote_is_one_field_not_a_panic() {
        let errors = parse(b"A,B,C\r\nx\"y,z,w,v\r\n").unwrap_err();
        assert_eq!(errors[0].position, Some((2, 9)));
        let (header, rows) = parse(b"A,B,C\r\nx\"y,z,w\r\n").unwrap();
        assert_eq!(header.cell(&rows[0], Column(0)), "x\"y");
    }

    #[test]
    fn booleans_are_strict_and_located() {
        let (header, rows) = parse(b"\"A\",\"Flag\"\r\n\"1\",\"yes\"\r\n").unwrap();
        let flag = header.column(&["flag"]);
        let error = header.boolean(&rows[0], flag).unwrap_err();
        assert_eq!(error.position, Some((2, 5)));
        assert!(error.message.contains("expected True or False"));
    }

    #[test]
    fn cell_text_in_messages_cannot_drive_the_terminal() {
        let (header, rows) = parse("\"Flag\"\n\"\u{1b}[31mred\"\n".as_bytes()).unwrap();
        let error = header
            .boolean(&rows[0], header.column(&["Flag"]))
            .unwrap_err();
        assert!(!error.message.contains('\u{1b}'), "{}", error.message);
        assert!(
            error.message.contains("\\u{1b}[31mred"),
            "{}",
            error.message
        );
    }

    #[test]
    fn headers_match_without_case_or_spaces() {
        let (header, _) = parse(b"\"User principal name\"\n\"a\"\n").unwrap();
        assert!(header.column(&["UserPrincipalName"]).is_some());
        let error = header.require(&["Alias"]).unwrap_err();
        assert_eq!(error.position, Some((1, 1)));
    }

    #[test]
    fn the_header_is_blamed_at_its_own_line() {
        let (header, _) = parse(b"#TYPE X\r\n\"A\"\r\n\"1\"\r\n").unwrap();
        assert_eq!(header.require(&["B"]).unwrap_err().position, Some((2, 1)));
    }

    #[test]
    fn an_empty_file_is_an_empty_table() {
        assert!(parse(b"").unwrap().0.is_empty());
        assert!(parse(b"\xef\xbb\xbf").unwrap().0.is_empty());
    }
}
