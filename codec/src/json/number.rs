//! The JSON mapping's forms of numbers and bytes.

/// Writes a finite float the way the JSON mapping wants it: the shortest
/// text that reads back as the same value; exponent form for very large and
/// very small magnitudes.
pub(crate) fn push_float(out: &mut String, v: f64, single: bool) {
    use std::fmt::Write;
    let magnitude = v.abs();
    let plain = magnitude == 0.0 || (1e-7..1e21).contains(&magnitude);
    // Writing to a String cannot fail.
    let _ = match (single, plain) {
        (true, true) => write!(out, "{}", v as f32),
        (true, false) => write!(out, "{:e}", v as f32),
        (false, true) => write!(out, "{v}"),
        (false, false) => write!(out, "{v:e}"),
    };
}

/// An integer written as a JSON number, in any of its forms (`1`, `1.0`,
/// `1e2`, `-0`), exactly: `None` if it has a fraction or does not fit an
/// `i128` (every protobuf integer type does).
pub(crate) fn integer(text: &str) -> Option<i128> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    // The common form, plain digits (19 of them always fit a u64), without
    // the general path's work.
    if (1..=19).contains(&digits.len())
        && let Some(v) = plain_digits(digits.as_bytes())
    {
        let v = i128::from(v);
        return Some(if negative { -v } else { v });
    }
    let (mantissa, exponent) = match digits.find(['e', 'E']) {
        Some(at) => (&digits[..at], digits[at + 1..].parse::<i64>().ok()?),
        None => (digits, 0),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: String = [int, frac].concat();
    if all.is_empty() || !all.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let scale = exponent.checked_sub(i64::try_from(frac.len()).ok()?)?;
    let significant = all.trim_start_matches('0');
    let magnitude: i128 = if significant.is_empty() {
        0
    } else if scale >= 0 {
        if significant.len() as i64 + scale > 39 {
            return None;
        }
        let base: i128 = significant.parse().ok()?;
        base.checked_mul(10i128.checked_pow(u32::try_from(scale).ok()?)?)?
    } else {
        let cut = usize::try_from(-scale).ok()?;
        if cut >= all.len() {
            // Every significant digit is after the point.
            return None;
        }
        let (whole, fraction) = all.split_at(all.len() - cut);
        if !fraction.bytes().all(|b| b == b'0') {
            return None;
        }
        let whole = whole.trim_start_matches('0');
        if whole.is_empty() {
            0
        } else {
            if whole.len() > 39 {
                return None;
            }
            whole.parse().ok()?
        }
    };
    Some(if negative { -magnitude } else { magnitude })
}

const STANDARD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding, as the JSON mapping writes `bytes`.
pub(crate) fn push_base64(out: &mut String, bytes: &[u8]) {
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(STANDARD[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
}

/// Base64, standard or URL-safe, padded or not, as the JSON mapping reads
/// `bytes`; `None` if malformed.
pub(crate) fn base64(text: &str) -> Option<Vec<u8>> {
    let body = text.trim_end_matches('=');
    let padding = text.len() - body.len();
    if padding > 2 || (padding > 0 && !text.len().is_multiple_of(4)) {
        return None;
    }
    let sextet = |b: &u8| BASE64_DECODE[usize::from(*b)];
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut quads = body.as_bytes().chunks_exact(4);
    for quad in &mut quads {
        let [a, b, c, d] = [sextet(&quad[0]), sextet(&quad[1]), sextet(&quad[2]), sextet(&quad[3])];
        if (a | b | c | d) & NOT_BASE64 != 0 {
            return None;
        }
        let v = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
        out.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8, v as u8]);
    }
    // Two or three characters left make one or two bytes; a lone one
    // carries fewer than 8 bits: not base64.
    let rest = quads.remainder();
    let (mut v, mut flags) = (0u32, 0u8);
    for s in rest.iter().map(sextet) {
        flags |= s;
        v = v << 6 | u32::from(s);
    }
    if rest.len() == 1 || flags & NOT_BASE64 != 0 {
        return None;
    }
    let v = v << (6 * (4 - rest.len()));
    out.extend_from_slice(&[(v >> 16) as u8, (v >> 8) as u8][..rest.len().saturating_sub(1)]);
    Some(out)
}

/// Set in [`BASE64_DECODE`] for a byte that is no base64 digit.
const NOT_BASE64: u8 = 0x80;

/// Each byte's value as a base64 digit, in both alphabets (`+`/`-` are 62,
/// `/`/`_` are 63), or [`NOT_BASE64`].
static BASE64_DECODE: [u8; 256] = {
    let mut table = [NOT_BASE64; 256];
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8;
        table[b'a' as usize + i] = 26 + i as u8;
        if i < 10 {
            table[b'0' as usize + i] = 52 + i as u8;
        }
        i += 1;
    }
    table[b'+' as usize] = 62;
    table[b'-' as usize] = 62;
    table[b'/' as usize] = 63;
    table[b'_' as usize] = 63;
    table
};

/// The value of up to 19 ASCII digits (which always fit a `u64`), eight at
/// a time; `None` if any byte is not a digit.
fn plain_digits(digits: &[u8]) -> Option<u64> {
    let mut v = 0u64;
    let mut rest = digits;
    while let Some((chunk, more)) = rest.split_first_chunk::<8>() {
        v = v * 100_000_000 + eight_digits(u64::from_le_bytes(*chunk))?;
        rest = more;
    }
    for &b in rest {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + u64::from(d);
    }
    Some(v)
}

