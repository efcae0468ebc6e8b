//! Property tests of the wire layer and of every scalar codec, in prost's
//! style: for each wire type and each codec, the encoded length equals the
//! bytes written, the key decodes back to (number, wire type), the buffer is
//! fully consumed, and the value is equal after decoding (floats compared by
//! bits, NaN payloads included). A naive reference implementation (the
//! `naive` module) is the oracle for the fast one. Edge values are always
//! checked, by a plain test per codec, besides being mixed into the random
//! inputs.

mod common;

use std::fmt::Debug;

use common::AllScalars;
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use protowire::wire::{
    EncodedKey, MAX_FIELD_NUMBER, MAX_VARINT_LEN, WireType, encode_varint, read_fixed32, read_fixed64, read_key,
    read_len, read_len_delimited, read_varint, skip_field, varint_len, zigzag_decode32, zigzag_decode64,
    zigzag_encode32, zigzag_encode64,
};
use protowire::{DecodeErrorKind, Message};

/// Failures are reported, not written to `proptest-regressions/` next to
/// this file: a found case belongs in the edge lists below. The number of
/// cases is proptest's default (256), or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    ProptestConfig { failure_persistence: Some(Box::new(FileFailurePersistence::Off)), ..ProptestConfig::default() }
}

/// The obvious implementations, written for clarity and nothing else: the
/// oracle the library is compared with.
mod naive {
    /// Why a varint could not be read.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum VarintError {
        /// The input ended before a byte without a continuation bit.
        Truncated,
        /// More than 10 bytes, or a value of 2^64 or more.
        TooLong,
    }

    /// Base 128, least significant group first, high bit set on every byte
    /// but the last.
    pub fn varint(mut value: u64, out: &mut Vec<u8>) {
        loop {
            let group = (value % 128) as u8;
            value /= 128;
            if value == 0 {
                out.push(group);
                return;
            }
            out.push(group + 128);
        }
    }

    pub fn varint_vec(value: u64) -> Vec<u8> {
        let mut out = Vec::new();
        varint(value, &mut out);
        out
    }

    /// Finds the last byte of the varint, then adds up its groups in 128-bit
    /// arithmetic and checks the total fits in 64 bits.
    pub fn read_varint(bytes: &[u8]) -> Result<(u64, usize), VarintError> {
        let Some(last) = bytes.iter().position(|&b| b < 128) else {
            return Err(if bytes.len() >= 10 { VarintError::TooLong } else { VarintError::Truncated });
        };
        let groups = &bytes[..=last];
        if groups.len() > 10 {
            return Err(VarintError::TooLong);
        }
        let mut total: u128 = 0;
        for (i, &b) in groups.iter().enumerate() {
            total += u128::from(b % 128) * 128u128.pow(i as u32);
        }
        u64::try_from(total).map(|v| (v, groups.len())).map_err(|_| VarintError::TooLong)
    }

    pub fn key(number: u32, wire_type: u8) -> Vec<u8> {
        varint_vec(u64::from(number) * 8 + u64::from(wire_type))
    }

    /// 0, -1, 1, -2, 2 … → 0, 1, 2, 3, 4 …
    pub fn zigzag32(v: i32) -> u32 {
        let v = i64::from(v);
        (if v >= 0 { 2 * v } else { -2 * v - 1 }) as u32
    }

    pub fn zigzag64(v: i64) -> u64 {
        let v = i128::from(v);
        (if v >= 0 { 2 * v } else { -2 * v - 1 }) as u64
    }

    pub fn unzigzag64(u: u64) -> i64 {
        let u = i128::from(u);
        (if u % 2 == 0 { u / 2 } else { -(u + 1) / 2 }) as i64
    }

    /// `width` bytes, least significant first.
    pub fn little_endian(value: u64, width: usize, out: &mut Vec<u8>) {
        for i in 0..width {
            out.push((value >> (8 * i)) as u8);
        }
    }
}

#[test]
fn naive_oracle_agrees_with_the_spec_examples() {
    assert_eq!(naive::varint_vec(150), [0x96, 0x01]);
    assert_eq!(naive::varint_vec(u64::MAX).len(), 10);
    assert_eq!(naive::key(1, 0), [0x08]);
    assert_eq!(naive::zigzag32(-1), 1);
    assert_eq!(naive::zigzag64(i64::MIN), u64::MAX);
    assert_eq!(naive::unzigzag64(u64::MAX), i64::MIN);
}

// ---------------------------------------------------------------------------
// Varints, zigzag, fixed values, keys, lengths.

/// u64s spread over every bit width, not mostly 64-bit ones.
fn any_width_u64() -> impl Strategy<Value = u64> {
    prop_oneof![
        (0u32..64, any::<u64>()).prop_map(|(shift, v)| v >> shift),
        prop::sample::select(vec![
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            (1 << 31) - 1,
            1 << 31,
            u64::from(u32::MAX),
            i64::MAX as u64,
            1 << 63,
            u64::MAX,
        ]),
    ]
}

/// Byte strings that look like varints: mostly continuation bytes.
fn varint_like_bytes() -> impl Strategy<Value = Vec<u8>> {
    vec(prop_oneof![3 => 0x80u8..=0xff, 1 => any::<u8>()], 0..=13)
}

