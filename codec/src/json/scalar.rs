//! Scalars between fields and JSON: reading a stored value of any Rust
//! storage as one [`Scalar`], storing a parsed one back; the JSON mapping's
//! number and base64 forms.

use crate::access::{Mut, Ref};
use crate::table::{Base, Container, ScalarValue, Storage};

/// One scalar value as read from a field, whatever its Rust storage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Scalar<'a> {
    I32(i32),
    I64(i64),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    Bool(bool),
    Str(&'a str),
    Bytes(&'a [u8]),
}

/// A parsed value, to be stored in a field of any Rust storage of its kind.
#[derive(Debug)]
pub(crate) enum Owned {
    I32(i32),
    I64(i64),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
    Bool(bool),
    Str(String),
    Bytes(Vec<u8>),
}

/// The scalar element types, between `Scalar`/`Owned` and the stored type.
pub(crate) trait JsonScalar: ScalarValue
where
    Option<Self>: Storage,
    Vec<Self>: Storage,
{
    fn scalar(&self) -> Scalar<'_>;
    /// `None` when `owned` is not of this type's kind (an engine bug).
    fn from_owned(owned: Owned) -> Option<Self>;
}

macro_rules! copy_scalar {
    ($($ty:ty => $variant:ident,)*) => {$(
        impl JsonScalar for $ty {
            fn scalar(&self) -> Scalar<'_> {
                Scalar::$variant(*self)
            }
            fn from_owned(owned: Owned) -> Option<Self> {
                match owned {
                    Owned::$variant(v) => Some(v),
                    _ => None,
                }
            }
        }
    )*};
}
copy_scalar! {
    i32 => I32,
    i64 => I64,
    u32 => U32,
    u64 => U64,
    f32 => F32,
    f64 => F64,
    bool => Bool,
}

impl JsonScalar for String {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Str(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        match owned {
            Owned::Str(s) => Some(s),
            _ => None,
        }
    }
}

impl JsonScalar for Box<str> {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Str(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        String::from_owned(owned).map(String::into_boxed_str)
    }
}

impl JsonScalar for Vec<u8> {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Bytes(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        match owned {
            Owned::Bytes(b) => Some(b),
            _ => None,
        }
    }
}

impl JsonScalar for bytes::Bytes {
    fn scalar(&self) -> Scalar<'_> {
        Scalar::Bytes(self)
    }
    fn from_owned(owned: Owned) -> Option<Self> {
        Vec::<u8>::from_owned(owned).map(bytes::Bytes::from)
    }
}

/// Runs `$body` with `$T` naming the scalar Rust type of base `$base`.
macro_rules! with_base {
    ($base:expr, $T:ident => $body:expr) => {
        match $base {
            Base::I32 => {
                type $T = i32;
                $body
            }
            Base::I64 => {
                type $T = i64;
                $body
            }
            Base::U32 => {
                type $T = u32;
                $body
            }
            Base::U64 => {
                type $T = u64;
                $body
            }
            Base::F32 => {
                type $T = f32;
                $body
            }
            Base::F64 => {
                type $T = f64;
                $body
            }
            Base::Bool => {
                type $T = bool;
                $body
            }
            Base::String => {
                type $T = String;
                $body
            }
            Base::BoxStr => {
                type $T = Box<str>;
                $body
            }
            Base::VecU8 => {
                type $T = Vec<u8>;
                $body
            }
            Base::Bytes => {
                type $T = bytes::Bytes;
                $body
            }
            Base::Message => unreachable!("protowire: a message read as a scalar"),
        }
    };
}

/// Calls `f` with each value a scalar field holds: one for a plain value,
/// none or one for an `Option`, each element of a `Vec`.
pub(crate) fn for_each<'a>(value: Ref<'a>, base: Base, container: Container, mut f: impl FnMut(Scalar<'a>)) {
    with_base!(base, T => match container {
        Container::Option => {
            if let Some(v) = value.get::<Option<T>>() {
                f(v.scalar());
            }
        }
        Container::Vec => value.get::<Vec<T>>().iter().for_each(|v| f(v.scalar())),
        _ => f(value.get::<T>().scalar()),
    })
}

/// Stores `owned` in a scalar field: sets a plain value or an `Option`,
/// pushes onto a `Vec`. `false` if it is not of the field's kind.
pub(crate) fn store(value: Mut<'_>, base: Base, container: Container, owned: Owned) -> bool {
    with_base!(base, T => {
        let Some(v) = T::from_owned(owned) else { return false };
        match container {
            Container::Option => *value.get::<Option<T>>() = Some(v),
            Container::Vec => value.get::<Vec<T>>().push(v),
            _ => *value.get::<T>() = v,
        }
        true
    })
}

/// Whether a scalar is its type's default (zero, empty, false).
pub(crate) fn is_default(s: Scalar<'_>) -> bool {
    match s {
        Scalar::I32(v) => v == 0,
        Scalar::I64(v) => v == 0,
        Scalar::U32(v) => v == 0,
        Scalar::U64(v) => v == 0,
        // -0.0 is not the default: it is written on the wire too.
        Scalar::F32(v) => v.to_bits() == 0,
        Scalar::F64(v) => v.to_bits() == 0,
        Scalar::Bool(v) => !v,
        Scalar::Str(v) => v.is_empty(),
        Scalar::Bytes(v) => v.is_empty(),
    }
}

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
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
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
    // A lone leftover character carries fewer than 8 bits: not base64.
    if bits >= 6 {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

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
