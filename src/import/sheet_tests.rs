//! Unit tests of the sheet parser on synthetic calamine ranges: the layouts
//! the real workbooks have, and the ones it must refuse (by sheet and cell).

use super::nhse_dtoc::parse_sheet;
use calamine::{Data, Range};

/// A cell in a synthetic sheet: text, number, or blank.
enum C {
    T(&'static str),
    N(f64),
    E,
}
use C::{E, N, T};

/// Builds a range whose first cell sits at B2 (as in the real files).
fn sheet(rows: Vec<Vec<C>>) -> Range<Data> {
    let width = rows.iter().map(Vec::len).max().unwrap_or(1) as u32;
    let mut r = Range::new((1, 1), (rows.len() as u32, width));
    for (i, row) in rows.into_iter().enumerate() {
        for (j, c) in row.into_iter().enumerate() {
            let v = match c {
                T(s) => Data::String(s.to_string()),
                N(f) => Data::Float(f),
                E => Data::Empty,
            };
            r.set_value((i as u32 + 1, j as u32 + 1), v);
        }
    }
    r
}

fn meta(period: &'static str) -> Vec<Vec<C>> {
    vec![
        vec![T("Title:"), T("Delayed Transfer of Care")],
        vec![T("Period:"), T(period)],
        vec![],
    ]
}

fn header() -> Vec<C> {
    [
        "Region",
        "ONS Geography",
        "Code",
        "Name",
        "NHS",
        "Social Care",
        "Both",
        "Total",
    ]
    .into_iter()
    .map(T)
    .collect()
}

fn data(region: &'static str, code: &'static str, name: &'static str, d: [f64; 3]) -> Vec<C> {
    vec![
        T(region),
        T(code),
        T("1"),
        T(name),
        N(d[0]),
        N(d[1]),
        N(d[2]),
        N(d[0] + d[1] + d[2]),
    ]
}

fn plain(period: &'static str, england: [f64; 3]) -> Vec<Vec<C>> {
    let mut rows = meta(period);
    rows.push(vec![]);
    rows.push(header());
    rows.push(data("-", "-", "England", england));
    rows.push(vec![]);
    rows.push(data(
        "East",
        "E10000018",
        "Leicestershire",
        [10.0, 5.0, 1.0],
    ));
    rows.push(data("East", "E06000016", "Leicester UA", [3.0, 2.0, 0.0]));
    rows.push(data("-", "-", "Resident in Wales", [1.0, 0.0, 0.0]));
    rows.push(vec![T("Footnote: figures are revised")]);
    rows
}

#[test]
fn reads_the_plain_layout_and_drops_resident_rows() {
    let t = parse_sheet(
        &sheet(plain("Sept 2016", [14.0, 7.0, 1.0])),
        "LA - by responsible org",
    )
    .expect("valid");
    assert_eq!(t.month.to_string(), "2016-09");
    assert_eq!(t.days.len(), 2);
    assert_eq!(t.days["E10000018"], [10, 5, 1]);
    assert_eq!(t.days["E06000016"], [3, 2, 0]);
    assert_eq!(t.england, [14, 7, 1]);
}

#[test]
fn england_mismatch_is_refused_naming_sheet_and_cell() {
    let err = parse_sheet(
        &sheet(plain("July 2017", [14.0, 8.0, 1.0])),
        "LA - by responsible org",
    )
    .expect_err("sums differ");
    let msg = err.to_string();
    // England row is sheet row 7 (B2 start, 3 meta rows, blank, header); Social Care is column G.
    assert_eq!(err.cell.as_deref(), Some("G7"), "{msg}");
    assert!(
        msg.contains("sheet \"LA - by responsible org\"") && msg.contains("Social Care"),
        "{msg}"
    );
}

#[test]
fn reads_only_the_delayed_days_block_when_a_banner_names_two() {
    let mut rows = meta("April 2017");
    let mut banner: Vec<C> = vec![E, E, E, E, T("Delayed Days"), E, E, E, E, T("DTOC Beds")];
    banner.truncate(10);
    rows.push(banner);
    let mut h = header();
    h.push(E);
    h.extend(["NHS", "Social Care", "Both", "Total"].into_iter().map(T));
    rows.push(h);
    let with_beds = |region, code, name, d: [f64; 3]| {
        let mut r = data(region, code, name, d);
        r.push(E);
        r.extend([N(d[0] / 30.0), N(d[1] / 30.0), N(d[2] / 30.0), N(0.0)]);
        r
    };
    rows.push(with_beds("-", "-", "England", [30.0, 60.0, 0.0]));
    rows.push(with_beds(
        "X",
        "E09000001",
        "City of London",
        [30.0, 60.0, 0.0],
    ));
    let t = parse_sheet(&sheet(rows), "LA - by responsible org").expect("valid");
    assert_eq!(t.days["E09000001"], [30, 60, 0]);
}

#[test]
fn a_banner_without_delayed_days_is_an_unknown_layout() {
    let mut rows = meta("April 2017");
    rows.push(vec![
        E,
        E,
        E,
        E,
        T("Average Number of People Delayed per Day"),
    ]);
    rows.push(header());
    rows.push(data("-", "-", "England", [1.0, 0.0, 0.0]));
    let err = parse_sheet(&sheet(rows), "S").expect_err("no delayed days block");
    assert_eq!(err.cell.as_deref(), Some("F5"), "{err}");
    assert!(err.to_string().contains("unknown layout"), "{err}");
}

#[test]
fn pre_2014_files_without_ons_codes_are_refused() {
    let mut rows = meta("April 2012");
    rows.push(
        ["SHA", "Code", "Name", "NHS", "Social Care", "Both", "Total"]
            .into_iter()
            .map(T)
            .collect(),
    );
    let err = parse_sheet(&sheet(rows), "LA - by responsible org").expect_err("no ONS column");
    assert!(err.to_string().contains("ONS Geography"), "{err}");
    assert_eq!(err.cell.as_deref(), Some("B5"));
}

#[test]
fn sheets_without_a_header_or_period_are_refused() {
    let rows = vec![
        vec![T("Period:"), T("July 2017")],
        vec![T("Something else")],
    ];
    let err = parse_sheet(&sheet(rows), "Data Quality").expect_err("no header");
    assert!(err.to_string().contains("no header row"), "{err}");
    let mut rows = plain("July 2017", [14.0, 7.0, 1.0]);
    rows[1] = vec![T("Period:"), T("Summer 2017")];
    let err = parse_sheet(&sheet(rows), "S").expect_err("bad period");
    assert_eq!(err.cell.as_deref(), Some("C3"), "{err}");
    assert!(parse_sheet(&Range::empty(), "S").is_err());
    let mut rows = plain("July 2017", [14.0, 7.0, 1.0]);
    rows[1] = vec![T("Period: Sept 2016")];
    let t = parse_sheet(&sheet(rows), "S").expect("label and value in one cell");
    assert_eq!(t.month.to_string(), "2016-09");
}

#[test]
fn text_in_a_figure_cell_is_refused_and_dash_rows_are_missing() {
    let mut rows = plain("July 2017", [14.0, 7.0, 1.0]);
    rows[8][5] = T("n/a");
    let err = parse_sheet(&sheet(rows), "S").expect_err("text figure");
    assert!(err.to_string().contains("G10"), "{err}");
    let mut rows = plain("July 2017", [11.0, 5.0, 1.0]);
    rows[8] = vec![
        T("East"),
        T("E06000016"),
        T("1"),
        T("Leicester UA"),
        T("-"),
        T("-"),
        T("-"),
        T("-"),
    ];
    let t = parse_sheet(&sheet(rows), "S").expect("dash row is not reported");
    assert_eq!(t.missing, vec!["E06000016".to_string()]);
    assert!(!t.days.contains_key("E06000016"));
}

#[test]
fn the_sheet_is_found_whatever_its_case_among_extra_sheets() {
    use super::nhse_dtoc::find_sheet;
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let got = find_sheet(&names(&[
        "England",
        "LA - by type of care",
        "LA - By Responsible  Org",
        "Data Quality",
    ]));
    assert_eq!(got.as_deref(), Some("LA - By Responsible  Org"));
    let got = find_sheet(&names(&["England", "Responsible organisation"]));
    assert_eq!(got.as_deref(), Some("Responsible organisation"));
    assert_eq!(find_sheet(&names(&["England", "LA - by reason"])), None);
    assert_eq!(
        find_sheet(&names(&["responsible a", "responsible b"])),
        None
    );
}
