//! The golden files compile with the real derive and runtime, and what they
//! generate behaves: round trips, required fields, defaults, accessors.
//!
#![allow(missing_docs)]

pub mod google {
    // The imports fixture maps .google.protobuf here; the runtime's own
    // generated well-known types stand behind it.
    pub use protowire::types as protobuf;
}

pub mod golden {
    pub mod proto2 {
        include!("golden/golden.proto2.rs");
    }
    pub mod proto3 {
        include!("golden/golden.proto3.rs");
    }
    pub mod odd {
        pub mod r#type {
            include!("golden/golden.odd.type.rs");
        }
    }
    pub mod options {
        include!("golden/golden.options.rs");
    }
    pub mod prelude {
        include!("golden/golden.prelude.rs");
    }
    pub mod services {
        include!("golden/golden.services.rs");
    }
    pub mod editions {
        include!("golden/golden.editions.rs");
    }
    pub mod editions2024 {
        include!("golden/golden.editions2024.rs");
    }
    pub mod unchecked {
        include!("golden/golden.unchecked.rs");
    }
    pub mod imports {
        pub mod a {
            include!("golden/golden.imports.a.rs");
        }
        pub mod b {
            include!("golden/golden.imports.b.rs");
        }
    }
}

include!("golden/_.rs");

use golden::proto2::{Order, Status, order};
use golden::proto3::{Color, Shape, shape};
use protowire::Message;

#[test]
fn proto2_required_defaults_and_accessors() {
    let mut o = Order::default();
    // Defaults from the .proto.
    assert_eq!(o.customer(), "anonymous");
    assert_eq!(o.status(), Status::Paid);
    assert_eq!(o.plain_status(), Status::Unknown);
    assert_eq!(o.with_default(), -5);
    assert_eq!(o.blob(), b"a\x01b");
    assert_eq!(o.ratio(), f64::INFINITY);
    assert_eq!(o.sf64(), i64::MIN);
    assert_eq!(o.aliased(), golden::proto2::Aliased::UNO);
    // Required fields are checked on encode.
    assert!(o.encode_to_vec().is_err());
    o.id = Some(7);
    o.first_line = Some(order::Line::default());
    o.set_required_status(Status::Shipped);
    o.status = Some(99);
    assert_eq!(o.status(), Status::Paid, "unknown value: the default");
    o.set_status(Status::Shipped);
    assert_eq!(o.status(), Status::Shipped);
    o.payment = Some(order::Payment::Cash(order::Cash { cents: Some(5), ..Default::default() }));
    o.legacy = Some(order::Legacy { a: Some(1), ..Default::default() });
    o.parent = Some(Box::new(Order::default()));
    o.lines_by_name.insert("x".into(), order::Line { sku: Some("s".into()), ..Default::default() });
    let bytes = o.encode_partial_to_vec().unwrap();
    let back = Order::decode_partial(&bytes[..]).unwrap();
    assert_eq!(back, o);
}

