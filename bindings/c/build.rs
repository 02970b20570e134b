//! Keeps dependencies' C symbols out of liboutreach.so's exports.
//!
//! rustc exports every `#[no_mangle] pub extern "C"` function linked into a cdylib,
//! including those of dependencies (rust-lang/rust#73958): lonlat_bng and ostn15_phf bring
//! eleven. `outreach.map` names them local. A second version script is accepted only by
//! lld (GNU ld and gold refuse to combine it with rustc's own), so it is passed only when
//! rustc links with its bundled lld: x86_64-unknown-linux-gnu from Rust 1.90 on, unless the
//! linker was overridden. Elsewhere the extra symbols stay exported (harmless, but not part
//! of the API). Set `OUTREACH_C_VERSION_SCRIPT=1` or `=0` to force the choice.
//! `run_tests.sh` checks the result with `nm -D --defined-only`.

use std::env;
use std::process::Command;

fn rustc_minor() -> Option<u32> {
    let rustc = env::var("RUSTC").ok()?;
    let out = Command::new(rustc).arg("--version").output().ok()?;
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace()
        .nth(1)?
        .split('.')
        .nth(1)?
        .parse()
        .ok()
}

fn links_with_bundled_lld() -> bool {
    let target = env::var("TARGET").unwrap_or_default();
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    let overridden = [
        "linker-features",
        "linker-flavor",
        "link-self-contained",
        "fuse-ld",
    ]
    .iter()
    .any(|f| flags.contains(f))
        || env::var_os("RUSTC_LINKER").is_some();
    target == "x86_64-unknown-linux-gnu" && !overridden && rustc_minor().is_some_and(|m| m >= 90)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=outreach.map");
    println!("cargo:rerun-if-env-changed=OUTREACH_C_VERSION_SCRIPT");
    let apply = match env::var("OUTREACH_C_VERSION_SCRIPT").as_deref() {
        Ok("1") => true,
        Ok("0") => false,
        _ => links_with_bundled_lld(),
    };
    if apply {
        let dir = env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
        println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={dir}/outreach.map");
    }
}
