//! Reading what a push needs before it plans: whether the server runs systemd, its
//! architecture, the installed binaries (through the manifest, `manifest`), the pinned Traefik
//! (from the laptop's cache or downloaded and verified, `fetch`), the rendered files' current
//! state. Reads only: nothing on the server changes here.

use std::path::Path;

use anyhow::Result;

use super::manifest::{self, Manifest};
use super::plan::{self, Action, BinaryStep};
use super::{Options, remote, server_version};
use crate::context::{Machine, ServiceManager};
use crate::contract::host::{ServerVersion, semver};
use crate::error::usage;
use crate::fetch::{self, TRAEFIK_VERSION};
use crate::infra::{Feeds, Rendered};
use crate::progress::Progress;
use crate::ssh::{self, Remote};

/// What was read.
pub(super) struct Gathered {
    pub server: plan::ServerState,
    pub binaries: Vec<BinaryStep>,
    /// The server's manifest, entries refreshed for what was hashed.
    pub manifest: Manifest,
    /// Whether a binary was hashed on the server (its manifest entry is worth refreshing).
    pub hashed: bool,
}

pub(super) async fn gather(
    r: &Remote,
    m: &Machine,
    rendered: &Rendered,
    opts: &Options,
    p: &dyn Progress,
) -> Result<Gathered> {
    let paths = &rendered.paths;
    let (rdc_bin, traefik_bin) = (paths.rdc_bin(), paths.traefik_bin());
    let survey = remote::survey(
        r,
        rendered,
        &paths.push_manifest(),
        manifest::STAT_FORMAT,
        &[&rdc_bin, &traefik_bin],
    )
    .await?;
    if m.service_manager == ServiceManager::Systemd && !survey.systemd {
        let msg = format!(
            "{} does not run systemd; install files only and start the services yourself with: rdc context set-machine {} --service-manager none",
            r.name, r.name
        );
        if !opts.dry_run {
            return Err(usage(msg));
        }
        p.warn(&msg);
    }
    // Traefik must be able to bind what it is told to (a NATted public address is not on the
    // server: --bind-ipv4/6); a server without iproute2 cannot say, and is not checked.
    if let (Some(local), Some(infra)) = (&survey.local, m.infra.as_ref())
        && let Err(e) = crate::infra::binds::check(&r.name, infra, local)
    {
        if !opts.dry_run {
            return Err(e);
        }
        p.warn(&format!("{e:#}"));
    }
    let arch = survey.arch.clone();
    let local_rdc = match &opts.rdc_binary {
        Some(b) => b.clone(),
        None => {
            if arch != ssh::local_arch() {
                return Err(usage(format!(
                    "{} is {arch} but this rdc is built for {}; pass --rdc-binary PATH (an rdc built for {arch})",
                    r.name,
                    ssh::local_arch()
                )));
            }
            ssh::current_exe()?
        }
    };
    let (manifest, seen) = manifest::vouch(
        r,
        &survey.manifest,
        &[&rdc_bin, &traefik_bin],
        &survey.stamps,
    )
    .await?;
    let hashed = seen.values().any(|s| s.hashed);
    let remote_sha = |path: &str| seen.get(path).and_then(|s| s.sha256.clone());
    let mut binaries = vec![BinaryStep::new(
        "rdc",
        rdc_bin.clone(),
        Feeds::Router,
        local_rdc.display().to_string(),
        local_sha(opts, &local_rdc, "--rdc-binary")?,
        remote_sha(&rdc_bin),
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
    let traefik = match &opts.traefik_binary {
        Some(t) => BinaryStep::new(
            "traefik",
            traefik_bin.clone(),
            Feeds::Proxy,
            t.display().to_string(),
            local_sha(opts, t, "--traefik-binary")?,
            remote_sha(&traefik_bin),
        ),
        None => pinned_traefik(r, &arch, remote_sha(&traefik_bin), &traefik_bin, opts, p).await?,
    };
    binaries.push(traefik);
    Ok(Gathered {
        server: survey.state,
        binaries,
        manifest,
        hashed,
    })
}

/// The Traefik step without `--traefik-binary`: the pinned release for the server's
/// architecture. Nothing is downloaded when the server has it already, or in a dry run.
async fn pinned_traefik(
    r: &Remote,
    arch: &str,
    remote_sha: Option<String>,
    path: &str,
    opts: &Options,
    p: &dyn Progress,
) -> Result<BinaryStep> {
    let pin = fetch::pins::for_arch(&r.name, arch)?;
    let step = |local: String| {
        BinaryStep::new(
            "traefik",
            path.to_string(),
            Feeds::Proxy,
            local,
            pin.binary_sha256.to_string(),
            remote_sha.clone(),
        )
    };
    let cached = fetch::cached_binary(&opts.cache_dir, pin);
    let label = format!("Traefik {TRAEFIK_VERSION} ({}), pinned", pin.arch);
    if remote_sha.as_deref() == Some(pin.binary_sha256) {
        return Ok(step(label));
    }
    if opts.dry_run {
        let from = if cached.is_file() {
            format!("{label}, cached at {}", cached.display())
        } else {
            format!(
                "{label}, downloaded from {} when applied",
                fetch::pins::source(pin, opts.traefik_mirror.as_deref())?
            )
        };
        return Ok(step(from));
    }
    let bin = fetch::traefik(
        pin,
        opts.traefik_mirror.as_deref(),
        &opts.cache_dir,
        &opts.hashes,
        p,
    )
    .await?;
    Ok(step(bin.display().to_string()))
}

fn local_sha(opts: &Options, p: &Path, flag: &str) -> Result<String> {
    if !p.is_file() {
        return Err(usage(format!("{flag} {}: no such file", p.display())));
    }
    opts.hashes.sha256(p)
}
