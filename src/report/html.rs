//! Placeholder.
use super::load::Run;
use super::plots::PlotFile;
/// page
pub fn page(_run: &Run, _plots: &[PlotFile]) -> String { String::new() }
