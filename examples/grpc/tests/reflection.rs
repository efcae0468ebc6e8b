//! gRPC server reflection (`grpc.reflection.v1`), served from the descriptor
//! sets protowire-codegen embeds: a client that has no `.proto` lists the
//! services and fetches the file declaring a type, whose descriptor decodes
//! with protowire's own descriptor types.
#![allow(missing_docs)]

use protowire::Message;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::{ServerReflectionRequest, ServerReflectionResponse};

async fn ask(
    client: &mut ServerReflectionClient<tonic::transport::Channel>,
    request: MessageRequest,
) -> MessageResponse {
    let request = ServerReflectionRequest { host: String::new(), message_request: Some(request) };
    let mut answers = client.server_reflection_info(tokio_stream::iter([request])).await.unwrap().into_inner();
    let answer: ServerReflectionResponse = answers.message().await.unwrap().expect("one answer");
    answer.message_response.expect("an answer with a response")
}

#[tokio::test]
async fn reflection_describes_the_services_from_the_embedded_descriptors() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(grpc_example::serve(listener, grpc_example::health::Health::new(), async {
        let _ = stopped.await;
    }));
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}")).unwrap().connect().await.unwrap();
    let mut client = ServerReflectionClient::new(channel);

    let MessageResponse::ListServicesResponse(list) =
        ask(&mut client, MessageRequest::ListServices(String::new())).await
    else {
        panic!("not a service list")
    };
    let mut names: Vec<_> = list.service.into_iter().map(|s| s.name).collect();
    names.sort();
    assert_eq!(names, ["example.orders.Orders", "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection"]);

    let symbol = MessageRequest::FileContainingSymbol("example.orders.PlaceOrder".into());
    let MessageResponse::FileDescriptorResponse(files) = ask(&mut client, symbol).await else {
        panic!("not a file descriptor response")
    };
    let file = protowire::types::FileDescriptorProto::decode(&files.file_descriptor_proto[0][..]).unwrap();
    assert_eq!(file.name(), "example/orders.proto");
    let place = file.message_type.iter().find(|m| m.name() == "PlaceOrder").unwrap();
    let fields: Vec<_> = place.field.iter().map(|f| (f.name(), f.number())).collect();
    assert_eq!(fields, [("customer", 1), ("skus", 2), ("cents", 3)]);
    assert_eq!(file.service[0].method.len(), 4);

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
