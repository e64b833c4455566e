//! Reading the CSV files PowerShell's `Export-Csv` writes: UTF-8 with or
//! without a byte-order mark, an optional `#TYPE ...` first line (Windows
//! PowerShell 5.1 writes one unless told `-NoTypeInformation`), a header row,
//! then one record per object, every field quoted.
//!
//! A [`Table`] keeps the text it was read from, so that any cell can be
//! reported at its line and column: a missing column, a ragged row, a bad
//! boolean or an empty required cell each become a located
//! [`Diagnostic`].

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Location};
use crate::render::terminal::escape;

/// One CSV export, read whole.
#[derive(Debug)]
pub struct Table {
    /// The path as the user gave it, for diagnostics.
    path: PathBuf,
    /// The file's name alone, for the `source` of imported records (so the
    /// output does not depend on where the exports were kept).
    name: String,
    text: String,
    lines: LineIndex,
    headers: Vec<String>,
    /// Byte offset of the header record, `None` for an empty file.
    header_start: Option<usize>,
    pub rows: Vec<Row>,
}

/// One record of a [`Table`], with the fields PowerShell wrote.
#[derive(Debug)]
pub struct Row {
    /// 1-based line the record starts on.
    pub line: usize,
    /// Byte offset of the record in the table's text.
    start: usize,
    fields: Vec<String>,
}

/// A column of a [`Table`], found by header name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column(usize);

impl Table {
    /// Reads and splits `path`. Ragged rows are reported (every one of them)
    /// rather than read.
    pub fn read(path: &Path) -> Result<Table, Vec<Diagnostic>> {
        let bytes = std::fs::read(path).map_err(|error| {
            vec![Diagnostic::in_file(
                path,
                format!("cannot read: {}", describe_io(&error)),
            )]
        })?;
        Table::parse(path, bytes)
    }

    /// Splits the bytes of a file read from `path`.
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Table, Vec<Diagnostic>> {
        let text = String::from_utf8(bytes).map_err(|error| {
            let valid = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(&error.as_bytes()[..valid]).into_owned();
            let (line, column) = LineIndex::new(&text, 0).position(&text, valid);
            vec![Diagnostic::at(
                Location {
                    file: path.to_path_buf(),
                    line,
                    column,
                },
                "not UTF-8 text: export with `Export-Csv -Encoding UTF8`",
            )]
        })?;
        let bom = if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        };
        let lines = LineIndex::new(&text, bom);
        let mut table = Table {
            path: path.to_path_buf(),
            name: path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into(),
            ),
            text,
            lines,
            headers: Vec::new(),
            header_start: None,
            rows: Vec::new(),
        };
        let mut start = bom;
        if table.text[start..].starts_with("#TYPE") {
            start = table.text[start..]
                .find('\n')
                .map_or(table.text.len(), |end| start + end + 1);
        }
        let mut diagnostics = Vec::new();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&table.text.as_bytes()[start..]);
        let mut record = csv::StringRecord::new();
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    let offset = start + record.position().map_or(0, |p| p.byte() as usize);
                    let fields: Vec<String> = record.iter().map(str::to_string).collect();
                    if table.header_start.is_none() {
                        table.header_start = Some(offset);
                        table.headers = fields;
                        continue;
                    }
                    let row = Row {
                        line: table.lines.position(&table.text, offset).0,
                        start: offset,
                        fields,
                    };
                    if row.fields.len() != table.headers.len() {
                        diagnostics.push(table.ragged(&row));
                    } else {
                        table.rows.push(row);
                    }
                }
                Err(error) => {
                    let offset = start + error.position().map_or(0, |p| p.byte() as usize);
                    diagnostics
                        .push(table.diagnostic_at(offset, format!("unreadable CSV: {error}")));
                    break;
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(table)
        } else {
            Err(diagnostics)
        }
    }

    fn ragged(&self, row: &Row) -> Diagnostic {
        let expected = self.headers.len();
        let found = row.fields.len();
        let (starts, end) = field_offsets(&self.text, row.start);
        let (offset, message) = if found > expected {
            (
                starts[expected],
                format!(
                    "{found} fields where the header has {expected}: this field has no column (an unquoted comma?)"
                ),
            )
        } else {
            (
                end,
                format!(
                    "{found} fields where the header has {expected}: `{}` and after are missing",
                    self.headers[found]
                ),
            )
        };
        self.diagnostic_at(offset, message)
    }

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
        self.header_start.is_none()
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
            self.headers
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
        let found = if self.headers.is_empty() {
            "none".to_string()
        } else {
            self.headers.join(", ")
        };
        self.diagnostic_at(
            self.header_start.unwrap_or(0),
            format!("missing column {what} (columns here: {found})"),
        )
    }

    /// The header of a column, as the file writes it.
    pub fn header(&self, column: Column) -> &str {
        &self.headers[column.0]
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
                format!("empty `{}`: every row needs one", self.headers[column.0]),
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
                    self.headers[column.0]
                ),
            )),
        }
    }

    /// A diagnostic about one cell.
    pub fn problem(&self, row: &Row, column: Column, message: impl Into<String>) -> Diagnostic {
        let (starts, _) = field_offsets(&self.text, row.start);
        let offset = starts.get(column.0).copied().unwrap_or(row.start);
        self.diagnostic_at(offset, message)
    }

    /// Where a record came from, as `file.csv:LINE`.
    pub fn source(&self, row: &Row) -> String {
        format!("{}:{}", self.name, row.line)
    }

    /// A diagnostic at a byte offset. The message quotes cells, so it is
    /// escaped: an export's text must not drive the terminal.
    fn diagnostic_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let message = message.into();
        Diagnostic::at(self.location_of(offset), escape(&message))
    }

    fn location_of(&self, offset: usize) -> Location {
        let (line, column) = self.lines.position(&self.text, offset);
        Location {
            file: self.path.clone(),
            line,
            column,
        }
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

/// The byte offsets where each field of the record at `start` begins, and
/// where the record ends (its line break, or the end of the text). Quotes
/// are followed so that commas and line breaks inside them are data.
fn field_offsets(text: &str, start: usize) -> (Vec<usize>, usize) {
    let mut starts = vec![start];
    let mut quoted = false;
    for (i, c) in text[start..].char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => starts.push(start + i + 1),
            '\n' | '\r' if !quoted => return (starts, start + i),
            _ => {}
        }
    }
    (starts, text.len())
}

