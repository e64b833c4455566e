//! Maximum flow and minimum cut on a compact arena: Dinic's algorithm over
//! arcs stored by tail (compressed rows), with an explicit stack instead of
//! recursion so a path as long as a 50,000-deep nesting of groups cannot
//! overflow the stack.
//!
//! On the networks the plan builds (every arc either a change's cost or
//! unbounded) the flow is bounded by the cheapest cut, so the number of
//! augmenting paths and of Dinic's phases stays small and each phase is
//! one breadth-first search and one blocking-flow pass over the arcs.

/// A capacity no cut can pay: the arc of something no change can remove.
pub const UNBOUNDED: u64 = u64::MAX / 4;

const NONE: u32 = u32::MAX;

/// The tag of an arc that carries none (and of every reverse arc).
pub const NO_TAG: u32 = u32::MAX;

/// In a search tree, the entry of a node not reached.
pub const UNREACHED: u32 = u32::MAX;

/// In a search tree, the entry of the root.
pub const ROOT: u32 = u32::MAX - 1;

/// Arcs collected before the network is laid out.
#[derive(Debug, Default)]
pub struct NetworkBuilder {
    nodes: u32,
    arcs: Vec<(u32, u32, u64, u32)>,
}

impl NetworkBuilder {
    /// A new node's index.
    pub fn node(&mut self) -> u32 {
        self.nodes += 1;
        self.nodes - 1
    }

    pub fn node_count(&self) -> u32 {
        self.nodes
    }

    /// Adds the arc `from -> to` carrying `tag` (any number the caller
    /// wants back, [`NO_TAG`] for none); returns its index in the built
    /// network's [`Network::arc`] numbering (the order arcs were added).
    pub fn arc(&mut self, from: u32, to: u32, capacity: u64, tag: u32) -> u32 {
        self.arcs.push((from, to, capacity, tag));
        self.arcs.len() as u32 - 1
    }

    /// Lays the arcs out by tail, each with its reverse (residual) arc.
    pub fn build(self) -> Network {
        let n = self.nodes as usize;
        let mut first = vec![0u32; n + 1];
        for &(from, to, _, _) in &self.arcs {
            first[from as usize + 1] += 1;
            first[to as usize + 1] += 1;
        }
        for i in 0..n {
            first[i + 1] += first[i];
        }
        let slots = first[n] as usize;
        let mut next = first.clone();
        let mut head = vec![0u32; slots];
        let mut partner = vec![0u32; slots];
        let mut capacity = vec![0u64; slots];
        let mut tags = vec![NO_TAG; slots];
        let mut position = Vec::with_capacity(self.arcs.len());
        for &(from, to, cap, tag) in &self.arcs {
            let forward = next[from as usize];
            next[from as usize] += 1;
            let backward = next[to as usize];
            next[to as usize] += 1;
            head[forward as usize] = to;
            capacity[forward as usize] = cap;
            tags[forward as usize] = tag;
            head[backward as usize] = from;
            partner[forward as usize] = backward;
            partner[backward as usize] = forward;
            position.push(forward);
        }
        let original = capacity.clone();
        Network {
            first,
            head,
            partner,
            residual: capacity,
            original,
            tags,
            position,
        }
    }
}

/// A flow network laid out by tail.
#[derive(Debug)]
pub struct Network {
    first: Vec<u32>,
    head: Vec<u32>,
    partner: Vec<u32>,
    residual: Vec<u64>,
    original: Vec<u64>,
    tags: Vec<u32>,
    /// The slot of each added arc.
    position: Vec<u32>,
}

impl Network {
    pub fn node_count(&self) -> usize {
        self.first.len() - 1
    }

    /// The slot of the `i`-th arc added.
    pub fn arc(&self, i: u32) -> usize {
        self.position[i as usize] as usize
    }

    /// The slots of the arcs leaving `node` (reverse arcs included: they
    /// have an original capacity of 0).
    pub fn slots(&self, node: u32) -> std::ops::Range<usize> {
        self.first[node as usize] as usize..self.first[node as usize + 1] as usize
    }

