//! docs/audit.md stays true: every rule's example model makes the audit
//! report that rule, the example configuration loads and suppresses what it
//! says, and every rule the audit has is documented with an example.
//!
//! Examples are the ```ron blocks right below a marker comment:
//! `<!-- audit-example: RULE -->` (a model), `<!-- audit-example-config:
//! RULE -->` (the configuration that model is audited with) and
//! `<!-- audit-config -->` (the complete configuration example).

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{Run, arg, fixture, mailgraph, repo_path};

const DOC: &str = "docs/audit.md";

/// A marked ```ron block of the document.
struct Block {
    /// The marker's name: `audit-example`, `audit-example-config`,
    /// `audit-config`.
    marker: String,
    /// What follows the marker's colon (a rule id), or empty.
    rule: String,
    /// The block's text.
    ron: String,
    /// The line of the marker, for messages.
    line: usize,
}

/// Every marked block of `text`. A marker must be followed at once by a
/// ```ron block that is closed.
fn marked_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(inner) = line
            .trim()
            .strip_prefix("<!--")
            .and_then(|rest| rest.strip_suffix("-->"))
        else {
            continue;
        };
        let inner = inner.trim();
        if !inner.starts_with("audit-") {
            continue;
        }
        let (marker, rule) = match inner.split_once(':') {
            Some((marker, rule)) => (marker.trim(), rule.trim()),
            None => (inner, ""),
        };
        assert_eq!(
            lines.get(index + 1).map(|l| l.trim()),
            Some("```ron"),
            "{DOC}:{}: the marker `{inner}` is not followed by a ```ron block",
            index + 1
        );
        let body: Vec<&str> = lines[index + 2..]
            .iter()
            .take_while(|l| l.trim() != "```")
            .copied()
            .collect();
        assert!(
            index + 2 + body.len() < lines.len(),
            "{DOC}:{}: the ```ron block is not closed",
            index + 2
        );
        blocks.push(Block {
            marker: marker.to_string(),
            rule: rule.to_string(),
            ron: body.join("\n") + "\n",
            line: index + 1,
        });
    }
    blocks
}

fn doc_blocks() -> Vec<Block> {
    let text = std::fs::read_to_string(repo_path(DOC)).expect("docs/audit.md is readable");
    marked_blocks(&text)
}

/// The blocks with `marker`, by rule id; a rule marked twice is an error.
fn by_rule<'b>(blocks: &'b [Block], marker: &str) -> BTreeMap<&'b str, &'b Block> {
    let mut map = BTreeMap::new();
    for block in blocks.iter().filter(|b| b.marker == marker) {
        assert!(
            !block.rule.is_empty(),
            "{DOC}:{}: `{marker}` names no rule",
            block.line
        );
        let previous = map.insert(block.rule.as_str(), block);
        assert!(
            previous.is_none(),
            "{DOC}:{}: a second `{marker}` for `{}`",
            block.line,
            block.rule
        );
    }
    map
}

/// The id of every rule, read from the `id: "..."` fields of the rule
/// sources (checked against the binary in
/// [`every_rule_is_documented_with_an_example`]).
fn rule_ids() -> BTreeSet<String> {
    let folder = repo_path("src/audit/rules");
    let mut ids = BTreeSet::new();
    for entry in std::fs::read_dir(&folder).expect("the rules folder") {
        let path = entry.expect("a rules file").path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).expect("a readable rules file");
        let mut rest = source.as_str();
        while let Some(start) = rest.find("id: \"") {
            rest = &rest[start + "id: \"".len()..];
            let end = rest.find('"').expect("a closing quote");
            ids.insert(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    ids
}

/// `mailgraph audit MODEL [--config CONFIG] --format json --today 2026-01-01`.
fn audit_json(
    model: &std::path::Path,
    config: Option<&std::path::Path>,
) -> (Run, serde_json::Value) {
    let mut args = vec![
        "audit",
        arg(model),
        "--format",
        "json",
        "--today",
        "2026-01-01",
    ];
    if let Some(config) = config {
        args.extend(["--config", arg(config)]);
    }
    let run = mailgraph(&args);
    run.expect_status(0);
    let value = serde_json::from_str(&run.stdout).expect("audit JSON");
    (run, value)
}

/// The rule ids of a report's findings.
fn fired(report: &serde_json::Value) -> Vec<String> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| finding["rule"].as_str().expect("a rule id").to_string())
        .collect()
}

