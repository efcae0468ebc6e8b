//! Two Rust types with one protobuf name: the first registered keeps it,
//! and the clash is reported, naming both types. Its own test binary, so
//! that the global registry holds only what these tests put there.

use protowire::Message;
use protowire::registry::{MessageType, duplicate_names, find_by_name, register, try_register};

mod old {
    #[derive(protowire::Message, Default, Debug, PartialEq)]
    #[proto(name = "dup.Shared")]
    pub struct Shared {
        #[proto(1)]
        pub id: u64,
    }
}

mod new {
    #[derive(protowire::Message, Default, Debug, PartialEq)]
    #[proto(name = "dup.Shared")]
    pub struct Shared {
        #[proto(1)]
        pub name: String,
    }

    /// Refers to its own `Shared`, so registering it meets the clash too.
    #[derive(protowire::Message, Default, Debug, PartialEq)]
    #[proto(name = "dup.Holder")]
    pub struct Holder {
        #[proto(1)]
        pub shared: Option<Shared>,
    }
}

#[test]
fn the_first_keeps_the_name_and_the_second_is_reported() {
    try_register(MessageType::of::<old::Shared>()).unwrap();
    // Again: the same type, no clash.
    try_register(MessageType::of::<old::Shared>()).unwrap();

    let clash = try_register(MessageType::of::<new::Shared>()).unwrap_err();
    assert_eq!(clash.registered, MessageType::of::<old::Shared>());
    assert_eq!(clash.rejected, MessageType::of::<new::Shared>());
    let message = clash.to_string();
    assert!(message.contains("`dup.Shared`"), "{message}");
    assert!(message.contains("registry_duplicates::old::Shared` (registered"), "{message}");
    assert!(message.contains("registry_duplicates::new::Shared` (not registered"), "{message}");

    // Lookup by name still finds the first.
    let found = find_by_name("dup.Shared").unwrap();
    assert_eq!(found.type_id(), std::any::TypeId::of::<old::Shared>());

    // Registering a type that refers to the loser registers it, and the
    // clash is listed once.
    register(MessageType::of::<new::Holder>());
    assert!(find_by_name("dup.Holder").is_some());
    let listed = duplicate_names();
    assert_eq!(listed, [clash]);

    // Using the second type works; only name lookup prefers the first.
    let value = new::Shared { name: "x".into() };
    assert_eq!(new::Shared::decode(&value.encode_to_vec().unwrap()[..]).unwrap(), value);
}
