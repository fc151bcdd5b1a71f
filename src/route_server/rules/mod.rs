//! Traefik v3 router rules: parsed as Traefik parses them, to find which host names (HTTP `Host`,
//! TCP `HostSNI`) a rule can match.
//!
//! Isolation depends on it: a router of one repository must not capture another repository's
//! traffic, so every HTTP rule must be limited to named hosts, and two repositories claiming the
//! same host are detected however the host is spelled. The grammar is Go's expression syntax as
//! Traefik uses it (see `lex`): matchers such as ``Host(`a.example.com`)`` combined with `&&`,
//! `||`, `!` and parentheses. Matcher names are accepted in the four spellings Traefik registers
//! (`Host`, `host`, `HOST`, `Host` title-cased: `PathPrefix`, `pathprefix`, `PATHPREFIX`,
//! `Pathprefix`), with the number of arguments each takes in v3.
//!
//! Parsing is bounded: rules longer than [`MAX_RULE_LEN`] or nested deeper than [`MAX_DEPTH`]
//! are refused, and `&&`/`||` chains are kept flat, so no input can exhaust the stack.

pub mod lex;

use std::collections::BTreeSet;

use lex::Tok;

use crate::contract::hostname;

/// Longest rule accepted (bytes). Real rules are well under 1 KiB; a rule listing a few hundred
/// hosts fits.
pub const MAX_RULE_LEN: usize = 16 * 1024;
/// Deepest nesting of parentheses and `!` accepted.
pub const MAX_DEPTH: usize = 64;

/// Which router the rule belongs to (they have different matchers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Http,
    Tcp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// `name` is the canonical matcher name (`PathPrefix` for `pathprefix`).
    Matcher {
        name: &'static str,
        args: Vec<Vec<u8>>,
    },
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
}

/// The hosts a rule can match: any host at all, or only those listed (canonical names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    Any,
    Only(BTreeSet<String>),
}

/// Matchers and the argument counts Traefik v3 accepts.
const HTTP: &[(&str, &[usize])] = &[
    ("ClientIP", &[1]),
    ("Method", &[1]),
    ("Host", &[1]),
    ("HostRegexp", &[1]),
    ("Path", &[1]),
    ("PathRegexp", &[1]),
    ("PathPrefix", &[1]),
    ("Header", &[2]),
    ("HeaderRegexp", &[2]),
    ("Query", &[1, 2]),
    ("QueryRegexp", &[1, 2]),
];
const TCP: &[(&str, &[usize])] = &[
    ("ALPN", &[1]),
    ("ClientIP", &[1]),
    ("HostSNI", &[1]),
    ("HostSNIRegexp", &[1]),
];

/// The matcher a spelling names: exact, lower case, upper case or title case.
fn matcher(kind: Kind, spelled: &str) -> Option<(&'static str, &'static [usize])> {
    let table = match kind {
        Kind::Http => HTTP,
        Kind::Tcp => TCP,
    };
    table.iter().copied().find(|(name, _)| {
        let lower = name.to_ascii_lowercase();
        let title = {
            let mut t = lower.clone();
            t[..1].make_ascii_uppercase();
            t
        };
        spelled == *name
            || spelled == lower
            || spelled == name.to_ascii_uppercase()
            || spelled == title
    })
}

/// Parse a rule of a router of `kind`.
pub fn parse(rule: &str, kind: Kind) -> Result<Expr, String> {
    if rule.len() > MAX_RULE_LEN {
        return Err(format!(
            "the rule is {} bytes long; rdc accepts rules up to {MAX_RULE_LEN} bytes",
            rule.len()
        ));
    }
    let tokens = lex::tokenize(rule)?;
    let mut p = Parser {
        t: &tokens,
        i: 0,
        kind,
    };
    let e = p.or(0)?;
    match tokens.get(p.i) {
        None => Ok(e),
        Some(Tok::Semi) => {
            Err("a newline ends the rule before its end (Go inserts a semicolon after `)`)".into())
        }
        Some(t) => Err(format!("unexpected {} after a complete rule", show(t))),
    }
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Ident(s) => format!("identifier {s}"),
        Tok::Str(s) => format!("string {:?}", String::from_utf8_lossy(s)),
        Tok::LParen => "(".into(),
        Tok::RParen => ")".into(),
        Tok::Comma => ",".into(),
        Tok::And => "&&".into(),
        Tok::Or => "||".into(),
        Tok::Not => "!".into(),
        Tok::Semi => "newline".into(),
    }
}

