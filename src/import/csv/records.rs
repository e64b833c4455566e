//! Splitting decoded text into records, one at a time, keeping where each
//! field starts.
//!
//! One parser decides what a field is: csv-core's (the state machine the
//! `csv` crate runs), fed the text field by field so that the bytes each
//! field takes are known and every position is exact. Line breaks are
//! CRLF, LF or CR; lines are counted at LF (so CRLF is one line break) and
//! columns in characters. Blank lines between records are skipped, as the
//! `csv` crate skips them.

use super::text::{Text, TextError};

/// The longest cell read, in bytes of UTF-8 (docs/import.md).
pub const MAX_CELL: usize = 1 << 20;

/// A 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    fn start() -> Position {
        Position { line: 1, column: 1 }
    }

    /// The position after `bytes` (UTF-8) have been read from here.
    fn advance(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            if byte == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if byte & 0xc0 != 0x80 {
                self.column += 1;
            }
        }
    }
}

/// One record: its fields (at most the limit given, see
/// [`Records::limit_fields`]), where each starts, how many it had, and
/// where it ends (before its line break).
#[derive(Debug, Default)]
pub struct Record {
    pub fields: Vec<String>,
    pub starts: Vec<Position>,
    pub count: usize,
    pub end: Position,
}

/// Why the text could not be split.
#[derive(Debug)]
pub enum SplitError {
    /// The text itself stopped (bad encoding, read error) at a position.
    Text(TextError, Position),
    /// The file ends inside a quoted field; the position of its opening quote.
    Unterminated(Position),
    /// A cell longer than [`MAX_CELL`], at its start.
    CellTooLong(Position),
    /// The header line splits the same number of ways at several delimiters,
    /// or only at one this reader does not take.
    Delimiter(String, Position),
}

impl SplitError {
    pub fn position(&self) -> Position {
        match self {
            SplitError::Text(_, position)
            | SplitError::Unterminated(position)
            | SplitError::CellTooLong(position)
            | SplitError::Delimiter(_, position) => *position,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            SplitError::Text(error, _) => error.describe(),
            SplitError::Unterminated(_) => {
                "the quoted field opened here is never closed: the file ends inside it (cut off?)"
                    .to_string()
            }
            SplitError::CellTooLong(_) => format!(
                "a cell longer than {} MiB starts here: not an export mailgraph reads",
                MAX_CELL >> 20
            ),
            SplitError::Delimiter(message, _) => message.clone(),
        }
    }
}

/// The delimiters read, in order of preference.
const DELIMITERS: [(u8, &str); 3] = [(b',', "comma"), (b';', "semicolon"), (b'\t', "tab")];

/// Records of a CSV text, read one at a time.
pub struct Records {
    text: Text,
    chunk: String,
    /// Bytes of `chunk` already read.
    at: usize,
    /// No chunk is left.
    ended: bool,
    core: csv_core::Reader,
    delimiter: u8,
    /// Where the next unread character is.
    position: Position,
    /// The current field, unescaped.
    field: Vec<u8>,
    /// Fields kept per record; further ones are only counted.
    limit: usize,
}

impl Records {
    pub fn new(text: Text) -> Records {
        Records {
            text,
            chunk: String::new(),
            at: 0,
            ended: false,
            core: csv_core::Reader::new(),
            delimiter: b',',
            position: Position::start(),
            field: Vec::new(),
            limit: usize::MAX,
        }
    }

