//! [`ProtowireCodec`] and its encoder and decoder.

use std::fmt;
use std::marker::PhantomData;

use protowire::{DecodeOptions, Message};
use tonic::Status;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

use crate::status::{decode_error_status, encode_error_status};

/// The decode options a [`ProtowireCodec`] built with `Default` uses, as a
/// type, so that generated code (which can only call `Default`) can be
/// given other limits through a type alias. See the [crate docs](crate).
pub trait CodecOptions: 'static {
    /// The options for decoding every message of a call.
    const DECODE: DecodeOptions;
}

/// [`DecodeOptions::new`]: recursion limit 100, required fields checked,
/// the runtime's default memory limits.
#[derive(Clone, Copy, Debug, Default)]
pub struct DefaultOptions;

impl CodecOptions for DefaultOptions {
    const DECODE: DecodeOptions = DecodeOptions::new();
}

/// A tonic [`Codec`] encoding messages of type `T` and decoding messages of
/// type `U` (the request and response types on a client, the other way
/// round on a server) with protowire, decoding with [`DefaultOptions`]
/// unless built with [`with_options`](ProtowireCodecWith::with_options).
///
/// An alias, so that `ProtowireCodec::default()` (what generated code
/// writes) infers `T` and `U` from the call and fixes the options.
pub type ProtowireCodec<T, U> = ProtowireCodecWith<T, U, DefaultOptions>;

/// [`ProtowireCodec`] with the options `Default` uses named by `O`, a
/// [`CodecOptions`] type; [`with_options`](Self::with_options) sets them at
/// run time instead. Name it through an alias (`type StrictCodec<T, U> =
/// ProtowireCodecWith<T, U, Strict>`) for generated code to use.
pub struct ProtowireCodecWith<T, U, O> {
    options: DecodeOptions,
    _types: PhantomData<fn(T, O) -> U>,
}

impl<T, U, O: CodecOptions> Default for ProtowireCodecWith<T, U, O> {
    fn default() -> Self {
        ProtowireCodecWith::with_options(O::DECODE)
    }
}

impl<T, U, O> ProtowireCodecWith<T, U, O> {
    /// A codec that decodes with `options` instead of `O::DECODE`.
    ///
    /// ```
    /// # use protowire_tonic::ProtowireCodec;
    /// # use protowire::{DecodeOptions, types::Empty};
    /// let codec = ProtowireCodec::<Empty, Empty>::with_options(DecodeOptions::new().recursion_limit(8));
    /// assert_eq!(*codec.options(), DecodeOptions::new().recursion_limit(8));
    /// ```
    pub const fn with_options(options: DecodeOptions) -> Self {
        ProtowireCodecWith { options, _types: PhantomData }
    }

    /// The options messages are decoded with.
    pub const fn options(&self) -> &DecodeOptions {
        &self.options
    }
}

impl<T, U, O> Clone for ProtowireCodecWith<T, U, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, U, O> Copy for ProtowireCodecWith<T, U, O> {}

impl<T, U, O> fmt::Debug for ProtowireCodecWith<T, U, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtowireCodec").field("options", &self.options).finish()
    }
}

impl<T, U, O> Codec for ProtowireCodecWith<T, U, O>
where
    T: Message + Send + 'static,
    U: Message + Send + 'static,
{
    type Encode = T;
    type Decode = U;
    type Encoder = ProtowireEncoder<T>;
    type Decoder = ProtowireDecoder<U>;

    fn encoder(&mut self) -> Self::Encoder {
        ProtowireEncoder { _type: PhantomData }
    }

    fn decoder(&mut self) -> Self::Decoder {
        ProtowireDecoder { options: self.options, _type: PhantomData }
    }
}

/// Encodes messages of type `T` into tonic's buffer; made by
/// [`ProtowireCodec`].
pub struct ProtowireEncoder<T> {
    _type: PhantomData<fn(T)>,
}

impl<T> fmt::Debug for ProtowireEncoder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ProtowireEncoder")
    }
}

impl<T: Message> Encoder for ProtowireEncoder<T> {
    type Item = T;
    type Error = Status;

    /// Writes `item` into `dst`, which grows to take it.
    ///
    /// # Errors
    ///
    /// An `INTERNAL` status when the message cannot be encoded: a required
    /// field unset, nesting past the encode recursion limit, or more than
    /// 2 GiB. Nothing is written then.
    fn encode(&mut self, item: T, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        // The runtime writes the message back to front in its own reused
        // scratch buffer, then copies it here with one `put_slice`, which
        // reserves the room once.
        item.encode(dst).map_err(|e| encode_error_status(&e))
    }
}

/// Decodes messages of type `U` from tonic's buffer; made by
/// [`ProtowireCodec`].
pub struct ProtowireDecoder<U> {
    options: DecodeOptions,
    _type: PhantomData<fn() -> U>,
}

impl<U> fmt::Debug for ProtowireDecoder<U> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProtowireDecoder").field("options", &self.options).finish()
    }
}

impl<U: Message> Decoder for ProtowireDecoder<U> {
    type Item = U;
    type Error = Status;

    /// Decodes the one message `src` holds (tonic has already taken off the
    /// gRPC frame header), consuming all of it.
    ///
    /// # Errors
    ///
    /// A status naming the field path where decoding failed:
    /// `RESOURCE_EXHAUSTED` for a [`DecodeOptions`] limit, `INTERNAL` for
    /// anything else (see the [crate docs](crate)).
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<U>, Status> {
        U::decode_with_options(src, &self.options).map(Some).map_err(|e| decode_error_status(&e))
    }
}
