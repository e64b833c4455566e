//! `--format html`: one self-contained report a reader opens offline. The
//! file loads nothing (a Content-Security-Policy forbids it), embeds the
//! diagram as SVG, escapes every name and honours `--redact`; in a real
//! browser (headless Chromium, tests/chromium.rs) it shows the 2017 figures
//! with no console error and no request, its tables sort and filter, and a
//! click on a node highlights its paths.

use std::path::Path;

use crate::chromium::{Browser, Tab};
use crate::escaping::assert_inert;
use crate::redact::IDENTIFYING;
use crate::support::{Run, arg, fixture, mailgraph, repo_path};

const SCENARIO: &str = "data/parliament-2017";
const COMMITTEE: &str = "committee.regionalaffairs@parliament.example";

fn reach_2017(extra: &[&str]) -> Run {
    let path = repo_path(SCENARIO);
    let mut args = vec![
        "reach",
        arg(&path),
        "--incident",
        "june-2017",
        "--format",
        "html",
    ];
    args.extend_from_slice(extra);
    let run = mailgraph(&args);
    run.expect_status(0);
    run
}

/// Asserts what every report is: one document, its policy forbidding all
/// but its own hashed style and script, nothing that loads from elsewhere.
#[track_caller]
fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(
        html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'sha256-"),
        "{html}"
    );
    assert!(html.contains("script-src 'sha256-"), "{html}");
    assert_eq!(html.matches("<script").count(), 1, "one script: {html}");
    assert_eq!(html.matches("<style").count(), 1, "one style sheet");
    for attribute in [" src=", "url(", "@import", "<iframe", "<object", "<embed"] {
        assert!(!html.contains(attribute), "{attribute} in the report");
    }
    // The only addresses are the SVG namespaces (names, never fetched).
    let without_namespaces = html
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .replace("xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
    assert!(
        !without_namespaces.contains("http:"),
        "an address in the report"
    );
    assert!(
        !without_namespaces.contains("https:"),
        "an address in the report"
    );
    assert_eq!(
        html.matches(" href=").count(),
        html.matches(" href=\"data:,\"").count(),
        "a link that loads something"
    );
}

#[test]
fn the_2017_reach_report_shows_the_statements_figures_and_the_diagram() {
    let run = reach_2017(&[]);
    let html = &run.stdout;
    assert_self_contained(html);
    for (value, what) in [
        ("13", "data controllers must assess notification"),
        ("26", "users affected"),
        ("39", "mailboxes exposed: 28 personal, 11 generic"),
        ("77", "people whose data is exposed"),
    ] {
        assert!(
            html.contains(&format!(
                "<span class=\"value\">{value}</span> <span class=\"what\">{what}"
            )),
            "{value} {what}"
        );
    }
    assert!(html.contains("<div class=\"diagram\">\n<svg"), "no diagram");
    assert!(!html.contains("<?xml"), "the SVG prolog is left out");
    assert!(html.contains(&format!("<td>{COMMITTEE}</td>")));
    assert!(html.contains(
        "<td>Clerk of the House of Commons</td><td class=\"n\">13</td><td class=\"n\">77</td>"
    ));
    // Every table has its filter.
    for id in ["controllers", "mailboxes", "users", "roles", "credentials"] {
        assert!(html.contains(&format!("<table id=\"{id}\">")), "{id}");
        assert!(html.contains(&format!("data-table=\"{id}\"")), "{id}");
    }
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert_eq!(reach_2017(&[]).stdout, *html, "the report is deterministic");
}

