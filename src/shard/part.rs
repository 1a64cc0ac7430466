//! The part file: what one shard computed, with a header saying which run
//! it belongs to (docs/OUTPUTS.md, "Part files").
//!
//! Layout, all [postcard] (a documented, stable serde format; no hand-rolled
//! encoding): an envelope `(magic, format, sha256, body)` whose `body` is
//! the postcard of `(Header, Payload)`. The magic (`IBCFPART`) and format
//! version come first so that a part of another format is named as such
//! before anything else is decoded; the SHA-256 of the body detects a
//! truncated or corrupted file (postcard itself has no integrity check).
//! Files are written to a temporary sibling and renamed into place.

use crate::analysis::figures::{OptionFigures, TradeOff};
use crate::engine::Partial;
use crate::engine::variants::VariantTally;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// First bytes of every part file.
pub const MAGIC: [u8; 8] = *b"IBCFPART";
/// The part format this ibcf reads and writes.
pub const FORMAT: u32 = 3;
/// File extension of part files.
pub const EXTENSION: &str = "ibcfpart";

/// What the parts of one split are parts of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// `ibcf run`: units are trials.
    Run,
    /// `ibcf sweep`: units are grid points.
    Sweep,
    /// `ibcf sensitivity`: units are engine runs (base, tornado, Saltelli design).
    Sensitivity,
    /// `ibcf design`: units are trials (each simulated once, every variant
    /// decided on it).
    Design,
}

impl Kind {
    /// The command that writes it.
    pub fn command(self) -> &'static str {
        match self {
            Kind::Run => "run",
            Kind::Sweep => "sweep",
            Kind::Sensitivity => "sensitivity",
            Kind::Design => "design",
        }
    }

    /// What its units are, in words (plural).
    pub fn units(self) -> &'static str {
        match self {
            Kind::Run | Kind::Design => "trials",
            Kind::Sweep => "grid points",
            Kind::Sensitivity => "runs",
        }
    }
}

/// Which run a part belongs to, and which of its units it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    /// `CARGO_PKG_VERSION` of the ibcf that wrote it.
    pub ibcf_version: String,
    pub kind: Kind,
    /// Scenario name.
    pub scenario: String,
    /// The scenario path as given on the command line (merge reloads it).
    pub scenario_path: String,
    /// The scenario's SHA-256 over its TOML, `--set` overrides and data files.
    pub fingerprint: String,
    /// `--set` overrides, as written.
    pub overrides: Vec<String>,
    pub seed: u64,
    /// Trials per engine run.
    pub trials: u64,
    /// Work units of the whole split (trials, grid points or runs).
    pub units: u64,
    /// This part's shard, K of N.
    pub shard: (u32, u32),
    /// The units this part holds, `lo..hi`.
    pub range: (u64, u64),
    /// Command settings every part must share (e.g. `noise_check=true`,
    /// `vary=KEY=…`), as `name=value`.
    pub settings: Vec<String>,
}

/// What a part computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Payload {
    /// A run's trials, unassembled.
    Run(Box<Partial>),
    /// Per unit of the range, per option: a tool's headline figures; per
    /// unit, the cost of hitting the target (sweeps of scenarios with
    /// `[consequences]`; `None` otherwise).
    Figures {
        options: Vec<String>,
        units: Vec<Vec<OptionFigures>>,
        trade_offs: Vec<Option<TradeOff>>,
    },
    /// A design's trials: per variant (variant 0 the scenario), its tally
    /// over the range (integer counts and exact moments, merged by addition).
    Variants(Vec<VariantTally>),
}

/// A whole part file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    pub header: Header,
    pub payload: Payload,
}

#[derive(Serialize, Deserialize)]
struct Envelope<'a> {
    magic: [u8; 8],
    format: u32,
    sha256: [u8; 32],
    /// Borrowed on reading: the body is checked and decoded in place.
    #[serde(borrow)]
    body: &'a [u8],
}

/// Why a part file cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum PartError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not an ibcf part file (it does not start with IBCFPART)", .0.display())]
    NotAPart(PathBuf),
    #[error("{}: part format {found}, but this ibcf ({}) reads format {FORMAT}; merge it with the ibcf that wrote it, or rerun the shard", path.display(), env!("CARGO_PKG_VERSION"))]
    Format { path: PathBuf, found: u32 },
    #[error("{}: truncated or corrupt part file ({why}); rerun its shard", path.display())]
    Corrupt { path: PathBuf, why: String },
    #[error("{} already exists; pass --force to replace it", .0.display())]
    Exists(PathBuf),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PartError + '_ {
    |source| PartError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The encoded file.
