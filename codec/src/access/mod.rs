//! Field access by offset: the one place where a table's (offset, storage
//! code) becomes a Rust reference, and the only module besides the writer
//! with `unsafe` code.
//!
//! Why it is sound:
//! - a [`MsgRef`]/[`MsgMut`] is made from a `&M`/`&mut M` and `M`'s own
//!   [`TypedTable`](crate::table::TypedTable), which can only be built from
//!   `M`'s spec, whose entries can only be built from [`FieldOffset`]s of
//!   `M` (an `unsafe` constructor the derive calls with `offset_of!`); or from
//!   a `dyn DynMessage`, a sealed trait whose only impl names the value's own
//!   table;
//! - every entry records the storage code of the Rust type its constructor
//!   was given ([`Storage`](crate::table::Storage) is sealed), and each access
//!   checks that code against the type asked for, and that the slot is one
//!   of the message's own table's, so an engine bug panics instead of reading
//!   the wrong memory;
//! - messages, maps and oneofs are reached only through the functions of
//!   their own type ([`MessageOps`], [`MapOps`], [`OneofOps`]), chosen by the
//!   same typed constructor that recorded the offset.

pub(crate) mod dynamic;
mod field;
mod ops;

pub(crate) use field::{Mut, Ref};
pub use ops::{
    EnumOps, EnumOpsOf, FieldOffset, MapOps, MapStorage, MapValue, MessageOps, Oneof, OneofOps, OneofOpsOf, OpsOf,
};
pub(crate) use ops::{EnumValues, TableSource, erase_entries, erase_oneofs};

use std::marker::PhantomData;
use std::ptr::NonNull;

use crate::error::DecodeError;
use crate::message::Message;
use crate::registry::DynMessage;
use crate::table::{Base, Container, MessageTable, Slot, Step, StepCode, Storage, Stored};
use crate::unknown::UnknownFields;

/// A message being read, with its table.
#[derive(Clone, Copy)]
pub(crate) struct MsgRef<'a> {
    ptr: NonNull<u8>,
    table: &'static MessageTable,
    _borrow: PhantomData<&'a ()>,
}

impl<'a> MsgRef<'a> {
    #[inline]
    pub(crate) fn new<M: Message>(msg: &'a M) -> MsgRef<'a> {
        MsgRef { ptr: NonNull::from(msg).cast(), table: M::__table().erased(), _borrow: PhantomData }
    }

    /// The message in the field of the message's own table at `index`,
    /// whose merge op is [`StepCode::MESSAGE_OP`] (a singular message, not
    /// a oneof member), if present: for the write loop's arm for that op,
    /// as [`MsgMut::message_at`] is for the merge loop's, with no check
    /// left but the op's.
    ///
    /// # Panics
    ///
    /// If `index` is out of range or the field's merge op is another.
    #[inline(always)]
    pub(crate) fn message_at(self, index: usize) -> Option<MsgRef<'a>> {
        let slot = &self.table.slots[index];
        assert!(slot.merge_op == StepCode::MESSAGE_OP, "protowire: field read as a message");
        let Some(ops) = slot.message else { panic!("protowire: field read as a message") };
        // SAFETY: the slot is one of the message's own table's, so its
        // offset lies inside the message (`FieldOffset`), and the ops are
        // those of the container there (asserted by the builder for this
        // op); the message is borrowed for `'a`.
        let p = unsafe { (ops.get)(ops, self.ptr.as_ptr().add(slot.offset as usize).cast_const()) };
        let ptr = NonNull::new(p.cast_mut())?;
        Some(MsgRef { ptr, table: slot.child_table_of(ops), _borrow: PhantomData })
    }

