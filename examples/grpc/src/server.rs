//! Both services on one listener, and gRPC server reflection describing
//! them from the descriptors the generated code embeds.

use std::future::Future;

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;

use crate::health::Health;
use crate::orders::Orders;
use crate::proto::example::orders::orders_server::{self, OrdersServer};
use crate::proto::grpc::health::v1::health_check_response::ServingStatus;
use crate::proto::grpc::health::v1::health_server::HealthServer;

/// Serves `Orders`, the health service and server reflection
/// (`grpc.reflection.v1`, so that tools such as grpcurl need no `.proto`)
/// on `listener` until `shutdown` completes, marking the server (`""`) and
/// `example.orders.Orders` as `SERVING` in `health`, which the caller may
/// keep to change them.
///
/// # Errors
///
/// A transport error from tonic: the listener failing to accept.
///
/// # Panics
///
/// If the embedded descriptor sets do not load into the reflection service
/// (they are the code generator's own output).
pub async fn serve(
    listener: TcpListener,
    health: Health,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), tonic::transport::Error> {
    health.set("", ServingStatus::Serving);
    health.set(orders_server::SERVICE_NAME, ServingStatus::Serving);
    let reflection = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(crate::proto::example::orders::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(crate::proto::grpc::health::v1::FILE_DESCRIPTOR_SET)
        .build_v1()
        .expect("the generated descriptor sets load");
    Server::builder()
        .add_service(HealthServer::new(health))
        .add_service(OrdersServer::new(Orders::default()))
        .add_service(reflection)
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
}