struct Parser<'a> {
    t: &'a [Tok],
    i: usize,
    kind: Kind,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }

    fn deeper(depth: usize) -> Result<usize, String> {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "the rule is nested more than {MAX_DEPTH} levels deep"
            ));
        }
        Ok(depth + 1)
    }

    fn or(&mut self, depth: usize) -> Result<Expr, String> {
        let mut v = vec![self.and(depth)?];
        while self.peek() == Some(&Tok::Or) {
            self.i += 1;
            v.push(self.and(depth)?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Expr::Or(v)
        })
    }

    fn and(&mut self, depth: usize) -> Result<Expr, String> {
        let mut v = vec![self.unary(depth)?];
        while self.peek() == Some(&Tok::And) {
            self.i += 1;
            v.push(self.unary(depth)?);
        }
        Ok(if v.len() == 1 {
            v.pop().expect("one")
        } else {
            Expr::And(v)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, String> {
        match self.peek() {
            Some(Tok::Not) => {
                self.i += 1;
                let d = Self::deeper(depth)?;
                Ok(Expr::Not(Box::new(self.unary(d)?)))
            }
            Some(Tok::LParen) => {
                self.i += 1;
                let d = Self::deeper(depth)?;
                let e = self.or(d)?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err("missing )".into());
                }
                self.i += 1;
                Ok(e)
            }
            Some(Tok::Ident(name)) => {
                let spelled = name.clone();
                self.i += 1;
                let (name, counts) = matcher(self.kind, &spelled).ok_or_else(|| {
                    format!(
                        "unsupported function {spelled} in a {} rule",
                        match self.kind {
                            Kind::Http => "HTTP",
                            Kind::Tcp => "TCP",
                        }
                    )
                })?;
                if self.peek() != Some(&Tok::LParen) {
                    return Err(format!("expected ( after {spelled}"));
                }
                self.i += 1;
                let args = self.args(&spelled)?;
                if !counts.contains(&args.len()) {
                    return Err(format!(
                        "{spelled} takes {} argument(s), got {}",
                        counts
                            .iter()
                            .map(usize::to_string)
                            .collect::<Vec<_>>()
                            .join(" or "),
                        args.len()
                    ));
                }
                check_args(name, &args)?;
                Ok(Expr::Matcher { name, args })
            }
            Some(t) => Err(format!("expected a matcher, found {}", show(t))),
            None => Err("the rule ends too early".into()),
        }
    }

    /// String arguments up to `)`; Go accepts a trailing comma.
    fn args(&mut self, name: &str) -> Result<Vec<Vec<u8>>, String> {
        let mut args = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::RParen) => {
                    self.i += 1;
                    return Ok(args);
                }
                Some(Tok::Str(s)) => {
                    args.push(s.clone());
                    self.i += 1;
                    match self.peek() {
                        Some(Tok::Comma) => self.i += 1,
                        Some(Tok::RParen) => {}
                        _ => return Err(format!("expected , or ) in {name}(…)")),
                    }
                }
                other => {
                    return Err(format!(
                        "{name}(…) takes quoted strings, found {}",
                        other.map(show).unwrap_or_else(|| "the end".into())
                    ));
                }
            }
        }
    }
}