    /// A message at `ptr` of the type `table` describes.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a live message laid out as `table` says (its
    /// slots' offsets and storage codes), readable for `'a`.
    pub(crate) unsafe fn from_raw(ptr: NonNull<u8>, table: &'static MessageTable) -> MsgRef<'a> {
        MsgRef { ptr, table, _borrow: PhantomData }
    }

    /// The message behind a `dyn DynMessage`: its data pointer, and the
    /// table its (sealed, blanket) impl names, which is its type's own.
    pub(crate) fn from_dyn(msg: &'a dyn DynMessage) -> MsgRef<'a> {
        MsgRef { ptr: msg.__dyn_data(), table: msg.__dyn_table(), _borrow: PhantomData }
    }

    /// The message as an `M`, if its table is `M`'s.
    pub(crate) fn downcast<M: Message>(self) -> Option<&'a M> {
        (self.table.type_id == std::any::TypeId::of::<M>()).then(|| {
            // SAFETY: the table's `TypeId` is that of the type its spec was
            // made for, and the message is of the table's type.
            unsafe { self.ptr.cast::<M>().as_ref() }
        })
    }

    #[inline]
    pub(crate) fn table(self) -> &'static MessageTable {
        self.table
    }

    /// The slot's value: the field, or for a oneof member, the member's value
    /// if it is the one set.
    ///
    /// # Panics
    ///
    /// If the slot is not one of the table's.
    #[inline]
    pub(crate) fn field(self, slot: &'static Slot) -> Option<Ref<'a>> {
        check_slot(self.table, slot);
        // SAFETY: the table was built from this message type's spec, so the
        // slot's offset lies inside the message (`FieldOffset`).
        let p = unsafe { self.ptr.as_ptr().add(slot.offset as usize) }.cast_const();
        match slot.oneof {
            None => Some(Ref::new(p, slot.stored, slot)),
            Some(oneof) => {
                // SAFETY: a oneof member's offset is that of its oneof's
                // `Option<E>` field, and these are `E`'s ops.
                let (number, value) = unsafe { (oneof.current)(oneof, p) }?;
                (number == slot.number).then(|| Ref::new(value, slot.stored, slot))
            }
        }
    }

    /// Whether the slot, a oneof member, is the member set. `case` keeps
    /// the answer for the oneof last asked about, so that a loop over the
    /// fields asks each oneof once rather than once per member.
    ///
    /// # Panics
    ///
    /// If the slot is not one of the table's, or not a oneof member.
    #[inline]
    pub(crate) fn is_set_member(self, slot: &'static Slot, case: &mut OneofCase) -> bool {
        if case.offset != slot.offset {
            check_slot(self.table, slot);
            let oneof = slot.oneof.expect("protowire: field accessed as a oneof member");
            // SAFETY: as in `field`: the member's offset is its oneof's, and
            // these are the oneof's ops.
            let current = unsafe { (oneof.current)(oneof, self.ptr.as_ptr().add(slot.offset as usize)) };
            *case = OneofCase { offset: slot.offset, number: current.map_or(0, |(number, _)| number) };
        }
        case.number == slot.number
    }

    /// The slot's field's value as a `T`; the slot is not a oneof member.
    ///
    /// # Panics
    ///
    /// If the slot is not one of the table's, is a oneof member, or its field is
    /// not stored as a `T`.
    #[inline(always)]
    pub(crate) fn value<T: Storage>(self, slot: &'static Slot) -> &'a T {
        check_slot(self.table, slot);
        assert!(slot.direct.eq(T::STORED), "protowire: field read as the wrong type");
        // SAFETY: the offset lies inside the message (as in `field`), and the
        // storage code says a `T` lives there.
        unsafe { &*self.ptr.as_ptr().add(slot.offset as usize).cast::<T>() }
    }

    /// The message's fields, one per step of its table, in field-number
    /// order.
    #[inline]
    pub(crate) fn steps(self) -> impl DoubleEndedIterator<Item = StepRef<'a>> {
        self.step_refs(false)
    }

    /// The message's fields as the size and write passes take them: as
    /// [`steps`](Self::steps), with the members of a oneof that follow each
    /// other one step ([`MessageTable::encode_steps`]).
    #[inline]
    pub(crate) fn encode_steps(self) -> impl DoubleEndedIterator<Item = StepRef<'a>> {
        self.step_refs(true)
    }

