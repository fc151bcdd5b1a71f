//! What `rdc compose` adds to every service beyond labels and addresses: `CAP_NET_RAW` dropped,
//! and, when the repository is isolated, the service's slot cgroup with its programs
//! (docs/isolation.md).

use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Value, json};

use super::slots::Slots;
use crate::contract::NetworkId;
use crate::error::usage;

/// Raw and packet sockets would see and forge any traffic of the host's network namespace:
/// `CAP_NET_RAW` is dropped from every service (`--unsafe` keeps it).
pub(crate) fn drop_net_raw(project: &mut Value) {
    let Some(svcs) = project.get_mut("services").and_then(Value::as_object_mut) else {
        return;
    };
    for svc in svcs.values_mut() {
        let Some(s) = svc.as_object_mut() else {
            continue;
        };
        let drop = s.entry("cap_drop").or_insert_with(|| json!([]));
        if let Some(list) = drop.as_array_mut()
            && !list.iter().any(|c| {
                c.as_str().is_some_and(|c| {
                    matches!(
                        c.to_ascii_uppercase().as_str(),
                        "NET_RAW" | "CAP_NET_RAW" | "ALL"
                    )
                })
            })
        {
            list.push(json!("NET_RAW"));
        }
    }
}

/// When the repository is isolated (`rdc repo up` says where its cgroups are, through
/// `RDC_CGROUP_ROOT`/`RDC_CGROUP_NAME`): each service's slot cgroup gets its programs now,
/// before compose starts anything, and the service's containers are parented there.
pub(crate) fn isolate(project: &mut Value, slots: &Slots, network_id: NetworkId) -> Result<()> {
    use crate::isolation::{ALLOW_VAR, NAME_VAR, ROOT_VAR};
    let (Some(root), Some(name)) = (std::env::var_os(ROOT_VAR), std::env::var(NAME_VAR).ok())
    else {
        return Ok(());
    };
    let cg = crate::isolation::Layout {
        v2: PathBuf::from(root),
        name,
    };
    let allow: Vec<std::net::Ipv4Addr> = std::env::var(ALLOW_VAR)
        .unwrap_or_default()
        .split(',')
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    let Some(svcs) = project.get_mut("services").and_then(Value::as_object_mut) else {
        return Ok(());
    };
    for (svc_name, svc) in svcs.iter_mut() {
        let Some(slot) = slots.services.get(svc_name).map(|s| s.slot) else {
            continue;
        };
        let slot = u8::try_from(slot)
            .map_err(|_| usage(format!("slot {slot} of {svc_name} is out of range")))?;
        crate::isolation::ensure(
            &cg.slot(slot),
            &crate::isolation::policy(network_id, Some(slot), &allow),
        )?;
        if let Some(s) = svc.as_object_mut() {
            s.insert("cgroup_parent".into(), json!(cg.slot_parent(slot)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn net_raw_is_dropped_once() {
        let mut p = json!({"services": {
            "a": {"image": "x"},
            "b": {"image": "x", "cap_drop": ["NET_RAW"]},
            "c": {"image": "x", "cap_drop": ["ALL"]},
            "d": {"image": "x", "cap_drop": ["CHOWN"]}
        }});
        drop_net_raw(&mut p);
        assert_eq!(p["services"]["a"]["cap_drop"], json!(["NET_RAW"]));
        assert_eq!(p["services"]["b"]["cap_drop"], json!(["NET_RAW"]));
        assert_eq!(p["services"]["c"]["cap_drop"], json!(["ALL"]));
        assert_eq!(p["services"]["d"]["cap_drop"], json!(["CHOWN", "NET_RAW"]));
    }
}
