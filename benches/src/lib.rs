//! Benchmarks of protowire against prost, buffa, rust-protobuf and C++ (see
//! issue 7). For now: `GoogleMessage1` through both derives.

pub mod gm1;

use protowire::Message;

/// A `benchmarks.BenchmarkDataset`: the payloads of one benchmark.
#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "benchmarks.BenchmarkDataset")]
pub struct BenchmarkDataset {
    /// The dataset's name.
    #[proto(1)]
    pub name: String,
    /// The full name of the payloads' message type.
    #[proto(2)]
    pub message_name: String,
    /// Encoded messages.
    #[proto(3)]
    pub payload: Vec<Vec<u8>>,
}

/// Loads a dataset shipped in `datasets/`.
///
/// # Panics
///
/// If the file is missing or does not decode: the data is part of the repo.
pub fn dataset(file: &str) -> BenchmarkDataset {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    BenchmarkDataset::decode(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
