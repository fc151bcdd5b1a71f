//! The config store and the `rdc context` commands, through the real binary.

use std::os::unix::fs::PermissionsExt;

use crate::common::Env;

#[test]
fn first_context_becomes_current_and_lists() {
    let env = Env::new();
    env.rdc(&["context", "list"])
        .ok()
        .stderr_has("no contexts yet");
    env.rdc(&["context", "create", "prod"])
        .ok()
        .stderr_has("prod is now the current context");
    env.rdc(&["context", "create", "staging"]).ok();
    env.rdc(&["context", "current"]).ok().stdout_has("prod\n");
    let list = env.rdc(&["context", "list", "-o", "json"]).ok().json();
    assert_eq!(list[0]["name"], "prod");
    assert_eq!(list[0]["current"], true);
    assert_eq!(list[1]["current"], false);
    env.rdc(&["context", "use", "staging"]).ok();
    env.rdc(&["context", "current"]).ok().stdout_has("staging");
    // --context and RDC_CONTEXT select without changing the current one.
    env.rdc(&["--context", "prod", "context", "current"])
        .ok()
        .stdout_has("prod");
    let out = env
        .cmd()
        .args(["context", "current"])
        .env("RDC_CONTEXT", "prod")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "prod\n");
    env.rdc(&["context", "rename", "staging", "stage"]).ok();
    env.rdc(&["context", "current"]).ok().stdout_has("stage");
    env.rdc(&["context", "create", "prod"])
        .code(2)
        .stderr_has("already exists");
    let y = env.rdc(&["context", "show", "prod", "-o", "yaml"]).ok();
    assert!(y.stdout.contains("name: prod"), "{}", y.stdout);
}

#[test]
fn unknown_names_list_the_known_ones() {
    let env = Env::new().with_machine();
    env.rdc(&["--context", "nope", "context", "machines"])
        .code(3)
        .stderr_has("unknown context \"nope\"; known: t");
    env.rdc(&["context", "show-infra", "other"])
        .code(3)
        .stderr_has("known: m")
        .stderr_has("rdc context add-machine other");
    // A typo: the name it most likely meant.
    env.rdc(&["context", "show-infra", "M"])
        .code(3)
        .stderr_has("\"M\"; did you mean \"m\"? (known: m)");
    env.rdc(&["context", "use", "nope"]).code(3);
}

#[test]
fn delete_needs_confirmation_without_terminal() {
    let env = Env::new().with_machine();
    env.rdc(&["context", "delete", "t"])
        .code(7)
        .stderr_has("--yes");
    assert!(env.read_config().contains("[contexts.t]"));
    env.rdc(&["context", "delete", "t", "--yes"]).ok();
    assert!(!env.read_config().contains("contexts.t"));
    assert!(!env.read_config().contains("current"));
}

#[test]
fn machines_are_added_changed_and_removed() {
    let env = Env::new().with_machine();
    env.rdc(&[
        "context",
        "add-machine",
        "m",
        "--ip",
        "10.0.0.1",
        "--user",
        "root",
    ])
    .code(2)
    .stderr_has("already exists");
    env.rdc(&[
        "context",
        "add-machine",
        "x y",
        "--ip",
        "10.0.0.1",
        "--user",
        "root",
    ])
    .code(2)
    .stderr_has("invalid machine name");
    env.rdc(&[
        "context",
        "add-machine",
        "n",
        "--ip",
        "bad host!",
        "--user",
        "root",
    ])
    .code(2)
    .stderr_has("neither an IP address nor a host name");
    env.rdc(&[
        "context",
        "add-machine",
        "n",
        "--ip",
        "10.0.0.1",
        "--user",
        "root",
        "--port",
        "0",
    ])
    .code(2);
    env.rdc(&[
        "context",
        "add-machine",
        "n",
        "--ip",
        "host.example",
        "--user",
        "deploy",
        "--port",
        "2200",
        "--service-manager",
        "none",
    ])
    .ok();
    let rows = env.rdc(&["context", "machines", "-o", "json"]).ok().json();
    assert_eq!(rows[1]["name"], "n");
    assert_eq!(rows[1]["port"], 2200);
    assert_eq!(rows[1]["service_manager"], "none");
    env.rdc(&["context", "set-machine", "n"])
        .code(2)
        .stderr_has("nothing to change");
    env.rdc(&[
        "context",
        "set-machine",
        "n",
        "--port",
        "2201",
        "--service-manager",
        "systemd",
    ])
    .ok();
    let rows = env.rdc(&["context", "machines", "-o", "json"]).ok().json();
    assert_eq!(rows[1]["port"], 2201);
    assert_eq!(rows[1]["service_manager"], "systemd");
    env.rdc(&["context", "remove-machine", "n", "--yes"]).ok();
    assert!(!env.read_config().contains("machines.n"));
}

