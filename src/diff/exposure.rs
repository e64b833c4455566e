//! How exposure moved between two snapshots: for every credential, the
//! mailboxes holding personal data it reaches (paths that appeared, went
//! away, or changed level), and its blast radius.
//!
//! Both snapshots are swept once (one search per credential, like `rank`);
//! the path shown for each changed access comes from one more search per
//! credential whose access changed, shared by all its changed mailboxes,
//! never one search per pair: a domain rename changes every pair, and a
//! search per pair made that quadratic (a 100,000-account rename took
//! minutes).

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use crate::graph::AccessGraph;
use crate::query::sweep::sweep;
use crate::query::walk::{Direction, Hold, Search, State};
use crate::query::{BlastRadius, Level, Path};

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

/// A changed access whose path is still to be found.
struct Pending {
    before: Option<Level>,
    after: Option<Level>,
    snapshot: Snapshot,
    credential: NodeIndex,
    mailbox: NodeIndex,
    /// The level to explain: the access in `snapshot`.
    level: Level,
}

/// A shortest path for each of `pending`, in their order: one search per
/// credential (and snapshot), its arrays allocated once per snapshot.
fn paths_of(pending: &[Pending], old: &AccessGraph, new: &AccessGraph) -> Vec<PathChange> {
    let mut order: Vec<usize> = (0..pending.len()).collect();
    order.sort_by_key(|&i| (pending[i].snapshot, pending[i].credential));
    let mut found: Vec<Option<Path>> = vec![None; pending.len()];
    let mut searches: [Option<Search>; 2] = [None, None];
    let mut searched: Option<(Snapshot, NodeIndex)> = None;
    for i in order {
        let change = &pending[i];
        let graph = match change.snapshot {
            Snapshot::Old => old,
            Snapshot::New => new,
        };
        let search = searches[change.snapshot as usize].get_or_insert_with(|| Search::new(graph));
        if searched != Some((change.snapshot, change.credential)) {
            search.run(
                graph,
                Direction::Forward,
                [State::control(change.credential)],
            );
            searched = Some((change.snapshot, change.credential));
        }
        // The nearest state of the mailbox that gives its level.
        found[i] = Hold::giving(change.level)
            .iter()
            .map(|&hold| State {
                node: change.mailbox,
                hold,
            })
            .filter_map(|state| search.distance(state).map(|d| (d, state)))
            .min_by_key(|&(distance, state)| (distance, state.hold))
            .map(|(_, state)| search.path(state, Direction::Forward));
    }
    pending
        .iter()
        .zip(found)
        .filter_map(|(change, path)| {
            Some(PathChange {
                before: change.before,
                after: change.after,
                path: path?,
                snapshot: change.snapshot,
            })
        })
        .collect()
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
    // Each changed access, in the snapshot that describes it.
    let mut pending: Vec<Pending> = Vec::new();
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
        let level = is
            .or(was)
            .copied()
            .expect("a changed access exists on one side");
        pending.push(Pending {
            before: was.copied(),
            after: is.copied(),
            snapshot,
            credential,
            mailbox,
            level,
        });
    }
    changes.paths = paths_of(&pending, old, new);

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
