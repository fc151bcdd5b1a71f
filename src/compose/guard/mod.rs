//! The ways out of a repository that a compose file can ask for, found before anything starts.
//!
//! A repository's containers share the host's network namespace and run under the repository's
//! own Docker daemon (as root). What must not reach them unasked: host paths outside the
//! repository (above all the Docker sockets in `/var/run/rediacc`, `/`, `/etc`, `/proc`, `/sys`,
//! `/dev`, the datastore and other repositories' mounts), devices, capabilities that break
//! isolation, the host's user, UTS, cgroup, PID or IPC namespaces, and disabled seccomp or
//! AppArmor. Each finding names the service and the setting; `rdc compose --unsafe` accepts them.
//! Mounting the repository's own daemon socket is allowed with a warning (CI runners need it).
//!
//! Judged on compose's normalization, against an allowlist (`allow`: what is not known to be
//! safe is refused), and on the files compose reads besides the compose files (`files`). This
//! file: paths (binds, builds, secrets, references) and namespaces.
//!
//! Pure code: paths are resolved by the caller's `resolve` (which follows symlinks on the
//! server), so the checks are unit-tested without a filesystem.

mod allow;
pub mod files;

use std::path::{Component, Path, PathBuf};

use serde_json::Value;

pub(crate) use allow::TMPFS_MAX;
pub use files::Reference;

/// What the checks need to know about the repository.
pub struct Context<'a> {
    /// The repository's root (`REPOSITORY_PATH`), resolved.
    pub repo_dir: &'a Path,
    /// The compose project directory, against which relative paths are read.
    pub project_dir: &'a Path,
    /// The repository's own daemon socket (from `DOCKER_HOST`), resolved.
    pub own_socket: Option<&'a Path>,
    /// Resolve a host path the way the kernel will (symlinks followed, as far as it exists).
    pub resolve: &'a dyn Fn(&Path) -> PathBuf,
}

/// Findings: refusals (need `--unsafe`) and warnings.
#[derive(Debug, Default, PartialEq)]
pub struct Findings {
    pub refused: Vec<String>,
    pub warnings: Vec<String>,
}

/// Check a project normalized by `compose config`, and the files compose reads beside the
/// compose files (`files::references`: env files, extends, includes, which normalization inlines).
pub fn check(project: &Value, refs: &[Reference], ctx: &Context) -> Findings {
    let mut f = Findings::default();
    for k in allow::unknown_top_keys(project) {
        f.refused.push(format!(
            "top-level {k} is not a setting rdc knows to be safe"
        ));
    }
    if let Some(services) = project.get("services").and_then(Value::as_object) {
        for (name, s) in services {
            service(name, s, ctx, &mut f);
        }
    }
    if let Some(vols) = project.get("volumes").and_then(Value::as_object) {
        for (name, v) in vols {
            if let Some(why) = allow::volume(v) {
                f.refused.push(format!("volume {name}: {why}"));
            }
        }
    }
    for kind in ["secrets", "configs"] {
        if let Some(m) = project.get(kind).and_then(Value::as_object) {
            for (name, v) in m {
                if let Some(file) = v.get("file").and_then(Value::as_str)
                    && let Some(why) = outside(Path::new(file), ctx)
                {
                    f.refused.push(format!("{kind} {name}: file {file} {why}"));
                }
            }
        }
    }
    for r in refs {
        if let Some(why) = outside(&r.path, ctx) {
            f.refused.push(format!("{} {why}", r.what));
        }
    }
    f.refused.sort();
    f.refused.dedup();
    f
}

