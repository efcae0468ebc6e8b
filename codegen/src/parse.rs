//! Getting a `FileDescriptorSet`: parsing with protox (the default), running
//! protoc, or taking a set the user already has.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use prost::Message as _;
use prost_types::FileDescriptorSet;

use crate::config::{Config, DescriptorSetSource};
use crate::error::{Error, ErrorKind};

/// A parsed set and what to do with it.
pub(crate) struct Loaded {
    /// Every file, imports included, dependencies first.
    pub set: FileDescriptorSet,
    /// Names (import paths) of the files to generate.
    pub files: Vec<String>,
    /// `.proto` files read from disk, for `cargo:rerun-if-changed`.
    pub read: Vec<PathBuf>,
    /// The set's encoding, when it came as bytes: it keeps what
    /// `prost_types` drops (editions and features).
    pub bytes: Option<Vec<u8>>,
}

/// Gets the descriptor set for `protos` as `config` says.
pub(crate) fn load(config: &Config, protos: &[&Path], includes: &[&Path]) -> Result<Loaded, Error> {
    if let Some(source) = &config.descriptor_set {
        return given(source, protos, includes);
    }
    let use_protoc = config.protoc.unwrap_or_else(|| env::var_os("PROTOC").is_some());
    if use_protoc {
        return protoc(protos, includes);
    }
    match protox(protos, includes) {
        // protox does not read editions; protoc does, and one ships in a
        // crate, so an editions file needs nothing installed.
        Err(e) if e.is_edition() && config.protoc.is_none() => protoc(protos, includes),
        other => other,
    }
}

fn protox(protos: &[&Path], includes: &[&Path]) -> Result<Loaded, Error> {
    let mut compiler = protox::Compiler::new(includes).map_err(|e| Error::from_protox(&e, includes))?;
    compiler.include_imports(true).include_source_info(true);
    compiler.open_files(protos).map_err(|e| Error::from_protox(&e, includes))?;
    let set = compiler.file_descriptor_set();
    let files = compiler.files().filter(|f| !f.is_import()).map(|f| f.name().to_owned()).collect();
    let read = compiler.files().filter_map(|f| f.path()).map(Path::to_path_buf).collect();
    // The encoding keeps what `prost_types` drops: custom options (extension
    // fields of the `*Options` messages), for the embedded descriptors.
    let bytes = Some(compiler.encode_file_descriptor_set());
    Ok(Loaded { set, files, read, bytes })
}

/// The protoc to run: `PROTOC`, else the one the `protoc-bin-vendored`
/// crate ships (with its well-known types' include directory), else
/// `protoc` on the `PATH` (platforms the crate has no binary for).
fn protoc_program() -> (OsString, Option<PathBuf>) {
    if let Some(program) = env::var_os("PROTOC") {
        return (program, None);
    }
    match protoc_bin_vendored::protoc_bin_path() {
        Ok(path) => (path.into_os_string(), protoc_bin_vendored::include_path().ok()),
        Err(_) => (OsString::from("protoc"), None),
    }
}

fn protoc(protos: &[&Path], includes: &[&Path]) -> Result<Loaded, Error> {
    let (program, bundled) = protoc_program();
    let out = temp_file();
    let mut cmd = Command::new(&program);
    cmd.arg("--include_imports").arg("--include_source_info").arg(concat_os("--descriptor_set_out=", out.as_os_str()));
    for include in includes.iter().copied().chain(bundled.as_deref()) {
        cmd.arg(concat_os("--proto_path=", include.as_os_str()));
    }
    cmd.args(protos);
    let output = cmd.output().map_err(|e| {
        Error::new(
            ErrorKind::Protoc,
            format!(
                "could not run protoc (`{}`): {e}; install protoc, set PROTOC to its path, \
                 or use protox (the default, Config::protoc(false))",
                Path::new(&program).display()
            ),
        )
    })?;
    if !output.status.success() {
        let _ = fs::remove_file(&out);
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::new(ErrorKind::Parse, format!("protoc failed ({}):\n{}", output.status, stderr.trim_end())));
    }
    let bytes = fs::read(&out).map_err(|e| Error::io(format_args!("reading {}", out.display()), e));
    let _ = fs::remove_file(&out);
    let bytes = bytes?;
    let set = decode(&bytes)?;
    let files = protos.iter().map(|p| find_in_set(&set, p, includes)).collect::<Result<_, _>>()?;
    // Every file of the set that came from an include directory (imports
    // too); protoc's bundled well-known types are in none.
    let read = set.file.iter().filter_map(|f| under_include(Path::new(f.name()), includes)).collect();
    Ok(Loaded { set, files, read, bytes: Some(bytes) })
}

