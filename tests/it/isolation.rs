//! Tenant isolation, tried the way an attacker would: attack containers of one repository next
//! to victim containers of another, rendered by rdc and loaded into the real Traefik, then real
//! requests. For every attack the victim's names answer from the victim's backends, the attacker
//! gets nothing of anyone else's, Traefik's admin entrypoint is never reachable through a route,
//! and every refused attack says why.
//!
//! Addresses: Traefik on 127.0.0.30; the attacker repository is network 9216 (127.0.36.0/26), the
//! victim 9280 (127.0.36.64/26) — this file's own, so it runs beside the other tests. The live
//! test uses 127.0.0.31 and networks 9472/9536 (127.0.37.0/25).

use std::collections::BTreeMap;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rdc::contract::NetworkId;
use rdc::route_server::config::{RepoDecl, RouterConfig};
use rdc::route_server::model::Container;
use rdc::route_server::owners::{Owner, Owners};
use rdc::route_server::render::{self, DaemonView, State};

use crate::common::{
    Backend, Dockerd, Env, Proc, UdpBackend, curl_args, route_server, traefik_bin, udp_ask,
    wait_for,
};

const IP: &str = "127.0.0.30";
const A: NetworkId = NetworkId(9216); // attacker: 127.0.36.0/26
const V: NetworkId = NetworkId(9280); // victim: 127.0.36.64/26
const ATTACKER_IP: &str = "127.0.36.2";

fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A tier-2 attack container: its own router `r` with `extra` labels, the attacker's backend.
fn attack(name: &str, extra: &[(&str, &str)]) -> (String, BTreeMap<String, String>) {
    let mut l = labels(&[
        ("traefik.enable", "true"),
        ("rediacc.service_ip", ATTACKER_IP),
        ("traefik.http.services.s.loadbalancer.server.port", "80"),
    ]);
    for (k, v) in extra {
        l.insert(k.to_string(), v.to_string());
    }
    (name.to_string(), l)
}

/// Every spelling Traefik serves for `host`, as rules.
fn spellings(host: &str) -> Vec<String> {
    let (first, rest) = host.split_once('.').unwrap();
    vec![
        format!("Host(`{}`)", host.to_ascii_uppercase()),
        format!("Host(`{host}.`)"),
        format!("Host(\"{first}\\x2e{rest}\")"),
        format!("Host(\"{first}\\u002e{rest}\")"),
        format!("Host(\"{first}\\U0000002E{rest}\")"),
        format!("Host(\"{first}\\056{rest}\")"),
        format!("host(`{host}`)"),
        format!("HOST(`{host}`) && PathPrefix(`/`)"),
    ]
}

