//! Diagrams that do not mislead: an incident draws every way in of each
//! credential held, a path colours what it passes by state, `--max-nodes`
//! caps what is drawn (and Graphviz's warnings reach the user), titles say
//! "1 user", an SVG's <title> is the diagram's, and a small diagram's
//! legend is not larger than the diagram.

use std::collections::BTreeMap;
use std::process::Command;

use crate::dot::svg;
use crate::support::{arg, fixture, mailgraph, repo_path};

/// A drawn node of a DOT text: its label (as escaped in the DOT) and fill.
#[derive(Debug, Clone)]
struct Drawn {
    label: String,
    fill: String,
}

/// The answer's nodes (`n0`, `n1`, ...) of a DOT text, by id; the legend
/// is not among them.
fn drawn(dot: &str) -> BTreeMap<String, Drawn> {
    dot.lines()
        .map(str::trim)
        .filter(|line| line.starts_with('n') && line.contains(" [label=\"") && !line.contains("->"))
        .filter_map(|line| {
            let (id, rest) = line.split_once(" [label=\"")?;
            id[1..].parse::<usize>().ok()?;
            let label = rest.split("\", shape=").next()?.to_string();
            let fill = rest
                .split("fillcolor=\"")
                .nth(1)?
                .split('"')
                .next()?
                .to_string();
            Some((id.to_string(), Drawn { label, fill }))
        })
        .collect()
}

/// The edges of a DOT text, as (from, to) node ids.
fn edges(dot: &str) -> Vec<(String, String)> {
    dot.lines()
        .map(str::trim)
        .filter_map(|line| {
            let (from, rest) = line.split_once(" -> ")?;
            let to = rest.split_whitespace().next()?;
            from.starts_with('n')
                .then(|| (from.to_string(), to.to_string()))
        })
        .collect()
}

/// The id of the one node whose label starts with `label`.
fn node(nodes: &BTreeMap<String, Drawn>, label: &str) -> String {
    let found: Vec<&String> = nodes
        .iter()
        .filter(|(_, n)| n.label.starts_with(label))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(found.len(), 1, "{label}: {nodes:?}");
    found[0].clone()
}

fn dot_of(args: &[&str]) -> String {
    let mut all = vec!["dot"];
    all.extend_from_slice(args);
    let run = mailgraph(&all);
    run.expect_status(0);
    run.stdout
}

const GROUP: &str = r#"(
    accounts: [(id: "a"), (id: "b")],
    groups: [
        (id: "team", members: ["a", "b"]),
        (id: "idle", members: ["b"]),
    ],
    mailboxes: [
        (id: "a@x", kind: Personal, owner: "a"),
        (id: "b@x", kind: Personal, owner: "b"),
        (id: "shared@x", kind: Shared, data_subjects: 77),
    ],
    grants: [(to: "team", on: "shared@x", right: FullAccess)],
)"#;

#[test]
fn an_incident_draws_every_way_in_of_each_credential_held() {
    let dir = fixture(&[("model.ron", GROUP)]);
    let text = dot_of(&[
        arg(dir.path()),
        "--from",
        "a",
        "--from",
        "b",
        "--cluster-by",
        "none",
    ]);
    let nodes = drawn(&text);
    let edges = edges(&text);
    let team = node(&nodes, "team");
    // The shared mailbox's one shortest path starts at `a`; `b` reaches it
    // through the same group, and that edge is drawn too.
    let a = nodes
        .iter()
        .find(|(_, n)| n.label == "a")
        .unwrap()
        .0
        .clone();
    let b = nodes
        .iter()
        .find(|(_, n)| n.label == "b")
        .unwrap()
        .0
        .clone();
    let shared = node(&nodes, "shared@x");
    assert!(edges.contains(&(a, team.clone())), "{text}");
    assert!(edges.contains(&(b, team.clone())), "{text}");
    assert!(edges.contains(&(team, shared)), "{text}");
    // A group that gives nothing explains nothing: it is not drawn.
    assert!(!text.contains("label=\"idle"), "{text}");
    svg(&text);
}

