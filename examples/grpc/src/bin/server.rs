//! `server --addr HOST:PORT`: serves `example.orders.Orders` and
//! `grpc.health.v1.Health` until Ctrl-C. Prints `listening on ADDR` (the
//! port chosen, for port 0) once it accepts connections.

use std::process::ExitCode;

use grpc_example::args::{self, DEFAULT_ADDR};
use grpc_example::health::Health;
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let addr = match args::addr(std::env::args().skip(1), DEFAULT_ADDR) {
        Ok(addr) => addr,
        Err(message) => {
            eprintln!("server: {message}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(&addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("server: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(local) => println!("listening on {local}"),
        Err(_) => println!("listening on {addr}"),
    }
    let shutdown = async {
        // Without a signal handler, serve until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    match grpc_example::serve(listener, Health::new(), shutdown).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server: {e}");
            ExitCode::FAILURE
        }
    }
}
