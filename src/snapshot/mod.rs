//! Snapshots: the validated, built graph of a directory in one binary file,
//! so that a responder's tenth question costs no more than the first
//! answer, not ten loads of the RON files.
//!
//! `mailgraph snapshot DIR -o FILE` loads and validates `DIR` once and
//! writes its model (every record list with the records' origins) and the
//! graph's edges, ends already resolved to node indices, into a file framed
//! by [`container`] (format version, schema fingerprint, CRC-32). Every
//! command that takes a directory takes such a file in its place
//! ([`crate::cli::load_graph`]): it is memory-mapped, checked, its record
//! lists decoded side by side, and the graph filled in from the stored
//! edges, with no RON parsing, no validation and no id resolution.
//!
//! The snapshot records its sources ([`sources`]); a snapshot whose sources
//! changed is refused ([`Stale::Refuse`]) or answered from with a warning
//! ([`Stale::Warn`]), never silently.
//!
//! Everything read is checked before use (lengths, tags, UTF-8, every
//! index against what it indexes, every edge's ends against its kind): a
//! damaged or cut-short file is an error that says so, never a panic.
//! The checksum finds damage, not tampering: a snapshot is trusted as
//! much as the directory it was made from.

mod codec;
mod container;
mod sources;

use std::path::Path;

use petgraph::graph::NodeIndex;

pub use container::looks_like_snapshot;
pub use sources::{Change, Source, Sources};

use self::codec::{Damage, Reader, Record, Writer, edge_code, edge_of_code};
use self::container::{Frame, FrameError, Sections};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::graph::{AccessGraph, Edge, Node};
use crate::model::{Model, Origin, Origins};

/// What to do with a snapshot whose sources changed since it was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Stale {
    /// Refuse to answer (exit 2), naming what changed.
    #[default]
    Refuse,
    /// Answer from the snapshot, and say on standard error that it is out
    /// of date.
    Warn,
}

/// The model's record lists, each one section holding its records then
/// their origins. A new kind of record in [`Model`] is one more name here
/// (and a [`Record`] impl in `codec.rs`).
macro_rules! record_lists {
    ($then:ident) => {
        $then!(
            controllers,
            accounts,
            mailboxes,
            groups,
            grants,
            stale_grants,
            forwarding,
            recovery,
            applications,
            application_permissions,
            admin_roles,
            inbox_rules,
            mail_flow_rules,
            incidents
        )
    };
}

/// Whether the file at `path` is a snapshot (by its first bytes). Only a
/// regular file is opened: a FIFO or a device is never read here, so it
/// cannot block or feed bytes without end.
pub fn is_snapshot(path: &Path) -> bool {
    use std::io::Read;
    if !std::fs::metadata(path).is_ok_and(|metadata| metadata.is_file()) {
        return false;
    }
    let mut start = [0; 16];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut start))
        .is_ok_and(|()| looks_like_snapshot(&start))
}

/// Loads `directory`, checks that its files did not change while loading,
/// and returns the snapshot's bytes with the graph they hold.
pub fn take(directory: &Path) -> Result<(Vec<u8>, AccessGraph), Diagnostics> {
    let root = std::path::absolute(directory)
        .map_err(|error| Diagnostic::in_file(directory, format!("cannot read: {error}")))?;
    let before = Sources::record(&root)?;
    let graph = AccessGraph::build(crate::load::load(&root)?);
    let after = Sources::record(&root)?;
    if !before.same_content(&after) {
        return Err(Diagnostic::in_file(
            directory,
            "the files changed while the snapshot was being taken; try again",
        )
        .into());
    }
    Ok((encode(&graph, &before), graph))
}

/// The bytes of a snapshot of `graph`, made from `sources`.
pub fn encode(graph: &AccessGraph, sources: &Sources) -> Vec<u8> {
    let model = graph.model();
    let mut frame = Frame::default();
    frame.section("sources", &encoded(sources));
    frame.section("files", &encoded(&model.files));
    macro_rules! encode_lists {
        ($($list:ident),*) => {
            // Every list of the model and its origins is stored: a list
            // added to `Model` or `Origins` fails to compile here.
            let Model { files: _, origins: _, $($list: _),* } = model;
            let Origins { $($list: _),* } = &model.origins;
            $(
                let mut out = Writer::default();
                out.record(&model.$list);
                out.record(&model.origins.$list);
                frame.section(stringify!($list), &out.bytes);
            )*
        };
    }
    record_lists!(encode_lists);
    frame.section("edges", &encode_edges(graph));
    frame.finish()
}

fn encoded<T: Record>(value: &T) -> Vec<u8> {
    let mut out = Writer::default();
    out.record(value);
    out.bytes
}