fn field_number() -> impl Strategy<Value = u32> {
    prop_oneof![1u32..=15, 16u32..=2047, 1..=MAX_FIELD_NUMBER, Just(MAX_FIELD_NUMBER),]
}

const WIRE_TYPES: [WireType; 6] =
    [WireType::Varint, WireType::I64, WireType::Len, WireType::StartGroup, WireType::EndGroup, WireType::I32];

proptest! {
    #![proptest_config(config())]

    #[test]
    fn varint_encode_matches_naive(value in any_width_u64(), suffix in vec(any::<u8>(), 0..4)) {
        let expected = naive::varint_vec(value);
        let mut out = [0u8; MAX_VARINT_LEN];
        let n = encode_varint(value, &mut out);
        prop_assert_eq!(&out[..n], &expected[..]);
        prop_assert_eq!(varint_len(value), expected.len());
        // Read back with a suffix: exactly the varint is consumed.
        let mut input = expected.clone();
        input.extend_from_slice(&suffix);
        let mut buf = &input[..];
        prop_assert_eq!(read_varint(&mut buf)?, value);
        prop_assert_eq!(buf, &suffix[..]);
    }

    #[test]
    fn varint_decode_of_arbitrary_bytes_matches_naive(bytes in varint_like_bytes()) {
        let mut buf = &bytes[..];
        match (read_varint(&mut buf), naive::read_varint(&bytes)) {
            (Ok(value), Ok((expected, used))) => {
                prop_assert_eq!(value, expected);
                prop_assert_eq!(bytes.len() - buf.len(), used);
            }
            (Err(err), Err(expected)) => {
                let kind = match err.kind() {
                    DecodeErrorKind::Truncated { .. } => naive::VarintError::Truncated,
                    DecodeErrorKind::VarintTooLong => naive::VarintError::TooLong,
                    other => return Err(TestCaseError::fail(format!("unexpected error {other:?}"))),
                };
                prop_assert_eq!(kind, expected);
                // A failed read leaves the input where the varint started.
                prop_assert_eq!(buf.len(), bytes.len());
            }
            (got, expected) => {
                return Err(TestCaseError::fail(format!("library {got:?}, naive {expected:?}")));
            }
        }
    }

    #[test]
    fn varint_over_ten_bytes_or_tenth_byte_above_one_is_rejected(
        low in vec(0x80u8..=0xff, 9),
        tenth in any::<u8>(),
        rest in vec(any::<u8>(), 0..3),
    ) {
        let mut input = low.clone();
        input.push(tenth);
        input.extend_from_slice(&rest);
        let mut buf = &input[..];
        let result = read_varint(&mut buf);
        if tenth <= 1 {
            // Bit 63 only: still a u64, consumed in exactly 10 bytes.
            let value = result?;
            prop_assert_eq!(value >> 63, u64::from(tenth));
            prop_assert_eq!(buf.len(), rest.len());
        } else {
            // Either bits above 63 or an 11th byte: too long either way.
            let err = result.unwrap_err();
            prop_assert_eq!(err.kind(), &DecodeErrorKind::VarintTooLong);
            prop_assert_eq!(buf.len(), input.len());
        }
    }

    #[test]
    fn zigzag_matches_naive_and_inverts(a in any::<i32>(), b in any::<i64>(), c in any::<u32>(), d in any::<u64>()) {
        prop_assert_eq!(zigzag_encode32(a), naive::zigzag32(a));
        prop_assert_eq!(zigzag_decode32(zigzag_encode32(a)), a);
        prop_assert_eq!(zigzag_encode32(zigzag_decode32(c)), c);
        prop_assert_eq!(zigzag_encode64(b), naive::zigzag64(b));
        prop_assert_eq!(zigzag_decode64(zigzag_encode64(b)), b);
        prop_assert_eq!(zigzag_decode64(d), naive::unzigzag64(d));
        prop_assert_eq!(zigzag_encode64(zigzag_decode64(d)), d);
    }

    #[test]
    fn fixed_values_are_little_endian(bytes in vec(any::<u8>(), 0..12)) {
        let mut buf = &bytes[..];
        match read_fixed32(&mut buf) {
            Ok(value) => {
                let mut expected = Vec::new();
                naive::little_endian(u64::from(value), 4, &mut expected);
                prop_assert_eq!(&bytes[..4], &expected[..]);
                prop_assert_eq!(buf, &bytes[4..]);
            }
            Err(err) => {
                prop_assert!(bytes.len() < 4);
                let truncated = matches!(err.kind(), DecodeErrorKind::Truncated { .. });
                prop_assert!(truncated, "{:?}", err);
                prop_assert_eq!(buf.len(), bytes.len());
            }
        }
        let mut buf = &bytes[..];
        match read_fixed64(&mut buf) {
            Ok(value) => {
                let mut expected = Vec::new();
                naive::little_endian(value, 8, &mut expected);
                prop_assert_eq!(&bytes[..8], &expected[..]);
                prop_assert_eq!(buf, &bytes[8..]);
            }
            Err(err) => {
                prop_assert!(bytes.len() < 8);
                let truncated = matches!(err.kind(), DecodeErrorKind::Truncated { .. });
                prop_assert!(truncated, "{:?}", err);
                prop_assert_eq!(buf.len(), bytes.len());
            }
        }
    }

    #[test]
    fn keys_round_trip_for_every_number_and_wire_type(number in field_number(), suffix in vec(any::<u8>(), 0..3)) {
        for wire_type in WIRE_TYPES {
            let key = EncodedKey::new(number, wire_type);
            let expected = naive::key(number, wire_type as u8);
            prop_assert_eq!(key.as_bytes(), &expected[..]);
            prop_assert_eq!(key.len(), expected.len());
            for other in WIRE_TYPES {
                prop_assert_eq!(key.with_wire_type(other), EncodedKey::new(number, other));
            }
            let mut input = expected.clone();
            input.extend_from_slice(&suffix);
            let mut buf = &input[..];
            prop_assert_eq!(read_key(&mut buf)?, (number, wire_type));
            prop_assert_eq!(buf, &suffix[..]);
        }
    }

    #[test]
    fn bad_keys_are_rejected(number in prop_oneof![Just(0u64), (u64::from(MAX_FIELD_NUMBER) + 1)..(1u64 << 61)], wire_type in 0u8..8) {
        let input = naive::varint_vec(number * 8 + u64::from(wire_type));
        let err = read_key(&mut &input[..]).unwrap_err();
        if wire_type >= 6 {
            prop_assert_eq!(err.kind(), &DecodeErrorKind::InvalidWireType(wire_type));
        } else {
            prop_assert_eq!(err.kind(), &DecodeErrorKind::InvalidFieldNumber(number));
        }
        // And a good number with wire type 6 or 7.
        let input = naive::key(1, 6 + wire_type % 2);
        let err = read_key(&mut &input[..]).unwrap_err();
        prop_assert_eq!(err.kind(), &DecodeErrorKind::InvalidWireType(6 + wire_type % 2));
    }

    #[test]
    fn length_prefix_is_checked_against_what_remains(claimed in 0u64..64, have in vec(any::<u8>(), 0..48)) {
        let mut input = naive::varint_vec(claimed);
        let prefix = input.len();
        input.extend_from_slice(&have);
        let mut buf = &input[..];
        match read_len_delimited(&mut buf) {
            Ok(value) => {
                prop_assert!(claimed as usize <= have.len());
                prop_assert_eq!(value, &have[..claimed as usize]);
                prop_assert_eq!(buf, &have[claimed as usize..]);
            }
            Err(err) => {
                prop_assert!(claimed as usize > have.len());
                prop_assert_eq!(err.kind(), &DecodeErrorKind::LengthPastEnd { len: claimed, remaining: have.len() });
            }
        }
        let mut buf = &input[..];
        if let Ok(len) = read_len(&mut buf) {
            prop_assert_eq!(len as u64, claimed);
            prop_assert_eq!(buf.len(), input.len() - prefix);
        }
    }
}

