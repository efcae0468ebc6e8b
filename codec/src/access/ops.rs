//! The few operations the engine cannot do without knowing a type: reach a
//! message inside a `Box`, an `Option` or a `Vec`, create one, walk a map,
//! find a oneof's member. One small table of functions per *type* (per
//! container of a message type, per map type, per oneof enum), instantiated
//! only where a field of that type exists; never per field.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::marker::PhantomData;

use crate::enumeration::Enumeration;
use crate::error::DecodeError;
use crate::message::Message;
use crate::table::{
    Base, Container, Entry, FieldDesc, MapKey, MessageTable, OneofField, OneofSpec, Stored, TypedTable, storage,
};

/// Where a field lives in a struct `S`, and that it is a `T`.
///
/// Only code that knows the offset is right can make one (the derive does,
/// from `core::mem::offset_of!` on the same field the witness reads), so a
/// table entry built from it cannot point the engine at the wrong type.
pub struct FieldOffset<S, T> {
    pub(crate) offset: u32,
    _field: PhantomData<fn(&S) -> &T>,
}

impl<S, T> Clone for FieldOffset<S, T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<S, T> Copy for FieldOffset<S, T> {}

impl<S, T> FieldOffset<S, T> {
    /// The field of `S` at `offset`, which the witness `field` reads.
    ///
    /// # Safety
    ///
    /// `offset` must be `core::mem::offset_of!(S, f)` for the field `f` that
    /// `field` returns (`|s: &S| &s.f`), so that a `T` lives there.
    ///
    /// # Panics
    ///
    /// At compile time (in a `static`), if the offset does not fit in 32 bits.
    pub const unsafe fn new(offset: usize, field: for<'a> fn(&'a S) -> &'a T) -> FieldOffset<S, T> {
        let _ = field;
        assert!(offset <= u32::MAX as usize, "protowire: struct too large");
        FieldOffset { offset: offset as u32, _field: PhantomData }
    }
}

/// A message's entries as the descriptions they wrap, for the table builder,
/// which is not generic over the message type.
pub(crate) const fn erase_entries<S>(entries: &'static [Entry<S>]) -> &'static [FieldDesc] {
    // SAFETY: `Entry<S>` is `repr(transparent)` over `FieldDesc` (its other
    // field is a zero-sized `PhantomData`), so a slice of one is a slice of
    // the other, element for element, with the same length and lifetime.
    unsafe { std::slice::from_raw_parts(entries.as_ptr().cast::<FieldDesc>(), entries.len()) }
}

/// A message's oneof fields, erased as [`erase_entries`] does.
pub(crate) const fn erase_oneofs<S>(oneofs: &'static [OneofField<S>]) -> &'static [OneofSpec] {
    // SAFETY: `OneofField<S>` is `repr(transparent)` over `OneofSpec`, as
    // above.
    unsafe { std::slice::from_raw_parts(oneofs.as_ptr().cast::<OneofSpec>(), oneofs.len()) }
}

/// Where a message type's table comes from: a generated type's cell (built
/// on first use), or a cell the dynamic builder fills once it has built every
/// table of a pool (tables may refer to each other in cycles).
#[derive(Clone, Copy)]
pub(crate) enum TableSource {
    Generated(fn() -> &'static MessageTable),
    Built(&'static std::sync::OnceLock<&'static MessageTable>),
}

impl std::fmt::Debug for TableSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TableSource::Generated(_) => f.write_str("Generated"),
            TableSource::Built(cell) => write!(f, "Built({:?})", cell.get().map(|t| t.full_name)),
        }
    }
}

impl TableSource {
    /// The table.
    ///
    /// # Panics
    ///
    /// For a dynamic type whose pool's tables are still being built: the
    /// builder never lets a message be created before they are.
    #[inline]
    pub(crate) fn get(self) -> &'static MessageTable {
        match self {
            TableSource::Generated(table) => table(),
            TableSource::Built(cell) => cell.get().expect("protowire: dynamic table used before it was built"),
        }
    }
}

