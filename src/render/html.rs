//! HTML for reports: escaping user data, and [`Page`], a self-contained
//! document whose Content-Security-Policy forbids everything but its own
//! inline style and script (allowed by their SHA-256 hashes), so a report
//! opened from a file makes no request and runs nothing it did not ship
//! with, whatever names it shows.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};

/// `text` safe as HTML text or a quoted attribute value: `& < > " '` as
/// entities; control characters (an ESC, a newline in a name) and the
/// invisible or direction-changing characters ([`is_hidden`]) shown as
/// `\u{..}`, so a name cannot reorder or hide what the reader sees.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `c` would act instead of showing: a control character, or an
/// invisible or direction-changing format character (U+061C, U+200B-U+200F,
/// U+2028-U+202E, U+2060-U+206F, U+FEFF).
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{206F}'
                | '\u{FEFF}'
        )
}

/// A text for inside a `<script type="application/json">` element: JSON
/// whose `<`, `>` and `&` are `\u` escapes, so no name can close the element.
pub fn script_json(value: &serde_json::Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// A complete HTML document: a title, one inline style, at most one inline
/// script, and a body written by the caller (already escaped).
pub struct Page {
    title: String,
    style: String,
    script: Option<String>,
    body: String,
}

/// The stylesheet every report shares.
pub const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:70rem}\
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}\
table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}\
th{background:#eee}td.n{text-align:right}.full{color:#a00;font-weight:bold}.read{color:#a60}\
.answer{border:1px solid #888;min-height:4rem;margin:.5rem 0 1rem}\
.note{color:#555}.warn{color:#a00;font-weight:bold}\
th.sortable{cursor:pointer}input.filter{margin:.25rem 0}\
th[aria-sort=ascending]::after{content:' \\25B2'}th[aria-sort=descending]::after{content:' \\25BC'}\
.figures{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}.figure{border:1px solid #bbb;border-radius:.4rem;padding:.5rem .75rem;max-width:16rem}\
.figure .value{display:block;font-size:2rem;font-weight:bold}.figure .what{color:#333}\
.diagram{overflow:auto;border:1px solid #ddd;max-height:85vh}.diagram svg{width:100%;height:auto}\
svg g.node{cursor:pointer}svg.selecting g.node:not(.lit),svg.selecting g.edge:not(.lit){opacity:.15}\
svg .lit polygon,svg .lit ellipse,svg .lit path{stroke:#d00;stroke-width:3}\
@media print{.answer{min-height:6rem}.tools{display:none}.diagram{max-height:none;overflow:visible}}";

impl Page {
    pub fn new(title: &str) -> Page {
        Page {
            title: escape(title),
            style: STYLE.to_string(),
            script: None,
            body: String::new(),
        }
    }

    /// Adds an inline script (allowed by its hash, nothing else is).
    pub fn script(mut self, script: &str) -> Page {
        self.script = Some(script.to_string());
        self
    }

    /// The body, to write escaped markup into.
    pub fn body(&mut self) -> &mut String {
        &mut self.body
    }

    /// The finished document.
    pub fn finish(self) -> String {
        let mut policy = format!(
            "default-src 'none'; style-src '{}'; img-src data:; base-uri 'none'; form-action 'none'",
            hash(&self.style)
        );
        if let Some(script) = &self.script {
            let _ = write!(policy, "; script-src '{}'", hash(script));
        }
        let mut out = String::with_capacity(self.body.len() + self.style.len() + 512);
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        let _ = writeln!(
            out,
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">"
        );
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // An empty icon, so a browser does not ask for /favicon.ico.
        out.push_str("<link rel=\"icon\" href=\"data:,\">\n");
        let _ = writeln!(out, "<title>{}</title>", self.title);
        let _ = writeln!(out, "<style>{}</style>", self.style);
        out.push_str("</head>\n<body>\n");
        out.push_str(&self.body);
        if let Some(script) = &self.script {
            let _ = writeln!(out, "<script>{script}</script>");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

/// The CSP source for an inline element's exact content: `sha256-<base64>`.
pub fn hash(content: &str) -> String {
    format!("sha256-{}", base64(&Sha256::digest(content.as_bytes())))
}

/// Standard base64 with padding (RFC 4648), for CSP hashes.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A table of escaped cells: `<table>` with a header row; `numeric` columns
/// are right-aligned.
pub struct HtmlTable {
    out: String,
    numeric: Vec<bool>,
}

impl HtmlTable {
    /// A table with `headers`; a header starting with `>` is a numeric
    /// column (the `>` is not shown), as [`super::Table`] does. `id` names
    /// the table for a report's script (sorting, filtering).
    pub fn new(id: &str, headers: &[&str]) -> HtmlTable {
        let mut out = format!("<table id=\"{}\">\n<thead><tr>", escape(id));
        let mut numeric = Vec::with_capacity(headers.len());
        for header in headers {
            let (is_numeric, text) = match header.strip_prefix('>') {
                Some(text) => (true, text),
                None => (false, *header),
            };
            numeric.push(is_numeric);
            let _ = write!(out, "<th>{}</th>", escape(text));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        HtmlTable { out, numeric }
    }

    /// A row of plain cells (escaped here).
    pub fn row<I, S>(&mut self, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.row_with(None, cells);
    }

    /// A row with `data-*` attributes (already-escaped values are escaped
    /// again here: pass raw text).
    pub fn row_with<I, S>(&mut self, data: Option<(&str, &str)>, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        match data {
            Some((name, value)) => {
                let _ = write!(self.out, "<tr data-{}=\"{}\">", name, escape(value));
            }
            None => self.out.push_str("<tr>"),
        }
        for (i, cell) in cells.into_iter().enumerate() {
            let class = if self.numeric.get(i).copied().unwrap_or(false) {
                " class=\"n\""
            } else {
                ""
            };
            let _ = write!(self.out, "<td{class}>{}</td>", escape(cell.as_ref()));
        }
        self.out.push_str("</tr>\n");
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</tbody>\n</table>\n");
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_hidden_characters_are_neutralised() {
        assert_eq!(
            escape("<script>alert('x')</script>\u{1b}[31m \"q\" a\u{202e}b &"),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\\u{1b}[31m &quot;q&quot; a\\u{202e}b &amp;"
        );
    }

    #[test]
    fn script_json_cannot_close_its_element() {
        let value = serde_json::json!({"name": "</script><b>&"});
        let text = script_json(&value);
        assert!(!text.contains("</"));
        assert!(!text.contains('&'));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&text).unwrap(),
            value
        );
    }

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        for (input, output) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), output);
        }
    }

    #[test]
    fn the_policy_allows_only_the_page_s_own_style_and_script() {
        let mut page = Page::new("t").script("let a = 1;");
        page.body().push_str("<p>x</p>\n");
        let html = page.finish();
        assert!(html.contains("default-src 'none'"));
        assert!(html.contains(&format!("script-src '{}'", hash("let a = 1;"))));
        assert!(html.contains(&format!("style-src '{}'", hash(STYLE))));
    }
}
