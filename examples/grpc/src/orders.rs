//! `example.orders.Orders`: one method per shape of gRPC call.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Request, Response, Status, Streaming};

use crate::proto::example::orders::progress::Stage;
use crate::proto::example::orders::{ImportSummary, Note, PlaceOrder, Progress, Receipt, TrackRequest, orders_server};

/// The service: it numbers the orders it is given, from 1.
#[derive(Clone, Debug, Default)]
pub struct Orders {
    last_id: Arc<AtomicU64>,
}

impl Orders {
    /// Checks `order` and gives it the next id.
    fn place(&self, order: &PlaceOrder) -> Result<Receipt, Status> {
        if order.customer.is_empty() {
            return Err(Status::invalid_argument("an order needs a customer"));
        }
        let items = u32::try_from(order.skus.len()).map_err(|_| Status::invalid_argument("too many items"))?;
        let id = self.last_id.fetch_add(1, Ordering::Relaxed) + 1;
        Ok(Receipt { id, items, cents: order.cents, ..Receipt::default() })
    }
}

#[tonic::async_trait]
impl orders_server::Orders for Orders {
    async fn place(&self, request: Request<PlaceOrder>) -> Result<Response<Receipt>, Status> {
        Orders::place(self, request.get_ref()).map(Response::new)
    }

    type TrackStream = tokio_stream::Iter<std::vec::IntoIter<Result<Progress, Status>>>;

    async fn track(&self, request: Request<TrackRequest>) -> Result<Response<Self::TrackStream>, Status> {
        let id = request.into_inner().id;
        if id == 0 || id > self.last_id.load(Ordering::Relaxed) {
            return Err(Status::not_found(format!("no order {id}")));
        }
        let steps = [Stage::Packed, Stage::Shipped, Stage::Delivered]
            .into_iter()
            .map(|stage| Ok(Progress { id, stage: stage.into(), ..Progress::default() }))
            .collect::<Vec<_>>();
        Ok(Response::new(tokio_stream::iter(steps)))
    }

    async fn import(&self, request: Request<Streaming<PlaceOrder>>) -> Result<Response<ImportSummary>, Status> {
        let mut orders = request.into_inner();
        let mut summary = ImportSummary::default();
        while let Some(order) = orders.message().await? {
            let receipt = Orders::place(self, &order)?;
            summary.orders += 1;
            summary.cents += receipt.cents;
            summary.ids.push(receipt.id);
        }
        Ok(Response::new(summary))
    }

    type DiscussStream = ReceiverStream<Result<Note, Status>>;

    async fn discuss(&self, request: Request<Streaming<Note>>) -> Result<Response<Self::DiscussStream>, Status> {
        let mut notes = request.into_inner();
        let (tx, rx) = mpsc::channel(8);
        tokio::spawn(async move {
            loop {
                let reply = match notes.message().await {
                    Ok(Some(note)) => {
                        Ok(Note { order_id: note.order_id, text: format!("noted: {}", note.text), ..Note::default() })
                    }
                    Ok(None) => return,
                    // A note that does not decode ends the call with its status.
                    Err(status) => Err(status),
                };
                let failed = reply.is_err();
                if tx.send(reply).await.is_err() || failed {
                    return;
                }
            }
        });
        Ok(Response::new(ReceiverStream::new(rx)))
    }
}
