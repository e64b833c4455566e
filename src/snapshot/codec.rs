//! The byte encoding of the snapshot's records: little-endian integers,
//! length-prefixed UTF-8 strings, counted lists, one tag byte per enum
//! variant, and a struct as its fields in declaration order.
//!
//! Every record type of the model implements [`Record`] here, by hand:
//! each `encode` destructures its struct without `..`, so a field added to
//! the model fails to compile until it is encoded too (docs/architecture.md,
//! "Extending the snapshot"). Decoding checks everything (lengths against
//! the bytes left, tags, UTF-8, booleans) and never panics: a damaged
//! section is a [`Damage`], not a crash.

use std::fmt;
use std::path::PathBuf;

use crate::graph::Edge;
use crate::model::{
    Account, AdminRole, Application, ApplicationPermission, DataController, FolderRole, Forwarding,
    Grant, Group, InboxRule, InboxRuleAction, Incident, MailFlowAction, MailFlowRule,
    MailPermission, Mailbox, MailboxKind, Origin, PasswordState, Publisher, Recovery, Right,
    RoleGives, Scope, Sensitivity, StaleGrant,
};

/// What was wrong with a snapshot's bytes, and where (an offset into the
/// section being read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damage {
    pub offset: usize,
    pub what: String,
}

impl fmt::Display for Damage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.what, self.offset)
    }
}

/// Bytes being written.
#[derive(Debug, Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, value: u8) {
        self.bytes.push(value);
    }

    pub fn u32(&mut self, value: u32) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    pub fn u64(&mut self, value: u64) {
        self.bytes.extend_from_slice(&value.to_le_bytes());
    }

    /// A length or count. Sections hold fewer than 2^32 items of anything.
    pub fn count(&mut self, count: usize) {
        self.u32(u32::try_from(count).expect("fewer than 2^32 items in a section"));
    }

    pub fn bytes(&mut self, bytes: &[u8]) {
        self.count(bytes.len());
        self.bytes.extend_from_slice(bytes);
    }

    pub fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    pub fn record<T: Record>(&mut self, record: &T) {
        record.encode(self);
    }
}

/// Bytes being read, front to back; every read is checked.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    pub fn damage(&self, what: impl Into<String>) -> Damage {
        Damage {
            offset: self.at,
            what: what.into(),
        }
    }

    /// Whether every byte was read.
    pub fn is_at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// Fails unless every byte was read: a section is exactly its records.
    pub fn finish(&self) -> Result<(), Damage> {
        if self.is_at_end() {
            Ok(())
        } else {
            Err(self.damage(format!(
                "{} unexpected bytes after the last record",
                self.bytes.len() - self.at
            )))
        }
    }

    pub fn take(&mut self, len: usize) -> Result<&'a [u8], Damage> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| {
                self.damage(format!(
                    "{len} bytes expected, {} left: the data is cut short",
                    self.bytes.len() - self.at
                ))
            })?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    pub fn u8(&mut self) -> Result<u8, Damage> {
        Ok(self.take(1)?[0])
    }

    pub fn u32(&mut self) -> Result<u32, Damage> {
        let bytes = self.take(4)?;
        Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    pub fn u64(&mut self) -> Result<u64, Damage> {
        let bytes = self.take(8)?;
        let mut array = [0; 8];
        array.copy_from_slice(bytes);
        Ok(u64::from_le_bytes(array))
    }

    pub fn bool(&mut self) -> Result<bool, Damage> {
        match self.u8()? {
            0 => Ok(false),
            1 => Ok(true),
            other => Err(self.damage(format!("a boolean byte of {other}"))),
        }
    }

    /// A count of items that take at least `least_bytes` each: a count the
    /// bytes left cannot hold is damage, found before anything is allocated.
    pub fn count(&mut self, least_bytes: usize) -> Result<usize, Damage> {
        let count = self.u32()? as usize;
        let left = self.bytes.len() - self.at;
        if count.saturating_mul(least_bytes.max(1)) > left {
            return Err(self.damage(format!(
                "a count of {count} items in {left} bytes: the data is cut short or damaged"
            )));
        }
        Ok(count)
    }

    pub fn bytes(&mut self) -> Result<&'a [u8], Damage> {
        let len = self.count(1)?;
        self.take(len)
    }

    pub fn str(&mut self) -> Result<&'a str, Damage> {
        let start = self.at;
        let bytes = self.bytes()?;
        std::str::from_utf8(bytes).map_err(|_| Damage {
            offset: start,
            what: "a string that is not UTF-8".into(),
        })
    }

    /// An enum's tag, checked against the number of variants.
    pub fn tag(&mut self, what: &str, variants: u8) -> Result<u8, Damage> {
        let tag = self.u8()?;
        if tag < variants {
            Ok(tag)
        } else {
            Err(self.damage(format!("an unknown {what} (tag {tag})")))
        }
    }

    pub fn record<T: Record>(&mut self) -> Result<T, Damage> {
        T::decode(self)
    }
}

