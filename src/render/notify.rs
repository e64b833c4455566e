//! Notification worksheets as Markdown and HTML (one per data controller)
//! and as one JSON document for all (`mailgraph/notify/v1`, docs/json.md).
//!
//! A worksheet is first laid out as [`Block`]s, then written in either
//! markup, so the two say the same thing. Everything is ordered by what
//! the output shows (names, or pseudonyms when redacted), so a redacted
//! worksheet's order gives no name away.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::Labels;
use super::answer::{node_json, path_json, to_text, tree_path_text};
use super::html::{self, HtmlTable, Page};
use super::{markdown, terminal};
use crate::evidence::Status;
use crate::model::Incident;
use crate::notify::{Addressee, DEADLINE_HOURS, Deadline, Notification, Worksheet};
use crate::query::Reach;

/// What the worksheets are about.
pub struct Context<'a> {
    pub incident: Option<&'a Incident>,
    pub reach: &'a Reach,
    /// What audit log was read, when one was given (one line).
    pub evidence_summary: Option<&'a str>,
}

/// A piece of a worksheet, written as Markdown or HTML.
enum Block {
    Title(String),
    Heading(String),
    /// A paragraph of spans: `(text, strong)`.
    Paragraph(Vec<(String, bool)>),
    Table {
        headers: Vec<&'static str>,
        rows: Vec<Vec<String>>,
    },
    /// A numbered question with room for the answer.
    Question(usize, String),
}

fn text(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![(text.into(), false)])
}

/// Who a worksheet is for, as the output shows it.
pub fn addressee_name<'g>(labels: &Labels<'g>, worksheet: &Worksheet) -> Cow<'g, str> {
    match worksheet.addressee {
        Addressee::Controller(i) => labels.controller(i),
        Addressee::NoController => Cow::Borrowed("no data controller"),
    }
}

/// The worksheets in output order, each with its file stem
/// (`03-clerk-of-the-house-of-commons`; `no-data-controller`).
pub fn files<'n>(
    notification: &'n Notification,
    labels: &Labels<'_>,
) -> Vec<(&'n Worksheet, String)> {
    let mut named = Vec::new();
    for group in [&notification.controllers, &notification.impersonation_only] {
        let mut sheets: Vec<(&Worksheet, String)> = group
            .iter()
            .map(|w| (w, addressee_name(labels, w).into_owned()))
            .collect();
        sheets.sort_by(|a, b| a.1.cmp(&b.1));
        named.extend(sheets);
    }
    let mut files: Vec<(&Worksheet, String)> = named
        .into_iter()
        .enumerate()
        .map(|(i, (worksheet, name))| (worksheet, format!("{:02}-{}", i + 1, slug(&name))))
        .collect();
    if let Some(worksheet) = &notification.no_controller {
        files.push((worksheet, "no-data-controller".to_string()));
    }
    files
}

/// A file-name-safe form of a name: lower-case ASCII letters and digits,
/// runs of anything else as one `-`, at most 60 characters.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "controller".to_string()
    } else {
        slug.to_string()
    }
}

fn deadline_blocks(deadline: Option<&Deadline>) -> Vec<Block> {
    match deadline {
        Some(deadline) => {
            let from = if deadline.time_known {
                format!("discovered {}", deadline.discovered)
            } else {
                format!(
                    "discovered on {}; the time of day is not recorded, so the hours run from its start",
                    deadline.discovered.date()
                )
            };
            vec![Block::Paragraph(vec![
                ("Regulator's deadline: ".into(), false),
                (deadline.due.to_string(), true),
                (
                    format!(" ({DEADLINE_HOURS} hours from when the organisation became aware: {from})."),
                    false,
                ),
            ])]
        }
        None => vec![Block::Paragraph(vec![(
            "Regulator's deadline: unknown. The incident records no discovered date; the deadline is 72 hours from when the organisation became aware.".into(),
            true,
        )])],
    }
}

