//! prost's own derive tests (its `tests/src/message_encoding.rs` and
//! `debug.rs`), ported to the facade: attribute forms, inferred tags,
//! defaults, oneofs, maps (hash and btree), enumerations and their
//! accessors, boxed fields, groups. Every type is also compiled with prost's
//! derive (the `both!` macro) and the two compared byte for byte.

#![allow(clippy::all, missing_docs, dead_code, non_camel_case_types)]

use std::fmt::Debug;

/// Compiles the items twice: in `ours` with the facade's derives, in
/// `theirs` with prost's.
macro_rules! both {
    ($($body:tt)*) => {
        mod ours {
            #[allow(unused_imports)]
            use protowire::prost::{Enumeration, Message, Oneof};
            $($body)*
        }
        mod theirs {
            #[allow(unused_imports)]
            use prost::{Enumeration, Message, Oneof};
            $($body)*
        }
    };
}

both! {
    use std::collections::{BTreeMap, HashMap};

    use bytes::Bytes;

    #[derive(Clone, PartialEq, Message)]
    pub struct RepeatedFloats {
        #[prost(float, tag = "11")]
        pub single_float: f32,
        #[prost(float, repeated, packed = "true", tag = "41")]
        pub repeated_float: Vec<f32>,
    }

    /// A protobuf message which contains all scalar types.
    #[derive(Clone, PartialEq, Message)]
    pub struct ScalarTypes {
        #[prost(int32, tag = "001")]
        pub int32: i32,
        #[prost(int64, tag = "002")]
        pub int64: i64,
        #[prost(uint32, tag = "003")]
        pub uint32: u32,
        #[prost(uint64, tag = "004")]
        pub uint64: u64,
        #[prost(sint32, tag = "005")]
        pub sint32: i32,
        #[prost(sint64, tag = "006")]
        pub sint64: i64,
        #[prost(fixed32, tag = "007")]
        pub fixed32: u32,
        #[prost(fixed64, tag = "008")]
        pub fixed64: u64,
        #[prost(sfixed32, tag = "009")]
        pub sfixed32: i32,
        #[prost(sfixed64, tag = "010")]
        pub sfixed64: i64,
        #[prost(float, tag = "011")]
        pub float: f32,
        #[prost(double, tag = "012")]
        pub double: f64,
        #[prost(bool, tag = "013")]
        pub _bool: bool,
        #[prost(string, tag = "014")]
        pub string: String,
        #[prost(bytes = "vec", tag = "015")]
        pub bytes_vec: Vec<u8>,
        #[prost(bytes = "bytes", tag = "016")]
        pub bytes_buf: Bytes,

        #[prost(int32, required, tag = "101")]
        pub required_int32: i32,
        #[prost(sint64, required, tag = "106")]
        pub required_sint64: i64,
        #[prost(fixed32, required, tag = "107")]
        pub required_fixed32: u32,
        #[prost(double, required, tag = "112")]
        pub required_double: f64,
        #[prost(bool, required, tag = "113")]
        pub required_bool: bool,
        #[prost(string, required, tag = "114")]
        pub required_string: String,
        #[prost(bytes = "bytes", required, tag = "116")]
        pub required_bytes_buf: Bytes,

        #[prost(int32, optional, tag = "201")]
        pub optional_int32: Option<i32>,
        #[prost(uint64, optional, tag = "204")]
        pub optional_uint64: Option<u64>,
        #[prost(sfixed64, optional, tag = "210")]
        pub optional_sfixed64: Option<i64>,
        #[prost(float, optional, tag = "211")]
        pub optional_float: Option<f32>,
        #[prost(bool, optional, tag = "213")]
        pub optional_bool: Option<bool>,
        #[prost(string, optional, tag = "214")]
        pub optional_string: Option<String>,
        #[prost(bytes = "vec", optional, tag = "215")]
        pub optional_bytes_vec: Option<Vec<u8>>,
        #[prost(bytes = "bytes", optional, tag = "216")]
        pub optional_bytes_buf: Option<Bytes>,

        #[prost(int32, repeated, packed = "false", tag = "301")]
        pub repeated_int32: Vec<i32>,
        #[prost(sint64, repeated, packed = "false", tag = "306")]
        pub repeated_sint64: Vec<i64>,
        #[prost(fixed64, repeated, packed = "false", tag = "308")]
        pub repeated_fixed64: Vec<u64>,
        #[prost(bool, repeated, packed = "false", tag = "313")]
        pub repeated_bool: Vec<bool>,
        #[prost(string, repeated, packed = "false", tag = "315")]
        pub repeated_string: Vec<String>,
        #[prost(bytes = "bytes", repeated, packed = "false", tag = "317")]
        pub repeated_bytes_buf: Vec<Bytes>,

        #[prost(int32, repeated, tag = "401")]
        pub packed_int32: Vec<i32>,
        #[prost(uint32, repeated, tag = "403")]
        pub packed_uint32: Vec<u32>,
        #[prost(sint32, repeated, tag = "405")]
        pub packed_sint32: Vec<i32>,
        #[prost(sfixed32, repeated, tag = "409")]
        pub packed_sfixed32: Vec<i32>,
        #[prost(double, repeated, tag = "412")]
        pub packed_double: Vec<f64>,
        #[prost(string, repeated, tag = "415")]
        pub packed_string: Vec<String>,
        #[prost(bytes = "vec", repeated, tag = "416")]
        pub packed_bytes_vec: Vec<Vec<u8>>,
    }

    pub fn scalar_types() -> ScalarTypes {
        ScalarTypes {
            int32: -1,
            int64: i64::MIN,
            uint32: u32::MAX,
            uint64: 1 << 40,
            sint32: -5,
            sint64: i64::MAX,
            fixed32: 7,
            fixed64: u64::MAX,
            sfixed32: -9,
            sfixed64: -10,
            float: 1.5,
            double: -0.25,
            _bool: true,
            string: "héllo".into(),
            bytes_vec: vec![0, 1, 2],
            bytes_buf: Bytes::from_static(b"buf"),
            required_int32: 0,
            required_sint64: -1,
            required_fixed32: 0,
            required_double: 0.0,
            required_bool: false,
            required_string: String::new(),
            required_bytes_buf: Bytes::new(),
            optional_int32: Some(0),
            optional_uint64: Some(3),
            optional_sfixed64: None,
            optional_float: Some(-0.0),
            optional_bool: Some(false),
            optional_string: Some(String::new()),
            optional_bytes_vec: Some(vec![9]),
            optional_bytes_buf: None,
            repeated_int32: vec![1, -1, 0],
            repeated_sint64: vec![-3, 3],
            repeated_fixed64: vec![0, 1],
            repeated_bool: vec![true, false],
            repeated_string: vec!["a".into(), String::new()],
            repeated_bytes_buf: vec![Bytes::from_static(b"x"), Bytes::new()],
            packed_int32: vec![-1, 0, 300],
            packed_uint32: vec![0, 1 << 31],
            packed_sint32: vec![i32::MIN, i32::MAX],
            packed_sfixed32: vec![-2],
            packed_double: vec![1.0, f64::INFINITY],
            packed_string: vec!["p".into()],
            packed_bytes_vec: vec![vec![], vec![1]],
        }
    }

    #[derive(Clone, PartialEq, Message)]
    pub struct TagsInferred {
        #[prost(bool)]
        pub one: bool,
        #[prost(int32, optional)]
        pub two: Option<i32>,
        #[prost(float, repeated)]
        pub three: Vec<f32>,

        #[prost(tag = "9", string, required)]
        pub skip_to_nine: String,
        #[prost(enumeration = "BasicEnumeration", default = "ONE")]
        pub ten: i32,
        #[prost(btree_map = "string, string")]
        pub eleven: BTreeMap<String, String>,

        #[prost(tag = "5", bytes)]
        pub back_to_five: Vec<u8>,
        #[prost(message, required)]
        pub six: Basic,
    }

    #[derive(Clone, PartialEq, Message)]
    pub struct TagsQualified {
        #[prost(tag = "1", bool)]
        pub one: bool,
        #[prost(tag = "2", int32, optional)]
        pub two: Option<i32>,
        #[prost(tag = "3", float, repeated)]
        pub three: Vec<f32>,

        #[prost(tag = "5", bytes)]
        pub five: Vec<u8>,
        #[prost(tag = "6", message, required)]
        pub six: Basic,

        #[prost(tag = "9", string, required)]
        pub nine: String,
        #[prost(tag = "10", enumeration = "BasicEnumeration", default = "ONE")]
        pub ten: i32,
        #[prost(tag = "11", btree_map = "string, string")]
        pub eleven: BTreeMap<String, String>,
    }

    pub fn tags() -> (TagsInferred, TagsQualified) {
        let inferred = TagsInferred {
            one: true,
            two: Some(42),
            three: vec![0.0, 1.0, 1.0],
            skip_to_nine: "nine".to_owned(),
            ten: 2,
            eleven: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
            back_to_five: vec![1, 0, 1],
            six: Basic::default(),
        };
        let qualified = TagsQualified {
            one: true,
            two: Some(42),
            three: vec![0.0, 1.0, 1.0],
            five: vec![1, 0, 1],
            six: Basic::default(),
            nine: "nine".to_owned(),
            ten: 2,
            eleven: BTreeMap::from([("k".to_owned(), "v".to_owned())]),
        };
        (inferred, qualified)
    }

    /// A prost message with default values.
    #[derive(Clone, PartialEq, Message)]
    pub struct DefaultValues {
        #[prost(int32, tag = "1", default = "42")]
        pub int32: i32,
        #[prost(int32, optional, tag = "2", default = "88")]
        pub optional_int32: Option<i32>,
        #[prost(string, tag = "3", default = "forty two")]
        pub string: String,
        #[prost(bytes = "vec", tag = "7", default = "b\"foo\\x00bar\"")]
        pub bytes_vec: Vec<u8>,
        #[prost(bytes = "bytes", tag = "8", default = "b\"foo\\x00bar\"")]
        pub bytes_buf: Bytes,
        #[prost(enumeration = "BasicEnumeration", tag = "4", default = "ONE")]
        pub enumeration: i32,
        #[prost(enumeration = "BasicEnumeration", optional, tag = "5", default = "TWO")]
        pub optional_enumeration: Option<i32>,
        #[prost(enumeration = "BasicEnumeration", repeated, tag = "6")]
        pub repeated_enumeration: Vec<i32>,
        #[prost(sint64, optional, tag = "9", default = "-9223372036854775808")]
        pub optional_min: Option<i64>,
        #[prost(double, optional, tag = "10", default = "-inf")]
        pub optional_neg_inf: Option<f64>,
        #[prost(float, optional, tag = "11", default = "1.5")]
        pub optional_float: Option<f32>,
        #[prost(bool, optional, tag = "12", default = "true")]
        pub optional_bool: Option<bool>,
        #[prost(string, optional, tag = "13", default = "dflt")]
        pub optional_string: Option<String>,
        #[prost(bytes = "vec", optional, tag = "14", default = "b\"\\x01\\x02\"")]
        pub optional_bytes: Option<Vec<u8>>,
    }

    /// A protobuf enum (no `#[repr(i32)]`, as in prost's tests; `Eq` is
    /// added: protowire's `Enumeration` needs `Copy + Eq`, which prost-build
    /// always derives).
    #[allow(clippy::upper_case_acronyms)]
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Enumeration)]
    pub enum BasicEnumeration {
        ZERO = 0,
        ONE = 1,
        TWO = 2,
        THREE = 3,
    }

    #[derive(Clone, PartialEq, Message)]
    pub struct Basic {
        #[prost(int32, tag = "1")]
        pub int32: i32,
        #[prost(bool, repeated, packed = "false", tag = "2")]
        pub bools: Vec<bool>,
        #[prost(string, tag = "3")]
        pub string: String,
        #[prost(string, optional, tag = "4")]
        pub optional_string: Option<String>,
        #[prost(enumeration = "BasicEnumeration", tag = "5")]
        pub enumeration: i32,
        #[prost(map = "int32, enumeration(BasicEnumeration)", tag = "6")]
        pub enumeration_map: HashMap<i32, i32>,
        #[prost(hash_map = "string, string", tag = "7")]
        pub string_map: HashMap<String, String>,
        #[prost(btree_map = "int32, enumeration(BasicEnumeration)", tag = "10")]
        pub enumeration_btree_map: BTreeMap<i32, i32>,
        #[prost(btree_map = "string, string", tag = "11")]
        pub string_btree_map: BTreeMap<String, String>,
        #[prost(oneof = "BasicOneof", tags = "8, 9")]
        pub oneof: Option<BasicOneof>,
        #[prost(map = "string, bytes", tag = "12")]
        pub bytes_map: HashMap<String, Vec<u8>>,
    }

    #[derive(Clone, PartialEq, Message)]
    pub struct Compound {
        #[prost(message, optional, tag = "1")]
        pub optional_message: Option<Basic>,
        #[prost(message, required, tag = "2")]
        pub required_message: Basic,
        #[prost(message, repeated, tag = "3")]
        pub repeated_message: Vec<Basic>,
        #[prost(map = "sint32, message", tag = "4")]
        pub message_map: HashMap<i32, Basic>,
        #[prost(btree_map = "sint32, message", tag = "5")]
        pub message_btree_map: BTreeMap<i32, Basic>,
    }

    #[derive(Clone, PartialEq, Oneof)]
    pub enum BasicOneof {
        #[prost(int32, tag = "8")]
        Int(i32),
        #[prost(string, tag = "9")]
        String(String),
    }

    /// prost's `roundtrip` test value (hash maps with one entry, so that
    /// their order cannot differ).
    pub fn compound() -> Compound {
        let basic = Basic {
            int32: 123,
            bools: Vec::from([true, false, true]),
            string: "Hello".into(),
            optional_string: Some("World".into()),
            enumeration: 12,
            enumeration_map: HashMap::from([(1, 2)]),
            string_map: HashMap::from([("foo".into(), "bar".into())]),
            enumeration_btree_map: BTreeMap::from([(5, 6), (7, 8)]),
            string_btree_map: BTreeMap::from([("xfoo".into(), "xbar".into()), ("xbaz".into(), "xboo".into())]),
            oneof: Some(BasicOneof::Int(456)),
            bytes_map: HashMap::from([("foo".into(), "bar".into())]),
        };
        Compound {
            optional_message: Some(basic.clone()),
            required_message: basic.clone(),
            repeated_message: Vec::from([basic.clone()]),
            message_map: HashMap::from([(1, basic.clone())]),
            message_btree_map: BTreeMap::from([(3, basic.clone()), (4, basic.clone())]),
        }
    }

    #[derive(Clone, PartialEq, Oneof)]
    pub enum OneofWithEnum {
        #[prost(int32, tag = "8")]
        Int(i32),
        #[prost(string, tag = "9")]
        String(String),
        #[prost(enumeration = "BasicEnumeration", tag = "10")]
        Enumeration(i32),
    }

    #[derive(Clone, PartialEq, Message)]
    pub struct MessageWithOneof {
        #[prost(oneof = "OneofWithEnum", tags = "8, 9, 10")]
        pub of: Option<OneofWithEnum>,
    }

    /// Recursion through `boxed` fields and boxed oneof members.
    #[derive(Clone, PartialEq, Message)]
    pub struct Tree {
        #[prost(string, tag = "1")]
        pub name: String,
        #[prost(message, optional, boxed, tag = "2")]
        pub left: Option<Box<Tree>>,
        #[prost(message, optional, boxed, tag = "3")]
        pub right: Option<Box<Tree>>,
        #[prost(oneof = "Link", tags = "4, 5")]
        pub link: Option<Link>,
    }

    #[derive(Clone, PartialEq, Oneof)]
    pub enum Link {
        #[prost(message, tag = "4")]
        Parent(Box<Tree>),
        #[prost(uint32, tag = "5")]
        Depth(u32),
    }

    pub fn tree() -> Tree {
        let leaf = |name: &str| Tree { name: name.into(), ..Tree::default() };
        Tree {
            name: "root".into(),
            left: Some(Box::new(Tree { link: Some(Link::Parent(Box::new(leaf("up")))), ..leaf("l") })),
            right: Some(Box::new(Tree { link: Some(Link::Depth(1)), ..leaf("r") })),
            link: None,
        }
    }

    /// proto2 groups: optional, repeated, and in a oneof.
    #[derive(Clone, PartialEq, Message)]
    pub struct WithGroups {
        #[prost(group, optional, tag = "1")]
        pub single: Option<GroupBody>,
        #[prost(group, repeated, tag = "2")]
        pub many: Vec<GroupBody>,
        #[prost(oneof = "GroupChoice", tags = "3, 4")]
        pub choice: Option<GroupChoice>,
    }

    #[derive(Clone, PartialEq, Message)]
    pub struct GroupBody {
        #[prost(int32, optional, tag = "10")]
        pub value: Option<i32>,
    }

    #[derive(Clone, PartialEq, Oneof)]
    pub enum GroupChoice {
        #[prost(group, tag = "3")]
        Group(GroupBody),
        #[prost(string, tag = "4")]
        Text(String),
    }

    pub fn groups() -> WithGroups {
        let body = |v| GroupBody { value: Some(v) };
        WithGroups { single: Some(body(1)), many: vec![body(2), GroupBody::default()], choice: Some(GroupChoice::Group(body(3))) }
    }

    /// Fields prost-build marks `#[deprecated]`: the derives use them
    /// without warnings.
    #[derive(Clone, PartialEq, Message)]
    pub struct WithDeprecated {
        #[deprecated]
        #[prost(int32, optional, tag = "1")]
        pub old: Option<i32>,
        #[prost(enumeration = "BasicEnumeration", tag = "2")]
        #[deprecated]
        pub old_kind: i32,
    }

    #[derive(Clone, PartialEq, Oneof)]
    pub enum DeprecatedChoice {
        #[deprecated]
        #[prost(string, tag = "1")]
        Old(String),
    }

    /// `skip_debug`: the type brings its own `Debug`.
    #[derive(Clone, PartialEq, Message)]
    #[prost(skip_debug)]
    pub struct Secret {
        #[prost(string, tag = "1")]
        pub password: String,
    }

    impl std::fmt::Debug for Secret {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("Secret(..)")
        }
    }

    /// The accessors prost generates, exercised the same way on both sides.
    #[derive(Clone, PartialEq, Message)]
    pub struct Accessors {
        #[prost(enumeration = "BasicEnumeration", tag = "1")]
        pub plain: i32,
        #[prost(enumeration = "BasicEnumeration", optional, tag = "2", default = "THREE")]
        pub maybe: Option<i32>,
        #[prost(enumeration = "BasicEnumeration", repeated, tag = "3")]
        pub many: Vec<i32>,
        #[prost(btree_map = "string, enumeration(BasicEnumeration)", tag = "4")]
        pub by_name: BTreeMap<String, i32>,
        #[prost(hash_map = "uint64, enumeration(BasicEnumeration)", tag = "5")]
        pub by_number: HashMap<u64, i32>,
        #[prost(enumeration = "BasicEnumeration", required, tag = "6", default = "TWO")]
        pub needed: i32,
        #[prost(string, optional, tag = "7")]
        pub r#type: Option<String>,
    }

    pub fn accessors() -> (Accessors, String) {
        let mut a = Accessors::default();
        let mut log = format!("{:?} {:?} {:?} {:?} ", a.plain(), a.maybe(), a.needed(), a.r#type());
        a.set_plain(BasicEnumeration::ONE);
        a.set_maybe(BasicEnumeration::TWO);
        a.push_many(BasicEnumeration::THREE);
        a.many.push(99); // not declared: the iterator skips it
        a.push_many(BasicEnumeration::ZERO);
        let replaced = a.insert_by_name("k".into(), BasicEnumeration::ONE);
        let replaced_again = a.insert_by_name("k".into(), BasicEnumeration::TWO);
        a.insert_by_number(7, BasicEnumeration::THREE);
        a.by_number.insert(8, 77);
        a.set_needed(BasicEnumeration::ZERO);
        a.r#type = Some("t".into());
        log += &format!(
            "{:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {:?}",
            a.plain(),
            a.maybe(),
            a.many().collect::<Vec<_>>(),
            replaced,
            replaced_again,
            a.get_by_name("k"),
            a.get_by_name("missing"),
            a.get_by_number(7),
            a.get_by_number(8),
            a.needed(),
            a.r#type(),
        );
        a.plain = 42;
        log += &format!(" {:?}", a.plain());
        (a, log)
    }
}

