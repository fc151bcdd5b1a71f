//! `rdc repo delete`.

use anyhow::Result;
use clap::Args;

use super::{emit, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::printer::Printer;
use crate::repo;

/// Delete a repository: its containers, daemon, image and state on the server, then its entry
///
/// Example: rdc repo delete my-app
///
/// Stops its containers and its Docker daemon, unmounts and removes its image and its state on
/// the server, then removes it from the config (its network id is free again) and its declared
/// domains from the machine's router.toml. Asks first on a terminal, showing the name, the
/// machine and the size; without a terminal it needs --yes. A repository already gone on the
/// server is removed from the config with a note.
#[derive(Debug, Args)]
pub struct Delete {
    /// The repository (or, with --orphan, the GUID of an image the config does not know)
    #[arg(value_name = "NAME")]
    pub name: String,
    /// NAME is the GUID of an orphaned image (see rdc repo list --live); needs -m
    #[arg(long, requires = "machine")]
    pub orphan: bool,
    /// The machine of an orphaned image
    #[arg(short = 'm', long = "machine", value_name = "MACHINE")]
    pub machine: Option<String>,
    /// Seconds the containers get to stop before they are killed
    #[arg(long, value_name = "SECS", default_value_t = crate::repo::host::DEFAULT_STOP_TIMEOUT)]
    pub timeout: u64,
}

impl Run for Delete {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let store = g.store()?;
        if self.orphan {
            let machine = self.machine.as_deref().unwrap_or_default();
            let s = runtime()?.block_on(repo::delete::delete_orphan(
                &store,
                g.context.as_deref(),
                &self.name,
                machine,
                self.timeout,
                p,
            ))?;
            p.done(format!("removed image {} from {machine}", self.name));
            return emit(g, &s);
        }
        let d = runtime()?.block_on(repo::delete::delete(
            &store,
            g.context.as_deref(),
            &self.name,
            self.timeout,
            p,
        ))?;
        if let repo::RouterPush::Updated(path) = &d.router {
            p.note(format!("its declared domains were removed from {path}"));
        }
        p.done(if d.existed {
            format!("deleted repository {}", self.name)
        } else {
            format!("removed repository {} from the config", self.name)
        });
        emit(g, &d.status)
    }
}
