//! Required fields through nesting, unknown fields through an older schema,
//! and recursion limits, on derived types.

use protowire::{DecodeErrorKind, DecodeOptions, ENCODE_RECURSION_LIMIT, EncodeErrorKind, Message, UnknownFields};

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "req")]
pub struct Leaf {
    #[proto(1, required)]
    pub id: Option<u64>,
    #[proto(2, required)]
    pub name: String,
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "req")]
pub struct Branch {
    #[proto(1)]
    pub leaf: Option<Leaf>,
    #[proto(2)]
    pub leaves: Vec<Leaf>,
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "req")]
pub struct Root {
    #[proto(1, required)]
    pub branch: Option<Branch>,
}

fn leaf(id: u64) -> Leaf {
    Leaf { id: Some(id), name: "n".into() }
}

#[test]
fn a_run_of_repeated_messages_reports_the_element_that_failed() {
    // leaves: { id: 1, name: "n" }, { id: 2, name: "b" }, then a third
    // whose length runs past the end (at offset 14).
    let bytes = [0x12, 5, 0x08, 1, 0x12, 1, b'n', 0x12, 5, 0x08, 2, 0x12, 1, b'b', 0x12, 9];
    let ok = Branch::decode(&bytes[..14]).unwrap();
    assert_eq!(ok.leaves, [leaf(1), Leaf { id: Some(2), name: "b".into() }]);
    let err = Branch::decode(&bytes[..]).unwrap_err();
    assert_eq!(err.offset(), Some(14));
    assert_eq!(err.field_path().collect::<Vec<_>>(), ["leaves"]);
    // The second element without its required name: reported in it.
    let missing = [0x12, 5, 0x08, 1, 0x12, 1, b'a', 0x12, 2, 0x08, 2];
    let err = Branch::decode(&missing[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::MissingRequired);
    assert_eq!(err.field_path().collect::<Vec<_>>(), ["leaves", "name"]);
}

#[test]
fn encode_names_the_first_missing_required_field() {
    let root = Root { branch: Some(Branch { leaf: Some(leaf(1)), leaves: vec![leaf(2), Leaf::default()] }) };
    let err = root.encode_to_vec().unwrap_err();
    assert_eq!(err.kind(), &EncodeErrorKind::MissingRequired);
    assert_eq!(err.path(), "req.Root.branch.leaves.id");
    assert_eq!(
        err.to_string(),
        "failed to encode protobuf message: required field `req.Root.branch.leaves.id` is not set"
    );
    assert_eq!(Root::default().check_initialized().unwrap_err().path(), "req.Root.branch");
    // A required message field that is not set, flagged by the write pass.
    let err = Root::default().encode_to_vec().unwrap_err();
    assert_eq!((err.kind(), err.path()), (&EncodeErrorKind::MissingRequired, "req.Root.branch"));
    // Nothing is written on failure; the partial encoder writes anyway.
    let mut out = Vec::new();
    assert!(root.encode(&mut out).is_err());
    assert!(out.is_empty());
    assert!(!root.encode_partial_to_vec().unwrap().is_empty());
}

#[test]
fn decode_names_the_missing_field_through_nesting() {
    let complete = Root { branch: Some(Branch { leaf: Some(leaf(1)), leaves: vec![leaf(2)] }) };
    let bytes = complete.encode_to_vec().unwrap();
    assert_eq!(Root::decode(&bytes[..]).unwrap(), complete);

    // Branch.leaf with name but no id.
    let partial = Root { branch: Some(Branch { leaf: Some(Leaf { id: None, name: "x".into() }), leaves: vec![] }) };
    let bytes = partial.encode_partial_to_vec().unwrap();
    let err = Root::decode(&bytes[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::MissingRequired);
    assert_eq!(err.path(), "req.Root.branch.leaf.id");
    assert_eq!(Root::decode_partial(&bytes[..]).unwrap(), partial);

    // A plain (non-Option) required field must appear on the wire too.
    let bytes = [0x0a, 4, 0x0a, 2, 0x08, 1]; // branch { leaf { id: 1 } }
    assert_eq!(Root::decode(&bytes[..]).unwrap_err().path(), "req.Root.branch.leaf.name");
}

#[test]
fn required_fields_may_arrive_across_merges() {
    let mut leaf = Leaf::decode_partial(&[0x08, 7][..]).unwrap();
    leaf.merge(&[0x12, 1, b'q'][..]).unwrap();
    assert_eq!(leaf, Leaf { id: Some(7), name: "q".into() });
}

/// The same message as `NewSchema` with fields 2 and 3 removed.
#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "evolve.Record")]
pub struct OldSchema {
    #[proto(1)]
    pub id: u32,
    #[proto(4)]
    pub tail: String,
    #[proto(unknown)]
    pub unknown: UnknownFields,
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "evolve.Record")]
pub struct NewSchema {
    #[proto(1)]
    pub id: u32,
    #[proto(2)]
    pub tags: Vec<String>,
    #[proto(3)]
    pub nested: Option<Leaf>,
    #[proto(4)]
    pub tail: String,
}

#[test]
fn unknown_fields_survive_an_older_schema() {
    let new = NewSchema { id: 5, tags: vec!["a".into(), "b".into()], nested: Some(leaf(9)), tail: "end".into() };
    let bytes = new.encode_to_vec().unwrap();
    let mut old = OldSchema::decode(&bytes[..]).unwrap();
    assert_eq!((old.id, old.tail.as_str()), (5, "end"));
    assert_eq!(old.unknown.iter().map(|(n, _)| n).collect::<Vec<_>>(), [2, 2, 3]);
    old.id = 6;
    let passed_through = NewSchema::decode(&old.encode_to_vec().unwrap()[..]).unwrap();
    assert_eq!(passed_through, NewSchema { id: 6, ..new });
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "rec")]
pub struct Node {
    #[proto(1)]
    pub child: Option<Box<Node>>,
    #[proto(2)]
    pub value: u32,
}

