//! The merge loop for messages of simple fields (see
//! [`MessageTable::simple`]): singular scalars and messages, taken inline.

use super::*;

/// The merge loop for a message whose fields are all handled inline
/// ([`MessageTable::simple`]), for the whole of `buf`: no groups, unknown
/// runs or required fields to track, so it keeps fewer values live than
/// [`merge_message`] and costs less to enter, which is most of what a tiny
/// message costs. At a key it does not expect (an unknown field, a wire
/// type the field does not take, a bad key), it hands the rest of the
/// input, from that key, to [`merge_message`].
#[inline(never)]
pub(super) fn merge_simple(mut msg: MsgMut<'_>, input: &[u8], ctx: &mut DecodeCtx) -> Result<(), DecodeError> {
    let table = msg.table();
    let mut buf = input;
    let mut hint = 0usize;
    loop {
        let key_left = buf.len();
        let index = if buf.is_empty() {
            break;
        } else if expects(table, hint, buf) {
            buf = &buf[1..];
            hint
        } else {
            let mut after = buf;
            match read_key(&mut after).map(|(number, wire_type)| claimed(table, number, wire_type, hint)) {
                Ok(Some(index)) => {
                    buf = after;
                    index
                }
                _ => return merge_message(msg, &mut { buf }, ctx, false, None),
            }
        };
        let mut at = At { buf, key_left, index, slot: &table.slots[index] };
        let merged = if let Some(merged) = merge_scalars(&mut msg, &mut at, ctx) {
            merged
        } else if at.slot.merge_op == StepCode::MESSAGE_OP {
            same_op_run!(table, at, {
                let (child, fresh, new_bytes) = msg.message_at(at.index);
                charge(new_bytes, ctx).and_then(|()| merge_delimited(child, fresh, &mut at.buf, ctx))
            })
        } else {
            // Not in a simple table (see `MessageTable::simple`); the
            // general loop takes any field.
            return merge_message(msg, &mut at.key(input), ctx, false, None);
        };
        if let Err(e) = merged {
            return Err(in_field(e, ctx, at.key(input), table, at.index));
        }
        buf = at.buf;
        hint = at.slot.next_hint as usize;
    }
    Ok(())
}

/// Where a merge loop stands: the input left, the key of the field being
/// merged (or, between fields, of the last one), and that field's slot.
/// Held by value in the loop, so that it stays in registers; every call
/// that is not inlined gets a copy of the input (see `detached!`).
struct At<'b> {
    buf: &'b [u8],
    /// How much input was left at the key: the key's position kept in one
    /// register, where a slice takes two.
    key_left: usize,
    index: usize,
    /// The slot at `index`, kept at hand: read through the table, its
    /// address would be loaded again after every store to the message.
    slot: &'static Slot,
}

impl<'b> At<'b> {
    /// The input from the key of the field at hand on; `input` is the
    /// whole input the loop started with.
    fn key(&self, input: &'b [u8]) -> &'b [u8] {
        &input[input.len() - self.key_left..]
    }
}

/// Runs `$merge` for the field at `$at`, then again for every field after
/// it that comes next as expected and takes the same merge op (a vector's
/// x, y and z; a face's four vertices), moving `$at` along, until one fails
/// or the next field is another. The jump on the op is shared by every
/// field of every message and is the branch the processor mispredicts
/// most; the test for "same op again" is a branch of its own per arm.
macro_rules! same_op_run {
    ($table:expr, $at:ident, $merge:expr) => {
        loop {
            let merged = $merge;
            if merged.is_err() {
                break merged;
            }
            // The field's own copy of the next one's key (`run_key1`): the
            // next slot is looked at only once that field is known to come.
            let next = match $at.buf.first() {
                Some(&byte) if u16::from(byte) == $at.slot.run_key1 => $at.slot.next_hint as usize,
                _ => break merged,
            };
            let Some(slot) = $table.slots.get(next) else { break merged };
            $at.key_left = $at.buf.len();
            $at.buf = &$at.buf[1..];
            $at.index = next;
            $at.slot = slot;
        }
    };
}
use same_op_run;

/// Merges the field at `at` (and the run after it, see [`same_op_run`])
/// when its merge op is one of the inline scalar ones; `None` for any
/// other op.
///
/// Out of line in debug builds only: there every arm's locals get stack
/// slots of their own, and in the frame of the recursive loop they would
/// cost kilobytes per level of nesting.
#[cfg_attr(debug_assertions, inline(never))]
#[cfg_attr(not(debug_assertions), inline(always))]
fn merge_scalars(msg: &mut MsgMut<'_>, at: &mut At<'_>, ctx: &mut DecodeCtx) -> Option<Result<(), DecodeError>> {
    let table = msg.table();
    let merged = dispatch_step!(at.slot.merge_op, C => {
        Implicit => same_op_run!(table, at, {
            let value = msg.value_at::<<C as Codec>::Value>(at.index);
            detached!(&mut at.buf, |buf| C::merge(value, false, buf, ctx))
        }),
        Optional => same_op_run!(table, at, {
            let value = msg.value_at::<Option<<C as Codec>::Value>>(at.index);
            let fresh = value.is_none();
            detached!(&mut at.buf, |buf| C::merge(value.get_or_insert_with(C::new_value), fresh, buf, ctx))
        }),
    } else {
        return None
    });
    Some(merged)
}
