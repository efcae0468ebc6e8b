//! The memory of dynamic messages: a block laid out at run time, holding
//! one cell per field in the very Rust types generated structs use (`i32`,
//! `Option<String>`, `Vec<u64>`, ...), so that the engine reads and writes
//! it through the same table slots, by offset. What generated code gets
//! from its Rust types (which container holds a message, what a map or a
//! oneof is) a dynamic type gets from the few types here: messages are
//! [`DynamicMessage`] handles, maps are `BTreeMap<MapKey, Value>`, a oneof
//! is an `Option<DynOneof>`.
//!
//! Why it is sound:
//! - a dynamic table is only ever built with a [`DynLayout`] whose cells
//!   were laid out from [`CellType::of`] on the same storage codes the
//!   table's slots carry, so the code a slot records is the type in the
//!   cell at its offset (as `FieldOffset` guarantees for generated types);
//! - a [`DynamicMessage`] is made only from such a table, and initialises
//!   every cell before anyone sees it; it drops them all exactly once;
//! - messages, map entries and oneof members are checked on the way in
//!   (`set` rejects a value of another type) *and* on every access (a
//!   handle's table is compared with the one the ops expect, a value's
//!   variant with the code expected), so that even a bug elsewhere panics
//!   instead of reading memory as the wrong type.

use std::alloc::Layout;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::ptr::NonNull;
use std::sync::OnceLock;

use super::ops::{EachEntry, FillEntry, MapOps, MessageOps, OneofOps, TableSource};
use super::{MsgMut, MsgRef};
use crate::error::DecodeError;
use crate::table::{Base, Container, MessageTable, Slot, Stored};
use crate::unknown::UnknownFields;

/// A message whose type is known only at run time, from a
/// [`MessageDescriptor`](crate::reflect::MessageDescriptor): decoded,
/// encoded, printed and parsed by the same engine and tables as generated
/// types. See [`crate::reflect`] for its methods.
pub struct DynamicMessage {
    table: &'static MessageTable,
    data: NonNull<u8>,
}

// SAFETY: a `DynamicMessage` owns its block as a `Box` owns its value, and
// every cell type in it (`CellType`) is `Send` and `Sync`.
unsafe impl Send for DynamicMessage {}
// SAFETY: as for `Send`; shared access only reads.
unsafe impl Sync for DynamicMessage {}

/// A value of a dynamic message's field.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `bool`
    Bool(bool),
    /// `int32`, `sint32`, `sfixed32`
    I32(i32),
    /// `int64`, `sint64`, `sfixed64`
    I64(i64),
    /// `uint32`, `fixed32`
    U32(u32),
    /// `uint64`, `fixed64`
    U64(u64),
    /// `float`
    F32(f32),
    /// `double`
    F64(f64),
    /// `string`
    String(String),
    /// `bytes`
    Bytes(Vec<u8>),
    /// An enum value, by number.
    EnumNumber(i32),
    /// A message or group.
    Message(DynamicMessage),
    /// A repeated field's values.
    List(Vec<Value>),
    /// A map field's entries.
    Map(BTreeMap<MapKey, Value>),
}

/// A key of a map field.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MapKey {
    /// `bool`
    Bool(bool),
    /// `int32`, `sint32`, `sfixed32`
    I32(i32),
    /// `int64`, `sint64`, `sfixed64`
    I64(i64),
    /// `uint32`, `fixed32`
    U32(u32),
    /// `uint64`, `fixed64`
    U64(u64),
    /// `string`
    String(String),
}

/// The Rust storage of a map field of a dynamic type.
pub(crate) type DynMap = BTreeMap<MapKey, Value>;

/// The Rust storage of a oneof of a dynamic type (in an `Option`): the
/// member set and its value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DynOneof {
    pub(crate) number: u32,
    pub(crate) value: Value,
}

/// A member of a dynamic oneof, as its ops know it.
#[derive(Clone, Copy)]
pub(crate) struct DynMember {
    pub(crate) number: u32,
    pub(crate) base: Base,
    pub(crate) message: Option<&'static MessageOps>,
}

