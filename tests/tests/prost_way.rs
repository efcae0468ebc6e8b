//! Code a prost user writes, against protowire's generated types: an
//! exhaustive struct literal (on a `drop_unknown_fields` type), serde
//! derives added with `type_attribute`, prost's enum names, and `SystemTime`
//! conversions of the well-known types. What differs from prost is in the
//! `protowire-codegen` docs ("Generated code").

use std::collections::HashMap;
use std::time::{Duration as StdDuration, SystemTime};

use protowire::Message;
use protowire::types::{Duration, Timestamp};

#[allow(missing_docs, clippy::all)]
mod contacts {
    protowire::include_proto!("contacts");
}

use contacts::person::{Contact, PhoneNumber, PhoneType};
use contacts::{AddressBook, Call, Person};

fn ada() -> Person {
    // Every field named, no `..Default::default()`: as with prost.
    Person {
        name: "Ada".to_owned(),
        id: 1,
        email: String::new(),
        phones: vec![PhoneNumber { number: "555".to_owned(), r#type: PhoneType::Home as i32 }],
        contact: Some(Contact::Pager(7)),
        by_label: HashMap::from([("home".to_owned(), PhoneType::Home as i32)]),
    }
}

#[test]
fn struct_literal_and_round_trip() {
    let person = ada();
    let bytes = person.encode_to_vec().unwrap();
    assert_eq!(Person::decode(&bytes[..]).unwrap(), person);
    // Prost's getters and setters for enum fields.
    let mut phone = person.phones[0].clone();
    assert_eq!(phone.r#type(), PhoneType::Home);
    phone.set_type(PhoneType::Work);
    assert_eq!(phone.r#type, 2);
}

#[test]
fn enum_names_the_prost_way() {
    assert_eq!(PhoneType::Home.as_str_name(), "PHONE_TYPE_HOME");
    assert_eq!(PhoneType::from_str_name("PHONE_TYPE_WORK"), Some(PhoneType::Work));
    assert_eq!(PhoneType::from_str_name("WORK"), None);
    assert_eq!(PhoneType::try_from(1), Ok(PhoneType::Home));
    assert_eq!(i32::from(PhoneType::Work), 2);
    // Debug names enum values, as prost's does.
    let debug = format!("{:?}", ada().phones[0]);
    assert_eq!(debug, r#"PhoneNumber { number: "555", type: Home }"#);
}

#[test]
fn serde_derives_through_type_attribute() {
    let json = serde_json::to_value(ada()).unwrap();
    assert_eq!(json["name"], "Ada");
    assert_eq!(json["phones"][0]["type"], 1);
    assert_eq!(json["contact"]["Pager"], 7);
    let back: Person = serde_json::from_value(json).unwrap();
    assert_eq!(back, ada());

    // A message that keeps unknown fields serializes them as raw bytes
    // (protowire's `serde` feature), and they survive the trip.
    let mut book = AddressBook { people: vec![ada()], ..Default::default() };
    book.merge(&[0xa0, 0x06, 0x01][..]).unwrap(); // field 100: varint 1
    let json = serde_json::to_string(&book).unwrap();
    assert!(json.ends_with(r#""_unknown_fields":[160,6,1]}"#), "{json}");
    let back: AddressBook = serde_json::from_str(&json).unwrap();
    assert_eq!(back, book);
    assert_eq!(back.encode_to_vec().unwrap(), book.encode_to_vec().unwrap());

    // Well-known types serialize as the JSON mapping's strings.
    let call = Call {
        line: PhoneType::Mobile as i32,
        at: Some(Timestamp::date_time(2024, 5, 1, 12, 0, 0).unwrap()),
        // The one documented difference: well-known types keep unknown
        // fields, so their literals end in `..Default::default()`.
        took: Some(Duration { seconds: 1, nanos: 500_000_000, ..Default::default() }),
    };
    let json = serde_json::to_value(&call).unwrap();
    assert_eq!(json["at"], "2024-05-01T12:00:00Z");
    assert_eq!(json["took"], "1.500s");
    assert_eq!(serde_json::from_value::<Call>(json).unwrap(), call);
}

#[test]
fn system_time_the_prost_way() {
    let now = SystemTime::now();
    let at = Timestamp::from(now);
    let took = Duration::try_from(StdDuration::from_millis(1500)).unwrap();
    let call = Call { line: PhoneType::Work as i32, at: Some(at.clone()), took: Some(took) };
    let mut back = Call::decode(&call.encode_to_vec().unwrap()[..]).unwrap();
    assert_eq!(back.line(), PhoneType::Work);
    back.set_line(PhoneType::Home);
    assert_eq!(back.line, 1);
    assert_eq!(SystemTime::try_from(back.at.clone().unwrap()), Ok(now));
    assert_eq!(StdDuration::try_from(back.took.clone().unwrap()), Ok(StdDuration::from_millis(1500)));
    assert_eq!(call.took.unwrap().to_string(), "1.500s");
    assert_eq!(back.at, Some(at));
}
