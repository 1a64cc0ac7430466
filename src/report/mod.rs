//! Output sinks: terminal table, CSV, JSON, plots, HTML.
