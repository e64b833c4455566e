//! What the reachability rules need, computed once per audit from one
//! forward search per credential ([`crate::query::sweep`]): who reads each
//! mailbox, which contractors do, each credential's blast radius, and every
//! account that some other credential can take over.

use std::collections::BTreeMap;

use petgraph::graph::NodeIndex;

use crate::graph::AccessGraph;
use crate::query::BlastRadius;
use crate::query::sweep::sweep;

/// How a taken-over account can be reached.
#[derive(Debug, Clone, Copy)]
pub struct Takeover {
    /// Other credentials that can take it over.
    pub by: u32,
    /// A credential with the shortest chain (ties: the first in node order).
    pub nearest: NodeIndex,
    /// Hops of that chain.
    pub hops: u32,
}

#[derive(Debug, Default)]
pub struct Reachability {
    /// Per mailbox node index: credentials that read it (full or read).
    pub readers: Vec<u32>,
    /// Mailboxes holding personal data -> contractor accounts reading them
    /// (other than through their own mailbox), in node order.
    pub contractor_readers: BTreeMap<NodeIndex, Vec<NodeIndex>>,
    pub radii: Vec<BlastRadius>,
    /// Accounts some other credential can take over.
    pub takeovers: BTreeMap<NodeIndex, Takeover>,
}

impl Reachability {
    pub fn of(graph: &AccessGraph) -> Reachability {
        let parts = sweep(
            graph,
            || Reachability {
                readers: vec![0; graph.node_count()],
                ..Reachability::default()
            },
            |part, footprint| {
                let contractor = graph
                    .account(footprint.credential)
                    .is_some_and(|a| a.contractor);
                for &(mailbox, level) in &footprint.mailboxes {
                    if !level.reads() {
                        continue;
                    }
                    part.readers[mailbox.index()] += 1;
                    let record = graph.mailbox_record(mailbox).expect("a mailbox node");
                    let own = record.owner.as_deref() == Some(graph.id(footprint.credential));
                    if contractor && record.data_subjects > 0 && !own {
                        part.contractor_readers
                            .entry(mailbox)
                            .or_default()
                            .push(footprint.credential);
                    }
                }
                part.radii.push(BlastRadius::of(graph, footprint));
                for &(account, hops) in &footprint.takeovers {
                    let candidate = Takeover {
                        by: 1,
                        nearest: footprint.credential,
                        hops,
                    };
                    part.takeovers
                        .entry(account)
                        .and_modify(|kept| *kept = merge(*kept, candidate))
                        .or_insert(candidate);
                }
            },
        );
        let mut whole = Reachability {
            readers: vec![0; graph.node_count()],
            ..Reachability::default()
        };
        for part in parts {
            for (total, n) in whole.readers.iter_mut().zip(&part.readers) {
                *total += n;
            }
            for (mailbox, mut contractors) in part.contractor_readers {
                whole
                    .contractor_readers
                    .entry(mailbox)
                    .or_default()
                    .append(&mut contractors);
            }
            whole.radii.extend(part.radii);
            for (account, takeover) in part.takeovers {
                whole
                    .takeovers
                    .entry(account)
                    .and_modify(|kept| *kept = merge(*kept, takeover))
                    .or_insert(takeover);
            }
        }
        for contractors in whole.contractor_readers.values_mut() {
            contractors.sort();
        }
        whole
    }
}

/// Two views of one account's takeover: counts add, the shorter chain (then
/// the lower node) is kept.
fn merge(a: Takeover, b: Takeover) -> Takeover {
    let nearest = if (b.hops, b.nearest) < (a.hops, a.nearest) {
        b
    } else {
        a
    };
    Takeover {
        by: a.by + b.by,
        ..nearest
    }
}