fn ours_bytes<M: protowire::prost::Message>(m: &M) -> Vec<u8> {
    let bytes = protowire::prost::Message::encode_to_vec(m);
    assert_eq!(protowire::prost::Message::encoded_len(m), bytes.len());
    bytes
}

fn theirs_bytes<M: prost::Message>(m: &M) -> Vec<u8> {
    prost::Message::encode_to_vec(m)
}

/// prost's `check_message`: `encode` writes `encoded_len` bytes, and
/// `decode` gives the message back, consuming all of the input.
fn check_message<M>(msg: &M)
where
    M: Debug + protowire::prost::Message + Default + PartialEq,
{
    use bytes::Buf;
    let expected_len = msg.encoded_len();
    let mut buf = Vec::with_capacity(18);
    msg.encode(&mut buf).unwrap();
    assert_eq!(expected_len, buf.len());
    let mut buf = buf.as_slice();
    let roundtrip = M::decode(&mut buf).unwrap();
    assert!(!buf.has_remaining(), "expected buffer to be empty: {}", buf.remaining());
    assert_eq!(msg, &roundtrip);
}

#[test]
fn check_repeated_floats() {
    let ours = ours::RepeatedFloats {
        single_float: 0.0,
        repeated_float: vec![
            0.1,
            340282300000000000000000000000000000000.0,
            0.000000000000000000000000000000000000011754944,
        ],
    };
    check_message(&ours);
    let theirs = theirs::RepeatedFloats { single_float: 0.0, repeated_float: ours.repeated_float.clone() };
    assert_eq!(ours_bytes(&ours), theirs_bytes(&theirs));
}

