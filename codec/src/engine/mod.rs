//! The engine: one size pass, one write pass, one merge loop and one
//! required-field check, each walking a [`MessageTable`](crate::table::MessageTable)
//! and dispatching on the slot's codes. Compiled once, in this crate, for
//! every message type; specialised per *value kind* (through the codecs),
//! never per field or per message type.

mod check;
mod merge;
mod size;
mod write;

pub(crate) use check::{check_message, is_present};
pub(crate) use merge::merge_message;
pub(crate) use size::message_size;
pub(crate) use write::write_message;

/// Runs `$body` with `$C` naming the codec of scalar value `$value`. Generated
/// from the one list of scalar values, so every value has an arm.
macro_rules! dispatch_scalar {
    ($value:expr, $C:ident => $body:expr) => {
        $crate::table::scalar_values!(crate::engine::dispatch_arms!(($value) $C ($body)))
    };
}

macro_rules! dispatch_arms {
    (($value:expr) $C:ident ($body:expr) $($v:ident $kind:ident $base:ident $codec:ident,)*) => {
        match $value {
            $($crate::table::Value::$v => {
                type $C = $crate::field::$codec;
                $body
            })*
            $crate::table::Value::Message | $crate::table::Value::Group => {
                unreachable!("protowire: message value dispatched as a scalar")
            }
        }
    };
}

pub(crate) use dispatch_arms;
use dispatch_scalar;
