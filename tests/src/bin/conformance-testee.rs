//! The protobuf conformance testee for protowire.
//!
//! Speaks the protocol of `conformance.proto` on stdin/stdout: a 4-byte
//! little-endian length and a `ConformanceRequest`, answered by a 4-byte
//! length and a `ConformanceResponse`, until stdin reaches EOF. The message
//! type of each request is looked up by name in protowire's registry: the
//! generated type; or, with `PROTOWIRE_TESTEE_DYNAMIC=1` in the environment,
//! a `DynamicMessage` of the type's descriptor from the process-wide pool,
//! so that the same suites run through dynamic messages only.
//!
//! Protobuf, JSON and text format input and output are supported; JSPB is
//! answered with `skipped`. Run it through Google's `conformance_test_runner`
//! (see `tests/conformance/run.sh`).

use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};

use protowire::DynMessage;
use protowire::reflect::DynamicMessage;
use protowire::registry::{self, MessageType};
use protowire::{Message, json, text};
use protowire_tests::conformance::{
    ConformanceRequest, ConformanceResponse, FailureSet, TestCategory, WireFormat, conformance_request::Payload,
    conformance_response::Result as Outcome,
};
use protowire_tests::protobuf_test_messages::{editions, proto2, proto3};

/// Registers the test message types so that `find_by_name` finds them.
fn register_types() {
    registry::register(MessageType::of::<proto2::TestAllTypesProto2>());
    registry::register(MessageType::of::<proto3::TestAllTypesProto3>());
    registry::register(MessageType::of::<editions::TestAllTypesEdition2023>());
    registry::register(MessageType::of::<editions::proto2::TestAllTypesProto2>());
    registry::register(MessageType::of::<editions::proto3::TestAllTypesProto3>());
    // `[ext]` names in JSON and text format; and the descriptors dynamic
    // messages are made from.
    proto2::register_types();
    proto3::register_types();
    editions::register_types();
    editions::proto2::register_types();
    editions::proto3::register_types();
    registry::register(MessageType::of::<FailureSet>());
}

/// Whether requests are answered through dynamic messages.
fn dynamic() -> bool {
    static DYNAMIC: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *DYNAMIC.get_or_init(|| std::env::var_os("PROTOWIRE_TESTEE_DYNAMIC").is_some_and(|v| v == "1"))
}

/// The type a request names: generated, or dynamic in dynamic mode.
fn find_type(name: &str, dynamic: bool) -> Option<MessageType> {
    if name == "conformance.FailureSet" || !dynamic {
        return registry::find_by_name(name);
    }
    let descriptor = protowire::reflect::global().get_message_by_name(name)?;
    let message: Box<dyn DynMessage> = Box::new(DynamicMessage::new(descriptor));
    Some(message.message_type())
}

