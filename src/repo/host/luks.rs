//! LUKS encryption of repository images. The passphrase (the repository credential from the
//! client's config) reaches cryptsetup on stdin only, never in argv or a file.
//!
//! Device-mapper is needed to open a LUKS volume; where it is missing (containers, this project's
//! CI machines) encryption is impossible, and creating a repository says so and names the
//! explicit alternative (`--no-encrypt`). The command lines are unit-tested here; running them
//! needs a machine with device-mapper.

use std::path::Path;

/// Device-mapper and cryptsetup are both available.
pub(crate) fn available() -> Result<(), String> {
    check(Path::new("/dev/mapper/control"), "cryptsetup")
}

fn check(dm_control: &Path, cryptsetup: &str) -> Result<(), String> {
    if !dm_control.exists() {
        return Err("device-mapper is not available (no /dev/mapper/control; the dm_mod kernel module is needed)".into());
    }
    let ok = std::process::Command::new(cryptsetup)
        .arg("--version")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        return Err("cryptsetup is not installed (apt-get install cryptsetup)".into());
    }
    Ok(())
}

/// Name of the device-mapper volume of a repository.
pub(crate) fn mapper_name(guid: &str) -> String {
    format!("rdc-{guid}")
}

pub(crate) fn mapper_path(guid: &str) -> String {
    format!("/dev/mapper/{}", mapper_name(guid))
}

/// Format an image; the passphrase is read from stdin (`--key-file -`).
pub(crate) fn format_args(image: &str) -> Vec<String> {
    [
        "luksFormat",
        "--batch-mode",
        "--type",
        "luks2",
        "--pbkdf",
        "argon2id",
        "--key-file",
        "-",
        image,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Open an image as `/dev/mapper/rdc-<guid>`; the passphrase is read from stdin.
pub(crate) fn open_args(image: &str, guid: &str) -> Vec<String> {
    vec![
        "open".into(),
        "--type".into(),
        "luks2".into(),
        "--key-file".into(),
        "-".into(),
        image.into(),
        mapper_name(guid),
    ]
}

pub(crate) fn close_args(guid: &str) -> Vec<String> {
    vec!["close".into(), mapper_name(guid)]
}

/// Run cryptsetup with `args`, the passphrase on stdin.
pub(crate) fn run(args: &[String], passphrase: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut child = std::process::Command::new("cryptsetup")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(passphrase.as_bytes())?;
    let out = child.wait_with_output()?;
    if !out.status.success() {
        anyhow::bail!(
            "cryptsetup {} failed: {}",
            args.first().map(String::as_str).unwrap_or(""),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_keep_the_passphrase_out_of_argv() {
        let f = format_args("/mnt/rediacc/repositories/g.img");
        assert_eq!(
            f.join(" "),
            "luksFormat --batch-mode --type luks2 --pbkdf argon2id --key-file - /mnt/rediacc/repositories/g.img"
        );
        let o = open_args("/img", "abc");
        assert_eq!(o.join(" "), "open --type luks2 --key-file - /img rdc-abc");
        assert_eq!(close_args("abc").join(" "), "close rdc-abc");
        assert_eq!(mapper_path("abc"), "/dev/mapper/rdc-abc");
    }

    #[test]
    fn missing_pieces_are_explained() {
        let d = tempfile::tempdir().unwrap();
        let e = check(&d.path().join("control"), "cryptsetup").unwrap_err();
        assert!(e.contains("device-mapper"), "{e}");
        std::fs::write(d.path().join("control"), "").unwrap();
        let e = check(&d.path().join("control"), "/nonexistent/cryptsetup").unwrap_err();
        assert!(e.contains("cryptsetup is not installed"), "{e}");
    }
}
