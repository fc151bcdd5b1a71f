//! A parser for Traefik v3 router rules, used to find which hosts a rule can match.
//!
//! Isolation needs it: a router of one repository must not capture another repository's
//! traffic, so every HTTP rule must be limited to named hosts (`Host(...)`), and two
//! repositories claiming the same host are detected. The grammar is Traefik's: matchers such as
//! ``Host(`a.example.com`)`` or `PathPrefix("/api")`, combined with `&&`, `||`, `!` and
//! parentheses; arguments are back-quoted or double-quoted strings.

use std::collections::BTreeSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    Matcher { name: String, args: Vec<String> },
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
}

/// The hosts a rule can match: any host at all, or only those listed (lower-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Hosts {
    Any,
    Only(BTreeSet<String>),
}

pub fn parse(rule: &str) -> Result<Expr, String> {
    let tokens = tokenize(rule)?;
    let mut p = Parser { t: &tokens, i: 0 };
    let e = p.or()?;
    if p.i != tokens.len() {
        return Err(format!("unexpected {:?}", tokens[p.i]));
    }
    Ok(e)
}

/// Hosts matched by an HTTP rule (`Host`), or by a TCP rule (`HostSNI`; `*` means any).
pub fn hosts(e: &Expr, tcp: bool) -> Hosts {
    match e {
        Expr::Matcher { name, args } => {
            let n = name.to_ascii_lowercase();
            let host_matcher = if tcp { n == "hostsni" } else { n == "host" };
            if host_matcher && !args.is_empty() && !args.iter().any(|a| a == "*") {
                Hosts::Only(args.iter().map(|a| a.to_ascii_lowercase()).collect())
            } else {
                Hosts::Any
            }
        }
        Expr::Not(_) => Hosts::Any,
        Expr::And(a, b) => match (hosts(a, tcp), hosts(b, tcp)) {
            (Hosts::Any, x) | (x, Hosts::Any) => x,
            (Hosts::Only(x), Hosts::Only(y)) => Hosts::Only(x.intersection(&y).cloned().collect()),
        },
        Expr::Or(a, b) => match (hosts(a, tcp), hosts(b, tcp)) {
            (Hosts::Only(mut x), Hosts::Only(y)) => {
                x.extend(y);
                Hosts::Only(x)
            }
            _ => Hosts::Any,
        },
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Ident(String),
    Str(String),
    LParen,
    RParen,
    Comma,
    And,
    Or,
    Not,
}

fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' => {
                chars.next();
                out.push(Tok::LParen);
            }
            ')' => {
                chars.next();
                out.push(Tok::RParen);
            }
            ',' => {
                chars.next();
                out.push(Tok::Comma);
            }
            '!' => {
                chars.next();
                out.push(Tok::Not);
            }
            '&' | '|' => {
                chars.next();
                if chars.next() != Some(c) {
                    return Err(format!("expected {c}{c}"));
                }
                out.push(if c == '&' { Tok::And } else { Tok::Or });
            }
            '`' | '"' => {
                chars.next();
                let mut v = String::new();
                loop {
                    match chars.next() {
                        Some(x) if x == c => break,
                        Some('\\') if c == '"' => {
                            if let Some(x) = chars.next() {
                                v.push(x);
                            }
                        }
                        Some(x) => v.push(x),
                        None => return Err("unterminated string".into()),
                    }
                }
                out.push(Tok::Str(v));
            }
            c if c.is_ascii_alphabetic() => {
                let mut v = String::new();
                while let Some(&x) = chars.peek() {
                    if x.is_ascii_alphanumeric() {
                        v.push(x);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Ident(v));
            }
            other => return Err(format!("unexpected character {other:?}")),
        }
    }
    if out.is_empty() {
        return Err("empty rule".into());
    }
    Ok(out)
}

struct Parser<'a> {
    t: &'a [Tok],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut e = self.and()?;
        while self.peek() == Some(&Tok::Or) {
            self.i += 1;
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.unary()?;
        while self.peek() == Some(&Tok::And) {
            self.i += 1;
            e = Expr::And(Box::new(e), Box::new(self.unary()?));
        }
        Ok(e)
    }
    fn unary(&mut self) -> Result<Expr, String> {
        match self.peek() {
            Some(Tok::Not) => {
                self.i += 1;
                Ok(Expr::Not(Box::new(self.unary()?)))
            }
            Some(Tok::LParen) => {
                self.i += 1;
                let e = self.or()?;
                if self.peek() != Some(&Tok::RParen) {
                    return Err("missing )".into());
                }
                self.i += 1;
                Ok(e)
            }
            Some(Tok::Ident(name)) => {
                let name = name.clone();
                self.i += 1;
                if self.peek() != Some(&Tok::LParen) {
                    return Err(format!("expected ( after {name}"));
                }
                self.i += 1;
                let mut args = Vec::new();
                loop {
                    match self.peek() {
                        Some(Tok::Str(s)) => {
                            args.push(s.clone());
                            self.i += 1;
                        }
                        Some(Tok::RParen) if args.is_empty() => {}
                        other => {
                            return Err(format!("expected a quoted argument, found {other:?}"));
                        }
                    }
                    match self.peek() {
                        Some(Tok::Comma) => self.i += 1,
                        Some(Tok::RParen) => {
                            self.i += 1;
                            break;
                        }
                        _ => return Err(format!("expected , or ) in {name}(…)")),
                    }
                }
                Ok(Expr::Matcher { name, args })
            }
            other => Err(format!("expected a matcher, found {other:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(rule: &str) -> Hosts {
        hosts(&parse(rule).unwrap(), false)
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
        assert_eq!(hosts(&parse("HostSNI(`*`)").unwrap(), true), Hosts::Any);
        assert_eq!(
            hosts(&parse("HostSNI(`mail.example.com`)").unwrap(), true),
            only(&["mail.example.com"])
        );
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "",
            "Host(",
            "Host(`a`",
            "Host(`a`) &",
            "Host(a)",
            "Host(`a`) Path(`/`)",
            "Host(`a`) & Path(`/`)",
            "(Host(`a`)",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
