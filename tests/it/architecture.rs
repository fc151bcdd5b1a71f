//! The shape of the crate, checked: no cycle between top-level modules, the contract depends on
//! nothing, server-side code never touches the laptop's config store, every module is in the
//! module map (docs/architecture.md and lib.rs), and no source file holds more than 600 lines of
//! code before its tests.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::common::repo_root;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Production code of a file: everything before its `#[cfg(test)]` module.
fn production(text: &str) -> &str {
    text.split("\n#[cfg(test)]").next().unwrap_or(text)
}

fn top_module(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .to_string();
    first.trim_end_matches(".rs").to_string()
}

/// `crate::x::…` references of every top-level module's production code.
fn graph() -> (
    BTreeMap<String, BTreeSet<String>>,
    BTreeMap<PathBuf, String>,
) {
    let src = repo_root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut texts = BTreeMap::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let top = top_module(&src, &f);
        let prod = production(&text).to_string();
        if top != "lib" && top != "main" {
            let e = edges.entry(top.clone()).or_default();
            for (i, _) in prod.match_indices("crate::") {
                let rest = &prod[i + 7..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != top {
                    e.insert(name);
                }
            }
        }
        texts.insert(f, prod);
    }
    (edges, texts)
}

#[test]
fn top_level_modules_form_no_cycle() {
    let (edges, _) = graph();
    fn visit(
        n: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = stack.iter().position(|x| x == n) {
            let mut cycle = stack[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        stack.push(n.to_string());
        for m in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(m, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for n in edges.keys() {
        if let Some(c) = visit(n, &edges, &mut Vec::new(), &mut done) {
            panic!("module cycle: {}\nedges: {edges:#?}", c.join(" -> "));
        }
    }
    assert!(
        edges.get("contract").is_none_or(|e| e.is_empty()),
        "the contract must not depend on other modules: {:?}",
        edges.get("contract")
    );
}

#[test]
fn server_side_code_never_uses_the_laptops_config() {
    let (_, texts) = graph();
    let src = repo_root().join("src");
    let server_side = |p: &Path| {
        let rel = p.strip_prefix(&src).unwrap().to_string_lossy().to_string();
        rel.starts_with("route_server/")
            || rel.starts_with("compose/")
            || rel.starts_with("repo/host")
            || rel == "repo/rediaccfile.rs"
            || rel == "repo/luks.rs"
    };
    let mut bad = Vec::new();
    for (f, text) in &texts {
        if server_side(f) && (text.contains("crate::context") || text.contains("context::store")) {
            bad.push(f.display().to_string());
        }
    }
    assert!(
        bad.is_empty(),
        "server-side files import the laptop's config: {bad:?}"
    );
}

#[test]
fn every_module_is_in_the_module_map() {
    let (edges, _) = graph();
    let arch = std::fs::read_to_string(repo_root().join("docs/architecture.md")).unwrap();
    let lib = std::fs::read_to_string(repo_root().join("src/lib.rs")).unwrap();
    let mut missing = Vec::new();
    for m in edges.keys() {
        if !arch.contains(&format!("`{m}`")) {
            missing.push(format!("{m} (docs/architecture.md)"));
        }
        if !lib.contains(&format!("`{m}`")) {
            missing.push(format!("{m} (lib.rs)"));
        }
    }
    assert!(missing.is_empty(), "not in the module map: {missing:?}");
}

#[test]
fn no_source_file_over_600_lines_of_code() {
    let (_, texts) = graph();
    let mut big = Vec::new();
    for (f, text) in &texts {
        let n = text.lines().count();
        if n > 600 {
            big.push(format!("{}: {n}", f.display()));
        }
    }
    assert!(
        big.is_empty(),
        "files over 600 lines before their tests: {big:?}"
    );
}