/// How the engine reaches the message(s) of one container type of one
/// message type.
pub struct MessageOps {
    /// The message type's table.
    pub(crate) table: TableSource,
    /// Singular containers: the message, or null when absent. `Vec`: its
    /// first element.
    pub(crate) get: unsafe fn(&'static MessageOps, *const u8) -> *const u8,
    /// `Vec`: the number of elements.
    pub(crate) len: unsafe fn(*const u8) -> usize,
    /// Singular containers: the message, created at its default when absent
    /// (then `true`). `Vec`: a new default element pushed (always `true`).
    /// Given these ops, so that a dynamic type knows which table to make a
    /// message of.
    pub(crate) get_mut: unsafe fn(&'static MessageOps, *mut u8) -> (*mut u8, bool),
    /// `Vec`: appends this many default elements at once (the merge loop
    /// counts a run of them ahead) and returns the address of the first;
    /// and shortens the vector to a length (after an element of the run
    /// failed, the defaults after it). `None` for the other containers, and
    /// for the dynamic types' element lists, which grow as they go.
    pub(crate) append: Option<VecAppend>,
    /// `Vec`: the distance between elements.
    pub(crate) stride: usize,
    /// Which container these ops are for.
    pub(crate) container: Container,
    /// Bytes a new message takes on the heap (`Box` and `Vec` containers),
    /// charged against the decode's element-memory budget.
    pub(crate) alloc: usize,
}

/// A `Vec`'s functions to append default elements and to truncate (see
/// [`MessageOps::append`]).
pub(crate) type VecAppend = (unsafe fn(*mut u8, usize) -> *mut u8, unsafe fn(*mut u8, usize));

/// `M::__table` as a function returning the erased table: the same function,
/// so that erasing the type costs no function of its own per message type.
const fn table_of<M: Message>() -> TableSource {
    let typed: fn() -> TypedTable<M> = M::__table;
    // SAFETY: `TypedTable<M>` is `repr(transparent)` over `&'static
    // MessageTable` (its other field is a zero-sized `PhantomData`), so the
    // two function pointer types are ABI-compatible and calling one as the
    // other is sound; the table returned is `M`'s either way.
    TableSource::Generated(unsafe {
        std::mem::transmute::<fn() -> TypedTable<M>, fn() -> &'static MessageTable>(typed)
    })
}

impl MessageOps {
    /// The message type's table.
    #[inline]
    pub(crate) fn table(&self) -> &'static MessageTable {
        self.table.get()
    }
}

unsafe fn plain_get(_: &'static MessageOps, p: *const u8) -> *const u8 {
    p
}

unsafe fn plain_get_mut(_: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    (p, false)
}

unsafe fn no_len(_: *const u8) -> usize {
    1
}

unsafe fn boxed_get<M>(_: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of a `Box<M>` (the ops were
    // chosen for the field's type, see `OpsOf::BOXED`).
    let boxed = unsafe { &*p.cast::<Box<M>>() };
    (&**boxed as *const M).cast()
}

unsafe fn boxed_get_mut<M>(_: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: as `boxed_get`, with exclusive access.
    let boxed = unsafe { &mut *p.cast::<Box<M>>() };
    ((&mut **boxed as *mut M).cast(), false)
}

unsafe fn option_get<M>(_: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of an `Option<M>`.
    let option = unsafe { &*p.cast::<Option<M>>() };
    option.as_ref().map_or(std::ptr::null(), |m| (m as *const M).cast())
}

unsafe fn option_get_mut<M: Default>(_: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: the caller passes the address of an `Option<M>`, exclusively.
    let option = unsafe { &mut *p.cast::<Option<M>>() };
    let fresh = fill(option, M::default);
    (option.as_mut().map_or(std::ptr::null_mut(), |m| (m as *mut M).cast()), fresh)
}

/// Sets an `Option` that is `None` to `Some(make())`, and says whether it
/// did. The `None` replaced owns nothing and is forgotten, not dropped: an
/// assignment (or `get_or_insert_with`) would compile `M`'s drop glue into
/// every crate with a field of type `M`, for a drop that never runs.
#[inline(always)]
fn fill<T>(option: &mut Option<T>, make: impl FnOnce() -> T) -> bool {
    let fresh = option.is_none();
    if fresh {
        std::mem::forget(option.replace(make()));
    }
    fresh
}

unsafe fn option_box_get<M>(_: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of an `Option<Box<M>>`.
    let option = unsafe { &*p.cast::<Option<Box<M>>>() };
    option.as_deref().map_or(std::ptr::null(), |m| (m as *const M).cast())
}

unsafe fn option_box_get_mut<M: Default>(_: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: the caller passes the address of an `Option<Box<M>>`, exclusively.
    let option = unsafe { &mut *p.cast::<Option<Box<M>>>() };
    let fresh = fill(option, Box::default);
    (option.as_deref_mut().map_or(std::ptr::null_mut(), |m| (m as *mut M).cast()), fresh)
}

unsafe fn vec_get<M>(_: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of a `Vec<M>`.
    unsafe { &*p.cast::<Vec<M>>() }.as_ptr().cast()
}

unsafe fn vec_len<M>(p: *const u8) -> usize {
    // SAFETY: the caller passes the address of a `Vec<M>`.
    unsafe { &*p.cast::<Vec<M>>() }.len()
}

unsafe fn vec_push<M: Default>(_: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: the caller passes the address of a `Vec<M>`, exclusively.
    let vec = unsafe { &mut *p.cast::<Vec<M>>() };
    // Room first, then the default written where it lives: `push` builds
    // it on the stack before its capacity check and copies it over (a
    // `memcpy` call for a message of a few dozen bytes or more).
    vec.reserve(1);
    let len = vec.len();
    let element = vec.spare_capacity_mut()[0].write(M::default()) as *mut M;
    // SAFETY: the element at `len` was initialised just above.
    unsafe { vec.set_len(len + 1) };
    (element.cast(), true)
}

unsafe fn vec_append<M: Default>(p: *mut u8, count: usize) -> *mut u8 {
    // SAFETY: the caller passes the address of a `Vec<M>`, exclusively.
    let vec = unsafe { &mut *p.cast::<Vec<M>>() };
    let len = vec.len();
    // The first run is allocated at its length; a later one (the field's
    // elements interleaved with other fields) grows the vector as `push`
    // would, so that many short runs do not copy it each time.
    if len == 0 {
        vec.reserve_exact(count);
    } else {
        vec.reserve(count);
    }
    for element in &mut vec.spare_capacity_mut()[..count] {
        element.write(M::default());
    }
    // SAFETY: the `count` elements after `len` were initialised just above.
    unsafe { vec.set_len(len + count) };
    // SAFETY: `len` is within the vector (or its end, when `count` is 0).
    unsafe { vec.as_mut_ptr().add(len).cast() }
}

unsafe fn vec_truncate<M>(p: *mut u8, len: usize) {
    // SAFETY: the caller passes the address of a `Vec<M>`, exclusively.
    let vec = unsafe { &mut *p.cast::<Vec<M>>() };
    vec.truncate(len);
}

/// The [`MessageOps`] of each container of message type `M`.
pub struct OpsOf<M>(PhantomData<M>);

impl<M: Message> OpsOf<M> {
    /// The ops of a singular container.
    const fn singular(
        get: unsafe fn(&'static MessageOps, *const u8) -> *const u8,
        get_mut: unsafe fn(&'static MessageOps, *mut u8) -> (*mut u8, bool),
        container: Container,
    ) -> MessageOps {
        let alloc = match container {
            Container::Boxed | Container::OptionBox => size_of::<M>(),
            _ => 0,
        };
        MessageOps { table: table_of::<M>(), get, len: no_len, get_mut, append: None, stride: 0, container, alloc }
    }

    /// `M` itself.
    pub const PLAIN: &'static MessageOps = &Self::singular(plain_get, plain_get_mut, Container::Plain);
    /// `Box<M>`.
    pub const BOXED: &'static MessageOps = &Self::singular(boxed_get::<M>, boxed_get_mut::<M>, Container::Boxed);
    /// `Option<M>`.
    pub const OPTION: &'static MessageOps = &Self::singular(option_get::<M>, option_get_mut::<M>, Container::Option);
    /// `Option<Box<M>>`.
    pub const OPTION_BOX: &'static MessageOps =
        &Self::singular(option_box_get::<M>, option_box_get_mut::<M>, Container::OptionBox);
    /// `Vec<M>`.
    pub const VEC: &'static MessageOps = &MessageOps {
        table: table_of::<M>(),
        get: vec_get::<M>,
        len: vec_len::<M>,
        get_mut: vec_push::<M>,
        append: Some((vec_append::<M>, vec_truncate::<M>)),
        stride: size_of::<M>(),
        container: Container::Vec,
        alloc: size_of::<M>(),
    };
}

/// A type a map may hold as its value: the scalar types and messages.
pub trait MapValue: storage::sealed::MapValueSeal + Default + 'static {
    /// How the value is stored.
    const STORED: Stored;
    /// For messages, how to reach the message in the map's value slot.
    const MESSAGE: Option<&'static MessageOps>;
}

impl<M: Message> storage::sealed::MapValueSeal for M {}
impl<M: Message> MapValue for M {
    const STORED: Stored = MESSAGE_PLAIN;
    const MESSAGE: Option<&'static MessageOps> = Some(OpsOf::<M>::PLAIN);
}

/// Visits a map key and value (by address).
pub(crate) type EachEntry<'a> = dyn FnMut(*const u8, *const u8) + 'a;

/// Fills a fresh map key and value (by address); says whether to insert them.
pub(crate) type FillEntry<'a> = dyn FnMut(*mut u8, *mut u8) -> Result<bool, DecodeError> + 'a;

/// Entry points into a map type, for its key and value codes.
pub struct MapOps {
    /// Bytes one entry takes (key and value), charged against the decode's
    /// element-memory budget.
    pub(crate) entry: usize,
    pub(crate) key: Stored,
    pub(crate) value: Stored,
    pub(crate) value_message: Option<&'static MessageOps>,
    /// Calls `f` with the address of each key and value; in descending key
    /// order when asked and the map is ordered.
    pub(crate) for_each: unsafe fn(&'static MapOps, *const u8, bool, &mut EachEntry<'_>),
    /// Makes a default key and value, lets `f` fill them, and inserts them
    /// when `f` says so (replacing an entry with the same key). Given these
    /// ops, so that a dynamic map knows which key and value to make.
    pub(crate) insert_with: unsafe fn(&'static MapOps, *mut u8, &mut FillEntry<'_>) -> Result<bool, DecodeError>,
}

/// A map type: `HashMap<K, V, H>` or `BTreeMap<K, V>`.
pub trait MapStorage: 'static {
    /// The key type.
    type Key: MapKey;
    /// The value type.
    type Value: MapValue;
    /// Its ops.
    const OPS: &'static MapOps;
}

unsafe fn hash_for_each<K, V, H>(_: &'static MapOps, p: *const u8, _rev: bool, f: &mut EachEntry<'_>) {
    // SAFETY: the caller passes the address of a `HashMap<K, V, H>`.
    let map = unsafe { &*p.cast::<HashMap<K, V, H>>() };
    for (k, v) in map {
        f((k as *const K).cast(), (v as *const V).cast());
    }
}

unsafe fn hash_insert_with<K: MapKey, V: MapValue, H: BuildHasher + Default + 'static>(
    _: &'static MapOps,
    p: *mut u8,
    f: &mut FillEntry<'_>,
) -> Result<bool, DecodeError> {
    // SAFETY: the caller passes the address of a `HashMap<K, V, H>`, exclusively.
    let map = unsafe { &mut *p.cast::<HashMap<K, V, H>>() };
    let mut key = K::default();
    let mut value = V::default();
    let insert = f((&mut key as *mut K).cast(), (&mut value as *mut V).cast())?;
    if insert {
        map.insert(key, value);
    }
    Ok(insert)
}

