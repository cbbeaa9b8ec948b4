//! Helpers shared by the tests that drive real git repositories
//! (`tests/hook.rs`, `tests/baseline.rs`).

use std::process::{Command, Output};

/// A command with git's environment isolated from the machine and from any
/// hook this test may itself be running under.
pub fn isolated(program: &str) -> Command {
    let mut c = Command::new(program);
    for v in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
        "GIT_PREFIX",
    ] {
        c.env_remove(v);
    }
    let null = if cfg!(windows) { "NUL" } else { "/dev/null" };
    c.env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", null)
        .env("NO_COLOR", "1")
        .env_remove("SHIPREADY_FORMAT")
        .env_remove("SHIPREADY_CONFIG")
        .env_remove("SHIPREADY_PROFILE");
    c
}

/// Status, stdout and stderr, for assertion messages.
pub fn text(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
