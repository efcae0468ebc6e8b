//! The checks behind every fuzz target, shared with `cargo test` so that the
//! checked-in corpus is replayed on every test run. Each function panics when
//! a property fails; that is how a fuzzer notices.

mod dynamic;
mod json;
mod text;

use std::fmt::Debug;

use protowire::wire::{MAX_VARINT_LEN, encode_varint, read_varint, varint_len};
use protowire::{DecodeErrorKind, Message};

pub use self::dynamic::dynamic_against_generated;
pub use self::json::{json_binary_round_trip, json_proto2_round_trips, json_round_trips, json_text_round_trip};
pub use self::text::{text_binary_round_trip, text_round_trips, text_text_round_trip};
use crate::protobuf_test_messages::proto2::TestAllTypesProto2;
use crate::protobuf_test_messages::proto3::TestAllTypesProto3;

/// Arbitrary bytes into `M`. If they decode: `encoded_len` equals the bytes
/// written, the encoding decodes to an equal message, and encoding that gives
/// the same bytes (unknown fields included).
///
/// Messages are equal by `PartialEq`, or else by `Debug` output (so NaN
/// payloads compare as equal to themselves). A `HashMap` field (the
/// well-known `google.protobuf.Struct` has one) iterates in a different order
/// in every map, so where both of those fail, or where the encodings differ,
/// the two must still be permutations of each other (same `Debug`
/// characters, same bytes): the only freedom unordered maps allow.
///
/// # Panics
///
/// When a property fails.
pub fn decode_round_trip<M: Message + Debug + PartialEq>(data: &[u8]) {
    let Ok(first) = M::decode_partial(data) else { return };
    let bytes = first.encode_partial_to_vec().unwrap();
    assert_eq!(first.encoded_len(), bytes.len(), "encoded_len disagrees with the bytes written");
    let second = M::decode_partial(&bytes[..]).unwrap_or_else(|e| panic!("our own encoding does not decode: {e}"));
    assert_messages_equal(&second, &first, "decode(encode(x)) != x");
    let again = second.encode_partial_to_vec().unwrap();
    assert_same_encoding(&again, &bytes, "encoding is not stable across a round trip");
}

/// `a == b`, by `PartialEq`, `Debug`, or (for unordered maps) `Debug` up to
/// a permutation.
fn assert_messages_equal<M: Debug + PartialEq>(a: &M, b: &M, what: &str) {
    if a == b {
        return;
    }
    let (da, db) = (format!("{a:?}"), format!("{b:?}"));
    if da == db {
        return;
    }
    assert_eq!(sorted(da.into_bytes()), sorted(db.into_bytes()), "{what}:\n{a:?}\n!=\n{b:?}");
}

/// Identical bytes, or (for unordered maps) a permutation of them.
fn assert_same_encoding(a: &[u8], b: &[u8], what: &str) {
    if a != b {
        assert_eq!(sorted(a.to_vec()), sorted(b.to_vec()), "{what}: {a:02x?} vs {b:02x?}");
    }
}

fn sorted(mut v: Vec<u8>) -> Vec<u8> {
    v.sort_unstable();
    v
}

/// Full and partial decoding agree: where the full decode succeeds, the
/// partial one gives the same message and it is initialised; where the full
/// decode fails only for a missing required field, the partial one succeeds
/// and the message is not initialised.
///
/// # Panics
///
/// When a property fails.
pub fn required_consistency<M: Message + Debug + PartialEq>(data: &[u8]) {
    let full = M::decode(data);
    let partial = M::decode_partial(data);
    match (&full, &partial) {
        (Ok(full), Ok(partial)) => {
            // Not `Debug` text alone: two `HashMap`s (`Order.by_id`) list
            // the same entries in different orders.
            assert_messages_equal(full, partial, "decode and decode_partial give different messages");
            assert!(full.check_initialized().is_ok(), "decode accepted a message with a required field missing");
            assert!(full.encode_to_vec().is_ok());
        }
        (Err(e), Ok(partial)) => {
            assert_eq!(e.kind(), &DecodeErrorKind::MissingRequired, "only the required check may fail: {e}");
            // The message as a whole may still look initialised when a
            // required field arrived in one occurrence of a nested message and
            // went missing in another; the check on the merged value is the
            // weaker one, so nothing more is asserted here.
            let _ = partial.check_initialized();
        }
        (Ok(_), Err(e)) => panic!("full decode succeeded where partial failed: {e}"),
        (Err(a), Err(b)) => assert_eq!(a.kind(), b.kind()),
    }
    if let Ok(partial) = partial {
        encode_side_required_check(&partial);
    }
}

