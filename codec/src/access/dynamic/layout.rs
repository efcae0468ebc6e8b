//! How a dynamic type's messages are laid out: cells one after the other,
//! each a Rust type the engine knows by its storage code, or a message kept
//! inline (its own block and a presence flag); the functions that make,
//! drop and copy each cell; and a template of a message at its defaults.

use std::alloc::Layout;
use std::marker::PhantomData;
use std::ptr::NonNull;

use super::elements::{ElementType, Elements, element_layout};
use super::{DynMap, DynOneof};
use crate::table::{Base, Container, Stored};
use crate::unknown::UnknownFields;

/// What a cell of a dynamic message holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CellType {
    /// `T`, `Option<T>` or `Vec<T>` for a scalar base.
    Scalar(Base, Container),
    /// `Option<DynamicMessage>`: a singular message not kept inline.
    Message,
    /// [`Elements`]: a repeated message field.
    Elements,
    /// A singular message kept in the parent's block: the child's block,
    /// then a `bool` saying whether it is set.
    Inline,
    /// [`DynMap`].
    Map,
    /// `Option<DynOneof>`.
    Oneof,
    /// [`UnknownFields`].
    Unknown,
}

impl CellType {
    /// The cell of a field stored as `stored`, when it is neither inline
    /// nor a oneof member (whose oneof has one cell for all its members).
    /// The one place that decides which Rust type a storage code means in a
    /// dynamic message.
    pub(crate) fn of(stored: Stored) -> CellType {
        match (stored.base, stored.container) {
            (_, Container::Map) => CellType::Map,
            (Base::Message, Container::Option) => CellType::Message,
            (Base::Message, Container::Vec) => CellType::Elements,
            (b, c @ (Container::Plain | Container::Option | Container::Vec)) if b != Base::Message => {
                CellType::Scalar(b, c)
            }
            _ => panic!("protowire: no dynamic cell for {stored:?}"),
        }
    }

    /// The functions of a cell of one Rust type.
    ///
    /// # Panics
    ///
    /// For an inline cell, which has no one Rust type.
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
            CellType::Message => CellFnsOf::<Option<super::DynamicMessage>>::FNS,
            CellType::Inline | CellType::Elements => panic!("protowire: laid out from the message type's layout"),
            CellType::Map => CellFnsOf::<DynMap>::FNS,
            CellType::Oneof => CellFnsOf::<Option<DynOneof>>::FNS,
            CellType::Unknown => CellFnsOf::<UnknownFields>::FNS,
        }
    }
}

/// Drops the value of a cell, by address.
type DropFn = unsafe fn(*mut u8);

/// How a cell is made, dropped and copied: by the functions of its Rust
/// type, or, for a repeated message field, with its element type's layout.
#[derive(Clone, Copy)]
pub(super) enum Cell {
    Fns(&'static CellFns),
    Elements(ElementType),
}

impl Cell {
    /// # Safety
    ///
    /// `p` must be an uninitialised cell of this kind.
    unsafe fn init(self, p: *mut u8) {
        match self {
            // SAFETY: the caller's promise.
            Cell::Fns(fns) => unsafe { (fns.init)(p) },
            // SAFETY: as above; the empty value owns nothing.
            Cell::Elements(_) => unsafe { p.cast::<Elements>().write(Elements::EMPTY) },
        }
    }

    fn needs_drop(self) -> bool {
        match self {
            Cell::Fns(fns) => fns.drop.is_some(),
            Cell::Elements(_) => true,
        }
    }

    /// # Safety
    ///
    /// `p` must be a live cell of this kind, not used after.
    unsafe fn drop(self, p: *mut u8) {
        match self {
            Cell::Fns(fns) => {
                if let Some(drop) = fns.drop {
                    // SAFETY: the caller's promise.
                    unsafe { drop(p) }
                }
            }
            // SAFETY: the caller's promise; the elements are of the field's
            // element type, whose layout this is.
            Cell::Elements(of) => unsafe { (*p.cast::<Elements>()).clear(element_layout(of)) },
        }
    }