// ---------------------------------------------------------------------------
// Skipping: every wire type, groups nested in groups, random contents.

/// One field value of any wire type, as the oracle writes it.
#[derive(Clone, Debug)]
enum WireValue {
    /// A varint, padded with `pad` redundant zero groups (still at most 10 bytes).
    Varint(u64, usize),
    I64(u64),
    I32(u32),
    Len(Vec<u8>),
    /// The fields between a start-group key and its end-group key.
    Group(Vec<(u32, WireValue)>),
}

impl WireValue {
    fn wire_type(&self) -> WireType {
        match self {
            WireValue::Varint(..) => WireType::Varint,
            WireValue::I64(_) => WireType::I64,
            WireValue::I32(_) => WireType::I32,
            WireValue::Len(_) => WireType::Len,
            WireValue::Group(_) => WireType::StartGroup,
        }
    }

    /// Writes the value (not its key; a group's end key included).
    fn write(&self, number: u32, out: &mut Vec<u8>) {
        match self {
            WireValue::Varint(value, pad) => {
                let start = out.len();
                naive::varint(*value, out);
                let pad = (*pad).min(10 - (out.len() - start));
                if pad > 0 {
                    *out.last_mut().unwrap() |= 0x80;
                    out.extend(std::iter::repeat_n(0x80, pad - 1));
                    out.push(0);
                }
            }
            WireValue::I64(v) => naive::little_endian(*v, 8, out),
            WireValue::I32(v) => naive::little_endian(u64::from(*v), 4, out),
            WireValue::Len(bytes) => {
                naive::varint(bytes.len() as u64, out);
                out.extend_from_slice(bytes);
            }
            WireValue::Group(fields) => {
                for (inner, value) in fields {
                    out.extend(naive::key(*inner, value.wire_type() as u8));
                    value.write(*inner, out);
                }
                out.extend(naive::key(number, WireType::EndGroup as u8));
            }
        }
    }
}

