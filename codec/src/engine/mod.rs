//! The engine: one size pass, one write pass, one merge loop and one
//! required-field check, each walking a `MessageTable`.
//!
//! As in golang/protobuf's table marshaler, each slot carries the routines
//! that size, write and merge it, picked when the table is built from a
//! *fixed set* compiled once in this crate: at most one per (shape, value
//! kind), never per field or per message type, and one for every kind where
//! a copy per kind did not pay (singular scalars, which the loops take
//! inline, and scalar oneof members). A field then costs one indirect call
//! per pass, whose target repeats from message to message.

mod check;
mod merge;
mod size;
mod write;

pub(crate) use check::{check_message, is_present};
pub(crate) use merge::merge_all;
pub(crate) use size::message_size;
pub(crate) use write::write_message;

use crate::access::{MsgMut, MsgRef, OneofCase, StepRef};
use crate::decode::DecodeCtx;
use crate::error::DecodeError;
use crate::field::Codec;
use crate::table::{Shape, Slot, StepCode, Storage, Value};
use crate::wire::RevWriter;
use crate::wire::WireType;

/// Sizes a slot of a message (key included); 0 when absent.
pub(crate) type SizeFn = fn(MsgRef<'_>, &'static Slot) -> usize;
/// Writes a slot of a message (key included) back to front.
pub(crate) type WriteFn = fn(MsgRef<'_>, &'static Slot, &mut RevWriter);
/// Merges one occurrence of a slot's field: its key (of a wire type the
/// slot accepts) has been read, the value is next.
pub(crate) type MergeFn =
    fn(&mut MsgMut<'_>, &'static Slot, WireType, &mut &[u8], &mut DecodeCtx) -> Result<(), DecodeError>;

/// The routines of one slot.
#[derive(Clone, Copy)]
pub(crate) struct Routines {
    pub(crate) size: SizeFn,
    pub(crate) write: WriteFn,
    pub(crate) merge: MergeFn,
}

/// Whether a field is a singular scalar with nothing to show: not set, or
/// (with `implicit_default`) at its default under implicit presence. One
/// jump on the step's op, for the text formats to skip such fields before
/// looking at them any closer; `false` for every other field.
#[inline]
pub(crate) fn scalar_absent(field: StepRef<'_>, implicit_default: bool) -> bool {
    dispatch_step!(field.step.op, C => {
        Implicit => implicit_default && C::is_default(field.get::<<C as Codec>::Value>()),
        Optional => field.get::<Option<<C as Codec>::Value>>().is_none(),
    } else {
        false
    })
}

/// `false` for a oneof member that is not the member set (asking each
/// oneof once, through `case`); `true` for every other field. `slot` is
/// the step's.
#[inline]
pub(crate) fn may_be_set(msg: MsgRef<'_>, slot: &'static Slot, field: StepRef<'_>, case: &mut OneofCase) -> bool {
    field.step.op != StepCode::ONEOF_OP || msg.is_set_member(slot, case)
}

/// The routines for a field of this shape and value kind; `closed` for an
/// enum field whose enum is closed.
pub(crate) fn routines(shape: Shape, value: Value, closed: bool) -> Routines {
    if shape == Shape::Map {
        return Routines { size: size::map, write: write::map, merge: merge::map_entry };
    }
    if value.is_message() {
        let merge = merge::message;
        return match shape {
            Shape::Repeated => Routines { size: size::messages, write: write::messages, merge },
            _ => Routines { size: size::message, write: write::message, merge },
        };
    }
    let mut routines = dispatch_scalar!(value, C => scalar::<C>(shape));
    if closed {
        routines.merge = merge::closed_enum;
    }
    routines
}

fn scalar<C: Codec>(shape: Shape) -> Routines
where
    Option<C::Value>: Storage,
    Vec<C::Value>: Storage,
{
    // Sizing is off the encode path (the writer needs no size pass), so one
    // size routine per value kind covers every shape, to keep code small.
    let size = size::scalar::<C>;
    match shape {
        Shape::Implicit | Shape::Always => Routines { size, write: write::plain, merge: merge::singular },
        Shape::Optional => Routines { size, write: write::optional, merge: merge::singular },
        Shape::Repeated => Routines { size, write: write::repeated::<C>, merge: merge::repeated::<C> },
        Shape::Packed => Routines { size, write: write::packed::<C>, merge: merge::repeated::<C> },
        Shape::Oneof | Shape::Map => Routines { size, write: write::oneof, merge: merge::oneof },
    }
}

/// Runs `$body` with `$C` naming the codec of scalar value `$value` (and, in
/// the second form, the constant `$V` the value). Generated from the one
/// list of scalar values, so every value has an arm.
macro_rules! dispatch_scalar {
    ($value:expr, $C:ident => $body:expr) => {
        $crate::engine::dispatch_scalar!($value, $C, _VALUE => $body)
    };
    ($value:expr, $C:ident, $V:ident => $body:expr) => {
        $crate::table::scalar_values!(crate::engine::dispatch_arms!(($value) $C $V ($body)))
    };
}

