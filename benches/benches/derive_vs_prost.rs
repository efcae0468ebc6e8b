//! GoogleMessage1 (proto3) decode and encode, protowire vs prost, each
//! through its own derive on the same schema and the same bytes.

#![allow(missing_docs)]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use protowire_benches::dataset;
use protowire_benches::gm1::{PrGoogleMessage1, PwGoogleMessage1};

fn gm1(c: &mut Criterion) {
    let data = dataset("dataset.google_message1_proto3.pb");
    let bytes: usize = data.payload.iter().map(Vec::len).sum();
    let pw: Vec<PwGoogleMessage1> = data.payload.iter().map(|p| protowire::Message::decode(&p[..]).unwrap()).collect();
    let pr: Vec<PrGoogleMessage1> = data.payload.iter().map(|p| prost::Message::decode(&p[..]).unwrap()).collect();

    let mut group = c.benchmark_group("gm1_proto3");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("decode/protowire", |b| {
        b.iter(|| {
            for p in &data.payload {
                std::hint::black_box(<PwGoogleMessage1 as protowire::Message>::decode(&p[..]).unwrap());
            }
        })
    });
    group.bench_function("decode/prost", |b| {
        b.iter(|| {
            for p in &data.payload {
                std::hint::black_box(<PrGoogleMessage1 as prost::Message>::decode(&p[..]).unwrap());
            }
        })
    });
    group.bench_function("encode/protowire", |b| {
        b.iter(|| {
            for m in &pw {
                std::hint::black_box(protowire::Message::encode_to_vec(m).unwrap());
            }
        })
    });
    group.bench_function("encode/prost", |b| {
        b.iter(|| {
            for m in &pr {
                std::hint::black_box(prost::Message::encode_to_vec(m));
            }
        })
    });
    group.bench_function("size/protowire", |b| {
        b.iter(|| pw.iter().map(|m| protowire::Message::encoded_len(std::hint::black_box(m))).sum::<usize>())
    });
    group.bench_function("size/prost", |b| {
        b.iter(|| pr.iter().map(|m| prost::Message::encoded_len(std::hint::black_box(m))).sum::<usize>())
    });
    group.finish();
}

criterion_group!(benches, gm1);
criterion_main!(benches);
