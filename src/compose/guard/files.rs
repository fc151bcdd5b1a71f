//! The files compose reads besides the compose files themselves, found in the files as written
//! (normalization inlines them and forgets where they came from): each service's `env_file` and
//! `label_file`, `extends.file` (followed into the file it names), top-level `include` (followed
//! too), and the project's `.env`. Paths are resolved as compose resolves them: relative to the
//! file that names them, `~` as the home directory of the user running compose.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde_json::Value;

/// A file compose will read: what names it, and its absolute path (symlinks not yet followed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub what: String,
    pub path: PathBuf,
}

/// How deep `extends` and `include` may chain (compose refuses cycles; this bounds the walk).
const DEPTH: usize = 16;

/// Every file the compose files `files` (of the project in `project_dir`) make compose read.
/// A file that cannot be read is named as a reference and left for compose to refuse.
pub fn references(files: &[PathBuf], project_dir: &Path, home: &Path) -> Result<Vec<Reference>> {
    let mut out = Vec::new();
    let env = project_dir.join(".env");
    if std::fs::symlink_metadata(&env).is_ok() {
        out.push(Reference {
            what: "the project's .env".into(),
            path: env,
        });
    }
    let mut seen = BTreeSet::new();
    for f in files {
        walk(f, project_dir, home, 0, &mut seen, &mut out)?;
    }
    Ok(out)
}

fn walk(
    file: &Path,
    base: &Path,
    home: &Path,
    depth: usize,
    seen: &mut BTreeSet<PathBuf>,
    out: &mut Vec<Reference>,
) -> Result<()> {
    if depth > DEPTH || !seen.insert(file.to_path_buf()) {
        return Ok(());
    }
    let Ok(text) = std::fs::read_to_string(file) else {
        return Ok(());
    };
    let doc: Value = serde_saphyr::from_str(&text)
        .map_err(|e| crate::error::usage(format!("{} is not valid YAML: {e}", file.display())))
        .with_context(|| format!("reading {}", file.display()))?;
    let dir = file.parent().unwrap_or(base);
    // The top-level compose files resolve against the project directory, the others against
    // their own directory.
    let rel = if depth == 0 { base } else { dir };
    let abs = |p: &str| absolute(p, rel, home);
    for (name, s) in doc
        .get("services")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for key in ["env_file", "label_file"] {
            for p in paths(s.get(key)) {
                out.push(Reference {
                    what: format!("service {name}: {key} {p}"),
                    path: abs(&p),
                });
            }
        }
        if let Some(f) = s.pointer("/extends/file").and_then(Value::as_str) {
            let path = abs(f);
            out.push(Reference {
                what: format!("service {name}: extends file {f}"),
                path: path.clone(),
            });
            walk(&path, base, home, depth + 1, seen, out)?;
        }
    }
    for inc in doc
        .get("include")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (files, extra): (Vec<String>, Vec<String>) = match inc {
            Value::String(s) => (vec![s.clone()], Vec::new()),
            Value::Object(_) => (
                paths(inc.get("path")),
                paths(inc.get("env_file"))
                    .into_iter()
                    .chain(paths(inc.get("project_directory")))
                    .collect(),
            ),
            _ => continue,
        };
        for p in extra {
            out.push(Reference {
                what: format!("include {p}"),
                path: abs(&p),
            });
        }
        for f in files {
            let path = abs(&f);
            out.push(Reference {
                what: format!("include {f}"),
                path: path.clone(),
            });
            walk(&path, base, home, depth + 1, seen, out)?;
        }
    }
    Ok(())
}

/// A string, a list of strings, or a list of `{path: …}`.
fn paths(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .or_else(|| x.get("path").and_then(Value::as_str).map(str::to_string))
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// `p` as compose reads it: `~` and `~/…` from the home directory, relative paths against
/// `base`.
fn absolute(p: &str, base: &Path, home: &Path) -> PathBuf {
    if p == "~" {
        home.to_path_buf()
    } else if let Some(rest) = p.strip_prefix("~/") {
        home.join(rest)
    } else if Path::new(p).is_absolute() {
        PathBuf::from(p)
    } else {
        base.join(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn env_files_extends_and_includes_are_followed_as_compose_resolves_them() {
        let t = tempfile::tempdir().unwrap();
        let proj = t.path().join("repo/app");
        let main = write(
            &proj,
            "compose.yaml",
            "services:\n  web:\n    env_file: [\"~/../etc/rediacc/proxy/traefik.env\", .env.web]\n    extends: {file: ../base.yml, service: b}\ninclude:\n  - sub/inc.yml\n  - path: [/elsewhere/x.yml]\n    env_file: ../../other.env\n",
        );
        write(
            proj.parent().unwrap(),
            "base.yml",
            "services:\n  b:\n    env_file: /etc/rediacc/proxy/traefik.env\n    extends: {file: deeper/c.yml, service: c}\n",
        );
        write(
            &proj,
            "sub/inc.yml",
            "services:\n  i:\n    label_file: labels\n",
        );
        write(&proj, ".env", "A=1\n");
        let home = Path::new("/root");
        let refs = references(&[main], &proj, home).unwrap();
        let got: Vec<(String, PathBuf)> = refs.into_iter().map(|r| (r.what, r.path)).collect();
        let want = [
            ("the project's .env", proj.join(".env")),
            (
                "service web: env_file ~/../etc/rediacc/proxy/traefik.env",
                PathBuf::from("/root/../etc/rediacc/proxy/traefik.env"),
            ),
            ("service web: env_file .env.web", proj.join(".env.web")),
            (
                "service web: extends file ../base.yml",
                proj.join("../base.yml"),
            ),
            (
                "service b: env_file /etc/rediacc/proxy/traefik.env",
                PathBuf::from("/etc/rediacc/proxy/traefik.env"),
            ),
            (
                "service b: extends file deeper/c.yml",
                proj.join("../deeper/c.yml"),
            ),
            ("include ../../other.env", proj.join("../../other.env")),
            (
                "include /elsewhere/x.yml",
                PathBuf::from("/elsewhere/x.yml"),
            ),
            ("include sub/inc.yml", proj.join("sub/inc.yml")),
            ("service i: label_file labels", proj.join("sub/labels")),
        ];
        for (what, path) in want {
            assert!(
                got.iter().any(|(w, p)| w == what && p == &path),
                "{what} {path:?} not in {got:#?}"
            );
        }
    }

    #[test]
    fn a_cycle_of_extends_ends() {
        let t = tempfile::tempdir().unwrap();
        let a = write(
            t.path(),
            "a.yml",
            "services:\n  a:\n    extends: {file: b.yml, service: b}\n",
        );
        write(
            t.path(),
            "b.yml",
            "services:\n  b:\n    extends: {file: a.yml, service: a}\n",
        );
        let refs = references(&[a], t.path(), Path::new("/root")).unwrap();
        assert!(refs.len() <= 3, "{refs:?}");
    }
}