    /// The encoding of the text.
    pub fn encoding(&self) -> &'static str {
        self.text.encoding()
    }

    /// The delimiter in use, for messages.
    pub fn delimiter(&self) -> &'static str {
        DELIMITERS
            .iter()
            .find(|(byte, _)| *byte == self.delimiter)
            .map_or("comma", |(_, name)| name)
    }

    /// Keeps at most `limit` fields of each record from now on (the rest
    /// are counted), so that a row of a million commas costs nothing.
    pub fn limit_fields(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// Skips a `#TYPE ...` first line (Windows PowerShell 5.1 writes one
    /// unless told `-NoTypeInformation`) and chooses the delimiter from the
    /// header line: `,`, `;` (`-UseCulture` in many locales, Excel) or tab,
    /// whichever splits it into the most fields.
    pub fn start(&mut self) -> Result<(), SplitError> {
        if !self.skip_line_breaks()? {
            return Ok(());
        }
        if self.chunk[self.at..].starts_with("#TYPE") {
            self.skip_line()?;
            if !self.skip_line_breaks()? {
                return Ok(());
            }
        }
        let rest = &self.chunk.as_bytes()[self.at..];
        let line = &rest[..rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())];
        let counts: Vec<usize> = DELIMITERS
            .iter()
            .map(|&(delimiter, _)| count_fields(line, delimiter))
            .collect();
        let most = counts.iter().copied().max().unwrap_or(1);
        let best: Vec<usize> = (0..DELIMITERS.len())
            .filter(|&i| counts[i] == most)
            .collect();
        if most > 1 && best.len() > 1 {
            let names: Vec<&str> = best.iter().map(|&i| DELIMITERS[i].1).collect();
            return Err(SplitError::Delimiter(
                format!(
                    "cannot tell the delimiter: the header splits into {most} columns at {}; export with `Export-Csv` (`,`) and header names without delimiters",
                    names.join(" and ")
                ),
                self.position,
            ));
        }
        if most == 1 && line.contains(&b'|') {
            return Err(SplitError::Delimiter(
                "the header is split by `|`, which is not read: export with `Export-Csv` (`,`), `-UseCulture` (`;`) or `-Delimiter \"`t\"`".to_string(),
                self.position,
            ));
        }
        self.delimiter = DELIMITERS[best[0]].0;
        self.core = csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .build();
        Ok(())
    }

    /// The next chunk of text if the current one is used up; `false` at the end.
    fn refill(&mut self) -> Result<bool, SplitError> {
        while self.at == self.chunk.len() {
            if self.ended {
                return Ok(false);
            }
            self.at = 0;
            match self.text.next_chunk(&mut self.chunk) {
                Ok(true) => {}
                Ok(false) => self.ended = true,
                Err(error) => {
                    self.ended = true;
                    self.chunk.clear();
                    return Err(SplitError::Text(error, self.position));
                }
            }
        }
        Ok(true)
    }

    /// Skips line breaks; `false` if nothing follows them.
    fn skip_line_breaks(&mut self) -> Result<bool, SplitError> {
        loop {
            if !self.refill()? {
                return Ok(false);
            }
            let rest = &self.chunk.as_bytes()[self.at..];
            let breaks = rest
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            self.position.advance(&rest[..breaks]);
            self.at += breaks;
            if self.at < self.chunk.len() {
                return Ok(true);
            }
        }
    }

    /// Skips the rest of the current line and its line break.
    fn skip_line(&mut self) -> Result<(), SplitError> {
        while self.refill()? {
            let rest = &self.chunk.as_bytes()[self.at..];
            let (taken, done) = match rest.iter().position(|&b| b == b'\n') {
                Some(end) => (end + 1, true),
                None => (rest.len(), false),
            };
            self.position.advance(&rest[..taken]);
            self.at += taken;
            if done {
                break;
            }
        }
        Ok(())
    }

    /// The next record, `None` at the end of the text.
    pub fn next_record(&mut self) -> Result<Option<Record>, SplitError> {
        if !self.skip_line_breaks()? {
            return Ok(None);
        }
        let mut record = Record::default();
        let mut start = self.position;
        let mut length = 0;
        let mut end_fed = false;
        loop {
            let more = !end_fed && self.refill()?;
            // At the end of the text, one line break is fed: it ends the
            // record, unless a quoted field is open, which takes it as data.
            let input: &[u8] = if more {
                &self.chunk.as_bytes()[self.at..]
            } else if !end_fed {
                b"\n"
            } else {
                b""
            };
            if length == self.field.len() {
                if length > MAX_CELL {
                    return Err(SplitError::CellTooLong(start));
                }
                self.field.resize((length * 2).clamp(256, MAX_CELL + 1), 0);
            }
            let (result, read, written) = self.core.read_field(input, &mut self.field[length..]);
            length += written;
            let mut end = self.position;
            if more {
                let consumed = &input[..read];
                match consumed.split_last() {
                    Some((&last, before)) if last == b'\r' || last == b'\n' => {
                        self.position.advance(before);
                        end = self.position;
                        self.position.advance(&[last]);
                    }
                    _ => {
                        self.position.advance(consumed);
                        end = self.position;
                    }
                }
                self.at += read;
            } else if !end_fed {
                end_fed = true;
                if matches!(result, csv_core::ReadFieldResult::InputEmpty) {
                    return Err(SplitError::Unterminated(start));
                }
            }
            match result {
                csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
                csv_core::ReadFieldResult::Field { record_end } => {
                    if length > MAX_CELL {
                        return Err(SplitError::CellTooLong(start));
                    }
                    record.count += 1;
                    if record.fields.len() < self.limit {
                        let text = std::str::from_utf8(&self.field[..length])
                            .expect("csv-core removes only ASCII quotes from UTF-8 text");
                        record.fields.push(text.to_string());
                        record.starts.push(start);
                    } else if record.starts.len() == self.limit {
                        // Where the first field past the limit starts.
                        record.starts.push(start);
                    }
                    length = 0;
                    start = self.position;
                    if record_end {
                        record.end = end;
                        return Ok(Some(record));
                    }
                }
                csv_core::ReadFieldResult::End => {
                    return Ok((record.count > 0).then_some(record));
                }
            }
        }
    }
}

