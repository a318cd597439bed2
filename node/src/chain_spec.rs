//! Built-in chain specifications, generated from the runtime's genesis presets.

use sc_service::{ChainType, Properties};
use sluice_runtime::{SLC_DECIMALS, WASM_BINARY};

/// The chain specification type of Sluice (no extensions).
pub type ChainSpec = sc_service::GenericChainSpec;

/// SS58 prefix of dev and local chains (the generic Substrate prefix).
const SS58_FORMAT: u32 = 42;

/// Token properties read by Polkadot.js and other clients.
fn properties() -> Properties {
	let mut properties = Properties::new();
	properties.insert("tokenSymbol".into(), "SLC".into());
	properties.insert("tokenDecimals".into(), SLC_DECIMALS.into());
	properties.insert("ss58Format".into(), SS58_FORMAT.into());
	properties
}

fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| "Development wasm not available (built with SKIP_WASM_BUILD?)".into())
}

/// A chain spec of the built-in `preset`, with Sluice's token properties.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_protocol_id("slc")
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
		.with_properties(properties())
		.build())
}

/// `dev`: one validator (Alice), 1-second blocks.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Sluice Development",
		"sluice_dev",
		ChainType::Development,
		sp_genesis_builder::DEV_RUNTIME_PRESET,
	)
}

/// `local`: four validators (Alice, Bob, Charlie, Dave).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Sluice Local Testnet",
		"sluice_local",
		ChainType::Local,
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET,
	)
}

/// `testnet`: a public network's time grid and settings (hour-long sessions, day-long eras, a
/// 14-day unbonding), four slashable validators, no sudo key.
pub fn testnet_chain_spec() -> Result<ChainSpec, String> {
	from_preset(
		"Sluice Testnet",
		"sluice_testnet",
		ChainType::Live,
		sluice_runtime::genesis_config_presets::TESTNET_PRESET,
	)
}
