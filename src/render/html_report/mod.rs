//! The HTML reports (`--format html`) of reach, exposure, audit and notify:
//! one self-contained file each, readable offline and safe to open whatever
//! the names in it say.
//!
//! A [`Report`] is a [`Page`] (its Content-Security-Policy allows only its
//! own inline style and script, by hash) laid out as a title, key figures,
//! the Graphviz diagram inlined as SVG ([`EmbeddedDiagram`]) and tables that
//! sort and filter. `report.js`, the one script, sorts and filters the
//! tables and highlights the paths through a clicked node of the diagram.
//! Each answer has its own file here; all write through [`Report`] and
//! [`super::html`], so escaping and the policy are the same everywhere.

pub mod audit;
pub mod exposure;
pub mod notify;
pub mod reach;

use std::fmt::Write as _;

use super::dot::focus::{ClusterBy, Options};
use super::dot::{self, Diagram, graphviz};
use super::html::{self, HtmlTable, Page};
use crate::error::Error;

/// The report's script: table sorting and filtering, path highlighting.
const SCRIPT: &str = include_str!("report.js");

/// How a report's diagram is drawn: boxed by unit, summarised above 150
/// nodes (as `mailgraph dot` does by default).
pub const DIAGRAM_OPTIONS: Options = Options {
    cluster_by: ClusterBy::Unit,
    max_nodes: 150,
};

/// A report's diagram rendered by Graphviz to SVG for inlining, or why it
/// could not be (Graphviz missing, or refusing the diagram): the report
/// says so in the page, and the command on standard error.
pub struct EmbeddedDiagram {
    svg: Result<String, String>,
}

impl EmbeddedDiagram {
    /// Renders `diagram` through `dot -Tsvg`.
    pub fn render(diagram: &Diagram) -> EmbeddedDiagram {
        let svg = match graphviz::render(&dot::write(diagram), "svg") {
            Ok(bytes) => inline_svg(&bytes),
            Err(Error::Tool(message)) => Err(message),
            Err(error) => Err(error.to_string()),
        };
        EmbeddedDiagram { svg }
    }

    /// Why there is no diagram, if there is none.
    pub fn problem(&self) -> Option<&str> {
        self.svg.as_ref().err().map(String::as_str)
    }
}

/// Graphviz's SVG file as an element to put in HTML: the XML declaration,
/// the DOCTYPE and the comments before `<svg` left out. Graphviz escapes
/// every label (`&lt;`, `&amp;`), and the DOT ids it shows in `<title>` are
/// positions (`n12`), never names.
///
/// Graphviz keeps invisible and direction-changing characters of a label
/// as they are; each is written as `\u{..}` here, as [`html::escape`]
/// writes them in the rest of the page, so no name reorders or hides what
/// the diagram shows.
fn inline_svg(bytes: &[u8]) -> Result<String, String> {
    let text = String::from_utf8_lossy(bytes);
    let Some(start) = text.find("<svg") else {
        return Err("Graphviz's `dot -Tsvg` wrote no SVG".to_string());
    };
    let mut svg = String::with_capacity(text.len() - start);
    for c in text[start..].trim_end().chars() {
        if html::is_hidden(c) && !matches!(c, '\n' | '\r' | '\t') {
            let _ = write!(svg, "\\u{{{:x}}}", c as u32);
        } else {
            svg.push(c);
        }
    }
    Ok(svg)
}

/// A report being written, top to bottom.
pub struct Report {
    page: Page,
}

impl Report {
    /// A report with `title` as its heading.
    pub fn new(title: &str) -> Report {
        let mut page = Page::new(title).script(SCRIPT);
        let _ = writeln!(page.body(), "<h1>{}</h1>", html::escape(title));
        Report { page }
    }

    /// A paragraph of text (escaped here).
    pub fn paragraph(&mut self, text: &str) {
        let _ = writeln!(self.page.body(), "<p>{}</p>", html::escape(text));
    }

    /// A paragraph shown as a warning.
    pub fn warning(&mut self, text: &str) {
        let _ = writeln!(
            self.page.body(),
            "<p class=\"warn\">{}</p>",
            html::escape(text)
        );
    }

