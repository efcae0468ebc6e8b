//! Every type of the descriptor set by full name, and what follows from the
//! whole set: Rust paths between types (`super::`-relative or extern), and
//! which message fields must be boxed.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, EnumDescriptorProto, FileDescriptorSet};

use crate::error::{Error, ErrorKind};
use crate::ident::{to_snake, to_upper_camel};

/// A message or an enum.
#[derive(Clone, Copy)]
pub(crate) enum Def<'a> {
    Message(&'a DescriptorProto),
    Enum(&'a EnumDescriptorProto),
}

/// One type of the set.
pub(crate) struct Entry<'a> {
    pub def: Def<'a>,
    /// Package, without a leading dot ("" for none).
    pub package: &'a str,
    /// Names of the enclosing messages, outermost first.
    pub nesting: Vec<&'a str>,
    pub name: &'a str,
}

/// Where generated code is: a package and the messages whose modules it is
/// nested in.
#[derive(Clone)]
pub(crate) struct Scope<'a> {
    pub package: &'a str,
    pub nesting: Vec<&'a str>,
}

impl<'a> Scope<'a> {
    /// The full protobuf name of `name` declared in this scope, with a
    /// leading dot.
    pub fn fq(&self, name: &str) -> String {
        let mut fq = String::new();
        for part in self.package.split('.').filter(|p| !p.is_empty()).chain(self.nesting.iter().copied()) {
            fq.push('.');
            fq.push_str(part);
        }
        fq.push('.');
        fq.push_str(name);
        fq
    }

    /// The scope inside message `name`'s module.
    pub fn nested(&self, name: &'a str) -> Scope<'a> {
        let mut nesting = self.nesting.clone();
        nesting.push(name);
        Scope { package: self.package, nesting }
    }
}

/// All types of a set, the extern paths, and the containment graph.
pub(crate) struct Index<'a> {
    types: HashMap<String, Entry<'a>>,
    /// `(proto path, rust path)`, longest proto path first.
    extern_paths: Vec<(String, String)>,
    /// Message → types of its singular message fields.
    edges: HashMap<String, Vec<&'a str>>,
    reachable: RefCell<HashMap<String, HashSet<String>>>,
}

impl<'a> Index<'a> {
    pub fn new(set: &'a FileDescriptorSet, extern_paths: Vec<(String, String)>) -> Result<Self, Error> {
        let mut index = Index {
            types: HashMap::new(),
            extern_paths,
            edges: HashMap::new(),
            reachable: RefCell::new(HashMap::new()),
        };
        for (proto, rust) in &index.extern_paths {
            if !proto.starts_with('.') {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!("extern_path `{proto}` must be a full protobuf path starting with `.`"),
                ));
            }
            if syn::parse_str::<syn::Path>(rust).is_err() {
                return Err(Error::new(
                    ErrorKind::Config,
                    format!("extern_path `{proto}` maps to `{rust}`, which is not a Rust path"),
                ));
            }
        }
        index.extern_paths.sort_by_key(|(proto, _)| std::cmp::Reverse(proto.len()));
        for file in &set.file {
            let scope = Scope { package: file.package(), nesting: Vec::new() };
            for msg in &file.message_type {
                index.add_message(&scope, msg);
            }
            for en in &file.enum_type {
                index.add(scope.fq(en.name()), Def::Enum(en), &scope, en.name());
            }
        }
        Ok(index)
    }

    fn add(&mut self, fq: String, def: Def<'a>, scope: &Scope<'a>, name: &'a str) {
        let entry = Entry { def, package: scope.package, nesting: scope.nesting.clone(), name };
        self.types.insert(fq, entry);
    }

    fn add_message(&mut self, scope: &Scope<'a>, msg: &'a DescriptorProto) {
        let fq = scope.fq(msg.name());
        let edges = msg
            .field
            .iter()
            .filter(|f| matches!(f.r#type(), Type::Message | Type::Group) && f.label() != Label::Repeated)
            .map(|f| f.type_name())
            .collect();
        self.edges.insert(fq.clone(), edges);
        self.add(fq, Def::Message(msg), scope, msg.name());
        let inner = scope.nested(msg.name());
        for nested in &msg.nested_type {
            self.add_message(&inner, nested);
        }
        for en in &msg.enum_type {
            self.add(inner.fq(en.name()), Def::Enum(en), &inner, en.name());
        }
    }

    /// The type with full name `fq` (leading dot).
    pub fn get(&self, fq: &str) -> Result<&Entry<'a>, Error> {
        self.types
            .get(fq)
            .ok_or_else(|| Error::new(ErrorKind::Descriptor, format!("type `{fq}` is not in the descriptor set")))
    }

    /// The Rust path of `fq` if an extern path covers it.
    pub fn extern_path(&self, fq: &str) -> Option<String> {
        for (proto, rust) in &self.extern_paths {
            if fq == proto {
                return Some(rust.clone());
            }
            let Some(rest) = fq.strip_prefix(proto.as_str()).and_then(|r| r.strip_prefix('.')) else {
                continue;
            };
            let mut segments: Vec<&str> = rest.split('.').collect();
            let last = segments.pop().unwrap_or_default();
            let mut path = rust.clone();
            if let Some(Entry { def: Def::Message(msg), .. }) = self.types.get(proto) {
                // `proto` is a message: its nested types live in its module,
                // a sibling of the struct `rust` names.
                let parent = rust.rsplit_once("::").map_or("", |(parent, _)| parent);
                path = format!("{parent}::{}", to_snake(msg.name()));
                if parent.is_empty() {
                    path = to_snake(msg.name());
                }
            }
            for seg in segments {
                path.push_str("::");
                path.push_str(&to_snake(seg));
            }
            path.push_str("::");
            path.push_str(&to_upper_camel(last));
            return Some(path);
        }
        None
    }

    /// The Rust path, as seen from `scope`, of the type named `fq`: an extern
    /// path, or a path relative to `scope` (`super::`… as prost-build makes
    /// them, assuming each package's file is included in a module tree that
    /// mirrors the package names).
    pub fn rust_path(&self, fq: &str, scope: &Scope<'_>) -> Result<String, Error> {
        if let Some(path) = self.extern_path(fq) {
            return Ok(path);
        }
        let entry = self.get(fq)?;
        let target: Vec<&str> =
            entry.package.split('.').filter(|p| !p.is_empty()).chain(entry.nesting.iter().copied()).collect();
        let here: Vec<&str> =
            scope.package.split('.').filter(|p| !p.is_empty()).chain(scope.nesting.iter().copied()).collect();
        let common = here.iter().zip(&target).take_while(|(a, b)| a == b).count();
        let mut parts: Vec<String> = vec!["super".to_owned(); here.len() - common];
        parts.extend(target[common..].iter().map(|s| to_snake(s)));
        parts.push(to_upper_camel(entry.name));
        Ok(parts.join("::"))
    }

    /// Whether a singular field of message type `field_type` in message
    /// `container` must be boxed: `field_type` is `container`, or reaches it
    /// through singular message fields (prost's rule).
    pub fn is_recursive(&self, container: &str, field_type: &str) -> bool {
        if container == field_type {
            return true;
        }
        let mut cache = self.reachable.borrow_mut();
        let set = cache.entry(field_type.to_owned()).or_insert_with(|| {
            let mut seen = HashSet::new();
            let mut stack = vec![field_type];
            while let Some(t) = stack.pop() {
                for next in self.edges.get(t).into_iter().flatten() {
                    if seen.insert((*next).to_owned()) {
                        stack.push(next);
                    }
                }
            }
            seen
        });
        set.contains(container)
    }
}