fn worksheet_blocks(
    worksheet: &Worksheet,
    context: &Context<'_>,
    labels: &Labels<'_>,
) -> Vec<Block> {
    let graph = labels.graph();
    let reach = context.reach;
    let name = addressee_name(labels, worksheet);
    let mut blocks = Vec::new();
    blocks.push(Block::Title(match worksheet.addressee {
        Addressee::Controller(_) => format!("Notification worksheet: {name}"),
        Addressee::NoController => "Exposed mailboxes with no data controller".to_string(),
    }));
    if let Some(incident) = context.incident {
        blocks.push(text(format!(
            "Incident {} of {}: {}.",
            incident.name,
            incident.date,
            super::reach::compromised(reach.sources.len())
        )));
    }
    blocks.extend(deadline_blocks(context_deadline(context).as_ref()));
    match worksheet.addressee {
        Addressee::NoController => blocks.push(Block::Paragraph(vec![(
            "These mailboxes name no data controller, so no one is yet answerable for deciding on notification: find who is, and give them this sheet. They are not counted among the controllers.".into(),
            true,
        )])),
        Addressee::Controller(_) if worksheet.impersonation_only(reach) => {
            blocks.push(Block::Paragraph(vec![(
                "Impersonation only: the attacker could send as these mailboxes but read none of them, so no personal data held in them was readable. Consider whether mail sent in your name harms anyone.".into(),
                true,
            )]));
        }
        Addressee::Controller(_) => {}
    }

    blocks.push(Block::Heading("What of yours was exposed".into()));
    let since = context
        .incident
        .map_or_else(|| "the compromise".to_string(), |i| i.date.clone());
    let mut entries: Vec<_> = worksheet
        .entries
        .iter()
        .map(|entry| (&reach.mailboxes[entry.exposed], entry.evidence))
        .collect();
    entries.sort_by_cached_key(|(e, _)| (e.level, labels.id(e.node).into_owned()));
    let with_evidence = entries.iter().any(|(_, evidence)| evidence.is_some());
    let rows = entries
        .iter()
        .map(|&(exposed, evidence)| {
            let record = graph.mailbox_record(exposed.node);
            let mut row = vec![
                labels.id(exposed.node).into_owned(),
                labels.name(exposed.node).into_owned(),
                record.map_or("", |m| m.kind.as_str()).to_string(),
                if exposed.folder_only {
                    format!("{} (one folder)", exposed.level)
                } else {
                    exposed.level.to_string()
                },
                if exposed.level.reads() {
                    record.map_or(0, |m| m.data_subjects).to_string()
                } else {
                    "0 (not readable)".to_string()
                },
                record.map_or("", |m| m.sensitivity.as_str()).to_string(),
                tree_path_text(labels, &reach.paths, exposed.step),
                since.clone(),
            ];
            if let Some(status) = evidence {
                row.push(status.describe());
            }
            row
        })
        .collect();
    let mut headers = vec![
        "mailbox",
        "name",
        "kind",
        "level",
        "people",
        "sensitivity",
        "how",
        "exposed since",
    ];
    if with_evidence {
        headers.push("evidence of access");
    }
    blocks.push(Block::Table { headers, rows });
    blocks.push(text(
        "Levels: full = every message could be read and sent; read = a folder, or copies of new mail (a read of one folder counts the mailbox's people: the folder may hold their data); send = mail could be sent as the mailbox, none read.",
    ));

    blocks.push(Block::Heading("Whose data".into()));
    blocks.push(Block::Paragraph(vec![
        (super::count(worksheet.people, "person", "people"), true),
        (
            format!(
                " {} personal data in the mailboxes exposed to reading",
                super::noun(worksheet.people, "has", "have")
            ),
            false,
        ),
        (
            match worksheet.sensitivity {
                Some(sensitivity) => {
                    format!("; the most sensitive is rated {}.", sensitivity.as_str())
                }
                None => ".".to_string(),
            },
            false,
        ),
    ]));

    blocks.push(Block::Heading("Credentials behind it".into()));
    let mut credentials: Vec<_> = worksheet.credentials.to_vec();
    credentials.sort_by_cached_key(|&node| labels.id(node).into_owned());
    let rows = credentials
        .iter()
        .map(|&node| {
            let account = graph.account(node);
            vec![
                labels.id(node).into_owned(),
                labels.name(node).into_owned(),
                account.map_or("", |a| a.role.as_str()).to_string(),
                if reach.sources.contains(&node) {
                    "compromised"
                } else {
                    "taken over"
                }
                .to_string(),
            ]
        })
        .collect();
    blocks.push(Block::Table {
        headers: vec!["credential", "name", "role", "state"],
        rows,
    });

    blocks.push(Block::Heading("Evidence of access".into()));
    if with_evidence {
        let mut counts = [0; 3];
        for (_, evidence) in &entries {
            match evidence {
                Some(Status::Accessed { .. }) => counts[0] += 1,
                Some(Status::NotAccessed) => counts[1] += 1,
                _ => counts[2] += 1,
            }
        }
        blocks.push(Block::Paragraph(vec![
            (format!("{} accessed (evidence)", counts[0]), true),
            (
                format!(
                    "; {} exposed, no evidence of access; {} exposed, not covered by the logs.",
                    counts[1], counts[2]
                ),
                false,
            ),
        ]));
        if let Some(summary) = context.evidence_summary {
            blocks.push(text(format!("Audit log read: {summary}.")));
        }
        blocks.push(text(
            "Not covered means the logs cannot say either way (the export does not span the incident, access logging was throttled, or no record names the mailbox): treat such a mailbox as possibly read.",
        ));
    } else {
        blocks.push(text(
            "No audit log was given: whether any of these mailboxes was read is not known. Give the unified audit log export (mailgraph notify --evidence FILE) to find out.",
        ));
    }

    blocks.push(Block::Heading("Your assessment".into()));
    let due = context_deadline(context).map_or_else(
        || "within 72 hours of awareness".to_string(),
        |d| format!("by {}", d.due),
    );
    blocks.push(Block::Question(
        1,
        format!(
            "Is the breach likely to result in a risk to the rights and freedoms of the people whose data is above? If so, notify the regulator {due}; if not, record why."
        ),
    ));
    blocks.push(Block::Question(
        2,
        "Is the risk to them high? If so, tell the people concerned without undue delay: who, how, and what they should do.".into(),
    ));
    blocks.push(Block::Question(
        3,
        "Decision, reasons, who decided and when.".into(),
    ));
    blocks
}