impl Value {
    /// The default value of a map value or oneof member stored as `base`.
    fn default_of(base: Base, message: Option<&'static MessageOps>) -> Value {
        match base {
            Base::I32 => Value::I32(0),
            Base::I64 => Value::I64(0),
            Base::U32 => Value::U32(0),
            Base::U64 => Value::U64(0),
            Base::F32 => Value::F32(0.0),
            Base::F64 => Value::F64(0.0),
            Base::Bool => Value::Bool(false),
            Base::String => Value::String(String::new()),
            Base::VecU8 => Value::Bytes(Vec::new()),
            Base::Message => match message {
                Some(ops) => Value::Message(DynamicMessage::of_table(ops.table())),
                None => panic!("protowire: a dynamic message value without its type"),
            },
            other => panic!("protowire: dynamic messages do not store {other:?}"),
        }
    }

    /// Whether the value is stored as `base` (and, for a message, is of the
    /// type of `message`).
    pub(crate) fn fits(&self, base: Base, message: Option<&'static MessageOps>) -> bool {
        match (self, base) {
            (Value::I32(_) | Value::EnumNumber(_), Base::I32)
            | (Value::I64(_), Base::I64)
            | (Value::U32(_), Base::U32)
            | (Value::U64(_), Base::U64)
            | (Value::F32(_), Base::F32)
            | (Value::F64(_), Base::F64)
            | (Value::Bool(_), Base::Bool)
            | (Value::String(_), Base::String)
            | (Value::Bytes(_), Base::VecU8) => true,
            (Value::Message(m), Base::Message) => message.is_some_and(|ops| std::ptr::eq(m.table, ops.table())),
            _ => false,
        }
    }

    /// The address of the value as stored as `base`.
    ///
    /// # Panics
    ///
    /// If the value is not stored as `base`.
    fn payload(&self, base: Base) -> *const u8 {
        match (self, base) {
            (Value::I32(v) | Value::EnumNumber(v), Base::I32) => (v as *const i32).cast(),
            (Value::I64(v), Base::I64) => (v as *const i64).cast(),
            (Value::U32(v), Base::U32) => (v as *const u32).cast(),
            (Value::U64(v), Base::U64) => (v as *const u64).cast(),
            (Value::F32(v), Base::F32) => (v as *const f32).cast(),
            (Value::F64(v), Base::F64) => (v as *const f64).cast(),
            (Value::Bool(v), Base::Bool) => (v as *const bool).cast(),
            (Value::String(v), Base::String) => (v as *const String).cast(),
            (Value::Bytes(v), Base::VecU8) => (v as *const Vec<u8>).cast(),
            (Value::Message(v), Base::Message) => (v as *const DynamicMessage).cast(),
            _ => panic!("protowire: dynamic value of the wrong type"),
        }
    }

    /// As `payload`, to write.
    fn payload_mut(&mut self, base: Base) -> *mut u8 {
        self.payload(base).cast_mut()
    }
}

impl MapKey {
    fn default_of(base: Base) -> MapKey {
        match base {
            Base::I32 => MapKey::I32(0),
            Base::I64 => MapKey::I64(0),
            Base::U32 => MapKey::U32(0),
            Base::U64 => MapKey::U64(0),
            Base::Bool => MapKey::Bool(false),
            Base::String => MapKey::String(String::new()),
            other => panic!("protowire: a map key cannot be stored as {other:?}"),
        }
    }

    /// Whether the key is stored as `base`.
    pub(crate) fn fits(&self, base: Base) -> bool {
        matches!(
            (self, base),
            (MapKey::I32(_), Base::I32)
                | (MapKey::I64(_), Base::I64)
                | (MapKey::U32(_), Base::U32)
                | (MapKey::U64(_), Base::U64)
                | (MapKey::Bool(_), Base::Bool)
                | (MapKey::String(_), Base::String)
        )
    }

