//! Blast radius: what each credential alone would expose, for every
//! credential of the directory, ranked.
//!
//! One forward search per credential, each reusing its arrays (see
//! [`Search`]), spread over the machine's cores. Only counts are kept.

use std::thread;

use petgraph::graph::NodeIndex;

use super::Level;
use super::walk::{Direction, Search, State};
use crate::graph::{AccessGraph, Node};

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

/// The blast radius of every credential (accounts and mailbox credentials),
/// largest first: most mailboxes, then most people, then by id.
pub fn rank(graph: &AccessGraph) -> Vec<BlastRadius> {
    let credentials: Vec<NodeIndex> = graph
        .graph()
        .node_indices()
        .filter(|&node| graph.node(node).is_credential())
        .collect();
    let workers = thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = credentials.len().div_ceil(workers).max(1);
    let mut radii: Vec<BlastRadius> = thread::scope(|scope| {
        let handles: Vec<_> = credentials
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    let mut search = Search::new(graph);
                    let mut levels = vec![None; graph.node_count()];
                    part.iter()
                        .map(|&node| blast_radius(graph, &mut search, &mut levels, node))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().expect("a blast radius worker does not panic"))
            .collect()
    });
    radii.sort_by(|a, b| {
        (b.mailboxes, b.people)
            .cmp(&(a.mailboxes, a.people))
            .then_with(|| graph.id(a.credential).cmp(graph.id(b.credential)))
    });
    radii
}

/// The blast radius of one credential. `levels` is scratch space, one entry
/// per node, left all `None` on return.
fn blast_radius(
    graph: &AccessGraph,
    search: &mut Search,
    levels: &mut [Option<Level>],
    credential: NodeIndex,
) -> BlastRadius {
    search.run(graph, Direction::Forward, [State::control(credential)]);
    let mut radius = BlastRadius {
        credential,
        ..BlastRadius::default()
    };
    let mut mailboxes = Vec::new();
    for state in search.reached() {
        match graph.node(state.node) {
            Node::Mailbox(_) => {
                let slot = &mut levels[state.node.index()];
                match slot {
                    None => {
                        *slot = Some(state.hold.level());
                        mailboxes.push(state.node);
                    }
                    Some(level) => *level = (*level).min(state.hold.level()),
                }
            }
            Node::Account(_) | Node::MailboxCredential(_) if state.node != credential => {
                radius.takeovers += 1;
            }
            _ => {}
        }
    }
    for node in mailboxes {
        let level = levels[node.index()].take().expect("set above");
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
