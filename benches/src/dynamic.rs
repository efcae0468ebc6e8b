//! Dynamic messages, side by side: protowire's `DynamicMessage` (tables
//! built at run time, the generated types' engine) against protowire's
//! generated types and against prost-reflect's `DynamicMessage`, on the same
//! descriptors (the `FILE_DESCRIPTOR_SET` protowire's codegen embeds).

use std::hint::black_box;
use std::time::Duration;

use bytes::Bytes;

use crate::data::{Dataset, Kind};
use crate::generated as g;
use crate::harness::{self, Case, Contender, Op, timed};

/// The columns of the dynamic table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    /// protowire's generated types.
    Generated,
    /// `protowire::reflect::DynamicMessage`.
    Dynamic,
    /// `prost_reflect::DynamicMessage`.
    ProstReflect,
}

impl Who {
    /// All of them, in column order.
    pub const ALL: [Who; 3] = [Who::Generated, Who::Dynamic, Who::ProstReflect];

    /// Column header.
    pub fn label(self) -> &'static str {
        match self {
            Who::Generated => "protowire (generated)",
            Who::Dynamic => "protowire (dynamic)",
            Who::ProstReflect => "prost-reflect",
        }
    }
}

/// The message's full name and its package's descriptor set, for the
/// datasets whose schema the benchmarks compile.
fn schema(kind: Kind) -> Option<(&'static str, &'static [u8])> {
    Some(match kind {
        Kind::Gm1Proto2 => ("benchmarks.proto2.GoogleMessage1", g::pw::benchmarks::proto2::FILE_DESCRIPTOR_SET),
        Kind::Gm1Proto3 => ("benchmarks.proto3.GoogleMessage1", g::pw::benchmarks::proto3::FILE_DESCRIPTOR_SET),
        Kind::Gm2 => ("benchmarks.proto2.GoogleMessage2", g::pw::benchmarks::proto2::FILE_DESCRIPTOR_SET),
        Kind::Telemetry => ("bench.telemetry.TracesData", g::pw::bench::telemetry::FILE_DESCRIPTOR_SET),
        Kind::Chain => ("bench.synthetic.Chain", g::pw::bench::synthetic::FILE_DESCRIPTOR_SET),
        Kind::Blobs => ("bench.synthetic.Blobs", g::pw::bench::synthetic::FILE_DESCRIPTOR_SET),
        Kind::Mesh => ("bench.synthetic.Mesh", g::pw::bench::synthetic::FILE_DESCRIPTOR_SET),
        Kind::Flat => ("bench.synthetic.Flat", g::pw::bench::synthetic::FILE_DESCRIPTOR_SET),
        Kind::DescriptorSet => return None,
    })
}

struct PwDynamic {
    descriptor: protowire::reflect::MessageDescriptor,
    payloads: Vec<Bytes>,
    msgs: Vec<protowire::reflect::DynamicMessage>,
}

impl Case for PwDynamic {
    fn run(&self, op: Op, iters: u64) -> Duration {
        use protowire::reflect::DynamicMessage;
        match op {
            Op::Decode => timed(iters, || {
                for p in &self.payloads {
                    black_box(DynamicMessage::decode(self.descriptor.clone(), black_box(&p[..])).unwrap());
                }
            }),
            Op::Encode => timed(iters, || {
                for m in &self.msgs {
                    black_box(black_box(m).encode_to_vec().unwrap());
                }
            }),
            Op::Size => timed(iters, || {
                for m in &self.msgs {
                    black_box(black_box(m).encoded_len());
                }
            }),
        }
    }

    fn reencoded_len(&self) -> usize {
        self.msgs.iter().map(|m| m.encode_to_vec().unwrap().len()).sum()
    }
}

struct ProstReflect {
    descriptor: prost_reflect::MessageDescriptor,
    payloads: Vec<Bytes>,
    msgs: Vec<prost_reflect::DynamicMessage>,
}

impl Case for ProstReflect {
    fn run(&self, op: Op, iters: u64) -> Duration {
        use prost::Message as _;
        use prost_reflect::DynamicMessage;
        match op {
            Op::Decode => timed(iters, || {
                for p in &self.payloads {
                    black_box(DynamicMessage::decode(self.descriptor.clone(), black_box(&p[..])).unwrap());
                }
            }),
            Op::Encode => timed(iters, || {
                for m in &self.msgs {
                    black_box(black_box(m).encode_to_vec());
                }
            }),
            Op::Size => timed(iters, || {
                for m in &self.msgs {
                    black_box(black_box(m).encoded_len());
                }
            }),
        }
    }

    fn reencoded_len(&self) -> usize {
        use prost::Message as _;
        self.msgs.iter().map(|m| m.encode_to_vec().len()).sum()
    }
}

/// The case of `who` on `data`, or why there is none.
pub fn case(who: Who, data: &Dataset) -> Result<Box<dyn Case>, String> {
    let (name, set) = schema(data.kind).ok_or("no schema compiled for this dataset")?;
    let payloads = data.payloads.clone();
    Ok(match who {
        Who::Generated => harness::case(Contender::Protowire, data)?,
        Who::Dynamic => {
            let pool = protowire::reflect::DescriptorPool::decode(set).map_err(|e| e.to_string())?;
            let descriptor = pool.get_message_by_name(name).ok_or("type not in its descriptor set")?;
            let msgs = payloads
                .iter()
                .map(|p| protowire::reflect::DynamicMessage::decode(descriptor.clone(), &p[..]))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
            Box::new(PwDynamic { descriptor, payloads, msgs })
        }
        Who::ProstReflect => {
            let pool = prost_reflect::DescriptorPool::decode(set).map_err(|e| e.to_string())?;
            let descriptor = pool.get_message_by_name(name).ok_or("type not in its descriptor set")?;
            let msgs = payloads
                .iter()
                .map(|p| prost_reflect::DynamicMessage::decode(descriptor.clone(), &p[..]))
                .collect::<Result<_, _>>()
                .map_err(|e| e.to_string())?;
            Box::new(ProstReflect { descriptor, payloads, msgs })
        }
    })
}
