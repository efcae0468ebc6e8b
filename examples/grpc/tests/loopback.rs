//! The example server over loopback: every call shape of `Orders`, the
//! health service, and requests that do not decode, sent as raw bytes.
#![allow(missing_docs)]

use std::net::SocketAddr;
use std::time::Duration;

use bytes::{Buf, BufMut, Bytes};
use grpc_example::health::Health;
use grpc_example::proto::example::orders::orders_client::OrdersClient;
use grpc_example::proto::example::orders::progress::Stage;
use grpc_example::proto::example::orders::{Note, PlaceOrder, Receipt, TrackRequest};
use grpc_example::proto::grpc::health::v1::health_check_response::ServingStatus;
use grpc_example::proto::grpc::health::v1::health_client::HealthClient;
use grpc_example::proto::grpc::health::v1::{HealthCheckRequest, HealthListRequest};
use protowire::Message;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::codegen::http::uri::PathAndQuery;
use tonic::transport::{Channel, Endpoint};
use tonic::{Code, Request, Status};

const ORDERS: &str = "example.orders.Orders";

/// A server on 127.0.0.1, on a port the system chose; stopped on drop.
struct Running {
    addr: SocketAddr,
    health: Health,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<Result<(), tonic::transport::Error>>,
}

impl Running {
    async fn start() -> Running {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let health = Health::new();
        let (stop, stopped) = oneshot::channel();
        let task = tokio::spawn(grpc_example::serve(listener, health.clone(), async {
            let _ = stopped.await;
        }));
        Running { addr, health, stop: Some(stop), task }
    }

    async fn channel(&self) -> Channel {
        Endpoint::from_shared(format!("http://{}", self.addr)).unwrap().connect().await.unwrap()
    }

    async fn orders(&self) -> OrdersClient<Channel> {
        OrdersClient::new(self.channel().await)
    }

    async fn health(&self) -> HealthClient<Channel> {
        HealthClient::new(self.channel().await)
    }

    /// Stops the server and checks that it ended without error. Shutdown is
    /// graceful: it waits for open calls, so callers drop their streams first.
    async fn stop(mut self) {
        let _ = self.stop.take().unwrap().send(());
        within(&mut self.task).await.unwrap().unwrap();
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

fn check(service: &str) -> HealthCheckRequest {
    HealthCheckRequest { service: service.to_owned(), ..HealthCheckRequest::default() }
}

/// Waits at most 10 s: a hung stream fails the test instead of the suite.
async fn within<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), future).await.expect("timed out")
}

#[tokio::test]
async fn unary() {
    let server = Running::start().await;
    let mut orders = server.orders().await;
    let receipt = orders.place(order("ada", &["tea", "cake"], 750)).await.unwrap().into_inner();
    assert_eq!(receipt, Receipt { id: 1, items: 2, cents: 750, ..Receipt::default() });
    let second = orders.place(order("bob", &[], 0)).await.unwrap().into_inner();
    assert_eq!((second.id, second.items, second.cents), (2, 0, 0));

    let status = orders.place(order("", &["tea"], 1)).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    assert_eq!(status.message(), "an order needs a customer");
    server.stop().await;
}

#[tokio::test]
async fn server_streaming() {
    let server = Running::start().await;
    let mut orders = server.orders().await;
    let id = orders.place(order("ada", &["tea"], 5)).await.unwrap().into_inner().id;
    let mut stream = orders.track(TrackRequest { id, ..TrackRequest::default() }).await.unwrap().into_inner();
    let mut stages = Vec::new();
    while let Some(step) = within(stream.message()).await.unwrap() {
        assert_eq!(step.id, id);
        stages.push(step.stage());
    }
    assert_eq!(stages, [Stage::Packed, Stage::Shipped, Stage::Delivered]);

    let status = orders.track(TrackRequest { id: 99, ..TrackRequest::default() }).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    server.stop().await;
}

#[tokio::test]
async fn client_streaming() {
    let server = Running::start().await;
    let mut orders = server.orders().await;
    let batch = vec![order("a", &["x"], 100), order("b", &["y", "z"], 250), order("c", &[], 1)];
    let summary = orders.import(tokio_stream::iter(batch)).await.unwrap().into_inner();
    assert_eq!(summary.orders, 3);
    assert_eq!(summary.cents, 351);
    assert_eq!(summary.ids, [1, 2, 3]);

    // An invalid order in the stream fails the whole call.
    let status = orders.import(tokio_stream::iter(vec![order("a", &[], 1), order("", &[], 1)])).await.unwrap_err();
    assert_eq!(status.code(), Code::InvalidArgument);
    server.stop().await;
}

#[tokio::test]
async fn bidirectional_streaming() {
    let server = Running::start().await;
    let mut orders = server.orders().await;
    let notes = ["one", "two", "three"].map(|t| Note { order_id: 7, text: t.to_owned(), ..Note::default() });
    let mut replies = orders.discuss(tokio_stream::iter(notes)).await.unwrap().into_inner();
    let mut texts = Vec::new();
    while let Some(reply) = within(replies.message()).await.unwrap() {
        assert_eq!(reply.order_id, 7);
        texts.push(reply.text);
    }
    assert_eq!(texts, ["noted: one", "noted: two", "noted: three"]);
    server.stop().await;
}

