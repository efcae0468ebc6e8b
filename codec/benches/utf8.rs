//! UTF-8 validation, the standard library's against `simdutf8`'s, by
//! length and for ASCII and mixed text; and the decode of a `string` field
//! holding the same text, which uses whichever `field/utf8.rs` picks.

#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use protowire::Message;
use std::hint::black_box;

#[derive(Clone, Debug, Default, PartialEq, Message)]
#[proto(package = "bench")]
struct Text {
    #[proto(1)]
    text: String,
}

fn utf8(c: &mut Criterion) {
    for (name, unit) in [("ascii", "abcdefgh"), ("mixed", "aé€😀bcd")] {
        let mut group = c.benchmark_group(format!("utf8_{name}"));
        for len in [16usize, 64, 256, 4096, 65536] {
            let text: String = unit.chars().cycle().take(len).collect();
            let encoded = Text { text: text.clone() }.encode_to_vec().unwrap();
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new("std", text.len()), text.as_bytes(), |b, t| {
                b.iter(|| std::str::from_utf8(black_box(t)).is_ok());
            });
            group.bench_with_input(BenchmarkId::new("simdutf8", text.len()), text.as_bytes(), |b, t| {
                b.iter(|| simdutf8::basic::from_utf8(black_box(t)).is_ok());
            });
            group.bench_with_input(BenchmarkId::new("decode", text.len()), &encoded[..], |b, e| {
                b.iter(|| Text::decode(black_box(e)).unwrap());
            });
        }
        group.finish();
    }
}

criterion_group!(benches, utf8);
criterion_main!(benches);
