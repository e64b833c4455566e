//! How exposure moved between two snapshots: for every credential, the
//! mailboxes holding personal data it reaches (paths that appeared, went
//! away, or changed level), and its blast radius.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use crate::graph::AccessGraph;
use crate::query::sweep::sweep;
use crate::query::{BlastRadius, Level, Path, shortest_paths};

/// Which snapshot a node or path belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Snapshot {
    Old,
    New,
}

impl Snapshot {
    /// The snapshot to describe a change from: the new one where the thing
    /// exists there, else the old one.
    fn holding<'g>(
        in_new: bool,
        old: &'g AccessGraph,
        new: &'g AccessGraph,
    ) -> (&'g AccessGraph, Snapshot) {
        if in_new {
            (new, Snapshot::New)
        } else {
            (old, Snapshot::Old)
        }
    }
}

/// A credential's access to a mailbox holding personal data that appeared,
/// went away or changed level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathChange {
    pub before: Option<Level>,
    pub after: Option<Level>,
    /// A shortest path in the snapshot where the access is strongest (the
    /// new one when the access exists there).
    pub path: Path,
    pub snapshot: Snapshot,
}

impl PathChange {
    pub fn kind(&self) -> &'static str {
        match (self.before, self.after) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "changed",
        }
    }
}

/// A credential whose blast radius grew or shrank.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlastChange {
    /// The credential, in `snapshot`.
    pub credential: NodeIndex,
    pub snapshot: Snapshot,
    /// (mailboxes, people) before and after; `None` where the credential
    /// does not exist.
    pub before: Option<(u32, u64)>,
    pub after: Option<(u32, u64)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExposureChanges {
    /// Sorted by credential id, then mailbox id.
    pub paths: Vec<PathChange>,
    /// Sorted by credential id.
    pub blast: Vec<BlastChange>,
}

impl ExposureChanges {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && self.blast.is_empty()
    }
}

/// What a snapshot's credentials reach, by id.
struct Reached {
    /// (credential id, mailbox id) -> level, for mailboxes holding personal
    /// data: personal mailboxes (their owner's), and generic ones with data
    /// subjects.
    personal: BTreeMap<(String, String), Level>,
    /// credential id -> (mailboxes, people).
    blast: BTreeMap<String, (u32, u64)>,
}

fn reached(graph: &AccessGraph) -> Reached {
    let parts = sweep(
        graph,
        || (Vec::new(), Vec::new()),
        |(personal, blast), footprint| {
            let credential = graph.id(footprint.credential);
            for &(mailbox, level) in &footprint.mailboxes {
                if graph
                    .mailbox_record(mailbox)
                    .is_some_and(|m| m.is_personal() || m.data_subjects > 0)
                {
                    personal.push((
                        (credential.to_string(), graph.id(mailbox).to_string()),
                        level,
                    ));
                }
            }
            let radius = BlastRadius::of(graph, footprint);
            blast.push((credential.to_string(), (radius.mailboxes, radius.people)));
        },
    );
    let mut reached = Reached {
        personal: BTreeMap::new(),
        blast: BTreeMap::new(),
    };
    for (personal, blast) in parts {
        reached.personal.extend(personal);
        reached.blast.extend(blast);
    }
    reached
}

pub fn compare(old: &AccessGraph, new: &AccessGraph) -> ExposureChanges {
    let before = reached(old);
    let after = reached(new);
    let mut changes = ExposureChanges::default();

    let mut pairs: Vec<&(String, String)> = before
        .personal
        .keys()
        .chain(after.personal.keys())
        .collect();
    pairs.sort();
    pairs.dedup();
    for pair in pairs {
        let (was, is) = (before.personal.get(pair), after.personal.get(pair));
        if was == is {
            continue;
        }
        let (graph, snapshot) = Snapshot::holding(is.is_some(), old, new);
        let credential = graph
            .principal(&pair.0)
            .expect("a credential of the snapshot");
        let mailbox = graph.mailbox(&pair.1).expect("a mailbox of the snapshot");
        let Some(path) = shortest_paths(graph, credential, mailbox, 1)
            .paths
            .into_iter()
            .next()
        else {
            continue;
        };
        changes.paths.push(PathChange {
            before: was.copied(),
            after: is.copied(),
            path,
            snapshot,
        });
    }

    let mut credentials: Vec<&String> = before.blast.keys().chain(after.blast.keys()).collect();
    credentials.sort();
    credentials.dedup();
    for id in credentials {
        let (was, is) = (before.blast.get(id).copied(), after.blast.get(id).copied());
        if was == is {
            continue;
        }
        let (graph, snapshot) = Snapshot::holding(is.is_some(), old, new);
        changes.blast.push(BlastChange {
            credential: graph.principal(id).expect("a credential of the snapshot"),
            snapshot,
            before: was,
            after: is,
        });
    }
    changes
}