#[test]
fn the_exposure_report_lists_who_can_reach_the_committee() {
    let path = repo_path(SCENARIO);
    let run = mailgraph(&["exposure", arg(&path), COMMITTEE, "--format", "html"]);
    run.expect_status(0);
    let html = &run.stdout;
    assert_self_contained(html);
    assert!(html.contains(&format!("<h1>Who can reach {COMMITTEE}</h1>")));
    assert!(html.contains("77 people&#39;s data, data controller Clerk of the House of Commons"));
    assert!(html.contains("<div class=\"diagram\">\n<svg"));
    assert!(html.contains("<table id=\"credentials\">"));
    let json = mailgraph(&["exposure", arg(&path), COMMITTEE, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let credentials = value["totals"]["credentials"].as_u64().unwrap();
    assert!(credentials > 0);
    assert!(
        html.contains(&format!(
            "<span class=\"value\">{credentials}</span> <span class=\"what\">credentials expose it"
        )),
        "{credentials} credentials"
    );
    // One row per credential.
    let table = &html[html.find("<table id=\"credentials\">").unwrap()..];
    assert_eq!(table.matches("<tr><td>").count() as u64, credentials);
}

fn nasty_reach() -> String {
    let path = repo_path("tests/fixtures/nasty");
    let run = mailgraph(&[
        "reach",
        arg(&path),
        "--incident",
        "odd \"one\"",
        "--format",
        "html",
    ]);
    run.expect_status(0);
    run.stdout
}

#[test]
fn hostile_names_are_text_in_the_report() {
    let html = nasty_reach();
    assert_self_contained(&html);
    assert!(!html.contains("<b>"), "a name became markup");
    assert!(!html.contains("<the>"), "a name became markup");
    assert!(html.contains("Clerk &quot;of&quot; &lt;the&gt; House &amp; {co}"));
    assert!(html.contains("New\\u{a}line &lt;b&gt;bold&lt;/b&gt; &amp; co"));
    // In the diagram too, through Graphviz's own escaping.
    let svg = &html[html.find("<svg").unwrap()..html.find("</svg>").unwrap()];
    assert!(
        svg.contains("Shared &quot;box&quot; &lt;&amp;&gt;"),
        "{svg}"
    );
    for c in html.chars() {
        assert!(
            !c.is_control() || c == '\n',
            "a raw control character {c:?} in the report"
        );
    }
}

#[test]
fn redacted_reports_name_no_one() {
    let office = repo_path("tests/fixtures/office");
    let office = arg(&office);
    for args in [
        vec!["reach", office, "--incident", "spring"],
        vec!["exposure", office, "committee@house.example"],
    ] {
        let mut args = args.clone();
        args.extend(["--format", "html", "--redact-key", "k"]);
        let run = mailgraph(&args);
        run.expect_status(0);
        assert_self_contained(&run.stdout);
        assert!(run.stdout.contains("<svg"), "{args:?}: no diagram");
        for name in IDENTIFYING {
            assert!(
                !run.stdout.contains(name),
                "{args:?} shows {name:?} although redacted"
            );
        }
    }
}

#[test]
fn without_graphviz_the_report_says_it_has_no_diagram() {
    let empty = tempfile::tempdir().unwrap();
    let path = repo_path(SCENARIO);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_mailgraph"))
        .args([
            "reach",
            arg(&path),
            "--incident",
            "june-2017",
            "--format",
            "html",
        ])
        .env("PATH", empty.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let html = String::from_utf8(output.stdout).unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("warning: the report has no diagram: writing .svg needs Graphviz's `dot`, which is not installed"),
        "{stderr}"
    );
    assert!(html.contains("<p class=\"warn\">No diagram: writing .svg needs Graphviz"));
    assert!(!html.contains("<svg"));
    assert!(html.contains("<span class=\"value\">13</span>"));
}

/// Writes `html` to a file in `dir` and opens it.
fn open(browser: &mut Browser, dir: &Path, name: &str, html: &str) -> Tab {
    let file = dir.join(name);
    std::fs::write(&file, html).unwrap();
    browser.open(&file)
}

/// Asserts the tab logged no error and asked for nothing but itself.
#[track_caller]
fn assert_quiet(browser: &mut Browser, tab: &Tab) {
    let errors = browser.errors(tab);
    assert!(errors.is_empty(), "console errors: {errors:#?}");
    let requests = browser.requests(tab);
    let elsewhere: Vec<&String> = requests
        .iter()
        .filter(|url| **url != tab.url && !url.starts_with("data:"))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "requests left the file: {elsewhere:?}"
    );
}

#[test]
fn the_2017_report_works_in_a_browser() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tab = open(
        &mut browser,
        dir.path(),
        "reach.html",
        &reach_2017(&[]).stdout,
    );
    assert_quiet(&mut browser, &tab);

    // The figures are on screen (rendered text, not just in the source).
    let text = browser.eval(&tab, "document.body.innerText");
    let text = text.as_str().unwrap();
    for figure in [
        "13\ndata controllers must assess notification",
        "26\nusers affected",
        "39\nmailboxes exposed",
        "77\npeople whose data is exposed",
    ] {
        assert!(text.contains(figure), "{figure:?} not shown:\n{text}");
    }
    let shown = browser.eval(
        &tab,
        "[...document.querySelectorAll('.figure')].every(f => { const r = f.getBoundingClientRect(); return r.width > 0 && r.height > 0; })",
    );
    assert_eq!(shown, true, "a figure is not visible");

    // A click on a header sorts: people, largest first on the second click.
    let people = "document.querySelector('#mailboxes thead th:nth-child(6)')";
    browser.click(&tab, people);
    browser.click(&tab, people);
    let first = browser.eval(
        &tab,
        "document.querySelector('#mailboxes tbody tr').cells[1].textContent",
    );
    assert_eq!(first, COMMITTEE, "sorted by people, descending");

    // Typing in a filter hides the rows that do not match.
    browser.click(
        &tab,
        "document.querySelector('input[data-table=mailboxes]')",
    );
    browser.type_text(&tab, "regionalaffairs");
    let rows = browser.eval(
        &tab,
        "[...document.querySelectorAll('#mailboxes tbody tr')].map(r => [r.hidden, r.textContent.includes('regionalaffairs')])",
    );
    let rows = rows.as_array().unwrap();
    let visible = rows.iter().filter(|r| r[0] == false).count();
    assert!(
        rows.iter().all(|r| r[0] != r[1]),
        "shown exactly when matching: {rows:?}"
    );
    assert!((1..39).contains(&visible), "{visible} shown");
    assert_eq!(
        browser.eval(
            &tab,
            "document.getElementById('mailboxes-shown').textContent"
        ),
        format!("{visible} of 39 rows shown").as_str()
    );

    // A click on the committee's mailbox lights its path back to the
    // compromised credential, and dims the rest.
    let node = format!(
        "[...document.querySelectorAll('.diagram g.node')].find(g => g.textContent.includes('{COMMITTEE}'))"
    );
    browser.click(&tab, &node);
    let lit = browser.eval(
        &tab,
        "(() => { const lit = [...document.querySelectorAll('.diagram .lit')]; return { nodes: lit.filter(g => g.classList.contains('node')).map(g => g.textContent.trim()), edges: lit.filter(g => g.classList.contains('edge')).length, all: document.querySelectorAll('.diagram g.node').length, selecting: document.querySelector('.diagram svg').classList.contains('selecting'), status: document.getElementById('diagram-status').textContent }; })()",
    );
    let nodes: Vec<&str> = lit["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(lit["selecting"] == true, "{lit}");
    assert!(nodes.iter().any(|n| n.contains(COMMITTEE)), "{lit}");
    assert!(
        nodes
            .iter()
            .any(|n| n.contains("Regional Affairs Committee staff")),
        "the group on the path is lit: {lit}"
    );
    assert!(lit["edges"].as_u64().unwrap() >= 2, "{lit}");
    assert!(
        nodes.len() < lit["all"].as_u64().unwrap() as usize / 2,
        "{lit}"
    );
    assert!(
        lit["status"].as_str().unwrap().starts_with("Paths through"),
        "{lit}"
    );
    // A second click clears.
    browser.click(&tab, &node);
    assert_eq!(
        browser.eval(&tab, "document.querySelectorAll('.diagram .lit').length"),
        0
    );
    assert_quiet(&mut browser, &tab);
}

#[test]
fn hostile_names_stay_text_in_a_browser() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tab = open(&mut browser, dir.path(), "nasty.html", &nasty_reach());
    assert_quiet(&mut browser, &tab);
    assert_eq!(
        browser.eval(
            &tab,
            "document.querySelectorAll('b, the, script:not(:last-of-type)').length"
        ),
        0
    );
    let text = browser.eval(&tab, "document.body.innerText");
    assert!(
        text.as_str()
            .unwrap()
            .contains("Clerk \"of\" <the> House & {co}"),
        "{text}"
    );
    browser.click(
        &tab,
        "[...document.querySelectorAll('.diagram g.node')].find(g => g.textContent.includes('Shared'))",
    );
    assert!(
        browser
            .eval(&tab, "document.querySelectorAll('.diagram .lit').length")
            .as_u64()
            .unwrap()
            > 1
    );
    assert_quiet(&mut browser, &tab);
}

