//! Field-level access: one field's value ([`Ref`], [`Mut`]), reached
//! through its message's [`MsgRef`]/[`MsgMut`], and the runs of messages
//! appended to a repeated field ([`Appended`]).

use super::*;

/// The table of the messages `ops` reach: the field's slot's cached copy
/// (a load, not a call) when there is a slot, whose ops these are; else
/// (a map entry's value) the ops' own.
#[inline(always)]
fn child_table(slot: Option<&'static Slot>, ops: &'static MessageOps) -> &'static MessageTable {
    match slot {
        Some(slot) => slot.child_table_of(ops),
        None => ops.table(),
    }
}

/// One field's value (or a map's key or value), to read.
#[derive(Clone, Copy)]
pub(crate) struct Ref<'a> {
    ptr: *const u8,
    stored: Stored,
    message: Option<&'static MessageOps>,
    map: Option<&'static MapOps>,
    /// The field's slot (not for a map's key or value), whose cached child
    /// table saves a call to the table getter per nested message.
    slot: Option<&'static Slot>,
    _borrow: PhantomData<&'a ()>,
}

impl<'a> Ref<'a> {
    #[inline]
    pub(super) fn new(ptr: *const u8, stored: Stored, slot: &'static Slot) -> Ref<'a> {
        Ref { ptr, stored, message: slot.message, map: slot.map, slot: Some(slot), _borrow: PhantomData }
    }

    /// A map entry's key or value: no slot of its own, and no map.
    #[inline]
    fn part(ptr: *const u8, stored: Stored, message: Option<&'static MessageOps>) -> Ref<'a> {
        Ref { ptr, stored, message, map: None, slot: None, _borrow: PhantomData }
    }

    /// How the value is stored.
    pub(crate) fn stored(self) -> Stored {
        self.stored
    }

    /// The value as a `T`.
    ///
    /// # Panics
    ///
    /// If the value is not stored as a `T`.
    #[inline(always)]
    pub(crate) fn get<T: Storage>(self) -> &'a T {
        assert!(self.stored.eq(T::STORED), "protowire: field read as the wrong type");
        // SAFETY: the storage code says a `T` lives here (see the module docs).
        unsafe { &*self.ptr.cast::<T>() }
    }

    fn message_ops(self) -> &'static MessageOps {
        message_ops(self.message, self.stored)
    }

    /// The message in a singular message field, if present.
    ///
    /// # Panics
    ///
    /// If the value is not a singular message.
    #[inline]
    pub(crate) fn message(self) -> Option<MsgRef<'a>> {
        let ops = self.message_ops();
        assert!(ops.container != Container::Vec, "protowire: repeated field read as one message");
        // SAFETY: the ops are those of the container at this address.
        let p = unsafe { (ops.get)(ops, self.ptr) };
        let ptr = NonNull::new(p.cast_mut())?;
        Some(MsgRef { ptr, table: child_table(self.slot, ops), _borrow: PhantomData })
    }

    /// The messages of a repeated message field.
    ///
    /// # Panics
    ///
    /// If the value is not a repeated message field.
    #[inline]
    pub(crate) fn messages(self) -> impl DoubleEndedIterator<Item = MsgRef<'a>> + ExactSizeIterator {
        let ops = self.message_ops();
        assert!(ops.container == Container::Vec, "protowire: field read as repeated messages");
        // SAFETY: the ops are those of the `Vec` at this address.
        let (first, len) = unsafe { ((ops.get)(ops, self.ptr), (ops.len)(self.ptr)) };
        let table = child_table(self.slot, ops);
        let stride = ops.stride;
        (0..len).map(move |i| {
            // SAFETY: element `i < len` of the vector starts `i * stride`
            // bytes after the first, and is not null.
            let ptr = unsafe { NonNull::new_unchecked(first.add(i * stride).cast_mut()) };
            MsgRef { ptr, table, _borrow: PhantomData }
        })
    }

    fn map_ops(self) -> &'static MapOps {
        map_ops(self.map, self.stored)
    }

    /// Calls `f` with each key and value of a map field; in descending key
    /// order if `rev` is set and the map is ordered.
    #[inline]
    pub(crate) fn map_for_each(self, rev: bool, mut f: impl FnMut(Ref<'a>, Ref<'a>)) {
        let ops = self.map_ops();
        let mut each = |k: *const u8, v: *const u8| {
            f(Ref::part(k, ops.key, None), Ref::part(v, ops.value, ops.value_message));
        };
        // SAFETY: the ops are those of the map at this address; the
        // addresses passed to `each` are its keys and values, of the types
        // the codes say.
        unsafe { (ops.for_each)(ops, self.ptr, rev, &mut each) }
    }
}

/// Default messages appended to a repeated field in one go (see
/// [`Mut::append_messages`]), handed out one at a time to be merged into.
/// Those never handed out (a run cut short by an error) are removed when
/// it is dropped, so the field holds what was merged, as when each
/// element is pushed as it comes.
pub(crate) struct Appended<'a> {
    vec: *mut u8,
    truncate: unsafe fn(*mut u8, usize),
    /// The next element to hand out, how many are left, and the vector's
    /// length up to the last one handed out.
    next: *mut u8,
    left: usize,
    len: usize,
    stride: usize,
    table: &'static MessageTable,
    _borrow: PhantomData<&'a mut ()>,
}