const SEED_FLAGS: &[&str] = &[
    "context",
    "set-infra",
    "m",
    "--public-ipv4",
    "203.0.113.50",
    "--base-domain",
    "example.com",
    "--cert-email",
    "admin@example.com",
    "--tcp-ports",
    "25,143,465,587,993",
    "--udp-ports",
    "53",
];

#[test]
fn set_infra_as_in_the_seeds_and_show_masks_the_token() {
    let env = Env::new().with_machine();
    env.rdc(SEED_FLAGS)
        .ok()
        .stderr_has("UDP 53 is pre-configured")
        .stderr_has("rdc context push-infra m");
    env.rdc_stdin(
        &["context", "set-infra", "m", "--cf-dns-token", "-"],
        "secret-cf-token-123\n",
    )
    .ok();
    let show = env.rdc(&["context", "show-infra", "m"]).ok();
    // Rows are `key:` and the value, aligned.
    let row = |key: &str| -> String {
        show.stdout
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .unwrap_or_else(|| panic!("no {key} row: {}", show.stdout))
            .trim()
            .to_string()
    };
    assert_eq!(row("cf_dns_token"), "***");
    assert_eq!(row("tcp_ports"), "25, 143, 465, 587, 993");
    assert_eq!(row("max_resources_per_repo"), "500 (default)");
    let j = env.rdc(&["context", "show-infra", "m", "-o", "json"]).ok();
    assert_eq!(j.json()["cf_dns_token"], "***");
    assert_eq!(j.json()["udp_ports"], serde_json::json!([]));
    for args in [
        vec!["context", "show-infra", "m", "-o", "yaml"],
        vec!["context", "render-infra", "m"],
        vec!["context", "render-infra", "m", "-o", "json"],
    ] {
        let o = env.rdc(&args).ok();
        assert!(
            !o.stdout.contains("secret-cf-token-123") && !o.stderr.contains("secret-cf-token-123")
        );
    }
    // The token is in the config (mode 0600) and in the env file render-infra --out writes.
    let mode = std::fs::metadata(env.config())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let out = env.path().join("out");
    env.rdc(&[
        "context",
        "render-infra",
        "m",
        "--out",
        out.to_str().unwrap(),
    ])
    .ok();
    let envfile = walk(&out)
        .into_iter()
        .find(|p| p.ends_with("traefik.env"))
        .unwrap();
    assert_eq!(
        std::fs::metadata(&envfile).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert!(
        std::fs::read_to_string(envfile)
            .unwrap()
            .contains("CF_DNS_API_TOKEN=secret-cf-token-123")
    );
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v
}

/// Every bad value: exit 2, a message naming the value and the fix, and the file untouched.
#[test]
fn bad_infra_values_change_nothing() {
    let env = Env::new().with_machine();
    env.rdc(SEED_FLAGS).ok();
    let before = env.read_config();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--public-ipv6", "203.0.113.7"],
            "pass it with --public-ipv4 203.0.113.7",
        ),
        (
            &["--public-ipv4", "2001:db8::1"],
            "pass it with --public-ipv6 2001:db8::1",
        ),
        (&["--public-ipv4", "300.1.1.1"], "not an IPv4 address"),
        (
            &["--base-domain", "https://example.com"],
            "--base-domain example.com",
        ),
        (&["--base-domain", "exa mple.com"], "not a valid domain"),
        (&["--base-domain", "localhost"], "single label"),
        (
            &["--cert-email", "admin.example.com"],
            "not an e-mail address",
        ),
        (&["--tcp-ports", "25,25"], "port 25 is listed twice"),
        (&["--tcp-ports", "80"], "web entrypoints"),
        (&["--tcp-ports", "443"], "web entrypoints"),
        (&["--tcp-ports", "7111"], "reserved"),
        (&["--udp-ports", "65536"], "out of range"),
        (&["--udp-ports", "dns"], "not a port number"),
        (&["--tcp-ports", ""], "--unset tcp-ports"),
        (
            &["--route-listen", "0.0.0.0:7111"],
            "not a loopback address",
        ),
        (
            &["--base-domain", "a.com", "--unset", "base-domain"],
            "both set and --unset",
        ),
        (&[], "nothing to change"),
    ];
    for (flags, msg) in cases {
        let mut args = vec!["context", "set-infra", "m"];
        args.extend_from_slice(flags);
        env.rdc(&args).code(2).stderr_has(msg);
        assert_eq!(env.read_config(), before, "config changed by {flags:?}");
    }
    env.set_infra("m", &["--unset", "bogus"]).code(2);
    // Moving the route server onto a port that is already an extra TCP port.
    env.set_infra("m", &["--route-listen", "127.0.0.1:993"])
        .code(2)
        .stderr_has("port 993 of tcp_ports");
    assert_eq!(env.read_config(), before);
}

