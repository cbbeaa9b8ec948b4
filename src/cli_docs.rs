//! Shell completions and manual pages, generated from the clap definition
//! in `cli.rs`, so they never drift from `--help`. Pure functions: the
//! caller prints or writes what they return.

use clap::CommandFactory;
use clap_complete::Shell;

const BIN: &str = "shipready";

/// The completion script for `shell`.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut cmd = crate::cli::Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, BIN, &mut out);
    out
}

/// The main manual page, `shipready.1`.
pub fn main_page() -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    clap_mangen::Man::new(built()).render(&mut out)?;
    Ok(out)
}

/// Every page: the main one and one per subcommand at any depth
/// (`shipready-checks-list.1`), as (file name, roff), in command order.
pub fn all_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(cmd: &clap::Command, out: &mut Vec<(String, Vec<u8>)>) -> std::io::Result<()> {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut page = Vec::new();
        man.render(&mut page)?;
        out.push((man.get_filename(), page));
        for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(sub, out)?;
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(&built(), &mut out)?;
    Ok(out)
}

/// The command, built, so each subcommand carries its display name
/// (`shipready-scan`), which names its page and its synopsis.
fn built() -> clap::Command {
    let mut cmd = crate::cli::Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}
