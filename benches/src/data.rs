//! The datasets: Google's three benchmark datasets, a `FileDescriptorSet`,
//! and three made here, deterministically (a seeded RNG): an
//! OpenTelemetry-like trace batch of about 1 MB, a depth-100 chain of
//! nested messages, a message of large bytes fields, a mesh of many tiny
//! nested messages, and a thousand flat scalar-only messages.
//!
//! The made-up ones are built with the prost types and encoded by prost,
//! so their bytes do not depend on protowire.

use crate::generated::prost::bench::{synthetic, telemetry};
use crate::generated::prost::benchmarks::BenchmarkDataset;

/// Which message type a dataset's payloads are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `benchmarks.proto2.GoogleMessage1`.
    Gm1Proto2,
    /// `benchmarks.proto3.GoogleMessage1`.
    Gm1Proto3,
    /// `benchmarks.proto2.GoogleMessage2`.
    Gm2,
    /// `google.protobuf.FileDescriptorSet`.
    DescriptorSet,
    /// `bench.telemetry.TracesData`.
    Telemetry,
    /// `bench.synthetic.Chain`.
    Chain,
    /// `bench.synthetic.Blobs`.
    Blobs,
    /// `bench.synthetic.Mesh`.
    Mesh,
    /// `bench.synthetic.Flat`.
    Flat,
}

impl Kind {
    /// The number the C++ shim's `dispatch` uses.
    pub fn cpp_id(self) -> i32 {
        self as i32
    }
}

/// One dataset: a name, a message type, payloads.
pub struct Dataset {
    /// Short name shown in the report.
    pub name: &'static str,
    /// The payloads' message type.
    pub kind: Kind,
    /// Encoded messages; a benchmark iteration goes over all of them.
    pub payloads: Vec<bytes::Bytes>,
}

impl Dataset {
    /// Sum of the payload lengths: the bytes one iteration processes.
    pub fn total_bytes(&self) -> usize {
        self.payloads.iter().map(bytes::Bytes::len).sum()
    }
}

/// Every dataset, in report order.
pub fn all() -> Vec<Dataset> {
    vec![
        google("gm1_proto2", Kind::Gm1Proto2, "dataset.google_message1_proto2.pb"),
        google("gm1_proto3", Kind::Gm1Proto3, "dataset.google_message1_proto3.pb"),
        google("gm2", Kind::Gm2, "dataset.google_message2.pb"),
        Dataset {
            name: "descriptor_set",
            kind: Kind::DescriptorSet,
            payloads: vec![bytes::Bytes::from_static(DESCRIPTOR_SET)],
        },
        Dataset { name: "telemetry_1mb", kind: Kind::Telemetry, payloads: vec![telemetry_batch().into()] },
        Dataset { name: "chain_depth100", kind: Kind::Chain, payloads: vec![chain(100).into()] },
        Dataset { name: "bytes_64k", kind: Kind::Blobs, payloads: vec![blobs().into()] },
        Dataset { name: "mesh_4k_faces", kind: Kind::Mesh, payloads: vec![mesh(4096).into()] },
        Dataset { name: "flat_scalars", kind: Kind::Flat, payloads: flats(1000).into_iter().map(Into::into).collect() },
    ]
}

/// `protoc --descriptor_set_out --include_imports --include_source_info` of
/// descriptor.proto, the conformance and the benchmark protos (build.rs).
pub static DESCRIPTOR_SET: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fds.pb"));

/// Loads one of Google's `BenchmarkDataset` files from `datasets/`.
///
/// # Panics
///
/// If the file is missing or does not decode: the data is part of the repo.
pub fn google(name: &'static str, kind: Kind, file: &str) -> Dataset {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets").join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let set: BenchmarkDataset =
        prost::Message::decode(&bytes[..]).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Dataset { name, kind, payloads: set.payload.into_iter().map(Into::into).collect() }
}

