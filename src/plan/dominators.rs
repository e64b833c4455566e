//! Dominators of a directed graph from one root (Lengauer and Tarjan, the
//! simple version with path compression: O(m log n)), without recursion.
//!
//! Node `d` dominates `v` when every path from the root to `v` passes
//! through `d`; so the nodes `d` dominates are exactly those that taking
//! `d` away cuts off. The budget uses this to know, in one pass, what each
//! single change would remove.

const NONE: u32 = u32::MAX;

/// A graph laid out for the dominator computation: successors and
/// predecessors by node.
pub struct Graph {
    succ_first: Vec<u32>,
    succ: Vec<u32>,
    pred_first: Vec<u32>,
    pred: Vec<u32>,
}

fn compress_rows(n: usize, arcs: &[(u32, u32)], by_tail: bool) -> (Vec<u32>, Vec<u32>) {
    let mut first = vec![0u32; n + 1];
    for &(a, b) in arcs {
        let key = if by_tail { a } else { b };
        first[key as usize + 1] += 1;
    }
    for i in 0..n {
        first[i + 1] += first[i];
    }
    let mut next = first.clone();
    let mut items = vec![0u32; arcs.len()];
    for &(a, b) in arcs {
        let (key, value) = if by_tail { (a, b) } else { (b, a) };
        items[next[key as usize] as usize] = value;
        next[key as usize] += 1;
    }
    (first, items)
}

impl Graph {
    pub fn new(nodes: usize, arcs: &[(u32, u32)]) -> Graph {
        let (succ_first, succ) = compress_rows(nodes, arcs, true);
        let (pred_first, pred) = compress_rows(nodes, arcs, false);
        Graph {
            succ_first,
            succ,
            pred_first,
            pred,
        }
    }

    fn node_count(&self) -> usize {
        self.succ_first.len() - 1
    }

    fn successors(&self, node: u32) -> &[u32] {
        &self.succ
            [self.succ_first[node as usize] as usize..self.succ_first[node as usize + 1] as usize]
    }

    fn predecessors(&self, node: u32) -> &[u32] {
        &self.pred
            [self.pred_first[node as usize] as usize..self.pred_first[node as usize + 1] as usize]
    }
}

/// The dominator tree of the nodes reachable from `root` through nodes
/// `alive` accepts.
pub struct Tree {
    /// The immediate dominator of each reached node (the root's is
    /// itself); `u32::MAX` for nodes not reached.
    pub idom: Vec<u32>,
    /// Reached nodes in depth-first preorder (the root first): every node
    /// comes after its dominators.
    pub preorder: Vec<u32>,
}

impl Tree {
    /// The sum of `weight` over each node's dominator subtree.
    pub fn subtree_sums(&self, weight: impl Fn(u32) -> u64) -> Vec<u64> {
        let mut sums = vec![0u64; self.idom.len()];
        for &node in self.preorder.iter().rev() {
            sums[node as usize] += weight(node);
            let parent = self.idom[node as usize];
            if parent != node {
                let own = sums[node as usize];
                sums[parent as usize] += own;
            }
        }
        sums
    }
}