fn chain(depth: u32) -> Node {
    let mut node = Node { child: None, value: depth };
    for i in 0..depth {
        node = Node { child: Some(Box::new(node)), value: i };
    }
    node
}

/// As [`Node`], with a repeated field, which makes its table one the
/// general merge loop takes instead of the simple one.
#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "rec")]
pub struct GeneralNode {
    #[proto(1)]
    pub child: Option<Box<GeneralNode>>,
    #[proto(2)]
    pub values: Vec<u32>,
}

#[test]
fn the_default_recursion_limit_fits_a_spawned_threads_stack() {
    // 2 MiB, a spawned thread's default: a message as deep as the default
    // limit allows must decode and encode in it, through either merge
    // loop, in unoptimised builds too (whose frames are the largest).
    let result = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            let simple = chain(100);
            let bytes = simple.encode_to_vec().unwrap();
            assert_eq!(Node::decode(&bytes[..]).unwrap(), simple);
            let mut general = GeneralNode { child: None, values: vec![100] };
            for i in 0..100 {
                general = GeneralNode { child: Some(Box::new(general)), values: vec![i, i + 1] };
            }
            let bytes = general.encode_to_vec().unwrap();
            assert_eq!(GeneralNode::decode(&bytes[..]).unwrap(), general);
        })
        .unwrap()
        .join();
    assert!(result.is_ok());
}

#[test]
fn recursion_limit_through_boxes() {
    let ok = chain(100).encode_to_vec().unwrap();
    assert_eq!(Node::decode(&ok[..]).unwrap(), chain(100));
    let deep = chain(101).encode_to_vec().unwrap();
    let err = Node::decode(&deep[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::RecursionLimit);
    assert!(err.path().starts_with("rec.Node.child.child."), "{}", err.path());
    let lenient = DecodeOptions::new().recursion_limit(200);
    assert_eq!(Node::decode_with_options(&deep[..], &lenient).unwrap(), chain(101));
}

#[test]
fn deep_chains_round_trip_past_the_default_limit() {
    // Decoding recurses once per level; 2,000 levels need more than a test
    // thread's default stack in a debug build.
    let result = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let limit = ENCODE_RECURSION_LIMIT;
            let deep = chain(limit);
            let bytes = deep.encode_to_vec().unwrap();
            assert_eq!(bytes.len(), deep.encoded_len());
            let options = DecodeOptions::new().recursion_limit(limit);
            let decoded = Node::decode_with_options(&bytes[..], &options).unwrap();
            assert_eq!(decoded, deep);
            assert_eq!(Node::decode(&bytes[..]).unwrap_err().kind(), &DecodeErrorKind::RecursionLimit);
        })
        .unwrap()
        .join();
    assert!(result.is_ok());
}

#[test]
fn encoding_past_the_encode_limit_is_an_error_not_a_stack_overflow() {
    // On the test thread's own stack (2 MiB), in debug builds too.
    let at_limit = chain(ENCODE_RECURSION_LIMIT);
    assert!(at_limit.encode_to_vec().is_ok());
    let too_deep = Node { child: Some(Box::new(chain(ENCODE_RECURSION_LIMIT))), value: 0 };
    for err in [
        too_deep.encode_to_vec().unwrap_err(),
        too_deep.encode_partial_to_vec().unwrap_err(),
        too_deep.encode_length_delimited_to_vec().unwrap_err(),
        too_deep.encode(&mut Vec::new()).unwrap_err(),
    ] {
        assert_eq!(err.kind(), &EncodeErrorKind::RecursionLimit);
        assert!(err.to_string().contains("1000 levels"), "{err}");
    }
    let mut buf = Vec::new();
    assert!(too_deep.encode(&mut buf).is_err());
    assert!(buf.is_empty(), "nothing is written when encoding fails");
    // The size pass is not limited: one key byte, the length, the child.
    let child_len = at_limit.encoded_len();
    assert_eq!(too_deep.encoded_len(), 1 + varint_len(child_len) + child_len);
}

fn varint_len(n: usize) -> usize {
    let mut len = 1;
    let mut n = n >> 7;
    while n > 0 {
        len += 1;
        n >>= 7;
    }
    len
}

