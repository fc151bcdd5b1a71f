//! The `rdc` binary. Everything lives in the library; see `rdc::main_entry`.

fn main() -> std::process::ExitCode {
    rdc::main_entry()
}
