//! Scalar label values, accepted exactly when Traefik's Go decoder accepts them, and within the
//! range of the Go type they land in. A value Go would refuse, or would accept but then fail to
//! encode or decode again (a duration beyond Go's int64 nanoseconds), is an error: emitted as
//! is, it would make Traefik refuse the whole dynamic configuration of every repository.
//!
//! Go semantics mirrored: `strconv.ParseBool`, `strconv.ParseInt(s, 10, 64)` (no spaces, an
//! optional sign, decimal digits), `strconv.ParseFloat(s, 64)` limited to finite numbers, and
//! Traefik's durations (`paerser` `types.Duration`: an integer is seconds, else
//! `time.ParseDuration`).

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)`.
pub fn parse_int(s: &str) -> Result<i64, String> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("{s:?} is not an integer"));
    }
    // Rust's parser takes the same sign and digits; it fails exactly on overflow.
    s.parse::<i64>().map_err(|_| {
        format!(
            "{s:?} is out of range for Traefik (a 64-bit integer: {} to {})",
            i64::MIN,
            i64::MAX
        )
    })
}

/// Go's `strconv.ParseFloat(s, 64)`, finite values only (JSON and Traefik's YAML decoding have
/// no infinity or NaN).
pub fn parse_float(s: &str) -> Result<f64, String> {
    let t = s.strip_prefix(['+', '-']).unwrap_or(s);
    let plain = !t.is_empty()
        && t.bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && t.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit() || b == b'.');
    if !plain {
        return Err(format!("{s:?} is not a number"));
    }
    match s.parse::<f64>() {
        Ok(f) if f.is_finite() => Ok(f),
        Ok(_) => Err(format!("{s:?} is out of range for a 64-bit float")),
        Err(_) => Err(format!("{s:?} is not a number")),
    }
}

/// A Traefik duration label, as nanoseconds: an integer is seconds, anything else is read by
/// Go's `time.ParseDuration`. The result must fit Go's `time.Duration` (int64 nanoseconds).
pub fn parse_duration(s: &str) -> Result<i64, String> {
    if let Ok(secs) = parse_int(s) {
        return secs.checked_mul(1_000_000_000).ok_or_else(|| {
            format!(
                "{s:?} seconds is out of range for a Go duration (at most {} seconds, about 292 years)",
                i64::MAX / 1_000_000_000
            )
        });
    }
    go_parse_duration(s).map_err(|e| {
        format!(
            "{s:?} is not a duration: {e} (give seconds, or a Go duration such as 10s or 1m30s)"
        )
    })
}

/// The text rdc emits for a duration: whole seconds as `Ns`, else nanoseconds as `Nns`. Both
/// decode back to the same value in Traefik without overflow.
pub fn format_duration(ns: i64) -> String {
    if ns % 1_000_000_000 == 0 {
        format!("{}s", ns / 1_000_000_000)
    } else {
        format!("{ns}ns")
    }
}

/// Go's `time.ParseDuration`, overflow checks included.
fn go_parse_duration(orig: &str) -> Result<i64, String> {
    const LIMIT: u128 = 1 << 63;
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err("empty".into());
    }
    let mut d: u128 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err("expected a number".into());
        }
        // Integer part.
        let start = s.len();
        let mut v: u128 = 0;
        while let Some(&c) = s.first() {
            if !c.is_ascii_digit() {
                break;
            }
            if v > LIMIT / 10 {
                return Err("overflow".into());
            }
            v = v * 10 + u128::from(c - b'0');
            if v > LIMIT {
                return Err("overflow".into());
            }
            s = &s[1..];
        }
        let pre = start != s.len();
        // Fraction.
        let mut f: u128 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let start = s.len();
            let mut overflow = false;
            while let Some(&c) = s.first() {
                if !c.is_ascii_digit() {
                    break;
                }
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u128::from(c - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                s = &s[1..];
            }
            post = start != s.len();
        }
        if !pre && !post {
            return Err("expected digits".into());
        }
        // Unit: everything up to the next digit or dot.
        let end = s
            .iter()
            .position(|&c| c == b'.' || c.is_ascii_digit())
            .unwrap_or(s.len());
        if end == 0 {
            return Err("missing unit".into());
        }
        let unit: u128 = match &s[..end] {
            b"ns" => 1,
            b"us" => 1_000,
            // µ (U+00B5) and μ (U+03BC)
            [0xC2, 0xB5, b's'] | [0xCE, 0xBC, b's'] => 1_000,
            b"ms" => 1_000_000,
            b"s" => 1_000_000_000,
            b"m" => 60_000_000_000,
            b"h" => 3_600_000_000_000,
            other => return Err(format!("unknown unit {:?}", String::from_utf8_lossy(other))),
        };
        s = &s[end..];
        if v > LIMIT / unit {
            return Err("overflow".into());
        }
        v *= unit;
        if f > 0 {
            v += (f as f64 * (unit as f64 / scale)) as u128;
            if v > LIMIT {
                return Err("overflow".into());
            }
        }
        d += v;
        if d > LIMIT {
            return Err("overflow".into());
        }
    }
    if neg {
        return Ok((-(d as i128)) as i64);
    }
    if d > LIMIT - 1 {
        return Err("overflow".into());
    }
    Ok(d as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints_as_go() {
        assert_eq!(parse_int("42"), Ok(42));
        assert_eq!(parse_int("+42"), Ok(42));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        for bad in [
            " 1",
            "1 ",
            "0x10",
            "1_000",
            "1e3",
            "",
            "+",
            "9223372036854775808",
        ] {
            assert!(parse_int(bad).is_err(), "{bad:?}");
        }
        assert!(
            parse_int("99999999999999999999")
                .unwrap_err()
                .contains("out of range")
        );
    }

    #[test]
    fn floats_as_go_finite_only() {
        assert_eq!(parse_float("1.5"), Ok(1.5));
        assert_eq!(parse_float("1e3"), Ok(1000.0));
        for bad in ["inf", "NaN", "1e999", "-1e400", "", "1,5", " 1", "0x1p-2"] {
            assert!(parse_float(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn durations_as_go() {
        let s = 1_000_000_000;
        assert_eq!(parse_duration("10"), Ok(10 * s));
        assert_eq!(parse_duration("1m30s"), Ok(90 * s));
        assert_eq!(parse_duration("1.5h"), Ok(5400 * s));
        assert_eq!(parse_duration("300ms"), Ok(300_000_000));
        assert_eq!(parse_duration("1µs"), Ok(1000));
        assert_eq!(parse_duration("-1.5s"), Ok(-1_500_000_000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration(".5s"), Ok(500_000_000));
        assert_eq!(parse_duration("2562047h"), Ok(2562047 * 3600 * s));
        assert_eq!(parse_duration("9223372036"), Ok(9223372036 * s));
        assert_eq!(parse_duration("9223372036854775807ns"), Ok(i64::MAX));
        assert_eq!(parse_duration("-9223372036854775808ns"), Ok(i64::MIN));
        for bad in [
            "9999999999999h",
            "2562048h",
            "9223372036854775808ns",
            "9223372037",
            "99999999999999999999",
            "10 s",
            "s",
            "1d",
            "",
            "1.s.",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        assert!(
            parse_duration("9999999999999h")
                .unwrap_err()
                .contains("overflow")
        );
    }

    #[test]
    fn emitted_durations_read_back() {
        for ns in [
            0,
            1,
            1_500_000_000,
            90_000_000_000,
            i64::MAX,
            i64::MIN,
            -3_000_000_000,
        ] {
            let text = format_duration(ns);
            assert_eq!(parse_duration(&text), Ok(ns), "{text}");
        }
    }
}