fn wire_value() -> impl Strategy<Value = WireValue> {
    let leaf = prop_oneof![
        (any_width_u64(), 0usize..4).prop_map(|(v, pad)| WireValue::Varint(v, pad)),
        any::<u64>().prop_map(WireValue::I64),
        any::<u32>().prop_map(WireValue::I32),
        vec(any::<u8>(), 0..40).prop_map(WireValue::Len),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| vec((field_number(), inner), 0..5).prop_map(WireValue::Group))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn skip_field_consumes_exactly_one_field(
        number in field_number(),
        value in wire_value(),
        suffix in vec(any::<u8>(), 0..4),
    ) {
        let mut input = naive::key(number, value.wire_type() as u8);
        let key_len = input.len();
        value.write(number, &mut input);
        let field_end = input.len();
        input.extend_from_slice(&suffix);

        let mut buf = &input[..];
        let (read_number, wire_type) = read_key(&mut buf)?;
        prop_assert_eq!((read_number, wire_type), (number, value.wire_type()));
        prop_assert_eq!(buf.len(), input.len() - key_len);
        skip_field(wire_type, number, &mut buf, 100)?;
        prop_assert_eq!(input.len() - buf.len(), field_end);
        prop_assert_eq!(buf, &suffix[..]);

        // The readers for the wire type get the value back.
        let mut buf = &input[key_len..];
        match &value {
            WireValue::Varint(v, _) => prop_assert_eq!(read_varint(&mut buf)?, *v),
            WireValue::I64(v) => prop_assert_eq!(read_fixed64(&mut buf)?, *v),
            WireValue::I32(v) => prop_assert_eq!(read_fixed32(&mut buf)?, *v),
            WireValue::Len(bytes) => prop_assert_eq!(read_len_delimited(&mut buf)?, &bytes[..]),
            WireValue::Group(_) => buf = &input[field_end..],
        }
        prop_assert_eq!(buf, &suffix[..]);
    }

    #[test]
    fn skip_field_of_a_cut_field_is_an_error(number in field_number(), value in wire_value()) {
        let mut input = naive::key(number, value.wire_type() as u8);
        let key_len = input.len();
        value.write(number, &mut input);
        for cut in key_len..input.len() {
            let mut buf = &input[key_len..cut];
            prop_assert!(skip_field(value.wire_type(), number, &mut buf, 100).is_err(), "cut at {}", cut);
        }
    }

    #[test]
    fn skip_field_rejects_a_stray_end_group_and_groups_past_the_limit(
        number in field_number(),
        depth in 0u32..8,
    ) {
        let mut buf: &[u8] = &[0x08, 0x01];
        let err = skip_field(WireType::EndGroup, number, &mut buf, 100).unwrap_err();
        prop_assert_eq!(err.kind(), &DecodeErrorKind::UnexpectedEndGroup(number));

        // `depth + 1` nested groups need a budget of `depth + 1`.
        let mut nested = Vec::new();
        for _ in 0..depth {
            nested.extend(naive::key(number, WireType::StartGroup as u8));
        }
        for _ in 0..=depth {
            nested.extend(naive::key(number, WireType::EndGroup as u8));
        }
        let mut buf = &nested[..];
        skip_field(WireType::StartGroup, number, &mut buf, depth + 1)?;
        prop_assert!(buf.is_empty());
        let err = skip_field(WireType::StartGroup, number, &mut &nested[..], depth).unwrap_err();
        prop_assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit);
    }
}

// ---------------------------------------------------------------------------
// Every scalar codec through a real message (`AllScalars`): implicit,
// optional and packed fields.

/// One scalar codec, its fields in [`AllScalars`], and how the oracle writes
/// its values.
trait Scalar {
    type V: Copy + Debug + Default + PartialEq + 'static;
    /// The wire type of one value.
    const WIRE_TYPE: WireType;
    const IMPLICIT: u32;
    const OPTIONAL: u32;
    const PACKED: u32;
    fn implicit(m: &mut AllScalars) -> &mut Self::V;
    fn optional(m: &mut AllScalars) -> &mut Option<Self::V>;
    fn packed(m: &mut AllScalars) -> &mut Vec<Self::V>;
    /// The value's bytes on the wire, written the obvious way.
    fn oracle(v: Self::V, out: &mut Vec<u8>);
    /// The value read from a raw wire value (a varint, or the fixed bits).
    fn from_raw(raw: u64) -> Self::V;
    /// Equality that tells NaN payloads and -0.0 apart.
    fn bits(v: Self::V) -> u64;
    fn edges() -> Vec<Self::V>;
    fn any() -> BoxedStrategy<Self::V>;
}

/// The edge values every integer codec is checked at, where they fit its type.
const INT_EDGES: [i128; 20] = [
    0,
    1,
    127,
    128,
    16_383,
    16_384,
    63,
    64,
    -64,
    -65,
    (1 << 31) - 1,
    1 << 31,
    -1,
    i32::MIN as i128,
    u32::MAX as i128,
    i64::MIN as i128,
    i64::MAX as i128,
    1 << 63,
    u64::MAX as i128,
    -2,
];

fn int_edges<T: TryFrom<i128>>() -> Vec<T> {
    INT_EDGES.iter().filter_map(|&e| T::try_from(e).ok()).collect()
}

