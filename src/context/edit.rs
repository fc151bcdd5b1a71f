//! Every change an operator makes to the config, as one function each: checked values in, the
//! file edited under the store's lock (comments kept), facts out for the CLI to tell. Nothing
//! here prints.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::infra::{self, Change, Checked};
use super::store::{set_value, table_at};
use super::{Infra, ServiceManager, Store, context_name, machine};
use crate::error::usage;

/// `context create`: returns whether it became the current context.
pub(crate) fn create_context(store: &Store, name: &str, ssh_key: Option<&Path>) -> Result<bool> {
    store.edit(|doc, cfg| {
        if cfg.contexts.contains_key(name) {
            return Err(usage(format!(
                "context {name:?} already exists; pick another name or see it with: rdc context show {name}"
            )));
        }
        let t = table_at(doc, &["contexts", name])?;
        if let Some(k) = ssh_key {
            set_value(t, "ssh_key", k.to_string_lossy().as_ref());
        }
        let make_current = cfg.current.is_none();
        if make_current {
            set_value(doc.as_table_mut(), "current", name);
        }
        Ok(make_current)
    })
}

/// `context use`.
pub(crate) fn use_context(store: &Store, name: &str) -> Result<()> {
    store.edit(|doc, cfg| {
        context_name(cfg, Some(name))?;
        set_value(doc.as_table_mut(), "current", name);
        Ok(())
    })
}

/// `context rename`.
pub(crate) fn rename_context(store: &Store, old: &str, new: &str) -> Result<()> {
    store.edit(|doc, cfg| {
        context_name(cfg, Some(old))?;
        if cfg.contexts.contains_key(new) {
            return Err(usage(format!(
                "context {new:?} already exists; choose another new name"
            )));
        }
        let contexts = table_at(doc, &["contexts"])?;
        let item = contexts.remove(old).expect("context exists");
        contexts.insert(new, item);
        if cfg.current.as_deref() == Some(old) {
            set_value(doc.as_table_mut(), "current", new);
        }
        Ok(())
    })
}

/// `context delete`.
pub(crate) fn delete_context(store: &Store, name: &str) -> Result<()> {
    store.edit(|doc, cfg| {
        context_name(cfg, Some(name))?;
        table_at(doc, &["contexts"])?.remove(name);
        if cfg.current.as_deref() == Some(name) {
            doc.as_table_mut().remove("current");
        }
        Ok(())
    })
}

/// `context set-ssh`: returns the context's name.
pub(crate) fn set_ssh_key(store: &Store, ctx_flag: Option<&str>, key: &Path) -> Result<String> {
    store.edit(|doc, cfg| {
        let name = context_name(cfg, ctx_flag)?;
        let t = table_at(doc, &["contexts", &name])?;
        set_value(t, "ssh_key", key.to_string_lossy().as_ref());
        Ok(name)
    })
}

/// A machine's connection settings, checked.
#[derive(Debug, Default, Clone)]
pub(crate) struct MachineSpec {
    pub ip: Option<String>,
    pub user: Option<String>,
    pub port: Option<u16>,
    pub datastore: Option<String>,
    pub prefix: Option<String>,
    pub service_manager: Option<ServiceManager>,
}

impl MachineSpec {
    pub(crate) fn is_empty(&self) -> bool {
        self.ip.is_none()
            && self.user.is_none()
            && self.port.is_none()
            && self.datastore.is_none()
            && self.prefix.is_none()
            && self.service_manager.is_none()
    }

    fn write(&self, t: &mut dyn toml_edit::TableLike) {
        if let Some(v) = &self.ip {
            set_value(t, "ip", v.as_str());
        }
        if let Some(v) = &self.user {
            set_value(t, "user", v.as_str());
        }
        if let Some(v) = self.port {
            set_value(t, "port", i64::from(v));
        }
        if let Some(v) = &self.datastore {
            set_value(t, "datastore", v.as_str());
        }
        match self.prefix.as_deref() {
            Some("/") => {
                t.remove("prefix");
            }
            Some(v) => set_value(t, "prefix", v),
            None => {}
        }
        match self.service_manager {
            Some(ServiceManager::Systemd) => {
                t.remove("service_manager");
            }
            Some(v) => set_value(t, "service_manager", v.to_string()),
            None => {}
        }
    }
}