#[test]
fn the_browser_checks_see_a_forbidden_script_and_request() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><link rel=\"icon\" href=\"data:,\"></head><body><img src=\"http://192.0.2.1/x.png\"><script>document.title = 'ran';</script></body></html>";
    let tab = open(&mut browser, dir.path(), "bad.html", page);
    let errors = browser.errors(&tab);
    assert!(
        errors.iter().any(|e| e.contains("Content Security Policy")),
        "{errors:#?}"
    );
    assert_ne!(browser.eval(&tab, "document.title"), "ran");
}

/// Runs notify on the 2017 incident into a new folder, with `extra`.
fn notify_2017(extra: &[&str]) -> (tempfile::TempDir, Run) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("worksheets");
    let path = repo_path(SCENARIO);
    let mut args = vec![
        "notify",
        arg(&path),
        "--incident",
        "june-2017",
        "-o",
        arg(&out),
    ];
    args.extend_from_slice(extra);
    let run = mailgraph(&args);
    run.expect_status(0);
    (dir, run)
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        // The manifest of the files mailgraph wrote.
        .filter(|name| name != ".mailgraph-files")
        .collect();
    names.sort();
    names
}

#[test]
fn the_notify_report_lists_the_13_worksheets_and_the_deadline() {
    let (dir, run) = notify_2017(&[]);
    let out = dir.path().join("worksheets");
    run.stdout_has("  report.html  the report");
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("<span class=\"value\">13</span> <span class=\"what\">data controllers must assess notification"));
    assert!(html.contains("Regulator&#39;s deadline: 2017-06-26T00:00:00Z"));
    assert!(html.contains("<h2>Worksheets (13)</h2>"));
    assert!(html.contains(
        "<td>Clerk of the House of Commons</td><td class=\"n\">13</td><td class=\"n\">77</td>"
    ));
    assert!(html.contains(
        "<td>04-clerk-of-the-house-of-commons.md, 04-clerk-of-the-house-of-commons.html</td>"
    ));
    assert!(html.contains("<div class=\"diagram\">\n<svg"));
    let table = &html[html.find("<table id=\"worksheets\">").unwrap()..];
    assert_eq!(table.matches("<tr><td>").count(), 13);
    // Every worksheet the report names was written.
    let names = names_in(&out);
    for name in names
        .iter()
        .filter(|n| n.ends_with(".md") || n.ends_with(".html"))
    {
        if name != "report.html" {
            assert!(html.contains(name.as_str()), "{name} not in the report");
        }
    }
}