/// A value that the snapshot stores.
pub trait Record: Sized {
    /// The fewest bytes an encoded value takes, to check counts before
    /// allocating.
    const LEAST_BYTES: usize;
    fn encode(&self, out: &mut Writer);
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage>;
}

impl Record for u32 {
    const LEAST_BYTES: usize = 4;
    fn encode(&self, out: &mut Writer) {
        out.u32(*self);
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        input.u32()
    }
}

impl Record for u64 {
    const LEAST_BYTES: usize = 8;
    fn encode(&self, out: &mut Writer) {
        out.u64(*self);
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        input.u64()
    }
}

impl Record for bool {
    const LEAST_BYTES: usize = 1;
    fn encode(&self, out: &mut Writer) {
        out.u8(u8::from(*self));
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        input.bool()
    }
}

impl Record for String {
    const LEAST_BYTES: usize = 4;
    fn encode(&self, out: &mut Writer) {
        out.str(self);
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        input.str().map(str::to_owned)
    }
}

impl Record for PathBuf {
    const LEAST_BYTES: usize = 4;
    fn encode(&self, out: &mut Writer) {
        out.bytes(self.as_os_str().as_encoded_bytes());
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            Ok(std::ffi::OsStr::from_bytes(input.bytes()?).into())
        }
        #[cfg(not(unix))]
        {
            input.str().map(PathBuf::from)
        }
    }
}

impl<T: Record> Record for Option<T> {
    const LEAST_BYTES: usize = 1;
    fn encode(&self, out: &mut Writer) {
        match self {
            None => out.u8(0),
            Some(value) => {
                out.u8(1);
                value.encode(out);
            }
        }
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        match input.tag("option", 2)? {
            0 => Ok(None),
            _ => T::decode(input).map(Some),
        }
    }
}

impl<T: Record> Record for Vec<T> {
    const LEAST_BYTES: usize = 4;
    fn encode(&self, out: &mut Writer) {
        out.count(self.len());
        for item in self {
            item.encode(out);
        }
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        let count = input.count(T::LEAST_BYTES)?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(T::decode(input)?);
        }
        Ok(items)
    }
}

/// A fieldless enum as one tag byte, its variants numbered in the order
/// listed (append new variants at the end: numbers are the format).
macro_rules! fieldless {
    ($type:ident { $($variant:ident),+ $(,)? }) => {
        impl Record for $type {
            const LEAST_BYTES: usize = 1;
            fn encode(&self, out: &mut Writer) {
                let all = [$($type::$variant),+];
                let tag = all.iter().position(|v| v == self).expect("every variant is listed");
                out.u8(tag as u8);
            }
            fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
                let all = [$($type::$variant),+];
                let tag = input.tag(stringify!($type), all.len() as u8)?;
                Ok(all[tag as usize])
            }
        }
    };
}

fieldless!(PasswordState {
    Strong,
    Weak,
    Unknown
});
fieldless!(MailboxKind {
    Personal,
    Shared,
    Room,
    Equipment
});
fieldless!(Sensitivity { Low, Normal, High });
fieldless!(FolderRole {
    None,
    AvailabilityOnly,
    LimitedDetails,
    Contributor,
    Reviewer,
    NonEditingAuthor,
    Author,
    PublishingAuthor,
    Editor,
    PublishingEditor,
    Owner,
});

fieldless!(Publisher {
    ThisOrganisation,
    OtherOrganisation,
    FirstParty
});
fieldless!(MailPermission {
    Full,
    ReadMail,
    ReadFolder,
    Send
});
fieldless!(RoleGives {
    Mailboxes,
    Applications,
    MailboxesAndApplications
});
fieldless!(InboxRuleAction {
    Forward,
    ForwardAsAttachment,
    Redirect
});
fieldless!(MailFlowAction { Copy, Redirect });

