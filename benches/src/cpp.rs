//! C++ protobuf (Debian's libprotobuf) through the shim in `cpp/shim.cc`:
//! each call runs the whole measurement loop in C++ and returns the time.

use std::time::Duration;

unsafe extern "C" {
    fn pwbench_cpp_decode(kind: i32, ptrs: *const *const u8, lens: *const usize, n: usize, iters: u64) -> i64;
    fn pwbench_cpp_encode(kind: i32, ptrs: *const *const u8, lens: *const usize, n: usize, iters: u64) -> i64;
    fn pwbench_cpp_size(kind: i32, ptrs: *const *const u8, lens: *const usize, n: usize, iters: u64) -> i64;
    fn pwbench_cpp_reencoded_len(kind: i32, ptrs: *const *const u8, lens: *const usize, n: usize) -> i64;
    fn pwbench_cpp_version() -> i32;
}

/// The libprotobuf version the shim was compiled against, as `3.21.12`.
pub fn version() -> String {
    // SAFETY: takes no arguments, returns a constant.
    let v = unsafe { pwbench_cpp_version() };
    format!("{}.{}.{}", v / 1_000_000, v / 1000 % 1000, v % 1000)
}

/// Payloads of one message type, as pointers for the shim.
pub struct CppPayloads {
    kind: i32,
    ptrs: Vec<*const u8>,
    lens: Vec<usize>,
    _data: Vec<bytes::Bytes>,
}

/// Which entry point of the shim to time.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    /// `ParseFromArray` into a fresh message per payload.
    Decode,
    /// `SerializeAsString` of pre-parsed messages.
    Encode,
    /// `ByteSizeLong` of pre-parsed messages.
    Size,
}

impl CppPayloads {
    /// `kind` numbers the message types as `dispatch` in the shim does.
    pub fn new(kind: i32, payloads: Vec<bytes::Bytes>) -> Self {
        CppPayloads {
            kind,
            ptrs: payloads.iter().map(|p| p.as_ptr()).collect(),
            lens: payloads.iter().map(bytes::Bytes::len).collect(),
            _data: payloads,
        }
    }

    /// Runs `op` over every payload `iters` times, inside C++.
    ///
    /// # Panics
    ///
    /// If C++ fails to parse a payload.
    pub fn run(&self, op: Op, iters: u64) -> Duration {
        let f = match op {
            Op::Decode => pwbench_cpp_decode,
            Op::Encode => pwbench_cpp_encode,
            Op::Size => pwbench_cpp_size,
        };
        // SAFETY: the pointers and lengths describe the slices of `_data`, alive as long as `self`.
        let ns = unsafe { f(self.kind, self.ptrs.as_ptr(), self.lens.as_ptr(), self.ptrs.len(), iters) };
        assert!(ns >= 0, "C++ failed to parse a payload of kind {}", self.kind);
        Duration::from_nanos(ns as u64)
    }

    /// Total length of the payloads parsed and re-serialized by C++, or
    /// `None` if one does not parse.
    pub fn reencoded_len(&self) -> Option<usize> {
        // SAFETY: as in `run`.
        let n =
            unsafe { pwbench_cpp_reencoded_len(self.kind, self.ptrs.as_ptr(), self.lens.as_ptr(), self.ptrs.len()) };
        usize::try_from(n).ok()
    }
}
