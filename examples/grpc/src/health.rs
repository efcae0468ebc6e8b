//! `grpc.health.v1.Health`: the serving status of each service by name, as
//! gRPC's health-checking protocol asks.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::{mpsc, watch};
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status};

use crate::proto::grpc::health::v1::health_check_response::ServingStatus;
use crate::proto::grpc::health::v1::health_server;
use crate::proto::grpc::health::v1::{HealthCheckRequest, HealthCheckResponse, HealthListRequest, HealthListResponse};

/// The most services [`List`](health_server::Health::list) answers with, as
/// the protocol sets it.
pub const LIST_LIMIT: usize = 100;

/// The health service: a status per service name (`""` is the server as a
/// whole). Clones share the statuses, so a clone kept by the application
/// changes what the served one answers, and wakes its watchers.
#[derive(Clone, Debug)]
pub struct Health {
    statuses: Arc<watch::Sender<BTreeMap<String, ServingStatus>>>,
}

impl Default for Health {
    fn default() -> Self {
        Health::new()
    }
}

impl Health {
    /// No service known: every `Check` answers `NOT_FOUND`.
    pub fn new() -> Self {
        Health { statuses: Arc::new(watch::Sender::new(BTreeMap::new())) }
    }

    /// Sets the status of `service` (`""` for the whole server).
    pub fn set(&self, service: &str, status: ServingStatus) {
        self.statuses.send_if_modified(|map| map.insert(service.to_owned(), status) != Some(status));
    }

    /// The status of `service`, if it is known.
    pub fn get(&self, service: &str) -> Option<ServingStatus> {
        self.statuses.borrow().get(service).copied()
    }
}

fn response(status: ServingStatus) -> HealthCheckResponse {
    HealthCheckResponse { status: status.into(), ..HealthCheckResponse::default() }
}

#[tonic::async_trait]
impl health_server::Health for Health {
    /// The status of the service named, or `NOT_FOUND`.
    async fn check(&self, request: Request<HealthCheckRequest>) -> Result<Response<HealthCheckResponse>, Status> {
        let service = request.into_inner().service;
        match self.get(&service) {
            Some(status) => Ok(Response::new(response(status))),
            None => Err(Status::not_found(format!("unknown service `{service}`"))),
        }
    }

    /// Every known service and its status.
    async fn list(&self, _: Request<HealthListRequest>) -> Result<Response<HealthListResponse>, Status> {
        let statuses = self.statuses.borrow();
        if statuses.len() > LIST_LIMIT {
            return Err(Status::resource_exhausted(format!(
                "{} services, more than the {LIST_LIMIT} List may answer",
                statuses.len()
            )));
        }
        let statuses = statuses.iter().map(|(name, status)| (name.clone(), response(*status))).collect();
        Ok(Response::new(HealthListResponse { statuses, ..HealthListResponse::default() }))
    }

    type WatchStream = ReceiverStream<Result<HealthCheckResponse, Status>>;

    /// The status now (`SERVICE_UNKNOWN` for a service not known), then
    /// each change, until the client goes away.
    async fn watch(&self, request: Request<HealthCheckRequest>) -> Result<Response<Self::WatchStream>, Status> {
        let service = request.into_inner().service;
        let mut statuses = self.statuses.subscribe();
        let (tx, rx) = mpsc::channel(4);
        tokio::spawn(async move {
            let mut last = None;
            loop {
                let now = statuses.borrow_and_update().get(&service).copied().unwrap_or(ServingStatus::ServiceUnknown);
                if last != Some(now) {
                    if tx.send(Ok(response(now))).await.is_err() {
                        return;
                    }
                    last = Some(now);
                }
                tokio::select! {
                    changed = statuses.changed() => if changed.is_err() { return },
                    () = tx.closed() => return,
                }
            }
        });
        Ok(Response::new(ReceiverStream::new(rx)))
    }
}
