//! `rdc context storage`: storages kept in the context, secrets from stdin and masked.

use std::os::unix::fs::PermissionsExt;

use crate::common::Env;

#[test]
fn storages_are_added_imported_listed_masked_and_removed() {
    let env = Env::new().with_machine();
    env.rdc_stdin(
        &[
            "context",
            "storage",
            "add",
            "s3b",
            "--type",
            "s3",
            "--option",
            "provider=Other",
            "--option",
            "endpoint=http://127.0.0.1:9",
            "--option",
            "access_key_id=AKIATEST",
            "--option",
            "secret_access_key=-",
        ],
        "sup3r-s3cret\n",
    )
    .ok()
    .stderr_has("storage s3b (s3) in context t");
    let text = std::fs::read_to_string(env.config()).unwrap();
    assert!(
        text.contains("secret_access_key = \"sup3r-s3cret\""),
        "{text}"
    );
    let mode = std::fs::metadata(env.config())
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o077,
        0,
        "a config holding a storage secret is private"
    );
    let list = env.rdc(&["context", "storage", "list", "-o", "json"]).ok();
    assert!(!list.stdout.contains("sup3r-s3cret"), "{}", list.stdout);
    let j = list.json();
    assert_eq!(j[0]["options"]["secret_access_key"], "***");
    assert_eq!(j[0]["options"]["access_key_id"], "AKIATEST");
    let table = env.rdc(&["context", "storage", "list"]).ok();
    assert!(!table.stdout.contains("sup3r") && table.stdout.contains("s3b"));
    // A secret on the command line works, with a warning.
    env.rdc(&[
        "context", "storage", "add", "box", "--type", "sftp", "--option", "pass=x",
    ])
    .ok()
    .stderr_has("prefer --option pass=-");
    env.rdc(&["context", "storage", "add", "box", "--type", "sftp"])
        .code(2)
        .stderr_has("already exists");
    // An rclone config file: all or nothing.
    let conf = env.path().join("rclone.conf");
    std::fs::write(
        &conf,
        "[nas]\ntype = sftp\nhost = 127.0.0.1\npass = OBSCURED\n\n[box]\ntype = local\n",
    )
    .unwrap();
    env.rdc(&[
        "context",
        "storage",
        "import",
        "--file",
        conf.to_str().unwrap(),
    ])
    .code(2)
    .stderr_has("storage \"box\" already exists")
    .stderr_has("nothing was imported");
    env.rdc(&[
        "context",
        "storage",
        "import",
        "--file",
        conf.to_str().unwrap(),
        "nas",
    ])
    .ok()
    .stderr_has("imported 1 storage(s)");
    let j = env
        .rdc(&["context", "storage", "list", "-o", "json"])
        .ok()
        .json();
    let names: Vec<&str> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["box", "nas", "s3b"]);
    env.rdc(&["context", "storage", "remove", "nope"])
        .code(3)
        .stderr_has("known: box, nas, s3b");
    env.rdc(&["context", "storage", "remove", "box"]).ok();
    env.rdc(&["context", "storage", "add", "bad name", "--type", "s3"])
        .code(2)
        .stderr_has("storage name");
    env.rdc(&[
        "context", "storage", "add", "x", "--type", "s3", "--option", "novalue",
    ])
    .code(2)
    .stderr_has("give KEY=VALUE");
}
