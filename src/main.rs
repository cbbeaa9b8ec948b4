//! The `shipready` binary: parse the command line, run, map the result to
//! an exit code. Everything else lives in the library.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "shipready {} hit an internal error: {info}\nThis is a bug; please report it with the command you ran.",
            env!("CARGO_PKG_VERSION")
        );
    }));
    let cli = shipready::cli::Cli::parse();
    match shipready::app::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(f) => {
            eprintln!("shipready: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
