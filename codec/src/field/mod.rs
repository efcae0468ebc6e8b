//! One [`Codec`] per scalar value type (protobuf kind × Rust storage): how a
//! single value is sized, written and merged, without its key. The engine
//! picks the codec from a slot's value code.

mod codec;
#[allow(unsafe_code)]
mod utf8;

pub(crate) use codec::{
    Bool, BoxStrCodec, ByteStrCodec, BytesShared, BytesVec, Codec, Double, Fixed32, Fixed64, Float, Int32, Int64,
    SFixed32, SFixed64, SInt32, SInt64, StringCodec, UInt32, UInt64,
};
