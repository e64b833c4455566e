//! Progress of long phases, on standard error.
//!
//! A command is a few phases (read files, parse, validate, build graph,
//! query, write). Any layer opens one with [`Progress::start`] or
//! [`Progress::counting`], counts its work with [`Progress::inc`] (from any
//! thread), and ends it by dropping it. What a person sees:
//!
//! - on a terminal, a phase still running after a second gets a spinner (or
//!   a bar, when its amount of work is known); it is erased when the phase
//!   ends, so the answer on standard output is never mixed with it;
//! - when standard error is not a terminal (a pipe, a file, CI), nothing;
//! - `--quiet` shows nothing, and `--verbose` adds one line per phase with
//!   its time and count, on standard error, terminal or not.
//!
//! Progress never reaches standard output and never changes an answer: it
//! is a side channel, so queries may report through it while they still
//! only return data. The bars are drawn by `indicatif` (the ecosystem's
//! maintained progress crate: rate-limited redraws, terminal width, clean
//! erasing, several bars at once), through one `MultiProgress` so that a
//! phase opened inside another does not garble the screen.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{LazyLock, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much a command says on standard error about its progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Verbosity {
    /// Nothing but errors.
    Quiet,
    /// Progress of phases that run over a second, on a terminal only.
    #[default]
    Normal,
    /// Progress, and each phase's time and count.
    Verbose,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(1);

/// Sets how much every phase of this process reports (the command line sets
/// it once, from `-q`/`-v`).
pub fn set_verbosity(verbosity: Verbosity) {
    let value = match verbosity {
        Verbosity::Quiet => 0,
        Verbosity::Normal => 1,
        Verbosity::Verbose => 2,
    };
    VERBOSITY.store(value, Ordering::Relaxed);
}

fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// Says `message` on standard error as a warning (terminal-escaped),
/// unless the run is quiet (`-q`).
pub fn warn(message: &str) {
    if verbosity() != Verbosity::Quiet {
        let line = format!("warning: {}", crate::render::terminal::escape(message));
        BARS.suspend(|| eprintln!("{line}"));
    }
}

/// The phases of a command, in the order they usually run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Finding and reading input files.
    ReadFiles,
    /// Turning their text into records.
    Parse,
    /// Checking the records against each other and the access model.
    Validate,
    /// Building the access graph.
    BuildGraph,
    /// Asking the graph a question (searches, sweeps).
    Query,
    /// Writing output files.
    Write,
}

impl Phase {
    /// The name shown beside a spinner and in `--verbose` timings.
    pub fn label(self) -> &'static str {
        match self {
            Phase::ReadFiles => "read files",
            Phase::Parse => "parse",
            Phase::Validate => "validate",
            Phase::BuildGraph => "build graph",
            Phase::Query => "query",
            Phase::Write => "write",
        }
    }
}

/// How long a phase runs before it is shown. `MAILGRAPH_PROGRESS_DELAY_MS`
/// overrides it (0 shows every phase at once), for demonstrations and the
/// tests that check what reaches a terminal and what does not.
fn reveal_delay() -> Duration {
    std::env::var("MAILGRAPH_PROGRESS_DELAY_MS")
        .ok()
        .and_then(|text| text.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis)
}

/// Every visible bar hangs from this one, drawn on standard error.
static BARS: LazyLock<MultiProgress> =
    LazyLock::new(|| MultiProgress::with_draw_target(ProgressDrawTarget::stderr()));

/// Serialises the `--verbose` lines of phases ending on several threads.
static TIMINGS: Mutex<()> = Mutex::new(());

/// One running phase; it ends when dropped.
pub struct Progress {
    phase: Phase,
    /// What is counted (`files`, `credentials`), if anything.
    unit: Option<&'static str>,
    done: AtomicU64,
    started: Instant,
    display: Option<Display>,
}

/// The bar of a phase shown on a terminal, and the thread that reveals it
/// once the phase has run long enough.
struct Display {
    bar: ProgressBar,
    stop: Option<mpsc::Sender<()>>,
    reveal: Option<JoinHandle<()>>,
}

impl Progress {
    /// Starts a phase whose amount of work is not known: a spinner.
    pub fn start(phase: Phase) -> Progress {
        Progress::new(phase, None, None)
    }

    /// Starts a phase of `total` units of work (`files`, `credentials`): a
    /// bar, advanced by [`Progress::inc`].
    pub fn counting(phase: Phase, total: u64, unit: &'static str) -> Progress {
        Progress::new(phase, Some(total), Some(unit))
    }

    fn new(phase: Phase, total: Option<u64>, unit: Option<&'static str>) -> Progress {
        let shown = verbosity() != Verbosity::Quiet && std::io::stderr().is_terminal();
        Progress {
            phase,
            unit,
            done: AtomicU64::new(0),
            started: Instant::now(),
            display: shown.then(|| Display::new(phase, total, unit)),
        }
    }

    /// Counts `n` more units of work done (safe from any thread; a few
    /// atomic operations when nothing is shown).
    pub fn inc(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
        if let Some(display) = &self.display {
            display.bar.inc(n);
        }
    }

    /// Ends the phase (the same as dropping it, said out loud).
    pub fn finish(self) {}
}

impl Display {
    fn new(phase: Phase, total: Option<u64>, unit: Option<&'static str>) -> Display {
        let bar = ProgressBar::hidden();
        let template = match total {
            Some(total) => {
                bar.set_length(total);
                format!(
                    "{{spinner}} {{msg}} [{{bar:30}}] {{human_pos}}/{{human_len}} {} ({{elapsed}}, about {{eta}} left)",
                    unit.unwrap_or("")
                )
            }
            None => "{spinner} {msg} ({elapsed})".to_string(),
        };
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(phase.label());
        let (stop, stopped) = mpsc::channel::<()>();
        let delay = reveal_delay();
        let hidden = bar.clone();
        let reveal = std::thread::spawn(move || {
            if let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(delay) {
                let bar = BARS.add(hidden);
                bar.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Display {
            bar,
            stop: Some(stop),
            reveal: Some(reveal),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(display) = &mut self.display {
            // Dropping the sender wakes the reveal thread at once.
            display.stop.take();
            if let Some(reveal) = display.reveal.take() {
                let _ = reveal.join();
            }
            display.bar.finish_and_clear();
            BARS.remove(&display.bar);
        }
        if verbosity() == Verbosity::Verbose {
            let elapsed = self.started.elapsed().as_secs_f64();
            let count = match self.unit {
                Some(unit) => format!(" ({} {unit})", self.done.load(Ordering::Relaxed)),
                None => String::new(),
            };
            let _serial = TIMINGS.lock().unwrap_or_else(|e| e.into_inner());
            BARS.suspend(|| eprintln!("timing: {} {elapsed:.3} s{count}", self.phase.label()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_counts_from_several_threads() {
        let progress = Progress::counting(Phase::Query, 400, "credentials");
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| (0..100).for_each(|_| progress.inc(1)));
            }
        });
        assert_eq!(progress.done.load(Ordering::Relaxed), 400);
    }

    #[test]
    fn every_phase_has_a_label() {
        let phases = [
            Phase::ReadFiles,
            Phase::Parse,
            Phase::Validate,
            Phase::BuildGraph,
            Phase::Query,
            Phase::Write,
        ];
        let labels: std::collections::BTreeSet<_> = phases.iter().map(|p| p.label()).collect();
        assert_eq!(labels.len(), phases.len());
    }
}
