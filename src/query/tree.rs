//! Shortest paths of one search that share their prefixes.
//!
//! A forward search's shortest paths form a tree: the path to a node is the
//! path to the state it was reached from, plus one edge. Storing each
//! answer's path whole repeats every prefix, which on a chain of n takeovers
//! is quadratic (2,000 recovery links gave a reach of a gigabyte). A
//! [`PathTree`] stores each step once, naming the step it continues, so an
//! answer's paths cost what the search visited; [`PathTree::path`] spells
//! one out when a renderer needs it whole, and [`PathTree::ends`] gives a
//! long one's first and last hops in constant time.
//!
//! A backward search (who reaches a mailbox) gives the same tree rooted at
//! the mailbox: each step names the step one hop *nearer the mailbox*, and
//! its edge leads from the step's node to that one.
//! [`PathTree::path_to_root`] and [`PathTree::ends_to_root`] read such a
//! tree, from a credential to the mailbox.

use petgraph::graph::{EdgeIndex, NodeIndex};

use super::{Hop, Path};

/// How many hops from the start [`Step::head`] remembers.
const HEAD: u32 = 2;

/// One node of a path tree: the node reached, the edge crossed to reach it,
/// and the step before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub node: NodeIndex,
    /// The edge from the previous step's node; `None` for a start.
    pub edge: Option<EdgeIndex>,
    /// The index of the previous step; `None` for a start.
    pub from: Option<u32>,
    /// Hops from the start.
    pub depth: u32,
    /// The step's ancestor `HEAD` hops from the start (itself if nearer).
    head: u32,
}

/// Paths sharing their prefixes; see the module documentation.
#[derive(Debug, Clone, Default)]
pub struct PathTree {
    steps: Vec<Step>,
}

impl PathTree {
    /// Adds a step continuing `from` (or a start), and returns its index.
    pub fn push(&mut self, node: NodeIndex, edge: Option<EdgeIndex>, from: Option<u32>) -> u32 {
        let index = self.steps.len() as u32;
        let (depth, head) = match from {
            None => (0, index),
            Some(previous) => {
                let previous = self.steps[previous as usize];
                let depth = previous.depth + 1;
                (depth, if depth <= HEAD { index } else { previous.head })
            }
        };
        self.steps.push(Step {
            node,
            edge,
            from,
            depth,
            head,
        });
        index
    }

    pub fn step(&self, index: u32) -> &Step {
        &self.steps[index as usize]
    }

    /// Every step, each after the one it continues.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The whole path ending at step `index`.
    pub fn path(&self, index: u32) -> Path {
        let mut hops = Vec::with_capacity(self.step(index).depth as usize);
        let mut at = self.step(index);
        while let (Some(edge), Some(from)) = (at.edge, at.from) {
            hops.push(Hop {
                edge,
                node: at.node,
            });
            at = self.step(from);
        }
        hops.reverse();
        Path {
            start: at.node,
            hops,
        }
    }

    /// The path ending at step `index` when it has at most `HEAD + tail`
    /// hops, or else its first `HEAD` hops (as a path) and its last `tail`
    /// hops, with the number left out between them. Constant time in the
    /// path's length.
    pub fn ends(&self, index: u32, tail: u32) -> (Path, Option<(u32, Vec<Hop>)>) {
        let step = self.step(index);
        if step.depth <= HEAD + tail {
            return (self.path(index), None);
        }
        let head = self.path(step.head);
        let mut last = Vec::with_capacity(tail as usize);
        let mut at = step;
        for _ in 0..tail {
            let (Some(edge), Some(from)) = (at.edge, at.from) else {
                break;
            };
            last.push(Hop {
                edge,
                node: at.node,
            });
            at = self.step(from);
        }
        last.reverse();
        (head, Some((step.depth - HEAD - tail, last)))
    }
}

