//! GraphML (the XML graph format Gephi, yEd and Cytoscape read): one
//! `<node>` per graph node with its kind, id and name, one `<edge>` per
//! edge with its kind, label and what it gives. Text is escaped for XML,
//! and characters XML cannot hold are replaced.

use std::io::{self, Write};

use super::opengraph::{edge_kind, node_kind};
use super::{for_each_edge, gain_name, node_id, right};
use crate::render::Labels;

/// Text safe inside an XML attribute or element: the five special
/// characters as entities, and control characters XML 1.0 does not allow
/// as U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

const KEYS: &[(&str, &str, &str)] = &[
    ("kind", "node", "kind"),
    ("name", "node", "name"),
    ("label", "node", "label"),
    ("ekind", "edge", "kind"),
    ("elabel", "edge", "label"),
    ("gain", "edge", "gain"),
];

/// Writes the whole graph as GraphML, node by node and edge by edge.
pub fn write(labels: &Labels<'_>, out: &mut dyn Write) -> io::Result<()> {
    let graph = labels.graph();
    writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
    writeln!(
        out,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">"
    )?;
    for (id, domain, name) in KEYS {
        writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"string\"/>"
        )?;
    }
    writeln!(out, "  <graph id=\"mailgraph\" edgedefault=\"directed\">")?;
    for node in graph.graph().node_indices() {
        writeln!(
            out,
            "    <node id=\"{}\"><data key=\"kind\">{}</data><data key=\"name\">{}</data><data key=\"label\">{}</data></node>",
            escape(&node_id(labels, node)),
            node_kind(graph.node(node)),
            escape(&labels.id(node)),
            escape(&labels.name(node)),
        )?;
    }
    let mut failed = Ok(());
    let mut count = 0usize;
    for_each_edge(graph, |from, to, edge| {
        if failed.is_err() {
            return;
        }
        failed = writeln!(
            out,
            "    <edge id=\"e{count}\" source=\"{}\" target=\"{}\"><data key=\"ekind\">{}</data><data key=\"elabel\">{}</data><data key=\"gain\">{}</data></edge>",
            escape(&node_id(labels, from)),
            escape(&node_id(labels, to)),
            edge_kind(graph.edge(edge), right(graph, edge)),
            escape(&labels.edge(edge)),
            gain_name(graph.gain(edge)),
        );
        count += 1;
    });
    failed?;
    writeln!(out, "  </graph>\n</graphml>")
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_replaces_what_xml_cannot_hold() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>\u{1}\u{1b}[31m\n"),
            "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;\u{FFFD}\u{FFFD}[31m\n"
        );
    }
}
