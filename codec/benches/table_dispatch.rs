//! How a field table should dispatch to per-field work: the benchmark behind
//! that design decision.
//!
//! - **A** (what the runtime does): each table entry holds `size`, `encode`
//!   and `merge` function pointers, made by generated code from closures over
//!   one codec and one field. This is protowire's real encoder and decoder,
//!   on a hand-built table written the way `#[derive(Message)]` writes it.
//! - **B** (the alternative): each table entry holds a kind enum; generated
//!   code only provides `field_mut(index)` / `field_ref(index)`, which return
//!   a reference to the field wrapped in an enum (`FieldMut::I32(&mut i32)`,
//!   …), and a runtime loop `match`es on the kind to do the work. B is
//!   written here, self-contained, and made as fast as reasonably possible:
//!   the same wire primitives as A (`protowire::wire`), the same field lookup
//!   (next-field hint, then a dense index), loops monomorphised per message
//!   type, the size pass remembering nested sizes on a side stack that the
//!   forward write pass reads (reused between calls, which favours B), and an
//!   output `Vec` reserved at the exact size.
//!
//! - **A derive**: the same schema through `#[derive(Message)]`, i.e. A as
//!   users get it now: the same per-field merge functions for decoding, and a
//!   generated whole-message size and write function for encoding.
//!
//! All run on the same bytes (A and B on the same Rust structs); before measuring,
//! the benchmark checks that A and B decode to equal messages and encode to
//! identical bytes.
//!
//! Run: `cargo bench -p protowire --bench table_dispatch -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, Throughput};
use protowire::__private_v0_1 as pw;
use protowire::Message;
use pw::{
    Cardinality, EncodedKey, Field, FieldInfo, Kind, MessageSpec, MessageTable, TableCell, UnknownFields, WireType,
};

// ---------------------------------------------------------------------------
// The representative message, and its design-A tables.

/// `message Sub { int32 a = 1; string s = 2; }`
#[derive(Clone, Debug, Default, PartialEq)]
struct Sub {
    a: i32,
    s: String,
    unknown: UnknownFields,
    unknown_b: Vec<u8>,
}

/// ```proto
/// message Bench {
///   int32 id = 1;
///   int64 count = 2;
///   uint32 flags = 3;
///   sint64 delta = 4;
///   bool active = 5;
///   fixed64 stamp = 6;
///   string name = 7;
///   repeated int32 values = 8;  // packed
///   Sub sub = 9;
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
struct Bench {
    id: i32,
    count: i64,
    flags: u32,
    delta: i64,
    active: bool,
    stamp: u64,
    name: String,
    values: Vec<i32>,
    sub: Option<Sub>,
    /// A's unknown-field store.
    unknown: UnknownFields,
    /// B's unknown-field store (protowire's cannot be filled from outside).
    unknown_b: Vec<u8>,
}

/// One implicit-presence scalar or string field of design A.
macro_rules! implicit {
    ($msg:ty, $n:literal, $name:ident, $codec:ident, $kind:ident) => {
        Field::<$msg>::new(
            FieldInfo::new($n, stringify!($name), Kind::$kind, Cardinality::Implicit),
            |m| pw::size_implicit::<pw::$codec>(&m.$name, 1),
            |m, w| {
                let key = const { EncodedKey::new($n, <pw::$codec as pw::Codec>::WIRE_TYPE) };
                pw::write_implicit::<pw::$codec>(&m.$name, &key, w)
            },
            |m, _wt, buf, ctx| pw::merge_value::<pw::$codec>(&mut m.$name, buf, ctx),
        )
    };
}

static SUB_FIELDS: [Field<Sub>; 2] = [implicit!(Sub, 1, a, Int32, Int32), implicit!(Sub, 2, s, StringCodec, String)];

static SUB_SPEC: MessageSpec<Sub> =
    MessageSpec::new("bench.Sub", &SUB_FIELDS).with_unknown(|m| &m.unknown, |m| &mut m.unknown);

impl Message for Sub {
    fn __table() -> &'static MessageTable<Self> {
        static CELL: TableCell<Sub> = TableCell::new();
        CELL.get(&SUB_SPEC)
    }
}