const F32_EDGES: [u32; 14] = [
    0x0000_0000, // +0.0: the default, not written under implicit presence
    0x8000_0000, // -0.0: written
    0x3f80_0000, // 1.0
    0xbf80_0000, // -1.0
    0x7f80_0000, // +inf
    0xff80_0000, // -inf
    0x7fc0_0000, // the canonical quiet NaN
    0x7fc0_0001, // quiet NaN with a payload
    0x7f80_0001, // signalling NaN
    0xffff_ffff, // negative NaN, every payload bit set
    0x0000_0001, // smallest subnormal
    0x0080_0000, // smallest normal
    0x7f7f_ffff, // largest finite
    0x0000_0080, // a subnormal whose low byte has the varint continuation bit
];

const F64_EDGES: [u64; 12] = [
    0x0000_0000_0000_0000,
    0x8000_0000_0000_0000,
    0x3ff0_0000_0000_0000,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0x7ff8_0000_0000_0001,
    0x7ff0_0000_0000_0001,
    0xffff_ffff_ffff_ffff,
    0x0000_0000_0000_0001,
    0x7fef_ffff_ffff_ffff,
    0x0010_0000_0000_0000,
];

fn f32_any() -> BoxedStrategy<f32> {
    prop_oneof![
        any::<u32>().prop_map(f32::from_bits),
        // NaNs with random payloads and sign: exponent all ones, mantissa not 0.
        any::<u32>().prop_map(|p| f32::from_bits(0x7f80_0000 | (p & 0x807f_ffff) | 1)),
        prop::sample::select(F32_EDGES.to_vec()).prop_map(f32::from_bits),
    ]
    .boxed()
}

fn f64_any() -> BoxedStrategy<f64> {
    prop_oneof![
        any::<u64>().prop_map(f64::from_bits),
        any::<u64>().prop_map(|p| f64::from_bits(0x7ff0_0000_0000_0000 | (p & 0x800f_ffff_ffff_ffff) | 1)),
        prop::sample::select(F64_EDGES.to_vec()).prop_map(f64::from_bits),
    ]
    .boxed()
}

fn int_any<T: TryFrom<i128> + Arbitrary + Clone + Debug + 'static>() -> BoxedStrategy<T> {
    prop_oneof![any::<T>(), prop::sample::select(int_edges::<T>())].boxed()
}

macro_rules! scalar {
    ($case:ident, $ty:ty, $wt:ident, $imp:ident = $ni:literal, $opt:ident = $no:literal, $pk:ident = $np:literal,
     oracle: |$ov:ident, $out:ident| $oracle:expr,
     from_raw: |$raw:ident| $from_raw:expr,
     bits: |$bv:ident| $bits:expr,
     edges: $edges:expr,
     any: $any:expr) => {
        struct $case;
        impl Scalar for $case {
            type V = $ty;
            const WIRE_TYPE: WireType = WireType::$wt;
            const IMPLICIT: u32 = $ni;
            const OPTIONAL: u32 = $no;
            const PACKED: u32 = $np;
            fn implicit(m: &mut AllScalars) -> &mut $ty {
                &mut m.$imp
            }
            fn optional(m: &mut AllScalars) -> &mut Option<$ty> {
                &mut m.$opt
            }
            fn packed(m: &mut AllScalars) -> &mut Vec<$ty> {
                &mut m.$pk
            }
            fn oracle($ov: $ty, $out: &mut Vec<u8>) {
                $oracle
            }
            fn from_raw($raw: u64) -> $ty {
                $from_raw
            }
            fn bits($bv: $ty) -> u64 {
                $bits
            }
            fn edges() -> Vec<$ty> {
                $edges
            }
            fn any() -> BoxedStrategy<$ty> {
                $any
            }
        }
    };
}

scalar!(Int32, i32, Varint, int32 = 1, opt_int32 = 1000, packed_int32 = 2047,
    oracle: |v, out| naive::varint(i64::from(v) as u64, out), // sign-extended: 10 bytes when negative
    from_raw: |raw| raw as i32,
    bits: |v| u64::from(v as u32),
    edges: int_edges(), any: int_any());
scalar!(Int64, i64, Varint, int64 = 2, opt_int64 = 1001, packed_int64 = 2048,
    oracle: |v, out| naive::varint(v as u64, out),
    from_raw: |raw| raw as i64,
    bits: |v| v as u64,
    edges: int_edges(), any: int_any());
scalar!(UInt32, u32, Varint, uint32 = 3, opt_uint32 = 1002, packed_uint32 = 16_383,
    oracle: |v, out| naive::varint(u64::from(v), out),
    from_raw: |raw| raw as u32,
    bits: |v| u64::from(v),
    edges: int_edges(), any: int_any());
scalar!(UInt64, u64, Varint, uint64 = 4, opt_uint64 = 1003, packed_uint64 = 262_143,
    oracle: |v, out| naive::varint(v, out),
    from_raw: |raw| raw,
    bits: |v| v,
    edges: int_edges(), any: int_any());
