//! The operator's configuration: contexts, their machines, per-machine infra settings and
//! repositories (README, "The configuration file"). `model` is the typed shape, `infra` the
//! table of a machine's proxy settings, `store` reads and atomically edits the file, `edit` is
//! every change an operator makes, `validate` checks every value before it is written.

pub(crate) mod edit;
pub(crate) mod infra;
pub(crate) mod model;
pub(crate) mod storage;
pub(crate) mod store;
pub(crate) mod validate;

use anyhow::Result;

pub(crate) use model::{Config, Context, Infra, Machine, Repo, Secret, ServiceManager};
pub(crate) use store::Store;

use crate::error::{not_found, usage};

/// Which context a command works on: `--context` / `$RDC_CONTEXT`, else `current`, else the
/// context named `default`.
pub(crate) fn context_name(cfg: &Config, flag: Option<&str>) -> Result<String> {
    if let Some(name) = flag {
        if cfg.contexts.contains_key(name) {
            return Ok(name.to_string());
        }
        return Err(unknown(
            "context",
            name,
            cfg.contexts.keys(),
            "rdc context create",
        ));
    }
    if let Some(cur) = &cfg.current {
        if cfg.contexts.contains_key(cur) {
            return Ok(cur.clone());
        }
        return Err(not_found(format!(
            "the current context {cur:?} no longer exists; pick one with: rdc context use NAME (known: {})",
            known(cfg.contexts.keys())
        )));
    }
    if cfg.contexts.contains_key("default") {
        return Ok("default".into());
    }
    if cfg.contexts.is_empty() {
        return Err(not_found(
            "there is no context yet; create one with: rdc context create NAME",
        ));
    }
    Err(usage(format!(
        "no context is selected; choose one with --context NAME or rdc context use NAME (known: {})",
        known(cfg.contexts.keys())
    )))
}

/// The selected context and its name.
pub(crate) fn selected<'a>(cfg: &'a Config, flag: Option<&str>) -> Result<(String, &'a Context)> {
    let name = context_name(cfg, flag)?;
    let ctx = &cfg.contexts[&name];
    Ok((name, ctx))
}

pub(crate) fn machine<'a>(ctx_name: &str, ctx: &'a Context, name: &str) -> Result<&'a Machine> {
    ctx.machines.get(name).ok_or_else(|| {
        unknown(
            &format!("machine (in context {ctx_name:?})"),
            name,
            ctx.machines.keys(),
            "rdc context add-machine",
        )
    })
}

pub(crate) fn repo<'a>(ctx_name: &str, ctx: &'a Context, name: &str) -> Result<&'a Repo> {
    ctx.repos.get(name).ok_or_else(|| {
        unknown(
            &format!("repository (in context {ctx_name:?})"),
            name,
            ctx.repos.keys(),
            "rdc repo create",
        )
    })
}

fn known<'a>(names: impl Iterator<Item = &'a String>) -> String {
    let v: Vec<&str> = names.map(String::as_str).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// "unknown machine "x"; known machines: a, b (add one with: rdc context add-machine x …)",
/// or, when a known name is close to it, "unknown repository "my-ap"; did you mean "my-app"?".
pub(crate) fn unknown<'a>(
    kind: &str,
    name: &str,
    names: impl Iterator<Item = &'a String>,
    create: &str,
) -> anyhow::Error {
    let names: Vec<&String> = names.collect();
    if let Some(close) = closest(name, names.iter().map(|s| s.as_str())) {
        return not_found(format!(
            "unknown {kind} {name:?}; did you mean {close:?}? (known: {})",
            known(names.into_iter())
        ));
    }
    not_found(format!(
        "unknown {kind} {name:?}; known: {} (create it with: {create} {name} …)",
        known(names.into_iter())
    ))
}

/// The known name a typo most likely meant: within two edits (one for short names), or
/// differing only in case.
fn closest<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = if name.chars().count() <= 4 { 1 } else { 2 };
    names
        .map(|n| {
            let d = if n.eq_ignore_ascii_case(name) {
                0
            } else {
                strsim::damerau_levenshtein(name, n)
            };
            (d, n)
        })
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, n)| n)
}

#[cfg(test)]
mod closest_tests {
    #[test]
    fn a_typo_finds_the_name_it_meant() {
        let names = ["my-app", "shop", "backend"];
        let c = |n| super::closest(n, names.iter().copied());
        assert_eq!(c("my-ap"), Some("my-app"));
        assert_eq!(c("My-App"), Some("my-app"));
        assert_eq!(c("backned"), Some("backend"));
        assert_eq!(c("shpo"), Some("shop"));
        assert_eq!(c("zzz"), None);
        assert_eq!(c("web"), None);
    }
}