/// The edges as five arrays (sources, targets, kinds, record indices,
/// details), in edge index order.
fn encode_edges(graph: &AccessGraph) -> Vec<u8> {
    let edges = graph.graph().raw_edges();
    let mut out = Writer::default();
    out.count(edges.len());
    out.bytes.reserve(edges.len() * 14);
    for edge in edges {
        out.u32(edge.source().index() as u32);
    }
    for edge in edges {
        out.u32(edge.target().index() as u32);
    }
    for edge in edges {
        out.u8(edge_code(edge.weight).0);
    }
    for edge in edges {
        out.u32(edge_code(edge.weight).1);
    }
    for edge in edges {
        out.u8(edge_code(edge.weight).2);
    }
    out.bytes
}

/// Opens the snapshot at `path`: checks it, checks its sources (`stale`
/// says what to do if they changed), and returns its graph.
pub fn open(path: &Path, stale: Stale) -> Result<AccessGraph, Diagnostics> {
    let problem = |message: String| Diagnostics::from(Diagnostic::in_file(path, message));
    let file =
        std::fs::File::open(path).map_err(|error| problem(format!("cannot read: {error}")))?;
    // SAFETY: the map is only read, through a `&[u8]` that lives no longer
    // than this function. Another process truncating or rewriting the file
    // in place while it is mapped would break that slice's promise; the
    // snapshot writer never does (it writes a new file and renames it over
    // the old one, so a mapped file's bytes never change).
    let map = unsafe { memmap2::Mmap::map(&file) }
        .map_err(|error| problem(format!("cannot read: {error}")))?;
    let sections = Sections::open(&map).map_err(|error| problem(error.to_string()))?;
    let sources: Sources =
        decode(&sections, "sources").map_err(|error| problem(error.to_string()))?;
    let changes = sources.changes();
    if !changes.is_empty() {
        let what = describe_changes(&changes);
        match stale {
            Stale::Refuse => {
                return Err(problem(format!(
                    "the snapshot is out of date: {what}; write it again with `mailgraph snapshot {} -o {}`, or pass `--stale warn` to answer from it anyway",
                    sources.root.display(),
                    path.display()
                )));
            }
            Stale::Warn => eprintln!(
                "warning: {}: answering from an out-of-date snapshot: {what}",
                path.display()
            ),
        }
    }
    graph_of(&sections).map_err(|error| problem(error.to_string()))
}

/// The graph held by a snapshot's bytes, every byte checked, without
/// looking at its sources: for tools and the fuzz harness
/// (tests/snapshot_fuzz.rs). The error says what is wrong.
pub fn read(bytes: &[u8]) -> Result<AccessGraph, String> {
    let sections = Sections::open(bytes).map_err(|error| error.to_string())?;
    graph_of(&sections).map_err(|error| error.to_string())
}

fn describe_changes(changes: &[Change]) -> String {
    const SHOWN: usize = 3;
    let mut text = changes
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    if changes.len() > SHOWN {
        text.push_str(&format!(" (and {} more)", changes.len() - SHOWN));
    }
    text
}

/// The graph held by a snapshot's checked sections.
fn graph_of(sections: &Sections<'_>) -> Result<AccessGraph, FrameError> {
    let (model, edges) = std::thread::scope(|scope| {
        let edges = scope.spawn(|| decode_edges(sections.get("edges")?));
        let files = decode(sections, "files")?;
        let mut model = Model {
            files,
            ..Model::default()
        };
        macro_rules! decode_lists {
            ($($list:ident),*) => {
                $(
                    let $list = scope.spawn(|| {
                        decode_list(sections, stringify!($list))
                    });
                )*
                $(
                    let (records, origins) =
                        $list.join().expect("decoding does not panic")?;
                    model.$list = records;
                    model.origins.$list = origins;
                )*
            };
        }
        record_lists!(decode_lists);
        let edges = edges.join().expect("decoding does not panic")?;
        Ok::<_, FrameError>((model, edges))
    })?;
    check_origins(&model)?;
    let edges = edges
        .into_iter()
        .map(|(from, to, edge)| {
            (
                NodeIndex::new(from as usize),
                NodeIndex::new(to as usize),
                edge,
            )
        })
        .collect();
    let graph = AccessGraph::from_edges(model, edges).ok_or_else(|| {
        FrameError::Section(
            "edges".into(),
            Damage {
                offset: 0,
                what: "an edge's end is not a node".into(),
            },
        )
    })?;
    check_edges(&graph)?;
    Ok(graph)
}

fn decode<T: Record>(sections: &Sections<'_>, name: &'static str) -> Result<T, FrameError> {
    let mut input = Reader::new(sections.get(name)?);
    let damaged = |damage| FrameError::Section(name.into(), damage);
    let value = input.record().map_err(damaged)?;
    input.finish().map_err(damaged)?;
    Ok(value)
}

fn decode_list<T: Record>(
    sections: &Sections<'_>,
    name: &'static str,
) -> Result<(Vec<T>, Vec<Origin>), FrameError> {
    let mut input = Reader::new(sections.get(name)?);
    let damaged = |damage| FrameError::Section(name.into(), damage);
    let records: Vec<T> = input.record().map_err(damaged)?;
    let origins: Vec<Origin> = input.record().map_err(damaged)?;
    input.finish().map_err(damaged)?;
    if origins.len() != records.len() {
        return Err(damaged(input.damage(format!(
            "{} records but {} origins",
            records.len(),
            origins.len()
        ))));
    }
    Ok((records, origins))
}

