//! Building a [`MessageTable`] from a [`MessageSpec`], once per type.

use std::sync::atomic::AtomicU8;

use super::{Cardinality, FieldInfo, MessageSpec, MessageTable, Slot};

/// Field numbers up to this get a slot in the dense index; above it, a binary
/// search. 1024 entries of `u16` keep the index within 2 KiB per type.
const DENSE_LIMIT: u32 = 1024;

/// Required fields past this many get no bit in the mask; they are checked
/// by presence only.
const MASK_BITS: u32 = 64;

impl<M: 'static> MessageTable<M> {
    /// Sorts the fields, builds the number index and the required mask.
    ///
    /// # Panics
    ///
    /// Panics if two fields share a number: the derive rejects that at compile
    /// time, so only a hand-written spec can get here.
    pub(crate) fn build(spec: &'static MessageSpec<M>) -> MessageTable<M> {
        let mut fields = spec.fields.to_vec();
        for members in spec.oneofs {
            fields.extend_from_slice(members);
        }
        fields.sort_by_key(|f| f.info.number);
        for pair in fields.windows(2) {
            assert!(
                pair[0].info.number != pair[1].info.number,
                "protowire: message {} declares field number {} twice",
                spec.full_name,
                pair[0].info.number
            );
        }

        let mut required_mask = 0u64;
        let mut required_count = 0u32;
        let count = fields.len();
        let slots: Box<[Slot<M>]> = fields
            .iter()
            .enumerate()
            .map(|(i, field)| {
                let info = field.info;
                let mut accepts = 1u8 << info.wire_type() as u8;
                let repeated = matches!(info.cardinality, Cardinality::Packed | Cardinality::Repeated);
                if repeated && info.kind.is_packable() {
                    accepts |= 1 << crate::wire::WireType::Len as u8;
                    accepts |= 1 << info.kind.wire_type() as u8;
                }
                let mut required_bit = 0;
                if info.cardinality == Cardinality::Required && required_count < MASK_BITS {
                    required_bit = 1u64 << required_count;
                    required_mask |= required_bit;
                    required_count += 1;
                }
                let next = if repeated || info.cardinality == Cardinality::Map { i } else { (i + 1).min(count) };
                Slot {
                    number: info.number,
                    accepts,
                    next_hint: u32::try_from(next).unwrap_or(u32::MAX),
                    required_bit,
                    merge: field.merge,
                }
            })
            .collect();

        let max_dense = slots.iter().map(|s| s.number).filter(|&n| n <= DENSE_LIMIT).max().unwrap_or(0);
        let mut dense = vec![0u16; max_dense as usize + 1].into_boxed_slice();
        for (i, slot) in slots.iter().enumerate() {
            let number = slot.number;
            if number <= max_dense {
                // At most 2^16 - 2 fields get a dense entry; beyond that the
                // binary search still finds them.
                if let Ok(entry) = u16::try_from(i + 1) {
                    dense[number as usize] = entry;
                }
            }
        }
        // Dense entries that could not be stored fall back to 0, meaning "not
        // found"; make the lookup take the sparse path for them instead.
        if slots.len() >= usize::from(u16::MAX) {
            dense = Box::new([]);
        }

        let checked = fields.iter().enumerate().filter(|(_, f)| f.check.is_some()).map(|(i, _)| i).collect();
        let infos: Box<[FieldInfo]> = fields.iter().map(|f| f.info).collect();
        let sizers = fields.iter().map(|f| f.size).collect();
        let writers = fields.iter().rev().map(|f| f.encode).collect();

        MessageTable {
            full_name: spec.full_name,
            fields: fields.into_boxed_slice(),
            infos,
            slots,
            sizers,
            writers,
            dense,
            required_mask,
            checked,
            has_required: required_mask != 0,
            needs_check: AtomicU8::new(0),
            unknown: spec.unknown,
        }
    }
}
