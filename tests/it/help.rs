//! Help text: every command's `--help` works through the real binary, and the top-level help
//! is snapshotted so changes to it are reviewed. (That every command and argument *has* a
//! description is checked on the clap tree by a unit test in `src/cli/mod.rs`.)

use crate::common::Env;

#[test]
fn every_subcommand_help_runs() {
    let env = Env::new();
    let mut todo = vec![Vec::<String>::new()];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let text = env.rdc(&args).ok().stdout;
        seen += 1;
        let mut in_cmds = false;
        for line in text.lines() {
            if line == "Commands:" {
                in_cmds = true;
            } else if !line.starts_with("  ") {
                in_cmds = false;
            } else if in_cmds && !line.starts_with("   ") {
                let name = line
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches(',');
                if name != "help" {
                    let mut p = path.clone();
                    p.push(name.to_string());
                    todo.push(p);
                }
            }
        }
    }
    assert!(seen > 15, "only {seen} help pages");
}

#[test]
fn top_level_help() {
    let out = Env::new().rdc(&["--help"]).ok();
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn version() {
    Env::new()
        .rdc(&["--version"])
        .ok()
        .stdout_has(env!("CARGO_PKG_VERSION"));
}

/// `--help` shows each command's whole description, not only its one-line summary (a summary on
/// the enum variant used to replace the command's long text).
#[test]
fn long_help_shows_the_whole_description() {
    let env = Env::new();
    for (args, text) in [
        (
            vec!["context", "dns", "--help"],
            "managed by rdc for machine NAME",
        ),
        (vec!["context", "set-infra", "--help"], "Example:"),
        (
            vec!["context", "push-infra", "--help"],
            "one failing machine does",
        ),
        (vec!["repo", "delete", "--help"], "Delete a repository"),
        (
            vec!["repo", "up", "--help"],
            "one failing does not stop the others",
        ),
    ] {
        let h = env.rdc(&args).ok().stdout;
        assert!(h.contains(text), "{args:?} lacks {text:?}:\n{h}");
    }
}

/// A command's own options come first; the global ones under their own heading, once, with a
/// `--config` note that fits every command; an unset environment variable shows no `=`.
#[test]
fn global_options_stand_apart() {
    let env = Env::new();
    let h = env.rdc(&["repo", "up", "--help"]).ok().stdout;
    let own = h.find("\nOptions:").expect("own options");
    let global = h
        .find("\nGlobal options:")
        .expect("a Global options heading");
    assert!(own < global, "{h}");
    let (mine, globals) = h.split_at(global);
    for flag in [
        "--context <NAME>",
        "--config <PATH>",
        "--output",
        "--quiet",
        "--yes",
    ] {
        assert!(
            !mine.contains(flag) && globals.contains(flag),
            "{flag}:\n{h}"
        );
    }
    assert!(mine.contains("--mount"), "{h}");
    assert!(
        !h.contains("router.toml"),
        "the route server's note on every command:\n{h}"
    );
    let rs = env.rdc(&["route-server", "--help"]).ok().stdout;
    assert!(rs.contains("names its router.toml"), "{rs}");
    let push = env
        .cmd()
        .env_remove("RDC_TRAEFIK_MIRROR")
        .args(["context", "push-infra", "--help"])
        .output()
        .unwrap();
    let push = String::from_utf8_lossy(&push.stdout);
    assert!(
        push.contains("[env: RDC_TRAEFIK_MIRROR]") && !push.contains("RDC_TRAEFIK_MIRROR="),
        "{push}"
    );
}
