//! The `Message` trait: what users call. Every method is provided, on top of
//! the table that `#[derive(Message)]` supplies; each is a thin generic
//! shell over the engine, which is compiled once.

use bytes::{Buf, BufMut};

use crate::access::{MsgMut, MsgRef};
use crate::decode::{self, DecodeOptions};
use crate::encode;
use crate::engine;
use crate::error::{DecodeError, EncodeError, MissingFieldError};
use crate::registry::MessageType;
use crate::table::TypedTable;

/// A protobuf message. Implement it with `#[derive(Message)]`.
///
/// Encoding writes fields in field-number order and unknown fields last.
/// Decoding follows the spec's merge rules: the last value of a singular
/// field wins, messages merge, repeated fields append, packed and unpacked
/// repeated scalars are both accepted, and a known field arriving with the
/// wrong wire type is kept as an unknown field.
pub trait Message: Default + Send + Sync + 'static {
    /// The type's table. Generated; not part of the public API.
    #[doc(hidden)]
    fn __table() -> TypedTable<Self>;

    /// The full protobuf name, `package.Outer.Inner`.
    fn full_name() -> &'static str {
        Self::__table().erased().full_name
    }

    /// The type's run-time description: name, fields, dynamic decoding.
    fn message_type() -> MessageType {
        MessageType::of::<Self>()
    }

    /// The type's full descriptor (options, comments, everything the
    /// `.proto` says) from the process-wide pool: `Some` once the
    /// generated package's `register_types()` has run (or its file was
    /// added with [`reflect::register_file_descriptor_set`](crate::reflect::register_file_descriptor_set)).
    fn descriptor() -> Option<crate::reflect::MessageDescriptor> {
        crate::reflect::descriptor_of::<Self>()
    }

    /// The exact number of bytes [`encode`](Self::encode) writes.
    fn encoded_len(&self) -> usize {
        engine::message_size(MsgRef::new(self))
    }

    /// Encodes the message into `buf`. When the buffer's current chunk has
    /// room for the whole message (a `Vec` or `BytesMut` with the capacity, a
    /// slice), nothing is allocated.
    ///
    /// # Errors
    ///
    /// `MissingRequired` if a required field is not set, `BufferTooSmall` if
    /// `buf` has too little room, `RecursionLimit` if messages nest deeper
    /// than [`ENCODE_RECURSION_LIMIT`](crate::ENCODE_RECURSION_LIMIT);
    /// nothing is written then.
    fn encode<B: BufMut + ?Sized>(&self, buf: &mut B) -> Result<(), EncodeError> {
        encode::encode_to_buf(MsgRef::new(self), buf, true, false)
    }

    /// Encodes the message into `buf` if it takes at most `max` bytes,
    /// which the size pass answers before a byte is written.
    ///
    /// # Errors
    ///
    /// `TooLarge` if the message needs more than `max` bytes; otherwise as
    /// [`encode`](Self::encode). Nothing is written on error.
    fn encode_bounded<B: BufMut + ?Sized>(&self, max: usize, buf: &mut B) -> Result<(), EncodeError> {
        let size = self.encoded_len();
        if size > max {
            return Err(EncodeError::too_large(size, max));
        }
        self.encode(buf)
    }

    /// As [`encode`](Self::encode), without checking required fields.
    ///
    /// # Errors
    ///
    /// `BufferTooSmall` if `buf` has too little room, `RecursionLimit` if
    /// messages nest too deeply; nothing is written then.
    fn encode_partial<B: BufMut + ?Sized>(&self, buf: &mut B) -> Result<(), EncodeError> {
        encode::encode_to_buf(MsgRef::new(self), buf, false, false)
    }

    /// Encodes the message into a new `Vec`, allocated once at its exact
    /// size, but for messages over 1 MiB made mostly of short values: such
    /// a message may be handed over in the buffer it was written in, with
    /// a capacity up to an eighth over its length (`shrink_to_fit` gives
    /// that back); and the first one of its type grows that buffer on the
    /// way.
    ///
    /// # Errors
    ///
    /// `MissingRequired` if a required field is not set, `RecursionLimit` if
    /// messages nest deeper than
    /// [`ENCODE_RECURSION_LIMIT`](crate::ENCODE_RECURSION_LIMIT).
    fn encode_to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        encode::encode_to_vec(MsgRef::new(self), true, false)
    }

    /// As [`encode_to_vec`](Self::encode_to_vec), without checking required
    /// fields.
    ///
    /// # Errors
    ///
    /// `RecursionLimit` if messages nest deeper than
    /// [`ENCODE_RECURSION_LIMIT`](crate::ENCODE_RECURSION_LIMIT).
    fn encode_partial_to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        encode::encode_to_vec(MsgRef::new(self), false, false)
    }

    /// Encodes the message preceded by its length as a varint, for streams of
    /// messages.
    ///
    /// # Errors
    ///
    /// As [`encode`](Self::encode).
    fn encode_length_delimited<B: BufMut + ?Sized>(&self, buf: &mut B) -> Result<(), EncodeError> {
        encode::encode_to_buf(MsgRef::new(self), buf, true, true)
    }

    /// Encodes the length-prefixed message into a new `Vec`, allocated once.
    ///
    /// # Errors
    ///
    /// As [`encode_to_vec`](Self::encode_to_vec).
    fn encode_length_delimited_to_vec(&self) -> Result<Vec<u8>, EncodeError> {
        encode::encode_to_vec(MsgRef::new(self), true, true)
    }

    /// Decodes a message from all of `buf`.
    ///
    /// # Errors
    ///
    /// A [`DecodeError`] naming what was being read and the field path:
    /// malformed input, nesting past the recursion limit (100), invalid UTF-8
    /// in a string, or a missing required field.
    fn decode<B: Buf>(buf: B) -> Result<Self, DecodeError> {
        Self::decode_with_options(buf, &DecodeOptions::new())
    }

    /// As [`decode`](Self::decode), with a missing required field allowed.
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode), less the required-field check.
    fn decode_partial<B: Buf>(buf: B) -> Result<Self, DecodeError> {
        Self::decode_with_options(buf, &DecodeOptions::new().check_required(false))
    }

    /// Decodes a message from all of `buf` with the given options.
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode).
    fn decode_with_options<B: Buf>(buf: B, options: &DecodeOptions) -> Result<Self, DecodeError> {
        let mut msg = Self::default();
        decode::merge_buf(MsgMut::new(&mut msg), buf, options, true)?;
        Ok(msg)
    }

    /// Decodes one length-prefixed message from the front of `buf`, leaving
    /// the rest (pass `&mut buf` to keep reading after it).
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode), and
    /// [`Incomplete`](crate::DecodeErrorKind::Incomplete) if `buf` ends
    /// before the prefix or the message does: then nothing was consumed
    /// (for a `Buf` whose chunks the prefix spans, only if it implements
    /// `chunks_vectored`, as slices, `Bytes`, `BytesMut` and `Chain` do), so
    /// a stream reader can append more input and call again. Any other error
    /// means corrupt input, and how much of it was consumed is unspecified.
    fn decode_length_delimited<B: Buf>(buf: B) -> Result<Self, DecodeError> {
        let mut msg = Self::default();
        decode::merge_length_delimited(MsgMut::new(&mut msg), buf, &DecodeOptions::new(), true)?;
        Ok(msg)
    }

    /// Merges all of `buf` into this message.
    ///
    /// # Errors
    ///
    /// As [`decode`](Self::decode). Required fields not in `buf` must already
    /// be set. On error the message holds whatever was merged before it.
    fn merge<B: Buf>(&mut self, buf: B) -> Result<(), DecodeError> {
        decode::merge_buf(MsgMut::new(self), buf, &DecodeOptions::new(), false)
    }

    /// As [`merge`](Self::merge), without checking required fields.
    ///
    /// # Errors
    ///
    /// As [`merge`](Self::merge), less the required-field check.
    fn merge_partial<B: Buf>(&mut self, buf: B) -> Result<(), DecodeError> {
        decode::merge_buf(MsgMut::new(self), buf, &DecodeOptions::new().check_required(false), false)
    }

    /// Merges one length-prefixed message from the front of `buf`.
    ///
    /// # Errors
    ///
    /// As [`decode_length_delimited`](Self::decode_length_delimited).
    fn merge_length_delimited<B: Buf>(&mut self, buf: B) -> Result<(), DecodeError> {
        decode::merge_length_delimited(MsgMut::new(self), buf, &DecodeOptions::new(), false)
    }

    /// Resets every field to its default and forgets unknown fields.
    fn clear(&mut self) {
        *self = Self::default();
    }

    /// Checks that every required field, in this message and in every message
    /// inside it, is set.
    ///
    /// # Errors
    ///
    /// A [`MissingFieldError`] naming the first missing field's full path.
    fn check_initialized(&self) -> Result<(), MissingFieldError> {
        encode::check_initialized(MsgRef::new(self))
    }
}
