//! Blast radius: what each credential alone would expose, for every
//! credential of the directory, ranked.

use petgraph::graph::NodeIndex;

use super::Level;
use super::sweep::{Footprint, sweep};
use crate::graph::AccessGraph;

/// What one credential would expose if it alone were compromised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlastRadius {
    pub credential: NodeIndex,
    /// Mailboxes exposed at any level.
    pub mailboxes: u32,
    pub personal: u32,
    pub generic: u32,
    pub full: u32,
    pub read: u32,
    pub send: u32,
    /// People whose data sits in mailboxes exposed to reading.
    pub people: u64,
    /// Other credentials it would take over.
    pub takeovers: u32,
}

impl BlastRadius {
    /// The counts of a credential's footprint.
    pub fn of(graph: &AccessGraph, footprint: &Footprint) -> BlastRadius {
        let mut radius = BlastRadius {
            credential: footprint.credential,
            takeovers: footprint.takeovers.len() as u32,
            ..BlastRadius::default()
        };
        for &(node, level) in &footprint.mailboxes {
            let record = graph.mailbox_record(node).expect("a mailbox node");
            radius.mailboxes += 1;
            if record.is_personal() {
                radius.personal += 1;
            } else {
                radius.generic += 1;
            }
            match level {
                Level::Full => radius.full += 1,
                Level::Read => radius.read += 1,
                Level::Send => radius.send += 1,
            }
            if level.reads() {
                radius.people += u64::from(record.data_subjects);
            }
        }
        radius
    }
}

/// What a ranking puts first: the largest count of this kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum RankKey {
    /// Mailboxes exposed at any level.
    #[default]
    Mailboxes,
    /// People whose data sits in mailboxes exposed to reading.
    People,
    /// Personal mailboxes exposed.
    Personal,
    /// Generic (shared) mailboxes exposed.
    Generic,
    /// Mailboxes exposed in full.
    Full,
    /// Mailboxes exposed to reading (a folder, or forwarded copies).
    Read,
    /// Mailboxes exposed to sending only.
    Send,
    /// Other credentials taken over.
    Takeovers,
}

impl RankKey {
    /// The count of `radius` this key ranks by.
    pub fn of(self, radius: &BlastRadius) -> u64 {
        match self {
            RankKey::Mailboxes => radius.mailboxes.into(),
            RankKey::People => radius.people,
            RankKey::Personal => radius.personal.into(),
            RankKey::Generic => radius.generic.into(),
            RankKey::Full => radius.full.into(),
            RankKey::Read => radius.read.into(),
            RankKey::Send => radius.send.into(),
            RankKey::Takeovers => radius.takeovers.into(),
        }
    }

    /// The order a ranking by this key shows, before ties are broken by
    /// name: the key's count, then mailboxes, then people, largest first.
    pub fn order(self, radius: &BlastRadius) -> std::cmp::Reverse<(u64, u32, u64)> {
        std::cmp::Reverse((self.of(radius), radius.mailboxes, radius.people))
    }
}

/// The blast radius of every credential (accounts and mailbox credentials),
/// largest first: most mailboxes, then most people, then by id.
pub fn rank(graph: &AccessGraph) -> Vec<BlastRadius> {
    let mut radii: Vec<BlastRadius> = sweep(graph, Vec::new, |radii, footprint| {
        radii.push(BlastRadius::of(graph, footprint));
    })
    .into_iter()
    .flatten()
    .collect();
    sort(&mut radii, RankKey::Mailboxes, graph);
    radii
}

/// Sorts a ranking by `key`, largest first ([`RankKey::order`]), ties by id.
pub fn sort(radii: &mut [BlastRadius], key: RankKey, graph: &AccessGraph) {
    radii.sort_by(|a, b| {
        key.order(a)
            .cmp(&key.order(b))
            .then_with(|| graph.id(a.credential).cmp(graph.id(b.credential)))
    });
}
