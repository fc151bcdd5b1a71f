//! `rdc repo delete`: stop and remove a repository on its machine (containers, daemon, mount,
//! image, state), then its config entry, then its declarations in the machine's router.toml.
//! The operator confirms first (on a terminal; `--yes` otherwise), seeing what is destroyed. An
//! image the config does not know (an orphan, see `live`) is removed by GUID.

use std::sync::atomic::AtomicBool;

use anyhow::Result;

use super::{RouterPush, Target, ask, connect, push_router_toml};
use crate::context::{self as ctxmod, Repo, Store};
use crate::contract::NetworkId;
use crate::contract::host::{Action, Status};
use crate::error::usage;
use crate::progress::Progress;

/// What a deletion did.
pub(crate) struct Deleted {
    /// Whether the server still had the image (false: only the config entry was removed).
    pub existed: bool,
    pub status: Status,
    pub router: RouterPush,
}

fn what(t: &Target, s: &Status) -> String {
    format!(
        "Delete repository {} on {}: its containers, Docker daemon and image ({} MiB, {} MiB used{}), for good?",
        t.name,
        t.machine_name,
        s.image_size_bytes >> 20,
        s.image_used_bytes >> 20,
        if s.encrypted { ", encrypted" } else { "" }
    )
}

pub(crate) async fn delete(
    store: &Store,
    ctx_flag: Option<&str>,
    name: &str,
    timeout_secs: u64,
    p: &dyn Progress,
) -> Result<Deleted> {
    let t = Target::resolve(store, ctx_flag, name, None)?;
    let r = connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await?;
    let res = async {
        let no = AtomicBool::new(false);
        let before = ask(&r, &t, Action::Status, &t.job(), p, &no).await?;
        if before.image_exists && !p.confirm(&what(&t, &before))? {
            return Err(crate::error::declined("nothing was deleted"));
        }
        let mut job = t.job();
        job.timeout_secs = Some(timeout_secs);
        let status = ask(&r, &t, Action::Delete, &job, p, &no).await?;
        Ok((before.image_exists, status))
    }
    .await;
    r.close().await;
    let (existed, status) = res?;
    if !existed {
        p.note(&format!(
            "repository {name} was already gone on {}; removing it from the config",
            t.machine_name
        ));
    }
    store.edit(|doc, _| {
        if let Some(tbl) = crate::context::store::table_at_opt(doc, &["contexts", &t.ctx, "repos"])
        {
            tbl.remove(name);
        }
        Ok(())
    })?;
    let cfg = store.load()?;
    let c = &cfg.contexts[&t.ctx];
    let router = if t.repo.domains.is_empty() {
        RouterPush::Unchanged
    } else {
        push_router_toml(c, &t.machine_name, p).await?
    };
    Ok(Deleted {
        existed,
        status,
        router,
    })
}

/// Remove an image that no config entry knows, by its GUID.
pub(crate) async fn delete_orphan(
    store: &Store,
    ctx_flag: Option<&str>,
    guid: &str,
    machine: &str,
    timeout_secs: u64,
    p: &dyn Progress,
) -> Result<Status> {
    let cfg = store.load()?;
    let (ctx, c) = ctxmod::selected(&cfg, ctx_flag)?;
    if let Some((n, _)) = c.repos.iter().find(|(_, r)| r.guid == guid) {
        return Err(usage(format!(
            "{guid} is repository {n} of context {ctx}, not an orphan; delete it with: rdc repo delete {n}"
        )));
    }
    let m = ctxmod::machine(&ctx, c, machine)?.clone();
    let live = super::live::machine(machine, &m, c.ssh_key.as_deref(), p).await?;
    let Some(img) = live.iter().find(|l| l.guid == guid) else {
        return Err(crate::error::not_found(format!(
            "{machine} has no repository image {guid}; see the images with: rdc repo list --live -m {machine}"
        )));
    };
    let (name, network_id, encrypted) = match &img.meta {
        Some(meta) => (meta.name.clone(), meta.network_id, meta.encrypted),
        None if img.mounted => {
            return Err(usage(format!(
                "image {guid} on {machine} has no metadata and is mounted; unmount it on the server first"
            )));
        }
        None => (format!("orphan-{guid}"), NetworkId::FIRST, false),
    };
    let t = Target {
        ctx,
        name,
        repo: Repo {
            guid: guid.to_string(),
            network_id,
            machine: machine.to_string(),
            credential: None,
            size: None,
            encrypted,
            domains: Vec::new(),
            max_resources: None,
            max_ports: None,
        },
        machine_name: machine.to_string(),
        machine: m,
        ssh_key: c.ssh_key.clone(),
    };
    let r = connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await?;
    let res = async {
        let no = AtomicBool::new(false);
        let before = ask(&r, &t, Action::Status, &t.job(), p, &no).await?;
        if !p.confirm(&what(&t, &before))? {
            return Err(crate::error::declined("nothing was deleted"));
        }
        let mut job = t.job();
        job.timeout_secs = Some(timeout_secs);
        ask(&r, &t, Action::Delete, &job, p, &no).await
    }
    .await;
    r.close().await;
    res
}