    /// # Panics
    ///
    /// If the key is not stored as `base`.
    fn payload(&self, base: Base) -> *const u8 {
        match (self, base) {
            (MapKey::I32(v), Base::I32) => (v as *const i32).cast(),
            (MapKey::I64(v), Base::I64) => (v as *const i64).cast(),
            (MapKey::U32(v), Base::U32) => (v as *const u32).cast(),
            (MapKey::U64(v), Base::U64) => (v as *const u64).cast(),
            (MapKey::Bool(v), Base::Bool) => (v as *const bool).cast(),
            (MapKey::String(v), Base::String) => (v as *const String).cast(),
            _ => panic!("protowire: dynamic map key of the wrong type"),
        }
    }
}

/// What a cell of a dynamic message holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellType {
    /// `T`, `Option<T>` or `Vec<T>` for a scalar base.
    Scalar(Base, Container),
    /// `Option<DynamicMessage>` or `Vec<DynamicMessage>`.
    Message(Container),
    /// [`DynMap`].
    Map,
    /// `Option<DynOneof>`.
    Oneof,
    /// [`UnknownFields`].
    Unknown,
}

impl CellType {
    /// The cell of a field stored as `stored`; `oneof` for the cell of a
    /// oneof, which all its members share. The one place that decides which
    /// Rust type a storage code means in a dynamic message.
    pub(crate) fn of(stored: Stored, oneof: bool) -> CellType {
        if oneof {
            return CellType::Oneof;
        }
        match (stored.base, stored.container) {
            (_, Container::Map) => CellType::Map,
            (Base::Message, c @ (Container::Option | Container::Vec)) => CellType::Message(c),
            (b, c @ (Container::Plain | Container::Option | Container::Vec)) if b != Base::Message => {
                CellType::Scalar(b, c)
            }
            _ => panic!("protowire: no dynamic cell for {stored:?}"),
        }
    }

    fn fns(self) -> &'static CellFns {
        macro_rules! scalar {
            ($base:expr, $container:expr, $($b:ident $t:ty),*) => {
                match $base {
                    $(Base::$b => match $container {
                        Container::Plain => CellFnsOf::<$t>::FNS,
                        Container::Option => CellFnsOf::<Option<$t>>::FNS,
                        _ => CellFnsOf::<Vec<$t>>::FNS,
                    },)*
                    other => panic!("protowire: dynamic messages do not store {other:?}"),
                }
            };
        }
        match self {
            CellType::Scalar(base, container) => scalar!(
                base, container, I32 i32, I64 i64, U32 u32, U64 u64, F32 f32, F64 f64, Bool bool, String String,
                VecU8 Vec<u8>
            ),
            CellType::Message(Container::Vec) => CellFnsOf::<Vec<DynamicMessage>>::FNS,
            CellType::Message(_) => CellFnsOf::<Option<DynamicMessage>>::FNS,
            CellType::Map => CellFnsOf::<DynMap>::FNS,
            CellType::Oneof => CellFnsOf::<Option<DynOneof>>::FNS,
            CellType::Unknown => CellFnsOf::<UnknownFields>::FNS,
        }
    }
}

/// How to make, drop and copy the value of one cell type.
pub(crate) struct CellFns {
    layout: Layout,
    init: unsafe fn(*mut u8),
    /// `None` for types without drop glue (the plain scalars, `Option`s of
    /// numbers): nothing to do when a message goes.
    drop: Option<unsafe fn(*mut u8)>,
    clone: unsafe fn(*const u8, *mut u8),
}

struct CellFnsOf<T>(PhantomData<T>);

impl<T: Default + Clone> CellFnsOf<T> {
    const FNS: &'static CellFns = &CellFns {
        layout: Layout::new::<T>(),
        init: init_cell::<T>,
        drop: if std::mem::needs_drop::<T>() { Some(drop_cell::<T>) } else { None },
        clone: clone_cell::<T>,
    };
}

unsafe fn init_cell<T: Default>(p: *mut u8) {
    // SAFETY: the caller passes the address of an uninitialised cell laid
    // out for a `T`.
    unsafe { p.cast::<T>().write(T::default()) }
}

unsafe fn drop_cell<T>(p: *mut u8) {
    // SAFETY: the caller passes the address of a live `T`, dropped once.
    unsafe { p.cast::<T>().drop_in_place() }
}

