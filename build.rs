//! Computes the snapshot schema fingerprint: a digest (FNV-1a, 64 bits) of
//! the source files that decide what a snapshot holds (the record types,
//! the graph's nodes and edges, the snapshot codec). A snapshot written by
//! a build with a different fingerprint is refused, never misread.

use std::path::Path;

fn main() {
    let mut files = Vec::new();
    for folder in ["src/model", "src/snapshot"] {
        for entry in std::fs::read_dir(folder).expect("the source folder exists") {
            files.push(entry.expect("a readable folder").path());
        }
        println!("cargo:rerun-if-changed={folder}");
    }
    files.push("src/graph/node.rs".into());
    files.push("src/graph/edge.rs".into());
    files.retain(|file| file.extension().is_some_and(|ext| ext == "rs"));
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let name = file.to_string_lossy().replace('\\', "/");
        for byte in name.bytes().chain(read(file)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    println!("cargo:rustc-env=MAILGRAPH_SNAPSHOT_SCHEMA={hash:016x}");
}

fn read(file: &Path) -> Vec<u8> {
    std::fs::read(file).expect("a readable source file")
}