#[test]
fn editions_features_reach_the_wire() {
    use golden::editions::{Item, Legacy, Quiet, item};
    let part = |id| item::Part { id: Some(id), ..Default::default() };
    let mut it = Item { name: Some("n".into()), ..Default::default() };
    // LEGACY_REQUIRED is checked.
    assert!(Item::default().encode_to_vec().is_err());
    // DELIMITED: a group (start tag 6/3, end tag 6/4); explicit presence
    // writes a zero; packed by default, EXPANDED one tag per value.
    it.part = Some(part(1));
    it.count = Some(0);
    it.plain = 0;
    it.packed = vec![1, 2];
    it.expanded = vec![1, 2];
    let bytes = it.encode_to_vec().unwrap();
    assert_eq!(
        bytes,
        [&[0x08, 0][..], &[0x1a, 1, b'n'], &[0x22, 2, 1, 2], &[0x28, 1, 0x28, 2], &[0x33, 0x08, 1, 0x34]].concat()
    );
    // A oneof member and repeated fields are delimited too; maps are not.
    it.parts = vec![part(2)];
    it.choice = Some(item::Choice::Chosen(part(3)));
    it.by_name.insert("k".into(), part(4));
    let bytes = it.encode_to_vec().unwrap();
    assert!(bytes.windows(4).any(|w| w == [0x3b, 0x08, 2, 0x3c]), "{bytes:x?}");
    assert!(bytes.windows(4).any(|w| w == [0x63, 0x08, 3, 0x64]), "{bytes:x?}");
    assert!(bytes.windows(2).any(|w| w == [0x52, 7]), "map entry length-prefixed: {bytes:x?}");
    assert_eq!(Item::decode(&bytes[..]).unwrap(), it);
    // A CLOSED enum keeps unknown values out of the field; OPEN ones keep them.
    let unknown = [&bytes[..], &[0x40, 7, 0x48, 7]].concat();
    let back = Item::decode(&unknown[..]).unwrap();
    assert_eq!(back.color, Some(7));
    assert_eq!(back.legacy, None);
    assert_eq!(back.legacy(), Legacy::One);
    let again = back.encode_to_vec().unwrap();
    assert!(again.ends_with(&[0x48, 7]), "the closed enum's value is an unknown field: {again:x?}");
    assert_eq!(Item::decode(&again[..]).unwrap(), back);
    // IMPLICIT presence: a zero is not written.
    let q = Quiet { id: 0, values: vec![1, -1], ..Default::default() };
    assert_eq!(q.encode_to_vec().unwrap(), [0x18, 2, 0x18, 1]);
    let p = golden::editions2024::Point { x: 0, y: -1, label: Some(0), ..Default::default() };
    assert_eq!(p.encode_to_vec().unwrap(), [0x10, 1, 0x18, 0]);
}

