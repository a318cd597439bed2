//! `sluice-node`: the Sluice node (Aura + GRANDPA, 1-second blocks).

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;
mod try_upgrade;

fn main() -> sc_cli::Result<()> {
	command::run()
}
