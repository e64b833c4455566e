//! The cost of organisation-wide access that is not delegation: a
//! synthetic organisation (1,500,000 accounts unless sizes are given) with
//! and without 100 organisation-wide holders (60 admin roles held by
//! accounts, 40 applications with `full_access_as_app` each owned by an
//! account). Reports the graph's stored edges and nodes, the peak memory of
//! a `mailgraph rank` process either way, `reach` from one holder after load
//! (median of 5), and `rank` of every credential.
//!
//! `cargo bench --bench access_scale` (or `-- 100000` for another size).
//! Figures in docs/performance.md. Not part of `cargo test`.

use std::time::Instant;

use mailgraph::generate::synthetic;
use mailgraph::model::{AdminRole, Application, ApplicationPermission, Document, Scope};
use mailgraph::{AccessGraph, query};

#[path = "support/measure.rs"]
mod measure;
use measure::{machine, median, ms, peak_memory, sizes};
const HOLDERS: usize = 100;
const APPLICATIONS: usize = 40;

fn main() {
    if measure::serve_peak_of() {
        return;
    }
    println!("machine: {}", machine());
    let sizes = sizes(&[1_500_000]);
    for accounts in sizes {
        organisation(accounts);
    }
}

/// 60 admin roles and 40 applications with `full_access_as_app`, held or
/// owned by accounts spread evenly over the organisation.
fn access(holders: &[String]) -> Document {
    let mut document = Document::default();
    for (i, holder) in holders.iter().enumerate() {
        if i < APPLICATIONS {
            let id = format!("app-{i}");
            document.applications.push(Application {
                id: id.clone(),
                name: format!("Application {i}"),
                publisher: Default::default(),
                credentials: true,
                owners: vec![holder.clone()],
            });
            document
                .application_permissions
                .push(ApplicationPermission {
                    application: id,
                    permission: "full_access_as_app".into(),
                    scope: Scope::Organisation,
                    source: None,
                });
        } else {
            document.admin_roles.push(AdminRole {
                name: "Exchange Administrator".into(),
                holder: holder.clone(),
                scope: Scope::Organisation,
                gives: Default::default(),
                source: None,
            });
        }
    }
    document
}

fn organisation(accounts: u64) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let dir = folder.path();
    synthetic::generate(
        dir,
        synthetic::Options {
            accounts,
            seed: 2017,
        },
    )
    .expect("generated");
    let path = dir.to_str().expect("a UTF-8 path");

    let (rank_before, peak_before) = peak_memory(&["rank", path, "--top", "10", "-q"]);
    let model = mailgraph::load(dir).expect("loads");
    let graph = AccessGraph::build(model);
    let (nodes_before, edges_before) = (graph.node_count(), graph.graph().edge_count());
    let step = graph.model().accounts.len() / HOLDERS;
    let holders: Vec<String> = (0..HOLDERS)
        .map(|i| graph.model().accounts[i * step].id.clone())
        .collect();
    drop(graph);
    std::fs::write(dir.join("access.ron"), access(&holders).to_ron()).expect("written");

    let started = Instant::now();
    let model = mailgraph::load(dir).expect("loads with the holders");
    let load = started.elapsed();
    let started = Instant::now();
    let graph = AccessGraph::build(model);
    let build = started.elapsed();
    let (nodes_after, edges_after) = (graph.node_count(), graph.graph().edge_count());

    // An admin role holder and an application owner: each reaches every
    // mailbox.
    let mut reach_times = Vec::new();
    for holder in [&holders[APPLICATIONS], &holders[0]] {
        let source = graph.principal(holder).expect("a holder");
        let mut mailboxes = 0;
        let time = median(5, || {
            mailboxes = std::hint::black_box(query::reach(&graph, &[source]))
                .mailboxes
                .len();
        });
        assert_eq!(mailboxes, graph.model().mailboxes.len());
        reach_times.push(time);
    }
    let started = Instant::now();
    let radii = std::hint::black_box(query::rank(&graph));
    let rank = started.elapsed();
    let widest = radii.first().map_or(0, |r| r.mailboxes);
    drop(graph);

    let (rank_after, peak_after) = peak_memory(&["rank", path, "--top", "10", "-q"]);
    println!(
        "accounts: {accounts}; organisation-wide holders: {HOLDERS} ({APPLICATIONS} application owners, {} admin role holders)",
        HOLDERS - APPLICATIONS
    );
    println!(
        "graph: {nodes_before} -> {nodes_after} nodes, {edges_before} -> {edges_after} stored edges"
    );
    println!("load with holders: {}; build: {}", ms(load), ms(build));
    println!(
        "reach from one holder (every mailbox), median of 5: admin role holder {}, application owner {}",
        ms(reach_times[0]),
        ms(reach_times[1])
    );
    println!(
        "rank of every credential (in process): {} (widest: {widest} mailboxes)",
        ms(rank)
    );
    println!(
        "`rank --top 10` process: without holders {} and {} MiB peak; with {} and {} MiB peak ({:+.1}%)",
        ms(rank_before),
        peak_before / 1024,
        ms(rank_after),
        peak_after / 1024,
        (peak_after as f64 / peak_before as f64 - 1.0) * 100.0
    );
}
