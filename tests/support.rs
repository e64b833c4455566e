//! Running the `mailgraph` binary on fixtures, and what it printed.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// What a run of `mailgraph` printed and how it exited.
#[derive(Debug)]
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit status, showing everything printed when it differs.
    #[track_caller]
    pub fn expect_status(&self, status: i32) -> &Run {
        assert_eq!(
            self.status, status,
            "exit status\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts that standard error contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that standard output contains `needle`.
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n--- stdout\n{}",
            self.stdout
        );
        self
    }
}

/// Runs `mailgraph` with `args` in `dir` (the crate root when `None`).
pub fn mailgraph_in(dir: Option<&Path>, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args(args)
        .current_dir(dir.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR"))))
        .env("NO_COLOR", "1")
        .output()
        .expect("the mailgraph binary runs");
    Run {
        status: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `mailgraph` with `args` from the crate root.
pub fn mailgraph(args: &[&str]) -> Run {
    mailgraph_in(None, args)
}

/// A path inside the repository.
pub fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// A temporary folder holding `files` (relative path, contents).
pub fn fixture(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, contents).expect("the fixture is written");
    }
    dir
}

/// `path` as a string argument.
pub fn arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The values at `pointers` (JSON pointers, `/a/b`) of each element of the
/// JSON array `array`, as text: strings unquoted, anything else as JSON.
pub fn rows(array: &serde_json::Value, pointers: &[&str]) -> Vec<Vec<String>> {
    array
        .as_array()
        .unwrap_or_else(|| panic!("an array, not {array}"))
        .iter()
        .map(|element| {
            pointers
                .iter()
                .map(|pointer| match element.pointer(pointer) {
                    Some(serde_json::Value::String(text)) => text.clone(),
                    Some(other) => other.to_string(),
                    None => panic!("{pointer} missing from {element}"),
                })
                .collect()
        })
        .collect()
}

/// The value at `pointer` of each element of `array`, as text.
pub fn column(array: &serde_json::Value, pointer: &str) -> Vec<String> {
    rows(array, &[pointer]).into_iter().flatten().collect()
}

/// The (rule, object ids) of every finding of `audit --format json`.
pub fn audit_findings(run: &Run) -> Vec<(String, Vec<String>)> {
    let value: serde_json::Value = serde_json::from_str(&run.stdout).expect("audit JSON");
    value["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| {
            let objects = finding["objects"]
                .as_array()
                .expect("objects")
                .iter()
                .map(|object| object["id"].as_str().expect("id").to_string())
                .collect();
            (finding["rule"].as_str().expect("rule").to_string(), objects)
        })
        .collect()
}

/// The path of an item (a credential or mailbox) of `reach --format json`,
/// spelled out from the document's `steps` as `{"start", "hops": [...]}`
/// (each hop the step's fields, with `to` for its id).
/// The path of an exposure's credential `item` spelled out from the
/// exposure's `steps` table (each step names the step its hop leads to),
/// as `{"start", "hops": [{"id", "kind", "edge", "right", "to", ...}]}`:
/// each hop carries the step it leaves from, `to` the node it reaches.
pub fn exposure_path(exposure: &serde_json::Value, item: &serde_json::Value) -> serde_json::Value {
    let steps = exposure["steps"].as_array().expect("steps");
    let start = item["step"].as_u64().expect("a step index") as usize;
    let mut at = start;
    let mut hops = Vec::new();
    while let Some(next) = steps[at]["to"].as_u64() {
        let mut hop = steps[at].clone();
        hop["to"] = steps[next as usize]["id"].clone();
        hop["kind"] = steps[next as usize]["kind"].clone();
        hops.push(hop);
        at = next as usize;
    }
    assert_eq!(hops.len() as u64, item["hops"].as_u64().unwrap());
    serde_json::json!({ "start": steps[start]["id"], "start_kind": steps[start]["kind"], "hops": hops })
}

pub fn reach_path(reach: &serde_json::Value, item: &serde_json::Value) -> serde_json::Value {
    let steps = reach["steps"].as_array().expect("steps");
    let mut at = item["step"].as_u64().expect("a step index") as usize;
    let mut hops = Vec::new();
    loop {
        let step = &steps[at];
        match step["from"].as_u64() {
            Some(from) => {
                let mut hop = step.clone();
                hop["to"] = step["id"].clone();
                hops.push(hop);
                at = from as usize;
            }
            None => {
                hops.reverse();
                assert_eq!(hops.len() as u64, item["hops"].as_u64().unwrap());
                return serde_json::json!({ "start": step["id"], "hops": hops });
            }
        }
    }
}