/// Where each line starts, to turn byte offsets into lines and columns.
#[derive(Debug)]
struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// `first` is where line 1 starts (after a byte-order mark, which no
    /// editor counts as a column).
    fn new(text: &str, first: usize) -> LineIndex {
        let mut starts = vec![first];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let line_start = self.starts[line - 1].min(offset);
        let column = text
            .get(line_start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Table, Vec<Diagnostic>> {
        Table::parse(Path::new("x.csv"), text.as_bytes().to_vec())
    }

    #[test]
    fn bom_and_type_line_are_skipped_and_lines_still_count() {
        let table = parse("\u{feff}#TYPE Deserialized.Foo\n\"A\",\"B\"\n\"1\",\"2\"\n").unwrap();
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0].line, 3);
        let a = table.require(&["a"]).unwrap();
        assert_eq!(table.cell(&table.rows[0], a), "1");
    }

    #[test]
    fn quoted_commas_quotes_and_line_breaks_are_data() {
        let table =
            parse("\"Name\",\"X\"\n\"Smith, \"\"Jo\"\"\nJr\",\"y\"\n\"Z\",\"w\"\n").unwrap();
        let name = table.require(&["Name"]).unwrap();
        assert_eq!(table.cell(&table.rows[0], name), "Smith, \"Jo\"\nJr");
        assert_eq!(table.rows[1].line, 4);
    }

    #[test]
    fn ragged_rows_are_located_at_the_first_wrong_field() {
        let errors = parse("\"A\",\"B\"\n\"1\",\"2\",\"3\"\n\"4\"\n").unwrap_err();
        let places: Vec<_> = errors.iter().map(|d| d.position.unwrap()).collect();
        assert_eq!(places, vec![(2, 9), (3, 4)]);
    }

    #[test]
    fn booleans_are_strict_and_located() {
        let table = parse("\"A\",\"Flag\"\n\"1\",\"yes\"\n").unwrap();
        let flag = table.column(&["flag"]);
        let error = table.boolean(&table.rows[0], flag).unwrap_err();
        assert_eq!(error.position, Some((2, 5)));
        assert!(error.message.contains("expected True or False"));
    }

    #[test]
    fn cell_text_in_messages_cannot_drive_the_terminal() {
        let table = parse("\"Flag\"\n\"\u{1b}[31mred\"\n").unwrap();
        let error = table
            .boolean(&table.rows[0], table.column(&["Flag"]))
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
        let table = parse("\"User principal name\"\n\"a\"\n").unwrap();
        assert!(table.column(&["UserPrincipalName"]).is_some());
        let error = table.require(&["Alias"]).unwrap_err();
        assert_eq!(error.position, Some((1, 1)));
    }

    #[test]
    fn an_empty_file_is_an_empty_table() {
        assert!(parse("").unwrap().is_empty());
    }
}
