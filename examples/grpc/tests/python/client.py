"""A gRPC client in Python (grpcio, an independent implementation) against
the example server: the standard health service, the Orders service unary,
server-streaming, client-streaming and bidirectional, and a malformed
request. Prints one line per result; tests/python_client.rs checks them.

Usage: client.py ADDR GENERATED_DIR
(GENERATED_DIR holds orders_pb2.py and health_pb2.py from protoc --python_out)
"""

import sys

import grpc


def main(addr, generated):
    sys.path.insert(0, generated)
    import health_pb2
    import orders_pb2

    channel = grpc.insecure_channel(addr)

    def unary(path, request, response_type):
        call = channel.unary_unary(
            path,
            request_serializer=lambda m: m.SerializeToString(),
            response_deserializer=response_type.FromString,
        )
        return call(request, timeout=10)

    check = "/grpc.health.v1.Health/Check"
    for service in ["", "example.orders.Orders"]:
        status = unary(check, health_pb2.HealthCheckRequest(service=service), health_pb2.HealthCheckResponse).status
        print(f"health {service!r}: {health_pb2.HealthCheckResponse.ServingStatus.Name(status)}")
    try:
        unary(check, health_pb2.HealthCheckRequest(service="no.such.Service"), health_pb2.HealthCheckResponse)
    except grpc.RpcError as e:
        print(f"health 'no.such.Service': {e.code().name}")

    place = "/example.orders.Orders/Place"
    receipt = unary(place, orders_pb2.PlaceOrder(customer="py", skus=["a", "b", "c"], cents=999), orders_pb2.Receipt)
    print(f"placed order {receipt.id}: {receipt.items} items, {receipt.cents} cents")

    track = channel.unary_stream(
        "/example.orders.Orders/Track",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=orders_pb2.Progress.FromString,
    )
    for progress in track(orders_pb2.TrackRequest(id=receipt.id), timeout=10):
        print(f"order {progress.id}: {orders_pb2.Progress.Stage.Name(progress.stage)}")

    import_ = channel.stream_unary(
        "/example.orders.Orders/Import",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=orders_pb2.ImportSummary.FromString,
    )
    orders = iter([orders_pb2.PlaceOrder(customer="x", cents=1), orders_pb2.PlaceOrder(customer="y", cents=2)])
    summary = import_(orders, timeout=10)
    print(f"imported {summary.orders} orders, {summary.cents} cents, ids {list(summary.ids)}")

    discuss = channel.stream_stream(
        "/example.orders.Orders/Discuss",
        request_serializer=lambda m: m.SerializeToString(),
        response_deserializer=orders_pb2.Note.FromString,
    )
    notes = iter([orders_pb2.Note(order_id=receipt.id, text="fragile")])
    for note in discuss(notes, timeout=10):
        print(f"order {note.order_id}: {note.text}")

    # Bytes that are not a PlaceOrder (a truncated varint): an error status,
    # and the server goes on serving.
    raw = channel.unary_unary(place, request_serializer=lambda b: b, response_deserializer=lambda b: b)
    try:
        raw(b"\x18\xff", timeout=10)
    except grpc.RpcError as e:
        print(f"malformed request: {e.code().name}")
    again = unary(place, orders_pb2.PlaceOrder(customer="after"), orders_pb2.Receipt)
    print(f"placed order {again.id} after it")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
