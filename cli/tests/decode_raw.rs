//! `protowire decode --raw` prints what `protoc --decode_raw` prints, byte
//! for byte, on Google's benchmark datasets (nested messages, strings,
//! fixed widths, groups); bad input and bad arguments exit with the codes
//! the docs promise.
#![allow(missing_docs)]

mod common;

use std::path::{Path, PathBuf};

use common::{protowire, run};

fn datasets() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../datasets");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pb"))
        .collect();
    files.sort();
    files
}

#[test]
fn matches_protoc_decode_raw_on_the_datasets() {
    let protoc = protoc_bin_vendored::protoc_bin_path().unwrap();
    let files = datasets();
    assert_eq!(files.len(), 3);
    for file in files {
        let input = std::fs::read(&file).unwrap();
        let ours = protowire(&["decode", "--raw"], &input);
        assert!(ours.status.success(), "{}: {}", file.display(), String::from_utf8_lossy(&ours.stderr));
        let theirs = run(&protoc, &["--decode_raw"], &input);
        assert!(theirs.status.success(), "protoc --decode_raw failed on {}", file.display());
        let (ours, theirs) = (String::from_utf8(ours.stdout).unwrap(), String::from_utf8(theirs.stdout).unwrap());
        if ours != theirs {
            let line = ours.lines().zip(theirs.lines()).position(|(a, b)| a != b).unwrap_or(0);
            panic!(
                "{}: differs from protoc at line {}:\n  ours:   {:?}\n  protoc: {:?}",
                file.display(),
                line + 1,
                ours.lines().nth(line),
                theirs.lines().nth(line)
            );
        }
    }
}

#[test]
fn delimited_streams_print_each_message() {
    // Two messages: {1: 150} and {2: "hi!"}, each after its length ("hi"
    // alone would read as field 13, as protoc reads it too).
    let stream = [&[3, 0x08, 0x96, 0x01][..], &[5, 0x12, 3, b'h', b'i', b'!']].concat();
    let out = protowire(&["decode", "--raw", "--delimited"], &stream);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "1: 150\n\n2: \"hi!\"\n");
}

#[test]
fn bad_input_exits_1_naming_where() {
    // A length prefix past the end.
    let out = protowire(&["decode", "--raw"], &[0x0a, 5, b'a']);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("the input is not protobuf"), "{out:?}");
    // The second message of a stream is truncated.
    let out = protowire(&["decode", "--raw", "--delimited"], &[2, 0x08, 1, 9, 0x08]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("message 1 (at byte 3)"), "{out:?}");
}

#[test]
fn bad_arguments_exit_2() {
    for args in [&[][..], &["encode"], &["decode"], &["decode", "--raw", "--nope"]] {
        let out = protowire(args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("usage: protowire decode --raw"), "{args:?}");
    }
}