///
/// # Errors
/// A serialisation failure (not expected for these types).
pub fn encode(part: &Part) -> Result<Vec<u8>, postcard::Error> {
    let body = postcard::to_stdvec(part)?;
    let env = Envelope {
        magic: MAGIC,
        format: FORMAT,
        sha256: Sha256::digest(&body).into(),
        body: &body,
    };
    postcard::to_stdvec(&env)
}

/// Checks the envelope of `bytes` (read from `path`) and returns the body.
fn open<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b [u8], PartError> {
    let corrupt = |why: String| PartError::Corrupt {
        path: path.to_path_buf(),
        why,
    };
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(PartError::NotAPart(path.to_path_buf()));
    }
    let (prefix, _) = postcard::take_from_bytes::<([u8; 8], u32)>(bytes)
        .map_err(|e| corrupt(format!("header: {e}")))?;
    if prefix.1 != FORMAT {
        return Err(PartError::Format {
            path: path.to_path_buf(),
            found: prefix.1,
        });
    }
    let (env, rest) = postcard::take_from_bytes::<Envelope>(bytes)
        .map_err(|e| corrupt(format!("{} bytes: {e}", bytes.len())))?;
    if !rest.is_empty() {
        return Err(corrupt(format!(
            "{} unexpected bytes at the end",
            rest.len()
        )));
    }
    if <[u8; 32]>::from(Sha256::digest(env.body)) != env.sha256 {
        return Err(corrupt("checksum mismatch".into()));
    }
    Ok(env.body)
}

/// Decodes a part file's bytes (`path` names it in errors).
///
/// # Errors
/// Not a part, another format, or a truncated or corrupt file.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Part, PartError> {
    let body = open(path, bytes)?;
    postcard::from_bytes(body).map_err(|e| PartError::Corrupt {
        path: path.to_path_buf(),
        why: format!("contents: {e}"),
    })
}

/// Reads a part file.
///
/// # Errors
/// I/O, or as [`decode`].
pub fn read(path: &Path) -> Result<Part, PartError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    decode(path, &bytes)
}

/// Reads only a part's header, after checking the whole file's checksum.
///
/// # Errors
/// As [`read`].
pub fn read_header(path: &Path) -> Result<Header, PartError> {
    let bytes = std::fs::read(path).map_err(io(path))?;
    let body = open(path, &bytes)?;
    let (h, _) = postcard::take_from_bytes::<Header>(body).map_err(|e| PartError::Corrupt {
        path: path.to_path_buf(),
        why: format!("header: {e}"),
    })?;
    Ok(h)
}

/// Where shard `shard`'s part goes in `dir`, checked before any work: an
/// existing part is replaced only with `force`.
///
/// # Errors
/// [`PartError::Exists`].
pub fn claim(dir: &Path, shard: super::Shard, force: bool) -> Result<PathBuf, PartError> {
    let path = dir.join(shard.file_name());
    match path.exists() && !force {
        true => Err(PartError::Exists(path)),
        false => Ok(path),
    }
}

/// Writes a part file atomically (temporary sibling, then rename); an
/// existing file is replaced only with `force`.
///
/// # Errors
/// The file exists without `force`, or an I/O failure.
pub fn write(path: &Path, part: &Part, force: bool) -> Result<(), PartError> {
    use crate::report::output_dir::{OutputError, write_file};
    // An existing part keeps its own variant: the user's to fix, not an I/O failure.
    let bytes = encode(part).map_err(|e| PartError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    write_file(path, &bytes, force).map_err(|e| match e {
        OutputError::Exists(p) => PartError::Exists(p),
        OutputError::Io { path, source } => PartError::Io { path, source },
    })
}

/// The part files a command line names: files as given, folders expanded
/// to their `*.ibcfpart` files (sorted by name).
///
/// # Errors
/// A folder that cannot be listed, or a name that does not exist.
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PartError> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(io(p))?
                .flatten()
                .map(|e| e.path())
                .filter(|f| f.extension().is_some_and(|e| e == EXTENSION))
                .collect();
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(PartError::Io {
                path: p.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file"),
            });
        }
    }
    Ok(out)
}
