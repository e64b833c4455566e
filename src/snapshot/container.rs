//! The snapshot file's frame: a fixed header (magic, format version, the
//! build's schema fingerprint, the body's length and CRC-32) and a body of
//! named sections, each a length and its bytes.
//!
//! ```text
//! offset  size  what
//!      0    16  magic: "\x89mailgraph snap\n"
//!     16     4  format version (little-endian u32)
//!     20     8  schema fingerprint of the build that wrote it (u64)
//!     28     8  body length in bytes (u64)
//!     36     4  CRC-32 (IEEE) of the body
//!     40    24  zero
//!     64     …  body: sections, each a name (u32 length, UTF-8), a length
//!               (u64) and that many bytes
//! ```
//!
//! Opening checks the header, the length (a cut-short file is named as
//! such) and the checksum before any section is read.

use super::codec::{Damage, Reader, Writer};

pub const MAGIC: &[u8; 16] = b"\x89mailgraph snap\n";
/// Bumped when the frame or a section's layout changes by hand; changes
/// to the record types change the fingerprint instead.
pub const FORMAT_VERSION: u32 = 1;
/// A digest of the source of the record types and of the snapshot codec,
/// computed by build.rs: a snapshot written by a build whose records differ
/// is refused rather than misread.
pub const SCHEMA: u64 = {
    let text = env!("MAILGRAPH_SNAPSHOT_SCHEMA").as_bytes();
    let mut value = 0u64;
    let mut i = 0;
    while i < text.len() {
        let digit = text[i];
        let nibble = if digit >= b'a' {
            digit - b'a' + 10
        } else {
            digit - b'0'
        };
        value = (value << 4) | nibble as u64;
        i += 1;
    }
    value
};
pub const HEADER_LEN: usize = 64;

/// Why a file could not be opened as a snapshot, in words for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FrameError {
    NotASnapshot,
    Truncated { expected: u64, found: u64 },
    TooLong { expected: u64, found: u64 },
    Version(u32),
    Schema,
    Checksum,
    Section(String, Damage),
    MissingSection(&'static str),
}

impl std::fmt::Display for FrameError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FrameError::NotASnapshot => write!(f, "not a mailgraph snapshot"),
            FrameError::Truncated { expected, found } => write!(
                f,
                "the snapshot is cut short: {found} bytes where its header says {expected}; write it again with `mailgraph snapshot`"
            ),
            FrameError::TooLong { expected, found } => write!(
                f,
                "the snapshot has {found} bytes where its header says {expected}: it is damaged; write it again with `mailgraph snapshot`"
            ),
            FrameError::Version(version) => write!(
                f,
                "snapshot format version {version}, but this mailgraph reads version {FORMAT_VERSION}; write it again with `mailgraph snapshot`"
            ),
            FrameError::Schema => write!(
                f,
                "the snapshot was written by a build of mailgraph whose records differ from this one's; write it again with `mailgraph snapshot`"
            ),
            FrameError::Checksum => write!(
                f,
                "the snapshot is damaged (its checksum does not match); write it again with `mailgraph snapshot`"
            ),
            FrameError::Section(name, damage) => write!(
                f,
                "the snapshot is damaged: section `{name}`: {damage}; write it again with `mailgraph snapshot`"
            ),
            FrameError::MissingSection(name) => write!(
                f,
                "the snapshot is damaged: it has no `{name}` section; write it again with `mailgraph snapshot`"
            ),
        }
    }
}

/// Whether `bytes` start like a snapshot (enough to choose the loader).
pub fn looks_like_snapshot(start: &[u8]) -> bool {
    start.starts_with(MAGIC)
}

/// A snapshot being written: sections in order.
#[derive(Default)]
pub struct Frame {
    body: Writer,
}

impl Frame {
    pub fn section(&mut self, name: &str, bytes: &[u8]) {
        self.body.str(name);
        self.body.u64(bytes.len() as u64);
        self.body.bytes.extend_from_slice(bytes);
    }