/// `context add-machine`: returns the context's name.
pub(crate) fn add_machine(
    store: &Store,
    ctx_flag: Option<&str>,
    name: &str,
    spec: &MachineSpec,
) -> Result<String> {
    store.edit(|doc, cfg| {
        let ctx = context_name(cfg, ctx_flag)?;
        if cfg.contexts[&ctx].machines.contains_key(name) {
            return Err(usage(format!(
                "machine {name:?} already exists in context {ctx}; change it with: rdc context set-machine {name}"
            )));
        }
        let t = table_at(doc, &["contexts", &ctx, "machines", name])?;
        spec.write(t);
        Ok(ctx)
    })
}

/// `context set-machine`: returns whether the pinned host key was dropped (a new address).
pub(crate) fn set_machine(
    store: &Store,
    ctx_flag: Option<&str>,
    name: &str,
    spec: &MachineSpec,
) -> Result<bool> {
    store.edit(|doc, cfg| {
        let ctx = context_name(cfg, ctx_flag)?;
        machine(&ctx, &cfg.contexts[&ctx], name)?;
        let t = table_at(doc, &["contexts", &ctx, "machines", name])?;
        spec.write(t);
        // A new address means the pinned host key may belong to another server.
        Ok(spec.ip.is_some() && t.remove("known_hosts").is_some())
    })
}

/// `context remove-machine`.
pub(crate) fn remove_machine(store: &Store, ctx_flag: Option<&str>, name: &str) -> Result<()> {
    store.edit(|doc, cfg| {
        let ctx = context_name(cfg, ctx_flag)?;
        let c = &cfg.contexts[&ctx];
        machine(&ctx, c, name)?;
        let used: Vec<&str> = c
            .repos
            .iter()
            .filter(|(_, r)| r.machine == name)
            .map(|(n, _)| n.as_str())
            .collect();
        if !used.is_empty() {
            return Err(usage(format!(
                "machine {name} still hosts repositories: {}; move or delete them first",
                used.join(", ")
            )));
        }
        table_at(doc, &["contexts", &ctx, "machines"])?.remove(name);
        Ok(())
    })
}

/// `context scan-keys`: store a machine's host keys.
pub(crate) fn pin_host_keys(store: &Store, ctx: &str, name: &str, keys: &str) -> Result<()> {
    store.edit(|doc, cfg| {
        machine(ctx, &cfg.contexts[ctx], name)?;
        let t = table_at(doc, &["contexts", ctx, "machines", name])?;
        set_value(t, "known_hosts", keys);
        Ok(())
    })
}

/// `context set-infra`: apply a change to a machine's infra settings (checked as a whole, on a
/// fresh read under the lock). Returns the context's name, and the notes and warnings.
pub(crate) fn set_infra(
    store: &Store,
    ctx_flag: Option<&str>,
    name: &str,
    change: &Change,
) -> Result<(String, Checked)> {
    store.edit(|doc, cfg| {
        let ctx = context_name(cfg, ctx_flag)?;
        let m = machine(&ctx, &cfg.contexts[&ctx], name)?;
        let current = m.infra.clone().unwrap_or_default();
        let (next, mut checked) = infra::apply(&current, change)?;
        let t = table_at(doc, &["contexts", &ctx, "machines", name, "infra"])?;
        for k in &change.unset {
            if current.get(k).is_none() {
                checked.notes.push(format!("{k} was not set"));
            }
            t.remove(k);
        }
        for f in infra::fields() {
            match (next.get(f.key), checked.values.get(f.key)) {
                (Some(_), Some(v)) if change.set.contains_key(f.key) => {
                    set_value(t, f.key, v.clone())
                }
                (None, _) => {
                    t.remove(f.key);
                }
                _ => {}
            }
        }
        Ok((ctx, checked))
    })
}

/// Expand `~` and check the key file exists; returns the absolute path to store.
pub(crate) fn ssh_key_path(p: &Path) -> Result<PathBuf> {
    let s = p.to_string_lossy();
    let expanded = if let Some(rest) = s.strip_prefix("~/") {
        std::env::home_dir()
            .ok_or_else(|| usage("cannot expand ~: no home directory"))?
            .join(rest)
    } else {
        p.to_path_buf()
    };
    let abs = if expanded.is_absolute() {
        expanded
    } else {
        std::env::current_dir()?.join(expanded)
    };
    if !abs.is_file() {
        return Err(usage(format!(
            "--ssh-key {}: no such file; give the path of an SSH private key",
            abs.display()
        )));
    }
    Ok(abs)
}

/// The settings of a machine, or empty ones.
pub(crate) fn infra_of(m: &super::Machine) -> Infra {
    m.infra.clone().unwrap_or_default()
}