#[test]
fn check_scalar_types() {
    check_message(&ours::ScalarTypes::default());
    check_message(&ours::scalar_types());
    assert_eq!(ours_bytes(&ours::ScalarTypes::default()), theirs_bytes(&theirs::ScalarTypes::default()));
    assert_eq!(ours_bytes(&ours::scalar_types()), theirs_bytes(&theirs::scalar_types()));
    assert_eq!(format!("{:?}", ours::scalar_types()), format!("{:?}", theirs::scalar_types()));
    // The getters of `optional` scalars.
    let s = ours::scalar_types();
    assert_eq!((s.optional_int32(), s.optional_uint64(), s.optional_sfixed64()), (0, 3, 0));
    assert_eq!(
        (s.optional_bool(), s.optional_string(), s.optional_bytes_vec(), s.optional_bytes_buf()),
        (false, "", &[9u8][..], &[][..])
    );
}

#[test]
fn check_tags_inferred() {
    let (inferred, qualified) = ours::tags();
    check_message(&ours::TagsInferred::default());
    check_message(&inferred);
    assert_eq!(ours_bytes(&inferred), ours_bytes(&qualified));
    assert_eq!(ours_bytes(&ours::TagsInferred::default()), ours_bytes(&ours::TagsQualified::default()));
    let (theirs_inferred, _) = theirs::tags();
    assert_eq!(ours_bytes(&inferred), theirs_bytes(&theirs_inferred));
    // Tags 1, 2, 3, then 9, 10, 11, then 5, 6.
    let numbers: Vec<u32> =
        <ours::TagsInferred as protowire::Message>::message_type().fields().iter().map(|f| f.number).collect();
    assert_eq!(numbers, [1, 2, 3, 5, 6, 9, 10, 11]);
}

