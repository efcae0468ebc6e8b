//! Building a [`MessageTable`] from a [`MessageSpec`], once per type.

use std::any::TypeId;
use std::sync::atomic::AtomicU8;

use super::entry::{ErasedSpec, FieldDesc};
use super::{Base, Cardinality, Container, MessageTable, NO_KEY1, Shape, Slot, Step, StepCode, Stored, Value};
use crate::access::OneofOps;
use crate::engine;
use crate::registry::DynMessage;
use crate::wire::{EncodedKey, WireType};

/// Field numbers up to this get a slot in the dense index; above it, a binary
/// search. 1024 entries of `u16` keep the index within 2 KiB per type.
const DENSE_LIMIT: u32 = 1024;

/// Required fields past this many get no bit in the mask; they are checked
/// by presence only.
const MASK_BITS: u32 = 64;

/// A spec without its type: what the (non-generic) builder reads.
pub(crate) struct SpecParts {
    pub(crate) full_name: &'static str,
    pub(crate) fields: Vec<(FieldDesc, Option<&'static OneofOps>)>,
    pub(crate) unknown: Option<u32>,
    pub(crate) type_id: TypeId,
    pub(crate) new_dyn: fn(&'static MessageTable) -> Box<dyn DynMessage>,
    /// For a dynamic type, the layout of its messages.
    pub(crate) dynamic: Option<&'static crate::access::dynamic::DynLayout>,
}

impl SpecParts {
    /// The parts of a generated type's spec; the oneofs' members become
    /// fields.
    pub(crate) fn of(spec: &'static ErasedSpec) -> SpecParts {
        let mut fields: Vec<_> = spec.fields.iter().map(|&desc| (desc, None)).collect();
        for oneof in spec.oneofs {
            for member in oneof.ops.members {
                let mut desc = member.desc;
                desc.offset = oneof.offset;
                fields.push((desc, Some(oneof.ops)));
            }
        }
        SpecParts {
            full_name: spec.full_name,
            fields,
            unknown: spec.unknown,
            type_id: spec.type_id,
            new_dyn: spec.new_dyn,
            dynamic: None,
        }
    }
}

impl MessageTable {
    /// Sorts the fields (oneof members included), builds the number index and
    /// the required mask.
    ///
    /// # Panics
    ///
    /// Panics if two fields share a number: the derive rejects that at compile
    /// time, so only a hand-written spec can get here.
    pub(crate) fn build(spec: SpecParts) -> MessageTable {
        let mut fields = spec.fields;
        fields.sort_by_key(|(f, _)| f.info.number);
        for pair in fields.windows(2) {
            assert!(
                pair[0].0.info.number != pair[1].0.info.number,
                "protowire: message {} declares field number {} twice",
                spec.full_name,
                pair[0].0.info.number
            );
        }

        let mut required_mask = 0u64;
        let mut required_count = 0u32;
        let count = fields.len();
        let mut slots: Box<[Slot]> = fields
            .iter()
            .enumerate()
            .map(|(i, &(f, oneof))| {
                let info = f.info;
                let mut accepts = 1u8 << info.wire_type() as u8;
                let repeated = matches!(f.shape, Shape::Packed | Shape::Repeated);
                if repeated && info.kind.is_packable() {
                    accepts |= 1 << WireType::Len as u8;
                    accepts |= 1 << info.kind.wire_type() as u8;
                }
                let mut required_bit = 0;
                if info.cardinality == Cardinality::Required && required_count < MASK_BITS {
                    required_bit = 1u64 << required_count;
                    required_mask |= required_bit;
                    required_count += 1;
                }
                let next = if repeated || f.shape == Shape::Map { i } else { (i + 1).min(count) };
                let closed = f.enumeration.is_some_and(|e| e.closed) && f.shape != Shape::Map;
                let merge = match f.shape {
                    _ if closed || oneof.is_some() => StepCode::Call,
                    Shape::Implicit | Shape::Always | Shape::Optional if f.value.is_message() => {
                        if f.value == Value::Message { StepCode::Message } else { StepCode::Call }
                    }
                    // One merge for both: the value is stored as itself.
                    Shape::Implicit | Shape::Always => StepCode::Implicit,
                    Shape::Optional => StepCode::Optional,
                    _ => StepCode::Call,
                };
                let key = EncodedKey::new(info.number, info.wire_type());
                let key1 = match key.as_bytes() {
                    [byte] if accepts & (1 << (byte & 7)) != 0 => u16::from(*byte),
                    _ => NO_KEY1,
                };
                Slot {
                    routines: engine::routines(f.shape, f.value, closed),
                    merge_op: merge.op(f.value),
                    number: info.number,
                    offset: f.offset,
                    key,
                    key1,
                    run_key1: NO_KEY1,
                    shape: f.shape,
                    value: f.value,
                    key_value: f.key,
                    stored: f.stored,
                    direct: if oneof.is_some() { Stored::new(Base::Message, Container::Map) } else { f.stored },
                    home: 0,
                    accepts,
                    next_hint: u16::try_from(next).unwrap_or(u16::MAX),
                    required_bit,
                    required: info.cardinality == Cardinality::Required,
                    prost_map_entries: f.prost_map_entries,
                    message: f.message,
                    child: std::sync::OnceLock::new(),
                    map: f.map,
                    enumeration: f.enumeration,
                    oneof,
                }
            })
            .collect();

        for i in 0..slots.len() {
            let (op, next) = (slots[i].merge_op, usize::from(slots[i].next_hint));
            slots[i].run_key1 = match slots.get(next) {
                Some(n) if next != i && n.merge_op == op => n.key1,
                _ => NO_KEY1,
            };
        }

        let steps: Box<[Step]> = slots
            .iter()
            .enumerate()
            .map(|(i, slot)| {
                let inline = slot.oneof.is_none() && !slot.value.is_message();
                let code = match slot.shape {
                    Shape::Implicit if inline => StepCode::Implicit,
                    Shape::Always if inline => StepCode::Always,
                    Shape::Optional if inline && slot.required => StepCode::Required,
                    Shape::Optional if inline => StepCode::Optional,
                    Shape::Repeated | Shape::Packed if inline => StepCode::Repeated,
                    _ if slot.oneof.is_some() => StepCode::Oneof,
                    Shape::Implicit | Shape::Always | Shape::Optional if slot.value == Value::Message => {
                        StepCode::Message
                    }
                    _ => StepCode::Call,
                };
                Step {
                    offset: slot.offset,
                    slot: u32::try_from(i).unwrap_or(u32::MAX),
                    key: slot.key,
                    stored: slot.direct,
                    op: code.op(slot.value),
                    span: 0,
                }
            })
            .collect();
        let encode_steps = encode_steps(&steps, &slots);

        // What the engine's inline accesses rely on (see `StepCode::names`):
        // each op that names a storage names the field's.
        for slot in slots.iter() {
            let fits = StepCode::fits(slot.merge_op, slot.direct);
            assert!(fits, "protowire: merge op of {}.{} disagrees with its storage", spec.full_name, slot.number);
        }
        for slot in slots.iter().filter(|slot| slot.merge_op == StepCode::MESSAGE_OP) {
            let fits = slot.oneof.is_none()
                && slot
                    .message
                    .is_some_and(|ops| slot.direct.base == Base::Message && slot.direct.container == ops.container);
            assert!(
                fits,
                "protowire: message op of {}.{} on a field that is not one message",
                spec.full_name, slot.number
            );
        }
        for step in steps.iter().chain(encode_steps.iter()) {
            assert!(
                StepCode::fits(step.op, step.stored),
                "protowire: step op of {} disagrees with its storage",
                spec.full_name
            );
        }

        let home = slots.as_ptr() as usize;
        for slot in slots.iter_mut() {
            slot.home = home;
        }

        let max_dense = slots.iter().map(|s| s.number).filter(|&n| n <= DENSE_LIMIT).max().unwrap_or(0);
        let mut dense = vec![0u16; max_dense as usize + 1].into_boxed_slice();
        for (i, slot) in slots.iter().enumerate() {
            if slot.number <= max_dense
                && let Ok(entry) = u16::try_from(i + 1)
            {
                dense[slot.number as usize] = entry;
            }
        }
        // Dense entries that could not be stored would read as "not found";
        // make every lookup take the sparse path instead.
        if slots.len() >= usize::from(u16::MAX) {
            dense = Box::new([]);
        }

        let checked = fields
            .iter()
            .enumerate()
            .filter(|(_, (f, _))| f.info.cardinality == Cardinality::Required || f.message.is_some())
            .map(|(i, _)| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        let infos = fields.iter().map(|(f, _)| f.info).collect();

        let has_required = fields.iter().any(|(f, _)| f.info.cardinality == Cardinality::Required);
        let simple = !has_required
            && slots.iter().all(|slot| {
                slot.merge_op == StepCode::MESSAGE_OP
                    || [StepCode::Implicit, StepCode::Optional].iter().any(|code| slot.merge_op == code.op(slot.value))
            });
        MessageTable {
            full_name: spec.full_name,
            slots,
            steps,
            encode_steps,
            infos,
            dense,
            required_mask,
            checked,
            has_required,
            simple,
            needs_check: AtomicU8::new(0),
            encodes_large: std::sync::atomic::AtomicBool::new(false),
            encode_hint: std::sync::atomic::AtomicUsize::new(0),
            has_shared_bytes: fields.iter().any(|(f, _)| {
                let shared = |base| matches!(base, Base::Bytes | Base::ByteStr);
                shared(f.stored.base) || f.map.is_some_and(|m| shared(m.key.base) || shared(m.value.base))
            }),
            shares_bytes: AtomicU8::new(0),
            text: std::sync::OnceLock::new(),
            unknown: spec.unknown,
            type_id: spec.type_id,
            new_dyn: spec.new_dyn,
            dynamic: spec.dynamic,
        }
    }
}

/// The steps of the size and write passes (see
/// [`MessageTable::encode_steps`]): `steps`, with each run of members of
/// one oneof that follow each other made one step, the first member's,
/// spanning the rest. A oneof whose members other fields come between
/// gets a step per run, so that its member set is still written in
/// field-number order.
fn encode_steps(steps: &[Step], slots: &[Slot]) -> Box<[Step]> {
    let mut out: Vec<Step> = Vec::with_capacity(steps.len());
    for (step, slot) in steps.iter().zip(slots) {
        if let Some(last) = out.last_mut()
            && step.op == StepCode::ONEOF_OP
            && last.op == StepCode::ONEOF_OP
            && last.offset == step.offset
            && let Some(span) = last.span.checked_add(1)
        {
            debug_assert!(slot.oneof.is_some());
            last.span = span;
            continue;
        }
        out.push(*step);
    }
    out.into_boxed_slice()
}