/// A struct as its fields in order. `encode` destructures the struct
/// without `..`, so a new field is a compile error here until listed.
macro_rules! fields {
    ($type:ident { $($field:ident),+ $(,)? }) => {
        impl Record for $type {
            const LEAST_BYTES: usize = 0 $(+ field_least_bytes(&|r: &$type| &r.$field))+;
            fn encode(&self, out: &mut Writer) {
                let $type { $($field),+ } = self;
                $($field.encode(out);)+
            }
            fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
                Ok($type { $($field: Record::decode(input)?),+ })
            }
        }
    };
}

/// The least size of a field's type, named through an accessor so the
/// `fields!` macro need not spell the types out.
const fn field_least_bytes<R, T: Record>(_: &impl Fn(&R) -> &T) -> usize {
    T::LEAST_BYTES
}

fields!(Account {
    id,
    name,
    role,
    unit,
    contractor,
    mfa,
    password,
    enabled
});
fields!(Mailbox {
    id,
    name,
    kind,
    owner,
    controller,
    data_subjects,
    sensitivity,
    sign_in
});
fields!(Group { id, name, members });
fields!(Grant {
    to,
    on,
    right,
    source
});
fields!(StaleGrant {
    sid,
    on,
    right,
    source
});
fields!(Forwarding { from, to, external });
fields!(Recovery { account, mailbox });
fields!(DataController { id, name });
fields!(Incident {
    name,
    date,
    discovered,
    note,
    compromised
});
fields!(Application {
    id,
    name,
    publisher,
    credentials,
    owners
});
fields!(ApplicationPermission {
    application,
    permission,
    scope,
    source
});
fields!(AdminRole {
    name,
    holder,
    scope,
    gives,
    source
});
fields!(InboxRule {
    mailbox,
    name,
    action,
    to,
    external,
    hidden,
    source
});
fields!(MailFlowRule {
    name,
    applies_to,
    action,
    to,
    external,
    source
});
fields!(Origin { file, index });

impl Record for Right {
    const LEAST_BYTES: usize = 1;
    fn encode(&self, out: &mut Writer) {
        match self {
            Right::FullAccess => out.u8(0),
            Right::SendAs => out.u8(1),
            Right::SendOnBehalf => out.u8(2),
            Right::Folder { folder, role } => {
                out.u8(3);
                folder.encode(out);
                role.encode(out);
            }
        }
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        Ok(match input.tag("right", 4)? {
            0 => Right::FullAccess,
            1 => Right::SendAs,
            2 => Right::SendOnBehalf,
            _ => Right::Folder {
                folder: input.record()?,
                role: input.record()?,
            },
        })
    }
}

impl Record for Scope {
    const LEAST_BYTES: usize = 1;
    fn encode(&self, out: &mut Writer) {
        match self {
            Scope::Organisation => out.u8(0),
            Scope::Only(ids) => {
                out.u8(1);
                ids.encode(out);
            }
            Scope::Except(ids) => {
                out.u8(2);
                ids.encode(out);
            }
        }
    }
    fn decode(input: &mut Reader<'_>) -> Result<Self, Damage> {
        Ok(match input.tag("scope", 3)? {
            0 => Scope::Organisation,
            1 => Scope::Only(input.record()?),
            _ => Scope::Except(input.record()?),
        })
    }
}

/// An edge as its kind's tag, its record index (0 where it has none) and
/// one byte of detail (0 where it has none). New kinds take the next free
/// tag.
pub fn edge_code(edge: Edge) -> (u8, u32, u8) {
    match edge {
        Edge::Owner => (0, 0, 0),
        Edge::Grant(i) => (1, i, 0),
        Edge::Member => (2, 0, 0),
        Edge::Forwarding(i) => (3, i, 0),
        Edge::Recovery(i) => (4, i, 0),
        Edge::SignIn => (5, 0, 0),
        Edge::ApplicationOwner(i) => (6, i, 0),
        Edge::ApplicationPermission(i, gives) => (7, i, encoded_byte(&gives)),
        Edge::AdminRole(i) => (8, i, 0),
        Edge::ApplicationAdminRole(i) => (9, i, 0),
        Edge::InboxRule(i) => (10, i, 0),
        Edge::MailFlowRule(i) => (11, i, 0),
        Edge::InScope(i) => (12, i, 0),
    }
}