/// For a (partially) decoded message: `encode_to_vec` fails exactly when
/// `check_initialized` does, with the same path; the partial encoding of a
/// merged message holds each nested message once, so a full decode of it
/// fails exactly when `check_initialized` does.
fn encode_side_required_check<M: Message + Debug>(msg: &M) {
    let check = msg.check_initialized();
    let partial_bytes = msg.encode_partial_to_vec().unwrap();
    match (&check, msg.encode_to_vec()) {
        (Ok(()), Ok(bytes)) => assert_eq!(bytes, partial_bytes, "encode and encode_partial differ"),
        (Err(missing), Err(e)) => {
            assert_eq!(e.kind(), &protowire::EncodeErrorKind::MissingRequired);
            assert_eq!(e.path(), missing.path(), "encode and check_initialized name different fields");
        }
        (Ok(()), Err(e)) => panic!("encode_to_vec failed on an initialised message: {e}"),
        (Err(missing), Ok(_)) => panic!("encode_to_vec accepted a message missing {missing}"),
    }
    match (&check, M::decode(&partial_bytes[..])) {
        (Ok(()), Ok(_)) => {}
        (Ok(()), Err(e)) => panic!("an initialised message's encoding does not decode: {e}"),
        (Err(missing), Ok(_)) => panic!("decode accepted an encoding missing {missing}"),
        (Err(missing), Err(e)) => {
            // Which missing field is named first may differ (decode meets
            // inner messages first), so only the kind is compared.
            assert_eq!(e.kind(), &DecodeErrorKind::MissingRequired, "{e} (check_initialized: {missing})");
        }
    }
}

/// The obvious varint decoder, for comparison with the fast one.
fn naive_read_varint(data: &[u8]) -> Option<(u64, usize)> {
    let mut value: u128 = 0;
    for (i, &byte) in data.iter().enumerate().take(MAX_VARINT_LEN) {
        value |= u128::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return u64::try_from(value).ok().map(|v| (v, i + 1));
        }
    }
    None
}

/// The wire primitives against naive reference versions: varint decoding of
/// arbitrary bytes (same value and length, or both reject), and encoding of
/// the first 8 bytes as a value.
///
/// # Panics
///
/// When the two disagree.
pub fn varint_against_naive(data: &[u8]) {
    let mut rest = data;
    let fast = read_varint(&mut rest).ok().map(|v| (v, data.len() - rest.len()));
    assert_eq!(fast, naive_read_varint(data), "varint decoders disagree on {data:02x?}");

    let mut word = [0u8; 8];
    let n = data.len().min(8);
    word[..n].copy_from_slice(&data[..n]);
    let value = u64::from_le_bytes(word);
    let mut out = [0u8; MAX_VARINT_LEN];
    let len = encode_varint(value, &mut out);
    assert_eq!(len, varint_len(value));
    assert_eq!(naive_read_varint(&out[..len]), Some((value, len)));
}

/// Replays every file in `dir` (a checked-in corpus) through `check`.
/// Returns how many inputs ran.
///
/// # Panics
///
/// If the folder cannot be read, or a check fails (naming the file).
pub fn replay_corpus(dir: &std::path::Path, check: fn(&[u8])) -> usize {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    entries.sort();
    for path in &entries {
        let data = std::fs::read(path).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        if let Err(panic) = result {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_string()))
                .unwrap_or_default();
            panic!("corpus input {} fails: {message}", path.display());
        }
    }
    entries.len()
}

