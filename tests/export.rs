//! `mailgraph export opengraph|graphml`: the whole graph for BloodHound CE
//! and for GraphML tools, checked against the formats' documented rules,
//! redacted on request, and written whole or not at all.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::access::example;
use crate::support::{arg, fixture, mailgraph};

/// The rules of BloodHound's generic ingest schema, as SpecterOps publishes
/// it (BloodHound repository, cmd/api/src/services/upload/jsonschema/:
/// metadata.json, node.json, edge.json; and
/// https://bloodhound.specterops.io/opengraph/schema): the top level holds
/// `graph` with `nodes` and `edges`, and optional `metadata` with only a
/// `source_kind`; a node needs a string `id` and an array of string
/// `kinds`, and its `properties` (an object or null) hold no objects, and
/// arrays only of one primitive type; an edge needs `start`, `end`, a
/// `kind` of `[A-Za-z0-9_]+` and `properties` (same rule); an endpoint
/// matched by `id` or `name` has a string `value`.
fn assert_follows_the_opengraph_schema(document: &Value) {
    let top = document.as_object().expect("an object");
    if let Some(metadata) = top.get("metadata") {
        let metadata = metadata.as_object().expect("metadata is an object");
        for (key, value) in metadata {
            assert_eq!(key, "source_kind", "metadata allows source_kind only");
            assert!(value.is_string() || value.is_null());
        }
    }
    let properties_ok = |properties: &Value| match properties {
        Value::Null => true,
        Value::Object(map) => map.values().all(|value| match value {
            Value::String(_) | Value::Number(_) | Value::Bool(_) => true,
            Value::Array(items) => {
                items.iter().all(Value::is_string)
                    || items.iter().all(Value::is_number)
                    || items.iter().all(Value::is_boolean)
            }
            _ => false,
        }),
        _ => false,
    };
    let graph = &document["graph"];
    let nodes = graph["nodes"].as_array().expect("graph.nodes");
    let mut ids = BTreeSet::new();
    for node in nodes {
        let id = node["id"].as_str().expect("a node id");
        assert!(ids.insert(id.to_string()), "duplicate node id {id}");
        let kinds = node["kinds"].as_array().expect("node kinds");
        assert!(
            !kinds.is_empty() && kinds.iter().all(Value::is_string),
            "{node}"
        );
        assert!(
            properties_ok(node.get("properties").unwrap_or(&Value::Null)),
            "{node}"
        );
    }
    for edge in graph["edges"].as_array().expect("graph.edges") {
        let kind = edge["kind"].as_str().expect("an edge kind");
        assert!(
            !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "edge kind {kind}"
        );
        assert!(edge.get("properties").is_some_and(properties_ok), "{edge}");
        for end in ["start", "end"] {
            let endpoint = &edge[end];
            let match_by = endpoint
                .get("match_by")
                .and_then(Value::as_str)
                .unwrap_or("id");
            assert!(["id", "name"].contains(&match_by), "{edge}");
            let value = endpoint["value"].as_str().expect("an endpoint value");
            // Every edge names nodes of the same upload.
            assert!(ids.contains(value), "{end} {value} is no node");
        }
    }
}

fn organisation() -> tempfile::TempDir {
    fixture(&[("organisation.ron", &example())])
}

fn opengraph(args: &[&str]) -> Value {
    let run = mailgraph(args);
    run.expect_status(0);
    serde_json::from_str(&run.stdout).expect("OpenGraph JSON")
}

