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

/// `dev`: one validator (Alice), 1-second blocks.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Sluice Development")
		.with_id("sluice_dev")
		.with_protocol_id("slc")
		.with_chain_type(ChainType::Development)
		.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}

/// `local`: four validators (Alice, Bob, Charlie, Dave).
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name("Sluice Local Testnet")
		.with_id("sluice_local")
		.with_protocol_id("slc")
		.with_chain_type(ChainType::Local)
		.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
		.with_properties(properties())
		.build())
}