/// The wire primitives beyond varints, against naive versions: keys (field
/// number and wire type from the varint, range checks), zigzag both ways,
/// fixed-width reads, length prefixes, and skipping a field of each wire
/// type (never past the input, never panicking).
///
/// # Panics
///
/// When the two disagree.
pub fn wire_against_naive(data: &[u8]) {
    use protowire::wire::{
        MAX_FIELD_NUMBER, WireType, read_fixed32, read_fixed64, read_key, read_len_delimited, skip_field,
        zigzag_decode32, zigzag_decode64, zigzag_encode32, zigzag_encode64,
    };

    varint_against_naive(data);

    // Keys.
    let mut rest = data;
    let key = read_key(&mut rest).ok().map(|k| (k, data.len() - rest.len()));
    let naive_key = naive_read_varint(data).and_then(|(raw, len)| {
        let wire_type = WireType::from_code((raw & 7) as u8)?;
        let number = raw >> 3;
        (1..=u64::from(MAX_FIELD_NUMBER)).contains(&number).then_some(((number as u32, wire_type), len))
    });
    assert_eq!(key, naive_key, "read_key disagrees on {data:02x?}");

    // Zigzag: the spec's definition, (n << 1) ^ (n >> bits-1), and its inverse.
    let mut word = [0u8; 8];
    let n = data.len().min(8);
    word[..n].copy_from_slice(&data[..n]);
    let v64 = u64::from_le_bytes(word);
    let v32 = v64 as u32;
    let naive_unzig64 = |u: u64| if u & 1 == 0 { (u >> 1) as i64 } else { !((u >> 1) as i64) };
    let naive_unzig32 = |u: u32| if u & 1 == 0 { (u >> 1) as i32 } else { !((u >> 1) as i32) };
    assert_eq!(zigzag_decode64(v64), naive_unzig64(v64));
    assert_eq!(zigzag_decode32(v32), naive_unzig32(v32));
    assert_eq!(zigzag_encode64(zigzag_decode64(v64)), v64);
    assert_eq!(zigzag_encode32(zigzag_decode32(v32)), v32);
    assert_eq!(zigzag_encode64(v64 as i64), ((v64 as i64) << 1 ^ ((v64 as i64) >> 63)) as u64);

    // Fixed-width values.
    let mut rest = data;
    let f32v = read_fixed32(&mut rest).ok();
    assert_eq!(f32v, data.get(..4).map(|b| u32::from_le_bytes(b.try_into().unwrap())));
    assert_eq!(rest.len(), if f32v.is_some() { data.len() - 4 } else { data.len() });
    let mut rest = data;
    let f64v = read_fixed64(&mut rest).ok();
    assert_eq!(f64v, data.get(..8).map(|b| u64::from_le_bytes(b.try_into().unwrap())));

    // Length prefixes: accepted exactly when the prefix fits what follows.
    let mut rest = data;
    let got = read_len_delimited(&mut rest).ok();
    let naive = naive_read_varint(data).and_then(|(len, used)| {
        let len = usize::try_from(len).ok()?;
        data[used..].get(..len)
    });
    assert_eq!(got, naive, "read_len_delimited disagrees on {data:02x?}");

    // Skipping: from the first byte's wire type, never beyond the input.
    if let Some((&first, tail)) = data.split_first()
        && let Some(wire_type) = WireType::from_code(first & 7)
    {
        let mut rest = tail;
        if skip_field(wire_type, u32::from(first >> 3).max(1), &mut rest, 100).is_ok() {
            assert!(rest.len() <= tail.len());
            let used = tail.len() - rest.len();
            match wire_type {
                WireType::Varint => assert_eq!(Some(used), naive_read_varint(tail).map(|(_, n)| n)),
                WireType::I64 => assert_eq!(used, 8),
                WireType::I32 => assert_eq!(used, 4),
                WireType::Len => assert_eq!(Some(&tail[..used]), naive_len_prefixed(tail)),
                WireType::StartGroup => assert!(used >= 1),
                WireType::EndGroup => panic!("skipped an end-group"),
            }
        }
    }
}

fn naive_len_prefixed(data: &[u8]) -> Option<&[u8]> {
    let (len, used) = naive_read_varint(data)?;
    let end = used.checked_add(usize::try_from(len).ok()?)?;
    data.get(..end)
}

pub use structured::{proto3_structured_round_trip, structured_round_trip};

/// Messages built from fuzz input with `arbitrary`, then encoded, decoded and
/// compared: the encoder's half of the round trip, which decoding arbitrary
/// bytes rarely exercises with large or extreme values.
mod structured {
    use std::collections::BTreeMap;
    use std::fmt::Debug;

    use arbitrary::{Arbitrary, Unstructured};
    use protowire::{EncodeErrorKind, Message};

    use crate::protobuf_test_messages::proto3::{TestAllTypesProto3, test_all_types_proto3 as p3};
    use crate::shop::{Color, Legacy, Line, Order, Payment};

    #[derive(Arbitrary, Debug)]
    struct LineSpec {
        sku: String,
        qty: u32,
    }

    impl From<LineSpec> for Line {
        fn from(spec: LineSpec) -> Line {
            Line { sku: spec.sku, qty: spec.qty }
        }
    }

    #[derive(Arbitrary, Debug)]
    enum PaymentSpec {
        Card(String),
        Voucher(LineSpec),
    }

    /// An `Order`, less what does not round-trip by design: only the closed
    /// enum `Color`'s known values (proto2 keeps unknown values of closed
    /// enums in the unknown fields), and no unknown fields.
    #[derive(Arbitrary, Debug)]
    struct OrderSpec {
        id: u64,
        delta: i64,
        customer: String,
        lines: Vec<LineSpec>,
        flags: Vec<u32>,
        note: Option<String>,
        totals: BTreeMap<String, u64>,
        status: i32,
        payment: Option<PaymentSpec>,
        blob: Vec<u8>,
        legacy: Option<Option<i32>>,
        colors: Vec<bool>,
        weights: Vec<f32>,
        by_id: Vec<(i32, LineSpec)>,
    }