/// The checks Traefik makes when it builds these matchers.
fn check_args(name: &str, args: &[Vec<u8>]) -> Result<(), String> {
    let a = &args[0];
    match name {
        "Host" | "HostRegexp" if !a.is_ascii() => Err(format!(
            "invalid value {:?} for {name} matcher, non-ASCII characters are not allowed",
            String::from_utf8_lossy(a)
        )),
        "HostSNI"
            if a.as_slice() != b"*"
                && (a.is_empty()
                    || !a
                        .iter()
                        .all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'-')) =>
        {
            Err(format!(
                "invalid value for HostSNI matcher, {:?} is not a valid hostname",
                String::from_utf8_lossy(a)
            ))
        }
        "Path" | "PathPrefix" if !a.starts_with(b"/") => Err(format!(
            "path {:?} does not start with a '/'",
            String::from_utf8_lossy(a)
        )),
        _ => Ok(()),
    }
}

/// Hosts matched by a rule: `Host` (HTTP) or `HostSNI` (TCP; `*` means any) limit them; every
/// other matcher does not. A host that is not a plain DNS name is an error (rdc cannot tell what
/// Traefik would match).
pub fn hosts(e: &Expr) -> Result<Hosts, String> {
    Ok(match e {
        Expr::Matcher { name, args } => match *name {
            "Host" => Hosts::Only(BTreeSet::from([hostname::canonical(&args[0])?])),
            "HostSNI" if args[0].as_slice() == b"*" => Hosts::Any,
            "HostSNI" => Hosts::Only(BTreeSet::from([hostname::canonical(&args[0])?])),
            _ => Hosts::Any,
        },
        // `!Host(a)` matches every other host.
        Expr::Not(_) => Hosts::Any,
        Expr::And(v) => {
            let mut acc = Hosts::Any;
            for x in v {
                acc = match (acc, hosts(x)?) {
                    (Hosts::Any, h) | (h, Hosts::Any) => h,
                    (Hosts::Only(a), Hosts::Only(b)) => {
                        Hosts::Only(a.intersection(&b).cloned().collect())
                    }
                };
            }
            acc
        }
        Expr::Or(v) => {
            let mut all = BTreeSet::new();
            for x in v {
                match hosts(x)? {
                    Hosts::Any => return Ok(Hosts::Any),
                    Hosts::Only(h) => all.extend(h),
                }
            }
            Hosts::Only(all)
        }
    })
}

