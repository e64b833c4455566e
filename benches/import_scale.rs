//! The import benchmark: `mailgraph import exchange` on a generated
//! mailbox export and a mailbox permission export, written as
//! `Export-Csv` writes them (every field quoted, CRLF), timed as a whole
//! process with its peak resident memory, several runs.
//!
//! `cargo bench --bench import_scale` imports 1,500,000 mailbox rows and
//! 1,000,000 permission rows (the target in docs/performance.md: 30 s and
//! 2 GiB); `cargo bench --bench import_scale -- 150000 100000 5` picks the
//! mailbox rows, permission rows and runs. Not part of `cargo test`.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use mailgraph::generate::rng::Rng;

#[path = "support/measure.rs"]
mod measure;
use measure::{load_average, machine, run_measured};

/// One mailbox in this many is shared; the permission rows give users
/// FullAccess on shared mailboxes, as most FullAccess grants are.
const SHARED_EVERY: u64 = 15;

fn main() {
    let numbers: Vec<u64> = std::env::args()
        .skip(1)
        .filter(|arg| !arg.starts_with('-'))
        .map(|arg| arg.replace(['_', ','], "").parse().expect("a number"))
        .collect();
    let mailboxes = numbers.first().copied().unwrap_or(1_500_000);
    let permissions = numbers.get(1).copied().unwrap_or(1_000_000);
    let runs = numbers.get(2).copied().unwrap_or(3).max(1) as usize;

    let dir = tempfile::tempdir().expect("a temporary folder");
    let mailbox_export = dir.path().join("mailboxes.csv");
    let permission_export = dir.path().join("mailbox-permissions.csv");
    let started = Instant::now();
    write_mailboxes(&mailbox_export, mailboxes);
    write_permissions(&permission_export, mailboxes, permissions);
    let size = |path: &Path| std::fs::metadata(path).expect("written").len() as f64 / 1e6;
    println!(
        "exports: {mailboxes} mailbox rows ({:.0} MB), {permissions} permission rows ({:.0} MB), written in {:.1} s",
        size(&mailbox_export),
        size(&permission_export),
        started.elapsed().as_secs_f64()
    );
    println!("machine: {}", machine());

    let mut results = Vec::new();
    for run in 0..runs {
        let output = dir.path().join(format!("out-{run}"));
        let load_before = load_average();
        let args = [
            "import",
            "exchange",
            "-o",
            output.to_str().expect("a UTF-8 path"),
            "--mailboxes",
            mailbox_export.to_str().expect("a UTF-8 path"),
            "--mailbox-permissions",
            permission_export.to_str().expect("a UTF-8 path"),
        ];
        let (elapsed, cpu, peak_kib) = run_measured(&args);
        println!(
            "run {}: {:.1} s, {:.1} s of CPU, peak {} MiB (load average before: {load_before})",
            run + 1,
            elapsed.as_secs_f64(),
            cpu.as_secs_f64(),
            peak_kib / 1024
        );
        results.push((elapsed, peak_kib));
        std::fs::remove_dir_all(&output).expect("the output removed");
    }
    let mut times: Vec<Duration> = results.iter().map(|(time, _)| *time).collect();
    times.sort();
    let peaks: Vec<u64> = results.iter().map(|(_, peak)| peak / 1024).collect();
    println!(
        "| {mailboxes} | {permissions} | {:.1} s | {:.1} s | {:.1} s | {} MiB | {} MiB |",
        times[0].as_secs_f64(),
        times[times.len() / 2].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        peaks.iter().min().expect("a run"),
        peaks.iter().max().expect("a run"),
    );
}

/// `count` mailboxes: user mailboxes, and every [`SHARED_EVERY`]th a shared
/// one, with the columns the documented `Get-EXOMailbox` command selects.
fn write_mailboxes(path: &Path, count: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    out.write_all(b"\"Name\",\"DisplayName\",\"Alias\",\"PrimarySmtpAddress\",\"UserPrincipalName\",\"RecipientTypeDetails\",\"GrantSendOnBehalfTo\",\"ForwardingAddress\",\"ForwardingSmtpAddress\",\"DeliverToMailboxAndForward\",\"AccountDisabled\"\r\n").expect("written");
    for i in 0..count {
        if i % SHARED_EVERY == 0 {
            write!(
                out,
                "\"shared{i}\",\"Shared mailbox {i}\",\"shared{i}\",\"shared{i}@contoso.com\",\"shared{i}@contoso.onmicrosoft.com\",\"SharedMailbox\",\"\",\"\",\"\",\"False\",\"True\"\r\n"
            )
        } else {
            write!(
                out,
                "\"user{i}\",\"User {i}\",\"user{i}\",\"user{i}@contoso.com\",\"user{i}@contoso.com\",\"UserMailbox\",\"\",\"\",\"\",\"False\",\"False\"\r\n"
            )
        }
        .expect("written");
    }
    out.flush().expect("written");
}

/// `count` FullAccess rows, each a random user on a random shared mailbox,
/// naming the user by address or by alias as `Get-MailboxPermission`
/// prints them.
fn write_permissions(path: &Path, mailboxes: u64, count: u64) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("created"));
    out.write_all(
        b"\"Identity\",\"User\",\"AccessRights\",\"IsInherited\",\"Deny\",\"InheritanceType\"\r\n",
    )
    .expect("written");
    let shared = mailboxes.div_ceil(SHARED_EVERY);
    let mut rng = Rng::new(7);
    for row in 0..count {
        let mailbox = rng.below(shared) * SHARED_EVERY;
        let mut user = rng.below(mailboxes);
        if user.is_multiple_of(SHARED_EVERY) {
            user = (user + 1) % mailboxes;
        }
        let who = if row % 3 == 0 {
            format!("user{user}")
        } else {
            format!("user{user}@contoso.com")
        };
        write!(
            out,
            "\"shared{mailbox}\",\"{who}\",\"FullAccess\",\"False\",\"False\",\"All\"\r\n"
        )
        .expect("written");
    }
    out.flush().expect("written");
}
