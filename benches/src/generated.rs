//! Every contender's generated code, one module each, laid out by package
//! (`benchmarks::proto2`, `bench::telemetry`, …). Only the code-size
//! binaries use `protobuf_test_messages`.

#![allow(missing_docs, clippy::all, clippy::pedantic, unused_qualifications, non_camel_case_types)]

/// Includes `$dir/<package>.rs` files (protowire and prost name them so)
/// into modules mirroring the package path; with `json: true`, also
/// pbjson's `$dir/<package>.serde.rs` for the JSON table's packages.
macro_rules! packages {
    ($dir:literal, test_messages: $tm:tt) => {
        packages!($dir, test_messages: $tm, json: false);
    };
    ($dir:literal, test_messages: $tm:tt, json: $json:tt) => {
        pub mod benchmarks {
            include!(concat!(env!("OUT_DIR"), "/", $dir, "/benchmarks.rs"));
            pub mod proto2 {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/benchmarks.proto2.rs"));
            }
            pub mod proto3 {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/benchmarks.proto3.rs"));
                packages!(@json $dir, $json, "benchmarks.proto3");
            }
        }
        pub mod bench {
            pub mod telemetry {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/bench.telemetry.rs"));
                packages!(@json $dir, $json, "bench.telemetry");
            }
            pub mod synthetic {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/bench.synthetic.rs"));
            }
        }
        packages!(@tm $dir, $tm);
    };
    (@tm $dir:literal, true) => {
        pub mod protobuf_test_messages {
            pub mod proto2 {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/protobuf_test_messages.proto2.rs"));
            }
            pub mod proto3 {
                include!(concat!(env!("OUT_DIR"), "/", $dir, "/protobuf_test_messages.proto3.rs"));
            }
        }
    };
    (@tm $dir:literal, false) => {};
    (@json $dir:literal, true, $package:literal) => {
        include!(concat!(env!("OUT_DIR"), "/", $dir, "/", $package, ".serde.rs"));
    };
    (@json $dir:literal, false, $package:literal) => {};
}

/// protowire, default options (`Vec<u8>` for bytes).
#[allow(warnings)]
pub mod pw {
    packages!("pw", test_messages: true);
}

/// protowire with `Config::bytes(["."])` (`bytes::Bytes` for bytes).
#[allow(warnings)]
pub mod pw_bytes {
    packages!("pw_bytes", test_messages: false);
}

/// prost-build, default options, with pbjson's serde impls for the JSON table.
#[allow(warnings)]
pub mod prost {
    packages!("prost", test_messages: true, json: true);
}

/// prost-build with `Config::bytes(["."])`.
#[allow(warnings)]
pub mod prost_bytes {
    packages!("prost_bytes", test_messages: false);
}

/// buffa-build (owned types and their borrowed views).
#[allow(warnings)]
pub mod buffa {
    include!(concat!(env!("OUT_DIR"), "/buffa/mod.rs"));
}

/// rust-protobuf 3 (protobuf-codegen, pure-Rust parser): one module per file.
#[allow(warnings)]
pub mod rpb {
    macro_rules! files {
        ($($name:ident),*) => {$(
            pub mod $name {
                include!(concat!(env!("OUT_DIR"), "/rpb/", stringify!($name), ".rs"));
            }
        )*};
    }
    files!(
        benchmarks,
        benchmark_message1_proto2,
        benchmark_message1_proto3,
        benchmark_message2,
        telemetry,
        synthetic,
        test_messages_proto2,
        test_messages_proto3
    );
}