/// Give a container's routers, services and middlewares their own names (`a07r`, `a07s`…), so
/// that the attacks do not merge with each other inside the attacker's repository. Names that
/// are the attack (`api@internal`) and references to other repositories or providers stay.
fn uniquify(name: &str, l: BTreeMap<String, String>) -> BTreeMap<String, String> {
    let local = ["r", "s", "fa", "e", "rl", "t", "u"];
    l.into_iter()
        .map(|(k, v)| {
            let mut seg: Vec<String> = k.split('.').map(str::to_string).collect();
            if seg.len() > 3
                && matches!(seg[2].as_str(), "routers" | "services" | "middlewares")
                && local.contains(&seg[3].as_str())
            {
                seg[3] = format!("{name}{}", seg[3]);
            }
            let refs = k.ends_with(".service") || k.ends_with(".middlewares");
            let v = if refs {
                v.split(',')
                    .map(|x| {
                        if local.contains(&x.trim()) {
                            format!("{name}{}", x.trim())
                        } else {
                            x.to_string()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(",")
            } else {
                v
            };
            (seg.join("."), v)
        })
        .collect()
}

/// The attack containers: (name, labels, what the attack is).
fn attacks() -> Vec<(String, BTreeMap<String, String>, String)> {
    let mut v: Vec<(String, BTreeMap<String, String>, String)> = Vec::new();
    let mut add = |what: &str, (name, l): (String, BTreeMap<String, String>)| {
        let l = uniquify(&name, l);
        v.push((name, l, what.to_string()))
    };
    let mut n = 0;
    let mut next = || {
        n += 1;
        format!("a{n:02}")
    };
    for target in ["web-9280.example.test", "shop.example.test"] {
        for rule in spellings(target) {
            let name = next();
            add(
                &format!("take {target} as {rule}"),
                attack(&name, &[("traefik.http.routers.r.rule", &rule)]),
            );
        }
    }
    for rule in [
        "HostRegexp(`.+`)",
        "PathPrefix(`/`)",
        "Host(`x.example.test`) || PathPrefix(`/`)",
        "!Host(`x.example.test`)",
        "Method(`GET`)",
    ] {
        let name = next();
        add(
            &format!("catch-all {rule}"),
            attack(&name, &[("traefik.http.routers.r.rule", rule)]),
        );
    }
    let url_attacks: Vec<(&str, String)> = vec![
        ("scheme", "http://127.0.36.66:80/#".to_string()),
        ("scheme", format!("http://{IP}:7112/ping?")),
        ("url", "http://127.0.36.66:80".to_string()),
        ("url", "http://127.0.36.2:80@127.0.36.66/".to_string()),
        ("url", "http://u:p@127.0.36.66/".to_string()),
        ("url", "http://0x7f.0.36.66/".to_string()),
        ("url", "http://2130715714/".to_string()),
        ("url", "http://0177.0.36.66/".to_string()),
        ("url", "http://[::ffff:127.0.36.66]/".to_string()),
        ("url", format!("http://{IP}:7112/ping")),
    ];
    for (kind, value) in &url_attacks {
        let name = next();
        let host = format!("{name}.example.test");
        let rule = format!("Host(`{host}`)");
        let mut extra = vec![("traefik.http.routers.r.rule", rule.as_str())];
        let key = format!("traefik.http.services.s.loadbalancer.server.{kind}");
        extra.push((key.as_str(), value.as_str()));
        let (nm, mut l) = attack(&name, &extra);
        if *kind == "url" {
            l.remove("traefik.http.services.s.loadbalancer.server.port");
        }
        add(&format!("backend {kind}={value}"), (nm, l));
    }
    for addr in [
        format!("http://{IP}:7112/ping"),
        "http://127.0.36.66/".into(),
    ] {
        let name = next();
        let rule = format!("Host(`{name}.example.test`)");
        add(
            &format!("forwardAuth to {addr}"),
            attack(
                &name,
                &[
                    ("traefik.http.routers.r.rule", &rule),
                    ("traefik.http.routers.r.middlewares", "fa"),
                    ("traefik.http.middlewares.fa.forwardauth.address", &addr),
                ],
            ),
        );
    }
    for rule in [
        "HostSNI(`mail.example.test`)",
        "HostSNI(`MAIL.example.test.`)",
    ] {
        let name = next();
        let l = labels(&[
            ("traefik.enable", "true"),
            ("rediacc.service_ip", ATTACKER_IP),
            ("traefik.tcp.routers.t.rule", rule),
            ("traefik.tcp.routers.t.entrypoints", "websecure"),
            ("traefik.tcp.routers.t.tls.passthrough", "true"),
            ("traefik.tcp.services.t.loadbalancer.server.port", "80"),
        ]);
        add(&format!("TLS cross-protocol {rule}"), (name, l));
    }
    for ep in ["websecure", "web"] {
        let name = next();
        add(
            &format!("HostSNI(*) on {ep}"),
            (
                name,
                labels(&[
                    ("traefik.enable", "true"),
                    ("rediacc.service_ip", ATTACKER_IP),
                    ("traefik.tcp.routers.t.rule", "HostSNI(`*`)"),
                    ("traefik.tcp.routers.t.entrypoints", ep),
                    ("traefik.tcp.routers.t.tls", "true"),
                    ("traefik.tcp.services.t.loadbalancer.server.port", "80"),
                ]),
            ),
        );
    }
    {
        let name = next();
        add(
            "TCP catch-all on the victim's tcp-5432",
            (
                name,
                labels(&[
                    ("traefik.enable", "true"),
                    ("rediacc.service_ip", ATTACKER_IP),
                    ("traefik.tcp.routers.t.rule", "HostSNI(`*`)"),
                    ("traefik.tcp.routers.t.entrypoints", "tcp-5432"),
                    ("traefik.tcp.services.t.loadbalancer.server.port", "80"),
                ]),
            ),
        );
    }
    for (what, ep) in [
        ("HTTP router on the victim's tcp-5432", "tcp-5432"),
        ("router on Traefik's admin entrypoint", "traefik"),
        ("router on the victim's dynamic port", "tcp-10000"),
    ] {
        let name = next();
        let rule = format!("Host(`{name}.example.test`)");
        add(
            what,
            attack(
                &name,
                &[
                    ("traefik.http.routers.r.rule", &rule),
                    ("traefik.http.routers.r.entrypoints", ep),
                ],
            ),
        );
    }
    for (what, k, val) in [
        (
            "service of the victim",
            "traefik.http.routers.r.service",
            "rdc-auto-web-9280@http",
        ),
        (
            "Traefik's API service",
            "traefik.http.routers.r.service",
            "api@internal",
        ),
        (
            "a file-provider middleware",
            "traefik.http.routers.r.middlewares",
            "auth@file",
        ),
    ] {
        let name = next();
        let rule = format!("Host(`{name}.example.test`)");
        add(
            what,
            attack(&name, &[("traefik.http.routers.r.rule", &rule), (k, val)]),
        );
    }
    {
        let name = next();
        let l = labels(&[
            ("traefik.enable", "true"),
            ("rediacc.service_ip", ATTACKER_IP),
            (
                "traefik.http.routers.api@internal.rule",
                "Host(`x1.example.test`)",
            ),
            ("traefik.http.routers.api@internal.service", "s"),
            ("traefik.http.services.s.loadbalancer.server.port", "80"),
        ]);
        add("a router named like Traefik's API", (name, l));
    }
    {
        let name = next();
        let rule = format!("Host(`{name}.example.test`)");
        add(
            "error pages from the victim's service",
            attack(
                &name,
                &[
                    ("traefik.http.routers.r.rule", &rule),
                    ("traefik.http.routers.r.middlewares", "e"),
                    ("traefik.http.middlewares.e.errors.status", "404"),
                    (
                        "traefik.http.middlewares.e.errors.service",
                        "shop-9280@docker",
                    ),
                ],
            ),
        );
    }
    {
        let name = next();
        let rule = format!("Host(`{name}.example.test`)");
        add(
            "a certificate for the victim's host",
            attack(
                &name,
                &[
                    ("traefik.http.routers.r.rule", &rule),
                    (
                        "traefik.http.routers.r.tls.domains[0].main",
                        "shop.example.test",
                    ),
                ],
            ),
        );
    }
    {
        let name = next();
        add(
            "the victim's UDP entrypoint",
            (
                name,
                labels(&[
                    ("traefik.enable", "true"),
                    ("rediacc.service_ip", ATTACKER_IP),
                    ("traefik.udp.routers.u.entrypoints", "udp-5353"),
                    ("traefik.udp.services.u.loadbalancer.server.port", "5353"),
                ]),
            ),
        );
    }
    for (k, val) in [
        (
            "traefik.http.middlewares.rl.ratelimit.period",
            "9999999999999h",
        ),
        (
            "traefik.http.services.s.loadbalancer.healthcheck.interval",
            "9999999999999",
        ),
        ("traefik.http.routers.r.priority", "99999999999999999999"),
    ] {
        let name = next();
        let rule = format!("Host(`{name}.example.test`)");
        add(
            &format!("out of range {k}={val}"),
            attack(
                &name,
                &[
                    ("traefik.http.routers.r.rule", &rule),
                    ("traefik.http.routers.r.middlewares", "rl"),
                    ("traefik.http.middlewares.rl.ratelimit.average", "5"),
                    (k, val),
                ],
            ),
        );
    }
    {
        let name = next();
        let deep = format!(
            "{}Host(`x.example.test`){}",
            "(".repeat(50_000),
            ")".repeat(50_000)
        );
        add(
            "a 50,000-deep rule",
            attack(&name, &[("traefik.http.routers.r.rule", &deep)]),
        );
    }
    v
}

fn victims() -> Vec<(String, BTreeMap<String, String>)> {
    vec![
        (
            "web".into(),
            labels(&[
                ("rediacc.service_name", "web"),
                ("rediacc.service_ip", "127.0.36.66"),
            ]),
        ),
        (
            "shop".into(),
            labels(&[
                ("traefik.enable", "true"),
                ("rediacc.service_ip", "127.0.36.67"),
                (
                    "traefik.http.routers.shop.rule",
                    "Host(`shop.example.test`)",
                ),
                ("traefik.http.services.shop.loadbalancer.server.port", "80"),
            ]),
        ),
        (
            "mail".into(),
            labels(&[
                ("traefik.enable", "true"),
                ("rediacc.service_ip", "127.0.36.68"),
                (
                    "traefik.http.routers.mail.rule",
                    "Host(`mail.example.test`)",
                ),
                ("traefik.http.routers.mail.entrypoints", "websecure"),
                ("traefik.http.routers.mail.tls", "true"),
                ("traefik.http.services.mail.loadbalancer.server.port", "80"),
            ]),
        ),
        (
            "db".into(),
            labels(&[
                ("traefik.enable", "true"),
                ("rediacc.service_ip", "127.0.36.69"),
                ("traefik.tcp.routers.db.rule", "HostSNI(`*`)"),
                ("traefik.tcp.routers.db.entrypoints", "tcp-5432"),
                ("traefik.tcp.services.db.loadbalancer.server.port", "5432"),
            ]),
        ),
        (
            "cache".into(),
            labels(&[
                ("rediacc.service_name", "cache"),
                ("rediacc.service_ip", "127.0.36.70"),
                ("rediacc.tcp_ports", "6379"),
            ]),
        ),
        (
            "dns".into(),
            labels(&[
                ("rediacc.service_name", "dns"),
                ("rediacc.service_ip", "127.0.36.71"),
                ("rediacc.udp_ports", "5353"),
            ]),
        ),
    ]
}

fn container(i: usize, name: &str, l: BTreeMap<String, String>, created: i64) -> Arc<Container> {
    Arc::new(Container::new(
        format!("{i:064}"),
        name,
        l,
        "running",
        None,
        created,
    ))
}

#[test]
#[cfg_attr(
    rdc_missing_traefik,
    ignore = "requires Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn attacks_through_real_traefik_never_reach_another_repository() {
    let env = Env::new();
    let attacks = attacks();
    assert!(attacks.len() >= 40, "only {} attack cases", attacks.len());
    // The attacker's containers are older than the victim's, and its network id is lower:
    // neither may matter.
    let mut ac: Vec<Arc<Container>> = attacks
        .iter()
        .enumerate()
        .map(|(i, (n, l, _))| container(i, n, l.clone(), 1))
        .collect();
    let good = labels(&[
        ("traefik.enable", "true"),
        ("rediacc.service_ip", ATTACKER_IP),
        (
            "traefik.http.routers.good.rule",
            "Host(`good.example.test`)",
        ),
        ("traefik.http.services.good.loadbalancer.server.port", "80"),
    ]);
    ac.push(container(900, "good", good, 1));
    let vc: Vec<Arc<Container>> = victims()
        .into_iter()
        .enumerate()
        .map(|(i, (n, l))| container(1000 + i, &n, l, 100))
        .collect();
    let cfg = RouterConfig {
        base_domain: Some("example.test".into()),
        dynamic_ports: [10000, 10002],
        udp_ports: vec![5353],
        repositories: vec![
            RepoDecl {
                network_id: A,
                name: "attacker".into(),
                domains: vec![],
                max_resources: None,
                max_ports: None,
            },
            RepoDecl {
                network_id: V,
                name: "victim".into(),
                domains: vec![],
                max_resources: None,
                max_ports: None,
            },
        ],
        ..RouterConfig::default()
    };
    // The victim has been routing its custom hosts (and entrypoint, UDP port) before the
    // attacker showed up.
    let mut owners = Owners::default();
    for k in [
        "host:shop.example.test",
        "host:mail.example.test",
        "entrypoint:tcp-5432",
        "udp:udp-5353",
    ] {
        owners.owners.insert(
            k.into(),
            Owner {
                network_id: V,
                since: 50,
                released: None,
            },
        );
    }
    let views = [
        DaemonView {
            network_id: A,
            socket: "attacker".into(),
            listed: true,
            containers: &ac,
        },
        DaemonView {
            network_id: V,
            socket: "victim".into(),
            listed: true,
            containers: &vc,
        },
    ];
    let out = render::render(
        &cfg,
        &views,
        &State {
            ports: Default::default(),
            owners,
        },
        1_000_000,
    );
    // Every attack is refused, with a reason naming the container.
    let mut unexplained = Vec::new();
    for (name, _, what) in &attacks {
        let reasons: Vec<&str> = out
            .report
            .skipped
            .iter()
            .filter(|s| s.container.as_deref() == Some(name.as_str()))
            .map(|s| s.reason.as_str())
            .collect();
        if reasons.is_empty() {
            unexplained.push(format!("{name} ({what})"));
        }
    }
    assert!(
        unexplained.is_empty(),
        "attacks not refused: {unexplained:#?}\n{}",
        serde_json::to_string_pretty(&out.config).unwrap()
    );
    for r in out
        .report
        .http
        .iter()
        .chain(&out.report.tcp)
        .chain(&out.report.udp)
    {
        if r.network_id == A {
            assert_eq!(r.name, "good-9216", "an attack router was published: {r:?}");
        }
    }

    // Backends: the victim's, the attacker's, and Traefik's own admin entrypoint.
    let _b = [
        Backend::http("127.0.36.66:80", "victim-web"),
        Backend::http("127.0.36.67:80", "victim-shop"),
        Backend::http("127.0.36.68:80", "victim-mail"),
        Backend::http("127.0.36.69:5432", "victim-db"),
        Backend::http("127.0.36.70:6379", "victim-cache"),
        Backend::http(&format!("{ATTACKER_IP}:80"), "attacker"),
    ];
    let _u = UdpBackend::echo("127.0.36.71:5353", "victim-udp");
    let body = Arc::new(Mutex::new(render::to_yaml(&out.config)));
    let _provider = Backend::serving(&format!("{IP}:7111"), body);
    let conf = env.path().join("traefik.yml");
    std::fs::write(
        &conf,
        format!(
            r#"entryPoints:
  web: {{address: "{IP}:80"}}
  websecure: {{address: "{IP}:443"}}
  tcp-5432: {{address: "{IP}:5432"}}
  tcp-10000: {{address: "{IP}:10000"}}
  udp-5353: {{address: "{IP}:5353/udp"}}
  traefik: {{address: "{IP}:7112"}}
ping: {{entryPoint: traefik}}
api: {{insecure: true}}
global: {{checkNewVersion: false, sendAnonymousUsage: false}}
providers:
  http: {{endpoint: "http://{IP}:7111/routes.yaml", pollInterval: 200ms}}
log: {{level: INFO}}
"#
        ),
    )
    .unwrap();
    let mut cmd = Command::new(traefik_bin());
    cmd.arg(format!("--configFile={}", conf.display()));
    let mut traefik = Proc::spawn("traefik", cmd, env.path().join("traefik.log"));
    let web = format!("http://{IP}/");
    let get = |host: &str| curl_args(&["-H", &format!("Host: {host}"), &web]);
    wait_for(
        "Traefik to load the routes",
        Duration::from_secs(20),
        || {
            (get("good.example.test") == (200, "attacker".into())
                && get("shop.example.test").0 == 200)
                .then_some(())
        },
    );

    // The victim's names answer from the victim, in the spellings a client may send.
    assert_eq!(get("web-9280.example.test"), (200, "victim-web".into()));
    assert_eq!(get("WEB-9280.EXAMPLE.TEST."), (200, "victim-web".into()));
    assert_eq!(get("shop.example.test"), (200, "victim-shop".into()));
    assert_eq!(get("Shop.Example.Test."), (200, "victim-shop".into()));
    let mail = curl_args(&[
        "-k",
        "--resolve",
        &format!("mail.example.test:443:{IP}"),
        "https://mail.example.test/",
    ]);
    assert_eq!(mail, (200, "victim-mail".into()), "TLS cross-protocol");
    assert_eq!(
        curl_args(&[&format!("http://{IP}:5432/")]),
        (200, "victim-db".into())
    );
    assert_eq!(
        curl_args(&[&format!("http://{IP}:10000/")]),
        (200, "victim-cache".into())
    );
    assert_eq!(udp_ask(&format!("{IP}:5353"), "q"), "victim-udp");

    // The attacker gets nothing of anyone else's: every attack host is unrouted, and nothing
    // answers with the victim's bodies or Traefik's ping.
    let forbidden = [
        "victim-web",
        "victim-shop",
        "victim-mail",
        "victim-db",
        "victim-cache",
        "OK",
    ];
    for (name, _, what) in &attacks {
        let (status, body) = get(&format!("{name}.example.test"));
        assert!(
            !forbidden.contains(&body.as_str()),
            "{name} ({what}) reached {body:?}"
        );
        assert_eq!(status, 404, "{name} ({what}) is routed: {body:?}");
    }
    for path in ["/ping", "/api/rawdata"] {
        let (status, body) = curl_args(&[
            "-H",
            "Host: good.example.test",
            &format!("http://{IP}{path}"),
        ]);
        assert_eq!((status, body.as_str()), (200, "attacker"), "{path}");
    }
    assert!(traefik.alive(), "{}", traefik.log_text());
    let log = traefik.log_text();
    assert!(!log.contains("cannot decode"), "{log}");
    traefik.stop();
}

/// The offline render explains refused attacks on stderr, like `/routes.json` does.
#[test]
fn offline_render_says_why_attacks_are_refused() {
    let env = Env::new();
    let f = env.path().join("c.json");
    let inspect: Vec<serde_json::Value> = attacks()
        .into_iter()
        .take(30)
        .enumerate()
        .map(|(i, (n, mut l, _))| {
            l.insert("rediacc.network_id".into(), A.to_string());
            serde_json::json!({"Id": format!("{i:064}"), "Name": format!("/{n}"), "State": {"Status": "running"}, "Config": {"Labels": l}})
        })
        .collect();
    std::fs::write(&f, serde_json::to_string(&inspect).unwrap()).unwrap();
    let out = env
        .rdc(&[
            "route-server",
            "render",
            "--containers",
            f.to_str().unwrap(),
            "--base-domain",
            "example.test",
        ])
        .ok();
    assert!(
        out.stderr.contains("a01: http router a01r-9216: host web-9280.example.test is repository 9280's automatic host"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("rule \"HostRegexp(`.+`)\" can match any host"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("server scheme \"http://127.0.36.66:80/#\" is not one of"),
        "{}",
        out.stderr
    );
    assert!(
        !out.stdout.contains("web-9280.example.test"),
        "{}",
        out.stdout
    );
}

fn router_toml(dir: &std::path::Path, ip: &str, declared: &str) -> String {
    format!(
        r#"listen = "{ip}:7111"
sockets = "{}/s/docker-*.sock"
state_dir = "{}/state"
base_domain = "example.test"
claim_hold_secs = 300

[[repositories]]
network_id = 9472
name = "intruder"

[[repositories]]
network_id = 9536
name = "store"
{declared}
"#,
        dir.display(),
        dir.display()
    )
}

fn run_site(d: &Dockerd, name: &str, ip: &str, body: &str, labels: &[String]) {
    let mut args: Vec<String> = ["run", "-d", "--name", name, "--network", "host"]
        .map(String::from)
        .to_vec();
    for l in labels {
        args.push("-l".into());
        args.push(l.clone());
    }
    args.push(format!("rediacc.service_ip={ip}"));
    args.insert(args.len() - 1, "-l".into());
    args.extend(["rdc-test/busybox:1", "sh", "-c"].map(String::from));
    args.push(format!(
        "echo {body} > /www/index.html && exec httpd -f -p {ip}:8080 -h /www"
    ));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    d.docker_ok(&refs);
}

/// Live: a victim serving a custom host keeps it against a repository with a lower network id
/// claiming it in every spelling, across a route-server restart; a declared domain goes to its
/// repository even when another claimed it first, and confines that repository's catch-all.
#[test]
#[cfg_attr(
    any(rdc_missing_dockerd, rdc_missing_traefik),
    ignore = "requires dockerd and Traefik (tests/it/requires.rs; scripts/test installs them)"
)]
fn live_victim_keeps_its_host_and_declared_domains_hold() {
    let env = Env::new();
    let dir = env.path();
    let ip = "127.0.0.31";
    let (intruder, store) = std::thread::scope(|s| {
        let a = s.spawn(|| Dockerd::start(&dir.join("a"), &dir.join("s/docker-9472.sock")));
        let b = s.spawn(|| Dockerd::start(&dir.join("b"), &dir.join("s/docker-9536.sock")));
        (a.join().unwrap(), b.join().unwrap())
    });
    intruder.import_busybox();
    store.import_busybox();
    let svc = |n: &str| format!("traefik.http.services.{n}.loadbalancer.server.port=8080");
    run_site(
        &store,
        "shop",
        "127.0.37.66",
        "victim",
        &[
            "traefik.enable=true".into(),
            "traefik.http.routers.shop.rule=Host(`store.example.test`)".into(),
            svc("shop"),
        ],
    );
    let mut rs = route_server(dir, &router_toml(dir, ip, ""), "rs");
    let tconf = dir.join("traefik.yml");
    std::fs::write(
        &tconf,
        format!(
            "entryPoints:\n  web: {{address: \"{ip}:80\"}}\n  traefik: {{address: \"{ip}:7112\"}}\napi: {{insecure: true}}\nglobal: {{checkNewVersion: false, sendAnonymousUsage: false}}\nproviders:\n  providersThrottleDuration: 100ms\n  http: {{endpoint: \"http://{ip}:7111/routes.yaml\", pollInterval: 100ms, pollTimeout: 30s, headers: {{X-Rdc-Long-Poll: \"20\"}}}}\n"
        ),
    )
    .unwrap();
    let mut cmd = Command::new(traefik_bin());
    cmd.arg(format!("--configFile={}", tconf.display()));
    let mut traefik = Proc::spawn("traefik", cmd, dir.join("traefik.log"));
    let web = format!("http://{ip}/");
    let get = |host: &str| curl_args(&["-H", &format!("Host: {host}"), &web]);
    wait_for("the victim's site", Duration::from_secs(30), || {
        (get("store.example.test") == (200, "victim\n".into())).then_some(())
    });
    // The intruder (lower network id) claims the host in every spelling.
    let mut labels = vec!["traefik.enable=true".to_string(), svc("s")];
    for (i, rule) in spellings("store.example.test").iter().enumerate() {
        labels.push(format!("traefik.http.routers.r{i}.rule={rule}"));
        labels.push(format!("traefik.http.routers.r{i}.service=s"));
    }
    run_site(&intruder, "grab", "127.0.37.2", "intruder", &labels);
    let routes = || -> serde_json::Value {
        let (_, b) = curl_args(&[&format!("http://{ip}:7111/routes.json")]);
        serde_json::from_str(&b).unwrap_or_default()
    };
    let refused_for = |c: &str| -> usize {
        routes()["skipped"]
            .as_array()
            .map(|a| a.iter().filter(|s| s["container"] == c).count())
            .unwrap_or(0)
    };
    wait_for(
        "the intruder's claims refused",
        Duration::from_secs(20),
        || (refused_for("grab") == 8).then_some(()),
    );
    let skipped = routes()["skipped"].clone();
    assert!(
        skipped
            .to_string()
            .contains("belongs to repository store (9536)"),
        "{skipped}"
    );
    let t = Instant::now();
    while t.elapsed() < Duration::from_secs(3) {
        assert_eq!(get("store.example.test"), (200, "victim\n".into()));
        std::thread::sleep(Duration::from_millis(50));
    }
    // Ownership survives a restart of the route server.
    rs.stop();
    let mut rs = route_server(dir, &router_toml(dir, ip, ""), "rs2");
    wait_for(
        "the restarted route server",
        Duration::from_secs(20),
        || (refused_for("grab") == 8).then_some(()),
    );
    assert_eq!(get("store.example.test"), (200, "victim\n".into()));

    // The intruder claims pay.secure.example.test first and gets it...
    run_site(
        &intruder,
        "pay",
        "127.0.37.3",
        "intruder",
        &[
            "traefik.enable=true".into(),
            "traefik.http.routers.pay.rule=Host(`pay.secure.example.test`)".into(),
            svc("pay"),
        ],
    );
    // ...while the store has a catch-all rule, refused for now (no declared domain).
    run_site(
        &store,
        "wild",
        "127.0.37.67",
        "store-wild",
        &[
            "traefik.enable=true".into(),
            "traefik.http.routers.wild.rule=HostRegexp(`.+`)".into(),
            svc("wild"),
        ],
    );
    wait_for("the intruder's pay route", Duration::from_secs(20), || {
        (get("pay.secure.example.test") == (200, "intruder\n".into())).then_some(())
    });
    assert_eq!(get("any.secure.example.test").0, 404);
    // The operator declares *.secure.example.test for the store (what rdc repo set --domain
    // pushes): the route server re-reads router.toml, the intruder loses the name at once
    // (a declaration wins whatever the age), and the store's catch-all is confined to it.
    std::fs::write(
        dir.join("rs2.toml"),
        router_toml(dir, ip, "domains = [\"*.secure.example.test\"]"),
    )
    .unwrap();
    wait_for(
        "the declared domain to apply",
        Duration::from_secs(20),
        || (get("pay.secure.example.test") == (200, "store-wild\n".into())).then_some(()),
    );
    assert_eq!(get("any.secure.example.test"), (200, "store-wild\n".into()));
    assert_eq!(
        get("other.example.test").0,
        404,
        "the catch-all is confined"
    );
    assert_eq!(get("store.example.test"), (200, "victim\n".into()));
    assert!(
        routes()["skipped"]
            .to_string()
            .contains("is declared for repository store (9536)"),
        "{}",
        routes()
    );
    assert!(traefik.alive());
    rs.stop();
    traefik.stop();
}