unsafe fn clone_cell<T: Clone>(from: *const u8, to: *mut u8) {
    // SAFETY: the caller passes a live `T` and an uninitialised cell for one.
    unsafe { to.cast::<T>().write((*from.cast::<T>()).clone()) }
}

/// The memory layout of a dynamic type's messages.
pub(crate) struct DynLayout {
    layout: Layout,
    /// Each cell's offset and functions.
    cells: Box<[(u32, &'static CellFns)]>,
    /// The cells with drop glue, and how to drop them.
    drops: Box<[(u32, unsafe fn(*mut u8))]>,
    /// A message with every cell at its default, which new messages are
    /// copied from (dangling when the layout is empty).
    template: NonNull<u8>,
    /// The descriptor the type was built from.
    pub(crate) descriptor: crate::reflect::MessageDescriptor,
}

// SAFETY: the template is written once, before the layout is shared, and
// only read after; everything else in a layout is `Send` and `Sync`.
unsafe impl Send for DynLayout {}
// SAFETY: as for `Send`.
unsafe impl Sync for DynLayout {}

/// Lays out cells one after the other.
pub(crate) struct LayoutBuilder {
    layout: Layout,
    cells: Vec<(u32, CellType)>,
}

impl LayoutBuilder {
    pub(crate) fn new() -> LayoutBuilder {
        LayoutBuilder { layout: Layout::new::<()>(), cells: Vec::new() }
    }

    /// Adds a cell; returns its offset.
    ///
    /// # Panics
    ///
    /// If the block outgrows what a table offset can say (4 GiB).
    pub(crate) fn add(&mut self, cell: CellType) -> u32 {
        let (layout, offset) = self.layout.extend(cell.fns().layout).expect("protowire: dynamic message too large");
        let offset = u32::try_from(offset).expect("protowire: dynamic message too large");
        self.layout = layout;
        self.cells.push((offset, cell));
        offset
    }

    /// The size of the block so far.
    pub(crate) fn size(&self) -> usize {
        self.layout.pad_to_align().size()
    }

    pub(crate) fn finish(self, descriptor: crate::reflect::MessageDescriptor) -> DynLayout {
        let layout = self.layout.pad_to_align();
        let cells: Box<[(u32, &'static CellFns)]> = self.cells.iter().map(|&(offset, cell)| (offset, cell.fns())).collect();
        let drops = cells.iter().filter_map(|&(offset, fns)| Some((offset, fns.drop?))).collect();
        let template = allocate(layout);
        for &(offset, fns) in &cells {
            // SAFETY: the cell lies inside the block just allocated with the
            // layout it was laid out in, and is initialised once, here.
            unsafe { (fns.init)(template.as_ptr().add(offset as usize)) }
        }
        // The template lives as long as the layout, which is never dropped
        // (tables live for the rest of the program).
        DynLayout { layout, cells, drops, template, descriptor }
    }
}

impl DynamicMessage {
    /// A message of a dynamic table, every field at its default.
    ///
    /// # Panics
    ///
    /// If the table is not a dynamic type's.
    pub(crate) fn of_table(table: &'static MessageTable) -> DynamicMessage {
        let layout = layout_of(table);
        let data = allocate(layout.layout);
        // SAFETY: both blocks have `layout`, and do not overlap. The copy is
        // a message at its defaults: every cell type's default (zero, `None`,
        // and the empty `String`, `Vec`, `BTreeMap` and `UnknownFields`,
        // whose constructors allocate nothing) owns no memory, so its bytes
        // copied are the same value made again, and the copies (and the
        // template) are dropped independently without freeing anything twice.
        unsafe { std::ptr::copy_nonoverlapping(layout.template.as_ptr(), data.as_ptr(), layout.layout.size()) }
        DynamicMessage { table, data }
    }

    /// The message's table.
    pub(crate) fn table(&self) -> &'static MessageTable {
        self.table
    }

    pub(crate) fn layout(&self) -> &'static DynLayout {
        layout_of(self.table)
    }

    /// The message for the engine.
    pub(crate) fn as_ref(&self) -> MsgRef<'_> {
        // SAFETY: the block is laid out as the table's dynamic layout says,
        // which is what the table's slots were built from.
        unsafe { MsgRef::from_raw(self.data, self.table) }
    }

    /// The message for the engine, to write.
    pub(crate) fn as_mut(&mut self) -> MsgMut<'_> {
        // SAFETY: as in `as_ref`, with the exclusive borrow of `self`.
        unsafe { MsgMut::from_raw(self.data, self.table) }
    }