impl PathTree {
    /// The path from step `index` to its root, for a tree whose steps each
    /// name the step their edge leads to (a backward search's).
    pub fn path_to_root(&self, index: u32) -> Path {
        let mut at = self.step(index);
        let start = at.node;
        let mut hops = Vec::with_capacity(at.depth as usize);
        while let (Some(edge), Some(next)) = (at.edge, at.from) {
            at = self.step(next);
            hops.push(Hop {
                edge,
                node: at.node,
            });
        }
        Path { start, hops }
    }

    /// Like [`PathTree::ends`], for [`PathTree::path_to_root`]: the path
    /// when it has at most `first + HEAD` hops, or else its first `first`
    /// hops (as a path), the number left out, and its last `HEAD` hops into
    /// the root. Constant time in the path's length.
    pub fn ends_to_root(&self, index: u32, first: u32) -> (Path, Option<(u32, Vec<Hop>)>) {
        let step = self.step(index);
        if step.depth <= HEAD + first {
            return (self.path_to_root(index), None);
        }
        let mut at = step;
        let mut hops = Vec::with_capacity(first as usize);
        for _ in 0..first {
            let (Some(edge), Some(next)) = (at.edge, at.from) else {
                break;
            };
            at = self.step(next);
            hops.push(Hop {
                edge,
                node: at.node,
            });
        }
        let beginning = Path {
            start: step.node,
            hops,
        };
        let last = self.path_to_root(step.head).hops;
        (beginning, Some((step.depth - HEAD - first, last)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: u32) -> (PathTree, u32) {
        let mut tree = PathTree::default();
        let mut last = tree.push(NodeIndex::new(0), None, None);
        for i in 1..=n {
            last = tree.push(
                NodeIndex::new(i as usize),
                Some(EdgeIndex::new(i as usize)),
                Some(last),
            );
        }
        (tree, last)
    }

    #[test]
    fn a_path_is_spelled_out_from_its_start() {
        let (tree, last) = chain(4);
        let path = tree.path(last);
        assert_eq!(path.start, NodeIndex::new(0));
        assert_eq!(
            path.nodes().map(|n| n.index()).collect::<Vec<_>>(),
            [0, 1, 2, 3, 4]
        );
        assert_eq!(tree.path(0).len(), 0);
    }

    #[test]
    fn the_ends_of_a_long_path_leave_out_its_middle() {
        let (tree, last) = chain(10_000);
        let (head, rest) = tree.ends(last, 3);
        assert_eq!(
            head.nodes().map(|n| n.index()).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        let (left_out, tail) = rest.expect("a long path is cut");
        assert_eq!(left_out, 10_000 - 5);
        assert_eq!(
            tail.iter().map(|h| h.node.index()).collect::<Vec<_>>(),
            [9_998, 9_999, 10_000]
        );
        let (short, rest) = tree.ends(5, 3);
        assert!(rest.is_none());
        assert_eq!(short.len(), 5);
    }

    #[test]
    fn a_backward_tree_reads_from_a_leaf_to_its_root() {
        // Step i continues step i - 1; read backward, the path from the
        // last step runs 10,000, 9,999, ..., 0.
        let (tree, last) = chain(10_000);
        let whole = tree.path_to_root(4);
        assert_eq!(
            whole.nodes().map(|n| n.index()).collect::<Vec<_>>(),
            [4, 3, 2, 1, 0]
        );
        assert_eq!(whole.hops[0].edge, EdgeIndex::new(4));
        let (beginning, rest) = tree.ends_to_root(last, 3);
        assert_eq!(
            beginning.nodes().map(|n| n.index()).collect::<Vec<_>>(),
            [10_000, 9_999, 9_998, 9_997]
        );
        let (left_out, last_hops) = rest.expect("a long path is cut");
        assert_eq!(left_out, 10_000 - 5);
        assert_eq!(
            last_hops.iter().map(|h| h.node.index()).collect::<Vec<_>>(),
            [1, 0]
        );
        assert!(tree.ends_to_root(5, 3).1.is_none());
    }
}