#[test]
fn the_2017_committee_clerk_is_drawn_with_his_group_and_the_committee_mailbox() {
    let scenario = repo_path("data/parliament-2017");
    let text = dot_of(&[arg(&scenario), "--incident", "june-2017"]);
    let nodes = drawn(&text);
    let edges = edges(&text);
    let clerk = node(&nodes, "Nnamdi Eze\\nCommons administration");
    let group = node(&nodes, "Regional Affairs Committee staff");
    let committee = node(&nodes, "Commons Select Committee on Regional Affairs");
    assert!(edges.contains(&(clerk, group.clone())), "{text}");
    assert!(edges.contains(&(group, committee)), "{text}");
    assert!(
        text.contains(
            "23 compromised, 26 users affected, 39 mailboxes exposed (28 personal, 11 generic)"
        ),
        "{}",
        text.lines().nth(1).unwrap_or("")
    );
}

const CHAIN: &str = r#"(
    accounts: [(id: "a"), (id: "b")],
    mailboxes: [
        (id: "m@x", kind: Shared),
        (id: "t@x", kind: Personal, owner: "b"),
    ],
    grants: [(to: "a", on: "m@x", right: FullAccess)],
    recovery: [(account: "b", mailbox: "m@x")],
)"#;

#[test]
fn a_path_colours_what_it_passes_by_state_never_untouched() {
    let dir = fixture(&[("model.ron", CHAIN)]);
    let text = dot_of(&[arg(dir.path()), "--path", "a", "t@x"]);
    let nodes = drawn(&text);
    let fill = |label: &str| nodes[&node(&nodes, label)].fill.clone();
    assert_eq!(fill("a"), "#b2182b", "compromised: {text}");
    assert_eq!(fill("m@x"), "#f4a582", "mailbox exposed in full: {text}");
    assert_eq!(fill("b"), "#e66101", "account taken over: {text}");
    assert_eq!(fill("t@x"), "#762a83", "in focus: {text}");
    assert!(nodes.values().all(|n| n.fill != "#ffffff"), "{text}");
    assert!(!text.contains("untouched"), "{text}");
    svg(&text);

    // The exposure of t@x draws the same intermediates by state.
    let text = dot_of(&[arg(dir.path()), "--exposure", "t@x"]);
    let nodes = drawn(&text);
    assert!(nodes.values().all(|n| n.fill != "#ffffff"), "{text}");
}

/// `n` accounts, each alone in its unit, each with a mailbox.
fn one_person_units(n: usize) -> String {
    let mut accounts = String::new();
    let mut mailboxes = String::new();
    for i in 0..n {
        accounts.push_str(&format!(
            "(id: \"u{i}\", role: \"Role {}\", unit: \"Unit {i}\"),",
            i % 5
        ));
        mailboxes.push_str(&format!(
            "(id: \"u{i}@x\", kind: Personal, owner: \"u{i}\"),"
        ));
    }
    format!("(accounts: [{accounts}], mailboxes: [{mailboxes}])")
}

#[test]
fn max_nodes_caps_what_is_drawn() {
    let dir = fixture(&[("model.ron", &one_person_units(3_000))]);
    let text = dot_of(&[arg(dir.path()), "--all"]);
    let count = drawn(&text).len();
    assert!((1..=150).contains(&count), "{count} nodes drawn");
    assert!(
        text.contains("summarised: 6000 nodes in 5 roles"),
        "{}",
        text.lines().next().unwrap()
    );
    // A personal mailbox goes with its owner's role.
    assert!(text.contains("Role 3\\n600 account"), "{text}");
    for cap in [1, 3, 40] {
        let text = dot_of(&[arg(dir.path()), "--all", "--max-nodes", &cap.to_string()]);
        let count = drawn(&text).len();
        assert!(
            count <= cap && count > 0,
            "--max-nodes {cap}: {count} drawn"
        );
    }
    svg(&text);
}

#[test]
fn the_whole_2017_scenario_is_drawn_under_the_cap() {
    let scenario = repo_path("data/parliament-2017");
    let text = dot_of(&[arg(&scenario), "--all"]);
    let count = drawn(&text).len();
    assert!((1..=150).contains(&count), "{count} nodes drawn");
    let by_controller = dot_of(&[
        arg(&scenario),
        "--all",
        "--cluster-by",
        "controller",
        "--max-nodes",
        "60",
    ]);
    assert!(drawn(&by_controller).len() <= 60);
}

/// Whether Graphviz's `dot` runs here (under CI it must).
fn graphviz() -> bool {
    svg("digraph {}").is_some()
}

