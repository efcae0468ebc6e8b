//! The memory of dynamic messages: a block laid out at run time, holding
//! one cell per field in the very Rust types generated structs use (`i32`,
//! `Option<String>`, `Vec<u64>`, ...), so that the engine reads and writes
//! it through the same table slots, by offset. What generated code gets
//! from its Rust types (which container holds a message, what a map or a
//! oneof is) a dynamic type gets from the few types here: a singular
//! message is kept inline (the child's block and a presence flag, as a
//! generated struct keeps an `Option<M>`) when its type cannot contain the
//! parent's through singular fields, else it is an `Option` of a
//! [`DynamicMessage`] handle; a repeated message field's messages sit one
//! after the other in one buffer (`Elements`, as in a `Vec<M>`); maps are
//! `BTreeMap<MapKey, Value>`, a oneof is an `Option<DynOneof>` (messages in
//! both as handles).
//!
//! Why it is sound:
//! - a dynamic table is only ever built with a [`DynLayout`] whose cells
//!   were laid out from [`CellType::of`] on the same storage codes the
//!   table's slots carry (or, for an inline message, with the inline ops
//!   and the child's own layout), so the code a slot records is the type in
//!   the cell at its offset (as `FieldOffset` guarantees for generated
//!   types); the layout records each cell's type, and the accessors here
//!   check a slot against it;
//! - a [`DynamicMessage`] is made only from such a table, and initialises
//!   every cell before anyone sees it (by copying the type's template, a
//!   message at its defaults, none of which owns memory); it drops them all
//!   exactly once; an inline child's block always holds its defaults while
//!   it is unset, and a repeated field's elements are made from the element
//!   type's own template;
//! - messages, map entries and oneof members are checked on the way in
//!   (`set` rejects a value of another type) *and* on every access (a
//!   handle's table is compared with the one the ops expect, a value's
//!   variant with the code expected), so that even a bug elsewhere panics
//!   instead of reading memory as the wrong type.

mod elements;
mod layout;
mod ops;
mod value;

use std::ptr::NonNull;

pub(crate) use elements::ElementType;
pub(crate) use layout::{CellType, DynLayout, LayoutBuilder};
pub(crate) use ops::{DynMessageOps, map_ops, oneof_ops};
pub(crate) use value::{DynMap, DynMember, DynOneof};
pub use value::{MapKey, Value};

use super::{MsgMut, MsgRef};
use crate::table::{MessageTable, Slot};
use elements::Elements;

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

