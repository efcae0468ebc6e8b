//! One [`Case`] per contender and dataset: the payloads, the messages decoded
//! from them, and the three timed operations.

use std::hint::black_box;
use std::time::{Duration, Instant};

use buffa::MessageView;
use bytes::Bytes;

use crate::data::{Dataset, Kind};
use crate::generated as g;

/// The libraries compared, in report column order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contender {
    /// protowire, default codegen options.
    Protowire,
    /// protowire with `Config::bytes(["."])`.
    ProtowireBytes,
    /// prost-build defaults.
    Prost,
    /// prost-build with `Config::bytes(["."])`, decoding from `Bytes`.
    ProstBytes,
    /// buffa-build (owned types).
    Buffa,
    /// buffa's borrowed views (`decode_view`: strings and bytes borrow the
    /// input); decode only.
    BuffaView,
    /// rust-protobuf 3.
    RustProtobuf,
    /// C++ protobuf through the shim.
    Cpp,
}

impl Contender {
    /// All of them.
    pub const ALL: [Contender; 8] = [
        Contender::Protowire,
        Contender::ProtowireBytes,
        Contender::Prost,
        Contender::ProstBytes,
        Contender::Buffa,
        Contender::BuffaView,
        Contender::RustProtobuf,
        Contender::Cpp,
    ];

    /// Column header.
    pub fn label(self) -> &'static str {
        match self {
            Contender::Protowire => "protowire",
            Contender::ProtowireBytes => "protowire (bytes)",
            Contender::Prost => "prost",
            Contender::ProstBytes => "prost (bytes)",
            Contender::Buffa => "buffa",
            Contender::BuffaView => "buffa (view)",
            Contender::RustProtobuf => "rust-protobuf",
            Contender::Cpp => "C++",
        }
    }
}

/// What is timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Decode every payload into a fresh message.
    Decode,
    /// Encode every pre-decoded message into a new buffer (`encode_to_vec`
    /// or the library's equivalent: one exact-size allocation where it can).
    Encode,
    /// Compute the encoded size of every pre-decoded message.
    Size,
}

/// One contender on one dataset.
pub trait Case {
    /// Runs `op` over all payloads `iters` times and returns the time taken.
    fn run(&self, op: Op, iters: u64) -> Duration;
    /// Decodes and re-encodes every payload; the total length.
    fn reencoded_len(&self) -> usize;
    /// Whether its allocations go through the Rust global allocator.
    fn counts_allocs(&self) -> bool {
        true
    }
    /// Whether it can run `op` (a borrowed view only decodes).
    fn supports(&self, _op: Op) -> bool {
        true
    }
}

/// Runs `body` `iters` times; the time it took.
pub(crate) fn timed(iters: u64, mut body: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..iters {
        body();
    }
    start.elapsed()
}

/// protowire; `ZC` decodes from `Bytes` instead of `&[u8]`.
pub struct PwCase<M, const ZC: bool> {
    payloads: Vec<Bytes>,
    msgs: Vec<M>,
}

impl<M: protowire::Message, const ZC: bool> PwCase<M, ZC> {
    fn new(payloads: Vec<Bytes>) -> Result<Self, String> {
        let msgs = payloads.iter().map(|p| M::decode(&p[..]).map_err(|e| e.to_string())).collect::<Result<_, _>>()?;
        Ok(PwCase { payloads, msgs })
    }
}