/// SplitMix64: small, seeded, the same on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0; the modulo bias does not matter here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    /// `n` random bytes.
    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        let mut v = Vec::with_capacity(n + 8);
        while v.len() < n {
            v.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        v.truncate(n);
        v
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const SERVICES: &[&str] = &["checkout", "cart", "payment", "inventory", "frontend", "shipping", "auth", "search"];
const ROUTES: &[&str] = &[
    "/api/v1/cart/items",
    "/api/v1/checkout",
    "/api/v2/search?q=widgets",
    "/healthz",
    "/api/v1/users/{id}/orders",
    "/static/app.js",
];
const METHODS: &[&str] = &["GET", "POST", "PUT", "DELETE"];
const EVENTS: &[&str] = &["exception", "retry", "cache.miss", "db.query.start", "db.query.end", "message.sent"];
const HOSTS: &[&str] = &["ip-10-0-1-17.ec2.internal", "node-a7f3", "worker-12.prod.example.net", "localhost"];
const STATEMENTS: &[&str] = &[
    "SELECT id, sku, qty FROM cart_items WHERE cart_id = $1",
    "UPDATE inventory SET reserved = reserved + $1 WHERE sku = $2",
    "INSERT INTO orders (user_id, total_cents, currency) VALUES ($1, $2, $3) RETURNING id",
];

fn kv(key: &str, value: telemetry::any_value::Value) -> telemetry::KeyValue {
    telemetry::KeyValue { key: key.to_owned(), value: Some(telemetry::AnyValue { value: Some(value) }) }
}

fn s(v: &str) -> telemetry::any_value::Value {
    telemetry::any_value::Value::StringValue(v.to_owned())
}

fn span_attributes(rng: &mut Rng) -> Vec<telemetry::KeyValue> {
    use telemetry::any_value::Value;
    let mut attrs = vec![
        kv("http.method", s(rng.pick(METHODS))),
        kv("http.route", s(rng.pick(ROUTES))),
        kv("http.status_code", Value::IntValue([200, 200, 200, 201, 404, 500][rng.below(6) as usize])),
        kv("net.peer.name", s(rng.pick(HOSTS))),
        kv("net.peer.port", Value::IntValue(1024 + rng.below(60000) as i64)),
        kv("http.response_content_length", Value::IntValue(rng.below(1 << 20) as i64)),
        kv("sampling.ratio", Value::DoubleValue(rng.below(1000) as f64 / 1000.0)),
        kv("retry", Value::BoolValue(rng.below(8) == 0)),
    ];
    if rng.below(3) == 0 {
        attrs.push(kv("db.statement", s(rng.pick(STATEMENTS))));
        attrs.push(kv("db.rows_affected", Value::IntValue(rng.below(500) as i64)));
    }
    if rng.below(4) == 0 {
        attrs.push(kv("request.id", Value::BytesValue(rng.bytes(16))));
    }
    attrs
}

fn span(rng: &mut Rng, trace_id: &[u8], start: u64) -> telemetry::Span {
    use telemetry::any_value::Value;
    let duration = 1000 + rng.below(50_000_000);
    let events = (0..rng.below(4))
        .map(|i| telemetry::span::Event {
            time_unix_nano: start + i * 1000,
            name: rng.pick(EVENTS).to_owned(),
            attributes: vec![
                kv("event.sequence", Value::IntValue(i as i64)),
                kv("message", s("operation took longer than expected; retrying with backoff")),
            ],
            dropped_attributes_count: 0,
        })
        .collect();
    let links = (0..rng.below(3))
        .map(|_| telemetry::span::Link {
            trace_id: rng.bytes(16),
            span_id: rng.bytes(8),
            trace_state: String::new(),
            attributes: vec![kv("link.kind", s("follows_from"))],
            dropped_attributes_count: 0,
            flags: 1,
        })
        .collect();
    let error = rng.below(20) == 0;
    telemetry::Span {
        trace_id: trace_id.to_vec(),
        span_id: rng.bytes(8),
        trace_state: if rng.below(10) == 0 { "vendor=abc123,congo=t61rcWkgMzE".to_owned() } else { String::new() },
        parent_span_id: if rng.below(5) == 0 { Vec::new() } else { rng.bytes(8) },
        name: format!("{} {}", rng.pick(METHODS), rng.pick(ROUTES)),
        kind: 1 + rng.below(5) as i32,
        start_time_unix_nano: start,
        end_time_unix_nano: start + duration,
        attributes: span_attributes(rng),
        dropped_attributes_count: 0,
        events,
        dropped_events_count: 0,
        links,
        dropped_links_count: 0,
        status: Some(telemetry::Status {
            message: if error {
                "upstream connect error or disconnect/reset before headers".to_owned()
            } else {
                String::new()
            },
            code: if error { 2 } else { 1 },
        }),
        flags: 0x100,
    }
}

/// A `TracesData` of about 1 MB (spans are added until it is over 1 MiB):
/// 4 resources × 2 scopes, spans spread round-robin over them.
pub fn telemetry_batch() -> Vec<u8> {
    use telemetry::any_value::Value;
    let mut rng = Rng::new(0x7e1e_e7e7);
    let mut batch = telemetry::TracesData {
        resource_spans: (0..4)
            .map(|r| telemetry::ResourceSpans {
                resource: Some(telemetry::Resource {
                    attributes: vec![
                        kv("service.name", s(SERVICES[r])),
                        kv("service.version", s("1.42.0")),
                        kv("host.name", s(HOSTS[r % HOSTS.len()])),
                        kv("process.pid", Value::IntValue(1000 + r as i64)),
                        kv("telemetry.sdk.language", s("rust")),
                    ],
                    dropped_attributes_count: 0,
                }),
                scope_spans: (0..2)
                    .map(|sc| telemetry::ScopeSpans {
                        scope: Some(telemetry::InstrumentationScope {
                            name: ["io.opentelemetry.http", "io.opentelemetry.db"][sc].to_owned(),
                            version: "0.27.1".to_owned(),
                            attributes: Vec::new(),
                            dropped_attributes_count: 0,
                        }),
                        spans: Vec::new(),
                        schema_url: "https://opentelemetry.io/schemas/1.21.0".to_owned(),
                    })
                    .collect(),
                schema_url: String::new(),
            })
            .collect(),
    };
    let mut start = 1_700_000_000_000_000_000u64;
    let mut trace_id = rng.bytes(16);
    let mut n = 0usize;
    loop {
        for _ in 0..64 {
            if n.is_multiple_of(8) {
                trace_id = rng.bytes(16);
            }
            start += rng.below(1_000_000);
            let sp = span(&mut rng, &trace_id, start);
            batch.resource_spans[n % 4].scope_spans[n / 4 % 2].spans.push(sp);
            n += 1;
        }
        if prost::Message::encoded_len(&batch) >= 1 << 20 {
            return prost::Message::encode_to_vec(&batch);
        }
    }
}

/// `depth` nested `Chain` messages (the outermost counts as one).
pub fn chain(depth: usize) -> Vec<u8> {
    let mut node: Option<Box<synthetic::Chain>> = None;
    for i in (0..depth).rev() {
        node = Some(Box::new(synthetic::Chain { next: node, id: i as i64 * 7919, label: format!("level-{i}") }));
    }
    prost::Message::encode_to_vec(&*node.expect("depth > 0"))
}

/// Four 64 KiB bytes fields plus two 64 KiB repeated chunks.
pub fn blobs() -> Vec<u8> {
    let mut rng = Rng::new(0xb10b);
    const K64: usize = 64 * 1024;
    let msg = synthetic::Blobs {
        name: "blob-batch-0001".to_owned(),
        a: rng.bytes(K64),
        b: rng.bytes(K64),
        c: rng.bytes(K64),
        d: rng.bytes(K64),
        chunks: vec![rng.bytes(K64), rng.bytes(K64)],
        checksum: rng.next_u64(),
    };
    prost::Message::encode_to_vec(&msg)
}

/// `faces` quads, each four `Vec3` messages of three floats and a material.
pub fn mesh(faces: usize) -> Vec<u8> {
    let mut rng = Rng::new(0x3e54);
    let mut v = || synthetic::Vec3 {
        x: rng.below(1 << 20) as f32 / 1024.0,
        y: rng.below(1 << 20) as f32 / 1024.0,
        z: rng.below(1 << 20) as f32 / 1024.0,
    };
    let faces = (0..faces)
        .map(|i| synthetic::Face { a: Some(v()), b: Some(v()), c: Some(v()), d: Some(v()), material: (i % 7) as u32 })
        .collect();
    prost::Message::encode_to_vec(&synthetic::Mesh { faces })
}

/// `n` messages of sixteen scalar fields each, all set, values of every size.
pub fn flats(n: usize) -> Vec<Vec<u8>> {
    let mut rng = Rng::new(0xf1a7);
    (0..n)
        .map(|_| {
            let wide = rng.next_u64() >> rng.below(64);
            let msg = synthetic::Flat {
                a: wide as i32,
                b: (wide as i64).wrapping_sub(1 << 40),
                c: (wide >> 3) as u32,
                d: wide,
                e: (wide as i32 >> 8).wrapping_neg(),
                f: (wide as i64).wrapping_neg(),
                g: wide as u32,
                h: wide,
                i: (wide as i32).wrapping_neg(),
                j: wide as i64,
                k: wide as f32 / 3.0,
                l: wide as f64 / 7.0,
                m: wide & 1 == 1,
                n: rng.below(100) as i32,
                o: rng.below(1 << 33) as i64,
                p: rng.below(300) as u32,
            };
            prost::Message::encode_to_vec(&msg)
        })
        .collect()
}
