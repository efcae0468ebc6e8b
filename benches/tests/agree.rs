//! Every contender decodes every dataset and re-encodes it to the same
//! length as prost (except where the report says it cannot), so the
//! report compares like with like.

use protowire_benches::data;
use protowire_benches::harness::{self, Contender, Op};

#[test]
fn contenders_agree_on_every_dataset() {
    for data in data::all() {
        let reference = harness::case(Contender::Prost, &data).unwrap().reencoded_len();
        for who in Contender::ALL {
            // rust-protobuf 3 skips proto2 groups, which GoogleMessage2 is full of.
            if who == Contender::RustProtobuf && data.name == "gm2" {
                continue;
            }
            let case = match harness::case(who, &data) {
                Ok(case) => case,
                Err(e) if who == Contender::Cpp && harness::cpp_skipped().is_some() => {
                    eprintln!("C++ skipped: {e}");
                    continue;
                }
                Err(e) => panic!("{} on {}: {e}", who.label(), data.name),
            };
            assert_eq!(case.reencoded_len(), reference, "{} on {}", who.label(), data.name);
            for op in [Op::Decode, Op::Encode, Op::Size] {
                case.run(op, 1);
            }
        }
    }
}

#[test]
fn made_up_datasets_are_deterministic_and_sized() {
    let telemetry = data::telemetry_batch();
    assert_eq!(telemetry, data::telemetry_batch());
    assert!((1 << 20..(1 << 20) + 100_000).contains(&telemetry.len()), "{}", telemetry.len());
    assert!(data::blobs().len() > 6 * 64 * 1024);
}
