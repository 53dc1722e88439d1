//! Link ftrack as a position-dependent executable on Linux (glibc).
//!
//! A position-independent executable has about 12,000 pointers (vtables, string tables, clap's
//! and the catalog's static data) that the dynamic loader must fix up on every start: 157,000
//! instructions, an eighth of `ftrack --version` (issue 20 D; `bench/RESULTS.md`, "Startup").
//! Linked at a fixed address, the loader has only the ~140 symbols of the C library to look up.
//! The price is that the executable's own code is not placed at a random address (the libraries,
//! the stack and the heap still are); ftrack's own code has no `unsafe`.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