    impl From<OrderSpec> for Order {
        fn from(spec: OrderSpec) -> Order {
            Order {
                id: spec.id,
                delta: spec.delta,
                customer: spec.customer,
                lines: spec.lines.into_iter().map(Line::from).collect(),
                flags: spec.flags,
                note: spec.note,
                totals: spec.totals,
                status: spec.status,
                payment: spec.payment.map(|p| match p {
                    PaymentSpec::Card(card) => Payment::Card(card),
                    PaymentSpec::Voucher(line) => Payment::Voucher(line.into()),
                }),
                blob: spec.blob.into(),
                legacy: spec.legacy.map(|code| Legacy { code }),
                colors: spec.colors.into_iter().map(|c| if c { Color::Red } else { Color::Green } as i32).collect(),
                weights: spec.weights,
                by_id: spec.by_id.into_iter().map(|(k, v)| (k, v.into())).collect(),
                unknown: Default::default(),
            }
        }
    }

    /// Orders equal, with floats compared bit for bit (NaN included).
    fn orders_equal(a: &Order, b: &Order) -> bool {
        let bits = |o: &Order| o.weights.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
        let strip = |o: &Order| Order { weights: Vec::new(), ..o.clone() };
        bits(a) == bits(b) && strip(a) == strip(b)
    }

    #[derive(Arbitrary, Debug)]
    enum OneofSpec {
        Uint32(u32),
        Nested(i32),
        String(String),
        Bytes(Vec<u8>),
        Bool(bool),
        Uint64(u64),
        Float(f32),
        Double(f64),
        Enum(i32),
    }

    /// A `TestAllTypesProto3` with a spread of its field kinds, nesting
    /// through `recursive_message` and `NestedMessage.corecursive`.
    #[derive(Arbitrary, Debug)]
    struct Proto3Spec {
        ints: (i32, i64, u32, u64, i32, i64),
        fixed: (u32, u64, i32, i64),
        floats: (f32, f64),
        flag: bool,
        string: String,
        bytes: Vec<u8>,
        nested: Option<(i32, Option<Box<Proto3Spec>>)>,
        nested_enum: i32,
        recursive: Option<Box<Proto3Spec>>,
        repeated_int32: Vec<i32>,
        repeated_uint64: Vec<u64>,
        packed_sint64: Vec<i64>,
        packed_double: Vec<f64>,
        packed_bool: Vec<bool>,
        unpacked_sint32: Vec<i32>,
        unpacked_float: Vec<f32>,
        unpacked_nested_enum: Vec<i32>,
        repeated_string: Vec<String>,
        repeated_bytes: Vec<Vec<u8>>,
        repeated_nested: Vec<i32>,
        map_int32_int32: BTreeMap<i32, i32>,
        map_sint64_sint64: BTreeMap<i64, i64>,
        map_bool_bool: BTreeMap<bool, bool>,
        map_int32_double: BTreeMap<i32, f64>,
        map_string_bytes: BTreeMap<String, Vec<u8>>,
        map_string_nested: BTreeMap<String, i32>,
        oneof: Option<OneofSpec>,
    }

    /// Nesting deeper than this is cut off, well inside the decoder's
    /// recursion limit (100); `decode_proto3` covers the limit itself.
    const MAX_DEPTH: u32 = 40;

    fn nested(a: i32, corecursive: Option<Box<Proto3Spec>>, depth: u32) -> p3::NestedMessage {
        let corecursive = corecursive.filter(|_| depth < MAX_DEPTH).map(|c| Box::new(c.build(depth + 1)));
        p3::NestedMessage { a, corecursive, ..Default::default() }
    }