/// The edge of a tag, index and detail, or `None` for an unknown tag or
/// detail.
pub fn edge_of_code(tag: u8, index: u32, detail: u8) -> Option<Edge> {
    let no_detail = |edge| (detail == 0).then_some(edge);
    match tag {
        0 => no_detail(Edge::Owner),
        1 => no_detail(Edge::Grant(index)),
        2 => no_detail(Edge::Member),
        3 => no_detail(Edge::Forwarding(index)),
        4 => no_detail(Edge::Recovery(index)),
        5 => no_detail(Edge::SignIn),
        6 => no_detail(Edge::ApplicationOwner(index)),
        7 => MailPermission::decode(&mut Reader::new(&[detail]))
            .ok()
            .map(|gives| Edge::ApplicationPermission(index, gives)),
        8 => no_detail(Edge::AdminRole(index)),
        9 => no_detail(Edge::ApplicationAdminRole(index)),
        10 => no_detail(Edge::InboxRule(index)),
        11 => no_detail(Edge::MailFlowRule(index)),
        12 => no_detail(Edge::InScope(index)),
        _ => None,
    }
}

/// A one-byte record (a fieldless enum) as its byte.
fn encoded_byte<T: Record>(value: &T) -> u8 {
    let mut out = Writer::default();
    value.encode(&mut out);
    out.bytes[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Record + PartialEq + std::fmt::Debug>(value: T) {
        let mut out = Writer::default();
        value.encode(&mut out);
        assert!(out.bytes.len() >= T::LEAST_BYTES);
        let mut input = Reader::new(&out.bytes);
        assert_eq!(T::decode(&mut input).unwrap(), value);
        input.finish().unwrap();
        // Every cut-short encoding is damage, never a panic.
        for len in 0..out.bytes.len() {
            let mut input = Reader::new(&out.bytes[..len]);
            assert!(T::decode(&mut input).is_err() || !input.is_at_end() || len == 0);
        }
    }

    #[test]
    fn records_survive_a_round_trip() {
        round_trip(Account {
            id: "ann".into(),
            name: "Ann Ó".into(),
            role: "MP".into(),
            unit: "Office".into(),
            contractor: true,
            mfa: false,
            password: PasswordState::Weak,
            enabled: false,
        });
        round_trip(Grant {
            to: "ann".into(),
            on: "box".into(),
            right: Right::Folder {
                folder: "Inbox".into(),
                role: FolderRole::Owner,
            },
            source: Some("row 3".into()),
        });
        round_trip(vec![Right::FullAccess, Right::SendAs, Right::SendOnBehalf]);
        round_trip(Mailbox {
            id: "box".into(),
            name: String::new(),
            kind: MailboxKind::Equipment,
            owner: None,
            controller: Some("c".into()),
            data_subjects: 7,
            sensitivity: Sensitivity::High,
            sign_in: true,
        });
    }

    #[test]
    fn every_edge_kind_has_a_code() {
        for edge in [
            Edge::Owner,
            Edge::Grant(3),
            Edge::Member,
            Edge::Forwarding(4),
            Edge::Recovery(5),
            Edge::SignIn,
            Edge::ApplicationOwner(6),
            Edge::ApplicationPermission(7, MailPermission::ReadFolder),
            Edge::ApplicationPermission(7, MailPermission::Send),
            Edge::AdminRole(8),
            Edge::ApplicationAdminRole(9),
            Edge::InboxRule(10),
            Edge::MailFlowRule(11),
            Edge::InScope(12),
        ] {
            let (tag, index, detail) = edge_code(edge);
            assert_eq!(edge_of_code(tag, index, detail), Some(edge));
        }
        assert_eq!(edge_of_code(200, 0, 0), None);
        assert_eq!(edge_of_code(7, 0, 9), None);
        assert_eq!(edge_of_code(0, 0, 1), None);
    }

    #[test]
    fn impossible_counts_are_damage_before_allocation() {
        let mut out = Writer::default();
        out.u32(u32::MAX);
        let error = Vec::<Account>::decode(&mut Reader::new(&out.bytes)).unwrap_err();
        assert!(error.what.contains("cut short"), "{error}");
    }

    #[test]
    fn bad_tags_booleans_and_text_are_damage() {
        assert!(MailboxKind::decode(&mut Reader::new(&[9])).is_err());
        assert!(bool::decode(&mut Reader::new(&[2])).is_err());
        assert!(String::decode(&mut Reader::new(&[2, 0, 0, 0, 0xff, 0xfe])).is_err());
    }
}