#[tokio::test]
async fn health_check_serving_and_not_found() {
    let server = Running::start().await;
    let mut health = server.health().await;
    for service in ["", ORDERS] {
        let response = health.check(check(service)).await.unwrap().into_inner();
        assert_eq!(response.status(), ServingStatus::Serving, "{service:?}");
    }
    let status = health.check(check("no.such.Service")).await.unwrap_err();
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.message(), "unknown service `no.such.Service`");

    server.health.set(ORDERS, ServingStatus::NotServing);
    assert_eq!(health.check(check(ORDERS)).await.unwrap().into_inner().status(), ServingStatus::NotServing);

    let list = health.list(HealthListRequest::default()).await.unwrap().into_inner();
    let statuses: Vec<(&str, ServingStatus)> = list.statuses.iter().map(|(k, v)| (k.as_str(), v.status())).collect();
    let mut statuses = statuses;
    statuses.sort();
    assert_eq!(statuses, [("", ServingStatus::Serving), (ORDERS, ServingStatus::NotServing)]);
    server.stop().await;
}

#[tokio::test]
async fn health_watch() {
    let server = Running::start().await;
    let mut health = server.health().await;

    let mut first_watch = health.watch(check(ORDERS)).await.unwrap().into_inner();
    let first = within(first_watch.message()).await.unwrap().unwrap();
    assert_eq!(first.status(), ServingStatus::Serving);
    server.health.set(ORDERS, ServingStatus::NotServing);
    let next = within(first_watch.message()).await.unwrap().unwrap();
    assert_eq!(next.status(), ServingStatus::NotServing);

    // An unknown service is SERVICE_UNKNOWN, and the call stays open until
    // the service becomes known.
    let mut watch = health.watch(check("later.Service")).await.unwrap().into_inner();
    let first = within(watch.message()).await.unwrap().unwrap();
    assert_eq!(first.status(), ServingStatus::ServiceUnknown);
    server.health.set("later.Service", ServingStatus::Serving);
    let next = within(watch.message()).await.unwrap().unwrap();
    assert_eq!(next.status(), ServingStatus::Serving);
    drop((watch, first_watch, health));
    server.stop().await;
}

/// Sends and receives message bodies as they are: requests that no
/// protowire message would encode.
#[derive(Clone, Copy, Default)]
struct RawCodec;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> RawCodec {
        RawCodec
    }

    fn decoder(&mut self) -> RawCodec {
        RawCodec
    }
}

impl Encoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

async fn raw_place(channel: &Channel, body: &'static [u8]) -> Result<Bytes, Status> {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    let path = PathAndQuery::from_static("/example.orders.Orders/Place");
    grpc.unary(Request::new(Bytes::from_static(body)), path, RawCodec).await.map(tonic::Response::into_inner)
}

#[tokio::test]
async fn malformed_requests_get_an_error_status_and_the_server_keeps_serving() {
    let server = Running::start().await;
    let channel = server.channel().await;

    // PlaceOrder.customer (field 1) holding bytes that are not UTF-8.
    let status = raw_place(&channel, &[0x0a, 2, 0xff, 0xfe]).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert!(status.message().contains("`example.orders.PlaceOrder.customer`"), "{}", status.message());
    assert!(status.message().contains("UTF-8"), "{}", status.message());

    // A length prefix past the end of the message.
    let status = raw_place(&channel, &[0x0a, 5, b'a']).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert!(status.message().starts_with("failed to decode protobuf message"), "{}", status.message());

    // Wire type 7 does not exist.
    let status = raw_place(&channel, &[0x0f]).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);

    // The same connection still serves, raw and through the generated client.
    let good = order("ada", &["tea"], 3).encode_to_vec().unwrap();
    let good: &'static [u8] = Box::leak(good.into_boxed_slice());
    let receipt = Receipt::decode(raw_place(&channel, good).await.unwrap()).unwrap();
    assert_eq!((receipt.id, receipt.items, receipt.cents), (1, 1, 3));
    let mut orders = OrdersClient::new(channel);
    assert_eq!(orders.place(order("bob", &[], 1)).await.unwrap().into_inner().id, 2);
    server.stop().await;
}

#[tokio::test]
async fn malformed_message_in_a_client_stream_fails_the_call() {
    let server = Running::start().await;
    let channel = server.channel().await;
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    let good = Bytes::from(order("ada", &[], 1).encode_to_vec().unwrap());
    let frames = vec![good, Bytes::from_static(&[0x12, 0x80])];
    let path = PathAndQuery::from_static("/example.orders.Orders/Import");
    let status = grpc.client_streaming(Request::new(tokio_stream::iter(frames)), path, RawCodec).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert!(status.message().contains("example.orders.PlaceOrder"), "{}", status.message());

    let mut health = HealthClient::new(channel);
    assert_eq!(health.check(check("")).await.unwrap().into_inner().status(), ServingStatus::Serving);
    server.stop().await;
}