    /// # Safety
    ///
    /// `from` must be a live cell of this kind, `to` an uninitialised one.
    unsafe fn clone(self, from: *const u8, to: *mut u8) {
        match self {
            // SAFETY: the caller's promise.
            Cell::Fns(fns) => unsafe { (fns.clone)(from, to) },
            // SAFETY: as above, with the field's element layout.
            Cell::Elements(of) => unsafe {
                let copy = (*from.cast::<Elements>()).clone_with(element_layout(of));
                to.cast::<Elements>().write(copy);
            },
        }
    }
}

/// How to make, drop and copy the value of one cell type.
pub(crate) struct CellFns {
    layout: Layout,
    init: unsafe fn(*mut u8),
    /// `None` for types without drop glue (the plain scalars, `Option`s of
    /// numbers): nothing to do when a message goes.
    drop: Option<DropFn>,
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
    pub(super) layout: Layout,
    /// The cells as the table's slots see them, by offset: what
    /// [`DynamicMessage`]'s accessors check a slot against.
    pub(super) top: Box<[(u32, CellType)]>,
    /// Every cell, inline messages' cells (and their presence flags)
    /// included, with its offset and functions.
    pub(super) cells: Box<[(u32, Cell)]>,
    /// The cells of `cells` with drop glue.
    pub(super) drops: Box<[(u32, Cell)]>,
    /// The inline messages: offset and the child's layout.
    pub(super) inline: Box<[(u32, &'static DynLayout)]>,
    /// A message with every cell at its default, which new messages are
    /// copied from (dangling when the layout is empty).
    pub(super) template: NonNull<u8>,
    /// The descriptor the type was built from.
    pub(crate) descriptor: crate::reflect::MessageDescriptor,
}

// SAFETY: the template is written once, before the layout is shared, and
// only read after; everything else in a layout is `Send` and `Sync`.
unsafe impl Send for DynLayout {}
// SAFETY: as for `Send`.
unsafe impl Sync for DynLayout {}

impl DynLayout {
    /// Bytes a message of the layout takes.
    pub(crate) fn size(&self) -> usize {
        self.layout.size()
    }

    /// What the cell at `offset` holds.
    pub(super) fn cell_at(&self, offset: u32) -> Option<CellType> {
        let i = self.top.binary_search_by_key(&offset, |&(o, _)| o).ok()?;
        Some(self.top[i].1)
    }

    /// The child layout of the inline message at `offset`.
    pub(super) fn inline_at(&self, offset: u32) -> Option<&'static DynLayout> {
        self.inline.iter().find(|&&(o, _)| o == offset).map(|&(_, child)| child)
    }
}

/// Lays out cells one after the other.
pub(crate) struct LayoutBuilder {
    layout: Layout,
    top: Vec<(u32, CellType)>,
    cells: Vec<(u32, Cell)>,
    inline: Vec<(u32, &'static DynLayout)>,
}

impl LayoutBuilder {
    pub(crate) fn new() -> LayoutBuilder {
        LayoutBuilder { layout: Layout::new::<()>(), top: Vec::new(), cells: Vec::new(), inline: Vec::new() }
    }

    fn extend(&mut self, cell: Layout) -> u32 {
        let (layout, offset) = self.layout.extend(cell).expect("protowire: dynamic message too large");
        self.layout = layout;
        u32::try_from(offset).expect("protowire: dynamic message too large")
    }

    /// Adds a cell of one Rust type; returns its offset.
    ///
    /// # Panics
    ///
    /// For an inline cell (see [`add_inline`](Self::add_inline)), or if the
    /// block outgrows what a table offset can say (4 GiB).
    pub(crate) fn add(&mut self, cell: CellType) -> u32 {
        let fns = cell.fns();
        let offset = self.extend(fns.layout);
        self.top.push((offset, cell));
        self.cells.push((offset, Cell::Fns(fns)));
        offset
    }

    /// Adds a repeated message field of element type `of`; returns its
    /// offset.
    ///
    /// # Panics
    ///
    /// If the block outgrows what a table offset can say (4 GiB).
    pub(crate) fn add_elements(&mut self, of: ElementType) -> u32 {
        let offset = self.extend(Layout::new::<Elements>());
        self.top.push((offset, CellType::Elements));
        self.cells.push((offset, Cell::Elements(of)));
        offset
    }

