//! The `server` and `client` binaries, as a person runs them: the server on
//! port 0 prints the address it listens on, the client calls it.
#![allow(missing_docs)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, passing or not.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn client_talks_to_server() {
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
    assert!(addr.starts_with("127.0.0.1:") && !addr.ends_with(":0"), "{addr}");

    let out = Command::new(env!("CARGO_BIN_EXE_client")).args(["--addr", addr]).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "client failed: {}\n{stdout}", String::from_utf8_lossy(&out.stderr));
    let expected = [
        "health \"\": Serving",
        "health \"example.orders.Orders\": Serving",
        "placed order 1: 2 items, 750 cents",
        "order 1: Packed",
        "order 1: Shipped",
        "order 1: Delivered",
        "imported 2 orders, 600 cents, ids [2, 3]",
        "order 1: noted: wrap it",
        "order 1: noted: leave at the door",
    ];
    assert_eq!(stdout.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn bad_arguments_exit_2() {
    for bin in [env!("CARGO_BIN_EXE_server"), env!("CARGO_BIN_EXE_client")] {
        let out = Command::new(bin).arg("--port").output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bin}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("unknown argument `--port`"), "{bin}");
    }
}

#[test]
fn client_without_server_fails_cleanly() {
    // A port just released: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let out =
        Command::new(env!("CARGO_BIN_EXE_client")).args(["--addr", &format!("127.0.0.1:{port}")]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("client: "), "{}", String::from_utf8_lossy(&out.stderr));
}
