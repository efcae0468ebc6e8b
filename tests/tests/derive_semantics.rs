//! Required fields through nesting, unknown fields through an older schema,
//! and recursion limits, on derived types.

use protowire::{DecodeErrorKind, DecodeOptions, EncodeErrorKind, Message, UnknownFields};

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
    // Nothing is written on failure; the partial encoder writes anyway.
    let mut out = Vec::new();
    assert!(root.encode(&mut out).is_err());
    assert!(out.is_empty());
    assert!(!root.encode_partial_to_vec().is_empty());
}

#[test]
fn decode_names_the_missing_field_through_nesting() {
    let complete = Root { branch: Some(Branch { leaf: Some(leaf(1)), leaves: vec![leaf(2)] }) };
    let bytes = complete.encode_to_vec().unwrap();
    assert_eq!(Root::decode(&bytes[..]).unwrap(), complete);

    // Branch.leaf with name but no id.
    let partial = Root { branch: Some(Branch { leaf: Some(Leaf { id: None, name: "x".into() }), leaves: vec![] }) };
    let bytes = partial.encode_partial_to_vec();
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
    // Encoding and decoding recurse once per level; 2,000 levels need more
    // than a test thread's default stack in a debug build.
    let result = std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(|| {
            let deep = chain(2_000);
            let bytes = deep.encode_to_vec().unwrap();
            assert_eq!(bytes.len(), deep.encoded_len());
            let options = DecodeOptions::new().recursion_limit(2_000);
            let decoded = Node::decode_with_options(&bytes[..], &options).unwrap();
            assert_eq!(decoded, deep);
            assert_eq!(Node::decode(&bytes[..]).unwrap_err().kind(), &DecodeErrorKind::RecursionLimit);
        })
        .unwrap()
        .join();
    assert!(result.is_ok());
}

#[test]
fn malformed_input_wins_over_a_missing_required_field() {
    // Root { branch: Branch { leaf: Leaf { name: "x" } } } — Leaf.id missing —
    // followed by a stray end-group key: the input is malformed, and that is
    // what decode reports (found by the `required` fuzz target).
    let mut bytes = Root { branch: Some(Branch { leaf: Some(Leaf { id: None, name: "x".into() }), leaves: vec![] }) }
        .encode_partial_to_vec();
    bytes.push(0x0c);
    let err = Root::decode(&bytes[..]).unwrap_err();
    assert_eq!(err.kind(), &DecodeErrorKind::UnexpectedEndGroup(1));
    assert_eq!(Root::decode_partial(&bytes[..]).unwrap_err().kind(), &DecodeErrorKind::UnexpectedEndGroup(1));
    bytes.pop();
    assert_eq!(Root::decode(&bytes[..]).unwrap_err().kind(), &DecodeErrorKind::MissingRequired);
}