    /// The whole file: header then body.
    pub fn finish(self) -> Vec<u8> {
        let body = self.body.bytes;
        let mut file = Vec::with_capacity(HEADER_LEN + body.len());
        file.extend_from_slice(MAGIC);
        file.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        file.extend_from_slice(&SCHEMA.to_le_bytes());
        file.extend_from_slice(&(body.len() as u64).to_le_bytes());
        file.extend_from_slice(&crc32fast::hash(&body).to_le_bytes());
        file.resize(HEADER_LEN, 0);
        file.extend_from_slice(&body);
        file
    }
}

/// The sections of a checked snapshot, by name, in file order.
pub struct Sections<'a> {
    sections: Vec<(&'a str, &'a [u8])>,
}

impl<'a> Sections<'a> {
    /// Checks the header, length and checksum of `file`, then splits its
    /// body into sections.
    pub fn open(file: &'a [u8]) -> Result<Sections<'a>, FrameError> {
        if !looks_like_snapshot(file) {
            return Err(FrameError::NotASnapshot);
        }
        let mut header = Reader::new(&file[MAGIC.len()..]);
        let cut = |_: Damage| FrameError::Truncated {
            expected: HEADER_LEN as u64,
            found: file.len() as u64,
        };
        let version = header.u32().map_err(cut)?;
        if version != FORMAT_VERSION {
            return Err(FrameError::Version(version));
        }
        let schema = header.u64().map_err(cut)?;
        let body_len = header.u64().map_err(cut)?;
        let checksum = header.u32().map_err(cut)?;
        if file.len() < HEADER_LEN {
            return Err(cut(header.damage("")));
        }
        if file[HEADER_LEN - 24..HEADER_LEN]
            .iter()
            .any(|&byte| byte != 0)
        {
            return Err(FrameError::Checksum);
        }
        if schema != SCHEMA {
            return Err(FrameError::Schema);
        }
        let found = (file.len() - HEADER_LEN) as u64;
        let expected = HEADER_LEN as u64 + body_len;
        let found_total = HEADER_LEN as u64 + found;
        if found < body_len {
            return Err(FrameError::Truncated {
                expected,
                found: found_total,
            });
        }
        if found > body_len {
            return Err(FrameError::TooLong {
                expected,
                found: found_total,
            });
        }
        let body = &file[HEADER_LEN..];
        if crc32fast::hash(body) != checksum {
            return Err(FrameError::Checksum);
        }
        let mut reader = Reader::new(body);
        let mut sections = Vec::new();
        let frame = |damage| FrameError::Section("(frame)".into(), damage);
        while !reader.is_at_end() {
            let name = reader.str().map_err(frame)?;
            let len = reader.u64().map_err(frame)?;
            let len = usize::try_from(len)
                .map_err(|_| frame(reader.damage("a section longer than memory")))?;
            let bytes = reader.take(len).map_err(frame)?;
            sections.push((name, bytes));
        }
        Ok(Sections { sections })
    }

    /// The bytes of section `name`.
    pub fn get(&self, name: &'static str) -> Result<&'a [u8], FrameError> {
        self.sections
            .iter()
            .find(|(found, _)| *found == name)
            .map(|&(_, bytes)| bytes)
            .ok_or(FrameError::MissingSection(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        let mut frame = Frame::default();
        frame.section("one", b"first");
        frame.section("two", b"");
        frame.finish()
    }

    #[test]
    fn sections_come_back_by_name() {
        let file = sample();
        let sections = Sections::open(&file).unwrap();
        assert_eq!(sections.get("one").unwrap(), b"first");
        assert_eq!(sections.get("two").unwrap(), b"");
        assert!(matches!(
            sections.get("three"),
            Err(FrameError::MissingSection("three"))
        ));
    }

    #[test]
    fn every_cut_is_reported_as_cut_short_or_not_a_snapshot() {
        let file = sample();
        for len in 0..file.len() {
            match Sections::open(&file[..len]) {
                Err(FrameError::NotASnapshot) => assert!(len < MAGIC.len()),
                Err(FrameError::Truncated { .. }) => {}
                other => panic!("cut at {len}: {:?}", other.err()),
            }
        }
    }

    #[test]
    fn a_flipped_bit_anywhere_is_caught() {
        let file = sample();
        for byte in 0..file.len() {
            let mut damaged = file.clone();
            damaged[byte] ^= 0x10;
            assert!(Sections::open(&damaged).is_err(), "byte {byte}");
        }
    }
}