    impl Proto3Spec {
        fn build(self, depth: u32) -> TestAllTypesProto3 {
            let s = self;
            TestAllTypesProto3 {
                optional_int32: s.ints.0,
                optional_int64: s.ints.1,
                optional_uint32: s.ints.2,
                optional_uint64: s.ints.3,
                optional_sint32: s.ints.4,
                optional_sint64: s.ints.5,
                optional_fixed32: s.fixed.0,
                optional_fixed64: s.fixed.1,
                optional_sfixed32: s.fixed.2,
                optional_sfixed64: s.fixed.3,
                optional_float: s.floats.0,
                optional_double: s.floats.1,
                optional_bool: s.flag,
                optional_string: s.string,
                optional_bytes: s.bytes,
                optional_nested_message: s.nested.map(|(a, c)| Box::new(nested(a, c, depth + 1))),
                optional_nested_enum: s.nested_enum,
                recursive_message: s.recursive.filter(|_| depth < MAX_DEPTH).map(|r| Box::new(r.build(depth + 1))),
                repeated_int32: s.repeated_int32,
                repeated_uint64: s.repeated_uint64,
                packed_sint64: s.packed_sint64,
                packed_double: s.packed_double,
                packed_bool: s.packed_bool,
                unpacked_sint32: s.unpacked_sint32,
                unpacked_float: s.unpacked_float,
                unpacked_nested_enum: s.unpacked_nested_enum,
                repeated_string: s.repeated_string,
                repeated_bytes: s.repeated_bytes,
                repeated_nested_message: s.repeated_nested.into_iter().map(|a| nested(a, None, 0)).collect(),
                map_int32_int32: s.map_int32_int32,
                map_sint64_sint64: s.map_sint64_sint64,
                map_bool_bool: s.map_bool_bool,
                map_int32_double: s.map_int32_double,
                map_string_bytes: s.map_string_bytes,
                map_string_nested_message: s
                    .map_string_nested
                    .into_iter()
                    .map(|(k, a)| (k, nested(a, None, 0)))
                    .collect(),
                oneof_field: s.oneof.map(|o| match o {
                    OneofSpec::Uint32(v) => p3::OneofField::OneofUint32(v),
                    OneofSpec::Nested(a) => p3::OneofField::OneofNestedMessage(Box::new(nested(a, None, 0))),
                    OneofSpec::String(v) => p3::OneofField::OneofString(v),
                    OneofSpec::Bytes(v) => p3::OneofField::OneofBytes(v),
                    OneofSpec::Bool(v) => p3::OneofField::OneofBool(v),
                    OneofSpec::Uint64(v) => p3::OneofField::OneofUint64(v),
                    OneofSpec::Float(v) => p3::OneofField::OneofFloat(v),
                    OneofSpec::Double(v) => p3::OneofField::OneofDouble(v),
                    OneofSpec::Enum(v) => p3::OneofField::OneofEnum(v),
                }),
                ..Default::default()
            }
        }
    }

    /// Encoding one message: `encoded_len` is exact, `encode` into a slice
    /// one byte too short fails with `BufferTooSmall` and writes nothing,
    /// `encode_length_delimited_to_vec` is the length then the message.
    fn encode_checks<M: Message + Debug>(msg: &M) -> Vec<u8> {
        let bytes = msg.encode_to_vec().unwrap_or_else(|e| panic!("encode failed: {e}"));
        assert_eq!(msg.encoded_len(), bytes.len(), "encoded_len disagrees with the bytes written");
        assert_eq!(msg.encode_partial_to_vec().unwrap(), bytes, "encode_partial_to_vec differs from encode_to_vec");
        if !bytes.is_empty() {
            let mut short = vec![0xa5u8; bytes.len() - 1];
            let err = msg.encode(&mut &mut short[..]).expect_err("encode into a too-short slice succeeded");
            assert!(matches!(err.kind(), EncodeErrorKind::BufferTooSmall { .. }), "{err}");
            assert!(short.iter().all(|&b| b == 0xa5), "a failed encode wrote into the buffer");
        }
        let mut exact = vec![0u8; bytes.len()];
        msg.encode(&mut &mut exact[..]).unwrap_or_else(|e| panic!("encode into an exact slice failed: {e}"));
        assert_eq!(exact, bytes, "encode into a slice differs from encode_to_vec");
        let delimited = msg.encode_length_delimited_to_vec().unwrap();
        let mut prefix = [0u8; protowire::wire::MAX_VARINT_LEN];
        let n = protowire::wire::encode_varint(bytes.len() as u64, &mut prefix);
        assert_eq!(delimited[..n], prefix[..n], "wrong length prefix");
        assert_eq!(delimited[n..], bytes[..], "length-delimited body differs from the plain encoding");
        bytes
    }

