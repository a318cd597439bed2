//! `sluice-node try-upgrade`: runs a runtime built with the `try-runtime` feature against a
//! chain's state, as `try-runtime-cli on-runtime-upgrade` does (no release of that tool fits this
//! polkadot-sdk): the state is a raw chain spec written by `sluice-node export-state`, the
//! runtime's `TryRuntime_on_runtime_upgrade` runs every pallet's `on_runtime_upgrade` and the
//! runtime's migrations with their `pre_upgrade`/`post_upgrade` checks, then every pallet's
//! `try_state`. A failed check panics inside the runtime, which this command reports as an error.

use codec::{Compact, Decode, Encode};
use sc_executor::WasmExecutor;
use sp_core::{
	storage::{ChildInfo, Storage, StorageChild},
	traits::{CallContext, CodeExecutor, RuntimeCode, WrappedRuntimeCode},
};
use std::{collections::BTreeMap, path::PathBuf};

/// Which checks `TryRuntime_on_runtime_upgrade` runs (frame-support's `UpgradeCheckSelect`).
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Checks {
	/// No checks: the upgrade alone.
	None,
	/// `pre_upgrade`, `post_upgrade` and every pallet's `try_state`.
	All,
	/// `pre_upgrade` and `post_upgrade`.
	PreAndPost,
	/// Every pallet's `try_state`.
	TryState,
}

impl Checks {
	/// The SCALE index of the matching `UpgradeCheckSelect` variant.
	fn index(self) -> u8 {
		match self {
			Checks::None => 0,
			Checks::All => 1,
			Checks::PreAndPost => 2,
			Checks::TryState => 3,
		}
	}
}

/// Runs a try-runtime build's upgrade checks against a chain's exported state.
#[derive(Debug, clap::Parser)]
pub struct TryUpgradeCmd {
	/// The runtime wasm, built with the `try-runtime` feature (compressed or not).
	#[arg(long)]
	pub runtime: PathBuf,
	/// The state: a raw chain spec, as `sluice-node export-state` writes it.
	#[arg(long)]
	pub state: PathBuf,
	/// Which checks to run.
	#[arg(long, value_enum, default_value = "all")]
	pub checks: Checks,
	/// `Pallet=N`: after the upgrade, the pallet named `Pallet` must be at storage version `N`
	/// (repeatable).
	#[arg(long = "expect-version", value_parser = parse_expectation)]
	pub expect_versions: Vec<(String, u16)>,
}

fn parse_expectation(s: &str) -> Result<(String, u16), String> {
	let (pallet, version) = s.split_once('=').ok_or("expected Pallet=N")?;
	let version = version.parse().map_err(|e| format!("{version}: {e}"))?;
	Ok((pallet.to_string(), version))
}

/// The raw key of a pallet's storage version.
fn storage_version_key(pallet: &str) -> Vec<u8> {
	use sp_io::hashing::twox_128;
	[twox_128(pallet.as_bytes()), twox_128(b":__STORAGE_VERSION__:")].concat()
}

fn hex(text: &str) -> Result<Vec<u8>, String> {
	sp_core::bytes::from_hex(text).map_err(|e| format!("{text}: {e}"))
}

fn hex_map(value: &serde_json::Value) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, String> {
	let object = value.as_object().ok_or("a storage map is not an object")?;
	object
		.iter()
		.map(|(k, v)| {
			let v = v.as_str().ok_or_else(|| format!("the value of {k} is not a string"))?;
			Ok((hex(k)?, hex(v)?))
		})
		.collect()
}

/// The storage of a raw chain spec (`genesis.raw.top` and `genesis.raw.childrenDefault`).
fn read_state(path: &PathBuf) -> Result<Storage, String> {
	let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
	let spec: serde_json::Value =
		serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
	let raw = &spec["genesis"]["raw"];
	let top = hex_map(&raw["top"]).map_err(|e| format!("genesis.raw.top: {e}"))?;
	let mut children_default = std::collections::HashMap::new();
	if let Some(children) = raw["childrenDefault"].as_object() {
		for (key, data) in children {
			let key = hex(key)?;
			let child_info = ChildInfo::new_default(&key);
			children_default.insert(key, StorageChild { data: hex_map(data)?, child_info });
		}
	}
	Ok(Storage { top, children_default })
}

impl TryUpgradeCmd {
	/// Runs the checks; an error names what failed.
	pub fn run(&self) -> Result<(), String> {
		let _ = sc_cli::LoggerBuilder::new("").init();
		let storage = read_state(&self.state)?;
		let keys = storage.top.len();
		let code =
			std::fs::read(&self.runtime).map_err(|e| format!("{}: {e}", self.runtime.display()))?;
		// With the runtime under test as `:code` (as try-runtime-cli sets it).
		let mut ext = sp_io::TestExternalities::new_with_code(&code, storage);
		let executor = WasmExecutor::<sp_io::SubstrateHostFunctions>::builder()
			.with_max_runtime_instances(1)
			.with_runtime_cache_size(2)
			.build();
		let runtime_code = RuntimeCode {
			code_fetcher: &WrappedRuntimeCode(code.as_slice().into()),
			heap_pages: None,
			hash: sp_io::hashing::blake2_256(&code).to_vec(),
		};
		println!(
			"try-upgrade: {} ({} bytes) on {} ({keys} keys), checks {:?}",
			self.runtime.display(),
			code.len(),
			self.state.display(),
			self.checks
		);
		let (result, _) = executor.call(
			&mut ext.ext(),
			&runtime_code,
			"TryRuntime_on_runtime_upgrade",
			&self.checks.index().encode(),
			CallContext::Offchain,
		);
		let output = result.map_err(|e| format!("the upgrade checks failed: {e}"))?;
		// (Weight, Weight): each a pair of compact u64 (ref time, proof size).
		let weights = <[(Compact<u64>, Compact<u64>); 2]>::decode(&mut &output[..])
			.map_err(|e| format!("the runtime returned no weights: {e}"))?;
		let [(used_time, used_proof), (max_time, _)] = weights;
		println!(
			"try-upgrade: passed; the upgrade weighs {} ps and {} bytes of proof ({:.2} % of a \
			 block's {} ps)",
			used_time.0,
			used_proof.0,
			used_time.0 as f64 * 100.0 / (max_time.0.max(1)) as f64,
			max_time.0
		);
		for (pallet, expected) in &self.expect_versions {
			let stored = ext.execute_with(|| sp_io::storage::get(&storage_version_key(pallet)));
			let version = stored
				.map(|bytes| u16::decode(&mut &bytes[..]))
				.transpose()
				.map_err(|e| format!("{pallet}'s storage version does not decode: {e}"))?
				.unwrap_or(0);
			if version != *expected {
				return Err(format!(
					"{pallet} is at storage version {version} after the upgrade, not {expected}"
				));
			}
			println!("try-upgrade: {pallet} at storage version {version}");
		}
		Ok(())
	}
}