impl<M: protowire::Message, const ZC: bool> Case for PwCase<M, ZC> {
    fn run(&self, op: Op, iters: u64) -> Duration {
        match op {
            Op::Decode if ZC => timed(iters, || {
                for p in &self.payloads {
                    black_box(M::decode(black_box(p.clone())).unwrap());
                }
            }),
            Op::Decode => timed(iters, || {
                for p in &self.payloads {
                    black_box(M::decode(black_box(&p[..])).unwrap());
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
        self.payloads.iter().map(|p| M::decode(&p[..]).unwrap().encode_to_vec().unwrap().len()).sum()
    }
}

/// prost; `ZC` decodes from `Bytes` (zero-copy `bytes` fields).
pub struct ProstCase<M, const ZC: bool> {
    payloads: Vec<Bytes>,
    msgs: Vec<M>,
}

impl<M: prost::Message + Default, const ZC: bool> ProstCase<M, ZC> {
    fn new(payloads: Vec<Bytes>) -> Result<Self, String> {
        let msgs = payloads.iter().map(|p| M::decode(&p[..]).map_err(|e| e.to_string())).collect::<Result<_, _>>()?;
        Ok(ProstCase { payloads, msgs })
    }
}

impl<M: prost::Message + Default, const ZC: bool> Case for ProstCase<M, ZC> {
    fn run(&self, op: Op, iters: u64) -> Duration {
        match op {
            Op::Decode if ZC => timed(iters, || {
                for p in &self.payloads {
                    black_box(M::decode(black_box(p.clone())).unwrap());
                }
            }),
            Op::Decode => timed(iters, || {
                for p in &self.payloads {
                    black_box(M::decode(black_box(&p[..])).unwrap());
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
        self.payloads.iter().map(|p| M::decode(&p[..]).unwrap().encode_to_vec().len()).sum()
    }
}

/// buffa (owned messages).
pub struct BuffaCase<M> {
    payloads: Vec<Bytes>,
    msgs: Vec<M>,
}

impl<M: buffa::Message> BuffaCase<M> {
    fn new(payloads: Vec<Bytes>) -> Result<Self, String> {
        let msgs = payloads
            .iter()
            .map(|p| M::decode_from_slice(&p[..]).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        Ok(BuffaCase { payloads, msgs })
    }
}

impl<M: buffa::Message> Case for BuffaCase<M> {
    fn run(&self, op: Op, iters: u64) -> Duration {
        match op {
            Op::Decode => timed(iters, || {
                for p in &self.payloads {
                    black_box(M::decode_from_slice(black_box(&p[..])).unwrap());
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
        self.payloads.iter().map(|p| M::decode_from_slice(&p[..]).unwrap().encode_to_vec().len()).sum()
    }
}

/// buffa's views: decoding borrows the payload (strings and bytes as
/// `&str` and `&[u8]` into it), so only decoding is timed; the re-encoded
/// length goes through `to_owned_message`.
pub struct BuffaViewCase<M> {
    payloads: Vec<Bytes>,
    _m: std::marker::PhantomData<fn() -> M>,
}

impl<M: buffa::HasMessageView> BuffaViewCase<M> {
    fn new(payloads: Vec<Bytes>) -> Result<Self, String> {
        for p in &payloads {
            M::View::decode_view(&p[..]).map_err(|e| e.to_string())?;
        }
        Ok(BuffaViewCase { payloads, _m: std::marker::PhantomData })
    }
}

impl<M: buffa::HasMessageView> Case for BuffaViewCase<M> {
    fn run(&self, op: Op, iters: u64) -> Duration {
        assert_eq!(op, Op::Decode, "buffa views only decode");
        timed(iters, || {
            for p in &self.payloads {
                black_box(M::View::decode_view(black_box(&p[..])).unwrap());
            }
        })
    }

    fn reencoded_len(&self) -> usize {
        self.payloads
            .iter()
            .map(|p| M::View::decode_view(&p[..]).unwrap().to_owned_message().unwrap().encode_to_vec().len())
            .sum()
    }

    fn supports(&self, op: Op) -> bool {
        op == Op::Decode
    }
}

/// rust-protobuf 3.
pub struct RpbCase<M> {
    payloads: Vec<Bytes>,
    msgs: Vec<M>,
}

impl<M: protobuf::Message> RpbCase<M> {
    fn new(payloads: Vec<Bytes>) -> Result<Self, String> {
        let msgs = payloads
            .iter()
            .map(|p| M::parse_from_bytes(&p[..]).map_err(|e| e.to_string()))
            .collect::<Result<_, _>>()?;
        Ok(RpbCase { payloads, msgs })
    }
}

impl<M: protobuf::Message> Case for RpbCase<M> {
    fn run(&self, op: Op, iters: u64) -> Duration {
        match op {
            Op::Decode => timed(iters, || {
                for p in &self.payloads {
                    black_box(M::parse_from_bytes(black_box(&p[..])).unwrap());
                }
            }),
            Op::Encode => timed(iters, || {
                for m in &self.msgs {
                    black_box(black_box(m).write_to_bytes().unwrap());
                }
            }),
            Op::Size => timed(iters, || {
                for m in &self.msgs {
                    black_box(black_box(m).compute_size());
                }
            }),
        }
    }

    fn reencoded_len(&self) -> usize {
        self.payloads.iter().map(|p| M::parse_from_bytes(&p[..]).unwrap().write_to_bytes().unwrap().len()).sum()
    }
}

#[cfg(pw_cpp)]
impl Case for crate::cpp::CppPayloads {
    fn run(&self, op: Op, iters: u64) -> Duration {
        let op = match op {
            Op::Decode => crate::cpp::Op::Decode,
            Op::Encode => crate::cpp::Op::Encode,
            Op::Size => crate::cpp::Op::Size,
        };
        crate::cpp::CppPayloads::run(self, op, iters)
    }

    fn reencoded_len(&self) -> usize {
        crate::cpp::CppPayloads::reencoded_len(self).unwrap_or(0)
    }

    fn counts_allocs(&self) -> bool {
        false
    }
}

/// Why the C++ column is empty, or `None` if it is built.
pub fn cpp_skipped() -> Option<&'static str> {
    let why = include_str!(concat!(env!("OUT_DIR"), "/cpp_skipped.txt"));
    if cfg!(pw_cpp) { None } else { Some(if why.is_empty() { "not built" } else { why }) }
}

macro_rules! by_kind {
    ($kind:expr, $payloads:expr, $case:ident $(<$zc:literal>)?, $($m:ident)::+, desc: $desc:ty) => {{
        let p = $payloads;
        let case: Box<dyn Case> = match $kind {
            Kind::Gm1Proto2 => Box::new($case::<$($m)::+::benchmarks::proto2::GoogleMessage1 $(, $zc)?>::new(p)?),
            Kind::Gm1Proto3 => Box::new($case::<$($m)::+::benchmarks::proto3::GoogleMessage1 $(, $zc)?>::new(p)?),
            Kind::Gm2 => Box::new($case::<$($m)::+::benchmarks::proto2::GoogleMessage2 $(, $zc)?>::new(p)?),
            Kind::DescriptorSet => Box::new($case::<$desc $(, $zc)?>::new(p)?),
            Kind::Telemetry => Box::new($case::<$($m)::+::bench::telemetry::TracesData $(, $zc)?>::new(p)?),
            Kind::Chain => Box::new($case::<$($m)::+::bench::synthetic::Chain $(, $zc)?>::new(p)?),
            Kind::Blobs => Box::new($case::<$($m)::+::bench::synthetic::Blobs $(, $zc)?>::new(p)?),
            Kind::Mesh => Box::new($case::<$($m)::+::bench::synthetic::Mesh $(, $zc)?>::new(p)?),
            Kind::Flat => Box::new($case::<$($m)::+::bench::synthetic::Flat $(, $zc)?>::new(p)?),
        };
        case
    }};
}

/// The case of `who` on `data`, or why there is none (the contender is not
/// built, or it rejects the data).
pub fn case(who: Contender, data: &Dataset) -> Result<Box<dyn Case>, String> {
    let p = data.payloads.clone();
    Ok(match who {
        Contender::Protowire => by_kind!(data.kind, p, PwCase<false>, g::pw, desc: protowire::types::FileDescriptorSet),
        Contender::ProtowireBytes => {
            by_kind!(data.kind, p, PwCase<true>, g::pw_bytes, desc: protowire::types::FileDescriptorSet)
        }
        Contender::Prost => by_kind!(data.kind, p, ProstCase<false>, g::prost, desc: prost_types::FileDescriptorSet),
        Contender::ProstBytes => {
            by_kind!(data.kind, p, ProstCase<true>, g::prost_bytes, desc: prost_types::FileDescriptorSet)
        }
        Contender::Buffa => {
            by_kind!(data.kind, p, BuffaCase, g::buffa, desc: buffa_descriptor::generated::descriptor::FileDescriptorSet)
        }
        Contender::BuffaView => by_kind!(
            data.kind,
            p,
            BuffaViewCase,
            g::buffa,
            desc: buffa_descriptor::generated::descriptor::FileDescriptorSet
        ),
        Contender::RustProtobuf => rpb_case(data.kind, p)?,
        Contender::Cpp => cpp_case(data.kind, p)?,
    })
}

fn rpb_case(kind: Kind, p: Vec<Bytes>) -> Result<Box<dyn Case>, String> {
    use g::rpb;
    Ok(match kind {
        Kind::Gm1Proto2 => Box::new(RpbCase::<rpb::benchmark_message1_proto2::GoogleMessage1>::new(p)?),
        Kind::Gm1Proto3 => Box::new(RpbCase::<rpb::benchmark_message1_proto3::GoogleMessage1>::new(p)?),
        Kind::Gm2 => Box::new(RpbCase::<rpb::benchmark_message2::GoogleMessage2>::new(p)?),
        Kind::DescriptorSet => Box::new(RpbCase::<protobuf::descriptor::FileDescriptorSet>::new(p)?),
        Kind::Telemetry => Box::new(RpbCase::<rpb::telemetry::TracesData>::new(p)?),
        Kind::Chain => Box::new(RpbCase::<rpb::synthetic::Chain>::new(p)?),
        Kind::Blobs => Box::new(RpbCase::<rpb::synthetic::Blobs>::new(p)?),
        Kind::Mesh => Box::new(RpbCase::<rpb::synthetic::Mesh>::new(p)?),
        Kind::Flat => Box::new(RpbCase::<rpb::synthetic::Flat>::new(p)?),
    })
}

#[cfg(pw_cpp)]
fn cpp_case(kind: Kind, p: Vec<Bytes>) -> Result<Box<dyn Case>, String> {
    let case = crate::cpp::CppPayloads::new(kind.cpp_id(), p);
    case.reencoded_len().ok_or_else(|| "C++ failed to parse a payload".to_owned())?;
    Ok(Box::new(case))
}

#[cfg(not(pw_cpp))]
fn cpp_case(_: Kind, _: Vec<Bytes>) -> Result<Box<dyn Case>, String> {
    Err(format!("skipped: {}", cpp_skipped().unwrap_or("not built")))
}
