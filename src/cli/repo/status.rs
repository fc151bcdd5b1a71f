//! `rdc repo status`.

use anyhow::Result;

use super::{runtime, services};
use crate::cli::GlobalArgs;
use crate::contract::host::Action;
use crate::output;
use crate::printer::Printer;
use crate::repo;
use crate::repo::Target;

pub(super) fn run(g: &GlobalArgs, p: &Printer, name: &str, machine: Option<&str>) -> Result<()> {
    let t = Target::resolve(&g.store()?, g.context.as_deref(), name, machine)?;
    let s = runtime()?.block_on(repo::call(&t, Action::Status, &t.job(), p))?;
    output::emit(g.output, &s, || {
        Ok(output::record(&[
            ("name", s.name.clone()),
            ("machine", t.machine_name.clone()),
            ("network", format!("{} ({})", s.network_id, s.network)),
            (
                "encrypted",
                if s.encrypted {
                    "yes (LUKS)".into()
                } else {
                    "NO (created with --no-encrypt)".into()
                },
            ),
            (
                "image",
                format!(
                    "{} ({} MiB used of {} MiB{})",
                    s.image,
                    s.image_used_bytes >> 20,
                    s.image_size_bytes >> 20,
                    if s.overcommit {
                        "; over-committed: created with --overcommit, the datastore may not hold it"
                    } else {
                        ""
                    }
                ),
            ),
            (
                "mounted",
                if s.mounted {
                    s.mount.clone()
                } else {
                    "no".into()
                },
            ),
            (
                "daemon",
                if s.daemon_running {
                    s.socket.clone()
                } else {
                    "stopped".into()
                },
            ),
            ("containers", s.containers_running.to_string()),
            ("services", services(&s)),
        ]))
    })
}
