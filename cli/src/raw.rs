//! `decode --raw`: payloads printed without a schema.

use protowire::Message;
use protowire::text::{self, PrintOptions};
use protowire::types::Empty;

use crate::Failure;

/// One message's fields as text. `at` says which message of a stream this
/// is and where it starts, for the error.
pub(crate) fn decode(bytes: &[u8], at: Option<(usize, usize)>) -> Result<String, Failure> {
    // Every field is unknown to `Empty`, which keeps them all, byte for byte.
    let message =
        Empty::decode(bytes).map_err(|e| Failure::Input(format!("{} is not protobuf: {e}", crate::which(at))))?;
    text::to_string_with(&message, &PrintOptions::new().print_unknown_fields(true))
        .map_err(|e| Failure::Input(format!("cannot print {}: {e}", crate::which(at))))
}