/// How many fields `line` splits into at `delimiter`.
fn count_fields(line: &[u8], delimiter: u8) -> usize {
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut output = [0u8; 1024];
    let mut input = line;
    let mut count = 0;
    loop {
        let (result, read, _) = reader.read_field(input, &mut output);
        input = &input[read..];
        match result {
            csv_core::ReadFieldResult::InputEmpty if input.is_empty() && read == 0 => {
                // Past the end: flush the last field.
                let (result, _, _) = reader.read_field(&[], &mut output);
                if matches!(result, csv_core::ReadFieldResult::Field { .. }) {
                    count += 1;
                }
                return count.max(1);
            }
            csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::OutputFull => {}
            csv_core::ReadFieldResult::Field { record_end } => {
                count += 1;
                if record_end {
                    return count;
                }
            }
            csv_core::ReadFieldResult::End => return count.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &[u8]) -> (Vec<Record>, Option<SplitError>) {
        let mut records = Records::new(Text::new(Box::new(std::io::Cursor::new(text.to_vec()))));
        let mut all = Vec::new();
        if let Err(error) = records.start() {
            return (all, Some(error));
        }
        loop {
            match records.next_record() {
                Ok(Some(record)) => all.push(record),
                Ok(None) => return (all, None),
                Err(error) => return (all, Some(error)),
            }
        }
    }

    fn at(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn crlf_positions_count_one_line_break() {
        let (records, error) = records(b"\"A\",\"B\"\r\n\"1\",\"2\"\r\n\r\n\"3\",\"4\"");
        assert!(error.is_none());
        let starts: Vec<_> = records.iter().map(|r| r.starts.clone()).collect();
        assert_eq!(
            starts,
            vec![
                vec![at(1, 1), at(1, 5)],
                vec![at(2, 1), at(2, 5)],
                vec![at(4, 1), at(4, 5)],
            ]
        );
        assert_eq!(records[1].end, at(2, 8));
        assert_eq!(records[2].end, at(4, 8));
    }

    #[test]
    fn quoted_line_breaks_and_delimiters_are_data() {
        let (records, _) = records(b"A,B\r\n\"x\r\ny,z\",w\r\nq,r\r\n");
        assert_eq!(records[1].fields, vec!["x\r\ny,z", "w"]);
        assert_eq!(records[1].starts, vec![at(2, 1), at(3, 6)]);
        assert_eq!(records[2].starts[0], at(4, 1));
    }

    #[test]
    fn the_delimiter_comes_from_the_header() {
        for (text, delimiter) in [
            (&b"\"A\";\"B\"\n\"1,5\";\"2\"\n"[..], "semicolon"),
            (b"A\tB\n1,5\t2\n", "tab"),
            (b"A,B\n1;5,2\n", "comma"),
        ] {
            let mut reader = Records::new(Text::new(Box::new(std::io::Cursor::new(text))));
            reader.start().unwrap();
            assert_eq!(reader.delimiter(), delimiter);
            reader.next_record().unwrap();
            let row = reader.next_record().unwrap().unwrap();
            assert_eq!(row.fields.len(), 2, "{delimiter}");
        }
        let (_, error) = records(b"A,B;C\n");
        assert!(error.unwrap().describe().contains("comma and semicolon"));
        let (_, error) = records(b"A|B\n");
        assert!(error.unwrap().describe().contains("`|`"));
    }

    #[test]
    fn an_unterminated_quote_is_reported_where_it_opened() {
        let (records, error) = records(b"A,B\r\n1,\"two\r\n3,4\r\n");
        assert_eq!(records.len(), 1);
        let error = error.unwrap();
        assert!(matches!(error, SplitError::Unterminated(_)));
        assert_eq!(error.position(), at(2, 3));
    }

    #[test]
    fn a_stray_quote_inside_a_field_is_data() {
        let (records, error) = records(b"A,B\nx\"y,z\n");
        assert!(error.is_none());
        assert_eq!(records[1].fields, vec!["x\"y", "z"]);
    }

    #[test]
    fn fields_past_the_limit_are_counted_not_kept() {
        let mut reader = Records::new(Text::new(Box::new(std::io::Cursor::new(
            format!("A\n{}\n", ",".repeat(100_000)).into_bytes(),
        ))));
        reader.start().unwrap();
        reader.next_record().unwrap();
        reader.limit_fields(2);
        let row = reader.next_record().unwrap().unwrap();
        assert_eq!(row.count, 100_001);
        assert_eq!(row.fields.len(), 2);
        assert_eq!(row.starts, vec![at(2, 1), at(2, 2), at(2, 3)]);
    }

    #[test]
    fn a_huge_cell_is_refused_at_its_start() {
        let mut text = b"A\n\"".to_vec();
        text.extend(std::iter::repeat_n(b'x', MAX_CELL + 10));
        let (_, error) = records(&text);
        let error = error.unwrap();
        assert!(matches!(error, SplitError::CellTooLong(_)));
        assert_eq!(error.position(), at(2, 1));
    }

    #[test]
    fn invalid_text_is_located_where_it_starts() {
        let (_, error) = records(b"A,B\r\n1,2\r\n3,x\xff\r\n");
        assert_eq!(error.unwrap().position(), at(3, 4));
    }

    #[test]
    fn a_type_line_is_skipped() {
        let (records, _) = records(b"\xef\xbb\xbf#TYPE Foo;Bar\r\n\"A\",\"B\"\r\n\"1\",\"2\"\r\n");
        assert_eq!(records[0].fields, vec!["A", "B"]);
        assert_eq!(records[0].starts[0], at(2, 1));
        assert_eq!(records[1].starts[1], at(3, 5));
    }
}