impl<K: MapKey, V: MapValue, H: BuildHasher + Default + 'static> MapStorage for HashMap<K, V, H> {
    type Key = K;
    type Value = V;
    const OPS: &'static MapOps = &MapOps {
        entry: size_of::<(K, V)>(),
        key: K::STORED,
        value: V::STORED,
        value_message: V::MESSAGE,
        for_each: hash_for_each::<K, V, H>,
        insert_with: hash_insert_with::<K, V, H>,
    };
}

unsafe fn btree_for_each<K, V>(_: &'static MapOps, p: *const u8, rev: bool, f: &mut EachEntry<'_>) {
    // SAFETY: the caller passes the address of a `BTreeMap<K, V>`.
    let map = unsafe { &*p.cast::<BTreeMap<K, V>>() };
    let mut call = |(k, v): (&K, &V)| f((k as *const K).cast(), (v as *const V).cast());
    if rev { map.iter().rev().for_each(&mut call) } else { map.iter().for_each(&mut call) }
}

unsafe fn btree_insert_with<K: MapKey, V: MapValue>(
    _: &'static MapOps,
    p: *mut u8,
    f: &mut FillEntry<'_>,
) -> Result<bool, DecodeError> {
    // SAFETY: the caller passes the address of a `BTreeMap<K, V>`, exclusively.
    let map = unsafe { &mut *p.cast::<BTreeMap<K, V>>() };
    let mut key = K::default();
    let mut value = V::default();
    let insert = f((&mut key as *mut K).cast(), (&mut value as *mut V).cast())?;
    if insert {
        map.insert(key, value);
    }
    Ok(insert)
}

