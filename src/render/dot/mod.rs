//! Exposure diagrams as Graphviz DOT.
//!
//! A [`Diagram`] is what to draw (nodes with a kind and a state, edges with
//! a kind, optional clusters, a title), built from a query's answer by
//! [`focus`]. [`write`] turns it into DOT with dot-writer, into memory
//! (dot-writer unwraps its I/O errors, so it never writes to a pipe or a
//! file directly), and [`graphviz`] renders DOT to SVG, PNG or PDF.

mod escape;

pub mod focus;

pub mod graphviz;
mod style;

use std::collections::BTreeMap;

use dot_writer::{Attributes, DotWriter};

pub use escape::quoted;
pub use style::{EdgeKind, NodeKind, NodeState};

/// A node to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramNode {
    pub kind: NodeKind,
    pub state: NodeState,
    /// The text shown (already redacted if the output is), unescaped.
    pub label: String,
    /// The box it is drawn in, if clustering is on.
    pub cluster: Option<String>,
}

/// An edge to draw, between indices into [`Diagram::nodes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiagramEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    /// A short text on the edge (a folder role, a count), unescaped.
    pub label: Option<String>,
}

/// Everything a diagram shows. Nodes and edges are drawn in the order
/// given, so a deterministic builder gives a deterministic file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagram {
    pub title: String,
    pub nodes: Vec<DiagramNode>,
    pub edges: Vec<DiagramEdge>,
}

/// The diagram as DOT text.
pub fn write(diagram: &Diagram) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut writer = DotWriter::from(&mut bytes);
        writer.set_pretty_print(true);
        let mut graph = writer.digraph();
        graph
            .graph_attributes()
            .set_label(&quoted(&diagram.title))
            .set("labelloc", "t", false)
            .set("rankdir", "LR", false)
            .set("fontname", "Helvetica", false)
            .set("fontsize", "16", false);
        graph
            .node_attributes()
            .set("fontname", "Helvetica", false)
            .set("style", "filled", false);
        graph
            .edge_attributes()
            .set("fontname", "Helvetica", false)
            .set("fontsize", "10", false);

        // Clusters first, by name; then the nodes outside any cluster.
        let mut clusters: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut loose = Vec::new();
        for (index, node) in diagram.nodes.iter().enumerate() {
            match &node.cluster {
                Some(name) => clusters.entry(name.as_str()).or_default().push(index),
                None => loose.push(index),
            }
        }
        for (name, members) in &clusters {
            let mut cluster = graph.cluster();
            cluster
                .graph_attributes()
                .set_label(&quoted(name))
                .set("style", "rounded", false)
                .set("color", "\"#999999\"", false);
            for index in members {
                node_statement(&mut cluster, *index, &diagram.nodes[*index]);
            }
        }
        for index in loose {
            node_statement(&mut graph, index, &diagram.nodes[index]);
        }
        for edge in &diagram.edges {
            let (style, colour, width) = edge.kind.line();
            let statement = graph.edge(node_id(edge.from), node_id(edge.to));
            let mut attributes = statement.attributes();
            attributes
                .set("style", style, false)
                .set("color", &format!("\"{colour}\""), false)
                .set("penwidth", &width.to_string(), false);
            if let Some(label) = &edge.label {
                attributes.set_label(&quoted(label));
            }
        }
        legend(&mut graph, diagram);
    }
    // dot-writer writes an anonymous graph; its name is what an SVG shows
    // as the document's <title> (Graphviz would say `%3`), so it is the
    // diagram's title.
    if let Some(rest) = bytes.strip_prefix(b"digraph {".as_slice()) {
        let mut named = format!("digraph {} {{", quoted_id(&diagram.title)).into_bytes();
        named.extend_from_slice(rest);
        bytes = named;
    }
    bytes
}

/// A Graphviz shape's name as a reader knows it.
fn shape_word(shape: &str) -> &str {
    match shape {
        "ellipse" => "oval",
        "box3d" => "3-D box",
        "note" => "page",
        "component" => "component box",
        _ => shape,
    }
}

/// `text` as a quoted DOT id, on one line (a graph's name).
fn quoted_id(text: &str) -> String {
    let line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    format!("\"{}\"", quoted(&line))
}

/// DOT ids are positions, never names: a name cannot break the syntax.
fn node_id(index: usize) -> String {
    format!("n{index}")
}

fn node_statement(scope: &mut dot_writer::Scope<'_, '_>, index: usize, node: &DiagramNode) {
    let (fill, font) = node.state.colours();
    scope
        .node_named(node_id(index))
        .set_label(&quoted(&node.label))
        .set("shape", node.kind.shape(), false)
        .set("fillcolor", &format!("\"{fill}\""), false)
        .set("fontcolor", &format!("\"{font}\""), false);
}

