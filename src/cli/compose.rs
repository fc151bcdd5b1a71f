//! `rdc compose -- ARGS`: compose on a repository's daemon, on the rewritten project (see the
//! `compose` module). Meant to be called from Rediaccfiles on a server.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::{GlobalArgs, Run};
use crate::error::remote;
use crate::printer::Printer;

/// Run docker compose against the repository's own daemon, on a project rewritten for it:
/// host networking, `ports:` dropped, rediacc.* labels and SERVICE_IP injected. Settings that
/// lead out of the repository (host paths outside it, devices, dangerous capabilities, host
/// namespaces, privileged, disabled seccomp/AppArmor) are refused unless --unsafe, one line per
/// finding; nothing is started then.
///
/// Example (in a Rediaccfile): up() { rdc compose -- up -d; }
#[derive(Debug, Args)]
#[command(verbatim_doc_comment)]
pub struct Compose {
    /// Repository root [default: $REPOSITORY_PATH, else the nearest directory with .rediacc.json]
    #[arg(long, value_name = "DIR")]
    pub repo_dir: Option<PathBuf>,
    /// Allow settings that lead out of the repository (each is still printed as a warning)
    #[arg(long = "unsafe")]
    pub unsafe_ok: bool,
    /// Arguments for compose, after `--` (up -d, down, pull, ps…)
    #[arg(last = true, required = true, value_name = "ARGS")]
    pub args: Vec<String>,
}

impl Run for Compose {
    fn run(self, _g: &GlobalArgs, p: &Printer) -> Result<()> {
        let code = crate::compose::run(self.repo_dir, self.unsafe_ok, &self.args, p)?;
        if code != 0 {
            return Err(remote(format!(
                "compose {} exited with {code}",
                self.args.join(" ")
            )));
        }
        Ok(())
    }
}
