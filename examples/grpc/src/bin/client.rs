//! `client --addr HOST:PORT`: calls every method of the example server once
//! and prints what comes back.

use std::error::Error;
use std::process::ExitCode;

use grpc_example::args::{self, DEFAULT_ADDR};
use grpc_example::proto::example::orders::orders_client::OrdersClient;
use grpc_example::proto::example::orders::{Note, PlaceOrder, TrackRequest};
use grpc_example::proto::grpc::health::v1::HealthCheckRequest;
use grpc_example::proto::grpc::health::v1::health_client::HealthClient;

#[tokio::main]
async fn main() -> ExitCode {
    let addr = match args::addr(std::env::args().skip(1), DEFAULT_ADDR) {
        Ok(addr) => addr,
        Err(message) => {
            eprintln!("client: {message}");
            return ExitCode::from(2);
        }
    };
    match run(&addr).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("client: {e}");
            ExitCode::FAILURE
        }
    }
}

fn order(customer: &str, skus: &[&str], cents: u64) -> PlaceOrder {
    PlaceOrder {
        customer: customer.to_owned(),
        skus: skus.iter().map(|s| (*s).to_owned()).collect(),
        cents,
        ..PlaceOrder::default()
    }
}

async fn run(addr: &str) -> Result<(), Box<dyn Error>> {
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))?.connect().await?;
    let mut health = HealthClient::new(channel.clone());
    let mut orders = OrdersClient::new(channel);

    for service in ["", "example.orders.Orders"] {
        let request = HealthCheckRequest { service: service.to_owned(), ..HealthCheckRequest::default() };
        let status = health.check(request).await?.into_inner().status();
        println!("health {service:?}: {status:?}");
    }

    let receipt = orders.place(order("ada", &["tea", "cake"], 750)).await?.into_inner();
    println!("placed order {}: {} items, {} cents", receipt.id, receipt.items, receipt.cents);

    let mut progress = orders.track(TrackRequest { id: receipt.id, ..TrackRequest::default() }).await?.into_inner();
    while let Some(step) = progress.message().await? {
        println!("order {}: {:?}", step.id, step.stage());
    }

    let batch = vec![order("bob", &["pen"], 120), order("cy", &["ink", "nib"], 480)];
    let summary = orders.import(tokio_stream::iter(batch)).await?.into_inner();
    println!("imported {} orders, {} cents, ids {:?}", summary.orders, summary.cents, summary.ids);

    let notes = ["wrap it", "leave at the door"].map(|text| Note {
        order_id: receipt.id,
        text: text.to_owned(),
        ..Note::default()
    });
    let mut replies = orders.discuss(tokio_stream::iter(notes)).await?.into_inner();
    while let Some(reply) = replies.message().await? {
        println!("order {}: {}", reply.order_id, reply.text);
    }
    Ok(())
}
