//! Services: tonic clients and servers, written by tonic-build's
//! [`CodeGenBuilder`] from a description of each service that names
//! protowire's types and codec.

use proc_macro2::TokenStream;
use prost_types::{MethodDescriptorProto, ServiceDescriptorProto};
use quote::ToTokens;
use tonic_build::CodeGenBuilder;

use super::field::path_tokens;
use super::{Ctx, FileCtx, Namespace};
use crate::error::{Error, ErrorKind};
use crate::ident::{to_snake, to_upper_camel, unraw};
use crate::index::Scope;
use crate::source::path;

/// The code for the services of one file declared in `scope` (a package):
/// a `<service>_client` and/or `<service>_server` module each, as
/// configured. Module names are claimed in `ns`.
pub(super) fn services<'a>(
    ctx: &Ctx<'a>,
    file: &FileCtx<'a>,
    scope: &Scope<'a>,
    services: &'a [ServiceDescriptorProto],
    ns: &mut Namespace,
) -> Result<TokenStream, Error> {
    let config = ctx.config;
    if !(config.build_client || config.build_server) || services.is_empty() {
        return Ok(TokenStream::new());
    }
    if syn::parse_str::<syn::Path>(&config.codec_path).is_err() {
        return Err(Error::new(ErrorKind::Config, format!("codec path `{}` is not a Rust path", config.codec_path)));
    }
    let mut builder = CodeGenBuilder::new();
    builder.emit_package(true).build_transport(config.build_transport);
    let mut out = TokenStream::new();
    for (i, desc) in services.iter().enumerate() {
        let desc_path = [path::FILE_SERVICE, i as i32];
        let service = Service::new(ctx, file, scope, desc, &desc_path)?;
        let at = file.source.at(&desc_path);
        let full_name = scope.fq(desc.name());
        let generated = [(config.build_client, "client"), (config.build_server, "server")];
        for (wanted, side) in generated {
            if !wanted {
                continue;
            }
            let code = match side {
                "client" => builder.generate_client(&service, ""),
                _ => builder.generate_server(&service, ""),
            };
            // tonic-build names the module; claim the name it chose.
            let mut module = syn::parse2::<syn::ItemMod>(code).map_err(|e| {
                Error::new(
                    ErrorKind::Descriptor,
                    format!("internal error: tonic-build's {side} for `{}` does not parse ({e})", &full_name[1..]),
                )
            })?;
            ns.claim(&module.ident.to_string(), || format!("the {side} of service `{}` ({at})", &full_name[1..]))?;
            if side == "server" && service.methods.iter().any(|m| m.proto_name != to_upper_camel(&m.proto_name)) {
                // The server names a type per method after its `.proto`
                // name (`checkSvc`, `checkStream`).
                module.attrs.push(syn::parse_quote!(#![allow(non_camel_case_types)]));
            }
            module.to_tokens(&mut out);
        }
    }
    Ok(out)
}

/// A service as tonic-build reads it.
struct Service {
    /// The Rust name, `UpperCamelCase`.
    name: String,
    /// The package, without a leading dot.
    package: String,
    /// The name in the `.proto`, as it appears in request paths.
    proto_name: String,
    comments: Vec<String>,
    methods: Vec<Method>,
}

impl Service {
    fn new<'a>(
        ctx: &Ctx<'a>,
        file: &FileCtx<'a>,
        scope: &Scope<'a>,
        desc: &'a ServiceDescriptorProto,
        desc_path: &[i32],
    ) -> Result<Self, Error> {
        let name = to_upper_camel(desc.name());
        if name.starts_with("r#") {
            return Err(Error::new(
                ErrorKind::NameClash,
                format!(
                    "{}: service `{}` becomes Rust keyword `{}`, which cannot name its trait",
                    file.source.at(desc_path),
                    desc.name(),
                    unraw(&name)
                ),
            ));
        }
        // Types are named from the client or server module, one level
        // below the package's: a nesting no `.proto` name can match adds
        // the `super::`.
        let inside = Scope { package: scope.package, nesting: vec!["(service module)"] };
        let mut methods = Vec::with_capacity(desc.method.len());
        for (j, m) in desc.method.iter().enumerate() {
            let method_path = [desc_path, &[path::SERVICE_METHOD, j as i32]].concat();
            methods.push(Method::new(ctx, file, &inside, m, &method_path)?);
        }
        Ok(Service {
            name,
            package: scope.package.to_owned(),
            proto_name: desc.name().to_owned(),
            comments: file.source.doc_lines(desc_path),
            methods,
        })
    }
}

/// A method as tonic-build reads it.
struct Method {
    /// The Rust name, `snake_case` (`r#`-prefixed if a keyword).
    name: String,
    /// The name in the `.proto`, as it appears in request paths.
    proto_name: String,
    codec_path: String,
    client_streaming: bool,
    server_streaming: bool,
    deprecated: bool,
    comments: Vec<String>,
    request: TokenStream,
    response: TokenStream,
}

impl Method {
    fn new<'a>(
        ctx: &Ctx<'a>,
        file: &FileCtx<'a>,
        inside: &Scope<'_>,
        desc: &MethodDescriptorProto,
        desc_path: &[i32],
    ) -> Result<Self, Error> {
        let type_path = |fq: &str| -> Result<TokenStream, Error> {
            let path = ctx.index.rust_path(fq, inside).map_err(|e| {
                Error::new(
                    ErrorKind::Descriptor,
                    format!("{}: method `{}`: {e}", file.source.at(desc_path), desc.name()),
                )
            })?;
            Ok(path_tokens(&path))
        };
        Ok(Method {
            name: to_snake(desc.name()),
            proto_name: desc.name().to_owned(),
            codec_path: ctx.config.codec_path.clone(),
            client_streaming: desc.client_streaming(),
            server_streaming: desc.server_streaming(),
            deprecated: desc.options.as_ref().and_then(|o| o.deprecated) == Some(true),
            comments: file.source.doc_lines(desc_path),
            request: type_path(desc.input_type())?,
            response: type_path(desc.output_type())?,
        })
    }
}

impl tonic_build::Service for Service {
    type Comment = String;
    type Method = Method;

    fn name(&self) -> &str {
        &self.name
    }

    fn package(&self) -> &str {
        &self.package
    }

    fn identifier(&self) -> &str {
        &self.proto_name
    }

    fn methods(&self) -> &[Method] {
        &self.methods
    }

    fn comment(&self) -> &[String] {
        &self.comments
    }
}

impl tonic_build::Method for Method {
    type Comment = String;

    fn name(&self) -> &str {
        &self.name
    }

    fn identifier(&self) -> &str {
        &self.proto_name
    }

    fn codec_path(&self) -> &str {
        &self.codec_path
    }

    fn client_streaming(&self) -> bool {
        self.client_streaming
    }

    fn server_streaming(&self) -> bool {
        self.server_streaming
    }

    fn comment(&self) -> &[String] {
        &self.comments
    }

    fn deprecated(&self) -> bool {
        self.deprecated
    }

    fn request_response_name(&self, _proto_path: &str, _compile_well_known_types: bool) -> (TokenStream, TokenStream) {
        (self.request.clone(), self.response.clone())
    }
}