    /// The table's `encode_steps` or `steps`, each with the address of its
    /// field. Picks the list itself, so that only the message's own
    /// table's steps ever get an address in it.
    #[inline(always)]
    fn step_refs(self, encode: bool) -> impl DoubleEndedIterator<Item = StepRef<'a>> {
        let base = self.ptr.as_ptr().cast_const();
        let steps = if encode { &self.table.encode_steps } else { &self.table.steps };
        steps.iter().map(move |step| StepRef {
            // SAFETY: the step is one of the message's own table's, whose
            // offsets lie inside the message (as in `field`).
            ptr: unsafe { base.add(step.offset as usize) },
            step,
            _borrow: PhantomData,
        })
    }

    /// The member set of the oneof whose member is the slot at `first`, with
    /// its value, if it is that member or one of the `span` slots after it;
    /// `None` if none of those is set.
    ///
    /// # Panics
    ///
    /// If `first` is out of range or not a oneof member.
    #[inline(always)]
    pub(crate) fn member_in(self, first: usize, span: usize) -> Option<(&'static Slot, Ref<'a>)> {
        let slot = &self.table.slots[first];
        let oneof = slot.oneof.expect("protowire: field accessed as a oneof member");
        // SAFETY: as in `field`: the member's offset is its oneof's, and
        // these are the oneof's ops.
        let (number, value) = unsafe { (oneof.current)(oneof, self.ptr.as_ptr().add(slot.offset as usize)) }?;
        let index = self.table.find(number, first)?;
        if index.checked_sub(first).is_none_or(|after| after > span) {
            return None;
        }
        let member = &self.table.slots[index];
        // A member of the same oneof, so `value` is its value (the ops'
        // contract), stored as the member's code says.
        (member.offset == slot.offset && member.oneof.is_some())
            .then(|| (member, Ref::new(value, member.stored, member)))
    }

    /// The unknown-field store, if the message has one.
    #[inline]
    pub(crate) fn unknown(self) -> Option<&'a UnknownFields> {
        let offset = self.table.unknown?;
        // SAFETY: the offset is that of the message's `UnknownFields` field
        // (`MessageSpec::new` takes it as a `FieldOffset<S, UnknownFields>`).
        Some(unsafe { &*self.ptr.as_ptr().add(offset as usize).cast::<UnknownFields>() })
    }
}

/// Which member of a message's oneof is set (see
/// [`MsgRef::is_set_member`]): the oneof's offset (`u32::MAX` for none
/// yet) and the set member's number (0 for none).
pub(crate) struct OneofCase {
    offset: u32,
    number: u32,
}

impl OneofCase {
    pub(crate) fn new() -> OneofCase {
        OneofCase { offset: u32::MAX, number: 0 }
    }
}

/// A message being written to, with its table.
pub(crate) struct MsgMut<'a> {
    ptr: NonNull<u8>,
    table: &'static MessageTable,
    _borrow: PhantomData<&'a mut ()>,
}

impl<'a> MsgMut<'a> {
    #[inline]
    pub(crate) fn new<M: Message>(msg: &'a mut M) -> MsgMut<'a> {
        MsgMut { ptr: NonNull::from(msg).cast(), table: M::__table().erased(), _borrow: PhantomData }
    }

    /// As [`MsgRef::from_raw`], to write.
    ///
    /// # Safety
    ///
    /// As [`MsgRef::from_raw`], and no other access to the message for `'a`.
    pub(crate) unsafe fn from_raw(ptr: NonNull<u8>, table: &'static MessageTable) -> MsgMut<'a> {
        MsgMut { ptr, table, _borrow: PhantomData }
    }

    /// As [`MsgRef::from_dyn`], to write.
    pub(crate) fn from_dyn(msg: &'a mut dyn DynMessage) -> MsgMut<'a> {
        let table = msg.__dyn_table();
        MsgMut { ptr: msg.__dyn_data_mut(), table, _borrow: PhantomData }
    }

    /// The message as an `M`, if its table is `M`'s.
    pub(crate) fn downcast<M: Message>(self) -> Option<&'a mut M> {
        (self.table.type_id == std::any::TypeId::of::<M>()).then(|| {
            // SAFETY: as in `MsgRef::downcast`, with the exclusive borrow
            // this was made from.
            unsafe { self.ptr.cast::<M>().as_mut() }
        })
    }

    #[inline]
    pub(crate) fn table(&self) -> &'static MessageTable {
        self.table
    }

    #[inline]
    pub(crate) fn as_ref(&self) -> MsgRef<'_> {
        MsgRef { ptr: self.ptr, table: self.table, _borrow: PhantomData }
    }