#[test]
fn opengraph_follows_the_schema_with_mailboxes_and_rights_as_kinds() {
    let dir = organisation();
    let document = opengraph(&["export", "opengraph", arg(dir.path())]);
    assert_follows_the_opengraph_schema(&document);
    assert_eq!(document["metadata"]["source_kind"], "MailGraph");
    let nodes = document["graph"]["nodes"].as_array().unwrap();
    let edges = document["graph"]["edges"].as_array().unwrap();
    // 6 accounts, 1 group, 5 mailboxes, 2 applications, 2 external
    // addresses, 4 scopes.
    assert_eq!(nodes.len(), 20);
    let kinds: BTreeSet<&str> = nodes
        .iter()
        .map(|n| n["kinds"][0].as_str().unwrap())
        .collect();
    for kind in [
        "MG_Account",
        "MG_Group",
        "MG_Mailbox",
        "MG_Application",
        "MG_ExternalAddress",
        "MG_Scope",
    ] {
        assert!(kinds.contains(kind), "{kind} missing: {kinds:?}");
    }
    let edge = |kind: &str, start: &str, end: &str| {
        edges
            .iter()
            .find(|e| e["kind"] == kind && e["start"]["value"] == start && e["end"]["value"] == end)
    };
    let permission = edge(
        "MG_AppPermission",
        "application:legacy-test",
        "scope:every mailbox",
    )
    .expect("the application's permission");
    assert_eq!(permission["properties"]["label"], "full_access_as_app");
    assert_eq!(permission["properties"]["gain"], "full");
    assert!(
        edge(
            "MG_OwnsApplication",
            "account:test.account",
            "application:legacy-test"
        )
        .is_some()
    );
    assert!(edge("MG_CanGrantItself", "account:admin", "scope:every mailbox").is_some());
    assert!(edge("MG_OwnsMailbox", "account:ceo", "mailbox:ceo@example.org").is_some());
    assert!(
        edge(
            "MG_InboxRuleCopiesMailOf",
            "mailbox:pa@example.org",
            "mailbox:ceo@example.org"
        )
        .is_some()
    );
    // The organisation-wide scope is written once, with one edge to each of
    // the five mailboxes, however many hold it.
    let in_scope = edges
        .iter()
        .filter(|e| e["kind"] == "MG_InScope" && e["start"]["value"] == "scope:every mailbox")
        .count();
    assert_eq!(in_scope, 5);
}

#[test]
fn the_2017_scenario_exports_to_a_valid_upload() {
    let scenario = crate::support::repo_path("data/parliament-2017");
    let document = opengraph(&["export", "opengraph", arg(&scenario)]);
    assert_follows_the_opengraph_schema(&document);
    let grants = document["graph"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "MG_FullAccess")
        .count();
    assert!(grants > 1000, "{grants} FullAccess edges");
}

#[test]
fn graphml_is_escaped_and_counts_every_node_and_edge() {
    let text = example().replace("\"Legacy test\"", "\"<Legacy & \\\"test\\\">\"");
    let dir = fixture(&[("organisation.ron", &text)]);
    let run = mailgraph(&["export", "graphml", arg(dir.path())]);
    run.expect_status(0)
        .stdout_has("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"")
        .stdout_has("<data key=\"label\">&lt;Legacy &amp; &quot;test&quot;&gt;</data>")
        .stdout_has("<edge id=\"e0\" ");
    assert_eq!(run.stdout.matches("<node ").count(), 20);
    let opengraph = opengraph(&["export", "opengraph", arg(dir.path())]);
    let edges = opengraph["graph"]["edges"].as_array().unwrap().len();
    assert_eq!(run.stdout.matches("<edge ").count(), edges);
    assert!(run.stdout.ends_with("</graph>\n</graphml>\n"));
}

#[test]
fn redacted_exports_leak_no_name() {
    let dir = organisation();
    for format in ["opengraph", "graphml"] {
        let run = mailgraph(&["export", format, arg(dir.path()), "--redact-key", "k"]);
        run.expect_status(0);
        for secret in [
            "LegacyTest",
            "legacy-test",
            "Invoices",
            "Exchange Administrator",
            "example.org",
            "leadership",
            "Chief",
        ] {
            assert!(!run.stdout.contains(secret), "{format} shows {secret}");
        }
    }
    let document = opengraph(&["export", "opengraph", arg(dir.path()), "--redact"]);
    assert_follows_the_opengraph_schema(&document);
}

#[test]
fn export_to_a_file_is_whole_or_nothing() {
    let dir = organisation();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("graph.json");
    mailgraph(&["export", "opengraph", arg(dir.path()), "-o", arg(&target)]).expect_status(0);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&target).unwrap()).unwrap();
    assert_follows_the_opengraph_schema(&written);
    // A model that does not load writes nothing.
    let bad = fixture(&[(
        "model.ron",
        "(accounts: [(id: \"a\")], grants: [(to: \"b\", on: \"m\", right: FullAccess)])",
    )]);
    let missing = out.path().join("bad.json");
    mailgraph(&["export", "graphml", arg(bad.path()), "-o", arg(&missing)])
        .expect_status(2)
        .stderr_has("unknown");
    assert!(!missing.exists());
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
}
