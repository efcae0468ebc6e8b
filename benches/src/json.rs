//! The proto3 JSON mapping, side by side: `protowire::json` against prost
//! with pbjson's generated serde impls and buffa's generated serde impls,
//! both driven by `serde_json`. Each contender prints its own messages
//! (decoded from the dataset's binary payloads) and parses its own text;
//! making a case checks that its text parses back to the same binary
//! encoding.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::data::{Dataset, Kind};
use crate::generated as g;
use crate::harness::Contender;

/// The contenders with a JSON mapping, in table column order.
pub const CONTENDERS: [Contender; 3] = [Contender::Protowire, Contender::Prost, Contender::Buffa];

/// The datasets the JSON table runs: numbers and nesting, and strings.
pub const DATASETS: [&str; 2] = ["gm1_proto3", "telemetry_1mb"];

/// What is timed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonOp {
    /// Print every pre-decoded message as a new `String`.
    Encode,
    /// Parse every text into a fresh message.
    Decode,
}

/// One contender on one dataset.
pub trait JsonCase {
    /// Runs `op` over all messages `iters` times and returns the time taken.
    fn run(&self, op: JsonOp, iters: u64) -> Duration;
    /// The length of all its JSON texts together.
    fn json_len(&self) -> usize;
}

/// A JSON library's three calls, for one message type.
trait Codec {
    type Msg;
    fn from_binary(bytes: &[u8]) -> Result<Self::Msg, String>;
    fn to_binary(msg: &Self::Msg) -> Vec<u8>;
    fn print(msg: &Self::Msg) -> Result<String, String>;
    fn parse(text: &str) -> Result<Self::Msg, String>;
}

struct Case<C: Codec> {
    msgs: Vec<C::Msg>,
    texts: Vec<String>,
}

impl<C: Codec> Case<C> {
    fn new(payloads: &[Bytes]) -> Result<Self, String> {
        let msgs = payloads.iter().map(|p| C::from_binary(p)).collect::<Result<Vec<_>, _>>()?;
        let texts = msgs.iter().map(C::print).collect::<Result<Vec<_>, _>>()?;
        for (msg, text) in msgs.iter().zip(&texts) {
            if C::to_binary(&C::parse(text)?) != C::to_binary(msg) {
                return Err("its JSON does not parse back to the same message".to_owned());
            }
        }
        Ok(Case { msgs, texts })
    }
}

impl<C: Codec> JsonCase for Case<C> {
    fn run(&self, op: JsonOp, iters: u64) -> Duration {
        let start = Instant::now();
        for _ in 0..iters {
            match op {
                JsonOp::Encode => {
                    for m in &self.msgs {
                        black_box(C::print(black_box(m)).unwrap());
                    }
                }
                JsonOp::Decode => {
                    for t in &self.texts {
                        black_box(C::parse(black_box(t)).unwrap());
                    }
                }
            }
        }
        start.elapsed()
    }

    fn json_len(&self) -> usize {
        self.texts.iter().map(String::len).sum()
    }
}

struct Pw<M>(M);

impl<M: protowire::Message> Codec for Pw<M> {
    type Msg = M;
    fn from_binary(bytes: &[u8]) -> Result<M, String> {
        M::decode(bytes).map_err(|e| e.to_string())
    }
    fn to_binary(msg: &M) -> Vec<u8> {
        msg.encode_to_vec().unwrap()
    }
    fn print(msg: &M) -> Result<String, String> {
        protowire::json::to_string(msg).map_err(|e| e.to_string())
    }
    fn parse(text: &str) -> Result<M, String> {
        protowire::json::from_str(text).map_err(|e| e.to_string())
    }
}

/// prost types with pbjson's serde impls.
struct Pbjson<M>(M);

impl<M: prost::Message + Default + serde::Serialize + serde::de::DeserializeOwned> Codec for Pbjson<M> {
    type Msg = M;
    fn from_binary(bytes: &[u8]) -> Result<M, String> {
        M::decode(bytes).map_err(|e| e.to_string())
    }
    fn to_binary(msg: &M) -> Vec<u8> {
        msg.encode_to_vec()
    }
    fn print(msg: &M) -> Result<String, String> {
        serde_json::to_string(msg).map_err(|e| e.to_string())
    }
    fn parse(text: &str) -> Result<M, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// buffa's owned types with its generated serde impls.
struct BuffaJson<M>(M);

impl<M: buffa::Message + serde::Serialize + serde::de::DeserializeOwned> Codec for BuffaJson<M> {
    type Msg = M;
    fn from_binary(bytes: &[u8]) -> Result<M, String> {
        M::decode_from_slice(bytes).map_err(|e| e.to_string())
    }
    fn to_binary(msg: &M) -> Vec<u8> {
        msg.encode_to_vec()
    }
    fn print(msg: &M) -> Result<String, String> {
        serde_json::to_string(msg).map_err(|e| e.to_string())
    }
    fn parse(text: &str) -> Result<M, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }
}

/// The JSON case of `who` on `data`, or why there is none.
pub fn case(who: Contender, data: &Dataset) -> Result<Box<dyn JsonCase>, String> {
    let p = &data.payloads;
    Ok(match (who, data.kind) {
        (Contender::Protowire, Kind::Gm1Proto3) => {
            Box::new(Case::<Pw<g::pw::benchmarks::proto3::GoogleMessage1>>::new(p)?)
        }
        (Contender::Protowire, Kind::Telemetry) => Box::new(Case::<Pw<g::pw::bench::telemetry::TracesData>>::new(p)?),
        (Contender::Prost, Kind::Gm1Proto3) => {
            Box::new(Case::<Pbjson<g::prost::benchmarks::proto3::GoogleMessage1>>::new(p)?)
        }
        (Contender::Prost, Kind::Telemetry) => {
            Box::new(Case::<Pbjson<g::prost::bench::telemetry::TracesData>>::new(p)?)
        }
        (Contender::Buffa, Kind::Gm1Proto3) => {
            Box::new(Case::<BuffaJson<g::buffa::benchmarks::proto3::GoogleMessage1>>::new(p)?)
        }
        (Contender::Buffa, Kind::Telemetry) => {
            Box::new(Case::<BuffaJson<g::buffa::bench::telemetry::TracesData>>::new(p)?)
        }
        (who, _) => return Err(format!("no JSON case for {} on {}", who.label(), data.name)),
    })
}
