//! Several machines in one command: three loopback "machines" (three sshd on their own ports,
//! three prefixes) pushed in parallel; then one of them unreachable while the other two are
//! pushed anyway, the summary naming the failure and the exit code saying so.

use std::path::PathBuf;

use crate::common::{Env, Sshd};

struct Fleet {
    env: Env,
    sshd: Vec<Sshd>,
    prefixes: Vec<PathBuf>,
    stub: PathBuf,
}

const NAMES: [&str; 3] = ["m1", "m2", "m3"];

fn fleet() -> Fleet {
    let env = Env::new();
    let mut sshd = Vec::new();
    let mut prefixes = Vec::new();
    for (i, name) in NAMES.iter().enumerate() {
        let s = Sshd::start(&env.path().join(format!("sshd-{name}")));
        if i == 0 {
            env.rdc(&[
                "context",
                "create",
                "t",
                "--ssh-key",
                s.client_key.to_str().unwrap(),
            ])
            .ok();
        }
        // One client key for the context: every sshd accepts the first one.
        if i > 0 {
            std::fs::copy(
                env.path().join("sshd-m1/client_key.pub"),
                s.dir.join("client_key.pub"),
            )
            .unwrap();
        }
        let prefix = env.path().join(format!("srv-{name}"));
        env.rdc(&[
            "context",
            "add-machine",
            name,
            "--ip",
            "127.0.0.1",
            "--port",
            &s.port.to_string(),
            "--user",
            "root",
            "--prefix",
            prefix.to_str().unwrap(),
            "--service-manager",
            "none",
        ])
        .ok();
        let ip = format!("127.0.0.{}", 91 + i);
        env.set_infra(
            name,
            &[
                "--public-ipv4",
                &ip,
                "--base-domain",
                &format!("{name}.example.test"),
                "--route-listen",
                &format!("{ip}:7111"),
                "--admin-listen",
                &format!("{ip}:7112"),
            ],
        )
        .ok();
        env.rdc(&["context", "scan-keys", name]).ok();
        sshd.push(s);
        prefixes.push(prefix);
    }
    let stub = env.path().join("stub-bin");
    std::fs::copy("/bin/true", &stub).unwrap();
    Fleet {
        env,
        sshd,
        prefixes,
        stub,
    }
}

impl Fleet {
    fn push(&self, extra: &[&str]) -> crate::common::Out {
        let mut args = vec![
            "context",
            "push-infra",
            "--rdc-binary",
            self.stub.to_str().unwrap(),
            "--traefik-binary",
            self.stub.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        self.env.rdc(&args)
    }
    fn router_toml(&self, i: usize) -> String {
        std::fs::read_to_string(self.prefixes[i].join("etc/rediacc/router.toml"))
            .unwrap_or_default()
    }
}

#[test]
#[cfg_attr(
    rdc_missing_sshd,
    ignore = "requires sshd (tests/it/requires.rs; scripts/test installs them)"
)]
fn three_machines_at_once_and_one_unreachable_does_not_stop_the_others() {
    let mut f = fleet();
    // Every plan, one confirmation (none without a terminal: --yes), every machine applied.
    let out = f.push(&["--all", "--yes"]).ok();
    for n in NAMES {
        assert!(
            out.stdout.contains(&format!("Plan for {n} ")),
            "{}",
            out.stdout
        );
    }
    let rows: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| NAMES.iter().any(|n| l.starts_with(n)))
        .collect();
    assert_eq!(rows.len(), 3, "{}", out.stdout);
    assert!(rows.iter().all(|r| r.contains("applied")), "{rows:?}");
    for i in 0..3 {
        assert!(f.router_toml(i).contains(&format!("m{}", i + 1)));
    }
    // Without --yes and without a terminal: refused before anything changes.
    f.env.set_infra("m1", &["--tcp-ports", "2525"]).ok();
    f.push(&["-m", "m1,m2"]).code(7).stderr_has("--yes");
    assert!(!f.router_toml(0).contains("2525"));
    // Nothing to do on two machines, something on one: one summary, exit 0.
    let out = f.push(&["m2", "m1", "--yes", "-o", "json"]).ok();
    let j = out.json();
    let rows = j["summary"]["machines"].as_array().unwrap();
    assert_eq!(rows[0]["machine"], "m2");
    assert_eq!(rows[0]["result"], "up to date");
    assert_eq!(rows[1]["machine"], "m1");
    assert_eq!(rows[1]["result"], "applied");
    assert!(f.router_toml(0).contains("2525"));

    // m2 unreachable: m1 and m3 are still pushed; the summary names m2; exit 5 (connection).
    f.sshd[1].kill_all();
    for n in NAMES {
        f.env.set_infra(n, &["--udp-ports", "5353"]).ok();
    }
    let out = f.push(&["--all", "--yes", "--parallel", "3"]).code(5);
    assert!(
        out.stderr.contains("1 of 3 machines failed: m2: ")
            && out.stderr.contains("cannot reach m2")
            || out.stderr.contains("1 of 3 machines failed: m2: "),
        "{}",
        out.stderr
    );
    let failed: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.starts_with("m2") && l.contains("failed"))
        .collect();
    assert_eq!(failed.len(), 1, "{}", out.stdout);
    for i in [0, 2] {
        assert!(
            f.router_toml(i).contains("5353"),
            "m{} was not pushed",
            i + 1
        );
    }
    assert!(!f.router_toml(1).contains("5353"));
    // The status table still shows every machine; the unreachable one says why; exit 0.
    let j = f.env.rdc(&["context", "status", "-o", "json"]).ok().json();
    let rows = j.as_array().unwrap();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1]["machine"], "m2");
    assert_eq!(rows[1]["reachable"], false);
    assert!(rows[1]["error"].as_str().unwrap().contains("m2"), "{j}");
    assert_eq!(rows[0]["reachable"], true);
}