/// Answers one request.
fn handle(request: &ConformanceRequest) -> Outcome {
    if request.message_type == "conformance.FailureSet" {
        // The runner's hidden first request: which tests we expect to fail.
        // None; the expected failures live in tests/conformance/failing_tests.txt.
        return match FailureSet::default().encode_to_vec() {
            Ok(bytes) => Outcome::ProtobufPayload(bytes),
            Err(e) => Outcome::SerializeError(e.to_string()),
        };
    }
    let Some(message_type) = find_type(&request.message_type, dynamic()) else {
        return Outcome::RuntimeError(format!("unknown message type {:?}", request.message_type));
    };
    let message = match &request.payload {
        Some(Payload::ProtobufPayload(bytes)) => match message_type.decode(bytes) {
            Ok(message) => message,
            Err(e) => return Outcome::ParseError(e.to_string()),
        },
        Some(Payload::JsonPayload(text)) => {
            let ignore_unknown = request.test_category() == TestCategory::JsonIgnoreUnknownParsingTest;
            let options = json::ParseOptions::new().ignore_unknown_fields(ignore_unknown);
            let mut message = message_type.new_message();
            if let Err(e) = json::merge_dyn(&mut *message, text, &options) {
                return Outcome::ParseError(e.to_string());
            }
            message
        }
        Some(Payload::JspbPayload(_)) => return Outcome::Skipped("JSPB input is not supported".into()),
        Some(Payload::TextPayload(input)) => {
            let mut message = message_type.new_message();
            if let Err(e) = text::merge_dyn(&mut *message, input) {
                return Outcome::ParseError(e.to_string());
            }
            message
        }
        None => return Outcome::RuntimeError("request has no payload".into()),
    };
    match request.requested_output_format() {
        WireFormat::Protobuf => match message.encode_dyn() {
            Ok(bytes) => Outcome::ProtobufPayload(bytes),
            Err(e) => Outcome::SerializeError(e.to_string()),
        },
        WireFormat::Json => match json::to_string_dyn(&*message, &json::PrintOptions::new()) {
            Ok(text) => Outcome::JsonPayload(text),
            Err(e) => Outcome::SerializeError(e.to_string()),
        },
        WireFormat::Jspb => Outcome::Skipped("JSPB output is not supported".into()),
        WireFormat::TextFormat => {
            let options = text::PrintOptions::new().print_unknown_fields(request.print_unknown_fields);
            match text::to_string_dyn(&*message, &options) {
                Ok(output) => Outcome::TextPayload(output),
                Err(e) => Outcome::SerializeError(e.to_string()),
            }
        }
        WireFormat::Unspecified => Outcome::RuntimeError("unspecified output format".into()),
    }
}

/// Reads exactly `buf.len()` bytes; `Ok(false)` on a clean EOF before the
/// first byte.
fn read_exact_or_eof(input: &mut impl Read, buf: &mut [u8]) -> io::Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "truncated request")),
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(true)
}

/// Serves requests until EOF.
fn serve(input: &mut impl Read, output: &mut impl Write) -> io::Result<()> {
    let mut len = [0u8; 4];
    let mut request_bytes = Vec::new();
    while read_exact_or_eof(input, &mut len)? {
        request_bytes.resize(u32::from_le_bytes(len) as usize, 0);
        if !read_exact_or_eof(input, &mut request_bytes)? && !request_bytes.is_empty() {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "truncated request"));
        }
        let outcome = match ConformanceRequest::decode(&request_bytes[..]) {
            Ok(request) => panic::catch_unwind(AssertUnwindSafe(|| handle(&request))).unwrap_or_else(|panic| {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Outcome::RuntimeError(format!("testee panicked: {what}"))
            }),
            Err(e) => Outcome::RuntimeError(format!("bad ConformanceRequest: {e}")),
        };
        let response = ConformanceResponse { result: Some(outcome), ..Default::default() };
        let response_bytes =
            response.encode_to_vec().map_err(|e| io::Error::other(format!("encoding the response: {e}")))?;
        let response_len =
            u32::try_from(response_bytes.len()).map_err(|_| io::Error::other("response longer than 4 GiB"))?;
        output.write_all(&response_len.to_le_bytes())?;
        output.write_all(&response_bytes)?;
        output.flush()?;
    }
    Ok(())
}

