//! Every example in every command's help is a complete command a user can
//! copy and paste (issue 24): clap wraps long lines, so an example wider than
//! the terminal used to be cut into a bare `--vary` and a stray value. Each
//! example line starting `ibcf` either ends there or continues with ` \`,
//! and the whole command (continuations joined, a `# comment` dropped)
//! parses as an ibcf command line. Checked at 80 columns.

use assert_cmd::cargo::cargo_bin_cmd;
use clap::{CommandFactory, Parser};
use ibcf::cli::Cli;

fn help(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("ibcf")
        .env("COLUMNS", "80")
        .args(args)
        .output()
        .expect("runs");
    assert!(out.status.success(), "ibcf {args:?} failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The example commands in a help text, continuations joined; an error
/// names a line that runs on without ` \`.
fn examples(text: &str) -> Result<Vec<String>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim();
        i += 1;
        if !l.starts_with("ibcf ") {
            continue;
        }
        let mut cmd = l.to_string();
        while cmd.ends_with(" \\") {
            cmd.truncate(cmd.len() - 2);
            let Some(next) = lines.get(i) else {
                return Err(format!("`{l}` continues past the end"));
            };
            cmd.push(' ');
            cmd.push_str(next.trim());
            i += 1;
        }
        if let Some(next) = lines.get(i) {
            let n = next.trim();
            if !n.is_empty() && !n.starts_with("ibcf ") {
                return Err(format!(
                    "`{l}` runs on into `{n}` without a ` \\` continuation"
                ));
            }
        }
        out.push(cmd);
    }
    Ok(out)
}

/// Shell words of one example, enough for these examples: a trailing
/// `# comment` dropped, `a && b` split, single quotes removed.
fn commands(example: &str) -> Vec<Vec<String>> {
    let text = example.split(" #").next().unwrap_or_default();
    text.split("&&")
        .map(|c| {
            let mut words = Vec::new();
            let mut cur = String::new();
            let mut quoted = false;
            for ch in c.trim().chars() {
                match ch {
                    '\'' => quoted = !quoted,
                    c if c.is_whitespace() && !quoted => {
                        if !cur.is_empty() {
                            words.push(std::mem::take(&mut cur));
                        }
                    }
                    c => cur.push(c),
                }
            }
            if !cur.is_empty() {
                words.push(cur);
            }
            words
        })
        .collect()
}

#[test]
fn every_help_example_is_one_complete_command() {
    let mut texts = vec![("ibcf --help".to_string(), help(&["--help"]))];
    for sub in Cli::command().get_subcommands() {
        let name = sub.get_name().to_string();
        if name == "help" {
            continue;
        }
        texts.push((format!("ibcf help {name}"), help(&["help", &name])));
    }
    let mut seen = 0;
    let mut bad = Vec::new();
    for (what, text) in &texts {
        match examples(text) {
            Err(e) => bad.push(format!("{what}: {e}")),
            Ok(list) => {
                for ex in list {
                    for words in commands(&ex) {
                        seen += 1;
                        if let Err(e) = Cli::try_parse_from(&words) {
                            let e = e.to_string();
                            let first = e.lines().next().unwrap_or_default();
                            bad.push(format!("{what}: `{ex}` does not parse: {first}"));
                        }
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    assert!(seen >= 25, "only {seen} examples found");
}
