//! The allowlist: every key of a normalized service, of the project's top level and of a
//! top-level volume is known to be safe, judged by a rule, or dropped by the rewrite. Anything
//! else is refused, naming the key (compose grows settings faster than any denylist: a setting
//! nobody has looked at is not assumed safe). `rdc compose --unsafe` accepts what is refused.

use serde_json::Value;

/// Service keys that reach nothing outside the container (or that the rewrite drops).
const SAFE: &[&str] = &[
    "annotations",
    "attach",
    "command",
    "configs",
    "container_name",
    "cpu_count",
    "cpu_percent",
    "cpu_period",
    "cpu_quota",
    "cpu_shares",
    "cpus",
    "cpuset",
    "depends_on",
    "develop",
    "dns",
    "dns_opt",
    "dns_search",
    "domainname",
    "entrypoint",
    "env_file",
    "environment",
    "expose",
    "external_links",
    "extra_hosts",
    "group_add",
    "healthcheck",
    "hostname",
    "image",
    "init",
    "label_file",
    "labels",
    "links",
    "mac_address",
    "mem_limit",
    "mem_reservation",
    "mem_swappiness",
    "memswap_limit",
    "network_mode",
    "networks",
    "pids_limit",
    "platform",
    "ports",
    "post_start",
    "pre_stop",
    "profiles",
    "pull_policy",
    "read_only",
    "restart",
    "scale",
    "secrets",
    "shm_size",
    "stdin_open",
    "stop_grace_period",
    "stop_signal",
    "tty",
    "ulimits",
    "user",
    "volumes_from",
    "working_dir",
    "cap_drop",
];

/// Service keys with a rule of their own (`super::service` and the functions below).
const JUDGED: &[&str] = &[
    "blkio_config",
    "build",
    "cap_add",
    "cgroup",
    "cgroup_parent",
    "cpu_rt_period",
    "cpu_rt_runtime",
    "credential_spec",
    "deploy",
    "device_cgroup_rules",
    "devices",
    "gpus",
    "ipc",
    "isolation",
    "logging",
    "oom_kill_disable",
    "oom_score_adj",
    "pid",
    "privileged",
    "runtime",
    "security_opt",
    "storage_opt",
    "sysctls",
    "tmpfs",
    "userns_mode",
    "uts",
    "volume_driver",
    "volumes",
];

/// Capabilities a service may add: Docker's default set (adding one back after a `cap_drop` is
/// harmless) without `NET_RAW`, which rdc drops (raw sockets see every tenant's loopback traffic).
/// Everything else reaches beyond the container: `SYS_NICE` starves neighbours with real-time
/// priorities, `IPC_LOCK` pins memory, `LINUX_IMMUTABLE`, `AUDIT_CONTROL`, `CHECKPOINT_RESTORE`,
/// `SYS_ADMIN`, `NET_ADMIN`, `SYS_PTRACE`, `BPF`…
pub(super) const CAPS: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

/// Sysctls of the container's own IPC namespace (Docker's namespaced list without `net.*`: the
/// containers share the host's network namespace, so a `net.*` sysctl would change the host).
const SYSCTLS: &[&str] = &[
    "kernel.msgmax",
    "kernel.msgmnb",
    "kernel.msgmni",
    "kernel.sem",
    "kernel.shmall",
    "kernel.shmmax",
    "kernel.shmmni",
    "kernel.shm_rmid_forced",
];

/// The largest tmpfs a service may mount (each); one without a size gets this size.
pub(crate) const TMPFS_MAX: u64 = 1 << 30;

/// Logging drivers that write on the server only as Docker's own files or journal.
const LOGGING: &[&str] = &["json-file", "local", "journald", "none"];

/// Keys of a service that are neither safe nor judged: refused.
pub(super) fn unknown_service_keys(s: &Value) -> Vec<String> {
    s.as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .filter(|k| {
            !k.starts_with("x-") && !SAFE.contains(&k.as_str()) && !JUDGED.contains(&k.as_str())
        })
        .cloned()
        .collect()
}

