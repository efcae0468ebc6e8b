//! Runtime errors as gRPC statuses.

use protowire::{DecodeError, DecodeErrorKind, EncodeError};
use tonic::Status;

/// The status a call ends with when a message does not decode:
/// `RESOURCE_EXHAUSTED` for a [`DecodeOptions`](protowire::DecodeOptions)
/// limit, `INTERNAL` for anything else (see the [crate docs](crate)). Its
/// message is the error's text, with the field path.
pub fn decode_error_status(error: &DecodeError) -> Status {
    let message = error.to_string();
    match error.kind() {
        DecodeErrorKind::LimitExceeded { .. } => Status::resource_exhausted(message),
        _ => Status::internal(message),
    }
}

/// The status a call ends with when a message cannot be encoded:
/// `INTERNAL`, with the error's text (which names the missing required
/// field, if that was the cause).
pub fn encode_error_status(error: &EncodeError) -> Status {
    Status::internal(error.to_string())
}