scalar!(SInt32, i32, Varint, sint32 = 5, opt_sint32 = 1004, packed_sint32 = 262_144,
    oracle: |v, out| naive::varint(u64::from(naive::zigzag32(v)), out),
    from_raw: |raw| naive::unzigzag64(u64::from(raw as u32)) as i32,
    bits: |v| u64::from(v as u32),
    edges: int_edges(), any: int_any());
scalar!(SInt64, i64, Varint, sint64 = 6, opt_sint64 = 1005, packed_sint64 = 1_000_000,
    oracle: |v, out| naive::varint(naive::zigzag64(v), out),
    from_raw: |raw| naive::unzigzag64(raw),
    bits: |v| v as u64,
    edges: int_edges(), any: int_any());
scalar!(Bool, bool, Varint, bool = 7, opt_bool = 1006, packed_bool = 33_554_431,
    oracle: |v, out| out.push(u8::from(v)),
    from_raw: |raw| raw != 0,
    bits: |v| u64::from(v),
    edges: vec![false, true], any: any::<bool>().boxed());
scalar!(Fixed32, u32, I32, fixed32 = 8, opt_fixed32 = 1007, packed_fixed32 = 33_554_432,
    oracle: |v, out| naive::little_endian(u64::from(v), 4, out),
    from_raw: |raw| raw as u32,
    bits: |v| u64::from(v),
    edges: int_edges(), any: int_any());
scalar!(Fixed64, u64, I64, fixed64 = 9, opt_fixed64 = 1008, packed_fixed64 = 100_000_000,
    oracle: |v, out| naive::little_endian(v, 8, out),
    from_raw: |raw| raw,
    bits: |v| v,
    edges: int_edges(), any: int_any());
scalar!(SFixed32, i32, I32, sfixed32 = 10, opt_sfixed32 = 1009, packed_sfixed32 = 268_435_456,
    oracle: |v, out| naive::little_endian(u64::from(v as u32), 4, out),
    from_raw: |raw| raw as u32 as i32,
    bits: |v| u64::from(v as u32),
    edges: int_edges(), any: int_any());
scalar!(SFixed64, i64, I64, sfixed64 = 11, opt_sfixed64 = 1010, packed_sfixed64 = 536_870_909,
    oracle: |v, out| naive::little_endian(v as u64, 8, out),
    from_raw: |raw| raw as i64,
    bits: |v| v as u64,
    edges: int_edges(), any: int_any());
scalar!(Float, f32, I32, float = 12, opt_float = 1011, packed_float = 536_870_910,
    oracle: |v, out| naive::little_endian(u64::from(v.to_bits()), 4, out),
    from_raw: |raw| f32::from_bits(raw as u32),
    bits: |v| u64::from(v.to_bits()),
    edges: F32_EDGES.iter().copied().map(f32::from_bits).collect(), any: f32_any());
scalar!(Double, f64, I64, double = 13, opt_double = 1012, packed_double = 536_870_911,
    oracle: |v, out| naive::little_endian(v.to_bits(), 8, out),
    from_raw: |raw| f64::from_bits(raw),
    bits: |v| v.to_bits(),
    edges: F64_EDGES.iter().copied().map(f64::from_bits).collect(), any: f64_any());

fn oracle_bytes<S: Scalar>(v: S::V) -> Vec<u8> {
    let mut out = Vec::new();
    S::oracle(v, &mut out);
    out
}

/// Checks that `bytes` is exactly one field `number` holding `v`: as the
/// oracle writes it, and read back by key and codec to the last byte.
fn check_one_field<S: Scalar>(bytes: &[u8], number: u32, v: S::V) -> Result<(), TestCaseError> {
    let mut expected = naive::key(number, S::WIRE_TYPE as u8);
    S::oracle(v, &mut expected);
    prop_assert_eq!(bytes, &expected[..]);
    let mut buf = bytes;
    prop_assert_eq!(read_key(&mut buf)?, (number, S::WIRE_TYPE));
    prop_assert_eq!(buf, &oracle_bytes::<S>(v)[..]);
    Ok(())
}

/// Encodes `msg`, checks the size pass against the bytes written, decodes
/// the bytes back and checks that re-encoding them gives the same bytes.
fn round_trip(msg: &AllScalars) -> Result<(Vec<u8>, AllScalars), TestCaseError> {
    let bytes = msg.encode_to_vec()?;
    prop_assert_eq!(msg.encoded_len(), bytes.len());
    let decoded = AllScalars::decode(&bytes[..])?;
    prop_assert!(decoded.unknown.is_empty());
    prop_assert_eq!(decoded.encode_to_vec()?, bytes.clone());
    Ok((bytes, decoded))
}

