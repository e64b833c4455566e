//! Rendering DOT through Graphviz's `dot` program, for `-o` files ending in
//! .svg, .png or .pdf.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::error::Error;

/// Output formats Graphviz renders for us.
pub const FORMATS: [&str; 3] = ["svg", "png", "pdf"];

/// `dot` (DOT text) rendered to `format` by Graphviz, or why not.
pub fn render(dot: &[u8], format: &str) -> Result<Vec<u8>, Error> {
    render_with_warnings(dot, format).map(|(bytes, _)| bytes)
}

/// Like [`render`], with the warnings Graphviz printed while succeeding
/// (such as "graph is too large for cairo-renderer bitmaps. Scaling by
/// ..."), one per line, for the caller to pass on: a diagram scaled down
/// to fit is not one to trust without saying so.
pub fn render_with_warnings(dot: &[u8], format: &str) -> Result<(Vec<u8>, Vec<String>), Error> {
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            if error.kind() == std::io::ErrorKind::NotFound {
                Error::Tool(format!(
                    "writing .{format} needs Graphviz's `dot`, which is not installed: install the `graphviz` package (for example `apt-get install graphviz`), or write DOT with `-o FILE.dot`"
                ))
            } else {
                Error::Tool(format!("cannot run Graphviz's `dot`: {error}"))
            }
        })?;
    // Feed stdin from a thread so a large output cannot deadlock the pipes.
    let mut stdin = child.stdin.take().expect("stdin was piped");
    let input = dot.to_vec();
    let feeder = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .map_err(|error| Error::Tool(format!("Graphviz's `dot` failed: {error}")))?;
    let _ = feeder.join();
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Tool(format!(
            "Graphviz's `dot` rejected the diagram: {}",
            message.trim()
        )));
    }
    let warnings = String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(str::to_string)
        .collect();
    Ok((output.stdout, warnings))
}