    pub fn head(&self, slot: usize) -> u32 {
        self.head[slot]
    }

    /// The tail of an arc: the head of its reverse.
    pub fn tail(&self, slot: usize) -> u32 {
        self.head[self.partner[slot] as usize]
    }

    /// The capacity the arc was added with (0 for a reverse arc).
    pub fn capacity(&self, slot: usize) -> u64 {
        self.original[slot]
    }

    pub fn tag(&self, slot: usize) -> u32 {
        self.tags[slot]
    }

    /// Changes an arc's capacity before any flow is sent.
    pub fn set_capacity(&mut self, slot: usize, capacity: u64) {
        self.original[slot] = capacity;
        self.residual[slot] = capacity;
    }

    /// Sends a maximum flow from `source` to `sink` (Dinic); returns its
    /// value.
    pub fn max_flow(&mut self, source: u32, sink: u32) -> u64 {
        let n = self.node_count();
        let mut level = vec![NONE; n];
        let mut cursor = vec![0u32; n];
        let mut queue = Vec::with_capacity(n);
        let mut path: Vec<usize> = Vec::new();
        let mut total = 0u64;
        loop {
            // Levels by breadth-first search over arcs with room left.
            level.fill(NONE);
            level[source as usize] = 0;
            queue.clear();
            queue.push(source);
            let mut next = 0;
            while next < queue.len() {
                let node = queue[next];
                next += 1;
                for slot in self.slots(node) {
                    let to = self.head[slot];
                    if self.residual[slot] > 0 && level[to as usize] == NONE {
                        level[to as usize] = level[node as usize] + 1;
                        queue.push(to);
                    }
                }
            }
            if level[sink as usize] == NONE {
                return total;
            }
            for (i, c) in cursor.iter_mut().enumerate() {
                *c = self.first[i];
            }
            // A blocking flow: advance along level-increasing arcs, retreat
            // from dead ends, augment on reaching the sink.
            path.clear();
            let mut at = source;
            loop {
                if at == sink {
                    let bottleneck = path
                        .iter()
                        .map(|&slot| self.residual[slot])
                        .min()
                        .unwrap_or(0);
                    total += bottleneck;
                    let mut retreat_to = None;
                    for (depth, &slot) in path.iter().enumerate() {
                        self.residual[slot] -= bottleneck;
                        self.residual[self.partner[slot] as usize] += bottleneck;
                        if self.residual[slot] == 0 && retreat_to.is_none() {
                            retreat_to = Some(depth);
                        }
                    }
                    let depth = retreat_to.unwrap_or(0);
                    path.truncate(depth);
                    at = path.last().map_or(source, |&slot| self.head[slot]);
                    continue;
                }
                let end = self.first[at as usize + 1];
                let mut advanced = false;
                while cursor[at as usize] < end {
                    let slot = cursor[at as usize] as usize;
                    let to = self.head[slot];
                    if self.residual[slot] > 0
                        && level[to as usize] != NONE
                        && level[to as usize] == level[at as usize] + 1
                    {
                        path.push(slot);
                        at = to;
                        advanced = true;
                        break;
                    }
                    cursor[at as usize] += 1;
                }
                if advanced {
                    continue;
                }
                // A dead end: nothing more flows through `at` in this phase.
                level[at as usize] = NONE;
                match path.pop() {
                    Some(slot) => {
                        at = self.tail(slot);
                        cursor[at as usize] += 1;
                    }
                    None => break,
                }
            }
        }
    }

    /// The nodes reachable from `source` over arcs with room left: after a
    /// maximum flow, the source side of a minimum cut.
    pub fn residual_side(&self, source: u32) -> Vec<bool> {
        self.tree(source, |slot| self.residual[slot] > 0)
            .into_iter()
            .map(|entry| entry != NONE)
            .collect()
    }

