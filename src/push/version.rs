//! The server's rdc, asked what it is (`rdc host version`) without changing it: what repo
//! commands check before they run, and what push-infra checks before it would downgrade.

use anyhow::Result;

use crate::context::Machine;
use crate::contract::call::Call;
use crate::contract::host::ServerVersion;
use crate::error::usage;
use crate::progress::Progress;
use crate::ssh::Remote;
use crate::ssh::call::Called;

/// What the server's rdc says of itself (`rdc host version`): None when no rdc is installed;
/// protocol 0 for an rdc older than that command. Changes nothing on the server.
pub(crate) async fn server_version(r: &Remote, m: &Machine) -> Result<Option<ServerVersion>> {
    let bin = crate::contract::paths::ServerPaths::new(&m.prefix).rdc_bin();
    match r.call::<ServerVersion>(&bin, &Call::Version, None).await? {
        Called::Answer(v) => Ok(Some(v)),
        Called::NotInstalled => Ok(None),
        Called::Failed { .. } => Ok(Some(ServerVersion {
            version: "(older than `rdc host version`)".into(),
            protocol: 0,
        })),
    }
}

/// Before a repo command: the server's rdc must speak this host protocol. Nothing on the server
/// changes here: an rdc that is missing or speaks another protocol is refused with the command
/// that installs it (push-infra); another version of the same protocol is only reported.
pub(crate) async fn check_server_rdc(r: &Remote, m: &Machine, p: &dyn Progress) -> Result<()> {
    let this = ServerVersion::this();
    let name = &r.name;
    let bin = crate::contract::paths::ServerPaths::new(&m.prefix).rdc_bin();
    match server_version(r, m).await? {
        None => Err(usage(format!(
            "rdc is not installed on {name} ({bin}); install it with: rdc context push-infra {name}"
        ))),
        Some(v) if v.protocol != this.protocol => Err(usage(format!(
            "{name} runs rdc {} (host protocol {}), this rdc {} speaks protocol {}; upgrade the server with: rdc context push-infra {name}",
            v.version, v.protocol, this.version, this.protocol
        ))),
        Some(v) if v.version != this.version => {
            p.warn(&format!(
                "{name} runs rdc {}, this is rdc {}; upgrade it with: rdc context push-infra {name}",
                v.version, this.version
            ));
            Ok(())
        }
        Some(_) => Ok(()),
    }
}
