//! The JSON mapping's round trips, for the `json` fuzz target.

use std::fmt::Debug;

use protowire::Message;
use protowire::json::{self, PrintOptions};

use super::{assert_same_encoding, sorted};

/// Every printing option on at once.
fn all_options() -> PrintOptions {
    PrintOptions::new().emit_defaults(true).enums_as_ints(true).proto_names(true).indent(Some(1))
}

/// Arbitrary bytes as JSON into `M`, never panicking. If they parse: the
/// message prints (a parsed message always has a JSON form), with the
/// default options and with every option on; both texts parse back to a
/// message with the same binary encoding (not `==`: `NaN` floats); and
/// printing that again gives the same text (up to the order of `HashMap`
/// entries).
///
/// # Panics
///
/// When a property fails.
pub fn json_text_round_trip<M: Message + Debug>(data: &[u8]) {
    let Ok(first) = json::from_slice::<M>(data) else { return };
    let bytes = first.encode_partial_to_vec().unwrap();
    for options in [PrintOptions::new(), all_options()] {
        let text = json::to_string_with(&first, &options)
            .unwrap_or_else(|e| panic!("a parsed message does not print ({options:?}): {e}\n{first:?}"));
        let second = match json::from_str::<M>(&text) {
            Ok(second) => second,
            Err(e) => panic!("printed JSON does not parse back: {e}\n{text}\nfrom {first:?}"),
        };
        let again = second.encode_partial_to_vec().unwrap();
        assert_same_encoding(&again, &bytes, &format!("parse(print(x)) != x\n{text}"));
        let text_again = json::to_string_with(&second, &options).unwrap();
        assert_same_text(&text_again, &text);
    }
}

/// Arbitrary bytes as the binary encoding of `M`. If they decode and the
/// message has a JSON form (a binary message may not: a `Timestamp` out of
/// range, an `Any` of an unknown type), the text parses back, and from there
/// on printing and parsing are a fixed point: the second text parses to a
/// message with the same encoding and prints as the same text.
///
/// The first text is not compared with the second: binary input holds what
/// JSON cannot say (unknown fields, a `NullValue` field holding a number
/// other than 0, which prints as `null` and reads back as 0).
///
/// # Panics
///
/// When a property fails.
pub fn json_binary_round_trip<M: Message + Debug>(data: &[u8]) {
    let Ok(first) = M::decode_partial(data) else { return };
    let Ok(text) = json::to_string(&first) else { return };
    let second = match json::from_str::<M>(&text) {
        Ok(second) => second,
        Err(e) => panic!("printed JSON does not parse back: {e}\n{text}\nfrom {first:?}"),
    };
    let second_text = json::to_string(&second).unwrap_or_else(|e| panic!("a parsed message does not print: {e}"));
    let third = json::from_str::<M>(&second_text)
        .unwrap_or_else(|e| panic!("printed JSON does not parse back: {e}\n{second_text}"));
    let bytes = second.encode_partial_to_vec().unwrap();
    assert_same_encoding(&third.encode_partial_to_vec().unwrap(), &bytes, "parse(print(x)) != x");
    assert_same_text(&json::to_string(&third).unwrap(), &second_text);
}

/// Both round trips over the same input: as JSON text, and as binary.
///
/// # Panics
///
/// When a property fails.
pub fn json_round_trips<M: Message + Debug>(data: &[u8]) {
    json_text_round_trip::<M>(data);
    json_binary_round_trip::<M>(data);
}

/// The same text, or (for `HashMap` fields) the same characters in another order.
fn assert_same_text(a: &str, b: &str) {
    if a != b {
        assert_eq!(sorted(a.as_bytes().to_vec()), sorted(b.as_bytes().to_vec()), "printing is not stable:\n{a}\n{b}");
    }
}

/// [`json_round_trips`] on `TestAllTypesProto2` (groups, required fields,
/// closed enums), its package's extensions registered so that
/// `"[pkg.ext]"` members are read and written.
///
/// # Panics
///
/// When a property fails.
pub fn json_proto2_round_trips(data: &[u8]) {
    use crate::protobuf_test_messages::proto2::{self, TestAllTypesProto2};
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    REGISTERED.call_once(proto2::register_types);
    json_round_trips::<TestAllTypesProto2>(data);
}