static BENCH_FIELDS: [Field<Bench>; 9] = [
    implicit!(Bench, 1, id, Int32, Int32),
    implicit!(Bench, 2, count, Int64, Int64),
    implicit!(Bench, 3, flags, UInt32, UInt32),
    implicit!(Bench, 4, delta, SInt64, SInt64),
    implicit!(Bench, 5, active, Bool, Bool),
    implicit!(Bench, 6, stamp, Fixed64, Fixed64),
    implicit!(Bench, 7, name, StringCodec, String),
    Field::<Bench>::new(
        FieldInfo::new(8, "values", Kind::Int32, Cardinality::Packed),
        |m| pw::size_packed::<pw::Int32>(&m.values, 1),
        |m, w| pw::write_packed::<pw::Int32>(&m.values, &const { EncodedKey::new(8, WireType::Len) }, w),
        |m, wt, buf, _ctx| pw::merge_packable::<pw::Int32>(&mut m.values, wt, buf),
    ),
    Field::<Bench>::new(
        FieldInfo::new(9, "sub", Kind::Message, Cardinality::Optional).with_message_type(Sub::message_type),
        |m| pw::size_optional::<pw::MessageCodec<Sub>>(&m.sub, 1),
        |m, w| {
            let key = const { EncodedKey::new(9, WireType::Len) };
            pw::write_optional::<pw::MessageCodec<Sub>>(&m.sub, &key, w)
        },
        |m, _wt, buf, ctx| pw::merge_optional::<pw::MessageCodec<Sub>>(&mut m.sub, buf, ctx),
    ),
];

static BENCH_SPEC: MessageSpec<Bench> =
    MessageSpec::new("bench.Bench", &BENCH_FIELDS).with_unknown(|m| &m.unknown, |m| &mut m.unknown);

impl Message for Bench {
    fn __table() -> &'static MessageTable<Self> {
        static CELL: TableCell<Bench> = TableCell::new();
        CELL.get(&BENCH_SPEC)
    }
}

// ---------------------------------------------------------------------------
// Design B: a kind enum per field, field access through `field_mut`.

mod design_b {
    use protowire::DecodeError;
    use protowire::wire::{
        EncodedKey, WireType, encode_varint, read_fixed64, read_key, read_len, read_varint, skip_field, varint_len,
        zigzag_decode64, zigzag_encode64,
    };

    /// The recursion limit, as A's default.
    pub const DEPTH: u32 = 100;