#[test]
fn unchecked_strings_hold_any_bytes() {
    use golden::unchecked::{Legacy, legacy};
    // id = "\xff", name = "a\xffb", tags = ["é"], labels = {"k": "\xfe"}, word = "\xc3"
    let bytes = [
        &[0x0a, 3, b'a', 0xff, b'b'][..],
        &[0x12, 2, 0xc3, 0xa9],
        &[0x1a, 6, 0x0a, 1, b'k', 0x12, 1, 0xfe],
        &[0x22, 1, 0xc3],
        &[0x32, 1, 0xff],
    ]
    .concat();
    let m = Legacy::decode(&bytes[..]).unwrap();
    assert_eq!(m.name(), b"a\xffb");
    assert_eq!(Legacy::default().name(), b"none");
    assert_eq!(m.tags, [b"\xc3\xa9".to_vec()]);
    assert_eq!(m.labels["k"], b"\xfe");
    assert_eq!(m.choice, Some(legacy::Choice::Word(vec![0xc3])));
    assert_eq!(m.encode_to_vec().unwrap(), bytes);
    // The formats still see strings: JSON text (invalid UTF-8 as U+FFFD),
    // text format escapes.
    let json = protowire::json::to_string(&m).unwrap();
    assert!(json.contains("\"name\":\"a\u{fffd}b\""), "{json}");
    assert!(json.contains(r#""tags":["é"]"#), "{json}");
    let text = protowire::text::to_string(&m).unwrap();
    assert!(text.contains(r#"name: "a\377b""#), "{text}");
    assert!(text.contains(r#"tags: "é""#), "{text}");
    let back: Legacy = protowire::text::from_str(&text).unwrap();
    assert_eq!(back, m);
    let from_json: Legacy = protowire::json::from_str(r#"{"name": "x", "id": "y", "labels": {"k": "v"}}"#).unwrap();
    assert_eq!((from_json.name(), &from_json.labels["k"][..]), (&b"x"[..], &b"v"[..]));
}

#[test]
fn extensions_live_in_the_unknown_fields() {
    use golden::proto2::{EXT, Order};
    use protowire::Extensions;
    let mut o = Order::default();
    assert!(!o.has_extension(&EXT));
    assert_eq!(o.get_extension(&EXT).unwrap(), None);
    o.set_extension(&EXT, 7).unwrap();
    o.set_extension(&EXT, -1).unwrap();
    assert!(o.has_extension(&EXT));
    assert_eq!(o.get_extension(&EXT).unwrap(), Some(-1));
    // One field 100 (varint -1): set replaced the first value.
    let bytes = o.encode_partial_to_vec().unwrap();
    assert_eq!(bytes, [&[0xa0, 0x06][..], &[0xff; 9], &[0x01]].concat());
    // Decoded by a process that never heard of the extension: kept, and
    // readable once asked for.
    let back = Order::decode_partial(&bytes[..]).unwrap();
    assert_eq!(back.get_extension(&EXT).unwrap(), Some(-1));
    // Formats name it once registered.
    golden::proto2::register_types();
    let text = protowire::text::to_string(&back).unwrap();
    assert_eq!(text, "[golden.proto2.ext]: -1\n");
    let json = protowire::json::to_string(&back).unwrap();
    assert_eq!(json, r#"{"[golden.proto2.ext]":-1}"#);
    let from_text: Order = protowire::text::from_str("[golden.proto2.ext]: 5").unwrap();
    let from_json: Order = protowire::json::from_str(r#"{"[golden.proto2.ext]": 5}"#).unwrap();
    assert_eq!(from_text.get_extension(&EXT).unwrap(), Some(5));
    assert_eq!(from_json.get_extension(&EXT).unwrap(), Some(5));
    o.clear_extension(&EXT);
    assert!(!o.has_extension(&EXT));
    assert!(o._unknown_fields.is_empty());
}

#[test]
fn proto3_round_trip() {
    let s = Shape {
        sides: 3,
        maybe: Some(0),
        color: Color::Negative as i32,
        r#type: "t".into(),
        self_: 1,
        by_id: [(1, Color::Red as i32)].into_iter().collect(),
        kind: Some(shape::Kind::Rec(Box::default())),
        inner: Some(Box::new(shape::Inner {
            back: Some(Box::new(Shape { sides: 4, ..Default::default() })),
            ..Default::default()
        })),
        ..Default::default()
    };
    assert_eq!(s.color(), Color::Negative);
    let bytes = s.encode_to_vec().unwrap();
    assert_eq!(Shape::decode(&bytes[..]).unwrap(), s);
}

#[test]
fn imports_and_extern_paths() {
    let h = golden::imports::b::Holder {
        at: Some(google::protobuf::Timestamp { seconds: 1, nanos: 2, ..Default::default() }),
        level: golden::imports::a::Level::High as i32,
        nested: Some(Box::new(golden::imports::b::holder::Nested::default())),
        ..Default::default()
    };
    assert_eq!(h.level(), golden::imports::a::Level::High);
    let bytes = h.encode_to_vec().unwrap();
    assert_eq!(golden::imports::b::Holder::decode(&bytes[..]).unwrap(), h);
    let bare = Bare { next: Some(Box::new(Bare::default())), ..Default::default() };
    assert_eq!(Bare::decode(&bare.encode_to_vec().unwrap()[..]).unwrap(), bare);
}

#[test]
fn options() {
    let b = golden::options::Blob {
        data: protowire::bytes::Bytes::from_static(b"abc"),
        by_name: [("k".to_owned(), protowire::bytes::Bytes::from_static(b"v"))].into_iter().collect(),
        small: Some(Box::new(golden::options::Small { x: 1, ..Default::default() })),
        ..Default::default()
    };
    assert_eq!(golden::options::Blob::decode(&b.encode_to_vec().unwrap()[..]).unwrap(), b);
}

#[test]
fn zero_copy_strings_share_the_input() {
    use protowire::ByteString;
    let text = golden::options::Text {
        name: ByteString::from("name"),
        maybe: Some(ByteString::from("")),
        many: vec![ByteString::from("a"), ByteString::from("b")],
        labels: [(ByteString::from("k"), ByteString::from("v"))].into_iter().collect(),
        blob: protowire::bytes::Bytes::from_static(b"blob"),
        choice: Some(golden::options::text::Choice::Word(ByteString::from("w"))),
        ..Default::default()
    };
    let input = protowire::bytes::Bytes::from(text.encode_to_vec().unwrap());
    let decoded = golden::options::Text::decode(input.clone()).unwrap();
    assert_eq!(decoded, text);
    let range = input.as_ptr_range();
    assert!(range.contains(&decoded.name.as_ptr()));
    assert!(range.contains(&decoded.many[1].as_ptr()));
    assert!(range.contains(&decoded.blob.as_ptr()));
}

#[test]
fn messages_named_like_prelude_types_work() {
    use golden::prelude;
    let msg = prelude::Option {
        next: Some(Box::new(prelude::Option::default())),
        s: Some(prelude::String { value: "x".into(), ..Default::default() }),
        ..Default::default()
    };
    let bytes = msg.encode_to_vec().unwrap();
    assert_eq!(prelude::Option::decode(&bytes[..]).unwrap(), msg);
    assert_eq!(<prelude::Option as Message>::full_name(), "golden.prelude.Option");
}

#[test]
fn enums_have_prosts_inherent_names() {
    // No trait import needed, as with prost.
    assert_eq!(Color::Negative.as_str_name(), "COLOR_NEGATIVE");
    assert_eq!(Color::from_str_name("COLOR_GREEN"), Some(Color::Green));
    assert_eq!(Color::from_str_name("GREEN"), None);
    assert_eq!(Status::from_str_name(Status::Shipped.as_str_name()), Some(Status::Shipped));
}

#[test]
fn debug_names_enum_values() {
    let s = Shape {
        color: Color::Green as i32,
        maybe_color: Some(77),
        colors: vec![Color::Red as i32, 9],
        by_id: [(1, Color::Negative as i32)].into_iter().collect(),
        kind: Some(shape::Kind::Tint(Color::Red as i32)),
        ..Default::default()
    };
    let debug = format!("{s:?}");
    for needle in [
        "Shape { sides: 0,",
        "color: Green,",
        "maybe_color: Some(77),",
        "colors: [Red, 9],",
        "by_id: {1: Negative},",
        "kind: Some(Tint(Red)),",
        // Keywords print without `r#`, as `#[derive(Debug)]` prints them.
        "type: \"\",",
        "_unknown_fields: ",
    ] {
        assert!(debug.contains(needle), "{debug:?} lacks {needle:?}");
    }
    let unknown = Shape { kind: Some(shape::Kind::Tint(5)), ..Default::default() };
    assert!(format!("{unknown:?}").contains("kind: Some(Tint(5))"), "{unknown:?}");
    // Pretty printing goes through the same impl.
    assert!(format!("{s:#?}").contains("    color: Green,\n"));
}

/// The generated server trait can be implemented, its server built, and the
/// client names the routes of the `.proto`.
mod services {
    use std::pin::Pin;

    use protowire::types::Empty;
    use tonic::codegen::tokio_stream::Stream;
    use tonic::{Request, Response, Status, Streaming};

    use super::golden::imports::a::thing;
    use super::golden::services::{Ping, Pong, echo_server, health_check_server, ping};

    type PongStream = Pin<Box<dyn Stream<Item = Result<Pong, Status>> + Send>>;

    struct Impl;

    #[tonic::async_trait]
    impl echo_server::Echo for Impl {
        async fn echo(&self, request: Request<Ping>) -> Result<Response<Pong>, Status> {
            Ok(Response::new(Pong { text: request.into_inner().text, count: 1, ..Pong::default() }))
        }
        async fn collect(&self, _: Request<Streaming<Ping>>) -> Result<Response<Pong>, Status> {
            Err(Status::unimplemented("collect"))
        }
        type RepeatStream = PongStream;
        async fn repeat(&self, _: Request<Ping>) -> Result<Response<PongStream>, Status> {
            Err(Status::unimplemented("repeat"))
        }
        type ChatStream = PongStream;
        async fn chat(&self, _: Request<Streaming<Ping>>) -> Result<Response<PongStream>, Status> {
            Err(Status::unimplemented("chat"))
        }
        async fn legacy(&self, _: Request<ping::Options>) -> Result<Response<Empty>, Status> {
            Ok(Response::new(Empty::default()))
        }
        async fn r#type(&self, _: Request<thing::Part>) -> Result<Response<Pong>, Status> {
            Err(Status::unimplemented("type"))
        }
    }

    struct Check;

    #[tonic::async_trait]
    impl health_check_server::HealthCheck for Check {
        async fn check(&self, _: Request<Empty>) -> Result<Response<Empty>, Status> {
            Ok(Response::new(Empty::default()))
        }
    }

    #[test]
    fn servers_build_and_are_named_after_the_proto() {
        let _server = echo_server::EchoServer::new(Impl).max_decoding_message_size(1 << 20);
        let _check = health_check_server::HealthCheckServer::new(Check);
        assert_eq!(echo_server::SERVICE_NAME, "golden.services.Echo");
        assert_eq!(health_check_server::SERVICE_NAME, "golden.services.health_check");
        assert_eq!(<echo_server::EchoServer<Impl> as tonic::server::NamedService>::NAME, "golden.services.Echo");
    }
}