/// A legend of the shapes, states and lines the diagram uses: one node
/// whose label is a small table (a row per shape, state and line, in a
/// smaller type), so that on a diagram of a few nodes the legend is not
/// larger than what it explains.
fn legend(graph: &mut dot_writer::Scope<'_, '_>, diagram: &Diagram) {
    let mut kinds: Vec<NodeKind> = diagram.nodes.iter().map(|n| n.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut states: Vec<NodeState> = diagram.nodes.iter().map(|n| n.state).collect();
    states.sort();
    states.dedup();
    let mut edges: Vec<EdgeKind> = diagram.edges.iter().map(|e| e.kind).collect();
    edges.sort();
    edges.dedup();
    if kinds.is_empty() {
        return;
    }
    // Every text here is the project's own (no names), so it needs no
    // escaping beyond what the table's HTML syntax asks. One row per
    // section, so the legend grows across (like the diagram, drawn left to
    // right) rather than down.
    let shapes: String = kinds
        .iter()
        .map(|kind| format!("<TD>{}: {}</TD>", shape_word(kind.shape()), kind.legend()))
        .collect();
    let swatches: String = states
        .iter()
        .map(|state| {
            let (fill, _) = state.colours();
            format!(
                "<TD BGCOLOR=\"{fill}\" BORDER=\"1\">   </TD><TD ALIGN=\"LEFT\">{}</TD>",
                state.legend()
            )
        })
        .collect();
    let lines: String = edges
        .iter()
        .map(|kind| {
            let (style, colour, _) = kind.line();
            let stroke = match style {
                "dashed" => "- - -",
                "dotted" => "· · ·",
                "bold" => "━━━",
                _ => "———",
            };
            format!(
                "<TD><FONT COLOR=\"{colour}\">{stroke}</FONT></TD><TD ALIGN=\"LEFT\">{}</TD>",
                kind.legend()
            )
        })
        .collect();
    let row = |cells: &str| {
        if cells.is_empty() {
            String::new()
        } else {
            format!(
                "<TR><TD ALIGN=\"LEFT\"><TABLE BORDER=\"0\" CELLSPACING=\"4\" CELLPADDING=\"0\"><TR>{cells}</TR></TABLE></TD></TR>"
            )
        }
    };
    let rows = format!("{}{}{}", row(&shapes), row(&swatches), row(&lines));
    let label = format!(
        "<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"1\"><TR><TD ALIGN=\"LEFT\"><B>Legend</B></TD></TR>{rows}</TABLE>>"
    );
    graph
        .node_named("legend")
        .set("label", &label, false)
        .set("shape", "box", false)
        .set("style", "rounded", false)
        .set("color", "\"#cccccc\"", false)
        .set("fontsize", "8", false)
        .set("margin", "0.05", false);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nasty() -> Diagram {
        let names = [
            "Quote \" and backslash \\ end\\",
            "New\nline",
            "<b>&amp;</b> {braces} [x]",
            "Zoë Ünïcødé 東京",
            "\\N \\G \\l",
        ];
        let nodes = names
            .iter()
            .enumerate()
            .map(|(i, name)| DiagramNode {
                kind: NodeKind::ALL[i % NodeKind::ALL.len()],
                state: NodeState::ALL[i % NodeState::ALL.len()],
                label: name.to_string(),
                cluster: (i % 2 == 0).then(|| format!("unit \"{i}\" {{}}")),
            })
            .collect();
        let edges = EdgeKind::ALL
            .iter()
            .enumerate()
            .map(|(i, kind)| DiagramEdge {
                from: i % names.len(),
                to: (i + 1) % names.len(),
                kind: *kind,
                label: Some(format!("edge \"{i}\"\n\\")),
            })
            .collect();
        Diagram {
            title: "Title \"with\" quotes\nand lines".to_string(),
            nodes,
            edges,
        }
    }

    #[test]
    fn node_ids_are_never_names() {
        let text = String::from_utf8(write(&nasty())).unwrap();
        assert!(
            text.contains("n0 [label=\"Quote \\\" and backslash \\\\ end\\\\\""),
            "{text}"
        );
        assert!(text.contains("n0 -> n1"), "{text}");
    }

    #[test]
    fn graphviz_accepts_nasty_labels() {
        let dot = write(&nasty());
        match graphviz::render(&dot, "svg") {
            Ok(svg) => {
                let svg = String::from_utf8(svg).unwrap();
                assert!(svg.contains("Zoë Ünïcødé 東京"), "{svg}");
                assert!(
                    svg.contains("&lt;b&gt;&amp;amp;&lt;/b&gt; {braces} [x]"),
                    "{svg}"
                );
                assert!(svg.contains("\\N \\G \\l"), "{svg}");
            }
            Err(crate::Error::Tool(message)) if message.contains("not installed") => {
                assert!(
                    std::env::var_os("CI").is_none(),
                    "Graphviz is missing under CI: {message}"
                );
            }
            Err(error) => panic!("{error}"),
        }
    }
}
