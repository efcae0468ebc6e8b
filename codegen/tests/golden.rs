//! Golden tests: generated code for the fixtures in `tests/protos/golden`
//! must equal the files in `tests/golden`. `BLESS=1 cargo test -p
//! protowire-codegen` rewrites them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use protowire_codegen::Config;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn golden_dir() -> PathBuf {
    root().join("golden")
}

fn bless() -> bool {
    std::env::var_os("BLESS").is_some_and(|v| v != "0")
}

/// Generates `protos` (under `tests/protos`) with `config` and compares
/// each package file with its golden file. Returns the file names.
fn check(config: &Config, protos: &[&str]) -> Vec<String> {
    let include = root().join("protos");
    // Bundled files (google/protobuf/...) are named by import path.
    let protos: Vec<PathBuf> =
        protos.iter().map(|p| if p.starts_with("google/") { p.into() } else { include.join(p) }).collect();
    let generated = config.generate_files(&protos, &[&include]).unwrap_or_else(|e| panic!("generation failed: {e}"));
    let mut failures = Vec::new();
    for (name, code) in &generated {
        let path = golden_dir().join(name);
        syn::parse_file(code).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        if bless() {
            fs::write(&path, code).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&path).unwrap_or_default();
        if expected != *code {
            failures.push(format!("{}:\n{}", path.display(), diff(&expected, code)));
        }
    }
    assert!(
        failures.is_empty(),
        "generated code differs from the golden files (run with BLESS=1 to accept):\n\n{}",
        failures.join("\n\n")
    );
    generated.into_iter().map(|(name, _)| name).collect()
}

/// The first differing lines, with some context, as `-`/`+` lines.
fn diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let first = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    let from = first.saturating_sub(3);
    let mut out = format!("first difference at line {}\n", first + 1);
    for line in &e[from..first] {
        out.push_str(&format!("  {line}\n"));
    }
    for line in e.iter().skip(first).take(8) {
        out.push_str(&format!("- {line}\n"));
    }
    for line in a.iter().skip(first).take(8) {
        out.push_str(&format!("+ {line}\n"));
    }
    if expected.is_empty() {
        out.push_str("(golden file missing or empty)\n");
    }
    out
}

#[test]
fn golden() {
    let mut names = BTreeSet::new();
    names.extend(check(&Config::new(), &["golden/proto2.proto"]));
    names.extend(check(&Config::new(), &["golden/proto3.proto"]));
    names.extend(check(&Config::new(), &["golden/prelude.proto"]));
    names.extend(check(&Config::new(), &["golden/odd.proto"]));
    // Editions files go through protoc (the vendored one).
    names.extend(check(&Config::new(), &["golden/editions.proto"]));
    names.extend(check(&Config::new(), &["golden/editions2024.proto"]));
    names.extend(check(Config::new().unchecked_strings_as_bytes(["."]), &["golden/unchecked.proto"]));
    // The well-known types map to `crate::google::protobuf` here, so that
    // tests/compile.rs can compile these files next to the generated WKTs.
    names.extend(check(
        Config::new().extern_path(".google.protobuf", "crate::google::protobuf"),
        &["golden/imports/a.proto", "golden/imports/b.proto", "golden/imports/nopkg.proto"],
    ));
    names.extend(check(
        Config::new()
            .btree_map(["."])
            .bytes([".golden.options.Blob"])
            .zero_copy([".golden.options.Text"])
            .boxed([".golden.options.Blob.small"])
            .type_attribute(".golden.options.Small", "#[derive(Eq, Hash)]")
            .field_attribute("Blob.data", "#[doc = \" Raw data.\"]"),
        &["golden/options.proto"],
    ));
    // Services: tonic clients and servers beside the messages.
    names.extend(check(Config::new().build_client(true).build_server(true), &["golden/services.proto"]));
    // The well-known types are checked against the runtime's own copy in
    // tests/well_known.rs.
    // No stale golden files.
    for entry in fs::read_dir(golden_dir()).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if !names.contains(&name) {
            if bless() {
                fs::remove_file(golden_dir().join(&name)).unwrap();
            } else {
                panic!("stale golden file tests/golden/{name} (run with BLESS=1 to remove)");
            }
        }
    }
}
