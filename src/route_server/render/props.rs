//! Property test: arbitrary labels (known fields, random keys, hostile values) always render a
//! configuration that round-trips through YAML, holds no empty map, is byte-stable and passes
//! the schema guard.

use super::*;
use crate::contract::NetworkId;
use proptest::prelude::*;

fn key_strategy() -> impl Strategy<Value = String> {
    let leaves: Vec<String> = crate::route_server::labels::schema::Schema::get()
        .leaves("Root")
        .into_iter()
        .map(|(p, _)| p.join("."))
        .collect();
    let known = proptest::sample::select(leaves).prop_map(|p| format!("traefik.{p}"));
    let names = proptest::sample::select(vec!["a", "B", "web", "{name}", "x@docker", ""]);
    let prefixes = proptest::sample::select(vec![
        "traefik.http.routers.",
        "traefik.http.services.",
        "traefik.http.middlewares.",
        "traefik.tcp.routers.",
        "traefik.tcp.services.",
        "traefik.udp.routers.",
        "traefik.udp.services.",
        "Traefik.http.",
        "traefik.",
        "rediacc.",
    ]);
    let random =
        (prefixes, names, "[a-zA-Z.\\[\\]0-9]{0,24}").prop_map(|(p, n, t)| format!("{p}{n}.{t}"));
    let rediacc = proptest::sample::select(vec![
        "rediacc.service_name",
        "rediacc.service_ip",
        "rediacc.network_id",
        "rediacc.service_port",
        "rediacc.tcp_ports",
        "rediacc.udp_ports",
        "traefik.enable",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        4 => known.prop_map(|k| k.replace("{name}", "n")),
        2 => random,
        3 => rediacc,
    ]
}

fn value_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(vec![
            "true",
            "false",
            "",
            "80",
            "5432,8080",
            "127.0.11.2",
            "127.0.11.70",
            "2816",
            "2880",
            "Host(`a.example.com`)",
            "PathPrefix(`/`)",
            "HostSNI(`*`)",
            "web, websecure",
            "10s",
            "http://127.0.11.3:80",
            "x@file",
            "tcp-10001",
            "traefik",
            "yes",
            "~",
            "null",
            "[a]",
            "{b: c}",
            "- d",
            "# e",
            "0x10",
            "1e3",
            "\"q\"",
            "'",
            "a: b",
            "udp-53",
        ])
        .prop_map(str::to_string),
        ".{0,16}",
    ]
}

fn walk_no_empty(v: &Value, path: &str) -> Result<(), String> {
    if let Some(o) = v.as_object() {
        for (k, c) in o {
            let p = format!("{path}.{k}");
            // Only Traefik's allow-empty sections may be `{}`.
            let allow_empty = matches!(
                k.as_str(),
                "tls" | "compress" | "contentType" | "sticky" | "cookie" | "ipStrategy"
            );
            if c.as_object().is_some_and(|m| m.is_empty()) && !allow_empty {
                return Err(format!("empty map at {p}"));
            }
            walk_no_empty(c, &p)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_labels_render_parseable_output(
        containers in proptest::collection::vec(
            (proptest::collection::btree_map(key_strategy(), value_strategy(), 0..12), any::<bool>(), 0u8..3),
            1..5,
        ),
        net in proptest::sample::select(vec![2816u32, 2880]),
    ) {
        let cs: Vec<Arc<Container>> = containers
            .into_iter()
            .enumerate()
            .map(|(i, (labels, running, health))| {
                let health = [None, Some("healthy".to_string()), Some("starting".to_string())][health as usize].clone();
                Arc::new(Container::new(format!("{i:012}"), format!("c{i}"), labels, if running { "running" } else { "exited" }, health, 0))
            })
            .collect();
        let cfg = RouterConfig { base_domain: Some("example.com".into()), cert_resolver: Some("letsencrypt".into()), ipv6: true, udp_ports: vec![53], ..RouterConfig::default() };
        let views = [
            DaemonView { network_id: NetworkId(net), socket: "/s".into(), listed: true, containers: &cs },
            DaemonView { network_id: NetworkId(6336), socket: "/t".into(), listed: true, containers: &cs },
        ];
        let out = render(&cfg, &views, &State::default(), 1_000_000);
        let yaml = to_yaml(&out.config);
        let back: Value = serde_saphyr::from_str(&yaml).map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        prop_assert_eq!(&back, &out.config, "YAML round trip differs:\n{}", yaml);
        walk_no_empty(&out.config, "").map_err(TestCaseError::fail)?;
        // Rendering again gives the same bytes.
        let again = render(&cfg, &views, &State::default(), 1_000_000);
        prop_assert_eq!(to_yaml(&again.config), yaml);
        // Every router's service exists.
        for proto in ["http", "tcp", "udp"] {
            if let Some(rs) = out.config[proto]["routers"].as_object() {
                for r in rs.values() {
                    let s = r["service"].as_str().unwrap();
                    prop_assert!(s == super::scope::NOOP || out.config[proto]["services"][s].is_object(), "dangling {}", s);
                }
            }
        }
    }
}

fn line_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => (key_strategy(), value_strategy()).prop_map(|(k, v)| format!("{k}={v}")),
        1 => Just("---".to_string()),
        1 => "[0-3]".prop_map(|n| format!("@{n}")),
        1 => proptest::sample::select(vec!["!stopped", "!starting"]).prop_map(str::to_string),
    ]
}

/// The fuzz harness on stable: `RDC_FUZZ_CASES=200000 cargo test --release fuzz_harness` runs it
/// for minutes (scripts/bench/fuzz.sh); the default keeps the suite fast.
#[test]
fn fuzz_harness_holds_its_invariants() {
    let cases = std::env::var("RDC_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(
            &proptest::collection::vec(line_strategy(), 0..40),
            |lines| {
                super::fuzz_one(&lines.join("\n")).map_err(TestCaseError::fail)?;
                Ok(())
            },
        )
        .unwrap();
    // The kept corpus passes too.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/labels_render");
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let text = String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned();
        if let Err(err) = super::fuzz_one(&text) {
            panic!("{}: {err}", e.path().display());
        }
    }
}
