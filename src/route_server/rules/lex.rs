//! Tokens of a Traefik rule, read the way Go reads them: Traefik hands the whole rule to Go's
//! `parser.ParseExpr` (through vulcand/predicate) and decodes each string argument with
//! `strconv.Unquote`. This lexer accepts the subset of Go that can form a rule (identifiers,
//! string literals, `(` `)` `,` `&&` `||` `!`) and refuses everything else with a reason, so a rule
//! rdc accepts means exactly what it means to Traefik.
//!
//! Go details mirrored here: back-quoted (raw) strings have no escapes and lose their `\r`
//! characters; double-quoted strings take every escape Go's `strconv.Unquote` accepts (`\a \b
//! \f \n \r \t \v \\ \"`, `\xHH`, `\ooo`, `\uHHHH`, `\UHHHHHHHH`) and may not hold a newline; a
//! newline after an identifier, a string or `)` ends the expression (Go inserts a semicolon).

/// One token. String values are bytes: `\xHH` and octal escapes can produce any byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    Ident(String),
    Str(Vec<u8>),
    LParen,
    RParen,
    Comma,
    And,
    Or,
    Not,
    /// A newline where Go inserts a semicolon: only valid at the very end.
    Semi,
}

/// Split a rule into tokens.
pub fn tokenize(s: &str) -> Result<Vec<Tok>, String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match c {
            b' ' | b'\t' | b'\r' => i += 1,
            b'\n' => {
                if matches!(out.last(), Some(Tok::Ident(_) | Tok::Str(_) | Tok::RParen)) {
                    out.push(Tok::Semi);
                }
                i += 1;
            }
            b'!' if b.get(i + 1) == Some(&b'=') => {
                return Err("the operator != is not supported in rules".into());
            }
            b'(' | b')' | b',' | b'!' => {
                out.push(match c {
                    b'(' => Tok::LParen,
                    b')' => Tok::RParen,
                    b',' => Tok::Comma,
                    _ => Tok::Not,
                });
                i += 1;
            }
            b'&' | b'|' => {
                if b.get(i + 1) != Some(&c) {
                    return Err(format!(
                        "unexpected {:?} (use {}{})",
                        c as char, c as char, c as char
                    ));
                }
                out.push(if c == b'&' { Tok::And } else { Tok::Or });
                i += 2;
            }
            b'/' if matches!(b.get(i + 1), Some(b'/' | b'*')) => {
                return Err("comments are not supported in rules".into());
            }
            b'`' => {
                let end = b[i + 1..]
                    .iter()
                    .position(|&x| x == b'`')
                    .ok_or("unterminated back-quoted string")?;
                // Go discards carriage returns inside raw strings.
                let v: Vec<u8> = b[i + 1..i + 1 + end]
                    .iter()
                    .copied()
                    .filter(|&x| x != b'\r')
                    .collect();
                out.push(Tok::Str(v));
                i += end + 2;
            }
            b'"' => {
                let (v, next) = interpreted(b, i + 1)?;
                out.push(Tok::Str(v));
                i = next;
            }
            b'\'' => {
                return Err(
                    "character literals ('x') are not rule arguments; quote with ` or \"".into(),
                );
            }
            c if c.is_ascii_alphabetic() || c == b'_' => {
                let start = i;
                while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                if i < b.len() && b[i] >= 0x80 {
                    return Err("identifiers must be ASCII".into());
                }
                out.push(Tok::Ident(s[start..i].to_string()));
            }
            c if c.is_ascii_digit() || c == b'.' => {
                return Err("numbers are not rule arguments; quote them".into());
            }
            c if c >= 0x80 => return Err("non-ASCII character outside a string".into()),
            c => return Err(format!("unexpected character {:?}", c as char)),
        }
    }
    while out.last() == Some(&Tok::Semi) {
        out.pop();
    }
    if out.is_empty() {
        return Err("empty rule".into());
    }
    Ok(out)
}