impl DynamicMessage {
    /// A message of a dynamic table, every field at its default.
    ///
    /// # Panics
    ///
    /// If the table is not a dynamic type's.
    pub(crate) fn of_table(table: &'static MessageTable) -> DynamicMessage {
        let layout = layout_of(table);
        let data = layout::allocate(layout.layout);
        // SAFETY: a fresh block of the layout.
        unsafe { layout::write_defaults(layout, data) };
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

    /// What the cell of `slot` (one of this message's table) holds.
    ///
    /// # Panics
    ///
    /// If the slot is not one of this message's table's.
    pub(crate) fn cell_type(&self, slot: &Slot) -> CellType {
        super::check_slot(self.table, slot);
        self.layout().cell_at(slot.offset).expect("protowire: a slot's offset is one of its layout's cells")
    }

    /// The cell of `slot` as a `T`.
    ///
    /// # Panics
    ///
    /// If the slot is not one of the table's, or its cell is not of type
    /// `expect` (which each caller pairs with `T`).
    fn cell<T>(&self, slot: &Slot, expect: CellType) -> &T {
        assert!(self.cell_type(slot) == expect, "protowire: dynamic cell of another type");
        // SAFETY: the layout says the cell at the slot's offset holds the
        // type `expect` names, which is `T`.
        unsafe { &*self.data.as_ptr().add(slot.offset as usize).cast::<T>() }
    }

    fn cell_mut<T>(&mut self, slot: &Slot, expect: CellType) -> &mut T {
        assert!(self.cell_type(slot) == expect, "protowire: dynamic cell of another type");
        // SAFETY: as in `cell`, with the exclusive borrow of `self`.
        unsafe { &mut *self.data.as_ptr().add(slot.offset as usize).cast::<T>() }
    }

    /// Singular message field kept as a handle: the message, if set.
    pub(crate) fn message_cell(&self, slot: &Slot) -> &Option<DynamicMessage> {
        self.cell(slot, CellType::Message)
    }

    pub(crate) fn message_cell_mut(&mut self, slot: &Slot) -> &mut Option<DynamicMessage> {
        self.cell_mut(slot, CellType::Message)
    }

    /// The element type of a repeated message field's slot.
    fn element_of(slot: &Slot) -> (&'static MessageTable, &'static DynLayout) {
        let table = slot.message.expect("protowire: a message slot has its ops").table();
        (table, layout_of(table))
    }

    /// Copies of the messages of a repeated message field.
    pub(crate) fn elements_get(&self, slot: &Slot) -> Vec<DynamicMessage> {
        let (table, element) = Self::element_of(slot);
        let elements: &Elements = self.cell(slot, CellType::Elements);
        (0..elements.len())
            .map(|i| {
                let data = layout::allocate(element.layout);
                // SAFETY: element `i` holds live cells of the element
                // layout (the slot's ops made them); `data` is a fresh block.
                unsafe { layout::clone_cells(element, elements.at(element, i), data) };
                DynamicMessage { table, data }
            })
            .collect()
    }

    /// Replaces the messages of a repeated message field.
    ///
    /// # Panics
    ///
    /// If a message is not of the field's message type.
    pub(crate) fn elements_set(&mut self, slot: &Slot, messages: Vec<DynamicMessage>) {
        let (table, element) = Self::element_of(slot);
        assert!(messages.iter().all(|m| std::ptr::eq(m.table, table)), "protowire: dynamic message of another type");
        let elements: &mut Elements = self.cell_mut(slot, CellType::Elements);
        // SAFETY: the elements are of the element layout (as above).
        unsafe { elements.clear(element) };
        for message in messages {
            elements.push(element, message);
        }
    }

    /// Empties a repeated message field.
    pub(crate) fn elements_clear(&mut self, slot: &Slot) {
        self.elements_set(slot, Vec::new());
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

    /// The inline message of `slot`: its layout, its block and its flag.
    ///
    /// # Panics
    ///
    /// If the slot's cell is not an inline message.
    fn inline_parts(&self, slot: &Slot) -> (&'static DynLayout, NonNull<u8>, *mut bool) {
        assert!(self.cell_type(slot) == CellType::Inline, "protowire: dynamic cell of another type");
        let child = self.layout().inline_at(slot.offset).expect("protowire: an inline cell has its layout");
        // SAFETY: the cell lies inside the block (the layout says so); the
        // flag is the byte after the child's block, inside the cell.
        unsafe {
            let block = NonNull::new_unchecked(self.data.as_ptr().add(slot.offset as usize));
            (child, block, block.as_ptr().add(child.size()).cast::<bool>())
        }
    }

    /// A copy of the inline message of `slot`, if set.
    pub(crate) fn inline_get(&self, slot: &Slot) -> Option<DynamicMessage> {
        let (child, block, flag) = self.inline_parts(slot);
        // SAFETY: the flag is a live `bool` (the layout initialises it).
        if !unsafe { *flag } {
            return None;
        }
        let table = slot.message.expect("protowire: a message slot has its ops").table();
        let data = layout::allocate(child.layout);
        // SAFETY: the child's block holds live cells of its layout; `data`
        // is a fresh block of it.
        unsafe { layout::clone_cells(child, block, data) };
        Some(DynamicMessage { table, data })
    }

    /// Sets the inline message of `slot` to `message` (moved in), or unsets
    /// it (back to its defaults).
    ///
    /// # Panics
    ///
    /// If `message` is not of the slot's message type.
    pub(crate) fn inline_set(&mut self, slot: &Slot, message: Option<DynamicMessage>) {
        let (child, block, flag) = self.inline_parts(slot);
        let table = slot.message.expect("protowire: a message slot has its ops").table();
        // SAFETY: the child's block holds live cells of its layout, dropped
        // here and replaced at once: by the defaults, or by the cells of
        // `message` (of the same layout: same table), moved bytewise out of
        // its block, which is then freed without dropping them. `&mut self`
        // makes all of it exclusive.
        unsafe {
            layout::drop_cells(child, block);
            match message {
                None => {
                    layout::write_defaults(child, block);
                    *flag = false;
                }
                Some(message) => {
                    assert!(std::ptr::eq(message.table, table), "protowire: dynamic message of another type");
                    let message = std::mem::ManuallyDrop::new(message);
                    std::ptr::copy_nonoverlapping(message.data.as_ptr(), block.as_ptr(), child.size());
                    layout::free(message.data, child.layout);
                    *flag = true;
                }
            }
        }
    }
}

fn layout_of(table: &'static MessageTable) -> &'static DynLayout {
    table.dynamic.expect("protowire: not a dynamic message type")
}

impl Drop for DynamicMessage {
    fn drop(&mut self) {
        let layout = self.layout();
        // SAFETY: every cell was initialised when the message was made, and
        // is dropped once, here; then the block, allocated with the layout.
        unsafe {
            layout::drop_cells(layout, self.data);
            layout::free(self.data, layout.layout);
        }
    }
}

impl Clone for DynamicMessage {
    fn clone(&self) -> Self {
        let layout = self.layout();
        let data = layout::allocate(layout.layout);
        // SAFETY: the cells of `self` are live; `data` is a fresh block of
        // the same layout.
        unsafe { layout::clone_cells(layout, self.data, data) };
        DynamicMessage { table: self.table, data }
    }
}
