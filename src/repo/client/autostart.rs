//! The laptop side of `rdc repo autostart`: write or remove a repository's job (and, with
//! systemd, its unit) on its machine over SSH, and list what is enabled (`autostart` holds the
//! server-side shapes).

use anyhow::Result;
use serde::Serialize;

use super::{Target, connect};
use crate::context::{Context, ServiceManager};
use crate::contract::paths::ServerPaths;
use crate::error::remote;
use crate::progress::Progress;
use crate::repo::host::autostart;

/// What `enable` did.
pub(crate) struct Enabled {
    /// The unit (systemd) or the boot script (no service manager).
    pub installed: String,
    pub service_manager: ServiceManager,
}

pub(crate) async fn enable(t: &Target, p: &dyn Progress) -> Result<Enabled> {
    let r = connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await?;
    let paths = ServerPaths::new(&t.machine.prefix);
    let res = async {
        let dir = autostart::dir(&paths);
        r.check(
            "creating the autostart directory",
            &["mkdir", "-p", "-m", "700", "--", &dir],
        )
        .await?;
        r.check(
            "securing the autostart directory",
            &["chmod", "700", "--", &dir],
        )
        .await?;
        let mut job = t.job();
        job.mount = true;
        r.write_file_atomic(
            &autostart::job_file(&paths, &t.repo.guid),
            &serde_json::to_vec_pretty(&job)?,
            0o600,
        )
        .await?;
        let installed = match t.machine.service_manager {
            ServiceManager::Systemd => {
                let unit = autostart::unit_path(&paths, &t.repo.guid);
                r.write_file_atomic(
                    &unit,
                    autostart::unit_text(&paths, &t.repo.guid, &t.name).as_bytes(),
                    0o644,
                )
                .await?;
                for cmd in autostart::systemd_enable(&t.repo.guid) {
                    let argv: Vec<&str> = cmd.iter().map(String::as_str).collect();
                    r.check(&cmd.join(" "), &argv).await?;
                }
                unit
            }
            ServiceManager::None => {
                let script = autostart::boot_script_path(&paths);
                r.check(
                    "creating /etc/rediacc",
                    &["mkdir", "-p", "--", &paths.at("/etc/rediacc")],
                )
                .await?;
                r.write_file_atomic(&script, autostart::boot_script(&paths).as_bytes(), 0o755)
                    .await?;
                script
            }
        };
        Ok(Enabled {
            installed,
            service_manager: t.machine.service_manager,
        })
    }
    .await;
    r.close().await;
    res
}

pub(crate) async fn disable(t: &Target, p: &dyn Progress) -> Result<bool> {
    let r = connect(&t.machine_name, &t.machine, t.ssh_key.as_deref(), p).await?;
    let paths = ServerPaths::new(&t.machine.prefix);
    let res = async {
        let job = autostart::job_file(&paths, &t.repo.guid);
        let was = r.sh("test -e \"$1\"", &[&job], None).await?.ok();
        if t.machine.service_manager == ServiceManager::Systemd {
            let unit = autostart::unit_path(&paths, &t.repo.guid);
            if r.sh("test -e \"$1\"", &[&unit], None).await?.ok() {
                for cmd in autostart::systemd_disable(&t.repo.guid) {
                    let argv: Vec<&str> = cmd.iter().map(String::as_str).collect();
                    r.check(&cmd.join(" "), &argv).await?;
                }
                r.check("removing the unit", &["rm", "-f", "--", &unit])
                    .await?;
                r.check("systemctl daemon-reload", &["systemctl", "daemon-reload"])
                    .await?;
            }
        }
        r.check("removing the job", &["rm", "-f", "--", &job])
            .await?;
        Ok(was)
    }
    .await;
    r.close().await;
    res
}

#[derive(Debug, Serialize)]
pub(crate) struct Row {
    pub name: String,
    pub machine: String,
    pub guid: String,
}

/// The repositories with autostart on `machines` (every machine of the context when empty).
pub(crate) async fn list(c: &Context, machines: &[String], p: &dyn Progress) -> Result<Vec<Row>> {
    let names: Vec<String> = if machines.is_empty() {
        c.machines.keys().cloned().collect()
    } else {
        machines.to_vec()
    };
    let mut rows = Vec::new();
    for n in names {
        let Some(m) = c.machines.get(&n) else {
            continue;
        };
        let r = connect(&n, m, c.ssh_key.as_deref(), p).await?;
        let dir = autostart::dir(&ServerPaths::new(&m.prefix));
        let o = r
            .sh("[ -d \"$1\" ] || exit 0; cd \"$1\" && for f in *.json; do [ -e \"$f\" ] && echo \"${f%.json}\"; done; exit 0", &[&dir], None)
            .await;
        r.close().await;
        let o = o?;
        if !o.ok() {
            return Err(remote(format!("listing {dir} on {n}: {}", o.stderr_str())));
        }
        for guid in o
            .stdout_str()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
        {
            let name = c
                .repos
                .iter()
                .find(|(_, r)| r.guid == guid)
                .map(|(k, _)| k.clone())
                .unwrap_or_else(|| format!("? ({guid})"));
            rows.push(Row {
                name,
                machine: n.clone(),
                guid: guid.to_string(),
            });
        }
    }
    Ok(rows)
}