fn service(name: &str, s: &Value, ctx: &Context, f: &mut Findings) {
    let refuse = |f: &mut Findings, what: String| f.refused.push(format!("service {name}: {what}"));
    if s.get("privileged").and_then(Value::as_bool) == Some(true) {
        refuse(
            f,
            "privileged: true gives the container the whole host".into(),
        );
    }
    for key in ["pid", "ipc", "userns_mode", "uts", "cgroup"] {
        if s.get(key).and_then(Value::as_str) == Some("host") {
            refuse(f, format!("{key}: host shares the host's namespace"));
        }
    }
    if let Some(d) = s.get("devices").and_then(Value::as_array)
        && !d.is_empty()
    {
        refuse(f, "devices gives the container host devices".into());
    }
    if let Some(d) = s.get("device_cgroup_rules").and_then(Value::as_array)
        && !d.is_empty()
    {
        refuse(
            f,
            "device_cgroup_rules gives the container host devices".into(),
        );
    }
    for k in allow::unknown_service_keys(s) {
        refuse(
            f,
            format!(
                "{k} is not a setting rdc knows to be safe (docs/route-server.md, section Compose settings, lists what is); pass --unsafe if you trust it"
            ),
        );
    }
    for why in allow::judge(s) {
        refuse(f, why);
    }
    if let Some(b) = s.get("build") {
        let context = b
            .as_str()
            .or_else(|| b.get("context").and_then(Value::as_str));
        if let Some(c) = context
            && !c.contains("://")
            && let Some(why) = outside(Path::new(c), ctx)
        {
            refuse(f, format!("build context {c} {why}"));
        }
        let dir = context
            .filter(|c| !c.contains("://"))
            .map(|c| absolute(Path::new(c), ctx.project_dir))
            .unwrap_or_else(|| ctx.project_dir.to_path_buf());
        if let Some(d) = b.get("dockerfile").and_then(Value::as_str)
            && let Some(why) = outside(&absolute(Path::new(d), &dir), ctx)
        {
            refuse(f, format!("build dockerfile {d} {why}"));
        }
        for (k, v) in b
            .get("additional_contexts")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(p) = v.as_str()
                && !p.contains("://")
                && !p.starts_with("service:")
                && let Some(why) = outside(Path::new(p), ctx)
            {
                refuse(f, format!("build additional_contexts {k} {why}"));
            }
        }
        if b.get("privileged").and_then(Value::as_bool) == Some(true) {
            refuse(
                f,
                "build privileged: true gives the build the whole host".into(),
            );
        }
        for e in b
            .get("entitlements")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            if e != "network.host" {
                refuse(
                    f,
                    format!("build entitlement {e} switches off a protection"),
                );
            }
        }
    }
    for v in s
        .get("volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let (kind, source) = match v {
            Value::String(text) => match text.split_once(':') {
                Some((src, _)) if src.starts_with(['/', '.', '~']) => ("bind", src.to_string()),
                _ => continue,
            },
            Value::Object(_) => (
                v.get("type").and_then(Value::as_str).unwrap_or("volume"),
                v.get("source")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
            ),
            _ => continue,
        };
        match kind {
            "bind" if !source.is_empty() => {}
            "bind" | "volume" | "tmpfs" => continue,
            other => {
                refuse(
                    f,
                    format!(
                        "volume of type {other} is not a kind rdc knows to be safe (bind beneath the repository, volume, tmpfs)"
                    ),
                );
                continue;
            }
        }
        let resolved = (ctx.resolve)(&absolute(Path::new(&source), ctx.project_dir));
        if ctx.own_socket.is_some_and(|s| s == resolved) {
            f.warnings.push(format!(
                "service {name}: mounts the repository's own Docker socket ({source}): it can start any container of this repository"
            ));
            continue;
        }
        if let Some(why) = outside(Path::new(&source), ctx) {
            refuse(f, format!("volume {source} {why}"));
        }
    }
}

/// Why a host path is outside the repository, if it is.
fn outside(p: &Path, ctx: &Context) -> Option<String> {
    let abs = absolute(p, ctx.project_dir);
    let resolved = (ctx.resolve)(&abs);
    if resolved.starts_with(ctx.repo_dir) {
        return None;
    }
    let shown = resolved.display().to_string();
    let special = if shown.contains("/var/run/rediacc") || shown.contains("/run/rediacc") {
        " (the repositories' Docker sockets: control over every repository)"
    } else if resolved.file_name().is_some_and(|n| {
        n.to_string_lossy().starts_with("docker") && n.to_string_lossy().ends_with(".sock")
    }) {
        " (a Docker socket: control over the host)"
    } else if resolved == Path::new("/") {
        " (the host's whole filesystem)"
    } else if ["/etc", "/proc", "/sys", "/dev", "/root", "/boot"]
        .iter()
        .any(|x| resolved.starts_with(x))
    {
        " (host system files)"
    } else {
        ""
    };
    let via = if resolved != abs {
        format!(" (it resolves to {shown})")
    } else {
        String::new()
    };
    Some(format!(
        "is a host path outside the repository{via}{special}; keep data inside the repository ({})",
        ctx.repo_dir.display()
    ))
}

