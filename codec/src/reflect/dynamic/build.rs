//! Tables for the message types of a pool, built at run time from their
//! descriptors: the same slots, offsets and storage codes the derive puts in
//! generated code, over a layout computed here, so that one engine drives
//! both.
//!
//! Every type of a pool is built at once, the first time a dynamic message
//! of the pool is made: types refer to each other (in cycles, too), and a
//! table must know its children's ops before it can be built. Tables live
//! for the rest of the program, as generated types' do, in a process-wide
//! cache by the pool's contents: a pool made again from the same files (a
//! schema reloaded, a snapshot of the global pool) finds the tables built
//! for the first, so memory grows with the distinct schemas a program
//! uses, not with how often it loads them.

use std::any::TypeId;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use super::super::{DescriptorPool, EnumDescriptor, FieldDescriptor, MessageDescriptor};
use crate::access::dynamic::{
    CellType, DynLayout, DynMember, DynMessageOps, DynamicMessage, ElementType, LayoutBuilder, map_ops, oneof_ops,
};
use crate::access::{EnumOps, EnumValues, MessageOps, OneofOps};
use crate::message::Message;
use crate::registry::DynMessage;
use crate::table::{
    Base, Cardinality, Container, FieldDesc, FieldInfo, Kind, MessageTable, Shape, SpecParts, Stored, Value,
};
use crate::types::FileDescriptorSet;