fn check_single<S: Scalar>(v: S::V) -> Result<(), TestCaseError> {
    // Implicit presence: written unless the default (only the all-zero bit
    // pattern is the default: -0.0 is written).
    let mut msg = AllScalars::default();
    *S::implicit(&mut msg) = v;
    let (bytes, mut decoded) = round_trip(&msg)?;
    if S::bits(v) == 0 {
        prop_assert!(bytes.is_empty());
    } else {
        check_one_field::<S>(&bytes, S::IMPLICIT, v)?;
    }
    prop_assert_eq!(S::bits(*S::implicit(&mut decoded)), S::bits(v));
    *S::implicit(&mut decoded) = S::V::default();
    prop_assert_eq!(&decoded, &AllScalars::default());

    // Explicit presence: always written, the default included.
    let mut msg = AllScalars::default();
    *S::optional(&mut msg) = Some(v);
    let (bytes, mut decoded) = round_trip(&msg)?;
    check_one_field::<S>(&bytes, S::OPTIONAL, v)?;
    prop_assert_eq!(S::optional(&mut decoded).map(S::bits), Some(S::bits(v)));
    *S::optional(&mut decoded) = None;
    prop_assert_eq!(&decoded, &AllScalars::default());
    Ok(())
}

fn check_packed<S: Scalar>(values: &[S::V]) -> Result<(), TestCaseError> {
    let mut msg = AllScalars::default();
    S::packed(&mut msg).extend_from_slice(values);
    let (bytes, mut decoded) = round_trip(&msg)?;
    let bits: Vec<u64> = values.iter().map(|&v| S::bits(v)).collect();
    let decoded_bits: Vec<u64> = S::packed(&mut decoded).iter().map(|&v| S::bits(v)).collect();
    prop_assert_eq!(&decoded_bits, &bits);
    S::packed(&mut decoded).clear();
    prop_assert_eq!(&decoded, &AllScalars::default());

    if values.is_empty() {
        prop_assert!(bytes.is_empty());
        return Ok(());
    }
    let body: Vec<u8> = values.iter().flat_map(|&v| oracle_bytes::<S>(v)).collect();
    let mut expected = naive::key(S::PACKED, WireType::Len as u8);
    naive::varint(body.len() as u64, &mut expected);
    expected.extend_from_slice(&body);
    prop_assert_eq!(&bytes, &expected);

    // Key, length, then exactly the values.
    let mut buf = &bytes[..];
    prop_assert_eq!(read_key(&mut buf)?, (S::PACKED, WireType::Len));
    let run = read_len_delimited(&mut buf)?;
    prop_assert!(buf.is_empty());
    prop_assert_eq!(run, &body[..]);

    // The same values unpacked (one key each), and packed in two runs, decode
    // to the same field.
    let mut unpacked = Vec::new();
    for &v in values {
        unpacked.extend(naive::key(S::PACKED, S::WIRE_TYPE as u8));
        S::oracle(v, &mut unpacked);
    }
    let mut from_unpacked = AllScalars::decode(&unpacked[..])?;
    let got: Vec<u64> = S::packed(&mut from_unpacked).iter().map(|&v| S::bits(v)).collect();
    prop_assert_eq!(&got, &bits);

    let (first, second) = values.split_at(values.len() / 2);
    let mut two_runs = AllScalars::default();
    S::packed(&mut two_runs).extend_from_slice(first);
    let mut joined = two_runs.encode_to_vec()?;
    S::packed(&mut two_runs).clear();
    S::packed(&mut two_runs).extend_from_slice(second);
    joined.extend(two_runs.encode_to_vec()?);
    let mut from_runs = AllScalars::decode(&joined[..])?;
    let got: Vec<u64> = S::packed(&mut from_runs).iter().map(|&v| S::bits(v)).collect();
    prop_assert_eq!(&got, &bits);
    Ok(())
}

/// Any raw wire value of the right wire type decodes as the spec says
/// (varints truncated to 32 bits for 32-bit kinds, any non-zero as `true`),
/// last value winning.
fn check_raw<S: Scalar>(raw: u64, earlier: S::V) -> Result<(), TestCaseError> {
    let mut input = naive::key(S::IMPLICIT, S::WIRE_TYPE as u8);
    S::oracle(earlier, &mut input);
    input.extend(naive::key(S::IMPLICIT, S::WIRE_TYPE as u8));
    match S::WIRE_TYPE {
        WireType::Varint => naive::varint(raw, &mut input),
        WireType::I32 => naive::little_endian(raw, 4, &mut input),
        _ => naive::little_endian(raw, 8, &mut input),
    }
    let mut decoded = AllScalars::decode(&input[..])?;
    prop_assert_eq!(S::bits(*S::implicit(&mut decoded)), S::bits(S::from_raw(raw)));
    Ok(())
}

fn check_edges<S: Scalar>() -> Result<(), TestCaseError> {
    let edges = S::edges();
    for &v in &edges {
        check_single::<S>(v)?;
        check_packed::<S>(&[v])?;
        check_raw::<S>(S::bits(v), v)?;
    }
    check_packed::<S>(&edges)?;
    check_packed::<S>(&[])?;
    Ok(())
}

macro_rules! scalar_props {
    ($($module:ident: $case:ident;)*) => {$(
        mod $module {
            use super::*;

            #[test]
            fn edges() {
                if let Err(err) = check_edges::<$case>() {
                    panic!("{err}");
                }
            }

            proptest! {
                #![proptest_config(config())]

                #[test]
                fn single(v in <$case as Scalar>::any()) {
                    check_single::<$case>(v)?;
                }

                #[test]
                fn packed(values in vec(<$case as Scalar>::any(), 0..40)) {
                    check_packed::<$case>(&values)?;
                }

                #[test]
                fn any_raw_value_decodes(raw in any_width_u64(), earlier in <$case as Scalar>::any()) {
                    check_raw::<$case>(raw, earlier)?;
                }
            }
        }
    )*};
}

