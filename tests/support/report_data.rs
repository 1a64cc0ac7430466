//! The report page's data block (`<script id="council-data">`) as JSON,
//! for tests that check what the council pages show.

use std::path::Path;

/// Reads `dir/report.html` and parses its data block.
pub fn data_block(dir: &Path) -> serde_json::Value {
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    let tag = "id=\"council-data\">";
    let start = html.find(tag).expect("data block") + tag.len();
    let end = start + html[start..].find("</script>").expect("end of data block");
    serde_json::from_str(&html[start..end]).expect("data block is JSON")
}
