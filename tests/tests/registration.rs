//! Generated packages register all their types at once
//! (`register_types()`), so that lookups by name do not depend on which
//! types the process happened to use first. One test per process: the
//! registry is global.

use protowire::registry;
use protowire_tests::protobuf_test_messages::proto2;

#[test]
fn register_types_makes_every_type_and_extension_findable() {
    let nested = "protobuf_test_messages.proto2.TestAllTypesProto2.NestedMessage";
    assert!(registry::find_by_name(nested).is_none(), "an untouched type is not known yet");
    assert!(protowire::extension::find_by_name("protobuf_test_messages.proto2.extension_int32").is_none());
    proto2::register_types();
    for name in [
        "protobuf_test_messages.proto2.TestAllTypesProto2",
        nested,
        "protobuf_test_messages.proto2.TestAllTypesProto2.Data",
        "protobuf_test_messages.proto2.ForeignMessageProto2",
        "protobuf_test_messages.proto2.TestAllRequiredTypesProto2",
    ] {
        let found = registry::find_by_name(name).unwrap_or_else(|| panic!("{name} is not registered"));
        assert_eq!(found.full_name(), name);
    }
    // Map entries are not types of their own.
    assert!(registry::find_by_name("protobuf_test_messages.proto2.TestAllTypesProto2.MapInt32Int32Entry").is_none());
    let ext = protowire::extension::find_by_name("protobuf_test_messages.proto2.extension_int32").unwrap();
    assert_eq!((ext.extendee, ext.number), ("protobuf_test_messages.proto2.TestAllTypesProto2", 120));
    assert_eq!(protowire::extension::find(ext.extendee, 120), Some(ext));
}