    /// What a field holds and how it is written: the runtime matches on it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum KindB {
        Int32,
        Int64,
        UInt32,
        SInt64,
        Bool,
        Fixed64,
        String,
        PackedInt32,
        Message,
    }

    impl KindB {
        const fn wire_type(self) -> WireType {
            match self {
                KindB::Fixed64 => WireType::I64,
                KindB::String | KindB::PackedInt32 | KindB::Message => WireType::Len,
                _ => WireType::Varint,
            }
        }
    }

    /// One table entry: number, pre-encoded key, kind. No functions.
    pub struct FieldB {
        pub number: u32,
        pub key: EncodedKey,
        pub kind: KindB,
    }

    impl FieldB {
        pub const fn new(number: u32, kind: KindB) -> FieldB {
            FieldB { number, key: EncodedKey::new(number, kind.wire_type()), kind }
        }
    }

    /// A message's table: fields sorted by number, and `dense[number]` =
    /// 1 + the field's index (0: no such field).
    pub struct TableB {
        pub fields: &'static [FieldB],
        pub dense: &'static [u8],
    }

    /// A mutable reference to one field, by Rust type.
    pub enum FieldMut<'a> {
        I32(&'a mut i32),
        I64(&'a mut i64),
        U32(&'a mut u32),
        U64(&'a mut u64),
        Bool(&'a mut bool),
        Str(&'a mut String),
        VecI32(&'a mut Vec<i32>),
        Msg(&'a mut dyn MessageSlot),
    }

    /// A shared reference to one field, by Rust type.
    pub enum FieldRef<'a> {
        I32(i32),
        I64(i64),
        U32(u32),
        U64(u64),
        Bool(bool),
        Str(&'a str),
        VecI32(&'a [i32]),
        Msg(&'a dyn MessageSlot),
    }

    /// What generated code provides in design B: the table, and access to
    /// field `index` (an index into `TABLE.fields`).
    pub trait MessageB: Default {
        const TABLE: &'static TableB;
        fn field_mut(&mut self, index: usize) -> FieldMut<'_>;
        fn field_ref(&self, index: usize) -> FieldRef<'_>;
        fn unknown_b(&self) -> &[u8];
        fn unknown_b_mut(&mut self) -> &mut Vec<u8>;
    }

    /// A message-typed field, behind which the nested message's own
    /// (monomorphised) loops run.
    pub trait MessageSlot {
        fn merge(&mut self, buf: &mut &[u8], depth: u32) -> Result<(), BError>;
        fn merge_by_ref(&mut self, buf: &mut &[u8], depth: u32) -> Result<(), BError>;
        /// The nested message's size (no key, no length), pushed in pre-order
        /// onto `sizes`; `None` when absent.
        fn size(&self, sizes: &mut Vec<u32>) -> Option<usize>;
        fn write(&self, out: &mut Vec<u8>, sizes: &[u32], next: &mut usize);
        fn is_present(&self) -> bool;
    }

    impl<M: MessageB> MessageSlot for Option<M> {
        #[inline]
        fn merge(&mut self, buf: &mut &[u8], depth: u32) -> Result<(), BError> {
            merge(self.get_or_insert_with(M::default), buf, depth)
        }
        #[inline]
        fn merge_by_ref(&mut self, buf: &mut &[u8], depth: u32) -> Result<(), BError> {
            merge_by_ref(self.get_or_insert_with(M::default), buf, depth)
        }
        #[inline]
        fn size(&self, sizes: &mut Vec<u32>) -> Option<usize> {
            self.as_ref().map(|m| size(m, sizes))
        }
        #[inline]
        fn write(&self, out: &mut Vec<u8>, sizes: &[u32], next: &mut usize) {
            if let Some(m) = self {
                write(m, out, sizes, next);
            }
        }
        #[inline]
        fn is_present(&self) -> bool {
            self.is_some()
        }
    }

    /// B's error: one pointer, like A's.
    #[derive(Debug)]
    pub struct BError(#[allow(dead_code)] Box<BErrorKind>);

    /// What went wrong in B: a wire-level error, or one of B's own.
    #[derive(Debug)]
    pub enum BErrorKind {
        Wire(#[allow(dead_code)] DecodeError),
        Other(#[allow(dead_code)] &'static str),
    }

    impl From<DecodeError> for BError {
        #[cold]
        fn from(err: DecodeError) -> BError {
            BError(Box::new(BErrorKind::Wire(err)))
        }
    }

    #[cold]
    fn error(what: &'static str) -> BError {
        BError(Box::new(BErrorKind::Other(what)))
    }

    #[cold]
    #[inline(never)]
    fn kind_mismatch() -> ! {
        panic!("field_mut returned a reference of the wrong type for the field's kind")
    }

    const NOT_FOUND: usize = usize::MAX;

    #[inline]
    fn find(table: &TableB, number: u32, hint: usize) -> usize {
        if let Some(field) = table.fields.get(hint)
            && field.number == number
        {
            return hint;
        }
        match table.dense.get(number as usize) {
            Some(&i) if i != 0 => usize::from(i - 1),
            _ => NOT_FOUND,
        }
    }

    /// The field that takes key (`number`, `wire_type`), trying `hint` first.
    #[inline]
    fn accepting(table: &TableB, number: u32, wire_type: WireType, hint: usize) -> Option<usize> {
        let index = find(table, number, hint);
        let field = table.fields.get(index)?;
        let kind = field.kind;
        (wire_type == kind.wire_type() || (kind == KindB::PackedInt32 && wire_type == WireType::Varint))
            .then_some(index)
    }

    #[inline]
    fn merge_string(value: &mut String, buf: &mut &[u8]) -> Result<(), BError> {
        let len = read_len(buf)?;
        let (bytes, rest) = buf.split_at(len);
        *buf = rest;
        let text = std::str::from_utf8(bytes).map_err(|_| error("invalid UTF-8"))?;
        value.clear();
        value.push_str(text);
        Ok(())
    }

    #[inline]
    fn merge_packed(values: &mut Vec<i32>, wire_type: WireType, buf: &mut &[u8]) -> Result<(), BError> {
        if wire_type == WireType::Len {
            let len = read_len(buf)?;
            let (mut run, rest) = buf.split_at(len);
            *buf = rest;
            values.reserve(run.len());
            while !run.is_empty() {
                values.push(read_varint(&mut run)? as i32);
            }
        } else {
            values.push(read_varint(buf)? as i32);
        }
        Ok(())
    }

    #[inline]
    fn merge_message(slot: &mut dyn MessageSlot, buf: &mut &[u8], depth: u32, by_ref: bool) -> Result<(), BError> {
        let len = read_len(buf)?;
        let (mut inner, rest) = buf.split_at(len);
        *buf = rest;
        let Some(depth) = depth.checked_sub(1) else {
            return Err(error("recursion limit"));
        };
        if by_ref { slot.merge_by_ref(&mut inner, depth) } else { slot.merge(&mut inner, depth) }
    }

    /// The decode loop: read a key, find the field, match on its kind, then
    /// take the field's reference from `field_mut`.
    pub fn merge<M: MessageB>(msg: &mut M, buf: &mut &[u8], depth: u32) -> Result<(), BError> {
        let table = M::TABLE;
        let mut hint = 0;
        while !buf.is_empty() {
            let at_key = *buf;
            let (number, wire_type) = read_key(buf)?;
            let Some(index) = accepting(table, number, wire_type, hint) else {
                skip_unknown(msg, at_key, wire_type, number, buf, depth)?;
                continue;
            };
            hint = index + 1;
            match table.fields[index].kind {
                KindB::Int32 => {
                    let FieldMut::I32(v) = msg.field_mut(index) else { kind_mismatch() };
                    *v = read_varint(buf)? as i32;
                }
                KindB::Int64 => {
                    let FieldMut::I64(v) = msg.field_mut(index) else { kind_mismatch() };
                    *v = read_varint(buf)? as i64;
                }
                KindB::UInt32 => {
                    let FieldMut::U32(v) = msg.field_mut(index) else { kind_mismatch() };
                    *v = read_varint(buf)? as u32;
                }
                KindB::SInt64 => {
                    let FieldMut::I64(v) = msg.field_mut(index) else { kind_mismatch() };
                    *v = zigzag_decode64(read_varint(buf)?);
                }
                KindB::Bool => {
                    let FieldMut::Bool(v) = msg.field_mut(index) else { kind_mismatch() };
                    *v = read_varint(buf)? != 0;
                }
                KindB::Fixed64 => {
                    let FieldMut::U64(v) = msg.field_mut(index) else { kind_mismatch() };
                    *v = read_fixed64(buf)?;
                }
                KindB::String => {
                    let FieldMut::Str(v) = msg.field_mut(index) else { kind_mismatch() };
                    merge_string(v, buf)?;
                }
                KindB::PackedInt32 => {
                    let FieldMut::VecI32(v) = msg.field_mut(index) else { kind_mismatch() };
                    merge_packed(v, wire_type, buf)?;
                    hint = index;
                }
                KindB::Message => {
                    let FieldMut::Msg(slot) = msg.field_mut(index) else { kind_mismatch() };
                    merge_message(slot, buf, depth, false)?;
                }
            }
        }
        Ok(())
    }

    /// The same loop matching first on what `field_mut` returns, and on the
    /// kind only inside the arms where kinds share a Rust type (`int64` and
    /// `sint64` are both `&mut i64`). Once `field_mut` is inlined, the
    /// compiler can fold its `match index` and this `match` into one jump.
    pub fn merge_by_ref<M: MessageB>(msg: &mut M, buf: &mut &[u8], depth: u32) -> Result<(), BError> {
        let table = M::TABLE;
        let mut hint = 0;
        while !buf.is_empty() {
            let at_key = *buf;
            let (number, wire_type) = read_key(buf)?;
            let Some(index) = accepting(table, number, wire_type, hint) else {
                skip_unknown(msg, at_key, wire_type, number, buf, depth)?;
                continue;
            };
            hint = index + 1;
            let kind = table.fields[index].kind;
            match msg.field_mut(index) {
                FieldMut::I32(v) => *v = read_varint(buf)? as i32,
                FieldMut::I64(v) => {
                    let raw = read_varint(buf)?;
                    *v = if kind == KindB::SInt64 { zigzag_decode64(raw) } else { raw as i64 };
                }
                FieldMut::U32(v) => *v = read_varint(buf)? as u32,
                FieldMut::U64(v) => {
                    *v = if kind == KindB::Fixed64 { read_fixed64(buf)? } else { read_varint(buf)? };
                }
                FieldMut::Bool(v) => *v = read_varint(buf)? != 0,
                FieldMut::Str(v) => merge_string(v, buf)?,
                FieldMut::VecI32(v) => {
                    merge_packed(v, wire_type, buf)?;
                    hint = index;
                }
                FieldMut::Msg(slot) => merge_message(slot, buf, depth, true)?,
            }
        }
        Ok(())
    }

    #[cold]
    #[inline(never)]
    fn skip_unknown<M: MessageB>(
        msg: &mut M,
        at_key: &[u8],
        wire_type: WireType,
        number: u32,
        buf: &mut &[u8],
        depth: u32,
    ) -> Result<(), BError> {
        if wire_type == WireType::EndGroup {
            return Err(error("unexpected end group"));
        }
        skip_field(wire_type, number, buf, depth)?;
        let raw = &at_key[..at_key.len() - buf.len()];
        msg.unknown_b_mut().extend_from_slice(raw);
        Ok(())
    }

    #[inline]
    fn packed_body(values: &[i32]) -> usize {
        values.iter().map(|&v| varint_len(v as i64 as u64)).sum()
    }

    /// The size pass: nested message and packed body sizes go on `sizes`,
    /// in the order the write pass needs them.
    pub fn size<M: MessageB>(msg: &M, sizes: &mut Vec<u32>) -> usize {
        let mut total = msg.unknown_b().len();
        for (index, field) in M::TABLE.fields.iter().enumerate() {
            let key = field.key.len();
            total += match field.kind {
                KindB::Int32 => {
                    let FieldRef::I32(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v == 0 { 0 } else { key + varint_len(v as i64 as u64) }
                }
                KindB::Int64 => {
                    let FieldRef::I64(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v == 0 { 0 } else { key + varint_len(v as u64) }
                }
                KindB::UInt32 => {
                    let FieldRef::U32(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v == 0 { 0 } else { key + varint_len(u64::from(v)) }
                }
                KindB::SInt64 => {
                    let FieldRef::I64(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v == 0 { 0 } else { key + varint_len(zigzag_encode64(v)) }
                }
                KindB::Bool => {
                    let FieldRef::Bool(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v { key + 1 } else { 0 }
                }
                KindB::Fixed64 => {
                    let FieldRef::U64(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v == 0 { 0 } else { key + 8 }
                }
                KindB::String => {
                    let FieldRef::Str(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v.is_empty() { 0 } else { key + varint_len(v.len() as u64) + v.len() }
                }
                KindB::PackedInt32 => {
                    let FieldRef::VecI32(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v.is_empty() {
                        0
                    } else {
                        let body = packed_body(v);
                        sizes.push(body as u32);
                        key + varint_len(body as u64) + body
                    }
                }
                KindB::Message => {
                    let FieldRef::Msg(slot) = msg.field_ref(index) else { kind_mismatch() };
                    let at = sizes.len();
                    sizes.push(0);
                    match slot.size(sizes) {
                        Some(body) => {
                            sizes[at] = body as u32;
                            key + varint_len(body as u64) + body
                        }
                        None => {
                            sizes.pop();
                            0
                        }
                    }
                }
            };
        }
        total
    }

    #[inline]
    fn put_varint(out: &mut Vec<u8>, value: u64) {
        if value < 0x80 {
            out.push(value as u8);
        } else {
            let mut tmp = [0u8; 10];
            let n = encode_varint(value, &mut tmp);
            out.extend_from_slice(&tmp[..n]);
        }
    }

    #[inline]
    fn put_key(out: &mut Vec<u8>, key: &EncodedKey) {
        match key.as_bytes() {
            [single] => out.push(*single),
            bytes => out.extend_from_slice(bytes),
        }
    }

    /// The write pass, front to back, reading nested sizes from `sizes`.
    pub fn write<M: MessageB>(msg: &M, out: &mut Vec<u8>, sizes: &[u32], next: &mut usize) {
        for (index, field) in M::TABLE.fields.iter().enumerate() {
            let key = &field.key;
            match field.kind {
                KindB::Int32 => {
                    let FieldRef::I32(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v != 0 {
                        put_key(out, key);
                        put_varint(out, v as i64 as u64);
                    }
                }
                KindB::Int64 => {
                    let FieldRef::I64(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v != 0 {
                        put_key(out, key);
                        put_varint(out, v as u64);
                    }
                }
                KindB::UInt32 => {
                    let FieldRef::U32(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v != 0 {
                        put_key(out, key);
                        put_varint(out, u64::from(v));
                    }
                }
                KindB::SInt64 => {
                    let FieldRef::I64(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v != 0 {
                        put_key(out, key);
                        put_varint(out, zigzag_encode64(v));
                    }
                }
                KindB::Bool => {
                    let FieldRef::Bool(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v {
                        put_key(out, key);
                        out.push(1);
                    }
                }
                KindB::Fixed64 => {
                    let FieldRef::U64(v) = msg.field_ref(index) else { kind_mismatch() };
                    if v != 0 {
                        put_key(out, key);
                        out.extend_from_slice(&v.to_le_bytes());
                    }
                }
                KindB::String => {
                    let FieldRef::Str(v) = msg.field_ref(index) else { kind_mismatch() };
                    if !v.is_empty() {
                        put_key(out, key);
                        put_varint(out, v.len() as u64);
                        out.extend_from_slice(v.as_bytes());
                    }
                }
                KindB::PackedInt32 => {
                    let FieldRef::VecI32(v) = msg.field_ref(index) else { kind_mismatch() };
                    if !v.is_empty() {
                        put_key(out, key);
                        put_varint(out, u64::from(sizes[*next]));
                        *next += 1;
                        for &x in v {
                            put_varint(out, x as i64 as u64);
                        }
                    }
                }
                KindB::Message => {
                    let FieldRef::Msg(slot) = msg.field_ref(index) else { kind_mismatch() };
                    if slot.is_present() {
                        put_key(out, key);
                        put_varint(out, u64::from(sizes[*next]));
                        *next += 1;
                        slot.write(out, sizes, next);
                    }
                }
            }
        }
        out.extend_from_slice(msg.unknown_b());
    }

    /// Encodes `msg` into `out` (appending); `sizes` is scratch, reused.
    pub fn encode_into<M: MessageB>(msg: &M, out: &mut Vec<u8>, sizes: &mut Vec<u32>) {
        sizes.clear();
        let len = size(msg, sizes);
        out.reserve_exact(len);
        write(msg, out, sizes, &mut 0);
    }

    /// Decodes a whole message with [`merge`].
    pub fn decode<M: MessageB>(mut bytes: &[u8]) -> Result<M, BError> {
        let mut msg = M::default();
        merge(&mut msg, &mut bytes, DEPTH)?;
        Ok(msg)
    }

    /// Decodes a whole message with [`merge_by_ref`].
    pub fn decode_by_ref<M: MessageB>(mut bytes: &[u8]) -> Result<M, BError> {
        let mut msg = M::default();
        merge_by_ref(&mut msg, &mut bytes, DEPTH)?;
        Ok(msg)
    }
}

use design_b::{FieldB, FieldMut, FieldRef, KindB, MessageB, TableB};

/// What `#[derive(Message)]` would generate for design B.
impl MessageB for Sub {
    const TABLE: &'static TableB =
        &TableB { fields: &[FieldB::new(1, KindB::Int32), FieldB::new(2, KindB::String)], dense: &[0, 1, 2] };
    #[inline]
    fn field_mut(&mut self, index: usize) -> FieldMut<'_> {
        match index {
            0 => FieldMut::I32(&mut self.a),
            _ => FieldMut::Str(&mut self.s),
        }
    }
    #[inline]
    fn field_ref(&self, index: usize) -> FieldRef<'_> {
        match index {
            0 => FieldRef::I32(self.a),
            _ => FieldRef::Str(&self.s),
        }
    }
    fn unknown_b(&self) -> &[u8] {
        &self.unknown_b
    }
    fn unknown_b_mut(&mut self) -> &mut Vec<u8> {
        &mut self.unknown_b
    }
}

impl MessageB for Bench {
    const TABLE: &'static TableB = &TableB {
        fields: &[
            FieldB::new(1, KindB::Int32),
            FieldB::new(2, KindB::Int64),
            FieldB::new(3, KindB::UInt32),
            FieldB::new(4, KindB::SInt64),
            FieldB::new(5, KindB::Bool),
            FieldB::new(6, KindB::Fixed64),
            FieldB::new(7, KindB::String),
            FieldB::new(8, KindB::PackedInt32),
            FieldB::new(9, KindB::Message),
        ],
        dense: &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    };
    #[inline]
    fn field_mut(&mut self, index: usize) -> FieldMut<'_> {
        match index {
            0 => FieldMut::I32(&mut self.id),
            1 => FieldMut::I64(&mut self.count),
            2 => FieldMut::U32(&mut self.flags),
            3 => FieldMut::I64(&mut self.delta),
            4 => FieldMut::Bool(&mut self.active),
            5 => FieldMut::U64(&mut self.stamp),
            6 => FieldMut::Str(&mut self.name),
            7 => FieldMut::VecI32(&mut self.values),
            _ => FieldMut::Msg(&mut self.sub),
        }
    }
    #[inline]
    fn field_ref(&self, index: usize) -> FieldRef<'_> {
        match index {
            0 => FieldRef::I32(self.id),
            1 => FieldRef::I64(self.count),
            2 => FieldRef::U32(self.flags),
            3 => FieldRef::I64(self.delta),
            4 => FieldRef::Bool(self.active),
            5 => FieldRef::U64(self.stamp),
            6 => FieldRef::Str(&self.name),
            7 => FieldRef::VecI32(&self.values),
            _ => FieldRef::Msg(&self.sub),
        }
    }
    fn unknown_b(&self) -> &[u8] {
        &self.unknown_b
    }
    fn unknown_b_mut(&mut self) -> &mut Vec<u8> {
        &mut self.unknown_b
    }
}

// ---------------------------------------------------------------------------
// The same schema through `#[derive(Message)]`: design A as users get it
// today. Decoding walks the same per-field merge functions as the hand-built
// table; encoding goes through the whole-message size and write functions
// the derive generates (overriding `Message`'s hidden size and write methods) instead of one call per
// field.

/// `bench.Sub`, derived.
#[derive(protowire::Message, Clone, Debug, Default, PartialEq)]
#[proto(name = "bench.DerivedSub")]
struct DerivedSub {
    #[proto(1)]
    a: i32,
    #[proto(2)]
    s: String,
    #[proto(unknown)]
    unknown: UnknownFields,
}

/// `bench.Bench`, derived.
#[derive(protowire::Message, Clone, Debug, Default, PartialEq)]
#[proto(name = "bench.DerivedBench")]
struct DerivedBench {
    #[proto(1)]
    id: i32,
    #[proto(2)]
    count: i64,
    #[proto(3)]
    flags: u32,
    #[proto(4, sint64)]
    delta: i64,
    #[proto(5)]
    active: bool,
    #[proto(6, fixed64)]
    stamp: u64,
    #[proto(7)]
    name: String,
    #[proto(8)]
    values: Vec<i32>,
    #[proto(9)]
    sub: Option<DerivedSub>,
    #[proto(unknown)]
    unknown: UnknownFields,
}

impl From<&Bench> for DerivedBench {
    fn from(m: &Bench) -> DerivedBench {
        DerivedBench {
            id: m.id,
            count: m.count,
            flags: m.flags,
            delta: m.delta,
            active: m.active,
            stamp: m.stamp,
            name: m.name.clone(),
            values: m.values.clone(),
            sub: m.sub.as_ref().map(|s| DerivedSub { a: s.a, s: s.s.clone(), ..DerivedSub::default() }),
            ..DerivedBench::default()
        }
    }
}

// ---------------------------------------------------------------------------
// The data: varied messages, so that no single shape is learnt by the branch
// predictor.

/// How many messages one iteration decodes or encodes.
const BATCH: usize = 64;

/// A small deterministic generator (xorshift), so every run sees the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A value of a random bit width, so varints of every length occur.
    fn varied(&mut self) -> u64 {
        let width = self.next() % 64;
        self.next() >> width
    }

    fn text(&mut self, max: u64) -> String {
        let len = 3 + self.next() % max;
        (0..len).map(|_| char::from(b'a' + (self.next() % 26) as u8)).collect()
    }
}

fn dataset() -> Vec<Bench> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    (0..BATCH)
        .map(|i| {
            let n_values = rng.next() % 16;
            Bench {
                id: if i % 8 == 0 { -(i as i32) } else { i as i32 * 37 },
                count: rng.varied() as i64,
                flags: rng.next() as u32 & 0xfff,
                delta: rng.varied() as i64 - (1 << 20),
                active: rng.next() & 1 == 0,
                stamp: rng.next(),
                name: rng.text(24),
                values: (0..n_values).map(|_| (rng.varied() >> 32) as i32).collect(),
                sub: (i % 4 != 3).then(|| Sub { a: (rng.next() % 1000) as i32, s: rng.text(12), ..Sub::default() }),
                ..Bench::default()
            }
        })
        .collect()
}

/// Checks, before any timing, that both designs agree to the byte.
fn check_designs_agree(messages: &[Bench], derived: &[DerivedBench], encoded: &[Vec<u8>]) {
    let mut sizes = Vec::new();
    for ((msg, derived), bytes) in messages.iter().zip(derived).zip(encoded) {
        assert_eq!(&derived.encode_to_vec().unwrap(), bytes, "A and its derive encode differently");
        assert_eq!(&DerivedBench::decode(&bytes[..]).unwrap(), derived);
        let mut b_bytes = Vec::new();
        design_b::encode_into(msg, &mut b_bytes, &mut sizes);
        assert_eq!(&b_bytes, bytes, "A and B encode differently");
        assert_eq!(b_bytes.capacity(), b_bytes.len(), "B's size pass is not exact");
        let a: Bench = Bench::decode(&bytes[..]).expect("A decodes");
        let b: Bench = design_b::decode(bytes).expect("B decodes");
        let b_ref: Bench = design_b::decode_by_ref(bytes).expect("B decodes");
        assert_eq!(&a, msg);
        assert_eq!(&b, msg);
        assert_eq!(&b_ref, msg);
    }
}

/// Benchmarks both designs on `messages`, in groups named after `data`.
fn table_dispatch(c: &mut Criterion, data: &str, messages: &[Bench]) {
    let encoded: Vec<Vec<u8>> = messages.iter().map(|m| m.encode_to_vec().unwrap()).collect();
    let derived: Vec<DerivedBench> = messages.iter().map(DerivedBench::from).collect();
    check_designs_agree(messages, &derived, &encoded);
    let total: usize = encoded.iter().map(Vec::len).sum();
    eprintln!(
        "table_dispatch: {data}: {BATCH} messages, {total} bytes, {:.1} bytes per message on average",
        total as f64 / BATCH as f64
    );

    let mut group = c.benchmark_group(format!("{data}/decode"));
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("A fn pointers", |b| {
        b.iter(|| {
            for bytes in &encoded {
                black_box(Bench::decode(black_box(&bytes[..])).unwrap());
            }
        })
    });
    group.bench_function("A derive", |b| {
        b.iter(|| {
            for bytes in &encoded {
                black_box(DerivedBench::decode(black_box(&bytes[..])).unwrap());
            }
        })
    });
    group.bench_function("B kind enum, match kind", |b| {
        b.iter(|| {
            for bytes in &encoded {
                black_box(design_b::decode::<Bench>(black_box(bytes)).unwrap());
            }
        })
    });
    group.bench_function("B kind enum, match FieldMut", |b| {
        b.iter(|| {
            for bytes in &encoded {
                black_box(design_b::decode_by_ref::<Bench>(black_box(bytes)).unwrap());
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("{data}/encode_to_vec"));
    group.throughput(Throughput::Bytes(total as u64));
    group.bench_function("A fn pointers", |b| {
        b.iter(|| {
            for msg in messages {
                black_box(black_box(msg).encode_to_vec().unwrap());
            }
        })
    });
    let mut sizes = Vec::new();
    group.bench_function("A derive, generated encoder", |b| {
        b.iter(|| {
            for msg in &derived {
                black_box(black_box(msg).encode_to_vec().unwrap());
            }
        })
    });
    group.bench_function("B kind enum", |b| {
        b.iter(|| {
            for msg in messages {
                let mut out = Vec::new();
                design_b::encode_into(black_box(msg), &mut out, &mut sizes);
                black_box(out);
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("{data}/encode reused buf"));
    group.throughput(Throughput::Bytes(total as u64));
    let mut out = Vec::with_capacity(4096);
    group.bench_function("A fn pointers", |b| {
        b.iter(|| {
            for msg in messages {
                out.clear();
                black_box(msg).encode(&mut out).unwrap();
                black_box(&out);
            }
        })
    });
    group.bench_function("A derive, generated encoder", |b| {
        b.iter(|| {
            for msg in &derived {
                out.clear();
                black_box(msg).encode(&mut out).unwrap();
                black_box(&out);
            }
        })
    });
    group.bench_function("B kind enum", |b| {
        b.iter(|| {
            for msg in messages {
                out.clear();
                design_b::encode_into(black_box(msg), &mut out, &mut sizes);
                black_box(&out);
            }
        })
    });
    group.finish();
}

// Spelled out instead of `criterion_group!`, whose generated `pub fn` has no
// docs and trips the workspace's `missing_docs` lint.
fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let mixed = dataset();
    // The same messages without strings, repeated or nested fields: no
    // allocation, so dispatch is most of the work.
    let scalars: Vec<Bench> =
        mixed.iter().map(|m| Bench { name: String::new(), values: Vec::new(), sub: None, ..m.clone() }).collect();
    table_dispatch(&mut criterion, "mixed", &mixed);
    table_dispatch(&mut criterion, "scalars", &scalars);
    criterion.final_summary();
}
