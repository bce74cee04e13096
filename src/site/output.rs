//! Writing the site into its folder (`site --out DIR`) without harming anything else there.
//!
//! The folder may be one a council's web server serves, or one the user keeps other files in,
//! so the writer:
//!
//! - keeps a manifest, `DIR/.redress-site.json`, of the files it wrote, and on the next run
//!   removes the ones it wrote before and writes no longer (a policy dropped, a page renamed),
//!   so that no stale page stays published; it removes nothing the manifest does not list;
//! - refuses a folder that holds files but no manifest (one redress did not write) unless the
//!   user says `--force`, since the site would replace any file of a page's name;
//! - never writes through a symbolic link: a link inside DIR where a page, a folder on its way or
//!   the manifest goes is refused (`index.html -> /etc/passwd` would otherwise be overwritten),
//!   and each file is written beside its place and renamed into it, which replaces whatever
//!   is there rather than following it. `--out` itself may be a link to a folder: the user
//!   named it;
//! - never writes or removes outside DIR: a page's name, and every name the manifest lists, is
//!   a relative path of plain parts (no `..`, no root), else the manifest is refused.
//!
//! Every refusal is checked before anything is written, so a refused run changes nothing.
//!
//! What it cannot prevent: another process swapping a folder inside DIR for a link between the
//! check and the write. The site is written by one user into their own folder; the rename
//! makes the common case (a link left in place of a page) safe.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Code, Severity};

/// The manifest's file name, inside the output folder.
pub const MANIFEST: &str = ".redress-site.json";

/// What the manifest says it is, so that another program's file of the same name is not read
/// as a list of files to remove.
const WRITTEN_BY: &str = "redress site";

/// The most a manifest can sensibly be: a name per page of a few hundred councils.
const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;

pub const NOT_OURS: Code = Code {
    name: "redress::site::not_ours",
    severity: Severity::Error,
    summary: "an output folder that holds files redress did not write",
    doc: "`redress site --out DIR` was given a folder that already holds files but has no \
          `.redress-site.json`, the record `redress site` keeps of the files it wrote. The \
          site would replace any file of the same name as one of its pages (`index.html`, \
          `style.css`, a page per policy), so redress does not write into a folder it did not \
          create.\n\nHow to fix: give a new or empty folder (it is created if need be), or the \
          folder of an earlier `redress site` run. `--force` writes into the folder anyway: it \
          replaces the files with the names of the site's pages, leaves every other file alone, \
          and starts a record there.",
};

pub const SYMLINK: Code = Code {
    name: "redress::site::symlink",
    severity: Severity::Error,
    summary: "a symbolic link where the site would write",
    doc: "A page of the site, a folder on the way to one, the record `.redress-site.json`, or \
          the folder of an old page to remove, is a symbolic link inside the output folder. \
          Writing through it would change a file outside the folder (a link `index.html -> \
          /etc/passwd` would be overwritten), so redress refuses, even with `--force`, and \
          writes nothing.\n\nHow to fix: remove the link, or give another output folder. The \
          output folder itself may be a link to a folder.",
};

pub const BAD_MANIFEST: Code = Code {
    name: "redress::site::bad_manifest",
    severity: Severity::Error,
    summary: "an output folder whose record of the files redress wrote cannot be used",
    doc: "`.redress-site.json` in the output folder is the record of the files an earlier \
          `redress site` run wrote, and the pages it lists that this run does not write are \
          removed. This one cannot be read as such a record: it is not JSON of that shape, was \
          written by something else, or lists a name outside the folder (`../x`, `/x`), so \
          acting on it could remove the wrong files.\n\nHow to fix: delete the file if it is \
          damaged (then the folder counts as one redress did not write), or pass `--force` to \
          write the site without it: no old page is removed, and a new record is started.",
};

pub const NOT_A_FOLDER: Code = Code {
    name: "redress::site::not_a_folder",
    severity: Severity::Error,
    summary: "`--out` names something that is not a folder",
    doc: "`redress site --out DIR` writes the site into the folder DIR, creating it if need \
          be; DIR is a file (or a link to one).\n\nHow to fix: give the path of a folder.",
};

/// The codes of this module, for the registry.
pub const CODES: [&Code; 4] = [&NOT_OURS, &SYMLINK, &BAD_MANIFEST, &NOT_A_FOLDER];

/// Why the site was not written.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("`{}` holds files that `redress site` did not write (`{example}`, for one)", dir.display())]
    NotOurs { dir: PathBuf, example: String },
    #[error("`{}` is a symbolic link{}: the site is never written through one", path.display(), target.as_ref().map(|t| format!(" to `{}`", t.display())).unwrap_or_default())]
    Symlink {
        path: PathBuf,
        target: Option<PathBuf>,
    },
    #[error("`{}` cannot be used as the record of the files `redress site` wrote: {why}", path.display())]
    BadManifest { path: PathBuf, why: String },
    #[error("`{}` is not a folder", dir.display())]
    NotAFolder { dir: PathBuf },
    /// A file that cannot be read or written: an I/O error, with no code of its own.
    #[error("{0}")]
    Io(String),
}