#[test]
fn check_default_values() {
    use protowire::prost::Message;
    let default = ours::DefaultValues::default();
    assert_eq!(default.int32, 42);
    assert_eq!(default.optional_int32, None);
    assert_eq!(&default.string, "forty two");
    assert_eq!(&default.bytes_vec.as_ref(), b"foo\0bar");
    assert_eq!(&default.bytes_buf.as_ref(), b"foo\0bar");
    assert_eq!(default.enumeration, ours::BasicEnumeration::ONE as i32);
    assert_eq!(default.optional_enumeration, None);
    assert!(default.repeated_enumeration.is_empty());
    // Getters return the declared defaults while unset.
    assert_eq!(default.optional_int32(), 88);
    assert_eq!(default.optional_enumeration(), ours::BasicEnumeration::TWO);
    assert_eq!(default.optional_min(), i64::MIN);
    assert_eq!(default.optional_neg_inf(), f64::NEG_INFINITY);
    assert_eq!(default.optional_float(), 1.5);
    assert!(default.optional_bool());
    assert_eq!(default.optional_string(), "dflt");
    assert_eq!(default.optional_bytes(), b"\x01\x02");
    // prost leaves a plain field at its (non-zero) default out, so its
    // encoding of this message is empty; protowire writes every plain
    // field that is not zero (documented). Both read back the same value.
    let theirs = theirs::DefaultValues::default();
    assert_eq!(prost::Message::encoded_len(&theirs), 0);
    let ours_encoded = default.encode_to_vec();
    assert_eq!(default.encoded_len(), ours_encoded.len());
    assert_eq!(ours::DefaultValues::decode(&ours_encoded[..]).unwrap(), default);
    assert_eq!(ours::DefaultValues::decode(&theirs_bytes(&theirs)[..]).unwrap(), default);
    assert_eq!(format!("{default:?}"), format!("{theirs:?}"));
}

