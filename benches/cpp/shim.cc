// C++ protobuf side of the benchmarks: each entry point takes the payloads
// and an iteration count, runs the loop here in C++, and returns the elapsed
// nanoseconds (or -1 if a payload does not parse), so the FFI call is paid
// once per measurement, not once per message.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.pb.h>

#include "benchmark_message1_proto2.pb.h"
#include "benchmark_message1_proto3.pb.h"
#include "benchmark_message2.pb.h"
#include "synthetic.pb.h"
#include "telemetry.pb.h"

namespace {

template <typename T>
inline void keep(T const& value) {
  asm volatile("" : : "r,m"(value) : "memory");
}

using Clock = std::chrono::steady_clock;

int64_t since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
}

template <typename M>
int64_t decode(const uint8_t* const* ptrs, const size_t* lens, size_t n, uint64_t iters) {
  auto start = Clock::now();
  for (uint64_t i = 0; i < iters; ++i) {
    for (size_t j = 0; j < n; ++j) {
      M m;
      if (!m.ParseFromArray(ptrs[j], static_cast<int>(lens[j]))) return -1;
      keep(&m);
    }
  }
  return since(start);
}

template <typename M>
bool parse_all(const uint8_t* const* ptrs, const size_t* lens, size_t n, std::vector<M>* out) {
  out->resize(n);
  for (size_t j = 0; j < n; ++j) {
    if (!(*out)[j].ParseFromArray(ptrs[j], static_cast<int>(lens[j]))) return false;
  }
  return true;
}

template <typename M>
int64_t encode(const uint8_t* const* ptrs, const size_t* lens, size_t n, uint64_t iters) {
  std::vector<M> msgs;
  if (!parse_all(ptrs, lens, n, &msgs)) return -1;
  auto start = Clock::now();
  for (uint64_t i = 0; i < iters; ++i) {
    for (const M& m : msgs) {
      std::string out = m.SerializeAsString();
      keep(out.data());
    }
  }
  return since(start);
}

template <typename M>
int64_t size(const uint8_t* const* ptrs, const size_t* lens, size_t n, uint64_t iters) {
  std::vector<M> msgs;
  if (!parse_all(ptrs, lens, n, &msgs)) return -1;
  auto start = Clock::now();
  size_t total = 0;
  for (uint64_t i = 0; i < iters; ++i) {
    for (const M& m : msgs) {
      keep(&m);
      total += m.ByteSizeLong();
    }
  }
  keep(total);
  return since(start);
}

template <typename M>
int64_t reencoded_len(const uint8_t* const* ptrs, const size_t* lens, size_t n) {
  std::vector<M> msgs;
  if (!parse_all(ptrs, lens, n, &msgs)) return -1;
  int64_t total = 0;
  for (const M& m : msgs) total += static_cast<int64_t>(m.SerializeAsString().size());
  return total;
}

// One switch over the message kinds; numbering matches `cpp::Kind` in Rust.
template <template <typename> class Op, typename... Args>
int64_t dispatch(int kind, Args... args) {
  switch (kind) {
    case 0: return Op<benchmarks::proto2::GoogleMessage1>::run(args...);
    case 1: return Op<benchmarks::proto3::GoogleMessage1>::run(args...);
    case 2: return Op<benchmarks::proto2::GoogleMessage2>::run(args...);
    case 3: return Op<google::protobuf::FileDescriptorSet>::run(args...);
    case 4: return Op<bench::telemetry::TracesData>::run(args...);
    case 5: return Op<bench::synthetic::Chain>::run(args...);
    case 6: return Op<bench::synthetic::Blobs>::run(args...);
    case 7: return Op<bench::synthetic::Mesh>::run(args...);
    case 8: return Op<bench::synthetic::Flat>::run(args...);
    default: return -2;
  }
}

template <typename M>
struct Decode {
  static int64_t run(const uint8_t* const* p, const size_t* l, size_t n, uint64_t it) { return decode<M>(p, l, n, it); }
};
template <typename M>
struct Encode {
  static int64_t run(const uint8_t* const* p, const size_t* l, size_t n, uint64_t it) { return encode<M>(p, l, n, it); }
};
template <typename M>
struct Size {
  static int64_t run(const uint8_t* const* p, const size_t* l, size_t n, uint64_t it) { return size<M>(p, l, n, it); }
};
template <typename M>
struct Reencode {
  static int64_t run(const uint8_t* const* p, const size_t* l, size_t n) { return reencoded_len<M>(p, l, n); }
};

}  // namespace

extern "C" {

int64_t pwbench_cpp_decode(int kind, const uint8_t* const* ptrs, const size_t* lens, size_t n, uint64_t iters) {
  return dispatch<Decode>(kind, ptrs, lens, n, iters);
}

int64_t pwbench_cpp_encode(int kind, const uint8_t* const* ptrs, const size_t* lens, size_t n, uint64_t iters) {
  return dispatch<Encode>(kind, ptrs, lens, n, iters);
}

int64_t pwbench_cpp_size(int kind, const uint8_t* const* ptrs, const size_t* lens, size_t n, uint64_t iters) {
  return dispatch<Size>(kind, ptrs, lens, n, iters);
}

int64_t pwbench_cpp_reencoded_len(int kind, const uint8_t* const* ptrs, const size_t* lens, size_t n) {
  return dispatch<Reencode>(kind, ptrs, lens, n);
}

int pwbench_cpp_version() { return GOOGLE_PROTOBUF_VERSION; }

}  // extern "C"
