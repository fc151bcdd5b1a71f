//! The committed completion scripts under `completions/` must match what `rdc completions`
//! prints. Regenerate with: RDC_UPDATE_COMPLETIONS=1 cargo test completions

use crate::common::{Env, repo_root};

#[test]
fn committed_completions_are_current() {
    let env = Env::new();
    let update = std::env::var_os("RDC_UPDATE_COMPLETIONS").is_some();
    let mut stale = Vec::new();
    for (shell, file) in [
        ("bash", "rdc.bash"),
        ("zsh", "_rdc"),
        ("fish", "rdc.fish"),
        ("elvish", "rdc.elv"),
        ("powershell", "_rdc.ps1"),
    ] {
        let out = env.rdc(&["completions", shell]).ok();
        assert!(out.stdout.contains("rdc"), "{shell}: empty script");
        let path = repo_root().join("completions").join(file);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &out.stdout).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(out.stdout.as_str()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "stale completion scripts {stale:?}; regenerate with: RDC_UPDATE_COMPLETIONS=1 cargo test completions"
    );
}

#[test]
fn bash_completion_script_loads() {
    let path = repo_root().join("completions/rdc.bash");
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(format!("source {} && complete -p rdc", path.display()))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn unknown_shell_is_a_usage_error() {
    Env::new().rdc(&["completions", "tcsh"]).code(2);
}

/// Help and completions offer no hidden command (the server-side `host` helpers), no empty
/// environment value, and every argument has a description.
#[test]
fn no_hidden_or_empty_items() {
    let env = Env::new();
    let bash = env.rdc(&["completions", "bash"]).ok().stdout;
    assert!(!bash.contains("rdc,host"), "bash offers `host`");
    let zsh = env.rdc(&["completions", "zsh"]).ok().stdout;
    assert!(!zsh.contains("'host:"), "zsh offers `host`");
    let fish = env.rdc(&["completions", "fish"]).ok().stdout;
    assert!(!fish.contains("-a \"host\""), "fish offers `host`");
    let help = env.rdc(&["--help"]).ok().stdout;
    assert!(!help.contains("  host "), "{help}");
    for args in [
        vec!["--help"],
        vec!["repo", "up", "--help"],
        vec!["context", "set-infra", "--help"],
    ] {
        let h = env.rdc(&args).ok().stdout;
        assert!(
            !h.contains("=]"),
            "an empty env value is shown in {args:?}:\n{h}"
        );
    }
    let h = env.rdc(&["repo", "up", "--help"]).ok().stdout;
    assert!(
        h.contains("[NAME]...") && h.contains("The repositories"),
        "{h}"
    );
}
