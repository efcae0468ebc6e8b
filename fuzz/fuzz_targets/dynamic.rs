//! Arbitrary bytes decoded through generated code and through dynamic
//! messages of the same descriptors (proto3, then proto2 with groups,
//! closed enums and required fields): both must agree in everything
//! observable.
#![no_main]

use libfuzzer_sys::fuzz_target;
use protowire_tests::fuzz::dynamic_against_generated;
use protowire_tests::protobuf_test_messages::proto2::TestAllTypesProto2;
use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;

fuzz_target!(|data: &[u8]| {
    static REGISTER: std::sync::Once = std::sync::Once::new();
    REGISTER.call_once(|| {
        protowire_tests::protobuf_test_messages::proto2::register_types();
        protowire_tests::protobuf_test_messages::proto3::register_types();
    });
    dynamic_against_generated::<TestAllTypesProto3>(data);
    dynamic_against_generated::<TestAllTypesProto2>(data);
});
