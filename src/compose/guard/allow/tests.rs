//! The allowlist on the settings of the attacks that reached the host (issue 19), and on what
//! real compose files use.

use serde_json::json;

use super::*;

#[test]
fn volume_driver_options_are_refused_whatever_they_say() {
    for v in [
        json!({"driver": "local", "driver_opts": {"type": "btrfs", "device": "/dev/loop0"}}),
        json!({"driver": "local", "driver_opts": {"type": "none", "o": "rbind", "device": "/"}}),
        json!({"driver_opts": {"type": "nfs", "o": "addr=127.0.0.1", "device": ":/"}}),
        json!({"driver": "rexray/ebs"}),
        json!({"driver": "local", "mystery": 1}),
    ] {
        assert!(volume(&v).is_some(), "{v} accepted");
    }
    for v in [
        json!({}),
        json!({"driver": "local"}),
        json!({"driver": "local", "driver_opts": {}}),
        json!({"external": true, "name": "shared"}),
        json!({"labels": {"a": "b"}, "x-note": 1}),
        json!(null),
    ] {
        assert_eq!(volume(&v), None, "{v} refused");
    }
}

#[test]
fn security_settings_nobody_listed_are_refused() {
    let refused = [
        json!({"security_opt": ["seccomp:./allow.json"]}),
        json!({"security_opt": ["apparmor:unconfined"]}),
        json!({"security_opt": ["label:type:spc_t"]}),
        json!({"cap_add": ["SYS_NICE"]}),
        json!({"cap_add": ["LINUX_IMMUTABLE"]}),
        json!({"cap_add": ["IPC_LOCK"]}),
        json!({"cap_add": ["AUDIT_CONTROL"]}),
        json!({"cap_add": ["CAP_CHECKPOINT_RESTORE"]}),
        json!({"cap_add": ["NET_RAW"]}),
        json!({"cgroup_parent": "/"}),
        json!({"oom_score_adj": -1000}),
        json!({"oom_kill_disable": true}),
        json!({"tmpfs": ["/big:size=100g"]}),
        json!({"volumes": [{"type": "tmpfs", "target": "/t", "tmpfs": {"size": "100g"}}]}),
        json!({"sysctls": {"net.ipv4.ip_forward": "1"}}),
        json!({"sysctls": ["kernel.core_pattern=|/tmp/x"]}),
        json!({"runtime": "runsc-unconfined"}),
        json!({"cpu_rt_runtime": 95000}),
        json!({"logging": {"driver": "gelf"}}),
        json!({"blkio_config": {"device_read_bps": [{"path": "/dev/sda", "rate": "1mb"}]}}),
        json!({"deploy": {"resources": {"reservations": {"devices": [{"capabilities": ["gpu"]}]}}}}),
        json!({"storage_opt": {"dm.basesize": "1T"}}),
        json!({"volume_driver": "local"}),
        json!({"gpus": "all"}),
    ];
    for s in refused {
        assert_eq!(judge(&s).len(), 1, "{s}: {:?}", judge(&s));
    }
}

#[test]
fn what_real_compose_files_use_passes() {
    let s = json!({
        "cap_add": ["NET_BIND_SERVICE", "CHOWN", "cap_setuid"],
        "cap_drop": ["ALL"],
        "security_opt": ["no-new-privileges:true", "no-new-privileges"],
        "oom_score_adj": 500,
        "tmpfs": ["/run:size=64m", "/tmp"],
        "sysctls": {"kernel.shmmax": "1073741824", "fs.mqueue.msg_max": "100"},
        "logging": {"driver": "json-file", "options": {"max-size": "10m"}},
        "deploy": {"resources": {"limits": {"memory": "512m", "cpus": "0.5"}}, "restart_policy": {"condition": "on-failure"}},
        "storage_opt": {"size": "10G"},
        "blkio_config": {"weight": 300},
        "runtime": "runc",
    });
    assert_eq!(judge(&s), Vec::<String>::new());
    let keys = json!({
        "image": "nginx", "environment": {"A": "1"}, "healthcheck": {"test": ["CMD", "true"]},
        "restart": "unless-stopped", "depends_on": ["db"], "x-custom": 1, "init": true,
        "ulimits": {"nofile": 65536}, "user": "1000", "volumes": [], "labels": {}
    });
    assert_eq!(unknown_service_keys(&keys), Vec::<String>::new());
}

#[test]
fn keys_nobody_has_looked_at_are_refused() {
    let s = json!({"image": "x", "provider": {"type": "model"}, "use_api_socket": true});
    assert_eq!(unknown_service_keys(&s), vec!["provider", "use_api_socket"]);
    let top = json!({"services": {}, "version": "3.8", "x-anchors": {}, "models": {}});
    assert_eq!(unknown_top_keys(&top), vec!["models"]);
}

#[test]
fn sizes_read_as_docker_reads_them() {
    assert_eq!(bytes("64m"), Some(64 << 20));
    assert_eq!(bytes("1g"), Some(1 << 30));
    assert_eq!(bytes("1GB"), Some(1 << 30));
    assert_eq!(bytes("4096"), Some(4096));
    assert_eq!(bytes("512k"), Some(512 << 10));
    assert_eq!(bytes("lots"), None);
    // An unreadable size is judged as too big.
    assert_eq!(
        tmpfs_sizes(&json!({"tmpfs": "/x:size=lots"})),
        vec![("/x".to_string(), Some(u64::MAX))]
    );
}
