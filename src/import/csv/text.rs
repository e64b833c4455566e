//! The text of an export, decoded to UTF-8 a chunk at a time.
//!
//! Windows PowerShell writes CSV files in more than one encoding:
//! `Export-Csv -Encoding UTF8` writes UTF-8 with a byte-order mark,
//! PowerShell 7 UTF-8 without one, and `-Encoding Unicode`, `Out-File` and
//! `>` in Windows PowerShell 5.1 write UTF-16 little-endian with a
//! byte-order mark (`-Encoding BigEndianUnicode`: big-endian). The mark
//! decides; without one the text is UTF-8. Decoding is encoding_rs's (the
//! decoder Firefox uses), without replacement: text that is not valid in
//! its encoding is an error, which the caller reports where the valid text
//! stops.

use std::io::Read;

use encoding_rs::{DecoderResult, Encoding, UTF_8};

/// Bytes read from the file at a time.
const CHUNK: usize = 64 * 1024;

/// Why the text stopped before the end of the file.
#[derive(Debug)]
pub enum TextError {
    /// Bytes that are not valid in the file's encoding.
    Invalid {
        encoding: &'static str,
    },
    /// UTF-16 text without a byte-order mark (NUL bytes in the first
    /// characters), which cannot be told from UTF-8 reliably.
    Utf16WithoutBom,
    Io(std::io::Error),
}

impl TextError {
    pub fn describe(&self) -> String {
        match self {
            TextError::Invalid { encoding } => format!(
                "text that is not valid {encoding} starts here: export with `Export-Csv -Encoding UTF8` (or `Unicode`); a file saved in a legacy code page (Windows-1252, ...) is not read"
            ),
            TextError::Utf16WithoutBom => "UTF-16 text without a byte-order mark: export with `Export-Csv -Encoding Unicode`, which writes one, or `-Encoding UTF8`".to_string(),
            TextError::Io(error) => format!("cannot read: {error}"),
        }
    }
}

/// A reader of decoded text.
pub struct Text {
    source: Box<dyn Read>,
    decoder: encoding_rs::Decoder,
    encoding: &'static Encoding,
    /// Raw bytes read but not yet decoded.
    pending: Vec<u8>,
    /// No more bytes in the source.
    exhausted: bool,
    /// The decoder was told the input ended.
    finished: bool,
    /// An error to return once the text before it has been handed out.
    error: Option<TextError>,
}

impl Text {
    /// Starts reading `source`, choosing the encoding by its byte-order mark.
    pub fn new(mut source: Box<dyn Read>) -> Text {
        let mut start = Vec::with_capacity(CHUNK);
        let error = fill(&mut source, &mut start, CHUNK).err();
        let (encoding, bom) = match Encoding::for_bom(&start) {
            Some((encoding, length)) => (encoding, length),
            None => (UTF_8, 0),
        };
        let mut error = error.map(TextError::Io);
        if bom == 0 && looks_like_utf16(&start) {
            error = Some(TextError::Utf16WithoutBom);
            start.clear();
        }
        start.drain(..bom);
        let exhausted = error.is_some() || start.len() < CHUNK - bom;
        Text {
            source,
            decoder: encoding.new_decoder_without_bom_handling(),
            encoding,
            pending: start,
            exhausted,
            finished: false,
            error,
        }
    }

    /// The encoding the file is read in.
    pub fn encoding(&self) -> &'static str {
        self.encoding.name()
    }

    /// Replaces `out` with the next piece of text: `Ok(false)` at the end of
    /// the file, an error once every valid character before it was given.
    pub fn next_chunk(&mut self, out: &mut String) -> Result<bool, TextError> {
        out.clear();
        loop {
            if self.pending.is_empty() && !self.exhausted {
                match fill(&mut self.source, &mut self.pending, CHUNK) {
                    Ok(read) => self.exhausted = read < CHUNK,
                    Err(error) => {
                        self.exhausted = true;
                        self.error = Some(TextError::Io(error));
                    }
                }
            }
            if self.pending.is_empty() && self.exhausted {
                if let Some(error) = self.error.take() {
                    return Err(error);
                }
                if self.finished {
                    return Ok(false);
                }
            }
            let last = self.exhausted && self.error.is_none();
            let capacity = self
                .decoder
                .max_utf8_buffer_length_without_replacement(self.pending.len())
                .unwrap_or(CHUNK * 4);
            out.reserve(capacity);
            let (result, read) =
                self.decoder
                    .decode_to_string_without_replacement(&self.pending, out, last);
            self.pending.drain(..read);
            match result {
                DecoderResult::InputEmpty => {
                    self.finished = last;
                }
                DecoderResult::OutputFull => {}
                DecoderResult::Malformed(_, _) => {
                    self.pending.clear();
                    self.exhausted = true;
                    self.finished = true;
                    self.error = Some(TextError::Invalid {
                        encoding: self.encoding.name(),
                    });
                }
            }
            if !out.is_empty() {
                return Ok(true);
            }
        }
    }
}

/// Reads up to `limit` bytes into `buffer`, stopping early only at the end.
fn fill(source: &mut dyn Read, buffer: &mut Vec<u8>, limit: usize) -> std::io::Result<usize> {
    let start = buffer.len();
    buffer.resize(start + limit, 0);
    let mut read = 0;
    while read < limit {
        match source.read(&mut buffer[start + read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => {
                buffer.truncate(start + read);
                return Err(error);
            }
        }
    }
    buffer.truncate(start + read);
    Ok(read)
}

/// Whether a file without a byte-order mark starts like UTF-16 text: a NUL
/// byte in one of its first two bytes (a CSV export starts with `"` or a
/// letter, never NUL).
fn looks_like_utf16(start: &[u8]) -> bool {
    start.len() >= 2 && (start[0] == 0 || start[1] == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> (String, Option<String>) {
        let mut text = Text::new(Box::new(std::io::Cursor::new(bytes.to_vec())));
        let mut all = String::new();
        let mut chunk = String::new();
        loop {
            match text.next_chunk(&mut chunk) {
                Ok(true) => all.push_str(&chunk),
                Ok(false) => return (all, None),
                Err(error) => return (all, Some(error.describe())),
            }
        }
    }

    #[test]
    fn utf8_with_and_without_a_mark() {
        assert_eq!(decode(b"\xef\xbb\xbfa\xc3\xa9").0, "a\u{e9}");
        assert_eq!(decode("a\u{e9}".as_bytes()).0, "a\u{e9}");
    }

    #[test]
    fn utf16_in_both_byte_orders() {
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain("\"Ä\"\r\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode(&le), ("\"Ä\"\r\n".to_string(), None));
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain("x€".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&be), ("x€".to_string(), None));
    }

    #[test]
    fn invalid_text_stops_after_the_valid_part() {
        let (text, error) = decode(b"ab\ncd\xe9f");
        assert_eq!(text, "ab\ncd");
        assert!(error.unwrap().contains("not valid UTF-8"));
        let (_, error) = decode(b"\"\0A\0");
        assert!(error.unwrap().contains("without a byte-order mark"));
    }

    #[test]
    fn long_text_crosses_chunks_intact() {
        let long = "é".repeat(CHUNK);
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(long.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&bytes).0, long);
    }
}
