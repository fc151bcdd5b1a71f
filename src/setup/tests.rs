//! setup-machine's probe, checklist and fixes against the SSH fake: the machine's prefix is a
//! temporary directory; the probe runs as on a server with its answer turned into a bare Debian
//! (no Docker, no btrfs-progs), apt-get is scripted.

use super::*;
use crate::context::ServiceManager;
use crate::progress::Recorder;
use crate::ssh::fake::Fake;

fn machine(prefix: &std::path::Path) -> Machine {
    Machine::for_tests(&prefix.display().to_string(), ServiceManager::None)
}

/// The fake answers apt-get with `code` and `stderr`.
fn apt_answers(fake: &Fake, code: i32, stderr: &'static str) {
    fake.answer(move |argv| {
        argv.iter()
            .any(|w| w.contains("apt-get install"))
            .then(|| crate::ssh::Out {
                code: Some(code),
                stdout: Vec::new(),
                stderr: stderr.as_bytes().to_vec(),
            })
    });
}

/// A fake whose probe says "Debian with apt, nothing installed" and reports the datastore as
/// the temporary directory has it.
fn bare_debian() -> Fake {
    let fake = Fake::new();
    fake.answer(|argv| {
        if !argv.get(2)?.starts_with("ds=$1; img=$2") {
            return None;
        }
        let o = std::process::Command::new(&argv[0])
            .args(&argv[1..])
            .output()
            .ok()?;
        let mut text: String = String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| !l.starts_with("cmd.") && !l.starts_with("os_") && !l.starts_with("apt="))
            .map(|l| format!("{l}\n"))
            .collect();
        text.push_str("os_id=debian\nos_version=12\napt=yes\n");
        Some(crate::ssh::Out {
            code: Some(0),
            stdout: text.into_bytes(),
            stderr: Vec::new(),
        })
    });
    fake
}

#[tokio::test]
async fn setup_installs_what_is_missing_and_creates_the_datastore() {
    let dir = tempfile::tempdir().unwrap();
    let m = machine(dir.path());
    let fake = bare_debian();
    apt_answers(&fake, 0, "");
    let p = Recorder::default();
    let prep = prepare_on(fake.remote("s1"), &m, None, Some(true), &p)
        .await
        .unwrap();
    assert!(prep.changes(), "{}", text("s1", &prep.items));
    let (done, items) = prep.apply(&p).await.unwrap();
    let ds = dir.path().join("mnt/rediacc");
    assert!(ds.is_dir(), "the datastore directory exists");
    assert!(
        done.iter()
            .any(|d| d.starts_with("installed") && d.contains("docker")),
        "{done:?}"
    );
    assert!(done.iter().any(|d| d.contains("created")), "{done:?}");
    let apt = fake
        .calls()
        .into_iter()
        .find(|c| c.iter().any(|w| w.contains("apt-get install")))
        .expect("apt-get ran");
    assert!(apt.iter().any(|w| w == "btrfs-progs"), "{apt:?}");
    // The checklist after says the datastore is ready now.
    let store = items.iter().find(|i| i.what == "datastore").unwrap();
    assert!(store.fix.is_none(), "{store:?}");
    // The server's lock was taken for the run and left free.
    let lock = ServerPaths::new(&m.prefix).server_lock();
    assert_eq!(std::fs::read_to_string(lock).unwrap(), "");
}

#[tokio::test]
async fn a_failing_install_names_the_machine_and_apt_gets_last_words() {
    let dir = tempfile::tempdir().unwrap();
    let m = machine(dir.path());
    let fake = bare_debian();
    apt_answers(
        &fake,
        100,
        "E: Unable to locate package btrfs-progs
",
    );
    let p = Recorder::default();
    let prep = prepare_on(fake.remote("s1"), &m, None, None, &p)
        .await
        .unwrap();
    let e = format!("{:#}", prep.apply(&p).await.unwrap_err());
    assert!(
        e.contains("failed on s1") && e.contains("Unable to locate package"),
        "{e}"
    );
}
