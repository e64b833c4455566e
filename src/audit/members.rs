use petgraph::graph::NodeIndex;

use crate::graph::{AccessGraph, Edge, Node};

/// The accounts (and mailbox credentials) in each group, through nesting,
/// computed once per audit. Cycles in nesting are followed once.
pub struct GroupMembers {
    /// Indexed by the group's position in `model.groups`; sorted node lists.
    effective: Vec<Vec<NodeIndex>>,
}

impl GroupMembers {
    pub fn of(graph: &AccessGraph) -> GroupMembers {
        let groups = graph.model().groups.len();
        let mut effective = Vec::with_capacity(groups);
        let mut seen = vec![u32::MAX; graph.node_count()];
        for group_index in 0..groups {
            let Some(group) = graph.principal(&graph.model().groups[group_index].id) else {
                effective.push(Vec::new());
                continue;
            };
            let stamp = group_index as u32;
            let mut members = Vec::new();
            let mut stack = vec![group];
            seen[group.index()] = stamp;
            while let Some(node) = stack.pop() {
                for (edge, source) in graph.in_edges(node) {
                    if graph.edge(edge) != Edge::Member || seen[source.index()] == stamp {
                        continue;
                    }
                    seen[source.index()] = stamp;
                    match graph.node(source) {
                        Node::Group(_) => stack.push(source),
                        _ => members.push(source),
                    }
                }
            }
            members.sort_unstable();
            effective.push(members);
        }
        GroupMembers { effective }
    }

    /// The accounts and mailbox credentials of a group node, through nesting.
    pub fn of_group(&self, graph: &AccessGraph, group: NodeIndex) -> &[NodeIndex] {
        match graph.node(group) {
            Node::Group(i) => &self.effective[i as usize],
            _ => &[],
        }
    }

    /// The credentials a principal stands for: itself, or a group's members.
    pub fn expand(&self, graph: &AccessGraph, principal: NodeIndex) -> Vec<NodeIndex> {
        match graph.node(principal) {
            Node::Group(_) => self.of_group(graph, principal).to_vec(),
            _ => vec![principal],
        }
    }
}
