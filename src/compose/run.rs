//! `rdc compose -- ARGS` step by step: find the project, judge the files compose will read,
//! normalize it with compose's own `config`, judge what compose will run, rewrite it (labels,
//! loopback IPs, confinement, race-free binds), write it where no container can read it, run
//! compose on it against the repository's daemon.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Value, json};

use super::invoke::{Flavor, detect, global_options, private_dir};
use super::slots::Slots;
use super::{
    Project, RepoEnv, confine, default_files, guard, project_name, refuse_findings, resolve_host,
    rewrite, stage,
};
use crate::error::usage;
use crate::progress::Progress;

/// Run `rdc compose -- ARGS` in the current directory.
pub fn run(
    repo_dir: Option<PathBuf>,
    unsafe_ok: bool,
    args: &[String],
    p: &dyn Progress,
) -> Result<i32> {
    let env = RepoEnv::from_env(repo_dir)?;
    let slots = Slots::load(&env.repo_dir)?;
    let project = find_project(&env)?;
    let flavor = detect()?;
    let profiles = global_options(args)?;
    let repo_dir = resolve_host(&env.repo_dir);
    let own_socket = env
        .docker_host
        .strip_prefix("unix://")
        .map(|p| resolve_host(Path::new(p)));
    let gctx = guard::Context {
        repo_dir: &repo_dir,
        project_dir: &project.dir,
        own_socket: own_socket.as_deref(),
        resolve: &resolve_host,
    };
    // The files compose will read beside the compose files (env files, extends, includes, the
    // project's .env): judged before compose reads them, and again after.
    let home = std::env::var_os("HOME").map_or_else(|| PathBuf::from("/root"), PathBuf::from);
    let refs = guard::files::references(&project.files, &project.dir, &home)?;
    refuse_findings(&guard::check(&json!({}), &refs, &gctx), unsafe_ok, p)?;
    // 1. Normalize with compose itself; {SERVICE}_IP and friends are interpolated here.
    let normalized = normalize(&flavor, &project, &profiles, &slots, &env)?;
    // 2. The ways out of the repository, judged on what compose will run, before anything starts.
    refuse_findings(&guard::check(&normalized, &refs, &gctx), unsafe_ok, p)?;
    // 3. Rewrite.
    let rewritten = rewritten(&normalized, &slots, &env, &project, &repo_dir, unsafe_ok, p)?;
    // Written outside the repository, readable by root only, for the duration of the run: the
    // normalized project carries interpolated values and inlined env files, which no container
    // may read (`rdc compose -- config` prints it).
    let private = private_dir()?;
    let file = private.path().join(format!("{}.yml", project.name));
    write_private(&file, &serde_saphyr::to_string(&rewritten)?)?;
    // 4. Run compose on the rewritten project, against the repository's daemon.
    let mut c = flavor.command();
    c.arg("-p")
        .arg(&project.name)
        .arg("-f")
        .arg(&file)
        .arg("--project-directory")
        .arg(&project.dir)
        .args(args)
        .env("DOCKER_HOST", &env.docker_host)
        .envs(slots.env(env.network_id));
    let st = c.status().context("running compose")?;
    let code = st.code().unwrap_or(1);
    let pull = args
        .iter()
        .find(|a| !a.starts_with('-'))
        .is_some_and(|a| a == "pull");
    if code != 0 && pull && images_present(&rewritten, &env, p) {
        return Ok(0);
    }
    Ok(code)
}

/// The compose files of the current directory and the project's name, after the repository
/// (its mount point is named after its GUID): `<repo>` in the repository root, `<repo>-<subdir>`
/// in a subdirectory.
fn find_project(env: &RepoEnv) -> Result<Project> {
    let cwd = std::env::current_dir()?;
    let files = default_files(&cwd);
    if files.is_empty() {
        return Err(usage(format!(
            "no compose file in {} (compose.yaml, compose.yml, docker-compose.yml or docker-compose.yaml)",
            cwd.display()
        )));
    }
    let repo_name = std::env::var("REPOSITORY_NAME")
        .ok()
        .filter(|n| !n.is_empty());
    let name = match repo_name {
        Some(r) if cwd == env.repo_dir => project_name(Path::new(&r)),
        Some(r) => project_name(Path::new(&format!(
            "{r}-{}",
            cwd.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ))),
        None => project_name(&cwd),
    };
    Ok(Project {
        name,
        dir: cwd,
        files,
    })
}

/// The project as compose itself reads it (`config`): several files merged, `extends`
/// resolved, variables (the services' addresses among them) interpolated.
fn normalize(
    flavor: &Flavor,
    project: &Project,
    profiles: &[String],
    slots: &Slots,
    env: &RepoEnv,
) -> Result<Value> {
    let mut cfg = flavor.command();
    for f in &project.files {
        cfg.arg("-f").arg(f);
    }
    for pr in profiles {
        cfg.arg("--profile").arg(pr);
    }
    cfg.args(["--project-directory"])
        .arg(&project.dir)
        .arg("config");
    cfg.envs(slots.env(env.network_id));
    cfg.env("REPOSITORY_NETWORK_ID", env.network_id.to_string());
    let out = cfg.output().context("running compose config")?;
    if !out.status.success() {
        return Err(usage(format!(
            "compose rejected the project: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    serde_saphyr::from_str(&String::from_utf8_lossy(&out.stdout))
        .map_err(|e| usage(format!("cannot read the output of compose config: {e}")))
}

/// The normalized project rewritten for the repository: labels and loopback addresses,
/// `CAP_NET_RAW` dropped (unless `--unsafe`), each service in its slot's cgroup, tmpfs bounded,
/// binds staged race-free (the container gets the directory that was checked).
fn rewritten(
    normalized: &Value,
    slots: &Slots,
    env: &RepoEnv,
    project: &Project,
    repo_dir: &Path,
    unsafe_ok: bool,
    p: &dyn Progress,
) -> Result<Value> {
    let mut rw = rewrite(normalized, slots, env.network_id)?;
    if !unsafe_ok {
        confine::drop_net_raw(&mut rw.project);
    }
    confine::isolate(&mut rw.project, slots, env.network_id)?;
    for n in &rw.notes {
        p.note(n);
    }
    confine::bound_tmpfs(&mut rw.project);
    if let Some(run) = env
        .docker_host
        .strip_prefix("unix://")
        .and_then(|s| Path::new(s).parent())
    {
        let dir = stage::root(run, env.network_id).join(&project.name);
        stage::binds(&mut rw.project, &env.repo_dir, repo_dir, &dir)?;
    }
    Ok(rw.project)
}

/// Write `yaml` to a new file readable by root only.
fn write_private(file: &Path, yaml: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(file)
        .with_context(|| format!("writing {}", file.display()))?;
    out.write_all(yaml.as_bytes())?;
    Ok(())
}

/// After a failed `pull`: an offline server (no registry, an air-gapped network) can still run
/// what it has, so a failed pull is a warning when every image is already there.
fn images_present(project: &Value, env: &RepoEnv, p: &dyn Progress) -> bool {
    let images: Vec<String> = project["services"]
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(_, svc)| svc["image"].as_str().map(str::to_string))
        .collect();
    let present = |img: &str| {
        std::process::Command::new("docker")
            .args(["image", "inspect", img])
            .env("DOCKER_HOST", &env.docker_host)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !images.is_empty() && images.iter().all(|i| present(i)) {
        p.warn(&format!(
            "pull failed, but every image is already on this server ({}); using them",
            images.join(", ")
        ));
        return true;
    }
    false
}