fn context_deadline(context: &Context<'_>) -> Option<Deadline> {
    context.incident.and_then(Deadline::of)
}

/// One worksheet as Markdown.
pub fn markdown(worksheet: &Worksheet, context: &Context<'_>, labels: &Labels<'_>) -> String {
    let md = |text: &str| markdown::escape(&terminal::escape(text));
    let mut out = String::new();
    for block in worksheet_blocks(worksheet, context, labels) {
        match block {
            Block::Title(title) => {
                let _ = writeln!(out, "# {}\n", md(&title));
            }
            Block::Heading(heading) => {
                let _ = writeln!(out, "## {}\n", md(&heading));
            }
            Block::Paragraph(spans) => {
                for (span, strong) in spans {
                    if strong {
                        let _ = write!(out, "**{}**", md(&span));
                    } else {
                        out.push_str(&md(&span));
                    }
                }
                out.push_str("\n\n");
            }
            Block::Table { headers, rows } => {
                let _ = writeln!(out, "| {} |", headers.join(" | "));
                let _ = writeln!(out, "|{}", " --- |".repeat(headers.len()));
                for row in rows {
                    let cells: Vec<String> = row.iter().map(|cell| md(cell)).collect();
                    let _ = writeln!(out, "| {} |", cells.join(" | "));
                }
                out.push('\n');
            }
            Block::Question(number, question) => {
                let _ = writeln!(out, "{number}\\. {}\n", md(&question));
                out.push_str("> Answer:\n>\n>\n>\n\n");
            }
        }
    }
    out
}

/// One worksheet as a self-contained HTML page.
pub fn html(worksheet: &Worksheet, context: &Context<'_>, labels: &Labels<'_>) -> String {
    let blocks = worksheet_blocks(worksheet, context, labels);
    let title = match blocks.first() {
        Some(Block::Title(title)) => title.clone(),
        _ => String::new(),
    };
    let mut page = Page::new(&title);
    let out = page.body();
    for (index, block) in blocks.into_iter().enumerate() {
        match block {
            Block::Title(title) => {
                let _ = writeln!(out, "<h1>{}</h1>", html::escape(&title));
            }
            Block::Heading(heading) => {
                let _ = writeln!(out, "<h2>{}</h2>", html::escape(&heading));
            }
            Block::Paragraph(spans) => {
                out.push_str("<p>");
                for (span, strong) in spans {
                    if strong {
                        let _ = write!(out, "<strong>{}</strong>", html::escape(&span));
                    } else {
                        out.push_str(&html::escape(&span));
                    }
                }
                out.push_str("</p>\n");
            }
            Block::Table { headers, rows } => {
                let mut table = HtmlTable::new(&format!("table-{index}"), &headers);
                for row in rows {
                    table.row(row);
                }
                out.push_str(&table.finish());
            }
            Block::Question(number, question) => {
                let _ = writeln!(
                    out,
                    "<p><strong>{number}.</strong> {}</p>\n<div class=\"answer\"></div>",
                    html::escape(&question)
                );
            }
        }
    }
    page.finish()
}

