//! The `rcs` command.
fn main() {}