type RawEdge = (u32, u32, Edge);

fn decode_edges(bytes: &[u8]) -> Result<Vec<RawEdge>, FrameError> {
    let damaged = |damage| FrameError::Section("edges".into(), damage);
    let mut input = Reader::new(bytes);
    let count = input.count(14).map_err(damaged)?;
    let froms = input.take(count * 4).map_err(damaged)?;
    let tos = input.take(count * 4).map_err(damaged)?;
    let tags = input.take(count).map_err(damaged)?;
    let indices = input.take(count * 4).map_err(damaged)?;
    let details = input.take(count).map_err(damaged)?;
    input.finish().map_err(damaged)?;
    let word = |bytes: &[u8]| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let mut edges = Vec::with_capacity(count);
    for (i, ((((from, to), &tag), index), &detail)) in froms
        .chunks_exact(4)
        .zip(tos.chunks_exact(4))
        .zip(tags)
        .zip(indices.chunks_exact(4))
        .zip(details)
        .enumerate()
    {
        let edge = edge_of_code(tag, word(index), detail).ok_or_else(|| {
            damaged(Damage {
                offset: 4 + 8 * count + i,
                what: format!("an unknown edge kind (tag {tag})"),
            })
        })?;
        edges.push((word(from), word(to), edge));
    }
    Ok(edges)
}

/// Every origin names a file of the snapshot.
fn check_origins(model: &Model) -> Result<(), FrameError> {
    let files = model.files.len() as u32;
    let Origins {
        controllers,
        accounts,
        mailboxes,
        groups,
        grants,
        stale_grants,
        forwarding,
        recovery,
        applications,
        application_permissions,
        admin_roles,
        inbox_rules,
        mail_flow_rules,
        incidents,
    } = &model.origins;
    let all = [
        controllers,
        accounts,
        mailboxes,
        groups,
        grants,
        stale_grants,
        forwarding,
        recovery,
        applications,
        application_permissions,
        admin_roles,
        inbox_rules,
        mail_flow_rules,
        incidents,
    ];
    if all
        .iter()
        .flat_map(|list| list.iter())
        .any(|o| o.file >= files)
    {
        return Err(FrameError::Section(
            "origins".into(),
            Damage {
                offset: 0,
                what: "a record's origin names no file".into(),
            },
        ));
    }
    Ok(())
}

/// Every edge joins nodes of the kinds its kind joins, and indexes a record
/// that exists: what the queries rely on.
fn check_edges(graph: &AccessGraph) -> Result<(), FrameError> {
    let model = graph.model();
    let principal = |node: Node| !matches!(node, Node::Mailbox(_) | Node::Scope(_));
    let mailbox = |node: Node| matches!(node, Node::Mailbox(_));
    let scope = |node: Node| matches!(node, Node::Scope(_));
    let destination = |node: Node| matches!(node, Node::Mailbox(_) | Node::External(_));
    let within = |i: u32, len: usize| (i as usize) < len;
    for (i, edge) in graph.graph().raw_edges().iter().enumerate() {
        let from = graph.node(edge.source());
        let to = graph.node(edge.target());
        let fits = match edge.weight {
            Edge::Owner => principal(from) && mailbox(to),
            Edge::Grant(g) => within(g, model.grants.len()) && principal(from) && mailbox(to),
            Edge::Member => principal(from) && matches!(to, Node::Group(_)),
            Edge::Forwarding(f) => {
                within(f, model.forwarding.len()) && destination(from) && mailbox(to)
            }
            Edge::Recovery(r) => within(r, model.recovery.len()) && mailbox(from) && principal(to),
            Edge::SignIn => matches!(from, Node::MailboxCredential(_)) && mailbox(to),
            Edge::ApplicationOwner(a) => principal(from) && to == Node::Application(a),
            Edge::ApplicationPermission(p, _) => {
                within(p, model.application_permissions.len())
                    && matches!(from, Node::Application(_))
                    && scope(to)
            }
            Edge::AdminRole(r) | Edge::ApplicationAdminRole(r) => {
                within(r, model.admin_roles.len()) && principal(from) && scope(to)
            }
            Edge::InboxRule(r) => {
                within(r, model.inbox_rules.len()) && destination(from) && mailbox(to)
            }
            Edge::MailFlowRule(r) => {
                within(r, model.mail_flow_rules.len()) && destination(from) && scope(to)
            }
            Edge::InScope(s) => {
                from == Node::Scope(s)
                    && edge.source() == edge.target()
                    && graph.scope_edge(edge.source()).map(|e| e.index()) == Some(i)
            }
        };
        if !fits {
            return Err(FrameError::Section(
                "edges".into(),
                Damage {
                    offset: i,
                    what: format!("edge {i} ({:?}) joins nodes it cannot join", edge.weight),
                },
            ));
        }
    }
    Ok(())
}