#[test]
fn warnings_for_unusual_but_allowed_addresses() {
    let env = Env::new().with_machine();
    env.set_infra("m", &["--public-ipv4", "127.0.0.2", "--public-ipv6", "::1"])
        .ok()
        .stderr_has("loopback");
    let j = env
        .rdc(&["context", "show-infra", "m", "-o", "json"])
        .ok()
        .json();
    assert_eq!(j["public_ipv4"], "127.0.0.2");
    assert_eq!(j["public_ipv6"], "::1");
}

#[test]
fn unset_removes_fields_and_port_lists_are_replaced() {
    let env = Env::new().with_machine();
    env.rdc(SEED_FLAGS).ok();
    env.set_infra("m", &["--tcp-ports", "2525"]).ok();
    let j = env
        .rdc(&["context", "show-infra", "m", "-o", "json"])
        .ok()
        .json();
    assert_eq!(j["tcp_ports"], serde_json::json!([2525]));
    env.set_infra("m", &["--unset", "tcp-ports", "--unset", "cert_email"])
        .ok();
    let j = env
        .rdc(&["context", "show-infra", "m", "-o", "json"])
        .ok()
        .json();
    assert_eq!(j["tcp_ports"], serde_json::json!([]));
    assert_eq!(j["cert_email"], serde_json::Value::Null);
    assert_eq!(j["base_domain"], "example.com");
}

#[test]
fn comments_and_order_survive_edits() {
    let env = Env::new();
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    let original = r#"# My rdc config — hand-written.
current = "prod" # the one I use most

[contexts.prod]
# key for prod
ssh_key = "/root/.ssh/id_ed25519"

[contexts.prod.machines.web-1]
user = "root"     # user before ip on purpose
ip = "203.0.113.10"
port = 22

[contexts.prod.machines.web-1.infra]
base_domain = "old.example.com" # will change
public_ipv4 = "203.0.113.10"
"#;
    std::fs::write(env.config(), original).unwrap();
    env.set_infra("web-1", &["--base-domain", "new.example.com"])
        .ok();
    let after = env.read_config();
    assert!(
        after.starts_with(
            "# My rdc config — hand-written.\ncurrent = \"prod\" # the one I use most\n"
        ),
        "{after}"
    );
    assert!(after.contains("# key for prod\nssh_key"));
    assert!(
        after.contains("user = \"root\"     # user before ip on purpose\nip = \"203.0.113.10\"")
    );
    assert!(
        after.contains("base_domain = \"new.example.com\" # will change\npublic_ipv4"),
        "{after}"
    );
}