impl<K: MapKey, V: MapValue> MapStorage for BTreeMap<K, V> {
    type Key = K;
    type Value = V;
    const OPS: &'static MapOps = &MapOps {
        entry: size_of::<(K, V)>(),
        key: K::STORED,
        value: V::STORED,
        value_message: V::MESSAGE,
        for_each: btree_for_each::<K, V>,
        insert_with: btree_insert_with::<K, V>,
    };
}

/// What the engine needs of an enum type: whether it is closed, and which
/// values it declares.
pub struct EnumOps {
    pub(crate) closed: bool,
    pub(crate) full_name: &'static str,
    pub(crate) values: EnumValues,
}

/// An enum's values: a generated enum's functions, or a dynamic enum's list.
pub(crate) enum EnumValues {
    Generated {
        is_valid: fn(i32) -> bool,
        /// The declared name of a value (the first, for aliases).
        name: fn(i32) -> Option<&'static str>,
        /// The value of a declared name.
        from_name: fn(&str) -> Option<i32>,
    },
    /// Number and name, in declaration order (aliases after their first).
    Dynamic(&'static [(i32, &'static str)]),
}

impl EnumOps {
    /// Whether `value` is declared.
    #[inline]
    pub(crate) fn is_valid(&self, value: i32) -> bool {
        match &self.values {
            EnumValues::Generated { is_valid, .. } => is_valid(value),
            EnumValues::Dynamic(values) => values.iter().any(|&(v, _)| v == value),
        }
    }

