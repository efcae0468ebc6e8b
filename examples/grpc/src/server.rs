//! Both services on one listener.

use std::future::Future;

use tokio::net::TcpListener;
use tokio_stream::wrappers::TcpListenerStream;
use tonic::transport::Server;

use crate::health::Health;
use crate::orders::Orders;
use crate::proto::example::orders::orders_server::{self, OrdersServer};
use crate::proto::grpc::health::v1::health_check_response::ServingStatus;
use crate::proto::grpc::health::v1::health_server::HealthServer;

/// Serves `Orders` and the health service on `listener` until `shutdown`
/// completes, marking the server (`""`) and `example.orders.Orders` as
/// `SERVING` in `health`, which the caller may keep to change them.
///
/// # Errors
///
/// A transport error from tonic: the listener failing to accept.
pub async fn serve(
    listener: TcpListener,
    health: Health,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), tonic::transport::Error> {
    health.set("", ServingStatus::Serving);
    health.set(orders_server::SERVICE_NAME, ServingStatus::Serving);
    Server::builder()
        .add_service(HealthServer::new(health))
        .add_service(OrdersServer::new(Orders::default()))
        .serve_with_incoming_shutdown(TcpListenerStream::new(listener), shutdown)
        .await
}
