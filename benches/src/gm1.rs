//! `benchmarks.proto3.GoogleMessage1` written by hand for both derives, so
//! the two runtimes can be compared before code generation exists.
//! Generated from `benchmark_message1_proto3.proto` (Google's benchmark
//! schema); keep the field lists in sync with it.

#![allow(missing_docs, clippy::all)]

#[derive(protowire::Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "benchmarks.proto3.GoogleMessage1")]
pub struct PwGoogleMessage1 {
    #[proto(1, string)]
    pub field1: String,
    #[proto(9, string)]
    pub field9: String,
    #[proto(18, string)]
    pub field18: String,
    #[proto(80, bool)]
    pub field80: bool,
    #[proto(81, bool)]
    pub field81: bool,
    #[proto(2, int32)]
    pub field2: i32,
    #[proto(3, int32)]
    pub field3: i32,
    #[proto(280, int32)]
    pub field280: i32,
    #[proto(6, int32)]
    pub field6: i32,
    #[proto(22, int64)]
    pub field22: i64,
    #[proto(4, string)]
    pub field4: String,
    #[proto(5, fixed64)]
    pub field5: Vec<u64>,
    #[proto(59, bool)]
    pub field59: bool,
    #[proto(7, string)]
    pub field7: String,
    #[proto(16, int32)]
    pub field16: i32,
    #[proto(130, int32)]
    pub field130: i32,
    #[proto(12, bool)]
    pub field12: bool,
    #[proto(17, bool)]
    pub field17: bool,
    #[proto(13, bool)]
    pub field13: bool,
    #[proto(14, bool)]
    pub field14: bool,
    #[proto(104, int32)]
    pub field104: i32,
    #[proto(100, int32)]
    pub field100: i32,
    #[proto(101, int32)]
    pub field101: i32,
    #[proto(102, string)]
    pub field102: String,
    #[proto(103, string)]
    pub field103: String,
    #[proto(29, int32)]
    pub field29: i32,
    #[proto(30, bool)]
    pub field30: bool,
    #[proto(60, int32)]
    pub field60: i32,
    #[proto(271, int32)]
    pub field271: i32,
    #[proto(272, int32)]
    pub field272: i32,
    #[proto(150, int32)]
    pub field150: i32,
    #[proto(23, int32)]
    pub field23: i32,
    #[proto(24, bool)]
    pub field24: bool,
    #[proto(25, int32)]
    pub field25: i32,
    #[proto(15, message)]
    pub field15: Option<PwGoogleMessage1SubMessage>,
    #[proto(78, bool)]
    pub field78: bool,
    #[proto(67, int32)]
    pub field67: i32,
    #[proto(68, int32)]
    pub field68: i32,
    #[proto(128, int32)]
    pub field128: i32,
    #[proto(129, string)]
    pub field129: String,
    #[proto(131, int32)]
    pub field131: i32,
    #[proto(unknown)]
    pub unknown: protowire::UnknownFields,
}

#[derive(prost::Message, Clone, PartialEq)]
pub struct PrGoogleMessage1 {
    #[prost(string, tag = "1")]
    pub field1: String,
    #[prost(string, tag = "9")]
    pub field9: String,
    #[prost(string, tag = "18")]
    pub field18: String,
    #[prost(bool, tag = "80")]
    pub field80: bool,
    #[prost(bool, tag = "81")]
    pub field81: bool,
    #[prost(int32, tag = "2")]
    pub field2: i32,
    #[prost(int32, tag = "3")]
    pub field3: i32,
    #[prost(int32, tag = "280")]
    pub field280: i32,
    #[prost(int32, tag = "6")]
    pub field6: i32,
    #[prost(int64, tag = "22")]
    pub field22: i64,
    #[prost(string, tag = "4")]
    pub field4: String,
    #[prost(fixed64, repeated, tag = "5")]
    pub field5: Vec<u64>,
    #[prost(bool, tag = "59")]
    pub field59: bool,
    #[prost(string, tag = "7")]
    pub field7: String,
    #[prost(int32, tag = "16")]
    pub field16: i32,
    #[prost(int32, tag = "130")]
    pub field130: i32,
    #[prost(bool, tag = "12")]
    pub field12: bool,
    #[prost(bool, tag = "17")]
    pub field17: bool,
    #[prost(bool, tag = "13")]
    pub field13: bool,
    #[prost(bool, tag = "14")]
    pub field14: bool,
    #[prost(int32, tag = "104")]
    pub field104: i32,
    #[prost(int32, tag = "100")]
    pub field100: i32,
    #[prost(int32, tag = "101")]
    pub field101: i32,
    #[prost(string, tag = "102")]
    pub field102: String,
    #[prost(string, tag = "103")]
    pub field103: String,
    #[prost(int32, tag = "29")]
    pub field29: i32,
    #[prost(bool, tag = "30")]
    pub field30: bool,
    #[prost(int32, tag = "60")]
    pub field60: i32,
    #[prost(int32, tag = "271")]
    pub field271: i32,
    #[prost(int32, tag = "272")]
    pub field272: i32,
    #[prost(int32, tag = "150")]
    pub field150: i32,
    #[prost(int32, tag = "23")]
    pub field23: i32,
    #[prost(bool, tag = "24")]
    pub field24: bool,
    #[prost(int32, tag = "25")]
    pub field25: i32,
    #[prost(message, optional, tag = "15")]
    pub field15: Option<PrGoogleMessage1SubMessage>,
    #[prost(bool, tag = "78")]
    pub field78: bool,
    #[prost(int32, tag = "67")]
    pub field67: i32,
    #[prost(int32, tag = "68")]
    pub field68: i32,
    #[prost(int32, tag = "128")]
    pub field128: i32,
    #[prost(string, tag = "129")]
    pub field129: String,
    #[prost(int32, tag = "131")]
    pub field131: i32,
}