#[test]
fn malformed_input_wins_over_a_missing_required_field() {
    // Root { branch: Branch { leaf: Leaf { name: "x" } } } — Leaf.id missing —
    // followed by a stray end-group key: the input is malformed, and that is
    // what decode reports (found by the `required` fuzz target).
    let mut bytes = Root { branch: Some(Branch { leaf: Some(Leaf { id: None, name: "x".into() }), leaves: vec![] }) }
        .encode_partial_to_vec()
        .unwrap();
    bytes.push(0x0c);
    let err = Root::decode(&bytes[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::UnexpectedEndGroup(1));
    assert_eq!(Root::decode_partial(&bytes[..]).unwrap_err().kind(), &DecodeErrorKind::UnexpectedEndGroup(1));
    bytes.pop();
    assert_eq!(Root::decode(&bytes[..]).unwrap_err().kind(), &DecodeErrorKind::MissingRequired);
}

/// More required fields than the 64-bit mask tracks.
#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "req")]
pub struct Wide {
    #[proto(1, required)]
    pub f1: u32,
    #[proto(2, required)]
    pub f2: u32,
    #[proto(3, required)]
    pub f3: u32,
    #[proto(4, required)]
    pub f4: u32,
    #[proto(5, required)]
    pub f5: u32,
    #[proto(6, required)]
    pub f6: u32,
    #[proto(7, required)]
    pub f7: u32,
    #[proto(8, required)]
    pub f8: u32,
    #[proto(9, required)]
    pub f9: u32,
    #[proto(10, required)]
    pub f10: u32,
    #[proto(11, required)]
    pub f11: u32,
    #[proto(12, required)]
    pub f12: u32,
    #[proto(13, required)]
    pub f13: u32,
    #[proto(14, required)]
    pub f14: u32,
    #[proto(15, required)]
    pub f15: u32,
    #[proto(16, required)]
    pub f16: u32,
    #[proto(17, required)]
    pub f17: u32,
    #[proto(18, required)]
    pub f18: u32,
    #[proto(19, required)]
    pub f19: u32,
    #[proto(20, required)]
    pub f20: u32,
    #[proto(21, required)]
    pub f21: u32,
    #[proto(22, required)]
    pub f22: u32,
    #[proto(23, required)]
    pub f23: u32,
    #[proto(24, required)]
    pub f24: u32,
    #[proto(25, required)]
    pub f25: u32,
    #[proto(26, required)]
    pub f26: u32,
    #[proto(27, required)]
    pub f27: u32,
    #[proto(28, required)]
    pub f28: u32,
    #[proto(29, required)]
    pub f29: u32,
    #[proto(30, required)]
    pub f30: u32,
    #[proto(31, required)]
    pub f31: u32,
    #[proto(32, required)]
    pub f32: u32,
    #[proto(33, required)]
    pub f33: u32,
    #[proto(34, required)]
    pub f34: u32,
    #[proto(35, required)]
    pub f35: u32,
    #[proto(36, required)]
    pub f36: u32,
    #[proto(37, required)]
    pub f37: u32,
    #[proto(38, required)]
    pub f38: u32,
    #[proto(39, required)]
    pub f39: u32,
    #[proto(40, required)]
    pub f40: u32,
    #[proto(41, required)]
    pub f41: u32,
    #[proto(42, required)]
    pub f42: u32,
    #[proto(43, required)]
    pub f43: u32,
    #[proto(44, required)]
    pub f44: u32,
    #[proto(45, required)]
    pub f45: u32,
    #[proto(46, required)]
    pub f46: u32,
    #[proto(47, required)]
    pub f47: u32,
    #[proto(48, required)]
    pub f48: u32,
    #[proto(49, required)]
    pub f49: u32,
    #[proto(50, required)]
    pub f50: u32,
    #[proto(51, required)]
    pub f51: u32,
    #[proto(52, required)]
    pub f52: u32,
    #[proto(53, required)]
    pub f53: u32,
    #[proto(54, required)]
    pub f54: u32,
    #[proto(55, required)]
    pub f55: u32,
    #[proto(56, required)]
    pub f56: u32,
    #[proto(57, required)]
    pub f57: u32,
    #[proto(58, required)]
    pub f58: u32,
    #[proto(59, required)]
    pub f59: u32,
    #[proto(60, required)]
    pub f60: u32,
    #[proto(61, required)]
    pub f61: u32,
    #[proto(62, required)]
    pub f62: u32,
    #[proto(63, required)]
    pub f63: u32,
    #[proto(64, required)]
    pub f64: u32,
    #[proto(65, required)]
    pub f65: u32,
    #[proto(66, required)]
    pub f66: u32,
}

#[test]
fn required_fields_past_the_mask_are_checked_by_presence() {
    let full = Wide::default().encode_to_vec().unwrap();
    assert!(Wide::decode(&full[..]).is_ok());
    // Without field 1 (tracked by the mask): reported by name.
    let without_first = &full[2..];
    assert_eq!(Wide::decode(without_first).unwrap_err().path(), "req.Wide.f1");
    // Without field 66 (past the mask, a plain u32, so present by value): accepted.
    let without_last = &full[..full.len() - 3];
    assert!(Wide::decode(without_last).is_ok());
}