impl Refusal {
    /// The diagnostic code, label and help of a refusal; None for an I/O error.
    pub fn code(&self) -> Option<(&'static Code, &'static str, &'static str)> {
        match self {
            Refusal::NotOurs { .. } => Some((
                &NOT_OURS,
                "not a folder `redress site` wrote",
                "give a new or empty folder, or that of an earlier `redress site` run; \
                 `--force` writes into this one anyway, replacing the files with the names of \
                 the site's pages and leaving the others",
            )),
            Refusal::Symlink { .. } => Some((
                &SYMLINK,
                "the output folder",
                "remove the link, or give another folder: the site is written only as real \
                 files and folders inside the output folder",
            )),
            Refusal::BadManifest { .. } => Some((
                &BAD_MANIFEST,
                "the output folder",
                "delete the file if it is damaged, or pass `--force` to write the site without \
                 it (no old page is then removed)",
            )),
            Refusal::NotAFolder { .. } => Some((
                &NOT_A_FOLDER,
                "not a folder",
                "give the path of a folder; it is created if it does not exist",
            )),
            Refusal::Io(_) => None,
        }
    }
}

/// What a run wrote and removed, each a path inside the output folder.
#[derive(Debug, Default)]
pub struct Published {
    pub written: Vec<PathBuf>,
    /// Pages an earlier run wrote that this one does not: removed.
    pub removed: Vec<PathBuf>,
    /// Under `force`, why the manifest found was not used (so no old page was removed).
    pub manifest_ignored: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    written_by: String,
    files: Vec<String>,
}

/// Write `pages` (a name relative to `dir`, `/` between folders, and the text) into `dir`, as
/// the module's doc says. `force` writes into a folder redress did not write, or whose manifest
/// cannot be used.
pub fn publish(dir: &Path, pages: &[(&str, &str)], force: bool) -> Result<Published, Refusal> {
    for (name, _) in pages {
        if !plain_name(name) {
            return Err(Refusal::Io(format!(
                "`{name}` is not a name a page can have inside the output folder"
            )));
        }
    }
    let new: BTreeSet<&str> = pages.iter().map(|(n, _)| *n).collect();
    let fresh = match fs::symlink_metadata(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => true,
        Err(e) => return Err(io_error("cannot read", dir, &e)),
        Ok(_) => false,
    };
    let mut done = Published::default();
    let old = if fresh {
        Vec::new()
    } else {
        if !dir.is_dir() {
            return Err(Refusal::NotAFolder { dir: dir.into() });
        }
        match earlier_files(dir)? {
            Earlier::Listed(files) => files,
            Earlier::None => Vec::new(),
            Earlier::Foreign(_) if force => Vec::new(),
            Earlier::Unusable(why) if force => {
                done.manifest_ignored = Some(why);
                Vec::new()
            }
            Earlier::Foreign(example) => {
                return Err(Refusal::NotOurs {
                    dir: dir.into(),
                    example,
                })
            }
            Earlier::Unusable(why) => {
                return Err(Refusal::BadManifest {
                    path: dir.join(MANIFEST),
                    why,
                })
            }
        }
    };
    for name in &new {
        check_place(dir, name, true)?;
    }
    let stale: Vec<&str> = old
        .iter()
        .map(String::as_str)
        .filter(|n| !new.contains(n))
        .collect();
    for name in &stale {
        check_place(dir, name, false)?;
    }

    fs::create_dir_all(dir).map_err(|e| io_error("cannot create folder", dir, &e))?;
    // Listed before they are written: a run cut short leaves a record of everything it may
    // have written, old pages included, for the next run to tidy.
    let mut both: BTreeSet<&str> = new.clone();
    both.extend(stale.iter().copied());
    write_manifest(dir, &both)?;
    for (name, text) in pages {
        let path = dir.join(name);
        make_folders(dir, name)?;
        write_file(&path, text)?;
        done.written.push(path);
    }
    for name in stale {
        let path = dir.join(name);
        match fs::symlink_metadata(&path) {
            // A folder of that name is not a page this writer wrote: left alone.
            Ok(m) if m.is_dir() => continue,
            Ok(_) => fs::remove_file(&path).map_err(|e| io_error("cannot remove", &path, &e))?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_error("cannot read", &path, &e)),
        }
        remove_empty_folders(dir, name);
        done.removed.push(path);
    }
    write_manifest(dir, &new)?;
    Ok(done)
}

/// A name that stays inside the folder it is joined to: relative, `/` between plain parts, none
/// of them `.` or `..`, and not the manifest.
fn plain_name(name: &str) -> bool {
    name != MANIFEST
        && !name.contains(['\\', '\0'])
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
        && Path::new(name)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// What an existing output folder says of the files an earlier run wrote.
enum Earlier {
    /// Its manifest's list.
    Listed(Vec<String>),
    /// No manifest, and nothing else: an empty folder.
    None,
    /// No manifest, but files (the first name, for the message).
    Foreign(String),
    /// A manifest that cannot be used, and why.
    Unusable(String),
}

fn earlier_files(dir: &Path) -> Result<Earlier, Refusal> {
    let path = dir.join(MANIFEST);
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(match first_entry(dir)? {
            Some(example) => Earlier::Foreign(example),
            None => Earlier::None,
        }),
        Err(e) => Err(io_error("cannot read", &path, &e)),
        Ok(m) if m.file_type().is_symlink() => Err(symlink(path)),
        Ok(_) => Ok(match read_manifest(&path) {
            Ok(files) => Earlier::Listed(files),
            Err(why) => Earlier::Unusable(why),
        }),
    }
}

