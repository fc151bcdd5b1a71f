//! The shape of the crate, checked: no cycle between top-level modules, the contract depends on
//! nothing, every module imports only what the "May import" column of docs/architecture.md
//! allows, server-side code (by folder) never touches the laptop's config store, every module is
//! in the module map (docs/architecture.md and lib.rs), no `rdc host` command line is spelled
//! outside the protocol module, and no source file holds more than 600 lines of code before its
//! tests (blank and comment lines not counted).
//!
//! Files are read whole: production code is everything but comments, `#[cfg(test)]` items
//! (wherever they are in the file) and files that are only compiled for tests. The checks work
//! on text given to them, so `checker_*` tests prove each one fails on a deliberate violation.

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

/// The end (exclusive) of the item starting at `from`: its brace-matched body, or its `;`.
fn item_end(text: &str, from: usize) -> usize {
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'{' => depth += 1,
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b';' if depth == 0 => return i + 1,
            b'"' => {
                // Skip a string literal (braces inside it do not count).
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// Production code of a file: without `//` comments and without any `#[cfg(test)]` item.
/// Also the names of modules it declares `#[cfg(test)] mod name;` (test-only files).
fn production(text: &str) -> (String, Vec<String>) {
    let no_comments: String = text
        .lines()
        .map(|l| match l.trim_start().starts_with("//") {
            true => "",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut test_mods = Vec::new();
    let mut rest = no_comments.as_str();
    while let Some(i) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "#[cfg(test)]".len()..];
        let end = item_end(after, 0);
        let item = after[..end].trim();
        let words: Vec<&str> = item.split_whitespace().collect();
        if let Some(pos) = words.iter().position(|w| *w == "mod")
            && let Some(name) = words.get(pos + 1)
            && name.ends_with(';')
        {
            test_mods.push(name.trim_end_matches(';').to_string());
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    (out, test_mods)
}

/// Top-level modules named by `crate::…` paths, `crate::{a, b::c}` groups included.
fn imports(code: &str) -> BTreeSet<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + 7..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut start = 0;
            for (j, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        out.insert(ident(&group[start..j]));
                        start = j + 1;
                    }
                    _ => {}
                }
            }
        } else {
            out.insert(ident(rest));
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// The crate's production sources: relative path → code (test-only files left out).
fn sources(src: &Path) -> BTreeMap<String, String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut code = BTreeMap::new();
    let mut test_only = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let (prod, test_mods) = production(&text);
        let dir = match f.file_name().unwrap().to_str().unwrap() {
            "mod.rs" | "lib.rs" | "main.rs" => f.parent().unwrap().to_path_buf(),
            _ => f.with_extension(""),
        };
        for m in test_mods {
            test_only.insert(dir.join(format!("{m}.rs")));
            test_only.insert(dir.join(&m));
        }
        let rel = f.strip_prefix(src).unwrap().to_string_lossy().to_string();
        code.insert(rel, prod);
    }
    code.retain(|rel, _| {
        let p = src.join(rel);
        !test_only.iter().any(|t| p == *t || p.starts_with(t))
    });
    code
}

fn top_module(rel: &str) -> String {
    rel.split('/')
        .next()
        .unwrap()
        .trim_end_matches(".rs")
        .to_string()
}

/// Every top-level module's imports of other top-level modules.
fn graph(code: &BTreeMap<String, String>) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (rel, text) in code {
        let top = top_module(rel);
        if top == "lib" || top == "main" {
            continue;
        }
        let e = edges.entry(top.clone()).or_default();
        e.extend(imports(text).into_iter().filter(|n| *n != top));
    }
    edges
}

/// The module map's "May import" column: module → allowed imports (`everything above`: every
/// module of an earlier row).
fn allowed(doc: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 5 || !cells[1].starts_with('`') {
            continue;
        }
        let module = cells[1].trim_matches('`').to_string();
        let may = cells[3];
        let set: BTreeSet<String> = if may.contains("everything above") {
            order.iter().cloned().collect()
        } else {
            may.split(',')
                .map(|w| w.trim().trim_matches('`').to_string())
                .filter(|w| !w.is_empty() && w != "nothing")
                .collect()
        };
        order.push(module.clone());
        out.insert(module, set);
    }
    out
}

/// Imports the module map does not allow, as `module imports x`.
fn forbidden(
    edges: &BTreeMap<String, BTreeSet<String>>,
    allowed: &BTreeMap<String, BTreeSet<String>>,
) -> Vec<String> {
    let mut bad = Vec::new();
    for (m, uses) in edges {
        let Some(ok) = allowed.get(m) else {
            bad.push(format!("{m} is not in the module map"));
            continue;
        };
        for u in uses {
            if !ok.contains(u) {
                bad.push(format!("{m} imports {u}"));
            }
        }
    }
    bad
}

fn cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
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
    edges
        .keys()
        .find_map(|n| visit(n, edges, &mut Vec::new(), &mut done))
}

/// Server-side files (by folder) that import the laptop's config store or the laptop side of
/// repositories.
fn server_uses_laptop_config(code: &BTreeMap<String, String>) -> Vec<String> {
    let server_side = |rel: &str| {
        rel.starts_with("route_server/")
            || rel.starts_with("compose/")
            || rel.starts_with("isolation/")
            || rel.starts_with("proxy/")
            || rel.starts_with("repo/host/")
    };
    code.iter()
        .filter(|(rel, text)| {
            server_side(rel)
                && (imports(text).contains("context")
                    || text.contains("context::store")
                    || text.contains("repo::client")
                    || text.contains("super::client"))
        })
        .map(|(rel, _)| rel.clone())
        .collect()
}