#[test]
fn every_rule_example_makes_the_audit_report_its_rule() {
    let blocks = doc_blocks();
    let examples = by_rule(&blocks, "audit-example");
    let configs = by_rule(&blocks, "audit-example-config");
    assert!(!examples.is_empty(), "{DOC} has no audit examples");
    for (rule, block) in &configs {
        assert!(
            examples.contains_key(rule),
            "{DOC}:{}: a configuration for `{rule}`, which has no example",
            block.line
        );
    }
    for (rule, example) in &examples {
        let config = configs.get(rule).map(|block| block.ron.as_str());
        let dir = fixture(&[
            ("model.ron", &example.ron),
            ("audit.ron", config.unwrap_or("")),
        ]);
        let config_path = dir.path().join("audit.ron");
        let (_, report) = audit_json(
            &dir.path().join("model.ron"),
            config.map(|_| config_path.as_path()),
        );
        let fired = fired(&report);
        assert!(
            fired.iter().any(|id| id == rule),
            "{DOC}:{}: the example of `{rule}` does not trigger it; findings: {fired:?}",
            example.line
        );
    }
}

#[test]
fn the_example_configuration_loads_and_suppresses_a_finding() {
    let blocks = doc_blocks();
    let configs: Vec<&Block> = blocks
        .iter()
        .filter(|b| b.marker == "audit-config")
        .collect();
    assert_eq!(configs.len(), 1, "{DOC} needs one `audit-config` block");
    let dir = fixture(&[("audit.ron", &configs[0].ron)]);
    let (_, report) = audit_json(
        &repo_path("tests/fixtures/office"),
        Some(&dir.path().join("audit.ron")),
    );
    assert!(
        report["summary"]["suppressed"].as_u64().expect("a count") >= 1,
        "the example configuration suppresses nothing: {}",
        report["summary"]
    );
    let fired = fired(&report);
    for stale in ["expired-suppression", "unused-suppression"] {
        assert!(
            !fired.iter().any(|id| id == stale),
            "the example configuration draws `{stale}`"
        );
    }
}

#[test]
fn every_rule_is_documented_with_an_example() {
    let ids = rule_ids();
    // The ids read from the sources are exactly the audit's rules: the
    // configuration rejects an unknown id, and with all of them disabled
    // no rule runs.
    let disabled: Vec<String> = ids.iter().map(|id| format!("{id:?}")).collect();
    let dir = fixture(&[(
        "audit.ron",
        &format!("(disabled: [{}])\n", disabled.join(", ")),
    )]);
    let (_, report) = audit_json(
        &repo_path("tests/fixtures/office"),
        Some(&dir.path().join("audit.ron")),
    );
    assert_eq!(report["summary"]["rules_run"], 0, "rules not read: {ids:?}");

    let blocks = doc_blocks();
    let examples = by_rule(&blocks, "audit-example");
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !examples.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without an example in {DOC}: {missing:?}"
    );
    let unknown: Vec<&&str> = examples
        .keys()
        .filter(|rule| !ids.contains(**rule))
        .collect();
    assert!(
        unknown.is_empty(),
        "examples of unknown rules in {DOC}: {unknown:?}"
    );
}

#[test]
fn marked_blocks_are_read_with_their_rule() {
    let blocks = marked_blocks(
        "text\n<!-- audit-example: no-controller -->\n```ron\n(mailboxes: [])\n```\n<!-- other -->\n",
    );
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].marker, "audit-example");
    assert_eq!(blocks[0].rule, "no-controller");
    assert_eq!(blocks[0].ron, "(mailboxes: [])\n");
}