/// The tables of every message type of `pool`, by the pool's message index.
pub(crate) fn tables(pool: &DescriptorPool) -> &'static [&'static MessageTable] {
    pool.inner.dynamic.get_or_init(|| {
        type Cache = Mutex<HashMap<Vec<u8>, &'static Built>>;
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let set = FileDescriptorSet { file: pool.inner.files.clone(), ..Default::default() };
        let key = set.encode_partial_to_vec().unwrap_or_default();
        let mut cache = CACHE.get_or_init(Default::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        &cache.entry(key).or_insert_with(|| Box::leak(Box::new(build(pool)))).tables
    })
}

/// A pool's tables, and the ops made for them: kept together (and reachable
/// from the cache) for the rest of the program, ops no slot names included.
struct Built {
    tables: Vec<&'static MessageTable>,
    #[allow(dead_code)]
    ops: Vec<DynMessageOps>,
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

/// How a scalar kind is stored.
fn base_of(kind: Kind) -> Base {
    match kind {
        Kind::Int32 | Kind::SInt32 | Kind::SFixed32 | Kind::Enum => Base::I32,
        Kind::Int64 | Kind::SInt64 | Kind::SFixed64 => Base::I64,
        Kind::UInt32 | Kind::Fixed32 => Base::U32,
        Kind::UInt64 | Kind::Fixed64 => Base::U64,
        Kind::Float => Base::F32,
        Kind::Double => Base::F64,
        Kind::Bool => Base::Bool,
        Kind::String => Base::String,
        Kind::Bytes => Base::VecU8,
        Kind::Message | Kind::Group => Base::Message,
    }
}

fn value_of(kind: Kind) -> Value {
    Value::of(kind, base_of(kind)).expect("protowire: every kind has a dynamic storage")
}

/// A field's storage and shape, before offsets and ops are known.
struct Planned {
    field: FieldDescriptor,
    stored: Stored,
    shape: Shape,
    /// The oneof (index in the message) a member belongs to.
    oneof: Option<usize>,
}

fn plan(field: FieldDescriptor) -> Planned {
    let kind = field.kind();
    let cardinality = field.cardinality();
    let base = base_of(kind);
    let (container, shape) = match cardinality {
        Cardinality::Map => {
            let value = field.message_type().and_then(|entry| entry.get_field(2));
            let value_base = value.map_or(Base::I32, |v| base_of(v.kind()));
            return Planned { field, stored: Stored::new(value_base, Container::Map), shape: Shape::Map, oneof: None };
        }
        Cardinality::Oneof => {
            let oneof = field.field_descriptor_proto().oneof_index.and_then(|i| usize::try_from(i).ok());
            return Planned { field, stored: Stored::new(base, Container::Plain), shape: Shape::Oneof, oneof };
        }
        Cardinality::Repeated => (Container::Vec, Shape::Repeated),
        Cardinality::Packed => (Container::Vec, Shape::Packed),
        _ if base == Base::Message => (Container::Option, Shape::Optional),
        Cardinality::Implicit => (Container::Plain, Shape::Implicit),
        _ => (Container::Option, Shape::Optional),
    };
    Planned { field, stored: Stored::new(base, container), shape, oneof: None }
}

/// Inline messages up to this size: a bigger one would make every parent
/// copy (and drop) its defaults even when it is absent.
const INLINE_LIMIT: usize = 512;

/// Inline messages nest at most this deep: laying a type out lays out the
/// children it keeps inline first, and a descriptor set (which may come from
/// anywhere) must not be able to make that recursion overflow the stack.
/// Deeper children are handles.
const INLINE_DEPTH: usize = 32;

/// One message type's plan: its fields, where each lives (and whether a
/// message field is inline), and its layout.
struct Type {
    descriptor: MessageDescriptor,
    fields: Vec<(Planned, u32, bool)>,
    unknown: u32,
    layout: &'static DynLayout,
}

/// The pool's types laid out, children kept inline before their parents.
struct Layouts {
    descriptors: Vec<MessageDescriptor>,
    /// Singular (not repeated, map or oneof) message fields: the child's index.
    singular: Vec<Vec<usize>>,
    /// Where each type's table will be, for repeated fields' elements.
    cells: Vec<ElementType>,
    types: Vec<Option<Type>>,
}

impl Layouts {
    /// Whether `from` reaches `to` through singular message fields (the
    /// only ones that may be inline, so the only way a type could come to
    /// contain itself).
    fn reaches(&self, from: usize, to: usize) -> bool {
        let mut seen = vec![false; self.descriptors.len()];
        let mut stack = vec![from];
        while let Some(i) = stack.pop() {
            if i == to {
                return true;
            }
            if !std::mem::replace(&mut seen[i], true) {
                stack.extend(&self.singular[i]);
            }
        }
        false
    }

    /// Lays out type `i` (and, first, the children it keeps inline), `depth`
    /// levels below a type laid out for its own sake. The inline edges form
    /// no cycle (an edge is inline only if the child does not reach the
    /// parent), so the recursion ends, within [`INLINE_DEPTH`] levels.
    fn lay_out(&mut self, i: usize, depth: usize) -> &'static DynLayout {
        if let Some(ty) = &self.types[i] {
            return ty.layout;
        }
        let descriptor = self.descriptors[i].clone();
        let mut layout = LayoutBuilder::new();
        let mut oneof_offsets: HashMap<usize, u32> = HashMap::new();
        let mut fields = Vec::new();
        for field in descriptor.fields() {
            let planned = plan(field);
            let child = (planned.shape == Shape::Optional && planned.stored.base == Base::Message)
                .then(|| planned.field.message_type().map(|m| m.index()))
                .flatten()
                .filter(|&c| !self.reaches(c, i));
            let inline = child
                .filter(|_| depth < INLINE_DEPTH)
                .map(|c| self.lay_out(c, depth + 1))
                .filter(|l| l.size() <= INLINE_LIMIT);
            let repeated = (planned.shape == Shape::Repeated && planned.stored.base == Base::Message)
                .then(|| planned.field.message_type().map(|m| self.cells[m.index()]))
                .flatten();
            let offset = match (planned.oneof, inline, repeated) {
                (Some(oneof), ..) => *oneof_offsets.entry(oneof).or_insert_with(|| layout.add(CellType::Oneof)),
                (None, Some(child), _) => layout.add_inline(child),
                (None, None, Some(of)) => layout.add_elements(of),
                (None, None, None) => layout.add(CellType::of(planned.stored)),
            };
            fields.push((planned, offset, inline.is_some()));
        }
        let unknown = layout.add(CellType::Unknown);
        let layout: &'static DynLayout = Box::leak(Box::new(layout.finish(descriptor.clone())));
        self.types[i] = Some(Type { descriptor, fields, unknown, layout });
        layout
    }
}

struct Builder {
    ops: Vec<DynMessageOps>,
    enums: HashMap<String, &'static EnumOps>,
}

impl Builder {
    fn ops_of(&self, message: Option<MessageDescriptor>) -> &DynMessageOps {
        let index = message.expect("protowire: a pool resolves every message field's type").index();
        &self.ops[index]
    }

    fn enum_ops(&mut self, descriptor: Option<EnumDescriptor>) -> Option<&'static EnumOps> {
        let descriptor = descriptor?;
        let ops = self.enums.entry(descriptor.full_name().to_owned()).or_insert_with(|| {
            let values: Vec<(i32, &'static str)> = descriptor.values().map(|v| (v.number, leak(v.name))).collect();
            Box::leak(Box::new(EnumOps {
                closed: descriptor.is_closed(),
                full_name: leak(descriptor.full_name()),
                values: EnumValues::Dynamic(Box::leak(values.into_boxed_slice())),
            }))
        });
        Some(*ops)
    }

    /// The field's reflection data; `kind` is the value's (for a map, its
    /// values', as the derive records it).
    fn info(&self, field: &FieldDescriptor, kind: Kind, message: Option<&'static MessageOps>) -> FieldInfo {
        let mut info = FieldInfo::new(field.number(), leak(field.name()), kind, field.cardinality())
            .with_json_name(leak(&field.json_name()));
        if let Some(default) = field.default_value() {
            info = info.with_default_value(leak(default));
        }
        info.message_table = message.map(|ops| ops.table);
        info
    }

    /// The slot description of one field at `offset` (kept `inline`, for a
    /// singular message).
    fn desc(&mut self, planned: &Planned, offset: u32, inline: bool) -> FieldDesc {
        let field = &planned.field;
        let kind = field.kind();
        let mut desc = FieldDesc {
            info: FieldInfo::new(0, "", kind, Cardinality::Implicit),
            offset,
            shape: planned.shape,
            value: value_of(kind),
            key: Value::Bool,
            stored: planned.stored,
            message: None,
            map: None,
            enumeration: None,
            prost_map_entries: false,
        };
        if planned.shape == Shape::Map {
            let entry = field.message_type();
            let key = entry.as_ref().and_then(|e| e.get_field(1));
            let value = entry.as_ref().and_then(|e| e.get_field(2));
            let (key_kind, value_kind) =
                (key.map_or(Kind::Int32, |k| k.kind()), value.as_ref().map_or(Kind::Int32, |v| v.kind()));
            let message = (base_of(value_kind) == Base::Message)
                .then(|| self.ops_of(value.as_ref().and_then(FieldDescriptor::message_type)).handle);
            desc.value = value_of(value_kind);
            desc.key = value_of(key_kind);
            desc.message = message;
            desc.map = Some(map_ops(base_of(key_kind), base_of(value_kind), message));
            desc.enumeration = self.enum_ops(value.as_ref().and_then(FieldDescriptor::enum_type));
        } else if planned.stored.base == Base::Message {
            let ops = self.ops_of(field.message_type());
            desc.message = Some(match planned.stored.container {
                Container::Plain => ops.handle,
                Container::Vec => ops.vec,
                _ if inline => ops.inline,
                _ => ops.option,
            });
        } else {
            desc.enumeration = self.enum_ops(field.enum_type());
        }
        desc.info = self.info(field, desc.value.kind(), desc.message);
        desc
    }

    fn table(&mut self, ty: Type) -> MessageTable {
        let mut oneofs: HashMap<usize, Vec<DynMember>> = HashMap::new();
        let mut fields: Vec<(FieldDesc, Option<usize>)> = Vec::new();
        for (planned, offset, inline) in &ty.fields {
            let desc = self.desc(planned, *offset, *inline);
            if let Some(oneof) = planned.oneof {
                let base = desc.stored.base;
                oneofs.entry(oneof).or_default().push(DynMember {
                    number: desc.info.number,
                    base,
                    message: desc.message,
                });
            }
            fields.push((desc, planned.oneof));
        }
        let oneof_ops: HashMap<usize, &'static OneofOps> =
            oneofs.into_iter().map(|(index, members)| (index, oneof_ops(members))).collect();
        let fields = fields.into_iter().map(|(desc, oneof)| (desc, oneof.map(|i| oneof_ops[&i]))).collect();
        MessageTable::build(SpecParts {
            full_name: leak(ty.descriptor.full_name()),
            fields,
            unknown: Some(ty.unknown),
            type_id: TypeId::of::<DynamicMessage>(),
            new_dyn,
            dynamic: Some(ty.layout),
        })
    }
}

fn new_dyn(table: &'static MessageTable) -> Box<dyn DynMessage> {
    Box::new(DynamicMessage::of_table(table))
}

fn build(pool: &DescriptorPool) -> Built {
    let descriptors: Vec<MessageDescriptor> = pool.all_messages().collect();
    let singular = descriptors
        .iter()
        .map(|m| {
            m.fields()
                .filter(|f| f.cardinality() == Cardinality::Optional || f.cardinality() == Cardinality::Required)
                .filter_map(|f| f.message_type().map(|t| t.index()))
                .collect()
        })
        .collect();
    let count = descriptors.len();
    let cells: Vec<ElementType> = (0..count).map(|_| &*Box::leak(Box::new(OnceLock::new()))).collect();
    let mut layouts =
        Layouts { descriptors, singular, cells: cells.clone(), types: (0..count).map(|_| None).collect() };
    for i in 0..count {
        layouts.lay_out(i, 0);
    }
    let types: Vec<Type> = layouts.types.into_iter().map(|t| t.expect("every type laid out")).collect();
    let ops = types.iter().zip(&cells).map(|(ty, cell)| DynMessageOps::new(cell, ty.layout)).collect();
    let mut builder = Builder { ops, enums: HashMap::new() };
    let mut tables = Vec::with_capacity(types.len());
    for (ty, cell) in types.into_iter().zip(cells) {
        let table: &'static MessageTable = Box::leak(Box::new(builder.table(ty)));
        // Filled before any message exists: nothing reads a cell earlier.
        let _ = cell.set(table);
        tables.push(table);
    }
    Built { tables, ops: builder.ops }
}
