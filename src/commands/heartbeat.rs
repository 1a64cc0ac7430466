//! Progress for logs: when stderr is not a terminal (piped, CI), long
//! commands print one plain line every few seconds saying what they are
//! doing and how far they are, so a log never goes silent for a minute. On a
//! terminal the commands draw their own bars instead; `--quiet` silences
//! both. `IBCF_PROGRESS_EVERY_MS` (hidden, for tests) sets the interval.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Default seconds between lines.
pub const EVERY_S: u64 = 5;

/// What the command is doing now.
#[derive(Default)]
struct State {
    stage: Mutex<String>,
    done: AtomicU64,
    total: AtomicU64,
    unit: Mutex<String>,
    stop: Mutex<bool>,
    wake: Condvar,
}

/// A background thread printing the state every interval until dropped.
pub struct Heartbeat {
    state: Arc<State>,
    handle: Option<JoinHandle<()>>,
}

/// The interval: `IBCF_PROGRESS_EVERY_MS` when set to a number, else [`EVERY_S`].
fn interval() -> Duration {
    std::env::var("IBCF_PROGRESS_EVERY_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map_or(Duration::from_secs(EVERY_S), |ms| {
            Duration::from_millis(ms.max(1))
        })
}

fn grouped(n: u64) -> String {
    crate::format::thousands(n as f64)
}

impl State {
    fn line(&self, command: &str, elapsed: Duration) -> String {
        let stage = self.stage.lock().map(|s| s.clone()).unwrap_or_default();
        let unit = self.unit.lock().map(|s| s.clone()).unwrap_or_default();
        let (done, total) = (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        );
        let mut parts = vec![format!("ibcf {command}:")];
        if !stage.is_empty() {
            parts.push(format!("{stage},"));
        }
        if total > 0 {
            parts.push(format!(
                "{} of {} {unit} ({:.0}%),",
                grouped(done.min(total)),
                grouped(total),
                done.min(total) as f64 / total as f64 * 100.0
            ));
        }
        parts.push(format!("{}s elapsed", elapsed.as_secs()));
        parts.join(" ")
    }
}

impl Heartbeat {
    /// Starts printing for `command` unless `quiet` or stderr is a terminal.
    pub fn start(command: &str, quiet: bool) -> Heartbeat {
        let state = Arc::new(State::default());
        let enabled = !quiet && !std::io::stderr().is_terminal();
        let handle = enabled.then(|| {
            let st = Arc::clone(&state);
            let command = command.to_string();
            let every = interval();
            std::thread::spawn(move || {
                let start = Instant::now();
                let mut stop = st.stop.lock().unwrap_or_else(|e| e.into_inner());
                loop {
                    let (g, _) = st
                        .wake
                        .wait_timeout(stop, every)
                        .unwrap_or_else(|e| e.into_inner());
                    stop = g;
                    if *stop {
                        break;
                    }
                    let line = st.line(&command, start.elapsed());
                    let mut err = std::io::stderr().lock();
                    let _ = writeln!(err, "{line}");
                }
            })
        });
        Heartbeat { state, handle }
    }

    /// Names the current stage ("point 3 of 8", "writing the report").
    pub fn stage(&self, text: impl Into<String>) {
        if let Ok(mut s) = self.state.stage.lock() {
            *s = text.into();
        }
    }

    /// Sets the count shown: `done` of `total` `unit`.
    pub fn count(&self, done: u64, total: u64, unit: &str) {
        self.state.done.store(done, Ordering::Relaxed);
        self.state.total.store(total, Ordering::Relaxed);
        if let Ok(mut u) = self.state.unit.lock()
            && *u != unit
        {
            *u = unit.to_string();
        }
    }

    /// A callback for the engine's trial counter (`done` of `total` trials).
    pub fn trials(&self, total: u64) -> impl Fn(u64) + Sync + 'static {
        self.count(0, total, "trials");
        let st = Arc::clone(&self.state);
        move |done| st.done.store(done, Ordering::Relaxed)
    }

    /// Whether lines are being printed.
    pub fn enabled(&self) -> bool {
        self.handle.is_some()
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        if let Ok(mut s) = self.state.stop.lock() {
            *s = true;
        }
        self.state.wake.notify_all();
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_says_what_how_far_and_how_long() {
        let st = State::default();
        *st.stage.lock().unwrap_or_else(|e| e.into_inner()) = "point 3 of 8".into();
        st.done.store(12_288, Ordering::Relaxed);
        st.total.store(20_000, Ordering::Relaxed);
        *st.unit.lock().unwrap_or_else(|e| e.into_inner()) = "trials".into();
        assert_eq!(
            st.line("sweep", Duration::from_secs(12)),
            "ibcf sweep: point 3 of 8, 12,288 of 20,000 trials (61%), 12s elapsed"
        );
        let empty = State::default();
        assert_eq!(
            empty.line("run", Duration::from_secs(0)),
            "ibcf run: 0s elapsed"
        );
    }
}