/// The value of eight ASCII digits read as a little-endian word (the first
/// digit in the lowest byte), combined in three steps: pairs, then fours,
/// then the eight, the lower lane (the earlier digits) scaled each time.
fn eight_digits(word: u64) -> Option<u64> {
    const NIBBLES: u64 = 0xf0f0_f0f0_f0f0_f0f0;
    const ZEROS: u64 = 0x3030_3030_3030_3030;
    // Every byte 0x30..=0x3f, and still so with 6 added: 0x30..=0x39.
    if word & NIBBLES != ZEROS || word.wrapping_add(0x0606_0606_0606_0606) & NIBBLES != ZEROS {
        return None;
    }
    let v = word - ZEROS;
    let v = (v * 10 + (v >> 8)) & 0x00ff_00ff_00ff_00ff;
    let v = (v.wrapping_mul(1 + (100 << 16)) >> 16) & 0x0000_ffff_0000_ffff;
    Some(v.wrapping_mul(1 + (10_000 << 32)) >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoder a character at a time, as the spec reads: the oracle.
    fn naive_base64(text: &str) -> Option<Vec<u8>> {
        let body = text.trim_end_matches('=');
        let padding = text.len() - body.len();
        if padding > 2 || (padding > 0 && !text.len().is_multiple_of(4)) {
            return None;
        }
        let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
        for b in body.bytes() {
            let v = match b {
                b'A'..=b'Z' => b - b'A',
                b'a'..=b'z' => b - b'a' + 26,
                b'0'..=b'9' => b - b'0' + 52,
                b'+' | b'-' => 62,
                b'/' | b'_' => 63,
                _ => return None,
            };
            acc = (acc << 6) | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
            }
        }
        (bits < 6).then_some(out)
    }

    /// The table decoder against the oracle: every length up to 20, with
    /// and without padding, both alphabets, and a bad byte at each place.
    #[test]
    fn base64_agrees_with_a_char_by_char_decoder() {
        let digits = "AZaz09+/-_QmFzZTY0IHRlc3Q";
        for len in 0..=20 {
            let body: String = digits.chars().cycle().take(len).collect();
            for pad in ["", "=", "=="] {
                let text = format!("{body}{pad}");
                assert_eq!(base64(&text), naive_base64(&text), "{text:?}");
                for at in 0..len {
                    for bad in ['*', '=', ' ', '\u{e9}'] {
                        let mut t: Vec<char> = text.chars().collect();
                        t[at] = bad;
                        let t: String = t.into_iter().collect();
                        assert_eq!(base64(&t), naive_base64(&t), "{t:?}");
                    }
                }
            }
        }
        assert_eq!(base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64("_-8=").unwrap(), base64("/+8=").unwrap());
    }

    /// The eight-at-a-time digits against `str::parse`, for every length
    /// up to 19 and a non-digit at each position in turn.
    #[test]
    fn plain_digits_agree_with_parse() {
        let digits = b"9876543210123456789";
        for len in 1..=19 {
            for start in 0..=(19 - len) {
                let d = &digits[start..start + len];
                let text = std::str::from_utf8(d).unwrap();
                assert_eq!(plain_digits(d), text.parse::<u64>().ok(), "{text}");
                for at in 0..len {
                    for bad in [b'/', b':', b'a', b' ', 0x80, 0xff, 0] {
                        let mut d = d.to_vec();
                        d[at] = bad;
                        assert_eq!(plain_digits(&d), None, "{d:?}");
                    }
                }
            }
        }
        assert_eq!(plain_digits(b"9999999999999999999"), Some(9_999_999_999_999_999_999));
        assert_eq!(plain_digits(b"00000000"), Some(0));
        assert_eq!(plain_digits(b"12345678"), Some(12_345_678));
    }

    #[test]
    fn integers_in_every_json_form() {
        assert_eq!(integer("0"), Some(0));
        assert_eq!(integer("-0"), Some(0));
        assert_eq!(integer("100000.000"), Some(100_000));
        assert_eq!(integer("1e5"), Some(100_000));
        assert_eq!(integer("1.5e1"), Some(15));
        assert_eq!(integer("150e-1"), Some(15));
        assert_eq!(integer("-9223372036854775808"), Some(i128::from(i64::MIN)));
        assert_eq!(integer("18446744073709551615"), Some(i128::from(u64::MAX)));
        assert_eq!(integer("0.5"), None);
        assert_eq!(integer("1e-1"), None);
        assert_eq!(integer("15e-1"), None);
        assert_eq!(integer("1e400"), None);
        assert_eq!(integer("0e400"), Some(0));
    }

    #[test]
    fn base64_both_alphabets_padded_or_not() {
        for (bytes, text) in [(&b""[..], ""), (b"f", "Zg=="), (b"fo", "Zm8="), (b"foo", "Zm9v"), (b"\xfb\xff", "+/8=")]
        {
            let mut out = String::new();
            push_base64(&mut out, bytes);
            assert_eq!(out, text);
            assert_eq!(base64(text).unwrap(), bytes);
            assert_eq!(base64(text.trim_end_matches('=')).unwrap(), bytes);
        }
        assert_eq!(base64("-_8").unwrap(), b"\xfb\xff");
        assert_eq!(base64("Z"), None);
        assert_eq!(base64("Zg="), None);
        assert_eq!(base64("Zm9v!"), None);
    }

    #[test]
    fn floats_print_shortest_and_read_back() {
        for v in [0.0, -0.0, 1.5, 0.1, 1e21, 1e-8, 123456789.0, f64::MAX, f64::MIN_POSITIVE, 5e-324] {
            let mut out = String::new();
            push_float(&mut out, v, false);
            assert_eq!(out.parse::<f64>().unwrap().to_bits(), v.to_bits(), "{out}");
        }
        let mut out = String::new();
        push_float(&mut out, f64::from(0.1f32), true);
        assert_eq!(out, "0.1");
    }
}