#[derive(protowire::Message, Clone, PartialEq, Default, Debug)]
#[proto(name = "benchmarks.proto3.GoogleMessage1SubMessage")]
pub struct PwGoogleMessage1SubMessage {
    #[proto(1, int32)]
    pub field1: i32,
    #[proto(2, int32)]
    pub field2: i32,
    #[proto(3, int32)]
    pub field3: i32,
    #[proto(15, string)]
    pub field15: String,
    #[proto(12, bool)]
    pub field12: bool,
    #[proto(13, int64)]
    pub field13: i64,
    #[proto(14, int64)]
    pub field14: i64,
    #[proto(16, int32)]
    pub field16: i32,
    #[proto(19, int32)]
    pub field19: i32,
    #[proto(20, bool)]
    pub field20: bool,
    #[proto(28, bool)]
    pub field28: bool,
    #[proto(21, fixed64)]
    pub field21: u64,
    #[proto(22, int32)]
    pub field22: i32,
    #[proto(23, bool)]
    pub field23: bool,
    #[proto(206, bool)]
    pub field206: bool,
    #[proto(203, fixed32)]
    pub field203: u32,
    #[proto(204, int32)]
    pub field204: i32,
    #[proto(205, string)]
    pub field205: String,
    #[proto(207, uint64)]
    pub field207: u64,
    #[proto(300, uint64)]
    pub field300: u64,
    #[proto(unknown)]
    pub unknown: protowire::UnknownFields,
}

#[derive(prost::Message, Clone, PartialEq)]
pub struct PrGoogleMessage1SubMessage {
    #[prost(int32, tag = "1")]
    pub field1: i32,
    #[prost(int32, tag = "2")]
    pub field2: i32,
    #[prost(int32, tag = "3")]
    pub field3: i32,
    #[prost(string, tag = "15")]
    pub field15: String,
    #[prost(bool, tag = "12")]
    pub field12: bool,
    #[prost(int64, tag = "13")]
    pub field13: i64,
    #[prost(int64, tag = "14")]
    pub field14: i64,
    #[prost(int32, tag = "16")]
    pub field16: i32,
    #[prost(int32, tag = "19")]
    pub field19: i32,
    #[prost(bool, tag = "20")]
    pub field20: bool,
    #[prost(bool, tag = "28")]
    pub field28: bool,
    #[prost(fixed64, tag = "21")]
    pub field21: u64,
    #[prost(int32, tag = "22")]
    pub field22: i32,
    #[prost(bool, tag = "23")]
    pub field23: bool,
    #[prost(bool, tag = "206")]
    pub field206: bool,
    #[prost(fixed32, tag = "203")]
    pub field203: u32,
    #[prost(int32, tag = "204")]
    pub field204: i32,
    #[prost(string, tag = "205")]
    pub field205: String,
    #[prost(uint64, tag = "207")]
    pub field207: u64,
    #[prost(uint64, tag = "300")]
    pub field300: u64,
}