    /// The same message, borrowed for less long: for a call that is not
    /// inlined, so that the caller's own `MsgMut` never has its address
    /// taken and stays in registers (its table then a value the checks in
    /// [`value_at`](Self::value_at) fold against, not one reloaded from
    /// memory after every call).
    #[inline(always)]
    pub(crate) fn reborrow(&mut self) -> MsgMut<'_> {
        MsgMut { ptr: self.ptr, table: self.table, _borrow: PhantomData }
    }

    #[inline]
    fn slot_ptr(&mut self, slot: &Slot) -> *mut u8 {
        // SAFETY: as in `MsgRef::field`.
        unsafe { self.ptr.as_ptr().add(slot.offset as usize) }
    }

    /// The slot's field, which is not a oneof member.
    ///
    /// # Panics
    ///
    /// If the slot is not one of the table's, or is a oneof member.
    #[inline]
    pub(crate) fn field(&mut self, slot: &'static Slot) -> Mut<'_> {
        check_slot(self.table, slot);
        assert!(slot.oneof.is_none(), "protowire: oneof member accessed as a field");
        let p = self.slot_ptr(slot);
        Mut::new(p, slot.stored, slot)
    }

    /// The slot's field's value as a `T`; the slot is not a oneof member.
    ///
    /// # Panics
    ///
    /// If the slot is not one of the table's, is a oneof member, or its field
    /// is not stored as a `T`.
    #[inline(always)]
    pub(crate) fn value<T: Storage>(&mut self, slot: &'static Slot) -> &mut T {
        check_slot(self.table, slot);
        assert!(slot.direct.eq(T::STORED), "protowire: field written as the wrong type");
        let p = self.slot_ptr(slot);
        // SAFETY: the offset lies inside the message and the storage code says
        // a `T` lives there; the borrow of `self` makes the access exclusive.
        unsafe { &mut *p.cast::<T>() }
    }

    /// As [`value`](Self::value), for the field of the message's own table
    /// at `index`, so that the slot needs no check of whose it is.
    ///
    /// # Panics
    ///
    /// If `index` is out of range, the field is a oneof member, or it is
    /// not stored as a `T`.
    ///
    /// The type is checked against the slot's `merge_op`, which the table's
    /// builder has checked against the field's storage: in the merge loop's
    /// arm for that op the check folds away.
    #[inline(always)]
    pub(crate) fn value_at<T: Storage>(&mut self, index: usize) -> &mut T {
        let slot = &self.table.slots[index];
        assert!(StepCode::names(slot.merge_op, T::STORED), "protowire: field written as the wrong type");
        let p = self.slot_ptr(slot);
        // SAFETY: the slot is one of the message's own table's, so its offset
        // lies inside the message, and its merge op names the storage there
        // (the builder asserted that it agrees with the storage code), which
        // is a `T`; the borrow of `self` makes the access exclusive.
        unsafe { &mut *p.cast::<T>() }
    }

    /// The message to merge into for the field of the message's own table
    /// at `index`, whose merge op is [`StepCode::MESSAGE_OP`] (a singular
    /// message, not a oneof member): created at its default if absent;
    /// whether it was just created; and the heap bytes that creation took
    /// ([`MessageOps::alloc`] when it was, else 0), for the decoder's
    /// memory budget. The slot's ops are read once for all three: after
    /// the call through them, every further read is a load again.
    ///
    /// The builder asserts what that op implies (message ops made for the
    /// field's container), so that in the merge loop's arm for it the only
    /// check left is the op's, which folds away.
    ///
    /// # Panics
    ///
    /// If `index` is out of range or the field's merge op is another.
    #[inline(always)]
    pub(crate) fn message_at(&mut self, index: usize) -> (MsgMut<'_>, bool, usize) {
        let slot = &self.table.slots[index];
        assert!(slot.merge_op == StepCode::MESSAGE_OP, "protowire: field merged as a message");
        let Some(ops) = slot.message else { panic!("protowire: field merged as a message") };
        let p = self.slot_ptr(slot);
        // SAFETY: the slot is one of the message's own table's, so its
        // offset lies inside the message, and the ops are those of the
        // container there (asserted by the builder for this op); the borrow
        // of `self` makes the access exclusive.
        let (p, fresh) = unsafe { (ops.get_mut)(ops, p) };
        // SAFETY: `get_mut` returns the address of a message, never null.
        let ptr = unsafe { NonNull::new_unchecked(p) };
        let table = slot.child_table_of(ops);
        let new_bytes = if fresh { ops.alloc } else { 0 };
        (MsgMut { ptr, table, _borrow: PhantomData }, fresh, new_bytes)
    }

    /// Makes the slot's oneof member the one set (at its default value unless it
    /// already was) and returns its value, and whether it was just created.
    ///
    /// # Panics
    ///
    /// If the slot is not a oneof member of the table.
    #[inline]
    pub(crate) fn select(&mut self, slot: &'static Slot) -> (Mut<'_>, bool) {
        check_slot(self.table, slot);
        let oneof = slot.oneof.expect("protowire: field accessed as a oneof member");
        let p = self.slot_ptr(slot);
        // SAFETY: as in `MsgRef::field`, with exclusive access through `&mut self`.
        let (value, fresh) =
            unsafe { (oneof.select)(oneof, p, slot.number) }.expect("protowire: oneof member not in its enum");
        (Mut::new(value, slot.stored, slot), fresh)
    }

    /// The unknown-field store, if the message has one.
    #[inline]
    pub(crate) fn unknown(&mut self) -> Option<&mut UnknownFields> {
        let offset = self.table.unknown?;
        // SAFETY: as in `MsgRef::unknown`, with exclusive access.
        Some(unsafe { &mut *self.ptr.as_ptr().add(offset as usize).cast::<UnknownFields>() })
    }

    /// The unknown-field store for the whole borrow of the message.
    pub(crate) fn into_unknown(self) -> Option<&'a mut UnknownFields> {
        let offset = self.table.unknown?;
        // SAFETY: as in `MsgRef::unknown`, with exclusive access for `'a`,
        // which `self` (consumed) held.
        Some(unsafe { &mut *self.ptr.as_ptr().add(offset as usize).cast::<UnknownFields>() })
    }
}