/// The first name in a folder, in sorted order (for the message), or None when it is empty.
fn first_entry(dir: &Path) -> Result<Option<String>, Refusal> {
    let entries = fs::read_dir(dir).map_err(|e| io_error("cannot read folder", dir, &e))?;
    let mut names: Vec<String> = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io_error("cannot read folder", dir, &e))?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    Ok(names.into_iter().next())
}

fn read_manifest(path: &Path) -> Result<Vec<String>, String> {
    let bytes = crate::files::read_limited(path, MAX_MANIFEST_BYTES).map_err(|e| e.to_string())?;
    let m: Manifest = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    if m.written_by != WRITTEN_BY {
        return Err(format!(
            "it says it was written by `{}`, not `{WRITTEN_BY}`",
            m.written_by
        ));
    }
    if let Some(bad) = m.files.iter().find(|f| !plain_name(f)) {
        return Err(format!("it lists `{bad}`, which is not inside the folder"));
    }
    Ok(m.files)
}

fn symlink(path: PathBuf) -> Refusal {
    let target = fs::read_link(&path).ok();
    Refusal::Symlink { path, target }
}

fn io_error(what: &str, path: &Path, e: &io::Error) -> Refusal {
    Refusal::Io(format!("{what} `{}`: {e}", path.display()))
}

/// Refuse a link anywhere on the way from `dir` to `dir/name`: the folders, and the file
/// itself when it is to be written (`file`); a file about to be removed may be a link, as
/// removing a link never touches what it points to. A folder where a page is to be written is
/// an I/O error.
fn check_place(dir: &Path, name: &str, file: bool) -> Result<(), Refusal> {
    let parts: Vec<&str> = name.split('/').collect();
    let mut path = dir.to_path_buf();
    for (i, part) in parts.iter().enumerate() {
        path.push(part);
        let last = i + 1 == parts.len();
        match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(io_error("cannot read", &path, &e)),
            Ok(m) if m.file_type().is_symlink() && (file || !last) => return Err(symlink(path)),
            Ok(m) if last && file && m.is_dir() => {
                return Err(Refusal::Io(format!(
                    "cannot write `{}`: a folder of that name is in the way",
                    path.display()
                )))
            }
            Ok(m) if !last && !m.is_dir() => {
                return Err(Refusal::Io(format!(
                    "cannot write below `{}`: it is a file, not a folder",
                    path.display()
                )))
            }
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Create the folders on the way to `dir/name` (checked by [`check_place`]).
fn make_folders(dir: &Path, name: &str) -> Result<(), Refusal> {
    let mut path = dir.to_path_buf();
    let parts: Vec<&str> = name.split('/').collect();
    for part in parts.iter().take(parts.len().saturating_sub(1)) {
        path.push(part);
        match fs::create_dir(&path) {
            Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                return Err(io_error("cannot create folder", &path, &e))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Remove the folders on the way to a removed page that it leaves empty, deepest first.
fn remove_empty_folders(dir: &Path, name: &str) {
    let mut parts: Vec<&str> = name.split('/').collect();
    parts.pop();
    while !parts.is_empty() {
        if fs::remove_dir(dir.join(parts.join("/"))).is_err() {
            return;
        }
        parts.pop();
    }
}

fn write_manifest(dir: &Path, files: &BTreeSet<&str>) -> Result<(), Refusal> {
    let m = Manifest {
        written_by: WRITTEN_BY.into(),
        files: files.iter().map(|f| f.to_string()).collect(),
    };
    let text = serde_json::to_string_pretty(&m)
        .map_err(|e| Refusal::Io(format!("cannot write the record of the site's files: {e}")))?;
    write_file(&dir.join(MANIFEST), &(text + "\n"))
}

/// Write a file in one step without following a link: the text goes to a new file beside it
/// (created only if nothing has that name, so never through a link), which is then renamed
/// over `path`, replacing whatever is there (a link included) rather than writing into it.
/// `crate::format::write_atomically` differs on purpose: `fmt` keeps a policy file's link.
fn write_file(path: &Path, text: &str) -> Result<(), Refusal> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.redress-site.tmp"));
    let write = || -> io::Result<()> {
        // A leftover of a run cut short: removed, never opened.
        if fs::symlink_metadata(&tmp).is_ok_and(|m| !m.is_dir()) {
            fs::remove_file(&tmp)?;
        }
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        if fs::symlink_metadata(&tmp).is_ok_and(|m| m.is_file()) {
            let _ = fs::remove_file(&tmp);
        }
        io_error("cannot write", path, &e)
    })
}
