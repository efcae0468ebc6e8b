//! The back-to-front writer behind every encode, and one of the two modules
//! with `unsafe` code.
//!
//! Encoding runs backwards, from the last byte of the message to the first
//! (upb's encoder does the same). When a nested message or packed field is
//! finished, its length is simply how far the cursor moved, so the length
//! prefix is written in front of it without the nested size ever being
//! computed first: the write pass needs neither a side stack of sizes nor a
//! size pass before it, and is linear in the message's size at any nesting
//! depth.
//!
//! The writer fills the spare capacity of a per-thread scratch buffer, which
//! grows (copying what is written to the end of a larger one) when full and is
//! reused by the next encode on the thread; the caller then copies the bytes
//! out once, into an allocation of exactly their size. The invariant that
//! makes reading them back sound is kept in this module alone.

use std::cell::Cell;
use std::mem::MaybeUninit;

use crate::wire::{EncodedKey, varint_len};

/// Scratch buffers up to this size are kept for the next encode on the
/// thread; larger ones are freed after use.
const KEEP_SCRATCH: usize = 1 << 20;

thread_local! {
    static SCRATCH: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// Writes protobuf bytes from the end of a buffer towards its start.
///
/// Invariant: every byte in `buf`'s spare capacity from `pos` to the end has
/// been written. `pos` only moves down, and only by methods that write each
/// byte they move over; growing moves the written bytes to the end of the
/// new buffer and `pos` with them.
pub struct RevWriter {
    buf: Vec<u8>,
    pos: usize,
    /// Set by the write routines of required fields that are not set, so
    /// that the required-field check rides along with the write pass.
    pub(crate) missing_required: bool,
    /// Levels of nested messages the write pass may still descend; when
    /// none is left it writes no deeper and sets `too_deep`.
    pub(crate) depth: u32,
    pub(crate) too_deep: bool,
    /// Bytes written by `put_slice` in runs of at least [`BULK_RUN`]: the
    /// part of the encoding a copy out of the scratch buffer would copy a
    /// second time, for nothing a size pass could not save.
    pub(crate) bulk: usize,
}

/// A `put_slice` this long counts as bulk (see [`RevWriter::bulk`]).
const BULK_RUN: usize = 1024;

impl RevWriter {
    fn new(mut buf: Vec<u8>) -> RevWriter {
        buf.clear();
        let pos = buf.capacity();
        RevWriter { buf, pos, missing_required: false, depth: crate::ENCODE_RECURSION_LIMIT, too_deep: false, bulk: 0 }
    }

    /// Bytes written so far; the difference of two readings is the length of
    /// what was written in between.
    #[inline]
    pub fn written(&self) -> usize {
        self.buf.capacity() - self.pos
    }

    /// Reserves `n` bytes in front of what is written and returns where they
    /// start; the caller must write all `n` before anything else is claimed.
    #[inline(always)]
    fn claim(&mut self, n: usize) -> *mut u8 {
        if n > self.pos {
            self.grow(n);
        }
        self.pos -= n;
        // SAFETY: `pos + n` is at most the capacity (checked above, or made so
        // by `grow`), so the `n` bytes from `pos` lie inside the allocation.
        unsafe { self.buf.as_mut_ptr().add(self.pos) }
    }

    /// Moves what is written to the end of a buffer with room for `n` more
    /// bytes in front of it (at least twice the size).
    #[cold]
    #[inline(never)]
    fn grow(&mut self, n: usize) {
        let cap = self.buf.capacity();
        let written = cap - self.pos;
        let want = cap.saturating_mul(2).max(written.saturating_add(n)).max(256);
        let mut bigger: Vec<u8> = Vec::with_capacity(want);
        let new_cap = bigger.capacity();
        let from = &self.buf.spare_capacity_mut()[self.pos..cap];
        bigger.spare_capacity_mut()[new_cap - written..].copy_from_slice(from);
        self.buf = bigger;
        self.pos = new_cap - written;
    }

    /// What has been written, in order.
    pub(crate) fn bytes(&self) -> &[u8] {
        let written = &self.buf.spare_capacity_mut_ref()[self.pos..];
        // SAFETY: by the invariant every byte from `pos` to the end of the
        // capacity has been written, so the slice is initialised.
        unsafe { &*(written as *const [MaybeUninit<u8>] as *const [u8]) }
    }

    /// The bytes written, as a `Vec` in the writer's own buffer: moved to
    /// its front, not copied into a new allocation.
    fn into_front(self) -> Vec<u8> {
        let len = self.written();
        let mut buf = self.buf;
        // SAFETY: by the invariant the `len` bytes from `pos` to the end of
        // the capacity are written; `copy` allows the two ranges to overlap,
        // and after it the first `len` bytes of the buffer are initialised.
        unsafe {
            let start = buf.as_mut_ptr();
            std::ptr::copy(start.add(buf.capacity() - len), start, len);
            buf.set_len(len);
        }
        buf
    }

    /// Writes a value of any wire type.
    #[inline(always)]
    pub(crate) fn put_wire(&mut self, value: Wire<'_>) {
        match value {
            Wire::Varint(v) => self.put_varint(v),
            Wire::Fixed32(v) => self.put_fixed32(v),
            Wire::Fixed64(v) => self.put_fixed64(v),
            Wire::Len(bytes) => {
                self.put_slice(bytes);
                self.put_varint(bytes.len() as u64);
            }
        }
    }

    /// Writes one byte in front of what is written.
    #[inline(always)]
    pub fn put_u8(&mut self, byte: u8) {
        let dst = self.claim(1);
        // SAFETY: `claim(1)` returned room for one byte, which this writes.
        unsafe { dst.write(byte) };
    }

    /// Writes `bytes` in front of what is written.
    #[inline(always)]
    pub fn put_slice(&mut self, bytes: &[u8]) {
        if bytes.len() >= BULK_RUN {
            self.bulk += bytes.len();
        }
        let dst = self.claim(bytes.len());
        // SAFETY: `claim` returned room for exactly `bytes.len()` bytes, all
        // written here; the scratch buffer cannot overlap `bytes`, which the
        // caller holds a shared borrow of.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), dst, bytes.len()) };
    }

    /// Writes a varint in front of what is written.
    #[inline(always)]
    pub fn put_varint(&mut self, value: u64) {
        if value < 0x80 {
            self.put_u8(value as u8);
        } else if value < 0x4000 {
            // Two bytes (most lengths of nested messages and strings past
            // 127 bytes): inline rather than through the writer of longer
            // varints, a call (the depth-100 chain encodes 18% faster).
            let dst = self.claim(2);
            let pair = [(value as u8) | 0x80, (value >> 7) as u8];
            // SAFETY: `claim(2)` returned room for the 2 bytes written here.
            unsafe { dst.cast::<[u8; 2]>().write_unaligned(pair) };
        } else {
            self.put_long_varint(value);
        }
    }

    #[inline(never)]
    fn put_long_varint(&mut self, value: u64) {
        if value < 1 << 28 {
            // 3 or 4 bytes (lengths up to 256 MiB): the byte loop costs
            // less than the shifts of `store_varint`.
            let dst = self.claim(varint_len(value));
            let mut p = dst;
            let mut value = value;
            // SAFETY: the varint has `varint_len(value)` bytes: the loop
            // writes all but the last, then the last, inside the room
            // `claim` returned.
            unsafe {
                while value >= 0x80 {
                    p.write((value as u8) | 0x80);
                    p = p.add(1);
                    value >>= 7;
                }
                p.write(value as u8);
            }
            return;
        }
        let len = varint_len(value);
        // Room for the 8-byte store `store_varint` may make in front of a
        // shorter varint.
        if self.pos < MAX_VARINT {
            self.grow(MAX_VARINT);
        }
        // SAFETY: `pos` is at least `MAX_VARINT` (checked above, or made so
        // by `grow`), so the `max(len, 8)` bytes before it lie inside the
        // allocation; the `len` bytes of the varint, just before `pos`, are
        // the ones claimed here, and the rest of the store is spare capacity.
        unsafe { store_varint(self.buf.as_mut_ptr().add(self.pos), value, len) };
        self.pos -= len;
    }

    /// Writes a run of scalars (a packed field's values) in front of what is
    /// written, the last first, keeping the writer's place in a register
    /// instead of reading and storing it for every value: one test a value
    /// that room for the longest is left, and room made for up to
    /// [`RUN_CHUNK`] more values when it is not. Meant for varints and
    /// fixed-width values; a length-prefixed one is written too, the usual
    /// way.
    #[inline(always)]
    pub(crate) fn put_scalar_run<'a, T>(&mut self, values: &'a [T], wire: impl Fn(&'a T) -> Wire<'a>) {
        let mut base = self.buf.as_mut_ptr();
        let mut pos = self.pos;
        for (i, v) in values.iter().enumerate().rev() {
            if pos < MAX_VARINT {
                self.pos = pos;
                self.grow((i + 1).min(RUN_CHUNK) * MAX_VARINT);
                base = self.buf.as_mut_ptr();
                pos = self.pos;
            }
            // `pos >= MAX_VARINT` here: each arm writes at most that many
            // bytes in front of it.
            match wire(v) {
                Wire::Varint(x) if x < 0x80 => {
                    pos -= 1;
                    // SAFETY: `pos` was at least 1: the byte before it is in
                    // the allocation, in front of what is written.
                    unsafe { base.add(pos).write(x as u8) };
                }
                Wire::Varint(x) if x < 0x4000 => {
                    pos -= 2;
                    // SAFETY: as above, for 2 bytes.
                    unsafe { base.add(pos).cast::<[u8; 2]>().write_unaligned([(x as u8) | 0x80, (x >> 7) as u8]) };
                }
                Wire::Fixed32(x) => {
                    pos -= 4;
                    // SAFETY: as above, for 4 bytes.
                    unsafe { base.add(pos).cast::<[u8; 4]>().write_unaligned(x.to_le_bytes()) };
                }
                Wire::Fixed64(x) => {
                    pos -= 8;
                    // SAFETY: as above, for 8 bytes.
                    unsafe { base.add(pos).cast::<[u8; 8]>().write_unaligned(x.to_le_bytes()) };
                }
                // Rarer, and longer to write: the usual way, out of line,
                // so that the loop keeps few registers (and a short run a
                // short prologue).
                slow => {
                    self.pos = pos;
                    self.put_wire(slow);
                    base = self.buf.as_mut_ptr();
                    pos = self.pos;
                }
            }
        }
        self.pos = pos;
    }

    /// Writes a pre-encoded key in front of what is written.
    #[inline(always)]
    pub fn put_key(&mut self, key: &EncodedKey) {
        let bytes = key.as_bytes();
        if let [single] = bytes {
            self.put_u8(*single);
        } else {
            self.put_slice(bytes);
        }
    }

    /// Writes a field: its value, then its key in front of it. One test of
    /// room for a scalar (or a length prefix) and its key, and one update
    /// of the writer's place, where writing value and key one after the
    /// other takes two of each (the write loop's most common step); the
    /// bytes of a length-prefixed value are copied first, as by
    /// [`put_slice`](Self::put_slice).
    #[inline(always)]
    pub(crate) fn put_field(&mut self, value: Wire<'_>, key: &EncodedKey) {
        match value {
            // The bytes, then their length as the value of a varint field.
            Wire::Len(bytes) => {
                self.put_slice(bytes);
                self.put_scalar_field(Wire::Varint(bytes.len() as u64), key);
            }
            _ => self.put_scalar_field(value, key),
        }
    }

    /// [`put_field`](Self::put_field) for a value that is not
    /// length-prefixed.
    #[inline(always)]
    fn put_scalar_field(&mut self, value: Wire<'_>, key: &EncodedKey) {
        if self.pos < FIELD_ROOM && self.put_field_tight(value, key) {
            return;
        }
        // SAFETY: `pos` is at most the capacity, so `end` is in (or one past)
        // the allocation.
        let end = unsafe { self.buf.as_mut_ptr().add(self.pos) };
        // The stores below (this block's and the next): the `FIELD_ROOM`
        // bytes before `end` are in the allocation (checked above, or made
        // so by `put_field_tight`) and hold nothing written yet. The value
        // takes at most `MAX_VARINT` of them, right before `end`; the key's
        // 8-byte store ends where the value starts, so it lies inside them
        // too, and what it puts in front of the key's own bytes is spare
        // capacity, written over later.
        // SAFETY: as just said, for the value.
        let value_len = unsafe {
            match value {
                Wire::Varint(v) if v < 0x80 => {
                    end.sub(1).write(v as u8);
                    1
                }
                Wire::Varint(v) if v < 0x4000 => {
                    end.sub(2).cast::<[u8; 2]>().write_unaligned([(v as u8) | 0x80, (v >> 7) as u8]);
                    2
                }
                Wire::Varint(v) => store_long_varint(end, v),
                Wire::Fixed32(v) => {
                    end.sub(4).cast::<[u8; 4]>().write_unaligned(v.to_le_bytes());
                    4
                }
                Wire::Fixed64(v) => {
                    end.sub(8).cast::<[u8; 8]>().write_unaligned(v.to_le_bytes());
                    8
                }
                Wire::Len(_) => unreachable!("protowire: length-prefixed value written by put_field"),
            }
        };
        let key_len = key.len();
        // SAFETY: as said above, for the key.
        unsafe {
            let key_end = end.sub(value_len);
            if key_len == 1 {
                key_end.sub(1).write(key.le_word() as u8);
            } else {
                let word = key.le_word() << (8 * (8 - key_len));
                key_end.sub(8).cast::<[u8; 8]>().write_unaligned(word.to_le_bytes());
            }
        }
        self.pos -= value_len + key_len;
    }

    /// Near the front of the buffer (less than `FIELD_ROOM` left): writes
    /// the field byte by byte and returns `true` when it fits in the room
    /// left, else makes room for `put_field` and returns `false`. A buffer
    /// of exactly the encoded size (after a size pass) must not grow for its
    /// first field's sake: that would copy the whole encoding.
    #[cold]
    #[inline(never)]
    fn put_field_tight(&mut self, value: Wire<'_>, key: &EncodedKey) -> bool {
        let value_len = match value {
            Wire::Varint(v) => varint_len(v),
            Wire::Fixed32(_) => 4,
            Wire::Fixed64(_) => 8,
            Wire::Len(bytes) => bytes.len() + varint_len(bytes.len() as u64),
        };
        if value_len + key.len() > self.pos {
            self.grow(FIELD_ROOM);
            return false;
        }
        self.put_wire(value);
        self.put_key(key);
        true
    }

    /// Writes 4 little-endian bytes in front of what is written.
    #[inline(always)]
    pub fn put_fixed32(&mut self, value: u32) {
        let dst = self.claim(4);
        // SAFETY: `claim(4)` returned room for the 4 bytes written here.
        unsafe { dst.cast::<[u8; 4]>().write_unaligned(value.to_le_bytes()) };
    }

    /// Writes 8 little-endian bytes in front of what is written.
    #[inline(always)]
    pub fn put_fixed64(&mut self, value: u64) {
        let dst = self.claim(8);
        // SAFETY: `claim(8)` returned room for the 8 bytes written here.
        unsafe { dst.cast::<[u8; 8]>().write_unaligned(value.to_le_bytes()) };
    }
}

/// The longest varint: 64 bits, 7 a byte.
const MAX_VARINT: usize = 10;

/// The room [`RevWriter::put_field`] makes sure of in front of what is
/// written: the longest varint, and in front of it the 8-byte store that
/// writes a key of up to 5 bytes.
const FIELD_ROOM: usize = MAX_VARINT + 8;

/// Stores a varint of at least 3 bytes so that it ends at `end`, and
/// returns its length. Out of line, as [`RevWriter::put_long_varint`]: the
/// write loop stays small for the short ones.
///
/// # Safety
///
/// The `MAX_VARINT` bytes before `end` are writable and hold nothing to
/// keep.
#[inline(never)]
unsafe fn store_long_varint(end: *mut u8, value: u64) -> usize {
    let len = varint_len(value);
    // SAFETY: `store_varint` writes the `max(len, 8)` bytes before `end`,
    // at most `MAX_VARINT`, which the caller vouches for.
    unsafe { store_varint(end, value, len) };
    len
}

/// Values a [`RevWriter::put_scalar_run`] makes room for at a time (at
/// their longest), so that a huge run never claims ten times its size.
const RUN_CHUNK: usize = 512;

/// Spreads the low 56 bits of `value` into 8 bytes of 7 bits each, the
/// lowest first (the payload bits of a varint's first 8 bytes, with no
/// continuation bits).
#[inline(always)]
fn spread7(value: u64) -> u64 {
    let x = value & ((1 << 56) - 1);
    let x = (x & 0x0000_0000_0FFF_FFFF) | ((x & 0x00FF_FFFF_F000_0000) << 4);
    let x = (x & 0x0000_3FFF_0000_3FFF) | ((x & 0x0FFF_C000_0FFF_C000) << 2);
    (x & 0x007F_007F_007F_007F) | ((x & 0x3F80_3F80_3F80_3F80) << 1)
}

/// Stores the varint of `value`, `len` bytes long, so that it ends just
/// before `end`: a few shifts and one or two stores instead of a byte at a
/// time (a 64-bit id or a negative `int32` is 9 or 10 bytes).
///
/// # Safety
///
/// `len` is `varint_len(value)`, and the `max(len, 8)` bytes before `end`
/// are writable and hold nothing to keep but from `end - len` on: a
/// varint of fewer than 8 bytes is stored as the last bytes of an 8-byte
/// word, whose first bytes are overwritten with garbage.
#[inline(always)]
unsafe fn store_varint(end: *mut u8, value: u64, len: usize) {
    const CONTINUE: u64 = 0x8080_8080_8080_8080;
    let low = spread7(value);
    if len <= 8 {
        // Continuation bits on all but the last byte, then the varint
        // moved to the top of the word: its last byte is the word's.
        let word = (low | (CONTINUE & ((1 << (8 * (len - 1))) - 1))) << (8 * (8 - len));
        // SAFETY: the 8 bytes before `end` are writable (the caller's
        // contract).
        unsafe { end.sub(8).cast::<[u8; 8]>().write_unaligned(word.to_le_bytes()) };
    } else {
        let high = value >> 56;
        // SAFETY: the `len` (9 or 10) bytes before `end` are writable.
        unsafe {
            let dst = end.sub(len);
            dst.cast::<[u8; 8]>().write_unaligned((low | CONTINUE).to_le_bytes());
            if len == 9 {
                dst.add(8).write(high as u8);
            } else {
                dst.add(8).cast::<[u8; 2]>().write_unaligned([(high as u8) | 0x80, (high >> 7) as u8]);
            }
        }
    }
}

/// A value as the wire sees it: what [`RevWriter::put_wire`] writes.
#[derive(Clone, Copy)]
pub(crate) enum Wire<'a> {
    Varint(u64),
    Fixed32(u32),
    Fixed64(u64),
    /// Length-prefixed bytes.
    Len(&'a [u8]),
}

/// Spare capacity without `&mut`: the written bytes are read through it.
trait SpareRef {
    fn spare_capacity_mut_ref(&self) -> &[MaybeUninit<u8>];
}

impl SpareRef for Vec<u8> {
    fn spare_capacity_mut_ref(&self) -> &[MaybeUninit<u8>] {
        // SAFETY: the whole capacity is one allocation owned by the vector;
        // viewing it as `MaybeUninit<u8>` claims nothing about its contents.
        unsafe { std::slice::from_raw_parts(self.as_ptr().cast::<MaybeUninit<u8>>(), self.capacity()) }
    }
}

/// Runs `write` on a writer over this thread's scratch buffer, with room
/// for at least `expect` bytes (the caller's guess: what the last message
/// of the type took, so that a large one is written without growing the
/// buffer a dozen times), then `finish` on the writer (the bytes written,
/// and what the routines noticed). The scratch is kept for the next call
/// unless it grew past 1 MiB; a nested call (none happens today) just gets
/// a fresh buffer.
pub(crate) fn write_reversed<R>(
    expect: usize,
    write: impl FnOnce(&mut RevWriter),
    finish: impl FnOnce(&RevWriter) -> R,
) -> R {
    let mut writer = scratch_writer(expect);
    write(&mut writer);
    let result = finish(&writer);
    keep_scratch(writer.buf);
    result
}

/// Gives the buffer back to the thread for its next encode, unless it grew
/// past [`KEEP_SCRATCH`] (then it is freed).
fn keep_scratch(buf: Vec<u8>) {
    if buf.capacity() <= KEEP_SCRATCH {
        let _ = SCRATCH.try_with(|cell| cell.set(buf));
    }
}

/// A writer over this thread's scratch buffer, with room for `expect` bytes.
fn scratch_writer(expect: usize) -> RevWriter {
    let mut scratch = SCRATCH.try_with(Cell::take).unwrap_or_default();
    if scratch.capacity() < expect {
        // A little more than last time: the next message of the type may be
        // a little larger.
        scratch = Vec::with_capacity(expect.saturating_add(expect / 8));
    }
    RevWriter::new(scratch)
}

/// As [`write_reversed`], for a caller that wants the encoding in a `Vec`
/// of its own: `finish` checks the finished pass, then the bytes are
/// copied out of the scratch buffer into a `Vec` of their exact size, or,
/// when the buffer is too large to be kept (over 1 MiB) and the encoding
/// fills all but at most an eighth of it, handed over in it, moved to its
/// front: one allocation, where copying out of a buffer that is then freed
/// took two. (The buffer is an eighth larger than the type's last
/// encoding, so a message of about that size is handed over.)
pub(crate) fn write_reversed_to_vec<E>(
    expect: usize,
    write: impl FnOnce(&mut RevWriter),
    finish: impl FnOnce(&RevWriter) -> Result<(), E>,
) -> Result<Vec<u8>, E> {
    let mut writer = scratch_writer(expect);
    write(&mut writer);
    let checked = finish(&writer);
    let (len, capacity) = (writer.written(), writer.buf.capacity());
    if capacity > KEEP_SCRATCH && checked.is_ok() && capacity - len <= len / 8 {
        return Ok(writer.into_front());
    }
    let bytes = checked.map(|()| writer.bytes().to_vec());
    keep_scratch(writer.buf);
    bytes
}

/// Runs `write` on a writer over a new buffer of exactly `size` bytes;
/// when the pass writes exactly that many (the size pass was right), the
/// buffer is the encoding, with no copy. Then `finish` as in
/// [`write_reversed`], given the bytes (copied out only if the size was
/// wrong, which a correct size pass never is).
pub(crate) fn write_exact<R>(
    size: usize,
    write: impl FnOnce(&mut RevWriter),
    finish: impl FnOnce(&RevWriter) -> Result<(), R>,
) -> Result<Vec<u8>, R> {
    let mut writer = RevWriter::new(Vec::with_capacity(size));
    write(&mut writer);
    finish(&writer)?;
    if writer.pos != 0 {
        return Ok(writer.bytes().to_vec());
    }
    let mut buf = writer.buf;
    let len = buf.capacity();
    // SAFETY: `pos` is 0, so by the invariant every byte of the capacity has
    // been written.
    unsafe { buf.set_len(len) };
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_buffers_are_the_encoding() {
        let write = |w: &mut RevWriter| {
            w.put_fixed32(0x0403_0201);
            w.put_varint(300);
        };
        let exact: Result<Vec<u8>, ()> = write_exact(6, write, |_| Ok(()));
        assert_eq!(exact.unwrap(), [0xac, 0x02, 1, 2, 3, 4]);
        // A wrong size (too small, or too large) still gives the bytes.
        let small: Result<Vec<u8>, ()> = write_exact(2, write, |_| Ok(()));
        assert_eq!(small.unwrap(), [0xac, 0x02, 1, 2, 3, 4]);
        let large: Result<Vec<u8>, ()> = write_exact(9, write, |_| Ok(()));
        assert_eq!(large.unwrap(), [0xac, 0x02, 1, 2, 3, 4]);
    }

    /// Fields written with `put_field` into a buffer of exactly their size
    /// fill it without growing it (growing would copy the whole encoding
    /// out again), whatever kind of field comes first.
    #[test]
    fn fields_fill_an_exact_buffer_without_growing_it() {
        let key = |n| EncodedKey::new(n, crate::wire::WireType::Varint);
        let firsts = [Wire::Varint(1), Wire::Varint(300), Wire::Varint(u64::MAX), Wire::Fixed32(7), Wire::Len(b"ab")];
        for first in firsts {
            let write = |w: &mut RevWriter| {
                w.put_field(Wire::Fixed64(9), &key(2));
                w.put_field(first, &key(100_000));
            };
            let size = write_reversed(0, write, |w| w.written());
            let exact: Result<Vec<u8>, ()> = write_exact(size, write, |w| {
                assert_eq!((w.buf.capacity(), w.pos), (size, 0), "{}", size);
                Ok(())
            });
            let bytes = exact.unwrap();
            assert_eq!(bytes, write_reversed(0, write, |w| w.bytes().to_vec()));
            assert_eq!(bytes.len(), size);
        }
    }

    #[test]
    fn put_slice_copies_every_length_exactly() {
        // Each length between two markers that must stay intact, and keys
        // of one to five bytes, against a byte-by-byte oracle.
        for len in 0..=40usize {
            let slice: Vec<u8> = (0..len).map(|i| i as u8 ^ 0x5a).collect();
            let out = write_reversed(
                0,
                |w| {
                    w.put_u8(0xee);
                    w.put_slice(&slice);
                    w.put_u8(0xdd);
                },
                |w| w.bytes().to_vec(),
            );
            let expected: Vec<u8> = [&[0xdd][..], &slice, &[0xee]].concat();
            assert_eq!(out, expected, "length {len}");
        }
        for number in [1, 15, 16, 2047, 2048, 262_143, 262_144, crate::wire::MAX_FIELD_NUMBER] {
            let key = EncodedKey::new(number, crate::wire::WireType::Len);
            let out = write_reversed(0, |w| w.put_key(&key), |w| w.bytes().to_vec());
            assert_eq!(out, key.as_bytes());
        }
    }

    /// `put_field` against its oracle, the value then the key written one
    /// after the other: every varint width, fixed values and length-prefixed
    /// ones, with keys of one to five bytes, many to one writer that starts
    /// empty (so room is made as it goes), between marker bytes that the
    /// 8-byte stores in front of a value must leave intact.
    #[test]
    fn fields_are_their_value_then_their_key() {
        let mut values: Vec<Wire<'_>> = vec![Wire::Fixed32(0x0403_0201), Wire::Fixed64(u64::MAX - 7)];
        values.extend([Wire::Len(b""), Wire::Len(b"abc"), Wire::Len(&[7; 300])]);
        values.extend((0..64).flat_map(|bits| [(1u64 << bits) - 1, 1 << bits]).map(Wire::Varint));
        values.push(Wire::Varint(u64::MAX));
        let numbers = [1, 15, 16, 2047, 2048, 262_143, 262_144, crate::wire::MAX_FIELD_NUMBER];
        let keys: Vec<EncodedKey> = numbers.iter().map(|&n| EncodedKey::new(n, crate::wire::WireType::Len)).collect();
        let write = |fused: bool, w: &mut RevWriter| {
            // Twenty rounds: past the scratch buffer's first capacity, so
            // that room is made (by `grow`) with fields half written.
            for (i, value) in values.iter().enumerate().cycle().take(20 * values.len()) {
                let key = &keys[i % keys.len()];
                w.put_u8(0xee);
                if fused {
                    w.put_field(*value, key);
                } else {
                    w.put_wire(*value);
                    w.put_key(key);
                }
                w.put_u8(0xdd);
            }
        };
        let fused = write_reversed(0, |w| write(true, w), |w| w.bytes().to_vec());
        let oracle = write_reversed(0, |w| write(false, w), |w| w.bytes().to_vec());
        assert_eq!(fused, oracle);
        // The oracle itself is right: the first field written is the last
        // in the output, a fixed32 of key 1 between its markers.
        assert_eq!(fused[fused.len() - 7..], [0xdd, 0x0a, 1, 2, 3, 4, 0xee]);
    }

    /// Every varint width, at and around each boundary (one, two and more
    /// bytes go three different ways), against a naive encoder.
    #[test]
    fn varints_of_every_width_match_a_naive_encoder() {
        fn naive(mut v: u64) -> Vec<u8> {
            let mut out = Vec::new();
            loop {
                let byte = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    out.push(byte);
                    return out;
                }
                out.push(byte | 0x80);
            }
        }
        let mut values = vec![0, u64::MAX, u64::MAX - 1];
        for bits in 1..64 {
            let edge = 1u64 << bits;
            values.extend([edge - 1, edge, edge + 1]);
        }
        for v in values {
            let out = write_reversed(0, |w| w.put_varint(v), |w| w.bytes().to_vec());
            assert_eq!(out, naive(v), "{v:#x}");
            assert_eq!(out.len(), varint_len(v), "{v:#x}");
        }
    }

    /// Every width of varint, fixed values and a few length-prefixed ones,
    /// in one writer that starts small and grows: a run, and the same
    /// values one at a time, both give what a naive encoder gives, and the
    /// byte written first (last in the output) survives the 8-byte stores
    /// made in front of short varints.
    #[test]
    fn runs_and_long_varints_match_a_naive_encoder() {
        fn naive(mut v: u64, out: &mut Vec<u8>) {
            while v >= 0x80 {
                out.push((v as u8) | 0x80);
                v >>= 7;
            }
            out.push(v as u8);
        }
        let texts: [&'static [u8]; 3] = [b"", b"abc", &[7; 200]];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut values = Vec::new();
        for i in 0..3000u64 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bits = state % 65;
            let v = if bits == 64 { state } else { state & ((1 << bits) - 1) };
            values.push(match i % 9 {
                0 => Wire::Fixed32(v as u32),
                1 => Wire::Fixed64(v),
                2 if i % 5 == 0 => Wire::Len(texts[(v % 3) as usize]),
                _ => Wire::Varint(v),
            });
        }
        let mut expected = Vec::new();
        for value in &values {
            match *value {
                Wire::Varint(v) => naive(v, &mut expected),
                Wire::Fixed32(v) => expected.extend(v.to_le_bytes()),
                Wire::Fixed64(v) => expected.extend(v.to_le_bytes()),
                Wire::Len(bytes) => {
                    naive(bytes.len() as u64, &mut expected);
                    expected.extend(bytes);
                }
            }
        }
        expected.push(0xEE);
        let run = write_reversed(
            0,
            |w| {
                w.put_u8(0xEE);
                w.put_scalar_run(&values, |v| *v);
            },
            |w| w.bytes().to_vec(),
        );
        assert_eq!(run, expected);
        let one_by_one = write_reversed(
            0,
            |w| {
                w.put_u8(0xEE);
                values.iter().rev().for_each(|v| w.put_wire(*v));
            },
            |w| w.bytes().to_vec(),
        );
        assert_eq!(one_by_one, expected);
    }

    #[test]
    fn writes_back_to_front() {
        let out = write_reversed(
            0,
            |w| {
                w.put_fixed32(0x0403_0201);
                w.put_varint(300);
            },
            |w| w.bytes().to_vec(),
        );
        assert_eq!(out, [0xac, 0x02, 1, 2, 3, 4]);
    }

    #[test]
    fn growing_keeps_what_is_written() {
        // Far more than any first buffer: the writer grows several times and
        // must carry the earlier bytes along each time.
        let out = write_reversed(
            0,
            |w| {
                for i in 0..10_000u32 {
                    w.put_fixed32(i);
                }
            },
            |w| w.bytes().to_vec(),
        );
        assert_eq!(out.len(), 40_000);
        for (i, chunk) in out.chunks(4).enumerate() {
            assert_eq!(u32::from_le_bytes(chunk.try_into().unwrap()), 9_999 - i as u32);
        }
    }

    #[test]
    fn expected_sizes_are_written_without_growing() {
        let capacity = write_reversed(100_000, |w| w.put_slice(&[1; 100_000]), |w| (w.buf.capacity(), w.bytes().len()));
        assert!(capacity.0 >= 100_000, "room for what was expected");
        assert_eq!(capacity.1, 100_000);
    }

    #[test]
    fn large_scratch_is_not_kept() {
        write_reversed(
            0,
            |w| w.put_slice(&vec![7; 2 * KEEP_SCRATCH]),
            |w| assert_eq!(w.bytes().len(), 2 * KEEP_SCRATCH),
        );
        let kept = SCRATCH.with(|cell| {
            let v = cell.take();
            let cap = v.capacity();
            cell.set(v);
            cap
        });
        assert!(kept <= KEEP_SCRATCH, "kept {kept} bytes of scratch");
    }
}