    /// Several messages framed with length prefixes in one buffer (written
    /// with `encode_length_delimited` into a `Vec`) read back one by one with
    /// `decode_length_delimited`, leaving the buffer empty.
    fn framing_checks<M: Message + Debug>(messages: &[M], equal: impl Fn(&M, &M) -> bool) {
        let mut buf = Vec::new();
        for msg in messages {
            msg.encode_length_delimited(&mut buf).unwrap_or_else(|e| panic!("encode_length_delimited: {e}"));
        }
        let mut rest = &buf[..];
        for (i, msg) in messages.iter().enumerate() {
            let back = M::decode_length_delimited(&mut rest)
                .unwrap_or_else(|e| panic!("frame {i} of {} does not decode: {e}", messages.len()));
            assert!(equal(&back, msg), "frame {i} differs:\n{back:?}\n!=\n{msg:?}");
        }
        assert!(rest.is_empty(), "{} bytes left after the last frame", rest.len());
        // A truncated stream: the last frame fails, never panics.
        if let Some(cut) = buf.len().checked_sub(1) {
            let mut rest = &buf[..cut];
            for _ in messages {
                if M::decode_length_delimited(&mut rest).is_err() {
                    break;
                }
            }
        }
    }

    /// Orders from the fuzz input: each encodes (all checks of
    /// `encode_checks`), decodes (fully and partially) to an equal order, and
    /// the lot survives length-delimited framing in one buffer.
    ///
    /// # Panics
    ///
    /// When a property fails.
    pub fn structured_round_trip(data: &[u8]) {
        let mut u = Unstructured::new(data);
        let Ok(specs) = u.arbitrary_iter::<OrderSpec>().and_then(|it| it.take(8).collect::<Result<Vec<_>, _>>()) else {
            return;
        };
        let orders: Vec<Order> = specs.into_iter().map(Order::from).collect();
        for order in &orders {
            let bytes = encode_checks(order);
            let back = Order::decode(&bytes[..]).unwrap_or_else(|e| panic!("encoded order does not decode: {e}"));
            assert!(orders_equal(&back, order), "decode(encode(x)) != x:\n{back:?}\n!=\n{order:?}");
            let partial = Order::decode_partial(&bytes[..]).unwrap();
            assert!(orders_equal(&partial, order));
        }
        framing_checks(&orders, orders_equal);
    }

    /// As [`structured_round_trip`], for `TestAllTypesProto3`s (compared by
    /// `Debug`, so NaN equals NaN; maps are `BTreeMap`s).
    ///
    /// # Panics
    ///
    /// When a property fails.
    pub fn proto3_structured_round_trip(data: &[u8]) {
        let mut u = Unstructured::new(data);
        let Ok(specs) = u.arbitrary_iter::<Proto3Spec>().and_then(|it| it.take(4).collect::<Result<Vec<_>, _>>())
        else {
            return;
        };
        let messages: Vec<TestAllTypesProto3> = specs.into_iter().map(|s| s.build(0)).collect();
        let equal = |a: &TestAllTypesProto3, b: &TestAllTypesProto3| format!("{a:?}") == format!("{b:?}");
        for msg in &messages {
            let bytes = encode_checks(msg);
            let back = TestAllTypesProto3::decode(&bytes[..])
                .unwrap_or_else(|e| panic!("encoded message does not decode: {e}"));
            assert!(equal(&back, msg), "decode(encode(x)) != x:\n{back:?}\n!=\n{msg:?}");
            assert_eq!(back.encode_partial_to_vec().unwrap(), bytes, "re-encoding differs");
        }
        framing_checks(&messages, equal);
    }
}

/// The `roundtrip_structured` target: the first byte picks `Order`s or
/// `TestAllTypesProto3`s, the rest drives `arbitrary`.
pub fn roundtrip_structured(data: &[u8]) {
    match data.split_first() {
        Some((&selector, rest)) if selector & 1 == 0 => structured_round_trip(rest),
        Some((_, rest)) => proto3_structured_round_trip(rest),
        None => {}
    }
}

/// The `required` target: the first byte picks a proto2 message with
/// required fields (`shop.Order`, `benchmarks.proto2.GoogleMessage1`,
/// `GoogleMessage2`); the rest is decoded fully and partially
/// ([`required_consistency`]) and round-tripped ([`decode_round_trip`]).
pub fn required(data: &[u8]) {
    use crate::benchmarks::proto2::{GoogleMessage1, GoogleMessage2};
    let Some((&selector, rest)) = data.split_first() else { return };
    match selector % 3 {
        0 => {
            required_consistency::<crate::shop::Order>(rest);
            decode_round_trip::<crate::shop::Order>(rest);
        }
        1 => {
            required_consistency::<GoogleMessage1>(rest);
            decode_round_trip::<GoogleMessage1>(rest);
        }
        _ => {
            required_consistency::<GoogleMessage2>(rest);
            decode_round_trip::<GoogleMessage2>(rest);
        }
    }
}

#[cfg(feature = "prost")]
pub use differential::differential_prost;

/// protowire against prost on the same bytes (the fuzz crate supplies
/// prost's types for the same `.proto`; this crate has no prost codegen).
#[cfg(feature = "prost")]
mod differential {
    use std::fmt::Debug;

