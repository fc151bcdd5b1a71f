//! Marks integration tests whose tools are missing as ignored (see tests/it/requires.rs).
//! Never under `CI`: there a missing tool must fail the test, not hide it.

#[path = "tests/it/requires.rs"]
mod requires;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=tests/it/requires.rs");
    for var in ["CI", "PATH", "RDC_TEST_TRAEFIK"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    // Installing a tool changes these directories, and so re-runs the checks.
    for dir in ["/usr/bin", "/usr/sbin", ".tools/venv/bin", ".tools/wheels"] {
        if std::path::Path::new(dir).is_dir() {
            println!("cargo::rerun-if-changed={dir}");
        }
    }
    for g in requires::GATES {
        println!("cargo::rustc-check-cfg=cfg(rdc_missing_{})", g.name);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    if ci {
        return;
    }
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    for g in requires::GATES {
        if !requires::missing(g, &root).is_empty() {
            println!("cargo::rustc-cfg=rdc_missing_{}", g.name);
        }
    }
}
