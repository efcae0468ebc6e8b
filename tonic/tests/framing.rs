//! The codec driven through tonic's own framing: `EncodeBody` turns
//! messages into gRPC frames as a client does, `Streaming` reads frames back
//! as a server does, so `DecodeBuf` and `EncodeBuf` are tonic's real ones.
#![allow(missing_docs)]

use bytes::{BufMut, Bytes, BytesMut};
use http_body_util::{BodyExt, Full};
use protowire::{DecodeOptions, Message};
use protowire_tonic::{CodecOptions, ProtowireCodec, ProtowireCodecWith};
use tonic::codec::{Codec, EncodeBody, Streaming};
use tonic::{Code, Status};

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "frames")]
struct Outer {
    #[proto(1)]
    id: u64,
    #[proto(2)]
    inner: Option<Inner>,
    #[proto(3)]
    tags: Vec<String>,
}

#[derive(Message, Clone, PartialEq, Default, Debug)]
#[proto(package = "frames")]
struct Inner {
    #[proto(1)]
    text: String,
    #[proto(2, required)]
    code: Option<i32>,
    #[proto(3)]
    next: Option<Box<Inner>>,
}

fn sample(id: u64) -> Outer {
    Outer {
        id,
        inner: Some(Inner { text: "héllo".into(), code: Some(-3), ..Inner::default() }),
        tags: vec!["a".into(), String::new(), "ccc".into()],
    }
}

/// The gRPC frames `EncodeBody` makes of `messages`.
async fn encode_frames<C: Codec>(mut codec: C, messages: Vec<C::Encode>) -> Result<Bytes, Status> {
    let source = tokio_stream::iter(messages.into_iter().map(Ok));
    let body = EncodeBody::new_client(codec.encoder(), source, None, None);
    Ok(body.collect().await?.to_bytes())
}

/// Every message `Streaming` decodes from `frames`, up to the first error.
async fn decode_frames<C: Codec>(mut codec: C, frames: Bytes) -> Result<Vec<C::Decode>, Status> {
    let body = Full::new(frames).map_err(|never| match never {});
    let mut stream = Streaming::new_request(codec.decoder(), body, None, None);
    let mut out = Vec::new();
    while let Some(msg) = stream.message().await? {
        out.push(msg);
    }
    Ok(out)
}

/// One uncompressed gRPC frame around `payload`.
fn frame(payload: &[u8]) -> Bytes {
    let mut buf = BytesMut::new();
    buf.put_u8(0);
    buf.put_u32(u32::try_from(payload.len()).unwrap());
    buf.put_slice(payload);
    buf.freeze()
}

#[tokio::test]
async fn round_trip_through_tonic_framing() {
    let messages = vec![sample(1), Outer::default(), sample(u64::MAX)];
    let frames = encode_frames(ProtowireCodec::<Outer, Outer>::default(), messages.clone()).await.unwrap();

    // Byte for byte: each frame is flag 0, the big-endian length, then
    // exactly what `encode_to_vec` writes.
    let mut expected = BytesMut::new();
    for m in &messages {
        expected.put_slice(&frame(&m.encode_to_vec().unwrap()));
    }
    assert_eq!(frames, expected.freeze());

    let decoded = decode_frames(ProtowireCodec::<Outer, Outer>::default(), frames).await.unwrap();
    assert_eq!(decoded, messages);
}

#[tokio::test]
async fn empty_message_is_an_empty_frame() {
    let frames = encode_frames(ProtowireCodec::<Outer, Outer>::default(), vec![Outer::default()]).await.unwrap();
    assert_eq!(&frames[..], &[0, 0, 0, 0, 0]);
    let decoded = decode_frames(ProtowireCodec::<Outer, Outer>::default(), frames).await.unwrap();
    assert_eq!(decoded, [Outer::default()]);
}

#[tokio::test]
async fn malformed_payload_is_internal_with_the_field_path() {
    // Outer.inner (field 2, length 4) holding Inner.text (field 1, length 2)
    // with bytes that are not UTF-8.
    let payload = [0x12, 4, 0x0a, 2, 0xff, 0xfe];
    let expected = Outer::decode(&payload[..]).unwrap_err();
    assert_eq!(expected.path(), "frames.Outer.inner.text");

    let status = decode_frames(ProtowireCodec::<Outer, Outer>::default(), frame(&payload)).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(status.message(), expected.to_string());
    assert!(status.message().contains("frames.Outer.inner.text"), "{}", status.message());
}

