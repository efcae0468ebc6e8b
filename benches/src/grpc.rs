//! Loopback gRPC: a unary echo through tonic (HTTP/2 over TCP on
//! 127.0.0.1), with the same server and client code generic over the codec:
//! protowire-tonic's codec on protowire's generated types against
//! tonic-prost's on prost's. Requests are in flight `CONCURRENCY` at a time,
//! so that the two cores stay busy and codec time shows.

use std::convert::Infallible;
use std::marker::PhantomData;
use std::time::{Duration, Instant};

use tonic::codec::Codec;
use tonic::codegen::{Body, BoxFuture, Context, Poll, Service, StdError, http};
use tonic::server::NamedService;
use tonic::transport::{Channel, Endpoint, Server};

use crate::data::{Dataset, Kind};
use crate::generated::{prost as pb, pw};

/// Calls in flight at once.
pub const CONCURRENCY: usize = 8;

/// The datasets of the gRPC table.
pub const DATASETS: &[&str] = &["gm1_proto3", "telemetry_1mb"];

const PATH: &str = "/bench.Echo/Echo";

/// Echoes its request: the only work on the server is the codec's.
struct Echo;

impl<T: Send + 'static> tonic::server::UnaryService<T> for Echo {
    type Response = T;
    type Future = std::future::Ready<Result<tonic::Response<T>, tonic::Status>>;

    fn call(&mut self, request: tonic::Request<T>) -> Self::Future {
        std::future::ready(Ok(tonic::Response::new(request.into_inner())))
    }
}

/// The service `bench.Echo/Echo` with codec `C` for message `M`.
struct EchoServer<C, M>(PhantomData<fn() -> (C, M)>);

impl<C, M> Clone for EchoServer<C, M> {
    fn clone(&self) -> Self {
        EchoServer(PhantomData)
    }
}

impl<C, M> NamedService for EchoServer<C, M> {
    const NAME: &'static str = "bench.Echo";
}

impl<C, M, B> Service<http::Request<B>> for EchoServer<C, M>
where
    C: Codec<Encode = M, Decode = M> + Default + Send + 'static,
    M: Send + 'static,
    B: Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        Box::pin(async move { Ok(tonic::server::Grpc::new(C::default()).unary(Echo, req).await) })
    }
}

/// One contender's result: calls per second and the time per call.
#[derive(Clone, Copy, Debug)]
pub struct Measured {
    /// Completed calls per second, all in-flight calls together.
    pub calls_per_sec: f64,
}

/// Serves the echo with codec `C` on a free loopback port and measures
/// `samples` runs of `sample` each, `CONCURRENCY` calls in flight; the
/// median.
///
/// # Panics
///
/// If the server cannot start or a call fails: a benchmark with a broken
/// transport has nothing to report.
pub fn measure<C, M>(message: &M, sample: Duration, samples: usize) -> Measured
where
    C: Codec<Encode = M, Decode = M> + Default + Send + 'static,
    M: Clone + PartialEq + Send + Sync + 'static,
{
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a tokio runtime");
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
        let addr = listener.local_addr().expect("the port's address");
        let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener);
        let server =
            tokio::spawn(Server::builder().add_service(EchoServer::<C, M>(PhantomData)).serve_with_incoming(incoming));
        let channel = Endpoint::from_shared(format!("http://{addr}"))
            .expect("the endpoint")
            .connect()
            .await
            .expect("a connection to the echo server");
        // Warm up, and check that the echo is one.
        let back = call::<C, M>(channel.clone(), message.clone()).await;
        assert!(back == *message, "the echo changed the message");
        let mut rates = Vec::with_capacity(samples);
        for _ in 0..samples {
            let start = Instant::now();
            let mut tasks = Vec::with_capacity(CONCURRENCY);
            for _ in 0..CONCURRENCY {
                let (channel, message) = (channel.clone(), message.clone());
                tasks.push(tokio::spawn(async move {
                    let mut calls = 0u64;
                    while start.elapsed() < sample {
                        call::<C, M>(channel.clone(), message.clone()).await;
                        calls += 1;
                    }
                    calls
                }));
            }
            let mut calls = 0;
            for task in tasks {
                calls += task.await.expect("a client task");
            }
            rates.push(calls as f64 / start.elapsed().as_secs_f64());
        }
        server.abort();
        rates.sort_by(f64::total_cmp);
        Measured { calls_per_sec: rates[rates.len() / 2] }
    })
}

async fn call<C, M>(channel: Channel, message: M) -> M
where
    C: Codec<Encode = M, Decode = M> + Default + Send + 'static,
    M: Send + Sync + 'static,
{
    let mut client = tonic::client::Grpc::new(channel);
    client.ready().await.expect("the channel is ready");
    let path = http::uri::PathAndQuery::from_static(PATH);
    client.unary(tonic::Request::new(message), path, C::default()).await.expect("the echo call").into_inner()
}

/// One row of the gRPC table: which types, and each side's calls per second.
pub struct Row {
    /// `default types` or `bytes fields` (zero-copy on both sides).
    pub types: &'static str,
    /// protowire-tonic's codec.
    pub protowire: Measured,
    /// tonic-prost's codec.
    pub prost: Measured,
}

/// protowire's and prost's calls per second on `data`'s first payload, with
/// each side's default types and, for the string-heavy telemetry batch,
/// with `bytes` fields (protowire's zero-copy types, prost's `Bytes`); no
/// rows for a dataset outside [`DATASETS`].
///
/// # Panics
///
/// As [`measure`], or if the payload does not decode.
pub fn compare(data: &Dataset, sample: Duration, samples: usize) -> Vec<Row> {
    use crate::generated::{prost_bytes as pbb, pw_bytes as pwb};
    use protowire::Message as _;
    let Some(payload) = data.payloads.first() else { return Vec::new() };
    macro_rules! row {
        ($types:expr, $pw:ty, $pb:ty) => {{
            let ours = <$pw>::decode(payload.clone()).expect("the payload decodes (protowire)");
            let theirs = <$pb as prost::Message>::decode(payload.clone()).expect("the payload decodes (prost)");
            Row {
                types: $types,
                protowire: measure::<protowire_tonic::ProtowireCodec<$pw, $pw>, $pw>(&ours, sample, samples),
                prost: measure::<tonic_prost::ProstCodec<$pb, $pb>, $pb>(&theirs, sample, samples),
            }
        }};
    }
    match data.kind {
        Kind::Gm1Proto3 => {
            vec![row!("default types", pw::benchmarks::proto3::GoogleMessage1, pb::benchmarks::proto3::GoogleMessage1)]
        }
        Kind::Telemetry => vec![
            row!("default types", pw::bench::telemetry::TracesData, pb::bench::telemetry::TracesData),
            row!("bytes fields", pwb::bench::telemetry::TracesData, pbb::bench::telemetry::TracesData),
        ],
        _ => Vec::new(),
    }
}
