//! Checking what the operator gives as an SSH key or an address, before it is stored: a key
//! path must hold a private key that OpenSSH can read (`ssh-keygen -l`, the parser of the ssh
//! rdc runs), passphrase-protected keys included; an address that is a host name should resolve.

use std::path::Path;

use anyhow::Result;

use crate::error::usage;

/// What a private key file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Plain,
    /// Protected by a passphrase: usable through ssh-agent only (rdc's ssh runs in batch mode).
    Passphrase,
}

/// Whether `text` (a key file's start) is an SSH private key, and of which kind, from its
/// armour: `Err` says what it is instead.
pub(crate) fn classify(text: &str) -> std::result::Result<Option<bool>, String> {
    let t = text.trim_start();
    if t.starts_with("-----BEGIN ") && t.contains("PRIVATE KEY-----") {
        let pem_encrypted = t.contains("Proc-Type: 4,ENCRYPTED")
            || t.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        return Ok(pem_encrypted.then_some(true));
    }
    let first = t.lines().next().unwrap_or("");
    if ["ssh-", "ecdsa-", "sk-ssh-", "sk-ecdsa-"]
        .iter()
        .any(|p| first.starts_with(p))
    {
        return Err("is a public key; give the private key (the same path without .pub)".into());
    }
    Err("is not an SSH private key (it has no -----BEGIN … PRIVATE KEY----- armour); give the key you log in with, e.g. ~/.ssh/id_ed25519".into())
}

/// Check that `path` holds a private key OpenSSH reads.
pub(crate) fn check(path: &Path) -> Result<Key> {
    let mut buf = Vec::new();
    use std::io::Read;
    std::fs::File::open(path)
        .and_then(|f| f.take(1 << 20).read_to_end(&mut buf))
        .map_err(|e| usage(format!("--ssh-key {}: {e}", path.display())))?;
    let text = String::from_utf8_lossy(&buf);
    let pem_encrypted =
        classify(&text).map_err(|why| usage(format!("--ssh-key {} {why}", path.display())))?;
    if pem_encrypted == Some(true) {
        return Ok(Key::Passphrase);
    }
    let run = |args: &[&str]| {
        std::process::Command::new("ssh-keygen")
            .args(args)
            .arg(path)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| {
                usage(format!(
                    "cannot run ssh-keygen ({e}); install the OpenSSH client"
                ))
            })
    };
    let l = run(&["-l", "-f"])?;
    if !l.status.success() {
        return Err(usage(format!(
            "--ssh-key {}: OpenSSH cannot read it as a key ({}); give the key you log in with",
            path.display(),
            String::from_utf8_lossy(&l.stderr).trim()
        )));
    }
    // `-y` needs the passphrase: with an empty one it fails on a protected key.
    let y = run(&["-y", "-P", "", "-f"])?;
    Ok(if y.status.success() {
        Key::Plain
    } else {
        Key::Passphrase
    })
}

/// Whether a host name resolves from here (an IP address always does).
pub(crate) fn resolves(host: &str, port: u16) -> bool {
    use std::net::ToSocketAddrs;
    (host, port)
        .to_socket_addrs()
        .is_ok_and(|mut a| a.next().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_armour() {
        assert_eq!(
            classify("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl…\n"),
            Ok(None)
        );
        assert_eq!(
            classify("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"),
            Ok(Some(true))
        );
        assert!(
            classify("ssh-ed25519 AAAAC3Nz… me@laptop")
                .unwrap_err()
                .contains("public key")
        );
        assert!(
            classify("vm\n")
                .unwrap_err()
                .contains("not an SSH private key")
        );
    }

    #[test]
    fn files_are_read_by_openssh() {
        let d = tempfile::tempdir().unwrap();
        let make = |name: &str, pass: &str| {
            let p = d.path().join(name);
            let ok = std::process::Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", pass, "-f"])
                .arg(&p)
                .status()
                .is_ok_and(|s| s.success());
            ok.then_some(p)
        };
        // Without ssh-keygen there is nothing to check here.
        let (Some(plain), Some(locked)) = (make("plain", ""), make("locked", "secret pass")) else {
            return;
        };
        assert_eq!(check(&plain).unwrap(), Key::Plain);
        assert_eq!(check(&locked).unwrap(), Key::Passphrase);
        assert!(check(&plain.with_extension("pub")).is_err());
        let junk = d.path().join("junk");
        std::fs::write(
            &junk,
            "-----BEGIN OPENSSH PRIVATE KEY-----\nnot base64\n-----END OPENSSH PRIVATE KEY-----\n",
        )
        .unwrap();
        assert!(format!("{:#}", check(&junk).unwrap_err()).contains("OpenSSH cannot read it"));
        assert!(resolves("127.0.0.1", 22));
        assert!(!resolves("no-such-host.invalid", 22));
    }
}