#[test]
fn roundtrip() {
    check_message(&ours::compound());
    assert_eq!(ours_bytes(&ours::compound()), theirs_bytes(&theirs::compound()));
    assert_eq!(format!("{:?}", ours::compound()), format!("{:?}", theirs::compound()));
}

#[test]
fn enumeration() {
    use ours::BasicEnumeration as E;
    assert_eq!(E::default(), E::ZERO);
    assert!(E::is_valid(3));
    assert!(!E::is_valid(4));
    assert_eq!(E::try_from(2), Ok(E::TWO));
    assert_eq!(E::try_from(9), Err(protowire::prost::UnknownEnumValue(9)));
    assert_eq!(i32::from(E::THREE), 3);
    #[allow(deprecated)]
    let from = E::from_i32(1);
    assert_eq!(from, Some(E::ONE));
    const VALID: bool = E::is_valid(0);
    assert!(VALID);
}

#[test]
fn accessors() {
    let (ours, ours_log) = ours::accessors();
    let (theirs, theirs_log) = theirs::accessors();
    assert_eq!(ours_log, theirs_log);
    assert_eq!(
        ours_log,
        "ZERO THREE TWO \"\" ONE TWO [THREE, ZERO] None Some(ONE) Some(TWO) None Some(THREE) None ZERO \"t\" ZERO"
    );
    let (mut ours, mut theirs) = (ours, theirs);
    ours.by_number.remove(&8);
    theirs.by_number.remove(&8);
    assert_eq!(ours_bytes(&ours), theirs_bytes(&theirs));
    check_message(&ours);
}

