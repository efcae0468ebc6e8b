//! Source info of a file: comments become doc attributes, locations become
//! `file:line:column` for error messages.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use prost_types::FileDescriptorProto;
use prost_types::source_code_info::Location;
use quote::quote;

/// Descriptor path components (field numbers in `descriptor.proto`).
pub(crate) mod path {
    pub const FILE_MESSAGE: i32 = 4;
    pub const FILE_ENUM: i32 = 5;
    pub const FILE_EXTENSION: i32 = 7;
    pub const MESSAGE_EXTENSION: i32 = 6;
    pub const MESSAGE_FIELD: i32 = 2;
    pub const MESSAGE_NESTED: i32 = 3;
    pub const MESSAGE_ENUM: i32 = 4;
    pub const MESSAGE_ONEOF: i32 = 8;
    pub const ENUM_VALUE: i32 = 2;
    pub const FILE_SERVICE: i32 = 6;
    pub const SERVICE_METHOD: i32 = 2;
}

/// The source info of one file.
pub(crate) struct Source<'a> {
    name: &'a str,
    locations: HashMap<&'a [i32], &'a Location>,
}

impl<'a> Source<'a> {
    pub fn new(file: &'a FileDescriptorProto) -> Self {
        let mut locations = HashMap::new();
        for loc in file.source_code_info.iter().flat_map(|i| &i.location) {
            locations.entry(loc.path.as_slice()).or_insert(loc);
        }
        Source { name: file.name(), locations }
    }

    /// `file:line:column` of the element at `path`, or just the file name.
    pub fn at(&self, path: &[i32]) -> String {
        match self.locations.get(path).and_then(|l| l.span.get(..2)) {
            Some([line, col]) => format!("{}:{}:{}", self.name, line + 1, col + 1),
            _ => self.name.to_owned(),
        }
    }

    /// `#[doc]` attributes from the comments of the element at `path`.
    pub fn docs(&self, path: &[i32]) -> TokenStream {
        let lines = self.doc_lines(path);
        quote! { #( #[doc = #lines] )* }
    }

    /// The lines of [`docs`](Self::docs): made safe as Markdown, each but
    /// the empty ones starting with a space.
    pub fn doc_lines(&self, path: &[i32]) -> Vec<String> {
        let Some(loc) = self.locations.get(path) else {
            return Vec::new();
        };
        let mut lines = Vec::new();
        for comment in [&loc.leading_comments, &loc.trailing_comments].into_iter().flatten() {
            if !lines.is_empty() {
                lines.push(String::new());
            }
            lines.extend(comment_lines(comment));
        }
        while lines.last().is_some_and(String::is_empty) {
            lines.pop();
        }
        sanitize(lines)
    }
}

/// The lines of a comment, with the space after `//` and trailing
/// whitespace removed.
fn comment_lines(comment: &str) -> Vec<String> {
    let mut lines: Vec<String> =
        comment.lines().map(|l| l.strip_prefix(' ').unwrap_or(l).trim_end().to_owned()).collect();
    while lines.first().is_some_and(String::is_empty) {
        lines.remove(0);
    }
    lines
}

/// Makes comment text safe as Rust docs: code blocks must not become
/// doctests (unlabelled fences become `text`; a comment with indented code
/// is fenced as a whole) and `[x]` must not become an intra-doc link.
/// Each line gets a leading space, so it prints as `/// text`.
fn sanitize(lines: Vec<String>) -> Vec<String> {
    let has_fence = lines.iter().any(|l| l.trim_start().starts_with("```"));
    let indented_block = lines
        .iter()
        .enumerate()
        .any(|(i, l)| (l.starts_with("    ") || l.starts_with('\t')) && (i == 0 || lines[i - 1].trim().is_empty()));
    if indented_block && !has_fence {
        let mut out = vec![" ```text".to_owned()];
        out.extend(lines.into_iter().map(|l| if l.is_empty() { l } else { format!(" {l}") }));
        out.push(" ```".to_owned());
        return out;
    }
    let mut in_fence = false;
    lines
        .into_iter()
        .map(|line| {
            let trimmed = line.trim_start();
            if let Some(info) = trimmed.strip_prefix("```") {
                let open = !in_fence;
                in_fence = !in_fence;
                if open && (info.trim().is_empty() || info.trim() == "rust") {
                    let indent = &line[..line.len() - trimmed.len()];
                    return format!(" {indent}```text");
                }
                return format!(" {line}");
            }
            if in_fence || line.is_empty() {
                return if line.is_empty() { String::new() } else { format!(" {line}") };
            }
            let line = if has_fence { trimmed.to_owned() } else { line };
            format!(" {}", link_urls(&escape_brackets(&line)))
        })
        .collect()
}

/// Bare `http(s)://` URLs outside inline code wrapped in `<...>`, so that
/// rustdoc makes them links instead of warning about them.
fn link_urls(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 4);
    let mut ticks = 0;
    for (i, word) in line.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let in_code = ticks % 2 == 1;
        ticks += word.matches('`').count();
        let start = word.find("https://").or_else(|| word.find("http://"));
        let Some(start) = start.filter(|_| !in_code && !word.contains('`')) else {
            out.push_str(word);
            continue;
        };
        let (before, rest) = word.split_at(start);
        // Already a link: `<url>`, or the target of a Markdown `[text](url)`.
        if before.ends_with('<') || (before.ends_with("](") && !before.ends_with("\\](")) {
            out.push_str(word);
            continue;
        }
        let url = rest.trim_end_matches(['.', ',', ';', ':', ')', '!', '?', '>']);
        out.push_str(before);
        out.push('<');
        out.push_str(url);
        out.push('>');
        out.push_str(&rest[url.len()..]);
    }
    out
}