/// Files outside the protocol module (and the server's clap definitions) that spell an `rdc
/// host` command line: a `"host"` argv word, or `{rdc} host …` in a format string.
fn host_argv_outside_protocol(code: &BTreeMap<String, String>) -> Vec<String> {
    code.iter()
        .filter(|(rel, _)| *rel != "contract/call.rs" && *rel != "cli/host.rs")
        .filter(|(_, text)| {
            text.contains("\"host\".into()")
                || text.contains("\"host\",")
                || text.contains("} host ")
        })
        .map(|(rel, _)| rel.clone())
        .collect()
}

fn crate_code() -> BTreeMap<String, String> {
    sources(&repo_root().join("src"))
}

fn doc() -> String {
    std::fs::read_to_string(repo_root().join("docs/architecture.md")).unwrap()
}

#[test]
fn top_level_modules_form_no_cycle() {
    let edges = graph(&crate_code());
    if let Some(c) = cycle(&edges) {
        panic!("module cycle: {}\nedges: {edges:#?}", c.join(" -> "));
    }
    assert!(
        edges.get("contract").is_none_or(|e| e.is_empty()),
        "the contract must not depend on other modules: {:?}",
        edges.get("contract")
    );
}

#[test]
fn every_import_is_one_the_module_map_allows() {
    let bad = forbidden(&graph(&crate_code()), &allowed(&doc()));
    assert!(
        bad.is_empty(),
        "imports docs/architecture.md does not allow (fix the code or the map): {bad:#?}"
    );
}

#[test]
fn server_side_code_never_uses_the_laptops_config() {
    let bad = server_uses_laptop_config(&crate_code());
    assert!(
        bad.is_empty(),
        "server-side files import the laptop's config: {bad:?}"
    );
}

#[test]
fn no_host_command_line_outside_the_protocol_module() {
    let bad = host_argv_outside_protocol(&crate_code());
    assert!(
        bad.is_empty(),
        "`rdc host` command lines spelled outside contract/call.rs: {bad:?}"
    );
}

#[test]
fn every_module_is_in_the_module_map() {
    let edges = graph(&crate_code());
    let arch = doc();
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
    let mut big = Vec::new();
    let src = repo_root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Every line but test items (wherever they are) and blank or comment lines.
        let n = production(&text)
            .0
            .lines()
            .filter(|l| !l.trim().is_empty())
            .count();
        if n > 600 {
            big.push(format!("{}: {n}", f.display()));
        }
    }
    assert!(
        big.is_empty(),
        "files over 600 lines before their tests: {big:?}"
    );
}

// The checker itself, on deliberate violations.

fn fake_crate(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    for (rel, text) in files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    sources(dir.path())
}

const MAP: &str = "| Module | Owns | May import |\n|---|---|---|\n| `contract` | shared | nothing |\n| `ssh` | links | `contract` |\n| `repo` | repos | `contract`, `ssh` |\n| `cli` | clap | everything above |\n";

#[test]
fn checker_refuses_an_import_the_map_forbids() {
    let code = fake_crate(&[
        ("contract/mod.rs", "pub mod call;\n"),
        ("contract/call.rs", "use crate::ssh::Remote;\n"),
        ("ssh/mod.rs", "use crate::contract::x;\n"),
        ("repo/mod.rs", "use crate::{contract::a, ssh};\n"),
        ("cli/mod.rs", "use crate::repo;\n"),
    ]);
    let bad = forbidden(&graph(&code), &allowed(MAP));
    assert_eq!(bad, ["contract imports ssh"]);
    assert!(
        cycle(&graph(&code)).is_some(),
        "contract -> ssh -> contract"
    );
    // A `crate::{…}` group counts; so does an import deep in the file, after a test module.
    let code = fake_crate(&[
        (
            "ssh/mod.rs",
            "#[cfg(test)]\nmod tests {\n use crate::cli;\n}\n\nfn late() { crate::repo::go(); }\n",
        ),
        ("repo/mod.rs", "use crate::{contract::a, cli::b};\n"),
    ]);
    let bad = forbidden(&graph(&code), &allowed(MAP));
    assert_eq!(bad, ["repo imports cli", "ssh imports repo"]);
}

#[test]
fn checker_leaves_out_tests_and_comments() {
    let code = fake_crate(&[
        (
            "ssh/mod.rs",
            "#[cfg(test)]\npub(crate) mod fake;\n// crate::cli in a comment\nuse crate::contract::x;\n",
        ),
        ("ssh/fake.rs", "use crate::cli::Everything;\n"),
    ]);
    assert!(forbidden(&graph(&code), &allowed(MAP)).is_empty());
}

#[test]
fn checker_finds_laptop_config_and_host_command_lines() {
    let code = fake_crate(&[
        ("repo/host/up.rs", "use crate::context::Machine;\n"),
        ("repo/host/down.rs", "use crate::repo::client::Target;\n"),
        (
            "repo/client/up.rs",
            "use crate::context::Machine;\nlet v = vec![rdc, \"host\".into()];\n",
        ),
    ]);
    assert_eq!(
        server_uses_laptop_config(&code),
        ["repo/host/down.rs", "repo/host/up.rs"]
    );
    assert_eq!(host_argv_outside_protocol(&code), ["repo/client/up.rs"]);
}