scalar_props! {
    int32: Int32;
    int64: Int64;
    uint32: UInt32;
    uint64: UInt64;
    sint32: SInt32;
    sint64: SInt64;
    bool: Bool;
    fixed32: Fixed32;
    fixed64: Fixed64;
    sfixed32: SFixed32;
    sfixed64: SFixed64;
    float: Float;
    double: Double;
}

#[test]
fn negative_int32_takes_ten_bytes_and_minus_zero_is_written() {
    let msg = AllScalars { int32: -1, float: -0.0, double: -0.0, ..AllScalars::default() };
    let bytes = msg.encode_to_vec().unwrap();
    #[rustfmt::skip]
    let expected = [
        &[0x08][..], &[0xff; 9], &[0x01],           // int32 = -1
        &[0x65, 0, 0, 0, 0x80],                     // float = -0.0
        &[0x69, 0, 0, 0, 0, 0, 0, 0, 0x80],         // double = -0.0
    ]
    .concat();
    assert_eq!(bytes, expected);
    let back = AllScalars::decode(&bytes[..]).unwrap();
    assert_eq!(back.float.to_bits(), (-0.0f32).to_bits());
    assert_eq!(back.double.to_bits(), (-0.0f64).to_bits());
}

// ---------------------------------------------------------------------------
// string and bytes.

fn check_len_field(number: u32, content: &[u8], bytes: &[u8]) -> Result<(), TestCaseError> {
    if content.is_empty() {
        prop_assert!(bytes.is_empty());
        return Ok(());
    }
    let mut expected = naive::key(number, WireType::Len as u8);
    naive::varint(content.len() as u64, &mut expected);
    expected.extend_from_slice(content);
    prop_assert_eq!(bytes, &expected[..]);
    let mut buf = bytes;
    prop_assert_eq!(read_key(&mut buf)?, (number, WireType::Len));
    prop_assert_eq!(read_len_delimited(&mut buf)?, content);
    prop_assert!(buf.is_empty());
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn string_round_trips(s in prop_oneof![".{0,40}", ".{120,200}"]) {
        let msg = AllScalars { string: s.clone(), ..AllScalars::default() };
        let (bytes, decoded) = round_trip(&msg)?;
        check_len_field(14, s.as_bytes(), &bytes)?;
        prop_assert_eq!(decoded, msg);
    }

    #[test]
    fn bytes_round_trip(b in prop_oneof![vec(any::<u8>(), 0..40), vec(any::<u8>(), 120..300)]) {
        let msg = AllScalars { bytes: b.clone(), ..AllScalars::default() };
        let (bytes, decoded) = round_trip(&msg)?;
        check_len_field(15, &b, &bytes)?;
        prop_assert_eq!(decoded, msg);
    }

    #[test]
    fn string_fields_accept_exactly_utf8(content in vec(any::<u8>(), 0..16)) {
        let mut input = naive::key(14, WireType::Len as u8);
        naive::varint(content.len() as u64, &mut input);
        input.extend_from_slice(&content);
        match (std::str::from_utf8(&content), AllScalars::decode(&input[..])) {
            (Ok(text), Ok(msg)) => prop_assert_eq!(msg.string, text),
            (Err(_), Err(err)) => prop_assert_eq!(err.kind(), &DecodeErrorKind::InvalidUtf8),
            (utf8, decoded) => {
                return Err(TestCaseError::fail(format!("from_utf8 {utf8:?}, decode {decoded:?}")));
            }
        }
    }

    /// Every field at once, in random combinations: the size pass and the
    /// write pass agree and the message survives the trip.
    #[test]
    fn whole_message_round_trips(
        ints in (int_any::<i32>(), int_any::<i64>(), int_any::<u32>(), int_any::<u64>()),
        floats in (f32_any(), f64_any()),
        packed in (vec(int_any::<i32>(), 0..8), vec(f64_any(), 0..4), vec(any::<bool>(), 0..4)),
        opts in (prop::option::of(int_any::<i64>()), prop::option::of(f32_any())),
        s in ".{0,20}",
    ) {
        let msg = AllScalars {
            int32: ints.0, sint32: ints.0, sfixed32: ints.0,
            int64: ints.1, sint64: ints.1, sfixed64: ints.1,
            uint32: ints.2, fixed32: ints.2,
            uint64: ints.3, fixed64: ints.3,
            float: floats.0, double: floats.1,
            packed_int32: packed.0.clone(), packed_sint32: packed.0,
            packed_double: packed.1, packed_bool: packed.2,
            opt_sint64: opts.0, opt_float: opts.1,
            string: s,
            ..AllScalars::default()
        };
        // round_trip compares by re-encoding: floats by bits, NaN included.
        let (_, decoded) = round_trip(&msg)?;
        prop_assert_eq!(decoded.packed_int32, msg.packed_int32);
        prop_assert_eq!(decoded.string, msg.string);
    }
}
