//! Repeated message fields of dynamic types: the messages one after the
//! other in one buffer, as a generated `Vec<M>` holds them, so that the
//! engine walks them by stride and decoding allocates per buffer, not per
//! message. The buffer knows its length and capacity; the element layout
//! comes from the element type's table, which every caller has at hand.

use std::alloc::Layout;
use std::ptr::NonNull;
use std::sync::OnceLock;

use super::DynamicMessage;
use super::layout::{self, DynLayout};
use crate::table::MessageTable;

/// The cell of a repeated message field: `len` messages of the element
/// layout at `ptr`, room for `cap`. Owns nothing while `cap` is 0, so the
/// empty value may be copied like the other defaults.
#[derive(Clone, Copy)]
#[repr(C)]
pub(crate) struct Elements {
    ptr: NonNull<u8>,
    len: usize,
    cap: usize,
}

impl Elements {
    pub(crate) const EMPTY: Elements = Elements { ptr: NonNull::<u64>::dangling().cast(), len: 0, cap: 0 };

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn first(&self) -> *const u8 {
        self.ptr.as_ptr()
    }

    /// Element `i`.
    ///
    /// # Panics
    ///
    /// If `i` is out of bounds.
    pub(crate) fn at(&self, element: &DynLayout, i: usize) -> NonNull<u8> {
        assert!(i < self.len, "protowire: element out of bounds");
        // SAFETY: element `i < len` lies inside the buffer.
        unsafe { NonNull::new_unchecked(self.ptr.as_ptr().add(i * element.size())) }
    }

    fn buffer(element: &DynLayout, cap: usize) -> Layout {
        let size = element.size().checked_mul(cap).expect("protowire: repeated field too large");
        Layout::from_size_align(size, element.layout.align()).expect("protowire: repeated field too large")
    }

    /// Room for one more element at the end, counted in the length; the
    /// caller must write a message there before anything reads it.
    fn claim(&mut self, element: &DynLayout) -> NonNull<u8> {
        if self.len == self.cap {
            self.grow(element);
        }
        self.len += 1;
        self.at(element, self.len - 1)
    }

    /// A new element at its defaults, at the end.
    pub(crate) fn push_default(&mut self, element: &DynLayout) -> NonNull<u8> {
        let at = self.claim(element);
        // SAFETY: the slot just claimed is inside the buffer and holds no
        // value.
        unsafe { layout::write_defaults(element, at) };
        at
    }

    /// Appends `message` (of the element type), moving its cells in.
    pub(crate) fn push(&mut self, element: &DynLayout, message: DynamicMessage) {
        let at = self.claim(element);
        let message = std::mem::ManuallyDrop::new(message);
        // SAFETY: the slot just claimed is free; the message's cells are
        // moved bytewise and its block freed without dropping them.
        unsafe {
            std::ptr::copy_nonoverlapping(message.data().as_ptr(), at.as_ptr(), element.size());
            layout::free(message.data(), element.layout);
        }
    }

    fn grow(&mut self, element: &DynLayout) {
        let cap = (self.cap * 2).max(4);
        let new = Self::buffer(element, cap);
        let ptr = if self.cap == 0 || element.size() == 0 {
            layout::allocate(new)
        } else {
            // SAFETY: the buffer was allocated with the old layout; the
            // elements are moved bytewise, which moving Rust values is.
            let p = unsafe { std::alloc::realloc(self.ptr.as_ptr(), Self::buffer(element, self.cap), new.size()) };
            NonNull::new(p).unwrap_or_else(|| std::alloc::handle_alloc_error(new))
        };
        self.ptr = ptr;
        self.cap = cap;
    }

    /// Drops every element and frees the buffer, leaving it empty.
    ///
    /// # Safety
    ///
    /// The elements must be of `element`'s layout.
    pub(crate) unsafe fn clear(&mut self, element: &DynLayout) {
        for i in 0..self.len {
            // SAFETY: each element is live, dropped once.
            unsafe { layout::drop_cells(element, self.at(element, i)) };
        }
        if self.cap != 0 {
            // SAFETY: allocated with this layout.
            unsafe { layout::free(self.ptr, Self::buffer(element, self.cap)) };
        }
        *self = Elements::EMPTY;
    }

    /// A deep copy.
    ///
    /// # Safety
    ///
    /// The elements must be of `element`'s layout.
    pub(crate) unsafe fn clone_with(&self, element: &DynLayout) -> Elements {
        let mut copy = Elements::EMPTY;
        if self.len == 0 {
            return copy;
        }
        copy.ptr = layout::allocate(Self::buffer(element, self.len));
        copy.cap = self.len;
        for i in 0..self.len {
            // SAFETY: source elements are live; the targets are the same
            // slots of a new buffer, uninitialised.
            unsafe {
                let to = NonNull::new_unchecked(copy.ptr.as_ptr().add(i * element.size()));
                layout::clone_cells(element, self.at(element, i), to);
            }
            copy.len = i + 1;
        }
        copy
    }
}

/// The element type of a repeated field, by the cell its table will be in.
pub(crate) type ElementType = &'static OnceLock<&'static MessageTable>;

/// The element layout of a repeated field.
pub(crate) fn element_layout(of: ElementType) -> &'static DynLayout {
    super::layout_of(of.get().expect("protowire: dynamic table used before it was built"))
}
