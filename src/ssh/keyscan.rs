//! Host keys: `ssh-keyscan` to pin a machine's keys (trust on first use), and their
//! fingerprints (`ssh-keygen -l`) for the operator to compare with the server's.

use anyhow::Result;

use crate::error::{connection, usage};

/// The host keys a server offers (`known_hosts` lines).
pub(crate) fn keyscan(host: &str, port: u16) -> Result<String> {
    let out = std::process::Command::new("ssh-keyscan")
        .args(["-T", "10", "-p", &port.to_string(), host])
        .output()
        .map_err(|e| {
            usage(format!(
                "cannot run ssh-keyscan ({e}); install the OpenSSH client"
            ))
        })?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let keys: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    if keys.is_empty() {
        return Err(connection(format!(
            "no host key from {host}:{port}; check that sshd runs there and the port is right (--port)"
        )));
    }
    Ok(keys.join("\n") + "\n")
}

pub(crate) fn fingerprints(keys: &str) -> Vec<String> {
    use std::io::Write;
    let child = std::process::Command::new("ssh-keygen")
        .args(["-l", "-f", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        return Vec::new();
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(keys.as_bytes());
    }
    child
        .wait_with_output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}
