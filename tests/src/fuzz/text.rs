//! The text format's round trips, for the `text` fuzz target: arbitrary
//! text into a message, and arbitrary binary through text, with the
//! message's extensions registered so that `[ext]` fields are read and
//! written.

use std::fmt::Debug;

use protowire::Message;
use protowire::text::{self, PrintOptions};

use super::assert_same_encoding;

/// Arbitrary bytes as text format into `M`, never panicking. If they parse:
/// the message prints, on one line and on many; each text parses back to a
/// message that prints as the same text, and parsing that text again gives
/// the same binary encoding. (Texts, not encodings, are compared with the
/// input's message: `-nan` reads as a negative NaN and prints as `nan`, as
/// protoc prints it.)
///
/// # Panics
///
/// When a property fails.
pub fn text_text_round_trip<M: Message + Debug>(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else { return };
    let Ok(first) = text::from_str::<M>(input) else { return };
    for options in [PrintOptions::new(), PrintOptions::new().single_line(true)] {
        let printed = text::to_string_with(&first, &options)
            .unwrap_or_else(|e| panic!("a parsed message does not print ({options:?}): {e}\n{first:?}"));
        let second = match text::from_str::<M>(&printed) {
            Ok(second) => second,
            Err(e) => panic!("printed text does not parse back: {e}\n{printed}\nfrom {first:?}"),
        };
        assert_eq!(text::to_string_with(&second, &options).unwrap(), printed, "print(parse(print(x))) != print(x)");
        let third = text::from_str::<M>(&printed).unwrap();
        let bytes = second.encode_partial_to_vec().unwrap();
        assert_same_encoding(&third.encode_partial_to_vec().unwrap(), &bytes, "parsing is not stable");
    }
}

/// Arbitrary bytes as the binary encoding of `M`. If they decode and print
/// (unknown fields left out, registered extensions by name), the text
/// parses back, and from there on printing and parsing are a fixed point.
///
/// # Panics
///
/// When a property fails.
pub fn text_binary_round_trip<M: Message + Debug>(data: &[u8]) {
    let Ok(first) = M::decode_partial(data) else { return };
    let Ok(printed) = text::to_string(&first) else { return };
    let second = match text::from_str::<M>(&printed) {
        Ok(second) => second,
        Err(e) => panic!("printed text does not parse back: {e}\n{printed}\nfrom {first:?}"),
    };
    let second_text = text::to_string(&second).unwrap_or_else(|e| panic!("a parsed message does not print: {e}"));
    let third = text::from_str::<M>(&second_text)
        .unwrap_or_else(|e| panic!("printed text does not parse back: {e}\n{second_text}"));
    let bytes = second.encode_partial_to_vec().unwrap();
    assert_same_encoding(&third.encode_partial_to_vec().unwrap(), &bytes, "parse(print(x)) != x");
    assert_eq!(text::to_string(&third).unwrap(), second_text, "printing is not stable");
}

/// Both round trips on `TestAllTypesProto2`, its package's extensions
/// registered.
///
/// # Panics
///
/// When a property fails.
pub fn text_round_trips(data: &[u8]) {
    use crate::protobuf_test_messages::proto2::{self, TestAllTypesProto2};
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    REGISTERED.call_once(proto2::register_types);
    text_text_round_trip::<TestAllTypesProto2>(data);
    text_binary_round_trip::<TestAllTypesProto2>(data);
}
