//! What `ibcf run` shows while it simulates: a progress bar on a terminal
//! (hidden until the run has taken a second, and never during a
//! `--precision` search, whose trial count is not known in advance), plain
//! heartbeat lines otherwise (logs, CI), and a line when the noise check
//! reruns the trials. Presentation only: the library reports
//! [`Progress`] events and this turns them into output.

use super::heartbeat::Heartbeat;
use crate::engine::session::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// The display of one run.
pub struct RunProgress {
    bar: ProgressBar,
    /// Whether the bar may ever be shown.
    bar_allowed: bool,
    loud: bool,
    start: Instant,
    shown: AtomicBool,
    trials: Box<dyn Fn(u64) + Sync>,
    pub beat: Heartbeat,
}

impl RunProgress {
    /// Starts the display of a run of `trials` trials.
    pub fn start(trials: u64, quiet: bool, precision: bool) -> RunProgress {
        let loud = !quiet && std::io::stderr().is_terminal();
        let bar = ProgressBar::with_draw_target(Some(trials), ProgressDrawTarget::hidden());
        if let Ok(style) = ProgressStyle::with_template(
            "{bar:40} {pos}/{len} trials  {elapsed_precise} (eta {eta})",
        ) {
            bar.set_style(style);
        }
        let beat = Heartbeat::start("run", quiet);
        beat.stage("simulating");
        RunProgress {
            bar,
            bar_allowed: loud && !precision,
            loud,
            start: Instant::now(),
            shown: AtomicBool::new(false),
            trials: Box::new(beat.trials(trials)),
            beat,
        }
    }

    /// Shows one progress event.
    pub fn show(&self, p: Progress) {
        match p {
            Progress::Trials(done) => {
                (self.trials)(done);
                if self.bar_allowed {
                    if !self.shown.load(Ordering::Relaxed)
                        && self.start.elapsed() > Duration::from_secs(1)
                    {
                        self.shown.store(true, Ordering::Relaxed);
                        self.bar.set_draw_target(ProgressDrawTarget::stderr());
                    }
                    self.bar.set_position(done);
                }
            }
            Progress::NoiseRerun if self.loud => {
                eprintln!("noise check: the same trials with observation noise off…")
            }
            Progress::NoiseRerun => {}
        }
    }

    /// Clears the bar and moves the heartbeat on to writing the outputs.
    pub fn writing(&self) {
        self.bar.finish_and_clear();
        self.beat.count(0, 0, "");
        self.beat.stage("writing the output files and the report");
    }
}
