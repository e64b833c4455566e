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

/// The blast radius of every credential (accounts and mailbox credentials),
/// largest first: most mailboxes, then most people, then by id.
pub fn rank(graph: &AccessGraph) -> Vec<BlastRadius> {
    let mut radii: Vec<BlastRadius> = sweep(graph, Vec::new, |radii, footprint| {
        radii.push(BlastRadius::of(graph, footprint));
    })
    .into_iter()
    .flatten()
    .collect();
    radii.sort_by(|a, b| {
        (b.mailboxes, b.people)
            .cmp(&(a.mailboxes, a.people))
            .then_with(|| graph.id(a.credential).cmp(graph.id(b.credential)))
    });
    radii
}
