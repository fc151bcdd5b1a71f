//! Every command rdc suggests — in an error, a note, a hint, or an `Example:` of its help — is
//! a command rdc accepts as pasted: collected from the source (string literals and doc
//! examples), placeholders filled with sample values, each parsed with rdc's own clap
//! definitions.

use clap::Parser;

use crate::common::repo_root;

fn rust_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

const COMMANDS: [&str; 5] = ["context", "repo", "route-server", "compose", "completions"];

/// The suggested commands in one line of source.
fn suggestions(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("rdc ") {
        let after = &rest[i + 4..];
        rest = after;
        // A suggestion is introduced by a colon (`…; fix it with: rdc …`) or is a help
        // example; `(rdc repo up)` in prose names a command, it does not suggest one.
        let before = &line[..line.len() - after.len() - 4];
        if !(before.ends_with(": ") || before.ends_with(":  ") || line.contains("Example")) {
            continue;
        }
        if !COMMANDS.iter().any(|c| after.starts_with(&format!("{c} "))) {
            continue;
        }
        let mut end = after.len();
        for t in [
            "\"", "`", ";", ")", " (", " or ", " and ", ", then", ", ", " |", "\\n", " — ", ". ",
        ] {
            if let Some(j) = after.find(t) {
                end = end.min(j);
            }
        }
        out.push(after[..end].trim().trim_end_matches('.').to_string());
    }
    out
}

/// Sample values for the placeholders messages use.
fn fill(word: &str) -> String {
    if word == "{flag}" {
        return "--public-ipv6".into();
    }
    if word.starts_with('{') && word.ends_with('}') {
        return "x1".into();
    }
    if word.starts_with('~') {
        return format!("/tmp{}", word.trim_start_matches('~'));
    }
    if word.contains('{') {
        // `--tcp-ports={ports}`, `{name}-web`: keep the shape.
        let mut s = String::new();
        let mut skip = false;
        for c in word.chars() {
            match c {
                '{' => {
                    skip = true;
                    s.push_str("x1");
                }
                '}' => skip = false,
                _ if !skip => s.push(c),
                _ => {}
            }
        }
        return s;
    }
    match word {
        "NAME" | "REPO" | "OLD" | "NEW" => "app".into(),
        "MACHINE" => "m1".into(),
        "IP" | "ADDRESS" => "203.0.113.9".into(),
        "USER" => "root".into(),
        "GUID" => "0b5c".into(),
        "DOMAIN" => "a.example.com".into(),
        "PATH" | "FILE" => "/tmp/x".into(),
        "DIR" => "/tmp".into(),
        "FIELD" => "public-ipv6".into(),
        "SECS" | "N" | "PORT" => "5".into(),
        "SHELL" => "bash".into(),
        "SERVICE" => "web".into(),
        "…" | "..." => "1".into(),
        w => w.trim_matches('\'').to_string(),
    }
}

#[test]
fn every_suggested_command_parses() {
    let mut files = Vec::new();
    rust_files(&repo_root().join("src"), &mut files);
    files.sort();
    let mut checked = 0;
    let mut bad = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let prod = text.split("\n#[cfg(test)]").next().unwrap_or(&text);
        for (n, line) in prod.lines().enumerate() {
            let t = line.trim_start();
            let doc = t.starts_with("//");
            // Doc comments: only their examples are commands; elsewhere they describe.
            if doc && !t.contains("Example") && !t.contains("rdc completions") {
                continue;
            }
            for s in suggestions(line) {
                let words: Vec<String> = std::iter::once("rdc".to_string())
                    .chain(s.split_whitespace().map(fill))
                    .filter(|w| !w.is_empty() && w != ">")
                    .collect();
                checked += 1;
                if let Err(e) = rdc::cli::Cli::try_parse_from(&words) {
                    if matches!(
                        e.kind(),
                        clap::error::ErrorKind::DisplayHelp
                            | clap::error::ErrorKind::DisplayVersion
                    ) {
                        continue;
                    }
                    bad.push(format!(
                        "{}:{}: `{s}` → {}",
                        f.strip_prefix(repo_root()).unwrap().display(),
                        n + 1,
                        e.to_string().lines().next().unwrap_or("")
                    ));
                }
            }
        }
    }
    assert!(
        checked > 50,
        "only {checked} suggestions found: the scan is broken"
    );
    assert!(
        bad.is_empty(),
        "{} of {checked} suggested commands do not parse:\n{}",
        bad.len(),
        bad.join("\n")
    );
    eprintln!("{checked} suggested commands parse");
}