/// A double-quoted Go string starting after the opening quote: its bytes and the index after
/// the closing quote.
fn interpreted(b: &[u8], mut i: usize) -> Result<(Vec<u8>, usize), String> {
    let mut v = Vec::new();
    loop {
        let Some(&c) = b.get(i) else {
            return Err("unterminated double-quoted string".into());
        };
        i += 1;
        match c {
            b'"' => return Ok((v, i)),
            b'\n' => return Err("newline in a double-quoted string".into()),
            b'\\' => {
                let Some(&e) = b.get(i) else {
                    return Err("unterminated escape".into());
                };
                i += 1;
                match e {
                    b'a' => v.push(7),
                    b'b' => v.push(8),
                    b'f' => v.push(12),
                    b'n' => v.push(b'\n'),
                    b'r' => v.push(b'\r'),
                    b't' => v.push(b'\t'),
                    b'v' => v.push(11),
                    b'\\' => v.push(b'\\'),
                    b'"' => v.push(b'"'),
                    b'0'..=b'7' => {
                        let digits = b.get(i - 1..i + 2).ok_or("short octal escape")?;
                        let mut n: u32 = 0;
                        for &d in digits {
                            if !(b'0'..=b'7').contains(&d) {
                                return Err("octal escape needs three digits 0-7".into());
                            }
                            n = n * 8 + u32::from(d - b'0');
                        }
                        if n > 255 {
                            return Err("octal escape value above 255".into());
                        }
                        v.push(n as u8);
                        i += 2;
                    }
                    b'x' => {
                        v.push(hex(b, i, 2)? as u8);
                        i += 2;
                    }
                    b'u' | b'U' => {
                        let n = if e == b'u' { 4 } else { 8 };
                        let cp = hex(b, i, n)?;
                        i += n;
                        let ch = char::from_u32(cp).ok_or_else(|| {
                            format!("escape \\{} is not a valid code point", e as char)
                        })?;
                        let mut buf = [0u8; 4];
                        v.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                    }
                    other => {
                        return Err(format!(
                            "unknown escape \\{} in a double-quoted string",
                            other as char
                        ));
                    }
                }
            }
            c => v.push(c),
        }
    }
}

fn hex(b: &[u8], at: usize, n: usize) -> Result<u32, String> {
    let digits = b.get(at..at + n).ok_or("short hexadecimal escape")?;
    let mut v: u32 = 0;
    for &d in digits {
        let x = (d as char)
            .to_digit(16)
            .ok_or("hexadecimal escape with a non-hex digit")?;
        v = v * 16 + x;
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Tok {
        Tok::Str(v.as_bytes().to_vec())
    }

    #[test]
    fn go_string_escapes() {
        for (lit, want) in [
            (r#""shop\x2eexample.com""#, "shop.example.com"),
            (r#""shop\u002eexample.com""#, "shop.example.com"),
            (r#""shop\U0000002eexample.com""#, "shop.example.com"),
            (r#""shop\056example.com""#, "shop.example.com"),
            (r#""a\"b\\c""#, "a\"b\\c"),
            ("`a\\x2eb`", "a\\x2eb"),
            ("`we\rb`", "web"),
        ] {
            assert_eq!(tokenize(lit).unwrap(), vec![s(want)], "{lit}");
        }
        assert_eq!(
            tokenize(r#""\xff""#).unwrap(),
            vec![Tok::Str(vec![0xff])],
            "bytes, not chars"
        );
        for bad in [
            r#""\'""#,
            r#""\q""#,
            r#""\x4""#,
            r#""\400""#,
            r#""\ud800""#,
            r#""\U00110000""#,
            "\"a\nb\"",
            "\"abc",
            "`abc",
        ] {
            assert!(tokenize(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn operators_and_newlines() {
        assert_eq!(
            tokenize("A(`x`) &&\n !B(`y`)\n").unwrap(),
            vec![
                Tok::Ident("A".into()),
                Tok::LParen,
                s("x"),
                Tok::RParen,
                Tok::And,
                Tok::Not,
                Tok::Ident("B".into()),
                Tok::LParen,
                s("y"),
                Tok::RParen,
            ]
        );
        // A newline after `)` ends the expression in Go.
        assert!(tokenize("A(`x`)\n&& B(`y`)").unwrap().contains(&Tok::Semi));
        for bad in [
            "A(`x`) & B(`y`)",
            "A(1)",
            "A('x')",
            "A(`x`) != B",
            "/* c */ A(`x`)",
            "Hôst(`x`)",
        ] {
            assert!(tokenize(bad).is_err(), "{bad}");
        }
    }
}