    /// A section heading.
    pub fn heading(&mut self, text: &str) {
        let _ = writeln!(self.page.body(), "<h2>{}</h2>", html::escape(text));
    }

    /// The key figures, each a number and what it counts, in large type.
    pub fn figures(&mut self, figures: &[(String, String)]) {
        let out = self.page.body();
        out.push_str("<div class=\"figures\">\n");
        for (value, what) in figures {
            let _ = writeln!(
                out,
                "<div class=\"figure\"><span class=\"value\">{}</span> <span class=\"what\">{}</span></div>",
                html::escape(value),
                html::escape(what)
            );
        }
        out.push_str("</div>\n");
    }

    /// The diagram, inline, with the line the script writes what a click
    /// highlighted into; or, without Graphviz, why it is missing.
    pub fn diagram(&mut self, diagram: &EmbeddedDiagram) {
        self.heading("Diagram");
        match &diagram.svg {
            Ok(svg) => {
                let out = self.page.body();
                out.push_str(
                    "<p id=\"diagram-status\" class=\"note\" aria-live=\"polite\">Click a node to highlight the paths through it.</p>\n",
                );
                let _ = writeln!(out, "<div class=\"diagram\">\n{svg}\n</div>");
            }
            Err(problem) => self.warning(&format!("No diagram: {problem}")),
        }
    }

    /// A table under a heading, with a filter box; `headers` as
    /// [`HtmlTable::new`] takes them (`>` marks a numeric column), cells
    /// escaped here.
    pub fn table<R, C>(&mut self, id: &str, heading: &str, headers: &[&str], rows: R)
    where
        R: IntoIterator<Item = Vec<C>>,
        C: AsRef<str>,
    {
        self.heading(heading);
        self.bare_table(id, heading, headers, rows);
    }

    /// A table with its filter box, under what is already written (a
    /// heading and paragraphs); `what` names it for the filter's label.
    pub fn bare_table<R, C>(&mut self, id: &str, what: &str, headers: &[&str], rows: R)
    where
        R: IntoIterator<Item = Vec<C>>,
        C: AsRef<str>,
    {
        let mut table = HtmlTable::new(id, headers);
        for row in rows {
            table.row(row);
        }
        let id = html::escape(id);
        let _ = writeln!(
            self.page.body(),
            "<p class=\"tools\"><input class=\"filter\" type=\"search\" data-table=\"{id}\" placeholder=\"Filter rows\" aria-label=\"Filter the rows of {}\"> <span id=\"{id}-shown\" class=\"note\"></span></p>",
            html::escape(what)
        );
        self.page.body().push_str(&table.finish());
    }

    /// The finished document.
    pub fn finish(mut self) -> String {
        let _ = writeln!(
            self.page.body(),
            "<p class=\"note\">Written by mailgraph {}. This file is self-contained: it loads nothing and sends nothing.</p>",
            env!("CARGO_PKG_VERSION")
        );
        self.page.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_prolog_is_left_out() {
        let svg = inline_svg(
            b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<!-- x -->\n<svg width=\"1\"><g/></svg>\n",
        );
        assert_eq!(svg.as_deref(), Ok("<svg width=\"1\"><g/></svg>"));
        assert!(inline_svg(b"nothing").is_err());
        assert_eq!(
            inline_svg("<svg><text>a\u{202e}b\u{200b}\n</text></svg>".as_bytes()).as_deref(),
            Ok("<svg><text>a\\u{202e}b\\u{200b}\n</text></svg>")
        );
    }

    #[test]
    fn a_missing_diagram_is_said_in_the_page() {
        let mut report = Report::new("t <b>");
        report.diagram(&EmbeddedDiagram {
            svg: Err("Graphviz's `dot` is not installed".to_string()),
        });
        let html = report.finish();
        assert!(html.contains("<h1>t &lt;b&gt;</h1>"), "{html}");
        assert!(
            html.contains("No diagram: Graphviz&#39;s `dot` is not installed"),
            "{html}"
        );
        assert!(html.contains(&html::hash(SCRIPT)), "{html}");
    }
}