#[test]
fn notify_writes_only_the_formats_asked() {
    let (dir, _) = notify_2017(&["--format", "html"]);
    let names = names_in(&dir.path().join("worksheets"));
    assert_eq!(names.len(), 13 + 2, "{names:?}");
    assert!(names.iter().all(|n| !n.ends_with(".md")), "{names:?}");
    assert!(names.contains(&"report.html".to_string()));
    let json: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("worksheets/worksheets.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        json["worksheets"][3]["files"],
        serde_json::json!(["04-clerk-of-the-house-of-commons.html"])
    );

    let (dir, _) = notify_2017(&["--format", "markdown"]);
    let names = names_in(&dir.path().join("worksheets"));
    assert_eq!(names.len(), 13 + 1, "{names:?}");
    assert!(names.iter().all(|n| !n.ends_with(".html")), "{names:?}");
}

#[test]
fn the_notify_report_escapes_and_redacts() {
    let dir = tempfile::tempdir().unwrap();
    let nasty = repo_path("tests/fixtures/nasty");
    let out = dir.path().join("nasty");
    mailgraph(&[
        "notify",
        arg(&nasty),
        "--incident",
        "odd \"one\"",
        "-o",
        arg(&out),
    ])
    .expect_status(0);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_self_contained(&html);
    assert!(!html.contains("<the>"));
    assert!(html.contains("<td>Clerk &quot;of&quot; &lt;the&gt; House &amp; {co}</td>"));

    let office = repo_path("tests/fixtures/office");
    let out = dir.path().join("office");
    mailgraph(&[
        "notify",
        arg(&office),
        "--incident",
        "spring",
        "-o",
        arg(&out),
        "--redact-key",
        "k",
    ])
    .expect_status(0);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert_self_contained(&html);
    assert!(html.contains("<svg"));
    for name in IDENTIFYING {
        assert!(!html.contains(name), "{name:?} in a redacted report");
    }
}

