//! `rdc repo create`.

use anyhow::Result;
use clap::Args;

use super::{emit, runtime};
use crate::cli::{GlobalArgs, Run};
use crate::context as ctxmod;
use crate::printer::Printer;
use crate::repo;
use std::path::PathBuf;

/// Create a repository on a machine: an image, a network id, a credential
///
/// Example: rdc repo create my-app -m server-1 --size 10G --from examples/full-example
#[derive(Debug, Args)]
pub struct Create {
    /// The repository's name: letters, digits, `-`, `_` (unique in the context)
    pub name: String,
    /// Machine that hosts it
    #[arg(short = 'm', long = "machine", value_name = "MACHINE")]
    pub machine: String,
    /// Size of the (sparse) image, e.g. 10G or 500M
    #[arg(long, default_value = "10G")]
    pub size: String,
    /// Do not encrypt the image (LUKS needs device-mapper on the server); the repository is
    /// then stored in plain text, and `repo status` says so
    #[arg(long)]
    pub no_encrypt: bool,
    /// Put the files of this local directory (compose files, Rediaccfile…) into the new repository
    #[arg(long, value_name = "DIR")]
    pub from: Option<PathBuf>,
    /// A host name only this repository may route (repeatable; `*.example.com` covers every
    /// name below example.com). Other repositories' claims on it are refused
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Create the image even when the datastore cannot hold every image at full size (images
    /// are sparse; when the datastore fills, a repository's filesystem turns read-only and
    /// loses writes). Recorded on the server and shown by repo status
    #[arg(long)]
    pub overcommit: bool,
}

impl Run for Create {
    fn run(self, g: &GlobalArgs, p: &Printer) -> Result<()> {
        let files = match &self.from {
            Some(d) => {
                let (files, notes) = repo::collect_files(d)?;
                notes.iter().for_each(|n| p.note(n));
                files
            }
            None => Vec::new(),
        };
        let store = g.store()?;
        let s = runtime()?.block_on(repo::create(
            &store,
            g.context.as_deref(),
            repo::NewRepo {
                name: &self.name,
                machine: &self.machine,
                size: &self.size,
                encrypt: !self.no_encrypt,
                files,
                domains: self.domains.clone(),
                overcommit: self.overcommit,
            },
            p,
        ))?;
        p.done(format!(
            "created repository {} on {} (network {} = {}, {})",
            self.name,
            self.machine,
            s.network_id,
            s.network,
            if s.encrypted {
                "encrypted"
            } else {
                "not encrypted"
            }
        ));
        if !self.domains.is_empty() {
            let cfg = store.load()?;
            let (_, c) = ctxmod::selected(&cfg, g.context.as_deref())?;
            let pushed = runtime()?.block_on(repo::push_router_toml(c, &self.machine, p))?;
            super::report_router_push(p, &self.machine, &pushed);
        }
        p.note(format!("start it with: rdc repo up {} --mount", self.name));
        emit(g, &s)
    }
}
