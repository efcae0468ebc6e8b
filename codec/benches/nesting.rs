//! Encode cost per nesting level: with sizes computed once per message (the
//! size pass) and lengths taken from the back-to-front write, the cost per
//! level stays flat as depth grows. An encoder that recomputes nested sizes
//! at each level (prost's) grows linearly per level, quadratically overall.

#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use protowire::Message;

#[path = "../tests/common/mod.rs"]
mod common;

fn nesting(c: &mut Criterion) {
    let mut group = c.benchmark_group("encode_chain");
    for depth in [1usize, 10, 100, 1000] {
        let msg = common::chain(depth);
        group.throughput(Throughput::Elements(depth as u64));
        group.bench_with_input(BenchmarkId::from_parameter(depth), &msg, |b, msg| {
            b.iter(|| msg.encode_partial_to_vec().unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, nesting);
criterion_main!(benches);
