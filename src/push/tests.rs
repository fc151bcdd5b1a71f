//! push-infra's plan, apply and rollback against the SSH fake: the machine's prefix is a
//! temporary directory, `systemctl`, `journalctl` and the health probe are scripted, every
//! other command (the survey, keeping previous copies, restoring them) runs as on a server.

use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::context::{Infra, Machine};
use crate::progress::Recorder;
use crate::ssh::fake::Fake;

fn machine(prefix: &Path, domain: &str, sm: ServiceManager) -> Machine {
    let mut m = Machine::for_tests(&prefix.display().to_string(), sm);
    m.infra = Some(Infra::from_pairs(&[
        ("public_ipv4", "127.0.0.50"),
        ("base_domain", domain),
        ("cert_email", "a@example.com"),
        ("cf_dns_token", "tok-SECRET"),
    ]));
    m
}

struct Bench {
    dir: tempfile::TempDir,
    opts: Options,
    fake: Fake,
}

fn bench() -> Bench {
    let dir = tempfile::tempdir().unwrap();
    let bins = dir.path().join("laptop");
    std::fs::create_dir_all(&bins).unwrap();
    for (name, body) in [("rdc", "#!/bin/sh\necho rdc\n"), ("traefik", "#!/bin/sh\n")] {
        std::fs::write(bins.join(name), body).unwrap();
    }
    let cache_dir = dir.path().join("cache");
    std::fs::create_dir_all(&cache_dir).unwrap();
    let opts = Options {
        dry_run: false,
        rdc_binary: Some(bins.join("rdc")),
        traefik_binary: Some(bins.join("traefik")),
        traefik_mirror: None,
        allow_downgrade: false,
        output: Format::Json,
        hashes: Arc::new(Cache::open(&cache_dir)),
        cache_dir,
        wait: true,
    };
    let fake = Fake::new();
    // No systemd runs here: the survey's answer says it does, the units are scripted.
    fake.answer(|argv| {
        let script = argv.get(2)?;
        if !script.starts_with("manifest=$1") {
            return None;
        }
        let o = std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&o.stdout).replace("systemd=no", "systemd=yes");
        Some(crate::ssh::Out {
            code: o.status.code(),
            stdout: text.into_bytes(),
            stderr: o.stderr,
        })
    });
    fake.on(&["systemctl"], 0, "", "");
    fake.on(&["journalctl"], 0, "route server: listening", "");
    fake.on(&["host", "probe"], 0, "", "");
    Bench {
        opts,
        fake,
        dir: dir_with_root(dir),
    }
}

fn dir_with_root(dir: tempfile::TempDir) -> tempfile::TempDir {
    std::fs::create_dir_all(dir.path().join("server")).unwrap();
    dir
}

impl Bench {
    fn prefix(&self) -> std::path::PathBuf {
        self.dir.path().join("server")
    }
    async fn push(&self, m: &Machine, go: bool) -> (Outcome, Result<()>, Plan) {
        let rendered = infra::render_with("s1", m, &[]).unwrap();
        let prep = prepare_on(
            self.fake.remote("s1"),
            m,
            rendered,
            &self.opts,
            &Recorder::default(),
        )
        .await
        .unwrap();
        let plan = prep.plan.clone();
        let (o, r) = prep.finish(go, &self.opts, &Recorder::default()).await;
        (o, r, plan)
    }
    fn paths(&self) -> crate::contract::paths::ServerPaths {
        crate::contract::paths::ServerPaths::new(&self.prefix().display().to_string())
    }
    fn file(&self, path: &str) -> String {
        std::fs::read_to_string(path).unwrap_or_default()
    }
}

#[tokio::test]
async fn a_push_installs_everything_then_has_nothing_to_do() {
    let b = bench();
    let m = machine(&b.prefix(), "one.example.com", ServiceManager::Systemd);
    let (o, r, plan) = b.push(&m, true).await;
    r.unwrap();
    assert_eq!(o.status, PushStatus::Applied);
    assert!(plan.changes());
    assert!(o.uploaded.iter().any(|u| u.ends_with("/usr/local/bin/rdc")));
    assert!(b.file(&b.paths().router_toml()).contains("one.example.com"));
    let env = b.paths().traefik_env();
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&env).unwrap().permissions().mode() & 0o777,
        0o600,
        "the token's file is 0600"
    );
    assert!(!b.fake.ran("daemon-reload").is_empty());
    assert!(!b.fake.ran("probe").is_empty(), "checked after the restart");
    // Nothing changed since: the second push plans nothing and restarts nothing.
    let before = b.fake.ran("systemctl").len();
    let (o, r, plan) = b.push(&m, true).await;
    r.unwrap();
    assert!(!plan.changes(), "{}", plan.text());
    assert_eq!(o.status, PushStatus::UpToDate);
    assert_eq!(b.fake.ran("systemctl").len(), before);
}

#[tokio::test]
async fn a_failed_health_check_puts_every_previous_file_back() {
    let b = bench();
    let m = machine(&b.prefix(), "one.example.com", ServiceManager::Systemd);
    b.push(&m, true).await.1.unwrap();
    let yml = b.file(&b.paths().router_toml());
    b.fake.on(
        &["host", "probe"],
        1,
        "",
        "Traefik does not answer: connection refused",
    );
    let m2 = machine(&b.prefix(), "two.example.com", ServiceManager::Systemd);
    let (o, r, plan) = b.push(&m2, true).await;
    assert!(plan.changes());
    let e = format!("{:#}", r.unwrap_err());
    assert!(e.contains("failed and was rolled back"), "{e}");
    assert_eq!(o.status, PushStatus::RolledBack);
    assert_eq!(b.file(&b.paths().router_toml()), yml, "previous file back");
    assert!(o.logs.iter().any(|l| l.contains("route server: listening")));
    let restarts = b.fake.ran("restart").len() + b.fake.ran("reload").len();
    assert!(
        restarts >= 2,
        "restarted for the push and again for the rollback"
    );
}

#[tokio::test]
async fn an_upload_that_fails_half_way_leaves_the_previous_files() {
    let b = bench();
    let m = machine(&b.prefix(), "one.example.com", ServiceManager::None);
    b.push(&m, true).await.1.unwrap();
    let yml = b.file(&b.paths().router_toml());
    b.fake.fail_put(&b.paths().router_toml());
    let m2 = machine(&b.prefix(), "two.example.com", ServiceManager::None);
    let (o, r, _) = b.push(&m2, true).await;
    let e = format!("{:#}", r.unwrap_err());
    assert!(e.contains("No space left"), "{e}");
    assert_eq!(o.status, PushStatus::RolledBack);
    assert_eq!(b.file(&b.paths().router_toml()), yml);
    let left: Vec<_> = walk(&b.prefix())
        .into_iter()
        .filter(|p| p.ends_with(".rdc-tmp"))
        .collect();
    assert!(left.is_empty(), "no temporary file left: {left:?}");
    assert!(b.fake.ran("systemctl").is_empty(), "services not managed");
}

#[tokio::test]
async fn a_declined_push_changes_nothing() {
    let b = bench();
    let m = machine(&b.prefix(), "one.example.com", ServiceManager::Systemd);
    let (_, r, plan) = b.push(&m, false).await;
    assert!(plan.changes());
    assert!(crate::error::exit_code_for(&r.unwrap_err()).is_some());
    assert_eq!(b.file(&b.paths().router_toml()), "");
    assert!(b.fake.ran("systemctl").is_empty());
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
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
