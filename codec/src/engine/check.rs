//! The required-field check: every required field set, in every message of
//! the tree. Skipped outright for message types from which no required
//! field can be reached.

use std::sync::atomic::Ordering;

use super::dispatch_scalar;
use crate::access::{MsgRef, Ref};
use crate::field::Codec;
use crate::table::{Cardinality, MessageTable, Missing, Shape, Slot};

/// Checks that every required field of `msg`, and of every message inside
/// it, is set.
///
/// # Errors
///
/// The path of the first missing field, innermost field first.
pub(crate) fn check_message(msg: MsgRef<'_>) -> Result<(), Missing> {
    let table = msg.table();
    if !needs_check(table) {
        return Ok(());
    }
    for &i in table.checked.iter() {
        let i = i as usize;
        let slot = &table.slots[i];
        let info = &table.infos[i];
        let value = msg.field(slot);
        let result = match value {
            None if info.cardinality == Cardinality::Required => Err(Missing::here()),
            None => Ok(()),
            Some(value) => check_field(value, slot, info.cardinality == Cardinality::Required),
        };
        result.map_err(|missing| missing.in_field(info.name))?;
    }
    Ok(())
}

fn check_field(value: Ref<'_>, slot: &Slot, required: bool) -> Result<(), Missing> {
    if required && !is_present(value, slot) {
        return Err(Missing::here());
    }
    if slot.message.is_none() {
        return Ok(());
    }
    match slot.shape {
        Shape::Repeated => value.messages().try_for_each(check_message),
        Shape::Map => {
            let mut result = Ok(());
            value.map_for_each(false, |_, v| {
                if result.is_ok()
                    && let Some(msg) = v.message()
                {
                    result = check_message(msg);
                }
            });
            result
        }
        _ => value.message().map_or(Ok(()), check_message),
    }
}

/// Whether a singular field is set (always, for fields without presence).
pub(crate) fn is_present(value: Ref<'_>, slot: &Slot) -> bool {
    match slot.shape {
        Shape::Optional if slot.value.is_message() => value.message().is_some(),
        Shape::Optional => dispatch_scalar!(slot.value, C => value.get::<Option<<C as Codec>::Value>>().is_some()),
        _ => true,
    }
}

#[inline]
fn needs_check(table: &'static MessageTable) -> bool {
    match table.needs_check.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => work_out_needs_check(table),
    }
}

/// Whether any message type reachable from `table` declares a required field.
#[cold]
fn work_out_needs_check(table: &'static MessageTable) -> bool {
    let found = table.reaches(|t| t.has_required);
    table.needs_check.store(if found { 2 } else { 1 }, Ordering::Relaxed);
    found
}