#[test]
fn graphviz_warnings_reach_standard_error() {
    if !graphviz() {
        return;
    }
    // 600 unconnected accounts stand in one column, taller than a bitmap
    // may be: Graphviz scales the PNG down, and says so.
    let accounts: String = (0..600).map(|i| format!("(id: \"u{i}\"),")).collect();
    let dir = fixture(&[("model.ron", &format!("(accounts: [{accounts}])"))]);
    let out = tempfile::tempdir().unwrap();
    let png = out.path().join("all.png");
    let run = mailgraph(&[
        "dot",
        arg(dir.path()),
        "--all",
        "--cluster-by",
        "none",
        "--max-nodes",
        "1000",
        "-o",
        arg(&png),
    ]);
    run.expect_status(0)
        .stderr_has("warning: Graphviz:")
        .stderr_has("too large");
    assert!(png.exists());
}

#[test]
fn titles_count_in_the_singular_and_name_the_svg() {
    let dir = fixture(&[(
        "model.ron",
        r#"(accounts: [(id: "s")], mailboxes: [(id: "s@x", kind: Personal, owner: "s", data_subjects: 1)])"#,
    )]);
    let reach = dot_of(&[arg(dir.path()), "--from", "s"]);
    assert!(
        reach.contains("1 compromised, 1 user affected, 1 mailbox exposed (1 personal, 0 generic), 1 person's data"),
        "{reach}"
    );
    let path = dot_of(&[arg(dir.path()), "--path", "s", "s@x"]);
    assert!(path.contains("1 shortest path of 1 hop\""), "{path}");
    let exposure = dot_of(&[arg(dir.path()), "--exposure", "s@x"]);
    assert!(
        exposure.contains(": 1 credential, 1 without MFA"),
        "{exposure}"
    );
    let all = dot_of(&[arg(dir.path()), "--all"]);
    assert!(
        all.contains("1 account, 1 mailbox, 0 groups, 0 grants"),
        "{all}"
    );

    if let Some(svg) = svg(&reach) {
        let title = svg
            .split("<title>")
            .nth(1)
            .unwrap()
            .split("</title>")
            .next()
            .unwrap();
        assert!(
            title.starts_with("Compromised credentials: 1 compromised"),
            "{title}"
        );
    }
}

/// A node of Graphviz's plain output: name, width and height in inches.
type PlainNode = (String, f64, f64);

/// Graphviz's plain output of `dot`: each node, and the whole drawing's
/// width and height, in inches.
fn plain(dot: &str) -> Option<(Vec<PlainNode>, (f64, f64))> {
    let mut child = Command::new("dot")
        .arg("-Tplain")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), dot.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let number = |field: &str| field.parse::<f64>().unwrap();
    let mut nodes = Vec::new();
    let mut size = (0.0, 0.0);
    for line in text.lines() {
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.first() {
            Some(&"graph") => size = (number(fields[2]), number(fields[3])),
            Some(&"node") => {
                nodes.push((fields[1].to_string(), number(fields[4]), number(fields[5])))
            }
            _ => {}
        }
    }
    Some((nodes, size))
}

/// The legend's area, and the area of the diagram drawn without it, in
/// square inches.
fn legend_and_diagram_areas(dot: &str) -> Option<(f64, f64)> {
    let (nodes, _) = plain(dot)?;
    let (_, w, h) = nodes.iter().find(|(name, ..)| name == "legend")?;
    let without: String = dot
        .lines()
        .filter(|line| !line.trim_start().starts_with("legend ["))
        .map(|line| format!("{line}\n"))
        .collect();
    let (_, (width, height)) = plain(&without)?;
    Some((w * h, width * height))
}

#[test]
fn a_small_diagrams_legend_is_not_larger_than_the_diagram() {
    if !graphviz() {
        return;
    }
    let office = repo_path("tests/fixtures/office");
    let dir = fixture(&[("model.ron", CHAIN)]);
    for args in [
        vec![arg(&office), "--path", "dave", "committee@house.example"],
        vec![
            arg(&office),
            "--path",
            "helpdesk@house.example",
            "committee@house.example",
        ],
        vec![arg(dir.path()), "--path", "a", "t@x"],
        vec![arg(dir.path()), "--from", "a"],
    ] {
        let text = dot_of(&args);
        let (legend, diagram) = legend_and_diagram_areas(&text).expect("a legend");
        assert!(
            legend <= diagram,
            "{args:?}: legend {legend:.2} in², diagram {diagram:.2} in²"
        );
    }
}
