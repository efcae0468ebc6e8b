//! `--addr HOST:PORT`, the one option both binaries take.

/// The address in `args` (`--addr HOST:PORT` or `--addr=HOST:PORT`), or
/// `default` when there is none.
///
/// # Errors
///
/// An unknown argument, or `--addr` without a value; the message says so.
pub fn addr(args: impl IntoIterator<Item = String>, default: &str) -> Result<String, String> {
    let mut addr = None;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if let Some(value) = arg.strip_prefix("--addr=") {
            addr = Some(value.to_owned());
        } else if arg == "--addr" {
            addr = Some(args.next().ok_or("--addr needs a value, HOST:PORT")?);
        } else {
            return Err(format!("unknown argument `{arg}` (usage: --addr HOST:PORT)"));
        }
    }
    Ok(addr.unwrap_or_else(|| default.to_owned()))
}

/// The address both binaries use by default.
pub const DEFAULT_ADDR: &str = "127.0.0.1:50051";

#[cfg(test)]
mod tests {
    use super::addr;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn forms() {
        assert_eq!(addr(args(&[]), "d:1").unwrap(), "d:1");
        assert_eq!(addr(args(&["--addr", "h:2"]), "d:1").unwrap(), "h:2");
        assert_eq!(addr(args(&["--addr=h:3"]), "d:1").unwrap(), "h:3");
        assert!(addr(args(&["--addr"]), "d:1").unwrap_err().contains("needs a value"));
        assert!(addr(args(&["--port", "1"]), "d:1").unwrap_err().contains("unknown argument `--port`"));
    }
}