/// Top-level keys of the project that are not known: refused.
pub(super) fn unknown_top_keys(project: &Value) -> Vec<String> {
    const TOP: &[&str] = &[
        "version", "name", "services", "volumes", "networks", "secrets", "configs",
    ];
    project
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
        .filter(|k| !k.starts_with("x-") && !TOP.contains(&k.as_str()))
        .cloned()
        .collect()
}

/// Why a top-level volume is refused: only Docker's local driver without options (a named
/// volume in the repository's own daemon, on the repository's filesystem). Driver options mount
/// whatever they name (`type: none, o: rbind, device: /`, another repository's image…).
pub(super) fn volume(v: &Value) -> Option<String> {
    let m = v.as_object()?;
    for (k, val) in m {
        match k.as_str() {
            "name" | "external" | "labels" => {}
            "driver" if val.as_str() == Some("local") => {}
            "driver" => {
                return Some(format!(
                    "driver {} is not Docker's local driver (a volume plugin reaches what it wants); remove driver:",
                    show(val)
                ));
            }
            "driver_opts" if val.as_object().is_none_or(|o| o.is_empty()) => {}
            "driver_opts" => {
                return Some(format!(
                    "driver_opts {} mount what they name (a host path, a device, another repository's image); use a plain named volume or a bind beneath the repository",
                    show(val)
                ));
            }
            k if k.starts_with("x-") => {}
            other => return Some(format!("{other} is not a setting rdc knows to be safe")),
        }
    }
    None
}

/// The rules of the judged service keys that are not about paths or namespaces (those stay in
/// `super::service`). Each entry: the refusal, without the service's name.
pub(super) fn judge(s: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let get = |k: &str| s.get(k).filter(|v| !v.is_null());
    for cap in strings(get("cap_add")) {
        let c = cap.to_ascii_uppercase();
        let c = c.strip_prefix("CAP_").unwrap_or(&c);
        if !CAPS.contains(&c) {
            out.push(format!(
                "cap_add {cap} is not on the list of capabilities a repository may add ({}); it lets the container reach beyond its repository",
                CAPS.join(", ")
            ));
        }
    }
    for opt in strings(get("security_opt")) {
        let o = opt.replace('=', ":").to_ascii_lowercase();
        if !["no-new-privileges", "no-new-privileges:true"].contains(&o.as_str()) {
            out.push(format!(
                "security_opt {opt}: only no-new-privileges is allowed (a seccomp or AppArmor profile from a file, or none, switches off a protection)"
            ));
        }
    }
    if get("cgroup_parent").is_some() {
        out.push("cgroup_parent places the container outside its repository's cgroup (and its network isolation); remove it".into());
    }
    if let Some(v) = get("oom_score_adj").and_then(Value::as_i64)
        && v < 0
    {
        out.push(format!(
            "oom_score_adj {v}: below 0 makes the kernel kill a neighbour instead; use 0 or more"
        ));
    }
    if get("oom_kill_disable").and_then(Value::as_bool) == Some(true) {
        out.push(
            "oom_kill_disable: true lets the container take the server's memory; remove it".into(),
        );
    }
    for k in ["cpu_rt_runtime", "cpu_rt_period"] {
        if get(k).is_some() {
            out.push(format!(
                "{k}: real-time CPU time starves the other repositories; remove it"
            ));
        }
    }
    for k in ["gpus", "credential_spec"] {
        if get(k).is_some() {
            out.push(format!("{k} is not a setting rdc knows to be safe"));
        }
    }
    if let Some(v) = get("volume_driver") {
        out.push(format!(
            "volume_driver {}: a volume plugin reaches what it wants; remove it",
            show(v)
        ));
    }
    if let Some(r) = get("runtime").and_then(Value::as_str)
        && r != "runc"
    {
        out.push(format!(
            "runtime {r}: only runc is known to keep the container in its repository"
        ));
    }
    if let Some(i) = get("isolation").and_then(Value::as_str)
        && i != "default"
    {
        out.push(format!(
            "isolation {i} is not a setting rdc knows to be safe"
        ));
    }
    for (k, _) in sysctls(get("sysctls")) {
        if !SYSCTLS.contains(&k.as_str()) && !k.starts_with("fs.mqueue.") {
            out.push(format!(
                "sysctls {k}: not a setting of the container's own namespace (containers share the host's network namespace: net.* would change the server)"
            ));
        }
    }
    if let Some(l) = get("logging")
        && let Some(d) = l.get("driver").and_then(Value::as_str)
        && !LOGGING.contains(&d)
    {
        out.push(format!(
            "logging driver {d}: only {} are allowed",
            LOGGING.join(", ")
        ));
    }
    if let Some(so) = get("storage_opt").and_then(Value::as_object)
        && let Some(k) = so.keys().find(|k| k.as_str() != "size")
    {
        out.push(format!("storage_opt {k}: only size is allowed"));
    }
    if let Some(b) = get("blkio_config").and_then(Value::as_object)
        && let Some(k) = b.keys().find(|k| k.as_str() != "weight")
    {
        out.push(format!(
            "blkio_config {k} names host devices; only weight is allowed"
        ));
    }
    if let Some(d) = get("deploy")
        && d.pointer("/resources/reservations/devices")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    {
        out.push("deploy.resources.reservations.devices gives the container host devices".into());
    }
    for (target, size) in tmpfs_sizes(s) {
        if let Some(size) = size.filter(|n| *n > TMPFS_MAX) {
            out.push(format!(
                "tmpfs {target} of {size} bytes: above the {TMPFS_MAX} bytes a tmpfs may have (its pages are the server's memory); give it size=1g or less"
            ));
        }
    }
    out
}