    /// Adds a message of layout `child` kept inline, and its presence flag
    /// right after it; returns its offset.
    ///
    /// # Panics
    ///
    /// If the block outgrows what a table offset can say (4 GiB).
    pub(crate) fn add_inline(&mut self, child: &'static DynLayout) -> u32 {
        let size = child.layout.size();
        let cell =
            Layout::from_size_align(size + 1, child.layout.align()).expect("protowire: dynamic message too large");
        let offset = self.extend(cell);
        self.top.push((offset, CellType::Inline));
        self.inline.push((offset, child));
        for &(o, cell) in &child.cells {
            self.cells.push((offset + o, cell));
        }
        let flag = offset + u32::try_from(size).expect("protowire: dynamic message too large");
        self.cells.push((flag, Cell::Fns(CellFnsOf::<bool>::FNS)));
        offset
    }

    pub(crate) fn finish(self, descriptor: crate::reflect::MessageDescriptor) -> DynLayout {
        let layout = self.layout.pad_to_align();
        let cells: Box<[(u32, Cell)]> = self.cells.into();
        let drops = cells.iter().copied().filter(|&(_, cell)| cell.needs_drop()).collect();
        let template = allocate(layout);
        for &(offset, cell) in &cells {
            // SAFETY: the cell lies inside the block just allocated with the
            // layout it was laid out in, and is initialised once, here.
            unsafe { cell.init(template.as_ptr().add(offset as usize)) }
        }
        // The template lives as long as the layout, which is never dropped
        // (layouts live for the rest of the program, as tables do).
        DynLayout { layout, top: self.top.into(), cells, drops, inline: self.inline.into(), template, descriptor }
    }
}

/// A block for `layout` (dangling when it is empty).
pub(super) fn allocate(layout: Layout) -> NonNull<u8> {
    if layout.size() == 0 {
        // Aligned for any cell: no cell needs more than 8 bytes' alignment.
        return NonNull::<u64>::dangling().cast();
    }
    // SAFETY: the layout's size is not zero.
    let p = unsafe { std::alloc::alloc(layout) };
    NonNull::new(p).unwrap_or_else(|| std::alloc::handle_alloc_error(layout))
}

/// Frees a block of `layout` whose cells were dropped or moved out.
///
/// # Safety
///
/// `p` must come from [`allocate`] with the same layout, and not be used
/// after.
pub(super) unsafe fn free(p: NonNull<u8>, layout: Layout) {
    if layout.size() != 0 {
        // SAFETY: allocated by `allocate` with this layout (the caller's promise).
        unsafe { std::alloc::dealloc(p.as_ptr(), layout) }
    }
}

/// Makes the cells of a block of `layout` its defaults, by copying the
/// template.
///
/// # Safety
///
/// `to` must be valid for writing `layout.size()` bytes, not overlap the
/// template, and hold no live value (a fresh block, or one whose cells were
/// dropped or moved out).
pub(super) unsafe fn write_defaults(layout: &DynLayout, to: NonNull<u8>) {
    // SAFETY: the caller's promise; the copy is a message at its defaults:
    // every cell type's default (zero, `None`, `false`, the empty `String`,
    // `Vec`, `BTreeMap` and `UnknownFields`, whose constructors allocate
    // nothing, and empty `Elements`) owns no memory, so its bytes copied are the same
    // value made again, and the copies (and the template) are dropped
    // independently without freeing anything twice.
    unsafe { std::ptr::copy_nonoverlapping(layout.template.as_ptr(), to.as_ptr(), layout.layout.size()) }
}

/// Drops every cell of a block of `layout`.
///
/// # Safety
///
/// `at` must hold live cells of `layout`, not used after (but to write
/// defaults or another message into).
pub(super) unsafe fn drop_cells(layout: &DynLayout, at: NonNull<u8>) {
    for &(offset, cell) in &layout.drops {
        // SAFETY: the cell is live (the caller's promise), dropped once, here.
        unsafe { cell.drop(at.as_ptr().add(offset as usize)) }
    }
}

/// Clones every cell of a block of `layout` into an uninitialised one.
///
/// # Safety
///
/// `from` must hold live cells of `layout`; `to` must be an uninitialised
/// block of it.
pub(super) unsafe fn clone_cells(layout: &DynLayout, from: NonNull<u8>, to: NonNull<u8>) {
    for &(offset, cell) in &layout.cells {
        // SAFETY: the source cell is live; the target is the same cell of a
        // block of the same layout, uninitialised.
        unsafe { cell.clone(from.as_ptr().add(offset as usize), to.as_ptr().add(offset as usize)) }
    }
}
