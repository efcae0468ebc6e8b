//! The back-to-front writer behind every encode, and the only `unsafe` in the
//! crate.
//!
//! Encoding runs backwards, from the last byte of the message to the first
//! (upb's encoder does the same). When a nested message or packed field is
//! finished, its length is simply how far the cursor moved, so the length
//! prefix is written in front of it without the nested size ever being
//! recomputed or remembered: the write pass needs neither a side stack of sizes
//! nor a size cached inside each message. The size pass before it walks every
//! message once, so the whole encode is linear in the message's size at any
//! nesting depth.
//!
//! The writer fills uninitialised memory (a `Vec`'s spare capacity or a
//! `BufMut`'s chunk), which is what saves zeroing the output first; the
//! invariant that makes that sound is kept in this module alone.

use std::mem::MaybeUninit;

use bytes::BufMut;

use crate::error::EncodeError;
use crate::wire::{EncodedKey, varint_len};

/// Writes protobuf bytes from the end of a fixed-size region towards its start.
///
/// Invariant: every byte in `buf[pos..]` has been written. `pos` only moves
/// down, and only by methods that write each byte they move over.
pub struct RevWriter<'a> {
    buf: &'a mut [MaybeUninit<u8>],
    pos: usize,
}

impl<'a> RevWriter<'a> {
    fn new(buf: &'a mut [MaybeUninit<u8>]) -> RevWriter<'a> {
        let pos = buf.len();
        RevWriter { buf, pos }
    }

    /// Bytes written so far; the difference of two readings is the length of
    /// what was written in between.
    #[inline]
    pub fn written(&self) -> usize {
        self.buf.len() - self.pos
    }

    /// Reserves `n` bytes in front of what is written and returns them, for
    /// the caller to fill entirely.
    #[inline(always)]
    fn claim(&mut self, n: usize) -> &mut [MaybeUninit<u8>] {
        let pos = self.pos.checked_sub(n).expect("protowire: size pass undercounted");
        let end = self.pos;
        self.pos = pos;
        &mut self.buf[pos..end]
    }

    /// Writes one byte in front of what is written.
    ///
    /// # Panics
    ///
    /// Panics if the region is full, which means the size pass undercounted: a
    /// bug in protowire, never a property of the message.
    #[inline(always)]
    pub fn put_u8(&mut self, byte: u8) {
        self.claim(1)[0].write(byte);
    }

    /// Writes `bytes` in front of what is written.
    ///
    /// # Panics
    ///
    /// As [`put_u8`](Self::put_u8).
    #[inline(always)]
    pub fn put_slice(&mut self, bytes: &[u8]) {
        let dst = self.claim(bytes.len());
        if bytes.len() <= 16 {
            // Short copies (keys, small strings) are cheaper inline than as a
            // call to memmove.
            for (d, &b) in dst.iter_mut().zip(bytes) {
                d.write(b);
            }
        } else {
            dst.write_copy_of_slice(bytes);
        }
    }

    /// Writes a varint in front of what is written.
    ///
    /// # Panics
    ///
    /// As [`put_u8`](Self::put_u8).
    #[inline(always)]
    pub fn put_varint(&mut self, mut value: u64) {
        if value < 0x80 {
            self.put_u8(value as u8);
            return;
        }
        let dst = self.claim(varint_len(value));
        let last = dst.len() - 1;
        for d in &mut dst[..last] {
            d.write((value as u8) | 0x80);
            value >>= 7;
        }
        dst[last].write(value as u8);
    }

    /// Writes a pre-encoded key in front of what is written.
    ///
    /// # Panics
    ///
    /// As [`put_u8`](Self::put_u8).
    #[inline(always)]
    pub fn put_key(&mut self, key: &EncodedKey) {
        let bytes = key.as_bytes();
        if let [single] = bytes {
            self.put_u8(*single);
        } else {
            self.put_slice(bytes);
        }
    }

    /// Writes 4 little-endian bytes in front of what is written.
    ///
    /// # Panics
    ///
    /// As [`put_u8`](Self::put_u8).
    #[inline(always)]
    pub fn put_fixed32(&mut self, value: u32) {
        self.put_slice(&value.to_le_bytes());
    }

    /// Writes 8 little-endian bytes in front of what is written.
    ///
    /// # Panics
    ///
    /// As [`put_u8`](Self::put_u8).
    #[inline(always)]
    pub fn put_fixed64(&mut self, value: u64) {
        self.put_slice(&value.to_le_bytes());
    }

    /// Panics unless the region is exactly full: the size pass and the write
    /// pass must agree to the byte before the region counts as initialised.
    fn finish(&self) {
        assert!(self.pos == 0, "protowire: size pass overcounted by {} bytes", self.pos);
    }
}

/// Appends exactly `len` bytes to `vec`, written back to front by `write`.
/// Reserves once, so a `vec` with room for `len` more bytes is not reallocated.
///
/// # Panics
///
/// Panics if `write` does not write exactly `len` bytes (a size-pass bug).
pub(crate) fn append_to_vec(vec: &mut Vec<u8>, len: usize, write: impl FnOnce(&mut RevWriter<'_>)) {
    vec.reserve_exact(len);
    let old_len = vec.len();
    let mut writer = RevWriter::new(&mut vec.spare_capacity_mut()[..len]);
    write(&mut writer);
    writer.finish();
    // SAFETY: `finish` checked that the writer's cursor reached 0, and by the
    // writer's invariant every byte of `spare_capacity_mut()[..len]` was then
    // written, so the `len` bytes after `old_len` are initialised and within
    // the capacity reserved above.
    unsafe { vec.set_len(old_len + len) };
}

/// Writes exactly `len` bytes into `buf`, back to front by `write`. When the
/// buffer's current chunk is contiguous and large enough (a `Vec` or
/// `BytesMut` with the capacity, a slice), the bytes go straight in and nothing
/// is allocated; otherwise they are staged in one temporary `Vec`.
///
/// # Errors
///
/// [`EncodeError`] of kind `BufferTooSmall` if `buf` cannot take `len` bytes;
/// nothing is written then.
pub(crate) fn write_to_buf_mut<B: BufMut + ?Sized>(
    buf: &mut B,
    len: usize,
    write: impl FnOnce(&mut RevWriter<'_>),
) -> Result<(), EncodeError> {
    let remaining = buf.remaining_mut();
    if remaining < len {
        return Err(EncodeError::buffer_too_small(len, remaining));
    }
    if len == 0 {
        return Ok(());
    }
    let chunk = buf.chunk_mut();
    if chunk.len() >= len {
        // SAFETY: `as_uninit_slice_mut` requires that we never write
        // uninitialised bytes into the chunk; the writer only ever writes
        // initialised `u8`s.
        let region = unsafe { &mut chunk.as_uninit_slice_mut()[..len] };
        let mut writer = RevWriter::new(region);
        write(&mut writer);
        writer.finish();
        // SAFETY: `finish` checked that all `len` bytes at the start of the
        // chunk were written (the writer's invariant), and `len` is within
        // both the chunk and `remaining_mut`.
        unsafe { buf.advance_mut(len) };
    } else {
        let mut staged = Vec::new();
        append_to_vec(&mut staged, len, write);
        buf.put_slice(&staged);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_back_to_front() {
        let mut out = vec![9u8];
        append_to_vec(&mut out, 6, |w| {
            w.put_fixed32(0x0403_0201);
            w.put_varint(300);
        });
        assert_eq!(out, [9, 0xac, 0x02, 1, 2, 3, 4]);
    }

    #[test]
    #[should_panic(expected = "overcounted")]
    fn short_write_panics_instead_of_exposing_uninit() {
        let mut out = Vec::new();
        append_to_vec(&mut out, 3, |w| w.put_u8(1));
    }

    #[test]
    fn buf_mut_paths_agree() {
        let write = |w: &mut RevWriter<'_>| w.put_slice(b"hello");
        let mut with_room = Vec::with_capacity(16);
        write_to_buf_mut(&mut with_room, 5, write).unwrap();
        assert_eq!(with_room, b"hello");
        let mut array = [0u8; 5];
        let mut slice = &mut array[..];
        write_to_buf_mut(&mut slice, 5, write).unwrap();
        assert_eq!(&array, b"hello");
        let mut small = [0u8; 4];
        let err = write_to_buf_mut(&mut &mut small[..], 5, write).unwrap_err();
        assert_eq!(err.kind(), &crate::EncodeErrorKind::BufferTooSmall { required: 5, remaining: 4 });
        let mut chained = bytes::BytesMut::new().limit(100);
        write_to_buf_mut(&mut chained, 5, write).unwrap();
        assert_eq!(&chained.into_inner()[..], b"hello");
    }
}