#[test]
fn debug() {
    let mut basic = ours::Basic::default();
    assert_eq!(
        format!("{basic:?}"),
        "Basic { int32: 0, bools: [], string: \"\", optional_string: None, enumeration: ZERO, enumeration_map: {}, \
         string_map: {}, enumeration_btree_map: {}, string_btree_map: {}, oneof: None, bytes_map: {} }"
    );
    basic.enumeration_map.insert(0, ours::BasicEnumeration::TWO as i32);
    basic.enumeration = 42;
    basic.bytes_map.insert("hello".to_string(), "world".as_bytes().into());
    assert_eq!(
        format!("{basic:?}"),
        "Basic { int32: 0, bools: [], string: \"\", optional_string: None, enumeration: 42, enumeration_map: {0: TWO}, \
         string_map: {}, enumeration_btree_map: {}, string_btree_map: {}, oneof: None, bytes_map: {\"hello\": [119, 111, 114, 108, 100]} }"
    );
    let msg = ours::MessageWithOneof { of: Some(ours::OneofWithEnum::Enumeration(ours::BasicEnumeration::TWO as i32)) };
    assert_eq!(format!("{msg:?}"), "MessageWithOneof { of: Some(Enumeration(TWO)) }");
    let theirs = theirs::MessageWithOneof { of: Some(theirs::OneofWithEnum::Enumeration(2)) };
    assert_eq!(ours_bytes(&msg), theirs_bytes(&theirs));
}