/// `[` and `]` outside inline code escaped, except those of a Markdown
/// link `[text](url)`.
fn escape_brackets(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut in_code = vec![false; chars.len()];
    let mut keep = vec![false; chars.len()];
    let mut code = false;
    let mut open = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        if c == '`' {
            code = !code;
        }
        in_code[i] = code;
        match c {
            '[' if !code => open.push(i),
            ']' if !code => {
                let link = chars.get(i + 1) == Some(&'(');
                if let (Some(o), true) = (open.pop(), link) {
                    keep[o] = true;
                    keep[i] = true;
                }
            }
            _ => {}
        }
    }
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if matches!(c, '[' | ']') && !in_code[i] && !keep[i] {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(lines: &[&str]) -> Vec<String> {
        sanitize(lines.iter().map(|l| (*l).to_owned()).collect())
    }

    #[test]
    fn bare_urls_become_links() {
        assert_eq!(
            link_urls("see https://example.com/a#b. and `http://x` or <https://y>"),
            "see <https://example.com/a#b>. and `http://x` or <https://y>"
        );
        assert_eq!(link_urls("[semver](http://a.org) x"), "[semver](http://a.org) x");
        assert_eq!(link_urls("versioning\\](http://semver.org) w"), "versioning\\](<http://semver.org>) w");
    }

    #[test]
    fn plain() {
        assert_eq!(s(&["Hello [world].", "", "`a[0]`"]), [" Hello \\[world\\].", "", " `a[0]`"]);
        assert_eq!(s(&["See [docs](https://x.invalid) [1]."]), [" See [docs](https://x.invalid) \\[1\\]."]);
    }

    #[test]
    fn fences() {
        assert_eq!(s(&["```", "x[0]", "```"]), [" ```text", " x[0]", " ```"]);
        assert_eq!(s(&["```proto", "x", "```"]), [" ```proto", " x", " ```"]);
    }

    #[test]
    fn indented_code() {
        assert_eq!(s(&["Example:", "", "    foo();"]), [" ```text", " Example:", "", "     foo();", " ```"]);
        // A continuation line is not a code block.
        assert_eq!(s(&["Example:", "    foo"]), [" Example:", "     foo"]);
    }

    #[test]
    fn comment_text() {
        assert_eq!(comment_lines(" A\n B  \n"), ["A", "B"]);
    }
}
