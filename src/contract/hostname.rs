//! Host names as Traefik compares them, and the domain patterns an operator declares for a
//! repository (`rdc repo set NAME --domain app.example.com --domain '*.shop.example.com'`).
//!
//! Traefik's `Host` matcher lower-cases its argument and treats one trailing dot on either side
//! as absent (`Host(`a.example.com.`)` serves `a.example.com`); so two spellings are the same
//! claim exactly when their [`canonical`] forms are equal. Names that are not plain DNS names
//! (empty labels, spaces, non-ASCII) are refused: for them rdc cannot be sure what Traefik
//! matches.

/// Longest host name (RFC 1035).
const MAX_NAME: usize = 253;

/// Names rdc routes for itself (the proxy handover's probe, `route_server::probe`); no
/// repository may claim them.
pub const RESERVED: &str = "rdc.invalid";

/// The canonical form of a host name: ASCII lower case, one trailing dot removed, every label
/// 1–63 characters of `a-z 0-9 - _`.
pub fn canonical(raw: &[u8]) -> Result<String, String> {
    let Ok(s) = std::str::from_utf8(raw) else {
        return Err("host name is not valid text".into());
    };
    if !s.is_ascii() {
        return Err(format!(
            "host name {s:?} has non-ASCII characters (Traefik refuses them; write the name in punycode, xn--…)"
        ));
    }
    let lower = s.to_ascii_lowercase();
    let name = lower.strip_suffix('.').unwrap_or(&lower);
    check_name(name).map_err(|e| format!("host name {s:?} {e}"))?;
    if name == RESERVED || name.ends_with(&format!(".{RESERVED}")) {
        return Err(format!("host name {s:?} is reserved for rdc itself"));
    }
    Ok(name.to_string())
}

fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("is empty".into());
    }
    if name.len() > MAX_NAME {
        return Err(format!("is longer than {MAX_NAME} characters"));
    }
    for label in name.split('.') {
        if label.is_empty() {
            return Err("has an empty label (two dots in a row, or a leading dot)".into());
        }
        if label.len() > 63 {
            return Err("has a label longer than 63 characters".into());
        }
        if let Some(c) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        {
            return Err(format!("holds the character {c:?}"));
        }
    }
    Ok(())
}

/// A domain declared for a repository: one name, or every name below a domain (`*.x`: any
/// depth, not `x` itself).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pattern {
    Exact(String),
    Below(String),
}

impl Pattern {
    pub fn parse(s: &str) -> Result<Pattern, String> {
        match s.strip_prefix("*.") {
            Some(rest) => Ok(Pattern::Below(
                canonical(rest.as_bytes()).map_err(|e| format!("domain {s:?}: {e}"))?,
            )),
            None => {
                if s.contains('*') {
                    return Err(format!(
                        "domain {s:?}: a wildcard is only allowed as the first label (*.example.com)"
                    ));
                }
                Ok(Pattern::Exact(canonical(s.as_bytes())?))
            }
        }
    }

    /// Whether the canonical name `name` is covered.
    pub fn covers(&self, name: &str) -> bool {
        match self {
            Pattern::Exact(x) => name == x,
            Pattern::Below(x) => {
                name.len() > x.len() + 1 && name.ends_with(x.as_str()) && {
                    let cut = name.len() - x.len();
                    name.as_bytes()[cut - 1] == b'.'
                }
            }
        }
    }

    /// Whether some name is covered by both.
    pub fn overlaps(&self, other: &Pattern) -> bool {
        match (self, other) {
            (Pattern::Exact(a), p) | (p, Pattern::Exact(a)) => p.covers(a),
            (Pattern::Below(a), Pattern::Below(b)) => {
                a == b || Pattern::Below(a.clone()).covers(b) || Pattern::Below(b.clone()).covers(a)
            }
        }
    }

    /// How specific the pattern is: an exact name beats any wildcard, a longer suffix a shorter.
    pub fn specificity(&self) -> (bool, usize) {
        match self {
            Pattern::Exact(x) => (true, x.len()),
            Pattern::Below(x) => (false, x.len()),
        }
    }

    fn regex(&self) -> String {
        match self {
            Pattern::Exact(x) => regex_escape(x),
            Pattern::Below(x) => format!("(?:[a-z0-9_-]+\\.)+{}", regex_escape(x)),
        }
    }
}

impl std::fmt::Display for Pattern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Pattern::Exact(x) => f.write_str(x),
            Pattern::Below(x) => write!(f, "*.{x}"),
        }
    }
}

/// A Go regular expression matching exactly the names the patterns cover (with or without a
/// trailing dot, as a request's Host header may carry one).
pub fn regex_of(patterns: &[Pattern]) -> String {
    let alts: Vec<String> = patterns.iter().map(Pattern::regex).collect();
    format!("^(?:{})\\.?$", alts.join("|"))
}

fn regex_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !(c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_names() {
        assert_eq!(
            canonical(b"Web-2880.Example.COM.").unwrap(),
            "web-2880.example.com"
        );
        assert_eq!(canonical(b"a_b.example.com").unwrap(), "a_b.example.com");
        for bad in [
            &b""[..],
            b".",
            b"a..b",
            b".a",
            b"a b",
            b"a/b",
            b"*.a",
            b"a.com..",
            "é.com".as_bytes(),
            b"\xff",
        ] {
            assert!(
                canonical(bad).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        assert!(canonical("a".repeat(64).as_bytes()).is_err());
    }

    #[test]
    fn patterns() {
        let p = Pattern::parse("*.Shop.example.com").unwrap();
        assert_eq!(p.to_string(), "*.shop.example.com");
        assert!(p.covers("a.shop.example.com") && p.covers("a.b.shop.example.com"));
        assert!(!p.covers("shop.example.com") && !p.covers("xshop.example.com"));
        let e = Pattern::parse("app.example.com.").unwrap();
        assert!(e.covers("app.example.com"));
        assert!(e.overlaps(&Pattern::parse("*.example.com").unwrap()));
        assert!(!e.overlaps(&Pattern::parse("*.app.example.com").unwrap()));
        assert!(p.overlaps(&Pattern::parse("*.example.com").unwrap()));
        assert!(Pattern::parse("a.*.com").is_err());
        assert_eq!(
            regex_of(&[e, p]),
            r"^(?:app\.example\.com|(?:[a-z0-9_-]+\.)+shop\.example\.com)\.?$"
        );
    }
}