#[test]
fn config_with_a_secret_readable_by_others_is_refused() {
    let env = Env::new().with_machine();
    env.rdc_stdin(&["context", "set-infra", "m", "--cf-dns-token", "-"], "tok")
        .ok();
    std::fs::set_permissions(env.config(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let cfg = env.config();
    let fix = format!("chmod 600 {}", cfg.display());
    env.rdc(&["context", "show-infra", "m"])
        .code(4)
        .stderr_has(&fix);
    env.set_infra("m", &["--base-domain", "x.example.com"])
        .code(4);
    std::fs::set_permissions(env.config(), std::fs::Permissions::from_mode(0o600)).unwrap();
    env.rdc(&["context", "show-infra", "m"]).ok();
}

#[test]
fn broken_config_is_reported_with_its_path() {
    let env = Env::new();
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    std::fs::write(env.config(), "current = \n").unwrap();
    env.rdc(&["context", "list"])
        .code(4)
        .stderr_has("config.toml");
    std::fs::write(env.config(), "[contexts.a]\nsh_key = \"x\"\n").unwrap();
    env.rdc(&["context", "list"])
        .code(4)
        .stderr_has("unknown field");
}

/// Twenty processes change twenty different settings at the same moment; every change lands.
#[test]
fn twenty_concurrent_writers_lose_nothing() {
    let env = Env::new();
    env.rdc(&["context", "create", "c"]).ok();
    // Half of them add machines (new tables), half change one machine's settings.
    env.rdc(&[
        "context",
        "add-machine",
        "base",
        "--ip",
        "10.0.0.1",
        "--user",
        "root",
    ])
    .ok();
    let mut children = Vec::new();
    for i in 0..20 {
        let mut cmd = env.cmd();
        if i % 2 == 0 {
            cmd.args([
                "context",
                "add-machine",
                &format!("m{i}"),
                "--ip",
                &format!("10.0.1.{i}"),
                "--user",
                "root",
            ]);
        } else {
            cmd.args([
                "context",
                "add-machine",
                &format!("m{i}"),
                "--ip",
                &format!("10.0.2.{i}"),
                "--user",
                "ops",
                "--port",
                &format!("{}", 2000 + i),
            ]);
        }
        children.push(
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap(),
        );
    }
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let mut children = Vec::new();
    for i in 0..20 {
        let mut cmd = env.cmd();
        cmd.args([
            "context",
            "set-infra",
            &format!("m{i}"),
            "--base-domain",
            &format!("d{i}.example.com"),
            "--public-ipv4",
            &format!("198.51.100.{i}"),
        ]);
        children.push(
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .unwrap(),
        );
    }
    for c in children {
        assert!(c.wait_with_output().unwrap().status.success());
    }
    let rows = env.rdc(&["context", "machines", "-o", "json"]).ok().json();
    assert_eq!(rows.as_array().unwrap().len(), 21);
    for i in 0..20 {
        let j = env
            .rdc(&["context", "show-infra", &format!("m{i}"), "-o", "json"])
            .ok()
            .json();
        assert_eq!(j["base_domain"], format!("d{i}.example.com"));
        assert_eq!(j["public_ipv4"], format!("198.51.100.{i}"));
    }
    // No temporary file was left behind.
    let leftovers: Vec<_> = std::fs::read_dir(env.config().parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rdc-tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn broken_pipe_exits_zero() {
    let env = Env::new().with_machine();
    env.rdc(SEED_FLAGS).ok();
    // `rdc … | head -c0`: the reader is gone before rdc writes. rdc must exit 0 quietly,
    // neither panic nor print an error.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = env
        .cmd()
        .args(["context", "render-infra", "m"])
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn admin_listen_must_differ_from_the_route_server() {
    let env = Env::new().with_machine();
    env.set_infra("m", &["--public-ipv4", "203.0.113.5"]).ok();
    let before = env.read_config();
    env.set_infra("m", &["--admin-listen", "127.0.0.1:7111"])
        .code(2)
        .stderr_has("--admin-listen 127.0.0.1:7111 is also the route server's address");
    env.set_infra(
        "m",
        &[
            "--route-listen",
            "127.0.0.1:7300",
            "--admin-listen",
            "127.0.0.1:7300",
        ],
    )
    .code(2);
    assert_eq!(env.read_config(), before);
}

#[test]
fn server_paths_that_systemd_or_sh_would_misread_are_refused() {
    let env = Env::new().with_machine();
    let before = env.read_config();
    for bad in [
        "/srv/50%",
        "/srv/$HOME",
        "/srv/it's",
        "/srv/a b",
        "/srv/a\\b",
        "/srv/\"x\"",
        "srv",
        "/srv/../etc",
    ] {
        env.rdc(&["context", "set-machine", "m", "--datastore", bad])
            .code(2)
            .stderr_has("--datastore");
        env.rdc(&["context", "set-machine", "m", "--prefix", bad])
            .code(2)
            .stderr_has("--prefix");
    }
    assert_eq!(env.read_config(), before);
    for bad in ["999.1.1.1", "203.0.113.500", "1.2.3"] {
        env.rdc(&["context", "set-machine", "m", "--ip", bad])
            .code(2)
            .stderr_has("not a valid IPv4 address");
    }
}

#[test]
fn hand_edited_config_is_validated_on_load() {
    let env = Env::new().with_machine();
    let text = env.read_config() + "[contexts.t.machines.m.infra]\nbase_domain = \"bad..domain\"\n";
    std::fs::write(env.config(), text).unwrap();
    env.rdc(&["context", "machines"])
        .code(4)
        .stderr_has("contexts.t.machines.m.infra.base_domain")
        .stderr_has("bad..domain");
    let text = env
        .read_config()
        .replace("bad..domain", "example.com")
        .replace(
            "[contexts.t.machines.m.infra]",
            "[contexts.t.machines.m.infra]\nroute_listen = \"127.0.0.1:7112\"",
        );
    std::fs::write(env.config(), text).unwrap();
    env.rdc(&["context", "machines"])
        .code(4)
        .stderr_has("is also the route server's address");
}

#[test]
fn symlinked_config_is_updated_through_the_link_and_leftovers_are_removed() {
    let env = Env::new();
    let real_dir = env.path().join("dotfiles");
    std::fs::create_dir_all(&real_dir).unwrap();
    std::fs::create_dir_all(env.config().parent().unwrap()).unwrap();
    let real = real_dir.join("rdc.toml");
    std::fs::write(&real, "# mine\n").unwrap();
    std::os::unix::fs::symlink(&real, env.config()).unwrap();
    // A writer killed half-way left its temporary file next to the target.
    let stale = real_dir.join(".rdc-tmp-rdc.toml.AbCdEf");
    std::fs::write(&stale, "half").unwrap();
    env.rdc(&["context", "create", "prod"]).ok();
    assert!(
        std::fs::symlink_metadata(env.config())
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link was replaced by a file"
    );
    let text = std::fs::read_to_string(&real).unwrap();
    assert!(
        text.contains("# mine") && text.contains("[contexts.prod]"),
        "{text}"
    );
    assert!(
        !stale.exists(),
        "the leftover temporary file is still there"
    );
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
#[cfg_attr(
    rdc_missing_root,
    ignore = "requires root (tests/it/requires.rs; scripts/test installs them)"
)]
fn read_only_config_directory_is_a_config_error() {
    let env = Env::new().with_machine();
    let dir = env.config().parent().unwrap().to_path_buf();
    let before = env.read_config();
    let _ro = crate::common::ReadOnlyMount::new(&dir);
    env.rdc(&["context", "create", "other"])
        .code(4)
        .stderr_has("nothing was changed");
    drop(_ro);
    assert_eq!(env.read_config(), before);
}

/// Addresses that look numeric must be valid; a host name that does not resolve is kept with a
/// warning; an SSH key must be a private key OpenSSH reads (a passphrase is warned about).
/// Every refusal changes nothing.
#[test]
fn addresses_and_keys_are_checked_with_exact_messages() {
    let env = Env::new();
    env.rdc(&["context", "create", "t"]).ok();
    let before = env.read_config();
    env.rdc(&[
        "context",
        "add-machine",
        "a",
        "--ip",
        "999.1.1.1",
        "--user",
        "root",
    ])
    .code(2)
    .stderr_has(
        "rdc: --ip \"999.1.1.1\" is not a valid IPv4 address (each of the four numbers is 0-255)",
    );
    env.rdc(&[
        "context",
        "add-machine",
        "a",
        "--ip",
        "203.0.113.500",
        "--user",
        "root",
    ])
    .code(2)
    .stderr_has("rdc: --ip \"203.0.113.500\" is not a valid IPv4 address");
    env.rdc(&["context", "set-ssh", "--ssh-key", "/etc/hostname"])
        .code(2)
        .stderr_has("rdc: --ssh-key /etc/hostname is not an SSH private key (it has no -----BEGIN … PRIVATE KEY----- armour)");
    let key = env.path().join("id_test");
    assert!(
        std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "", "-f"])
            .arg(&key)
            .status()
            .unwrap()
            .success()
    );
    let public = key.with_extension("pub");
    env.rdc(&["context", "set-ssh", "--ssh-key", public.to_str().unwrap()])
        .code(2)
        .stderr_has("is a public key; give the private key (the same path without .pub)");
    assert_eq!(
        env.read_config(),
        before,
        "a refused value changed the config"
    );
    let locked = env.path().join("id_locked");
    assert!(
        std::process::Command::new("ssh-keygen")
            .args(["-q", "-t", "ed25519", "-N", "a passphrase", "-f"])
            .arg(&locked)
            .status()
            .unwrap()
            .success()
    );
    env.rdc(&["context", "set-ssh", "--ssh-key", locked.to_str().unwrap()])
        .ok()
        .stderr_has("is protected by a passphrase; rdc's SSH runs without prompts, so load it into your agent first: ssh-add");
    env.rdc(&["context", "set-ssh", "--ssh-key", key.to_str().unwrap()])
        .ok();
    env.rdc(&["context", "add-machine", "h", "--ip", "no-such-host.invalid", "--user", "root"])
        .ok()
        .stderr_has("warning: no-such-host.invalid does not resolve from here; it is stored as given, and looked up again at every connection (fix a typo with: rdc context set-machine h --ip ADDRESS)");
}