/// Every slot used to reach into a message must be one of its table's: the
/// offsets of another table are meaningless for it.
#[inline(always)]
fn check_slot(table: &MessageTable, slot: &Slot) {
    assert!(slot.home == table.slots.as_ptr() as usize, "protowire: slot of another table");
}

/// The ops of a message value, checked against its storage code: the ops
/// are only ever used on the container they were made for.
#[inline]
fn message_ops(ops: Option<&'static MessageOps>, stored: Stored) -> &'static MessageOps {
    match ops {
        Some(ops) if stored.base == Base::Message && stored.container == ops.container => ops,
        _ => panic!("protowire: field accessed as a message"),
    }
}

#[inline]
fn map_ops(ops: Option<&'static MapOps>, stored: Stored) -> &'static MapOps {
    match ops {
        Some(ops) if stored.container == Container::Map => ops,
        _ => panic!("protowire: field accessed as a map"),
    }
}

/// A field of a message reached through one of its table's steps, to read.
#[derive(Clone, Copy)]
pub(crate) struct StepRef<'a> {
    ptr: *const u8,
    pub(crate) step: &'static Step,
    _borrow: PhantomData<&'a ()>,
}

impl<'a> StepRef<'a> {
    /// The field as a `T`.
    ///
    /// # Panics
    ///
    /// If the field is not stored as a `T` (or is a oneof member).
    ///
    /// The type is checked against the step's op, which the table's builder
    /// has checked against the field's storage: in a dispatch arm for that
    /// op the check folds away.
    #[inline(always)]
    pub(crate) fn get<T: Storage>(self) -> &'a T {
        assert!(StepCode::names(self.step.op, T::STORED), "protowire: field read as the wrong type");
        // SAFETY: the op names the storage of the field at the step's offset
        // (the builder asserted that it agrees with the storage code), and
        // that storage is a `T`; a oneof member's op names none.
        unsafe { &*self.ptr.cast::<T>() }
    }
}