pub fn dominators(graph: &Graph, root: u32, alive: impl Fn(u32) -> bool) -> Tree {
    let n = graph.node_count();
    let mut number = vec![NONE; n];
    let mut parent = vec![NONE; n];
    let mut vertex: Vec<u32> = Vec::new();
    // Depth-first numbering, with an explicit stack of (node, next child).
    let mut stack: Vec<(u32, u32)> = vec![(root, 0)];
    number[root as usize] = 0;
    vertex.push(root);
    while let Some(&mut (node, ref mut next)) = stack.last_mut() {
        let children = graph.successors(node);
        if (*next as usize) < children.len() {
            let child = children[*next as usize];
            *next += 1;
            if number[child as usize] == NONE && alive(child) {
                number[child as usize] = vertex.len() as u32;
                parent[child as usize] = node;
                vertex.push(child);
                stack.push((child, 0));
            }
        } else {
            stack.pop();
        }
    }

    let mut semi: Vec<u32> = number.clone();
    let mut idom = vec![NONE; n];
    let mut ancestor = vec![NONE; n];
    let mut label: Vec<u32> = (0..n as u32).collect();
    let mut bucket_head = vec![NONE; n];
    let mut bucket_next = vec![NONE; n];
    let mut path: Vec<u32> = Vec::new();

    let mut eval = |v: u32, ancestor: &mut Vec<u32>, label: &mut Vec<u32>, semi: &Vec<u32>| {
        if ancestor[v as usize] == NONE {
            return v;
        }
        path.clear();
        let mut x = v;
        while ancestor[ancestor[x as usize] as usize] != NONE {
            path.push(x);
            x = ancestor[x as usize];
        }
        while let Some(y) = path.pop() {
            let up = ancestor[y as usize];
            if semi[label[up as usize] as usize] < semi[label[y as usize] as usize] {
                label[y as usize] = label[up as usize];
            }
            ancestor[y as usize] = ancestor[up as usize];
        }
        label[v as usize]
    };

    for i in (1..vertex.len()).rev() {
        let w = vertex[i];
        for &v in graph.predecessors(w) {
            if number[v as usize] == NONE {
                continue;
            }
            let u = eval(v, &mut ancestor, &mut label, &semi);
            if semi[u as usize] < semi[w as usize] {
                semi[w as usize] = semi[u as usize];
            }
        }
        let s = vertex[semi[w as usize] as usize];
        bucket_next[w as usize] = bucket_head[s as usize];
        bucket_head[s as usize] = w;
        let p = parent[w as usize];
        ancestor[w as usize] = p;
        let mut v = bucket_head[p as usize];
        bucket_head[p as usize] = NONE;
        while v != NONE {
            let u = eval(v, &mut ancestor, &mut label, &semi);
            idom[v as usize] = if semi[u as usize] < semi[v as usize] {
                u
            } else {
                p
            };
            v = bucket_next[v as usize];
        }
    }
    for &w in vertex.iter().skip(1) {
        if idom[w as usize] != vertex[semi[w as usize] as usize] {
            idom[w as usize] = idom[idom[w as usize] as usize];
        }
    }
    idom[root as usize] = root;
    Tree {
        idom,
        preorder: vertex,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reachable(n: usize, arcs: &[(u32, u32)], root: u32, without: u32) -> Vec<bool> {
        let mut seen = vec![false; n];
        if root == without {
            return seen;
        }
        seen[root as usize] = true;
        let mut stack = vec![root];
        while let Some(x) = stack.pop() {
            for &(a, b) in arcs {
                if a == x && b != without && !seen[b as usize] {
                    seen[b as usize] = true;
                    stack.push(b);
                }
            }
        }
        seen
    }

    #[test]
    fn dominance_matches_removal_on_pseudo_random_graphs() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut draw = |bound: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % bound
        };
        for _ in 0..400 {
            let n = 1 + draw(9) as usize;
            let arcs: Vec<(u32, u32)> = (0..draw(25))
                .map(|_| (draw(n as u64) as u32, draw(n as u64) as u32))
                .collect();
            let graph = Graph::new(n, &arcs);
            let tree = dominators(&graph, 0, |_| true);
            let all = reachable(n, &arcs, 0, u32::MAX);
            // d dominates v iff removing d cuts v off.
            let dominates = |d: u32, v: u32| {
                let mut x = v;
                loop {
                    if x == d {
                        return true;
                    }
                    let up = tree.idom[x as usize];
                    if up == x {
                        return false;
                    }
                    x = up;
                }
            };
            for d in 1..n as u32 {
                let without = reachable(n, &arcs, 0, d);
                for v in 0..n as u32 {
                    if !all[v as usize] || v == d {
                        continue;
                    }
                    assert_eq!(
                        dominates(d, v),
                        !without[v as usize],
                        "{arcs:?}: does {d} dominate {v}?"
                    );
                }
            }
            for (reached, idom) in all.iter().zip(&tree.idom) {
                assert_eq!(*reached, *idom != NONE);
            }
        }
    }
}