    pub(crate) fn data(&self) -> NonNull<u8> {
        self.data
    }

    /// The cell of slot `slot` (one of this message's table), as a `T`.
    ///
    /// # Panics
    ///
    /// If the slot's cell is not a `T` of the given type.
    fn cell<T>(&self, slot: &Slot, expect: CellType) -> &T {
        self.check_cell(slot, expect);
        // SAFETY: the slot is one of this table's, whose cell at its offset
        // holds the type `expect` names (checked just now), which is `T`
        // (each caller pairs the two).
        unsafe { &*self.data.as_ptr().add(slot.offset as usize).cast::<T>() }
    }

    fn cell_mut<T>(&mut self, slot: &Slot, expect: CellType) -> &mut T {
        self.check_cell(slot, expect);
        // SAFETY: as in `cell`, with the exclusive borrow of `self`.
        unsafe { &mut *self.data.as_ptr().add(slot.offset as usize).cast::<T>() }
    }

    fn check_cell(&self, slot: &Slot, expect: CellType) {
        assert!(slot.home == self.table.slots.as_ptr() as usize, "protowire: slot of another table");
        assert!(CellType::of(slot.stored, slot.oneof.is_some()) == expect, "protowire: dynamic cell of another type");
    }

    /// Singular message field: the message, if set.
    pub(crate) fn message_cell(&self, slot: &Slot) -> &Option<DynamicMessage> {
        self.cell(slot, CellType::Message(Container::Option))
    }

    pub(crate) fn message_cell_mut(&mut self, slot: &Slot) -> &mut Option<DynamicMessage> {
        self.cell_mut(slot, CellType::Message(Container::Option))
    }

    /// Repeated message field.
    pub(crate) fn messages_cell(&self, slot: &Slot) -> &Vec<DynamicMessage> {
        self.cell(slot, CellType::Message(Container::Vec))
    }

    pub(crate) fn messages_cell_mut(&mut self, slot: &Slot) -> &mut Vec<DynamicMessage> {
        self.cell_mut(slot, CellType::Message(Container::Vec))
    }

    /// Map field.
    pub(crate) fn map_cell(&self, slot: &Slot) -> &DynMap {
        self.cell(slot, CellType::Map)
    }

    pub(crate) fn map_cell_mut(&mut self, slot: &Slot) -> &mut DynMap {
        self.cell_mut(slot, CellType::Map)
    }

    /// The oneof a member slot belongs to.
    pub(crate) fn oneof_cell(&self, slot: &Slot) -> &Option<DynOneof> {
        self.cell(slot, CellType::Oneof)
    }

    pub(crate) fn oneof_cell_mut(&mut self, slot: &Slot) -> &mut Option<DynOneof> {
        self.cell_mut(slot, CellType::Oneof)
    }
}

/// A block for `layout` (dangling when it is empty).
fn allocate(layout: Layout) -> NonNull<u8> {
    if layout.size() == 0 {
        // Aligned for any cell: no cell needs more than 8 bytes' alignment.
        return NonNull::<u64>::dangling().cast();
    }
    // SAFETY: the layout's size is not zero.
    let p = unsafe { std::alloc::alloc(layout) };
    NonNull::new(p).unwrap_or_else(|| std::alloc::handle_alloc_error(layout))
}

