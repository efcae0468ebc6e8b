//! Criterion benches over the same cases as the report: every dataset ×
//! contender × {decode, encode, size}. Filter as usual, e.g.
//! `cargo bench -p protowire-benches --bench compare -- 'gm2/decode'`.

#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use protowire_benches::data;
use protowire_benches::harness::{self, Contender, Op};

fn compare(c: &mut Criterion) {
    for data in data::all() {
        let mut group = c.benchmark_group(data.name);
        group.throughput(Throughput::Bytes(data.total_bytes() as u64));
        for who in Contender::ALL {
            let Ok(case) = harness::case(who, &data) else { continue };
            for (op, name) in [(Op::Decode, "decode"), (Op::Encode, "encode"), (Op::Size, "size")] {
                group.bench_function(format!("{name}/{}", who.label()), |b| b.iter_custom(|n| case.run(op, n)));
            }
        }
        group.finish();
    }
}

criterion_group!(benches, compare);
criterion_main!(benches);