/// `p` made absolute against `base`, `.` and `..` folded (without touching the filesystem).
fn absolute(p: &Path, base: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    };
    let mut out = PathBuf::from("/");
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(x) => out.push(x),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx<'a>(resolve: &'a dyn Fn(&Path) -> PathBuf) -> Context<'a> {
        Context {
            repo_dir: Path::new("/mnt/rediacc/mounts/g1"),
            project_dir: Path::new("/mnt/rediacc/mounts/g1/app"),
            own_socket: Some(Path::new("/var/run/rediacc/docker-2816.sock")),
            resolve,
        }
    }

    fn no_links(p: &Path) -> PathBuf {
        p.to_path_buf()
    }

    fn svc(s: Value) -> Findings {
        let r = no_links;
        check(&json!({"services": {"web": s}}), &[], &ctx(&r))
    }

    #[test]
    fn each_escape_alone_is_refused_with_its_service_and_setting() {
        let cases = [
            (
                json!({"volumes": [{"type": "bind", "source": "/var/run/rediacc", "target": "/r"}]}),
                "/var/run/rediacc",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/var/run/rediacc/docker-2880.sock", "target": "/s"}]}),
                "docker-2880.sock",
            ),
            (
                json!({"volumes": ["/var/run/docker.sock:/var/run/docker.sock"]}),
                "Docker socket",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/", "target": "/host"}]}),
                "whole filesystem",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/etc", "target": "/etc"}]}),
                "/etc",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/proc", "target": "/p"}]}),
                "/proc",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/sys", "target": "/s"}]}),
                "/sys",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/dev", "target": "/d"}]}),
                "/dev",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/mnt/rediacc", "target": "/d"}]}),
                "outside the repository",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "/mnt/rediacc/mounts/g2/data", "target": "/d"}]}),
                "outside the repository",
            ),
            (
                json!({"volumes": [{"type": "bind", "source": "../../g2", "target": "/d"}]}),
                "outside the repository",
            ),
            (json!({"devices": ["/dev/sda:/dev/sda"]}), "devices"),
            (json!({"cap_add": ["SYS_ADMIN"]}), "cap_add SYS_ADMIN"),
            (
                json!({"cap_add": ["cap_net_admin"]}),
                "cap_add cap_net_admin",
            ),
            (json!({"cap_add": ["ALL"]}), "cap_add ALL"),
            (json!({"cap_add": ["SYS_PTRACE"]}), "SYS_PTRACE"),
            (json!({"cap_add": ["SYS_MODULE"]}), "SYS_MODULE"),
            (json!({"cap_add": ["DAC_READ_SEARCH"]}), "DAC_READ_SEARCH"),
            (json!({"userns_mode": "host"}), "userns_mode: host"),
            (json!({"uts": "host"}), "uts: host"),
            (json!({"cgroup": "host"}), "cgroup: host"),
            (json!({"pid": "host"}), "pid: host"),
            (json!({"ipc": "host"}), "ipc: host"),
            (json!({"privileged": true}), "privileged"),
            (
                json!({"security_opt": ["seccomp:unconfined"]}),
                "seccomp:unconfined",
            ),
            (
                json!({"security_opt": ["apparmor=unconfined"]}),
                "apparmor=unconfined",
            ),
            (json!({"security_opt": ["label:disable"]}), "label:disable"),
            (json!({"build": {"context": "/"}}), "build context /"),
        ];
        for (s, want) in cases {
            let f = svc(s.clone());
            assert_eq!(f.refused.len(), 1, "{s}: {f:?}");
            assert!(f.refused[0].starts_with("service web: "), "{s}: {f:?}");
            assert!(f.refused[0].contains(want), "{s}: {f:?}");
        }
    }

    #[test]
    fn inside_the_repository_is_fine_and_the_own_socket_warns() {
        let f = svc(json!({
            "volumes": [
                {"type": "bind", "source": "/mnt/rediacc/mounts/g1/app/data", "target": "/data"},
                "./conf:/etc/app:ro",
                {"type": "volume", "source": "db", "target": "/var/lib/db"},
                {"type": "bind", "source": "/var/run/rediacc/docker-2816.sock", "target": "/var/run/docker.sock"}
            ],
            "cap_add": ["NET_BIND_SERVICE", "CHOWN"],
            "security_opt": ["no-new-privileges:true"],
            "build": "."
        }));
        assert!(f.refused.is_empty(), "{f:?}");
        assert_eq!(f.warnings.len(), 1);
        assert!(f.warnings[0].contains("own Docker socket"));
    }

    #[test]
    fn symlinks_are_followed_before_judging() {
        let r = |p: &Path| {
            if p == Path::new("/mnt/rediacc/mounts/g1/app/link") {
                PathBuf::from("/etc")
            } else {
                p.to_path_buf()
            }
        };
        let f = check(
            &json!({"services": {"web": {"volumes": [{"type": "bind", "source": "/mnt/rediacc/mounts/g1/app/link", "target": "/x"}]}}}),
            &[],
            &ctx(&r),
        );
        assert!(f.refused[0].contains("it resolves to /etc"), "{f:?}");
    }

    #[test]
    fn project_level_escapes() {
        let r = no_links;
        let f = check(
            &json!({
                "services": {},
                "volumes": {"hostetc": {"driver": "local", "driver_opts": {"type": "none", "o": "bind", "device": "/etc"}}},
                "secrets": {"s": {"file": "/etc/rediacc/proxy/traefik.env"}},
                "configs": {"c": {"file": "./ok.conf"}}
            }),
            &[
                Reference {
                    what: "service web: env_file /etc/rediacc/proxy/traefik.env".into(),
                    path: "/etc/rediacc/proxy/traefik.env".into(),
                },
                Reference {
                    what: "service web: env_file .env".into(),
                    path: "/mnt/rediacc/mounts/g1/app/.env".into(),
                },
            ],
            &ctx(&r),
        );
        assert_eq!(f.refused.len(), 3, "{f:?}");
        assert!(
            f.refused
                .iter()
                .any(|x| x.starts_with("volume hostetc: driver_opts {") && x.contains("/etc"))
        );
        assert!(f.refused.iter().any(|x| x.starts_with("secrets s: file")));
        assert!(
            f.refused
                .iter()
                .any(|x| x.starts_with("service web: env_file /etc/rediacc"))
        );
    }
}