#[test]
fn boxed() {
    check_message(&ours::tree());
    assert_eq!(ours_bytes(&ours::tree()), theirs_bytes(&theirs::tree()));
    assert_eq!(format!("{:?}", ours::tree()), format!("{:?}", theirs::tree()));
}

#[test]
fn groups() {
    let ours = ours::groups();
    check_message(&ours);
    let bytes = ours_bytes(&ours);
    assert_eq!(bytes, theirs_bytes(&theirs::groups()));
    // Start-group and end-group keys around each body.
    assert_eq!(&bytes[..4], [0x0b, 0x50, 0x01, 0x0c]);
    assert_eq!(format!("{ours:?}"), format!("{:?}", theirs::groups()));
}

#[test]
fn clear_and_merge() {
    use protowire::prost::Message as _;
    let mut m = ours::compound();
    m.clear();
    assert_eq!(m, ours::Compound::default());
    let bytes = ours::compound().encode_to_vec();
    m.merge(&bytes[..]).unwrap();
    m.merge(&bytes[..]).unwrap();
    assert_eq!(m.repeated_message.len(), 2);
    let delimited = ours::compound().encode_length_delimited_to_vec();
    let mut rest = &delimited[..];
    assert_eq!(protowire::prost::decode_length_delimiter(&mut rest).unwrap(), bytes.len());
    assert_eq!(rest, &bytes[..]);
    assert_eq!(protowire::prost::length_delimiter_len(bytes.len()), delimited.len() - bytes.len());
    assert_eq!(ours::Compound::decode_length_delimited(&delimited[..]).unwrap(), ours::compound());
    // As prost's, the trait is dyn-compatible.
    let dynamic: &dyn protowire::prost::Message = &m;
    assert_eq!(dynamic.encoded_len(), m.encode_to_vec().len());
    let mut small = [0u8; 4];
    assert!(ours::compound().encode(&mut &mut small[..]).is_err());
}

#[test]
#[allow(deprecated)]
fn deprecated_fields() {
    let ours = ours::WithDeprecated { old: Some(1), old_kind: 2 };
    let theirs = theirs::WithDeprecated { old: Some(1), old_kind: 2 };
    assert_eq!(ours_bytes(&ours), theirs_bytes(&theirs));
    assert_eq!(format!("{ours:?}"), format!("{theirs:?}"));
    assert_eq!(ours.old_kind(), ours::BasicEnumeration::TWO);
}

#[test]
fn skip_debug() {
    let ours = ours::Secret { password: "hunter2".into() };
    assert_eq!(format!("{ours:?}"), "Secret(..)");
    assert_eq!(ours_bytes(&ours), theirs_bytes(&theirs::Secret { password: "hunter2".into() }));
}
