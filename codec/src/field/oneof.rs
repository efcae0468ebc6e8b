//! How a `oneof` enum contributes its members to the table of the message
//! that holds it. `#[derive(Oneof)]` implements [`Oneof`] and [`OneofFields`];
//! `#[derive(Message)]` implements [`OneofAccess`] on a marker type per
//! oneof field, so the member functions can reach the field without knowing
//! the message.

use crate::table::Field;
use crate::unknown::UnknownFields;
use crate::writer::RevWriter;

/// A `oneof` enum: the field numbers of its members, and how to size and
/// write whichever member is set.
pub trait Oneof: Sized + 'static {
    /// The members' field numbers, in declaration order.
    const NUMBERS: &'static [u32];
    /// The encoded size of the member (key included).
    fn encoded_len(&self) -> usize;
    /// Writes the member (key included) back to front.
    fn write(&self, w: &mut RevWriter<'_>);
}

/// Reaches one oneof field of message `M`.
pub trait OneofAccess<M> {
    /// The oneof enum.
    type Oneof;
    /// The field.
    fn get(msg: &M) -> &Option<Self::Oneof>;
    /// The field, and the message's unknown-field store if it has one (closed
    /// enum members put undeclared values there).
    fn get_mut(msg: &mut M) -> (&mut Option<Self::Oneof>, Option<&mut UnknownFields>);
}

/// The table entries of a oneof's members, inside message `M`, reached
/// through `A`.
pub trait OneofFields<M: 'static, A>: Oneof {
    /// One entry per member.
    const FIELDS: &'static [Field<M>];
}

/// Fails compilation (when used in a constant) unless the numbers a message
/// lists for a oneof field are the oneof enum's.
///
/// # Panics
///
/// At compile time, on a mismatch.
pub const fn assert_oneof_numbers(declared: &[u32], listed: &[u32]) {
    let mut same = declared.len() == listed.len();
    let mut i = 0;
    while same && i < declared.len() {
        let mut found = false;
        let mut j = 0;
        while j < listed.len() {
            if listed[j] == declared[i] {
                found = true;
            }
            j += 1;
        }
        same = found;
        i += 1;
    }
    assert!(same, "the numbers in #[proto(oneof = \"...\")] differ from the oneof enum's #[proto(N)] numbers");
}