/// Every tmpfs of a service (`tmpfs:` and `volumes:` of type tmpfs) with its size in bytes, if
/// it has one.
pub(crate) fn tmpfs_sizes(s: &Value) -> Vec<(String, Option<u64>)> {
    let mut out = Vec::new();
    let items: Vec<String> = match s.get("tmpfs") {
        Some(Value::String(t)) => vec![t.clone()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    };
    for t in items {
        let (target, opts) = t.split_once(':').unwrap_or((&t, ""));
        let size = opts
            .split(',')
            .find_map(|o| o.trim().strip_prefix("size="))
            .map(|v| bytes(v).unwrap_or(u64::MAX));
        out.push((target.to_string(), size));
    }
    for v in s
        .get("volumes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if v.get("type").and_then(Value::as_str) == Some("tmpfs") {
            let target = v
                .get("target")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            let size = v.pointer("/tmpfs/size").map(|s| match s {
                Value::Number(n) => n.as_u64().unwrap_or(u64::MAX),
                Value::String(t) => bytes(t).unwrap_or(u64::MAX),
                _ => u64::MAX,
            });
            out.push((target, size));
        }
    }
    out
}

/// `100m`, `1g`, `65536`, `512k` as bytes (Docker's units, powers of 1024).
fn bytes(v: &str) -> Option<u64> {
    let v = v.trim().to_ascii_lowercase();
    let v = v.strip_suffix('b').unwrap_or(&v);
    let (num, mult) = match v.chars().last()? {
        'k' => (&v[..v.len() - 1], 1u64 << 10),
        'm' => (&v[..v.len() - 1], 1 << 20),
        'g' => (&v[..v.len() - 1], 1 << 30),
        't' => (&v[..v.len() - 1], 1 << 40),
        _ => (v, 1),
    };
    num.trim().parse::<u64>().ok()?.checked_mul(mult)
}

/// `sysctls:` as a map or a list of `key=value`.
fn sysctls(v: Option<&Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Object(m)) => m.iter().map(|(k, v)| (k.clone(), show(v))).collect(),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(|s| {
                let (k, v) = s.split_once('=').unwrap_or((s, ""));
                (k.trim().to_string(), v.to_string())
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn strings(v: Option<&Value>) -> impl Iterator<Item = &str> {
    v.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
