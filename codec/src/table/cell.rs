//! The per-type cache of a message's table: a `static` cell per type, filled
//! on first use, read with one atomic load after that.

use std::marker::PhantomData;
use std::sync::OnceLock;

use super::{ErasedSpec, MessageSpec, MessageTable, SpecParts, TypedTable};
use crate::message::Message;
use crate::registry::{self, MessageType};

/// The per-type cache of a message's table. Generated code declares one
/// `static` per message type.
pub struct TableCell<M: 'static> {
    cell: OnceLock<&'static MessageTable>,
    _m: PhantomData<fn() -> M>,
}

impl<M: Message> TableCell<M> {
    /// An empty cell, for a `static`.
    pub const fn new() -> TableCell<M> {
        TableCell { cell: OnceLock::new(), _m: PhantomData }
    }

    /// The table, built from `spec` on first use.
    #[inline]
    pub fn get(&'static self, spec: &'static MessageSpec<M>) -> TypedTable<M> {
        let table = match self.cell.get() {
            Some(table) => table,
            None => init_cell(&self.cell, &spec.erased),
        };
        TypedTable::new(table)
    }
}

/// Fills a type's cell: builds its table, registers it, and the types it
/// refers to. Not generic, so that it is compiled once.
#[cold]
#[inline(never)]
fn init_cell(cell: &'static OnceLock<&'static MessageTable>, spec: &'static ErasedSpec) -> &'static MessageTable {
    let table = *cell.get_or_init(|| {
        let table: &'static MessageTable = Box::leak(Box::new(MessageTable::build(SpecParts::of(spec))));
        // Registered before the cell is filled, so that whoever sees the
        // table can also find it by name.
        registry::add_built(table);
        table
    });
    // The types this one refers to are registered outside the cell's
    // initialisation: they may refer back to this type, whose cell must be
    // filled by then.
    registry::register(MessageType::from_table(table));
    table
}

impl<M: Message> Default for TableCell<M> {
    fn default() -> Self {
        TableCell::new()
    }
}