#[tokio::test]
async fn truncated_payload_is_internal() {
    // A varint that never ends.
    let status =
        decode_frames(ProtowireCodec::<Outer, Outer>::default(), frame(&[0x08, 0x80, 0x80])).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert!(status.message().starts_with("failed to decode protobuf message"), "{}", status.message());
}

#[tokio::test]
async fn missing_required_field_is_internal_and_named() {
    // Outer.inner present but empty: Inner.code is required.
    let status = decode_frames(ProtowireCodec::<Outer, Outer>::default(), frame(&[0x12, 0])).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert!(status.message().contains("frames.Outer.inner.code"), "{}", status.message());

    // Unless the options say otherwise.
    let codec = ProtowireCodec::<Outer, Outer>::with_options(DecodeOptions::new().check_required(false));
    let decoded = decode_frames(codec, frame(&[0x12, 0])).await.unwrap();
    assert_eq!(decoded, [Outer { inner: Some(Inner::default()), ..Outer::default() }]);
}

#[tokio::test]
async fn limit_exceeded_is_resource_exhausted() {
    let payload = sample(7).encode_to_vec().unwrap();
    assert!(payload.len() > 8);
    let codec = ProtowireCodec::<Outer, Outer>::with_options(DecodeOptions::new().max_message_size(8));
    assert_eq!(codec.options().clone(), DecodeOptions::new().max_message_size(8));
    let status = decode_frames(codec, frame(&payload)).await.unwrap_err();
    assert_eq!(status.code(), Code::ResourceExhausted);
    assert!(status.message().contains("max_message_size (8 bytes)"), "{}", status.message());
}

/// Options chosen by type, as generated code (which calls `default()`) gets them.
struct Shallow;

impl CodecOptions for Shallow {
    const DECODE: DecodeOptions = DecodeOptions::new().recursion_limit(2);
}

type ShallowCodec<T, U> = ProtowireCodecWith<T, U, Shallow>;

#[tokio::test]
async fn options_by_type_reach_the_decoder() {
    let mut deep = Inner { code: Some(0), ..Inner::default() };
    for _ in 0..3 {
        deep = Inner { code: Some(1), next: Some(Box::new(deep)), ..Inner::default() };
    }
    let msg = Outer { inner: Some(deep), ..Outer::default() };
    let frames = encode_frames(ProtowireCodec::<Outer, Outer>::default(), vec![msg.clone()]).await.unwrap();

    assert_eq!(decode_frames(ProtowireCodec::<Outer, Outer>::default(), frames.clone()).await.unwrap(), [msg]);
    let status = decode_frames(ShallowCodec::<Outer, Outer>::default(), frames).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert_eq!(ShallowCodec::<Outer, Outer>::default().options().clone(), Shallow::DECODE);
}

#[tokio::test]
async fn frames_after_a_good_one_decode_in_order_and_a_bad_one_stops_the_stream() {
    let mut frames = BytesMut::new();
    frames.put_slice(&frame(&sample(1).encode_to_vec().unwrap()));
    frames.put_slice(&frame(&[0xff]));
    let body = Full::new(frames.freeze()).map_err(|never| match never {});
    let mut stream = Streaming::new_request(ProtowireCodec::<Outer, Outer>::default().decoder(), body, None, None);
    assert_eq!(stream.message().await.unwrap(), Some(sample(1)));
    assert_eq!(stream.message().await.unwrap_err().code(), Code::Internal);
}

#[tokio::test]
async fn unencodable_message_is_internal() {
    // Inner.code is required and unset.
    let msg = Outer { inner: Some(Inner::default()), ..Outer::default() };
    let status = encode_frames(ProtowireCodec::<Outer, Outer>::default(), vec![msg]).await.unwrap_err();
    assert_eq!(status.code(), Code::Internal);
    assert!(status.message().contains("frames.Outer.inner.code"), "{}", status.message());
}
