//! The generated code, in a module tree that mirrors the packages.

/// `package grpc.*`.
pub mod grpc {
    /// `package grpc.health.*`.
    pub mod health {
        /// `package grpc.health.v1`: the standard health service.
        pub mod v1 {
            protowire::include_proto!("grpc.health.v1");
        }
    }
}

/// `package example.*`.
pub mod example {
    /// `package example.orders`: the example's own service.
    pub mod orders {
        protowire::include_proto!("example.orders");
    }
}