fn given(source: &DescriptorSetSource, protos: &[&Path], includes: &[&Path]) -> Result<Loaded, Error> {
    let (set, bytes) = match source {
        DescriptorSetSource::Set(set) => (set.clone(), None),
        DescriptorSetSource::Encoded(bytes) => (decode(bytes)?, Some(bytes.clone())),
    };
    let files = if protos.is_empty() {
        set.file.iter().map(|f| f.name().to_owned()).collect()
    } else {
        protos.iter().map(|p| find_in_set(&set, p, includes)).collect::<Result<_, _>>()?
    };
    let read = protos.iter().filter_map(|p| on_disk(p, includes)).collect();
    Ok(Loaded { set, files, read, bytes })
}

/// The file that `proto`, as given to `compile`, names on disk: the path
/// itself if it is a file, else the path below the first include directory
/// that has it (as protox and protoc look it up). `None` if neither exists,
/// which parsing then reports.
///
/// This is what `cargo:rerun-if-changed` must name: a path that does not
/// exist makes cargo rerun the build script on every build.
pub(crate) fn on_disk(proto: &Path, includes: &[&Path]) -> Option<PathBuf> {
    if proto.is_file() { Some(proto.to_path_buf()) } else { under_include(proto, includes) }
}

/// `name` below the first include directory that has it as a file.
fn under_include(name: &Path, includes: &[&Path]) -> Option<PathBuf> {
    includes.iter().map(|dir| dir.join(name)).find(|p| p.is_file())
}

fn decode(bytes: &[u8]) -> Result<FileDescriptorSet, Error> {
    FileDescriptorSet::decode(bytes)
        .map_err(|e| Error::new(ErrorKind::Descriptor, format!("invalid FileDescriptorSet: {e}")))
}

/// The name in `set` of the file at `proto`: its path relative to the first
/// include directory that contains it, else `proto` itself as an import name.
fn find_in_set(set: &FileDescriptorSet, proto: &Path, includes: &[&Path]) -> Result<String, Error> {
    let candidates = includes.iter().filter_map(|inc| relative_to(proto, inc)).chain(Some(slash_path(proto)));
    for name in candidates {
        if set.file.iter().any(|f| f.name() == name) {
            return Ok(name);
        }
    }
    Err(Error::new(ErrorKind::Descriptor, format!("{} is not in the descriptor set", proto.display())))
}

/// `path` below `dir` as a `/`-separated name, comparing lexically and then
/// canonically.
fn relative_to(path: &Path, dir: &Path) -> Option<String> {
    let lexical = |p: &Path| p.components().filter(|c| *c != Component::CurDir).collect::<PathBuf>();
    if let Ok(rest) = lexical(path).strip_prefix(lexical(dir)) {
        return Some(slash_path(rest));
    }
    let (path, dir) = (path.canonicalize().ok()?, dir.canonicalize().ok()?);
    path.strip_prefix(dir).ok().map(slash_path)
}

fn slash_path(path: &Path) -> String {
    let parts: Vec<_> = path
        .components()
        .filter(|c| *c != Component::CurDir)
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn concat_os(flag: &str, value: &std::ffi::OsStr) -> OsString {
    let mut s = OsString::from(flag);
    s.push(value);
    s
}

/// A fresh path for protoc's output: in `OUT_DIR` under cargo, else the
/// system temporary directory.
fn temp_file() -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = env::var_os("OUT_DIR").map_or_else(env::temp_dir, PathBuf::from);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!("protowire-codegen-{}-{n}.fds", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_names() {
        assert_eq!(relative_to(Path::new("proto/a/b.proto"), Path::new("proto")).as_deref(), Some("a/b.proto"));
        assert_eq!(relative_to(Path::new("./proto/b.proto"), Path::new("proto/")).as_deref(), Some("b.proto"));
        assert_eq!(relative_to(Path::new("x/b.proto"), Path::new("proto")), None);
    }
}