fn main() {
    register_types();
    let stdin = io::stdin();
    let stdout = io::stdout();
    if let Err(e) = serve(&mut stdin.lock(), &mut stdout.lock()) {
        eprintln!("conformance-testee: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protowire_tests::protobuf_test_messages::proto3::TestAllTypesProto3;

    fn request(message_type: &str, payload: Payload, format: WireFormat) -> ConformanceRequest {
        let mut request =
            ConformanceRequest { message_type: message_type.into(), payload: Some(payload), ..Default::default() };
        request.set_requested_output_format(format);
        request
    }

    /// Runs `serve` over the length-prefixed requests and returns the outcomes.
    fn exchange(requests: &[ConformanceRequest]) -> Vec<Outcome> {
        register_types();
        let mut input = Vec::new();
        for request in requests {
            let bytes = request.encode_to_vec().unwrap();
            input.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
            input.extend_from_slice(&bytes);
        }
        let mut output = Vec::new();
        serve(&mut &input[..], &mut output).unwrap();
        let mut rest = &output[..];
        let mut outcomes = Vec::new();
        while !rest.is_empty() {
            let len = u32::from_le_bytes(rest[..4].try_into().unwrap()) as usize;
            let response = ConformanceResponse::decode(&rest[4..4 + len]).unwrap();
            outcomes.push(response.result.unwrap());
            rest = &rest[4 + len..];
        }
        outcomes
    }

    #[test]
    fn dynamic_mode_answers_through_dynamic_messages() {
        register_types();
        let name = "protobuf_test_messages.proto3.TestAllTypesProto3";
        let generated = find_type(name, false).unwrap();
        let dynamic = find_type(name, true).unwrap();
        assert_eq!(dynamic.rust_type_name(), "protowire::reflect::DynamicMessage");
        assert_ne!(generated.rust_type_name(), dynamic.rust_type_name());
        let bytes = TestAllTypesProto3 { optional_int32: 3, ..Default::default() }.encode_to_vec().unwrap();
        assert_eq!(dynamic.decode(&bytes).unwrap().encode_dyn().unwrap(), bytes);
    }

    #[test]
    fn answers_each_kind_of_request() {
        let name = "protobuf_test_messages.proto3.TestAllTypesProto3";
        let message = TestAllTypesProto3 { optional_int32: -5, optional_string: "é".into(), ..Default::default() };
        let bytes = message.encode_to_vec().unwrap();
        let outcomes = exchange(&[
            request("conformance.FailureSet", Payload::ProtobufPayload(Vec::new()), WireFormat::Protobuf),
            request(name, Payload::ProtobufPayload(bytes.clone()), WireFormat::Protobuf),
            request(name, Payload::ProtobufPayload(vec![0x0a, 0x05]), WireFormat::Protobuf),
            request(name, Payload::JsonPayload("{}".into()), WireFormat::Protobuf),
            request(name, Payload::ProtobufPayload(bytes.clone()), WireFormat::Json),
            request(name, Payload::TextPayload(String::new()), WireFormat::TextFormat),
            request("no.such.Message", Payload::ProtobufPayload(Vec::new()), WireFormat::Protobuf),
        ]);
        assert_eq!(outcomes.len(), 7);
        assert_eq!(outcomes[0], Outcome::ProtobufPayload(Vec::new()));
        assert_eq!(outcomes[1], Outcome::ProtobufPayload(bytes));
        assert!(matches!(outcomes[2], Outcome::ParseError(_)), "{:?}", outcomes[2]);
        assert_eq!(outcomes[3], Outcome::ProtobufPayload(Vec::new()));
        assert_eq!(outcomes[4], Outcome::JsonPayload(r#"{"optionalInt32":-5,"optionalString":"é"}"#.into()));
        assert_eq!(outcomes[5], Outcome::TextPayload(String::new()));
        assert!(matches!(outcomes[6], Outcome::RuntimeError(_)), "{:?}", outcomes[6]);
    }

    #[test]
    fn proto2_messages_are_registered() {
        register_types();
        let found = registry::find_by_name("protobuf_test_messages.proto2.TestAllTypesProto2").unwrap();
        assert_eq!(found, MessageType::of::<proto2::TestAllTypesProto2>());
    }

    #[test]
    fn truncated_input_is_an_error_not_a_panic() {
        let mut output = Vec::new();
        assert!(serve(&mut &[5u8, 0, 0, 0, 1][..], &mut output).is_err());
        assert!(serve(&mut &[5u8, 0][..], &mut output).is_err());
        assert!(output.is_empty());
    }
}
