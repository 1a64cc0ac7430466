//! Output sinks: terminal table, CSV, JSON, plots, HTML.

pub mod html;
pub mod load;
pub mod plots;
pub mod render;