    /// The declared name of `value` (the first, for aliases).
    pub(crate) fn name(&self, value: i32) -> Option<&'static str> {
        match &self.values {
            EnumValues::Generated { name, .. } => name(value),
            EnumValues::Dynamic(values) => values.iter().find(|&&(v, _)| v == value).map(|&(_, n)| n),
        }
    }

    /// The value of a declared name.
    pub(crate) fn value_of(&self, name: &str) -> Option<i32> {
        match &self.values {
            EnumValues::Generated { from_name, .. } => from_name(name),
            EnumValues::Dynamic(values) => values.iter().find(|&&(_, n)| n == name).map(|&(v, _)| v),
        }
    }
}

/// The [`EnumOps`] of enum type `E`.
pub struct EnumOpsOf<E>(PhantomData<E>);

impl<E: Enumeration> EnumOpsOf<E> {
    /// `E`'s ops.
    pub const OPS: &'static EnumOps = &EnumOps {
        closed: E::CLOSED,
        full_name: E::FULL_NAME,
        values: EnumValues::Generated {
            is_valid: E::is_valid,
            name: |value| E::from_i32(value).map(E::name),
            from_name: |name| E::from_name(name).map(E::to_i32),
        },
    };
}

/// A `oneof` enum, as `#[derive(Oneof)]` implements it.
///
/// # Safety
///
/// For every member in [`MEMBERS`](Self::MEMBERS), [`current`](Self::current)
/// and [`select`](Self::select) must return the address of a value of exactly
/// the type that member's constructor was given (the variant's field), and
/// only while that variant is the one set.
pub unsafe trait Oneof: Sized + 'static {
    /// One entry per member.
    const MEMBERS: &'static [crate::table::Member];
    /// The member set, by field number, and the address of its value.
    fn current(this: &Option<Self>) -> Option<(u32, *const u8)>;
    /// Makes member `number` the one set (at its default value, unless it
    /// already was), and returns the address of its value and whether it was
    /// just created; `None` for a number that is not a member.
    fn select(this: &mut Option<Self>, number: u32) -> Option<(*mut u8, bool)>;
}

/// A oneof enum's members and access to them, type-erased.
pub struct OneofOps {
    pub(crate) members: &'static [crate::table::Member],
    pub(crate) current: unsafe fn(&'static OneofOps, *const u8) -> Option<(u32, *const u8)>,
    /// Given these ops, so that a dynamic oneof knows what to make.
    pub(crate) select: unsafe fn(&'static OneofOps, *mut u8, u32) -> Option<(*mut u8, bool)>,
    /// A dynamic oneof's members: number, storage and message ops. Empty for
    /// generated oneofs, whose enum knows its members.
    pub(crate) dynamic: &'static [super::dynamic::DynMember],
}

unsafe fn oneof_current<E: Oneof>(_: &'static OneofOps, p: *const u8) -> Option<(u32, *const u8)> {
    // SAFETY: the caller passes the address of an `Option<E>`.
    E::current(unsafe { &*p.cast::<Option<E>>() })
}

unsafe fn oneof_select<E: Oneof>(_: &'static OneofOps, p: *mut u8, number: u32) -> Option<(*mut u8, bool)> {
    // SAFETY: the caller passes the address of an `Option<E>`, exclusively.
    E::select(unsafe { &mut *p.cast::<Option<E>>() }, number)
}

/// The [`OneofOps`] of oneof enum `E`.
pub struct OneofOpsOf<E>(PhantomData<E>);

impl<E: Oneof> OneofOpsOf<E> {
    /// `E`'s ops.
    pub const OPS: &'static OneofOps =
        &OneofOps { members: E::MEMBERS, current: oneof_current::<E>, select: oneof_select::<E>, dynamic: &[] };
}

/// The element code of message types.
pub(crate) const MESSAGE_PLAIN: Stored = Stored::new(Base::Message, Container::Plain);