impl Appended<'_> {
    /// How many elements are left to hand out.
    #[inline]
    pub(crate) fn left(&self) -> usize {
        self.left
    }

    /// The next element, while any is left.
    #[inline(always)]
    pub(crate) fn next(&mut self) -> Option<MsgMut<'_>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        self.len += 1;
        let p = self.next;
        self.next = p.wrapping_add(self.stride);
        // SAFETY: `p` is one of the elements `append` initialised, not
        // handed out before (so this borrow of `self` is its only access),
        // of the table's type; never null.
        Some(MsgMut { ptr: unsafe { NonNull::new_unchecked(p) }, table: self.table, _borrow: PhantomData })
    }
}

impl Drop for Appended<'_> {
    fn drop(&mut self) {
        if self.left != 0 {
            // SAFETY: the ops these came from are those of the vector at
            // `vec`, still borrowed exclusively; every element up to `len`
            // was handed out, and those after it are defaults.
            unsafe { (self.truncate)(self.vec, self.len) }
        }
    }
}

/// One field's value (or a map entry's key or value), to write.
pub(crate) struct Mut<'a> {
    ptr: *mut u8,
    stored: Stored,
    message: Option<&'static MessageOps>,
    map: Option<&'static MapOps>,
    /// The field's slot (whose `message` ops these are), for its cached
    /// child table; `None` for a map entry's key or value.
    slot: Option<&'static Slot>,
    _borrow: PhantomData<&'a mut ()>,
}

impl<'a> Mut<'a> {
    #[inline]
    pub(super) fn new(ptr: *mut u8, stored: Stored, slot: &'static Slot) -> Mut<'a> {
        Mut { ptr, stored, message: slot.message, map: slot.map, slot: Some(slot), _borrow: PhantomData }
    }

    /// A map entry's key or value: no slot of its own, and no map.
    #[inline]
    fn part(ptr: *mut u8, stored: Stored, message: Option<&'static MessageOps>) -> Mut<'a> {
        Mut { ptr, stored, message, map: None, slot: None, _borrow: PhantomData }
    }

    /// The same value, borrowed for less long.
    #[inline]
    pub(crate) fn reborrow(&mut self) -> Mut<'_> {
        Mut {
            ptr: self.ptr,
            stored: self.stored,
            message: self.message,
            map: self.map,
            slot: self.slot,
            _borrow: PhantomData,
        }
    }

    /// How the value is stored.
    pub(crate) fn stored(&self) -> Stored {
        self.stored
    }

    /// The value as a `T`.
    ///
    /// # Panics
    ///
    /// If the value is not stored as a `T`.
    #[inline(always)]
    pub(crate) fn get<T: Storage>(self) -> &'a mut T {
        assert!(self.stored.eq(T::STORED), "protowire: field written as the wrong type");
        // SAFETY: the storage code says a `T` lives here, and the borrow is exclusive.
        unsafe { &mut *self.ptr.cast::<T>() }
    }

    /// The message to merge into: a singular field's (created at its default
    /// if absent), or a new element pushed onto a repeated field; and whether
    /// it was just created.
    ///
    /// # Panics
    ///
    /// If the value is not a message field.
    #[inline]
    pub(crate) fn message(self) -> (MsgMut<'a>, bool) {
        let ops = message_ops(self.message, self.stored);
        // SAFETY: the ops are those of the container at this address.
        let (p, fresh) = unsafe { (ops.get_mut)(ops, self.ptr) };
        // SAFETY: `get_mut` returns the address of a message, never null.
        let ptr = unsafe { NonNull::new_unchecked(p) };
        (MsgMut { ptr, table: child_table(self.slot, ops), _borrow: PhantomData }, fresh)
    }

    /// For a repeated message field, `count()` default messages appended
    /// in one go, to be merged into one by one; `None` (and `count` not
    /// called) for a container that grows one element at a time.
    ///
    /// # Panics
    ///
    /// If the value is not a message field.
    #[inline]
    pub(crate) fn append_messages(&mut self, count: impl FnOnce() -> usize) -> Option<Appended<'_>> {
        let ops = message_ops(self.message, self.stored);
        let (append, truncate) = ops.append?;
        let count = count();
        // SAFETY: the ops are those of the container at this address; the
        // borrow of `self` holds it exclusively.
        let (len, first) = unsafe { ((ops.len)(self.ptr), append(self.ptr, count)) };
        let table = child_table(self.slot, ops);
        Some(Appended {
            vec: self.ptr,
            truncate,
            next: first,
            left: count,
            len,
            stride: ops.stride,
            table,
            _borrow: PhantomData,
        })
    }

    /// Makes a default key and value, lets `f` fill them, and inserts them
    /// into the map when `f` returns `true`.
    ///
    /// # Errors
    ///
    /// Whatever `f` returns.
    #[inline]
    pub(crate) fn map_insert_with(
        self,
        mut f: impl FnMut(Mut<'_>, Mut<'_>) -> Result<bool, DecodeError>,
    ) -> Result<bool, DecodeError> {
        let ops = map_ops(self.map, self.stored);
        let mut fill =
            |k: *mut u8, v: *mut u8| f(Mut::part(k, ops.key, None), Mut::part(v, ops.value, ops.value_message));
        // SAFETY: the ops are those of the map at this address; the addresses
        // passed to `fill` are a fresh key and value of the coded types.
        unsafe { (ops.insert_with)(ops, self.ptr, &mut fill) }
    }
}