    use protowire::Message;

    /// Why the two may disagree on accepting an input, by the spec:
    /// - a known field with an unexpected wire type: protowire keeps it as an
    ///   unknown field, as C++ and Java do (the field is parsed as unknown;
    ///   see the conformance suite's "mismatched wire type" handling), prost
    ///   rejects the message (`invalid wire type`).
    fn prost_rejection_is_allowed(prost_error: &str) -> bool {
        prost_error.contains("invalid wire type")
    }

    /// Why the two may hold different values: a map entry carrying anything
    /// besides its key and value is kept whole as an unknown field of the
    /// parent by protowire (as upb does), while prost inserts the key and
    /// value it parsed and drops the rest. Written back after the map's other
    /// entries, the kept entry can then win over a later one for the same key
    /// when prost reads it. Seen in protowire's message as an unknown
    /// length-delimited field with a map field's number.
    fn kept_a_map_entry<M: Message + Debug>(ours: &M) -> bool {
        let mut numbers = Vec::new();
        let mut stack = vec![M::message_type()];
        let mut seen = std::collections::HashSet::new();
        while let Some(ty) = stack.pop() {
            if !seen.insert(ty.full_name()) {
                continue;
            }
            for field in ty.fields() {
                if field.cardinality == protowire::Cardinality::Map {
                    numbers.push(field.number);
                }
                stack.extend(field.message_type());
            }
        }
        let debug = format!("{ours:?}");
        numbers.iter().any(|n| debug.contains(&format!("({n}, LengthDelimited(")))
    }

    /// The same bytes into protowire's `M` and prost's `P`:
    /// - both accept, or both reject (apart from the documented cases);
    /// - where both accept, the values agree: protowire's encoding of its
    ///   message, decoded by prost, equals prost's message (prost drops
    ///   unknown fields, so they are compared through prost's eyes), and
    ///   prost's encoding decodes with protowire to a message that prost
    ///   again reads as the same value;
    /// - where protowire accepts, its round trip holds ([`super::decode_round_trip`]).
    ///
    /// # Panics
    ///
    /// When a property fails.
    pub fn differential_prost<M, P>(data: &[u8])
    where
        M: Message + Debug + PartialEq,
        P: prost::Message + Default + Debug,
    {
        let ours = M::decode(data);
        let theirs = P::decode(data);
        let (ours, theirs) = match (ours, theirs) {
            (Ok(ours), Ok(theirs)) => (ours, theirs),
            (Err(_), Err(_)) => return,
            (Ok(_), Err(e)) if prost_rejection_is_allowed(&e.to_string()) => return,
            (Ok(ours), Err(e)) => panic!("protowire accepts, prost rejects ({e}):\n{ours:?}"),
            (Err(e), Ok(theirs)) => panic!("prost accepts, protowire rejects ({e}):\n{theirs:?}"),
        };
        super::decode_round_trip::<M>(data);

        let expected = format!("{theirs:?}");
        let our_bytes = ours.encode_partial_to_vec().unwrap();
        let via_prost = P::decode(&our_bytes[..])
            .unwrap_or_else(|e| panic!("prost cannot read protowire's encoding ({e}): {our_bytes:02x?}"));
        if format!("{via_prost:?}") != expected && kept_a_map_entry(&ours) {
            return;
        }
        assert_eq!(format!("{via_prost:?}"), expected, "protowire's value, as prost reads it, differs from prost's");

        let their_bytes = theirs.encode_to_vec();
        let back = M::decode(&their_bytes[..])
            .unwrap_or_else(|e| panic!("protowire cannot read prost's encoding ({e}): {their_bytes:02x?}"));
        let again = P::decode(&back.encode_partial_to_vec().unwrap()[..]).expect("prost reads protowire's encoding");
        assert_eq!(format!("{again:?}"), expected, "prost -> protowire -> prost changes the value");
    }
}

/// Bytes per input byte, and bytes flat, that decoding may have live at its
/// peak under the default options (`alloc_amplification`). The budget the
/// runtime enforces on repeated/map elements and boxed messages is 64 bytes
/// per input byte plus 4 MiB, counted by `size_of`; containers over-allocate
/// up to about 2.5 times that (a `Vec` doubling, a hash map's spare
/// buckets), and strings, bytes, unknown fields and packed runs are bounded
/// by the input itself (at most 8 bytes per input byte, a `u64` from a
/// one-byte varint). So 64 × 2.5 + 8 < 256 per byte, and 2.5 × 4 MiB plus
/// the tables and the harness below 16 MiB flat.
pub const AMPLIFICATION_PER_BYTE: usize = 256;
/// See [`AMPLIFICATION_PER_BYTE`].
pub const AMPLIFICATION_FLAT: usize = 16 << 20;

