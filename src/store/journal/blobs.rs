//! Files as git has them: the blobs of several paths, in the commit `HEAD` names or in the
//! index, asked of git in one `git cat-file --batch`.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Which version of a path.
#[derive(Debug, Clone, Copy)]
pub enum Version {
    /// The commit `HEAD` names.
    Head,
    /// The index (what the next commit takes): stage 0, so nothing while a merge conflicts.
    Index,
}

/// The contents git has of each of `paths` (files of the work tree holding `dir`), in order:
/// None for a path git does not have there, or one larger than `max` bytes. None when git
/// cannot be asked.
pub fn read(
    dir: &Path,
    paths: &[PathBuf],
    version: Version,
    max: u64,
) -> Option<Vec<Option<Vec<u8>>>> {
    let top = super::git::work_tree(dir)?;
    let mut input = String::new();
    for path in paths {
        let real = super::stage::as_git_sees(path);
        let rel = real.strip_prefix(&top).ok()?.to_str()?.replace('\\', "/");
        if rel.contains('\n') {
            return None;
        }
        let rev = match version {
            Version::Head => "HEAD",
            Version::Index => "",
        };
        input.push_str(&format!("{rev}:{rel}\n"));
    }
    let mut child = super::git::command(&top)
        .args(["cat-file", "--batch"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    // (Written from a thread: git answers as it reads, and a full pipe must not block us.)
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let mut out = BufReader::new(child.stdout.take()?);
    let mut found = Vec::with_capacity(paths.len());
    for _ in paths {
        found.push(one(&mut out, max)?);
    }
    let _ = writer.join();
    child.wait().ok()?.success().then_some(found)
}

/// One answer of `git cat-file --batch`: `<oid> blob <size>` and the content and a newline, or
/// `<name> missing`.
fn one(out: &mut impl BufRead, max: u64) -> Option<Option<Vec<u8>>> {
    let mut header = String::new();
    out.read_line(&mut header).ok()?;
    let words: Vec<&str> = header.split_whitespace().collect();
    let size: u64 = match words[..] {
        [_, "blob", size] => size.parse().ok()?,
        [.., "missing" | "ambiguous"] => return Some(None),
        _ => return None,
    };
    let mut blob = Vec::new();
    out.take(size + 1).read_to_end(&mut blob).ok()?;
    blob.pop();
    Some((size <= max).then_some(blob))
}