fn layout_of(table: &'static MessageTable) -> &'static DynLayout {
    table.dynamic.as_deref().expect("protowire: not a dynamic message type")
}

impl Drop for DynamicMessage {
    fn drop(&mut self) {
        let layout = self.layout();
        for &(offset, drop) in &layout.drops {
            // SAFETY: every cell was initialised when the message was made,
            // and is dropped once, here (cells without drop glue need nothing).
            unsafe { drop(self.data.as_ptr().add(offset as usize)) }
        }
        if layout.layout.size() != 0 {
            // SAFETY: allocated in `of_table` (or `clone`) with this layout.
            unsafe { std::alloc::dealloc(self.data.as_ptr(), layout.layout) }
        }
    }
}

impl Clone for DynamicMessage {
    fn clone(&self) -> Self {
        let layout = self.layout();
        let data = allocate(layout.layout);
        for &(offset, fns) in &layout.cells {
            // SAFETY: the source cell is live; the target is the same cell of
            // a new block of the same layout, uninitialised.
            unsafe {
                (fns.clone)(self.data.as_ptr().add(offset as usize), data.as_ptr().add(offset as usize));
            }
        }
        DynamicMessage { table: self.table, data }
    }
}

/// The message a handle points to, checked to be of the ops' type.
fn handle_data(ops: &'static MessageOps, message: &DynamicMessage) -> *const u8 {
    assert!(std::ptr::eq(message.table, ops.table()), "protowire: dynamic message of another type");
    message.data.as_ptr()
}

unsafe fn handle_get(ops: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of a `DynamicMessage` (a map
    // value or a oneof member whose code says so).
    handle_data(ops, unsafe { &*p.cast::<DynamicMessage>() })
}

unsafe fn handle_get_mut(ops: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: as `handle_get`.
    (handle_data(ops, unsafe { &*p.cast::<DynamicMessage>() }).cast_mut(), false)
}

unsafe fn option_get(ops: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of an `Option<DynamicMessage>`.
    let option = unsafe { &*p.cast::<Option<DynamicMessage>>() };
    option.as_ref().map_or(std::ptr::null(), |m| handle_data(ops, m))
}

unsafe fn option_get_mut(ops: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: the caller passes the address of an `Option<DynamicMessage>`, exclusively.
    let option = unsafe { &mut *p.cast::<Option<DynamicMessage>>() };
    let fresh = option.is_none();
    let message = option.get_or_insert_with(|| DynamicMessage::of_table(ops.table()));
    (handle_data(ops, message).cast_mut(), fresh)
}

unsafe fn vec_get(_: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of a `Vec<DynamicMessage>`.
    unsafe { &*p.cast::<Vec<DynamicMessage>>() }.as_ptr().cast()
}

unsafe fn vec_len(p: *const u8) -> usize {
    // SAFETY: the caller passes the address of a `Vec<DynamicMessage>`.
    unsafe { &*p.cast::<Vec<DynamicMessage>>() }.len()
}

unsafe fn vec_get_at(ops: &'static MessageOps, p: *const u8, i: usize) -> *const u8 {
    // SAFETY: the caller passes the address of a `Vec<DynamicMessage>`.
    handle_data(ops, &unsafe { &*p.cast::<Vec<DynamicMessage>>() }[i])
}

unsafe fn vec_push(ops: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: the caller passes the address of a `Vec<DynamicMessage>`, exclusively.
    let vec = unsafe { &mut *p.cast::<Vec<DynamicMessage>>() };
    vec.push(DynamicMessage::of_table(ops.table()));
    let last = vec.len() - 1;
    (handle_data(ops, &vec[last]).cast_mut(), true)
}

unsafe fn no_len(_: *const u8) -> usize {
    1
}

/// The message ops of a dynamic type, for its three containers: a handle
/// (map values, oneof members), `Option<DynamicMessage>`,
/// `Vec<DynamicMessage>`. Made once per type and pool, and kept for the
/// life of the program, as generated types' are.
pub(crate) struct DynMessageOps {
    pub(crate) handle: &'static MessageOps,
    pub(crate) option: &'static MessageOps,
    pub(crate) vec: &'static MessageOps,
}

impl DynMessageOps {
    /// The ops of the type whose table `cell` will hold; `alloc` is the
    /// size of its messages.
    pub(crate) fn new(cell: &'static OnceLock<&'static MessageTable>, alloc: usize) -> DynMessageOps {
        let table = TableSource::Built(cell);
        let ops = |get, len, get_mut, get_at, container, alloc| -> &'static MessageOps {
            Box::leak(Box::new(MessageOps { table, get, len, get_mut, stride: 0, get_at, container, alloc }))
        };
        DynMessageOps {
            handle: ops(handle_get, no_len, handle_get_mut, vec_get_at, Container::Plain, 0),
            option: ops(option_get, no_len, option_get_mut, vec_get_at, Container::Option, alloc),
            vec: ops(vec_get, vec_len, vec_push, vec_get_at, Container::Vec, alloc),
        }
    }
}

unsafe fn map_for_each(ops: &'static MapOps, p: *const u8, rev: bool, f: &mut EachEntry<'_>) {
    // SAFETY: the caller passes the address of a `DynMap`.
    let map = unsafe { &*p.cast::<DynMap>() };
    let mut each = |(k, v): (&MapKey, &Value)| {
        if let (Value::Message(m), Some(ops)) = (v, ops.value_message) {
            handle_data(ops, m);
        }
        f(k.payload(ops.key.base), v.payload(ops.value.base));
    };
    if rev { map.iter().rev().for_each(&mut each) } else { map.iter().for_each(&mut each) }
}

unsafe fn map_insert_with(ops: &'static MapOps, p: *mut u8, f: &mut FillEntry<'_>) -> Result<bool, DecodeError> {
    // SAFETY: the caller passes the address of a `DynMap`, exclusively.
    let map = unsafe { &mut *p.cast::<DynMap>() };
    let key = MapKey::default_of(ops.key.base);
    let mut value = Value::default_of(ops.value.base, ops.value_message);
    let insert = f(key.payload(ops.key.base).cast_mut(), value.payload_mut(ops.value.base))?;
    if insert {
        map.insert(key, value);
    }
    Ok(insert)
}

/// The map ops of one map field of a dynamic type: keys stored as `key`,
/// values as `value` (messages of `message`'s type).
pub(crate) fn map_ops(key: Base, value: Base, message: Option<&'static MessageOps>) -> &'static MapOps {
    Box::leak(Box::new(MapOps {
        entry: size_of::<(MapKey, Value)>(),
        key: Stored::new(key, Container::Plain),
        value: Stored::new(value, Container::Plain),
        value_message: message,
        for_each: map_for_each,
        insert_with: map_insert_with,
    }))
}

fn member(ops: &'static OneofOps, number: u32) -> &'static DynMember {
    ops.dynamic.iter().find(|m| m.number == number).expect("protowire: not a member of this dynamic oneof")
}

unsafe fn oneof_current(ops: &'static OneofOps, p: *const u8) -> Option<(u32, *const u8)> {
    // SAFETY: the caller passes the address of an `Option<DynOneof>`.
    let oneof = unsafe { &*p.cast::<Option<DynOneof>>() }.as_ref()?;
    let member = member(ops, oneof.number);
    if let (Value::Message(m), Some(message)) = (&oneof.value, member.message) {
        handle_data(message, m);
    }
    Some((oneof.number, oneof.value.payload(member.base)))
}

unsafe fn oneof_select(ops: &'static OneofOps, p: *mut u8, number: u32) -> Option<(*mut u8, bool)> {
    // SAFETY: the caller passes the address of an `Option<DynOneof>`, exclusively.
    let oneof = unsafe { &mut *p.cast::<Option<DynOneof>>() };
    let member = ops.dynamic.iter().find(|m| m.number == number)?;
    let fresh = oneof.as_ref().is_none_or(|o| o.number != number);
    if fresh {
        *oneof = Some(DynOneof { number, value: Value::default_of(member.base, member.message) });
    }
    let value = &mut oneof.as_mut()?.value;
    if let (Value::Message(m), Some(message)) = (&*value, member.message) {
        handle_data(message, m);
    }
    Some((value.payload_mut(member.base), fresh))
}

/// The ops of one oneof of a dynamic type.
pub(crate) fn oneof_ops(members: Vec<DynMember>) -> &'static OneofOps {
    Box::leak(Box::new(OneofOps {
        members: &[],
        current: oneof_current,
        select: oneof_select,
        dynamic: Box::leak(members.into_boxed_slice()),
    }))
}