/// Decoding arbitrary bytes into either test message, with the default
/// options, never has more than `AMPLIFICATION_PER_BYTE` × input length +
/// `AMPLIFICATION_FLAT` bytes live (measured by
/// [`counting::peak_during`](crate::counting::peak_during); a no-op unless
/// [`Counting`](crate::counting::Counting) is the global allocator).
pub fn alloc_amplification(data: &[u8]) {
    amplification::<TestAllTypesProto3>(data);
    amplification::<TestAllTypesProto2>(data);
}

fn amplification<M: Message>(data: &[u8]) {
    // Building the type's tables allocates, once per process: not measured.
    let _ = M::decode(&[][..]);
    let bound = AMPLIFICATION_PER_BYTE * data.len() + AMPLIFICATION_FLAT;
    let mut outcome = None;
    if let Some(peak) = crate::counting::peak_during(|| outcome = Some(M::decode(data).map(drop))) {
        assert!(
            peak <= bound,
            "decoding {} bytes took {peak} bytes at the peak, above {bound} ({:?})",
            data.len(),
            outcome
        );
    }
}

/// Arbitrary bytes as a `FileDescriptorSet` into a `DescriptorPool`: no
/// panic, and when they load, every accessor of every descriptor answers
/// (names resolve to descriptors of the pool, numbers round-trip through
/// lookups); and the same bytes, decoded as a dynamic message of each type
/// of the pool, re-encode to as many bytes as the size pass says, stably,
/// and print as JSON and text without a panic.
///
/// # Panics
///
/// When a lookup by a descriptor's own name or number does not find it.
pub fn descriptor_pool(data: &[u8]) {
    use protowire::reflect::DescriptorPool;
    let Ok(pool) = DescriptorPool::decode(data) else { return };
    for file in pool.files() {
        let _ = (file.name(), file.package(), file.syntax(), file.messages().count(), file.services().count());
    }
    for message in pool.all_messages() {
        let found = pool.get_message_by_name(message.full_name());
        assert!(found.as_ref() == Some(&message), "{} is not found by its name", message.full_name());
        let _ = (message.name(), message.is_map_entry(), message.comments(), message.parent_file().name());
        let _ = (message.parent_message(), message.nested_messages().count());
        for field in message.fields() {
            let _ = (field.name(), field.full_name(), field.json_name(), field.kind(), field.cardinality());
            let _ = (field.message_type(), field.enum_type(), field.has_presence(), field.is_packed());
            let _ = (field.containing_oneof(), field.default_value(), field.comments());
            if let Some(by_number) = message.get_field(field.number()) {
                assert_eq!(by_number.number(), field.number());
            }
        }
        for oneof in message.oneofs() {
            let _ = (oneof.name(), oneof.fields().count(), oneof.is_synthetic(), oneof.comments());
        }
    }
    for message in pool.all_messages().take(64) {
        dynamic_round_trip(message, data);
    }
    for extension in pool.all_extensions() {
        let _ = (extension.full_name(), extension.number(), extension.kind(), extension.containing_message());
        let _ = (extension.cardinality(), extension.comments());
    }
    for file in pool.files() {
        for service in file.services() {
            let _ = (service.full_name(), service.comments());
            for method in service.methods() {
                let _ = (method.path(), method.input(), method.output(), method.comments());
                let _ = (method.is_client_streaming(), method.is_server_streaming());
            }
        }
    }
}

/// `data` decoded as a dynamic message of type `message`, if it decodes:
/// encoded length, stability of the encoding, and the text forms.
fn dynamic_round_trip(message: protowire::reflect::MessageDescriptor, data: &[u8]) {
    use protowire::reflect::DynamicMessage;
    let options = protowire::DecodeOptions::new().check_required(false);
    let Ok(first) = DynamicMessage::decode_with_options(message.clone(), data, &options) else { return };
    let bytes = first.encode_partial_to_vec().unwrap();
    assert_eq!(first.encoded_len(), bytes.len(), "encoded_len disagrees with the bytes written");
    let second = DynamicMessage::decode_with_options(message, &bytes[..], &options)
        .unwrap_or_else(|e| panic!("our own encoding does not decode: {e}"));
    assert_eq!(second.encode_partial_to_vec().unwrap(), bytes, "encoding is not stable across a round trip");
    let _ = protowire::json::to_string_dyn(&second, &Default::default());
    let _ = protowire::text::to_string_dyn(&second, &Default::default());
}