    /// A breadth-first search tree from `source` over the arcs `open` lets
    /// through: for each node, the slot of the arc it was first reached by
    /// ([`ROOT`] for the source, `u32::MAX` if unreached).
    pub fn tree(&self, source: u32, open: impl Fn(usize) -> bool) -> Vec<u32> {
        let mut entry = vec![NONE; self.node_count()];
        entry[source as usize] = ROOT;
        let mut queue = vec![source];
        let mut next = 0;
        while next < queue.len() {
            let node = queue[next];
            next += 1;
            for slot in self.slots(node) {
                let to = self.head[slot] as usize;
                if entry[to] == NONE && open(slot) {
                    entry[to] = slot as u32;
                    queue.push(to as u32);
                }
            }
        }
        entry
    }

    /// The slots of the tree path from the root to `node` (empty for the
    /// root), given a tree from [`Network::tree`]; `node` must be reached.
    pub fn tree_path(&self, entry: &[u32], node: u32) -> Vec<usize> {
        let mut slots = Vec::new();
        let mut at = node;
        while entry[at as usize] != ROOT {
            let slot = entry[at as usize] as usize;
            slots.push(slot);
            at = self.tail(slot);
        }
        slots.reverse();
        slots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn network(nodes: u32, arcs: &[(u32, u32, u64)]) -> Network {
        let mut builder = NetworkBuilder::default();
        for _ in 0..nodes {
            builder.node();
        }
        for &(from, to, capacity) in arcs {
            builder.arc(from, to, capacity, NO_TAG);
        }
        builder.build()
    }

    /// The value of a minimum cut by trying every side that holds the
    /// source and not the sink.
    fn brute_force_cut(nodes: u32, arcs: &[(u32, u32, u64)], source: u32, sink: u32) -> u64 {
        (0u32..1 << nodes)
            .filter(|side| side & (1 << source) != 0 && side & (1 << sink) == 0)
            .map(|side| {
                arcs.iter()
                    .filter(|&&(from, to, _)| side & (1 << from) != 0 && side & (1 << to) == 0)
                    .fold(0u64, |sum, &(_, _, capacity)| sum.saturating_add(capacity))
            })
            .min()
            .unwrap()
    }

    #[test]
    fn the_classic_example_has_flow_23() {
        // CLRS figure 26.1.
        let arcs = [
            (0, 1, 16),
            (0, 2, 13),
            (2, 1, 4),
            (1, 3, 12),
            (3, 2, 9),
            (2, 4, 14),
            (4, 3, 7),
            (3, 5, 20),
            (4, 5, 4),
        ];
        let mut net = network(6, &arcs);
        assert_eq!(net.max_flow(0, 5), 23);
        let side = net.residual_side(0);
        let cut: u64 = arcs
            .iter()
            .filter(|&&(a, b, _)| side[a as usize] && !side[b as usize])
            .map(|a| a.2)
            .sum();
        assert_eq!(cut, 23);
        assert!(!side[5]);
    }

    #[test]
    fn flow_equals_the_brute_force_minimum_cut_on_pseudo_random_networks() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut draw = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for _ in 0..300 {
            let nodes = 2 + draw(7) as u32;
            let arc_count = draw(20);
            let arcs: Vec<(u32, u32, u64)> = (0..arc_count)
                .map(|_| {
                    let capacity = if draw(5) == 0 { UNBOUNDED } else { 1 + draw(4) };
                    (
                        draw(nodes as u64) as u32,
                        draw(nodes as u64) as u32,
                        capacity,
                    )
                })
                .collect();
            let (source, sink) = (0, nodes - 1);
            let expected = brute_force_cut(nodes, &arcs, source, sink);
            if expected >= UNBOUNDED {
                continue;
            }
            let mut net = network(nodes, &arcs);
            assert_eq!(net.max_flow(source, sink), expected, "{arcs:?}");
        }
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000u32;
        let arcs: Vec<(u32, u32, u64)> = (0..n - 1).map(|i| (i, i + 1, 3)).collect();
        let mut net = network(n, &arcs);
        assert_eq!(net.max_flow(0, n - 1), 3);
    }
}
