//! The message, map and oneof ops of dynamic types: how the engine reaches
//! a nested message through a handle, an `Option`, a `Vec` or inline, the
//! entries of a `BTreeMap<MapKey, Value>`, and the member of a
//! `DynOneof`. Each checks, on every access, that what it finds is of the
//! type the ops are for.

use std::sync::OnceLock;

use super::super::ops::{EachEntry, FillEntry, MapOps, MessageOps, OneofOps, TableSource};
use super::elements::Elements;
use super::layout::DynLayout;
use super::{DynMap, DynMember, DynOneof, DynamicMessage, MapKey, Value};
use crate::error::DecodeError;
use crate::table::{Base, Container, MessageTable, Stored};

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

unsafe fn elements_first(_: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of an `Elements` of the ops'
    // type; the engine reaches element `i` at `first + i * stride`, the
    // stride being the type's size.
    unsafe { &*p.cast::<Elements>() }.first()
}

unsafe fn elements_len(p: *const u8) -> usize {
    // SAFETY: as in `elements_first`.
    unsafe { &*p.cast::<Elements>() }.len()
}

unsafe fn elements_push(ops: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: as in `elements_first`, exclusively.
    let elements = unsafe { &mut *p.cast::<Elements>() };
    (elements.push_default(super::layout_of(ops.table())).as_ptr(), true)
}

unsafe fn no_len(_: *const u8) -> usize {
    1
}

/// The message ops of a dynamic type, for its four containers: a handle
/// (map values, oneof members), `Option<DynamicMessage>`, [`Elements`]
/// (repeated fields), inline. Made once per type and pool, and kept for the
/// life of the program, as generated types' are.
pub(crate) struct DynMessageOps {
    pub(crate) handle: &'static MessageOps,
    pub(crate) option: &'static MessageOps,
    pub(crate) vec: &'static MessageOps,
    /// A message kept in its parent's block (an `Option` to the engine: it
    /// may be absent, and merging sets it).
    pub(crate) inline: &'static MessageOps,
}

impl DynMessageOps {
    /// The ops of the type whose table `cell` will hold, laid out as
    /// `layout`.
    pub(crate) fn new(cell: &'static OnceLock<&'static MessageTable>, layout: &'static DynLayout) -> DynMessageOps {
        let table = TableSource::Built(cell);
        let size = layout.size();
        let ops = |get, len, get_mut, stride, container, alloc| -> &'static MessageOps {
            let append = None;
            Box::leak(Box::new(MessageOps { table, get, len, get_mut, append, stride, container, alloc }))
        };
        DynMessageOps {
            handle: ops(handle_get, no_len, handle_get_mut, 0, Container::Plain, 0),
            option: ops(option_get, no_len, option_get_mut, 0, Container::Option, size),
            vec: ops(elements_first, elements_len, elements_push, size, Container::Vec, size),
            inline: ops(inline_get, no_len, inline_get_mut, 0, Container::Option, 0),
        }
    }
}

/// The presence flag of the inline message at `p`: right after its block.
fn inline_flag(ops: &'static MessageOps, p: *const u8) -> *const u8 {
    let size = super::layout_of(ops.table()).size();
    p.wrapping_add(size)
}

unsafe fn inline_get(ops: &'static MessageOps, p: *const u8) -> *const u8 {
    // SAFETY: the caller passes the address of an inline cell of these ops'
    // type: the child's block, then its `bool` presence flag.
    let present = unsafe { *inline_flag(ops, p).cast::<bool>() };
    if present { p } else { std::ptr::null() }
}

unsafe fn inline_get_mut(ops: &'static MessageOps, p: *mut u8) -> (*mut u8, bool) {
    // SAFETY: as in `inline_get`, exclusively. The child's block always
    // holds a message (its defaults while unset), so setting the flag is
    // all that creating it takes.
    let flag = unsafe { &mut *inline_flag(ops, p).cast_mut().cast::<bool>() };
    let fresh = !*flag;
    *flag = true;
    (p, fresh)
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