#[test]
fn the_notify_report_and_a_worksheet_work_in_a_browser() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let (dir, _) = notify_2017(&[]);
    let out = dir.path().join("worksheets");
    let tab = browser.open(&out.join("report.html"));
    assert_quiet(&mut browser, &tab);
    let text = browser.eval(&tab, "document.body.innerText");
    let text = text.as_str().unwrap();
    assert!(
        text.contains("13\ndata controllers must assess notification"),
        "{text}"
    );
    assert!(
        text.contains("77\npeople whose data was readable"),
        "{text}"
    );
    browser.click(
        &tab,
        "[...document.querySelectorAll('.diagram g.node')].find(g => g.textContent.includes('committee.regionalaffairs'))",
    );
    assert!(
        browser
            .eval(
                &tab,
                "document.querySelectorAll('.diagram g.edge.lit').length"
            )
            .as_u64()
            .unwrap()
            >= 2
    );
    assert_quiet(&mut browser, &tab);

    let tab = browser.open(&out.join("04-clerk-of-the-house-of-commons.html"));
    assert_quiet(&mut browser, &tab);
    let text = browser.eval(&tab, "document.body.innerText");
    assert!(text.as_str().unwrap().contains("77 people"), "{text}");
}

#[test]
fn the_exposure_report_highlights_a_credential_s_path_in_a_browser() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let path = repo_path(SCENARIO);
    let run = mailgraph(&["exposure", arg(&path), COMMITTEE, "--format", "html"]);
    run.expect_status(0);
    let dir = tempfile::tempdir().unwrap();
    let tab = open(&mut browser, dir.path(), "exposure.html", &run.stdout);
    assert_quiet(&mut browser, &tab);
    // The first credential of the table (a diagram shows an account by
    // name): its node, clicked, lights its path to the committee's mailbox
    // and not every other credential.
    let credential = browser.eval(
        &tab,
        "document.querySelector('#credentials tbody tr').cells[2].textContent",
    );
    let credential = credential.as_str().unwrap().to_string();
    browser.click(
        &tab,
        &format!(
            "[...document.querySelectorAll('.diagram g.node')].find(g => g.textContent.includes({credential:?}))"
        ),
    );
    let lit = browser.eval(
        &tab,
        "[...document.querySelectorAll('.diagram g.node.lit')].map(g => g.textContent)",
    );
    let lit: Vec<&str> = lit
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(lit.iter().any(|n| n.contains(COMMITTEE)), "{lit:?}");
    assert!(lit.iter().any(|n| n.contains(&credential)), "{lit:?}");
    let nodes = browser.eval(&tab, "document.querySelectorAll('.diagram g.node').length");
    assert!((lit.len() as u64) < nodes.as_u64().unwrap(), "{lit:?}");
    assert_quiet(&mut browser, &tab);
}

#[test]
fn the_reach_report_carries_the_evidence_of_access() {
    let page1 = repo_path("tests/fixtures/evidence/june-2017-page1.csv");
    let page2 = repo_path("tests/fixtures/evidence/june-2017-page2.csv");
    let run = reach_2017(&["--evidence", arg(&page1), arg(&page2)]);
    let html = &run.stdout;
    assert_self_contained(html);
    assert!(html.contains("<span class=\"value\">3</span> <span class=\"what\">mailboxes accessed (evidence); 2 exposed, no evidence of access; 34 not covered by the logs"));
    assert!(html.contains("<th>evidence of access</th>"));
    assert!(html.contains("<td>accessed (evidence), first 2017-06-23T"));
    assert!(html.contains("<p class=\"warn\">accessed but not exposed in the directory: commons.finance@parliament.example"));
    let svg = &html[html.find("<svg").unwrap()..];
    assert!(
        svg.contains("ACCESSED 2017&#45;06&#45;23"),
        "the diagram marks it"
    );
    // The skipped row is reported, located, as without --format html.
    run.stderr_has("june-2017-page1.csv:7:143: AuditData is not JSON");
}

#[test]
fn control_and_direction_characters_never_reach_a_report_raw() {
    let model = "(\n controllers: [(id: \"dc\", name: \"C\\u{1b}[2J\\u{202e}x\")],\n accounts: [(id: \"a\", name: \"A\\u{1b}]52;c;x\\u{7}\\u{202e}evil\", role: \"MP\", unit: \"U\\u{2066}\")],\n mailboxes: [(id: \"m@x\", name: \"M\\u{200b}\\u{feff}\", kind: Personal, owner: \"a\", controller: \"dc\", data_subjects: 2)],\n incidents: [(name: \"i\\u{202e}\", date: \"2026-01-01\", compromised: [\"a\"])],\n)\n";
    let dir = fixture(&[("model.ron", model)]);
    let run = mailgraph(&[
        "reach",
        arg(dir.path()),
        "--incident",
        "i\u{202e}",
        "--format",
        "html",
    ]);
    run.expect_status(0);
    assert_inert("reach --format html", &run.stdout);
    assert!(run.stdout.contains("<svg"));
    assert!(run.stdout.contains("\\u{202e}evil"));
    let run = mailgraph(&["exposure", arg(dir.path()), "m@x", "--format", "html"]);
    run.expect_status(0);
    assert_inert("exposure --format html", &run.stdout);
    let out = dir.path().join("out");
    mailgraph(&[
        "notify",
        arg(dir.path()),
        "--incident",
        "i\u{202e}",
        "-o",
        arg(&out),
    ])
    .expect_status(0);
    for name in ["report.html", "01-c-2j-x.html"] {
        let html = std::fs::read_to_string(out.join(name)).unwrap();
        assert_inert(name, &html);
    }
}