macro_rules! dispatch_arms {
    (($value:expr) $C:ident $V:ident ($body:expr) $($v:ident $kind:ident $base:ident $codec:ident,)*) => {
        match $value {
            $($crate::table::Value::$v => {
                type $C = $crate::field::$codec;
                #[allow(dead_code)]
                const $V: $crate::table::Value = $crate::table::Value::$v;
                $body
            })*
            $crate::table::Value::Message | $crate::table::Value::Group => {
                unreachable!("protowire: message value dispatched as a scalar")
            }
        }
    };
}

/// Runs, for a step's `op` (see [`StepCode::op`](crate::table::StepCode::op)),
/// the body of its code with `$C` naming the codec of its value (and, in the
/// second form, the constant `$V` its [`Value`]): one jump for both, where a
/// `match` on the code and then the value takes two. Generated from the one
/// list of scalar values, so every value has an arm.
///
/// Two ways to write the `match`, each best for some loops (measured in
/// instructions per dataset): guards comparing `op` with each code's op,
/// computed (the default), or, after `table;`, the ops as constant
/// patterns. LLVM lowers the second to one jump table however many arms
/// there are, where it splits the first in two past 64 arms (a compare and
/// a branch more on every other field of the write loop and the size pass,
/// the loops with that many). But with constants there from the start, it
/// shares the tails of alike arms in the merge loop, and the storage checks
/// inside stop folding away (flat scalars +6% instructions to decode).
///
/// The `table;` form may also take arms for `StepCode::MESSAGE_OP` and
/// `ONEOF_OP` (`message => …, oneof => …, else …`): then every byte is a
/// case (see `step_ops::others`), the jump table covers the whole `u8`
/// with no range check, and those two ops jump straight to their arms. The
/// size pass takes this form (2–12% fewer instructions per dataset); in
/// the write loop it moved the registers around so that three datasets
/// ran more (mesh +3.5%, flat +2.1%) and it stays on the `_` form there.
macro_rules! dispatch_step {
    (table; $op:expr, $C:ident => { $($code:ident => $body:expr,)* } else $call:expr) => {
        $crate::table::scalar_values!(crate::engine::dispatch_step_arms!(
            ((table $op) $C _VALUE ($($code $body),*) (($call)))
        ))
    };
    (table; $op:expr, $C:ident => { $($code:ident => $body:expr,)* }
        message => $message:expr, oneof => $oneof:expr, else $call:expr) => {
        $crate::table::scalar_values!(crate::engine::dispatch_step_arms!(
            ((table $op) $C _VALUE ($($code $body),*) (($message) ($oneof) ($call)))
        ))
    };
    ($op:expr, $C:ident => { $($code:ident => $body:expr,)* } else $call:expr) => {
        $crate::engine::dispatch_step!($op, $C, _VALUE => { $($code => $body,)* } else $call)
    };
    ($op:expr, $C:ident, $V:ident => { $($code:ident => $body:expr,)* } else $call:expr) => {
        $crate::table::scalar_values!(crate::engine::dispatch_step_arms!(((guard $op) $C $V ($($code $body),*) (($call)))))
    };
}

macro_rules! dispatch_step_arms {
    // One code at a time, its arms (one per value, each its code, value and
    // body) added to the rest.
    ((($mode:ident $op:expr) $C:ident $V:ident ($code:ident $body:expr $(, $more:ident $more_body:expr)*) ($($tail:tt)*) $($arms:tt)*)
        $($v:ident $kind:ident $base:ident $codec:ident,)*) => {
        crate::engine::dispatch_step_arms!(
            (($mode $op) $C $V ($($more $more_body),*) ($($tail)*) $($arms)*
                $(($code $v {
                    type $C = $crate::field::$codec;
                    #[allow(dead_code)]
                    const $V: $crate::table::Value = $crate::table::Value::$v;
                    $body
                }))*)
            $($v $kind $base $codec,)*
        )
    };
    // The `match`, its arms headed as the mode says.
    (((guard $op:expr) $C:ident $V:ident () (($call:expr)) $(($code:ident $v:ident $arm:block))*) $($values:tt)*) => {
        match $op {
            $(op if op == $crate::table::StepCode::$code.op($crate::table::Value::$v) => $arm)*
            _ => $call,
        }
    };
    (((table $op:expr) $C:ident $V:ident () (($call:expr)) $(($code:ident $v:ident $arm:block))*) $($values:tt)*) => {
        match $op {
            $($crate::table::step_ops::$code::$v => $arm)*
            _ => $call,
        }
    };
    (((table $op:expr) $C:ident $V:ident () (($message:expr) ($oneof:expr) ($call:expr)) $(($code:ident $v:ident $arm:block))*)
        $($values:tt)*) => {
        match $op {
            $($crate::table::step_ops::$code::$v => $arm)*
            $crate::table::StepCode::MESSAGE_OP => $message,
            $crate::table::StepCode::ONEOF_OP => $oneof,
            #[deny(unreachable_patterns)]
            $crate::table::step_ops::others!() => $call,
        }
    };
}

pub(crate) use {dispatch_arms, dispatch_step_arms};
pub(crate) use {dispatch_scalar, dispatch_step};