/// Parse and analyse in one step.
pub fn hosts_of(rule: &str, kind: Kind) -> Result<Hosts, String> {
    hosts(&parse(rule, kind)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(rule: &str) -> Hosts {
        hosts_of(rule, Kind::Http).unwrap_or_else(|e| panic!("{rule}: {e}"))
    }
    fn only(v: &[&str]) -> Hosts {
        Hosts::Only(v.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn hosts_of_rules() {
        assert_eq!(h("Host(`App.Example.com`)"), only(&["app.example.com"]));
        assert_eq!(h("Host(`a`) && PathPrefix(`/api`)"), only(&["a"]));
        assert_eq!(h("Host(`a`) || Host(\"b\")"), only(&["a", "b"]));
        assert_eq!(
            h("(Host(`a`) || Host(`b`)) && Method(`GET`)"),
            only(&["a", "b"])
        );
        assert_eq!(h("Host(`a`) || PathPrefix(`/`)"), Hosts::Any);
        assert_eq!(h("PathPrefix(`/`)"), Hosts::Any);
        assert_eq!(h("!Host(`a`)"), Hosts::Any);
        assert_eq!(h("HostRegexp(`.+`)"), Hosts::Any);
        assert_eq!(h("Host(`a`) && Host(`b`)"), only(&[]));
        assert_eq!(h("Host(`a.`) && Host(`A`)"), only(&["a"]));
        assert_eq!(hosts_of("HostSNI(`*`)", Kind::Tcp).unwrap(), Hosts::Any);
        assert_eq!(
            hosts_of("HostSNI(`mail.example.com`)", Kind::Tcp).unwrap(),
            only(&["mail.example.com"])
        );
        assert_eq!(
            hosts_of("ClientIP(`10.0.0.0/8`)", Kind::Tcp).unwrap(),
            Hosts::Any
        );
    }

    #[test]
    fn every_spelling_of_one_host_is_one_claim() {
        for rule in [
            "Host(`web-2880.example.com`)",
            "Host(`WEB-2880.EXAMPLE.COM`)",
            "Host(`web-2880.example.com.`)",
            "host(`web-2880.example.com`)",
            "HOST(`web-2880.example.com`)",
            r#"Host("web-2880\x2eexample.com")"#,
            r#"Host("web-2880\u002eexample.com")"#,
            r#"Host("web-2880\U0000002Eexample.com")"#,
            r#"Host("web-2880\056example.com")"#,
            r#"Host("\x77eb-2880.example.com")"#,
            "Host(`web-2880.example.com`,)",
            "((Host(`web-2880.example.com`)))",
            "Host(`web-2880.example.com`) && Path(`/x`)",
            "Host(`we\rb-2880.example.com`)",
        ] {
            assert_eq!(h(rule), only(&["web-2880.example.com"]), "{rule}");
        }
    }

    #[test]
    fn traefik_spellings_of_matchers() {
        for ok in [
            "PathPrefix(`/`)",
            "pathprefix(`/`)",
            "PATHPREFIX(`/`)",
            "Pathprefix(`/`)",
        ] {
            assert!(parse(ok, Kind::Http).is_ok(), "{ok}");
        }
        for bad in [
            "pathPrefix(`/`)",
            "PATHprefix(`/`)",
            "HostSNI(`a`)",
            "Headers(`a`,`b`)",
        ] {
            assert!(parse(bad, Kind::Http).is_err(), "{bad}");
        }
        assert!(parse("Host(`a`)", Kind::Tcp).is_err());
    }

    #[test]
    fn refused_rules() {
        for bad in [
            "",
            "Host(",
            "Host(`a`",
            "Host(`a`) &",
            "Host(a)",
            "Host(`a`) Path(`/`)",
            "Host(`a`) & Path(`/`)",
            "(Host(`a`)",
            "Host(`a`, `b`)",
            "Host()",
            "Host(`é.com`)",
            "Path(`x`)",
            "Host(`a`)\n|| Host(`b`)",
            "Host(`a`) /* x */",
        ] {
            assert!(hosts_of(bad, Kind::Http).is_err(), "{bad:?}");
        }
        for bad in [
            "Host(`a..b`)",
            "Host(`a b`)",
            "Host(` a`)",
            "Host(\"a\\x00b\")",
        ] {
            assert!(
                hosts_of(bad, Kind::Http).is_err(),
                "{bad:?} is not a plain name"
            );
        }
        assert!(parse("HostSNI(`a_b`)", Kind::Tcp).is_err());
    }

    #[test]
    fn bounded() {
        let deep = format!("{}Host(`a`){}", "(".repeat(50_000), ")".repeat(50_000));
        assert!(parse(&deep, Kind::Http).unwrap_err().contains("bytes long"));
        let deep = format!(
            "{}Host(`a`){}",
            "(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&deep, Kind::Http).unwrap_err().contains("nested"));
        let nots = format!("{}Host(`a`)", "!".repeat(5000));
        assert!(parse(&nots, Kind::Http).unwrap_err().contains("nested"));
        let ok = format!(
            "{}Host(`a`){}",
            "(".repeat(MAX_DEPTH - 1),
            ")".repeat(MAX_DEPTH - 1)
        );
        assert!(parse(&ok, Kind::Http).is_ok());
        // Long flat chains are fine and stay flat.
        let chain = vec!["Host(`a`)"; 1400].join("||");
        assert_eq!(h(&chain), only(&["a"]));
    }
}