/// What a worksheet is for: `must-assess`, `impersonation-only` or
/// `no-controller`.
pub fn category(worksheet: &Worksheet, reach: &Reach) -> &'static str {
    match worksheet.addressee {
        Addressee::NoController => "no-controller",
        Addressee::Controller(_) if worksheet.impersonation_only(reach) => "impersonation-only",
        Addressee::Controller(_) => "must-assess",
    }
}

/// Every worksheet as one JSON document, naming each one's `.md` and
/// `.html` files.
pub fn json(notification: &Notification, context: &Context<'_>, labels: &Labels<'_>) -> String {
    to_text(&json_value(notification, context, labels, &["md", "html"]))
}

/// The JSON document as a value, for a command to add to (evidence); each
/// worksheet's `files` are its stem with each of `extensions`.
pub fn json_value(
    notification: &Notification,
    context: &Context<'_>,
    labels: &Labels<'_>,
    extensions: &[&str],
) -> Value {
    let graph = labels.graph();
    let reach = context.reach;
    let deadline = notification.deadline.as_ref();
    let worksheets: Vec<Value> = files(notification, labels)
        .into_iter()
        .map(|(worksheet, stem)| {
            let category = category(worksheet, reach);
            let controller = match worksheet.addressee {
                Addressee::Controller(i) => json!({
                    "id": labels.record_id("controller", &graph.model().controllers[i].id),
                    "name": labels.controller(i),
                }),
                Addressee::NoController => Value::Null,
            };
            let mut mailboxes: Vec<_> = worksheet
                .entries
                .iter()
                .map(|entry| (&reach.mailboxes[entry.exposed], entry.evidence))
                .collect();
            mailboxes.sort_by_cached_key(|(e, _)| (e.level, labels.id(e.node).into_owned()));
            let mut credentials = worksheet.credentials.clone();
            credentials.sort_by_cached_key(|&node| labels.id(node).into_owned());
            json!({
                "controller": controller,
                "category": category,
                "files": extensions.iter().map(|extension| format!("{stem}.{extension}")).collect::<Vec<_>>(),
                "people": worksheet.people,
                "sensitivity": worksheet.sensitivity.map(|s| s.as_str()),
                "mailboxes": mailboxes.iter().map(|&(exposed, evidence)| {
                    let mut value = node_json(labels, exposed.node);
                    value["level"] = json!(exposed.level);
                    value["path"] = path_json(labels, &reach.path(exposed.step));
                    if let Some(status) = evidence {
                        value["evidence"] = super::evidence::status_json(status);
                    }
                    value
                }).collect::<Vec<_>>(),
                "credentials": credentials.iter().map(|&node| json!({
                    "id": labels.id(node),
                    "compromised": reach.sources.contains(&node),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "schema": "mailgraph/notify/v1",
        "incident": context.incident.map(|incident| json!({
            "name": incident.name,
            "date": incident.date,
            "discovered": incident.discovered,
        })),
        "deadline": deadline.map(|d| json!({
            "discovered": d.discovered.to_string(),
            "time_known": d.time_known,
            "hours": DEADLINE_HOURS,
            "due": d.due.to_string(),
        })),
        "disabled": reach.disabled.iter().map(|&node| labels.id(node)).collect::<Vec<_>>(),
        "totals": {
            "controllers": notification.controllers.len(),
            "impersonation_only": notification.impersonation_only.len(),
            "mailboxes_without_controller": notification.no_controller.as_ref().map_or(0, |w| w.entries.len()),
            "people": notification.worksheets().map(|w| w.people).sum::<u64>(),
        },
        "worksheets": worksheets,
    });
    value
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(
            super::slug("Clerk of the House of Commons"),
            "clerk-of-the-house-of-commons"
        );
        assert_eq!(super::slug("../../etc/passwd"), "etc-passwd");
        assert_eq!(super::slug("<script>"), "script");
        assert_eq!(super::slug("\u{202e}"), "controller");
        assert!(super::slug(&"a".repeat(500)).len() <= 60);
    }
}