fn audit_2017(format: &str) -> Run {
    let path = repo_path(SCENARIO);
    let run = mailgraph(&[
        "audit",
        arg(&path),
        "--today",
        "2026-01-01",
        "--format",
        format,
    ]);
    run.expect_status(0);
    run
}

#[test]
fn the_audit_report_shows_the_summary_and_every_rule_s_findings() {
    let json: serde_json::Value = serde_json::from_str(&audit_2017("json").stdout).unwrap();
    let run = audit_2017("html");
    let html = &run.stdout;
    assert_self_contained(html);
    let summary = &json["summary"];
    for (key, what) in [
        ("findings", "findings"),
        ("high", "high"),
        ("medium", "medium"),
        ("suppressed", "suppressed"),
    ] {
        assert!(
            html.contains(&format!(
                "<span class=\"value\">{}</span> <span class=\"what\">{what}</span>",
                summary[key]
            )),
            "{key}"
        );
    }
    // One summary row and one table per rule with findings, each finding a
    // row of its rule's table.
    let mut per_rule: std::collections::BTreeMap<String, usize> = Default::default();
    for finding in json["findings"].as_array().unwrap() {
        *per_rule
            .entry(finding["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    assert!(html.contains(&format!(
        "<h2>Rules with findings ({})</h2>",
        per_rule.len()
    )));
    for (rule, count) in &per_rule {
        let start = html
            .find(&format!("<table id=\"rule-{rule}\">"))
            .unwrap_or_else(|| panic!("no table for {rule}"));
        let table = &html[start..start + html[start..].find("</table>").unwrap()];
        assert_eq!(table.matches("<tr><td>").count(), *count, "{rule}");
    }
    assert!(html.contains("<div class=\"diagram\">\n<svg"));
    assert!(html.contains("Why it matters: "));
    assert!(html.contains("How to fix: "));
}

#[test]
fn the_audit_report_escapes_and_redacts() {
    let nasty = repo_path("tests/fixtures/nasty");
    let run = mailgraph(&[
        "audit",
        arg(&nasty),
        "--today",
        "2026-01-01",
        "--format",
        "html",
    ]);
    assert_self_contained(&run.stdout);
    assert!(!run.stdout.contains("<b>"));
    assert_inert("audit --format html", &run.stdout);

    let office = repo_path("tests/fixtures/office");
    let run = mailgraph(&[
        "audit",
        arg(&office),
        "--today",
        "2026-01-01",
        "--format",
        "html",
        "--redact-key",
        "k",
    ]);
    assert_self_contained(&run.stdout);
    assert!(run.stdout.contains("<h1>Delegation review: redacted</h1>"));
    assert!(run.stdout.contains("<svg"));
    for name in IDENTIFYING {
        assert!(!run.stdout.contains(name), "{name:?} in a redacted audit");
    }
}

#[test]
fn the_audit_report_works_in_a_browser() {
    let Some(mut browser) = Browser::launch() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let tab = open(
        &mut browser,
        dir.path(),
        "audit.html",
        &audit_2017("html").stdout,
    );
    assert_quiet(&mut browser, &tab);
    browser.click(
        &tab,
        "document.querySelector('input[data-table=rule-weak-delegate]')",
    );
    browser.type_text(&tab, "office");
    let shown = browser.eval(
        &tab,
        "document.getElementById('rule-weak-delegate-shown').textContent",
    );
    assert!(shown.as_str().unwrap().ends_with("rows shown"), "{shown}");
    browser.click(
        &tab,
        "[...document.querySelectorAll('.diagram g.node')].find(g => !g.querySelector('title').textContent.startsWith('legend'))",
    );
    assert!(
        browser
            .eval(
                &tab,
                "document.querySelectorAll('.diagram g.node.lit').length"
            )
            .as_u64()
            .unwrap()
            >= 1
    );
    assert_quiet(&mut browser, &tab);
}
