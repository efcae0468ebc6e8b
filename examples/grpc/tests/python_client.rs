//! A Python gRPC client (grpcio, Google's C-core implementation) against the
//! example server: every shape of call, the standard health service, and a
//! malformed request after which the server still serves.
//!
//! Needs `python3`; the `grpcio` and `protobuf` packages (pinned below) are
//! installed with `pip install --target` into `$PROTOWIRE_PYTHON_SITE`
//! (`.ci/run` sets it) or a directory under Cargo's target dir. Without
//! them the test prints `skipped: ...`, unless `CI` is set, where it fails.
#![allow(missing_docs)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The releases the test installs: grpcio, and the protobuf that matches
/// the vendored protoc (36.2) that generates the Python messages.
const PACKAGES: [&str; 2] = ["grpcio==1.85.3", "protobuf==7.36.2"];

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn skip(why: &str) {
    assert!(std::env::var_os("CI").is_none(), "{why} (CI must run this test)");
    eprintln!("skipped: {why}");
}

/// A directory with grpcio and protobuf importable, installing them there
/// when missing; `None` when that fails.
fn python_site(python: &str) -> Option<PathBuf> {
    let site = std::env::var_os("PROTOWIRE_PYTHON_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("python-grpcio-1.85.3-protobuf-7.36.2"));
    let ready =
        |site: &Path| site.join("grpc/__init__.py").exists() && site.join("google/protobuf/__init__.py").exists();
    if !ready(&site) {
        eprintln!("installing {PACKAGES:?} into {}", site.display());
        let _ = Command::new(python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--target"])
            .arg(&site)
            .args(PACKAGES)
            .env("PIP_ROOT_USER_ACTION", "ignore")
            .status();
    }
    ready(&site).then_some(site)
}

#[test]
fn python_grpcio_client_talks_to_the_server() {
    let python = std::env::var("PROTOWIRE_PYTHON").unwrap_or_else(|_| "python3".into());
    if Command::new(&python).arg("--version").output().is_err() {
        return skip(&format!("{python} is not installed"));
    }
    let Some(site) = python_site(&python) else {
        return skip(&format!("pip could not install {PACKAGES:?}"));
    };

    // The Python messages, from the same .proto files as the server's.
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let generated = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("grpc-python-{}", std::process::id()));
    std::fs::create_dir_all(&generated).unwrap();
    let protoc = protoc_bin_vendored::protoc_bin_path().expect("a vendored protoc for this platform");
    for (dir, file) in [("proto/example", "orders.proto"), ("proto/grpc/health/v1", "health.proto")] {
        let out = Command::new(&protoc)
            .arg(format!("--proto_path={}", manifest.join(dir).display()))
            .arg(format!("--python_out={}", generated.display()))
            .arg(file)
            .output()
            .unwrap();
        assert!(out.status.success(), "protoc --python_out {file}: {}", String::from_utf8_lossy(&out.stderr));
    }

    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_server"))
            .args(["--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("server starts"),
    );
    let mut line = String::new();
    BufReader::new(server.0.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let addr = line.trim().strip_prefix("listening on ").unwrap_or_else(|| panic!("server said {line:?}"));

    let out = Command::new(&python)
        .arg(manifest.join("tests/python/client.py"))
        .arg(addr)
        .arg(&generated)
        .env("PYTHONPATH", &site)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&generated);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "client.py failed:\n{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    let expected = [
        "health '': SERVING",
        "health 'example.orders.Orders': SERVING",
        "health 'no.such.Service': NOT_FOUND",
        "placed order 1: 3 items, 999 cents",
        "order 1: STAGE_PACKED",
        "order 1: STAGE_SHIPPED",
        "order 1: STAGE_DELIVERED",
        "imported 2 orders, 3 cents, ids [2, 3]",
        "order 1: noted: fragile",
        "malformed request: INTERNAL",
        "placed order 4 after it",
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}
