//! The laptop side of backups (`rdc repo push|pull|backups`): the job (the repository, the
//! storage as an rclone config holding its secrets) goes to the server's rdc on stdin
//! (`rdc host backup …`); the server's progress is streamed back.

use anyhow::Result;

use super::{Target, connect, failed, last_words};
use crate::context::storage::Storage;
use crate::contract::backup::{BackupJob, Entry, Op, Pulled, Pushed};
use crate::contract::call::{Answer, Call};
use crate::contract::paths::ServerPaths;
use crate::error::remote;
use crate::progress::Progress;

/// A storage by name, as the job carries it.
pub(crate) struct To<'a> {
    pub(crate) name: &'a str,
    pub(crate) storage: &'a Storage,
}

/// How a push is made: its tag, `--keep`, `--full`.
#[derive(Default)]
pub(crate) struct PushOpts<'a> {
    pub(crate) tag: Option<&'a str>,
    pub(crate) keep: Option<usize>,
    pub(crate) full: bool,
}

fn job(t: &Target, to: &To<'_>, tag: Option<&str>) -> BackupJob {
    job_with(
        t,
        to,
        &PushOpts {
            tag,
            ..PushOpts::default()
        },
    )
}

fn job_with(t: &Target, to: &To<'_>, o: &PushOpts<'_>) -> BackupJob {
    BackupJob {
        repo: t.job(),
        storage: to.name.to_string(),
        rclone_conf: to.storage.rclone_conf(to.name),
        path: to.storage.path.clone(),
        tag: o.tag.map(str::to_string),
        keep: o.keep,
        full: o.full,
        bases: Vec::new(),
        sha256: None,
        verify: false,
    }
}

async fn ask<T>(t: &Target, op: Op, job: &BackupJob, p: &dyn Progress) -> Result<T>
where
    T: TryFrom<Answer, Error = String>,
{
    let r = connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await?;
    let res = ask_on(&r, t, op, job, p).await;
    r.close().await;
    res
}

/// Run backup operation `op` with `job` (one JSON line on stdin) on `t`'s machine over `r`; the
/// server's lines are streamed as progress, a failure keeps its exit class.
pub(crate) async fn ask_on<T>(
    r: &crate::ssh::Remote,
    t: &Target,
    op: Op,
    job: &BackupJob,
    p: &dyn Progress,
) -> Result<T>
where
    T: TryFrom<Answer, Error = String>,
{
    let rdc = ServerPaths::new(&t.machine.prefix).rdc_bin();
    let call = Call::Backup(op);
    let o = r
        .call_streaming(&rdc, &call, &job_line(job)?, None, p)
        .await?;
    if !o.ok() {
        return Err(failed(t, o.code, &last_words(&o.stderr)));
    }
    call.read(&o.stdout)
        .and_then(T::try_from)
        .map_err(|e| remote(format!("{}: {e}", t.machine_name)))
}

/// A job as the server reads it: one JSON line.
pub(crate) fn job_line(job: &BackupJob) -> Result<Vec<u8>> {
    let mut v = serde_json::to_vec(job)?;
    v.push(b'\n');
    Ok(v)
}

/// Push the repository's image to the storage (incremental when the storage has its base).
pub(crate) async fn push(
    t: &Target,
    to: &To<'_>,
    o: &PushOpts<'_>,
    p: &dyn Progress,
) -> Result<Pushed> {
    ask(t, Op::Push, &job_with(t, to, o), p).await
}

/// Restore the repository's image from the storage onto its machine.
pub(crate) async fn pull(
    t: &Target,
    from: &To<'_>,
    tag: Option<&str>,
    verify: bool,
    p: &dyn Progress,
) -> Result<Pulled> {
    let mut j = job(t, from, tag);
    j.verify = verify;
    ask(t, Op::Pull, &j, p).await
}

/// The repository's complete backups in the storage, oldest first.
pub(crate) async fn list(t: &Target, from: &To<'_>, p: &dyn Progress) -> Result<Vec<Entry>> {
    ask(t, Op::List, &job(t, from, None), p).await
}

/// On a machine where another repository (another context's, or one this config does not know)
/// uses the repository's network id, the free id it gets there: free in the context and on that
/// machine. None when its own id is free there.
pub(crate) fn free_id_there(
    t: &Target,
    c: &crate::context::Context,
    live: &[crate::contract::host::LiveRepo],
) -> Option<crate::contract::NetworkId> {
    let id = t.repo.network_id;
    let taken = live
        .iter()
        .filter(|l| l.guid != t.repo.guid)
        .filter_map(|l| l.meta.as_ref())
        .any(|m| m.network_id == id);
    taken.then(|| {
        crate::contract::NetworkId::next_free(
            c.repos.values().map(|r| r.network_id).chain(
                live.iter()
                    .filter_map(|l| l.meta.as_ref())
                    .map(|m| m.network_id),
            ),
        )
    })
}

/// After a pull onto another machine: the repository's record moves there (with the network id
/// it got there, when its own was taken), and both machines' route servers learn it
/// (router.toml). A failed router.toml push is a warning: the restore itself stands.
pub(crate) async fn moved(
    store: &crate::context::Store,
    t: &Target,
    to: &str,
    network_id: crate::contract::NetworkId,
    p: &dyn Progress,
) -> Result<()> {
    use crate::context::store::{set_value, table_at};
    store.edit(|doc, _cfg| {
        let r = table_at(doc, &["contexts", &t.ctx, "repos", &t.name])?;
        set_value(r, "machine", to);
        if network_id != t.repo.network_id {
            set_value(r, "network_id", i64::from(network_id.get()));
        }
        Ok(())
    })?;
    let cfg = store.load()?;
    let c = &cfg.contexts[&t.ctx];
    for m in [t.machine_name.as_str(), to] {
        if let Err(e) = super::push_router_toml(c, m, p).await {
            p.warn(&format!(
                "the route server of {m} was not told (router.toml): {e:#}; run: rdc context push-infra {m}"
            ));
        }
    }
    Ok(())
}
