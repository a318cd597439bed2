//! Genesis presets: `development` (one validator, Alice), `local_testnet` (four validators) and
//! `testnet` (four validators on a public network's time grid and settings, no sudo).
//!
//! All endow the well-known dev accounts, create two test assets with metadata (a USD stable
//! and a wrapped ETH) and seed SLC pools for both on the DEX. `development` and `local_testnet`
//! run on the development grid (10 s sessions, 30 s eras, 30-block cycles) with sudo and every
//! validator invulnerable; `testnet` on the public one (hour-long sessions, day-long eras, a
//! 14-day unbonding, day-long cycles), where validators can be slashed. Its validator keys are
//! the dev keys, to be replaced by a network's own before launch.

use crate::{
	configs::{
		liquid_staking::{
			LiquidStakingPalletId, LIQUID_STAKING_INITIAL_BOND, LIQUID_STAKING_RUNNING_FUNDS,
			VSLC_ASSET_ID,
		},
		restaking::{oracle_slasher, ORACLE_FEEDER_STAKE, ORACLE_MIN_ALLOCATION, ORACLE_SERVICE},
		TreasuryAccount,
	},
	AccountId, AssetConversionConfig, AssetId, AssetKind, AssetsConfig, Balance, BalancesConfig,
	LiquidStakingConfig, NetworkParamsConfig, OracleFeedsConfig, OracleKey, RestakingConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, StakingConfig, SudoConfig, SLC,
};
use alloc::{string::String, vec, vec::Vec};
use frame_support::build_struct_json_patch;
use pallet_network_params::{Settings, TimeGrid};
use pallet_staking::StakerStatus;
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_consensus_grandpa::AuthorityId as GrandpaId;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};
use sp_runtime::{traits::AccountIdConversion, Perbill};

/// Asset id of the test USD stablecoin (`USDS`, 6 decimals).
pub const USD_STABLE: AssetId = 1;
/// Asset id of the test wrapped ether (`WETH`, 18 decimals).
pub const WRAPPED_ETH: AssetId = 2;

/// One whole `USDS`.
pub const USDS: Balance = 1_000_000;
/// One whole `WETH`.
pub const WETH: Balance = 1_000_000_000_000_000_000;

/// SLC given to each endowed account.
pub const ENDOWMENT: Balance = 1_000_000 * SLC;
/// SLC each genesis validator bonds.
pub const VALIDATOR_BOND: Balance = 100_000 * SLC;
/// USDS given to each endowed account.
pub const USDS_ENDOWMENT: Balance = 1_000_000 * USDS;
/// WETH given to each endowed account.
pub const WETH_ENDOWMENT: Balance = 1_000 * WETH;

/// The seeded SLC/USDS pool: 100 000 SLC against 100 000 USDS (1 SLC = 1 USD).
pub const SLC_USDS_POOL: (Balance, Balance) = (100_000 * SLC, 100_000 * USDS);
/// The seeded SLC/WETH pool: 300 000 SLC against 100 WETH (1 WETH = 3 000 SLC).
pub const SLC_WETH_POOL: (Balance, Balance) = (300_000 * SLC, 100 * WETH);

/// A genesis validator: stash account and its session keys.
struct Validator {
	stash: AccountId,
	keys: SessionKeys,
}

fn validator(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> Validator {
	Validator {
		stash: aura.to_account_id(),
		keys: SessionKeys {
			aura: AuraId::from(aura.public()),
			grandpa: GrandpaId::from(grandpa.public()),
		},
	}
}

/// What sets the networks apart.
struct Network {
	grid: TimeGrid,
	settings: Settings,
	/// The sudo key (none on a public network: governance only).
	sudo: Option<AccountId>,
	/// Whether the genesis validators are invulnerable (never slashed).
	invulnerable: bool,
}

/// Development chains: the fast grid, Alice's sudo, invulnerable validators.
fn development_network() -> Network {
	Network {
		grid: TimeGrid::DEVELOPMENT,
		settings: Settings::DEVELOPMENT,
		sudo: Some(Sr25519Keyring::Alice.to_account_id()),
		invulnerable: true,
	}
}

/// The genesis shared by every preset; `validators` produce blocks from block 1; `root`
/// provides the DEX's genesis liquidity.
fn sluice_genesis(
	network: Network,
	validators: Vec<Validator>,
	endowed: Vec<AccountId>,
	root: AccountId,
	feeders: Vec<AccountId>,
) -> Value {
	let liquidity_provider = root.clone();
	let mut balances: Vec<(AccountId, Balance)> =
		endowed.iter().cloned().map(|who| (who, ENDOWMENT)).collect();
	// The treasury exists from genesis so that small fee credits are never dropped.
	balances.push((TreasuryAccount::get(), SLC));
	// The liquid-staking pool bonds its initial stake at genesis; the rest pays the vSLC metadata
	// deposit and keeps the pool account alive.
	let pool: AccountId = LiquidStakingPalletId::get().into_account_truncating();
	balances.push((pool, LIQUID_STAKING_INITIAL_BOND + LIQUID_STAKING_RUNNING_FUNDS));

	let mut asset_accounts = Vec::new();
	for who in &endowed {
		asset_accounts.push((USD_STABLE, who.clone(), USDS_ENDOWMENT));
		asset_accounts.push((WRAPPED_ETH, who.clone(), WETH_ENDOWMENT));
	}

	let mut feeders = feeders;
	feeders.sort();
	feeders.dedup();

	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig { balances },
		network_params: NetworkParamsConfig { grid: network.grid, settings: network.settings },
		sudo: SudoConfig { key: network.sudo },
		session: SessionConfig {
			keys: validators
				.iter()
				.map(|v| (v.stash.clone(), v.stash.clone(), v.keys.clone()))
				.collect::<Vec<_>>(),
		},
		staking: StakingConfig {
			validator_count: validators.len() as u32,
			minimum_validator_count: 1,
			invulnerables: validators
				.iter()
				.filter(|_| network.invulnerable)
				.map(|v| v.stash.clone())
				.collect::<Vec<_>>(),
			stakers: validators
				.iter()
				.map(|v| (
					v.stash.clone(),
					v.stash.clone(),
					VALIDATOR_BOND,
					StakerStatus::Validator
				))
				.collect::<Vec<_>>(),
			min_nominator_bond: 10 * SLC,
			min_validator_bond: 1_000 * SLC,
		},
		assets: AssetsConfig {
			assets: vec![
				(USD_STABLE, liquidity_provider.clone(), true, USDS / 100),
				(WRAPPED_ETH, liquidity_provider.clone(), true, WETH / 1_000_000),
			],
			metadata: vec![
				(USD_STABLE, b"Sluice USD".to_vec(), b"USDS".to_vec(), 6),
				(WRAPPED_ETH, b"Wrapped Ether".to_vec(), b"WETH".to_vec(), 18),
			],
			accounts: asset_accounts,
		},
		asset_conversion: AssetConversionConfig {
			pools: vec![
				(
					AssetKind::Native,
					AssetKind::WithId(USD_STABLE),
					liquidity_provider.clone(),
					SLC_USDS_POOL.0,
					SLC_USDS_POOL.1,
				),
				(
					AssetKind::Native,
					AssetKind::WithId(WRAPPED_ETH),
					liquidity_provider,
					SLC_WETH_POOL.0,
					SLC_WETH_POOL.1,
				),
			],
		},
		// The oracle service, and each feeder an operator staking on itself and allocating all
		// of it to the service.
		restaking: RestakingConfig {
			services: vec![(oracle_slasher(), ORACLE_MIN_ALLOCATION)],
			operators: feeders
				.into_iter()
				.map(|f| {
					(
						f,
						Perbill::from_percent(5),
						ORACLE_FEEDER_STAKE,
						vec![(ORACLE_SERVICE, Perbill::one())],
					)
				})
				.collect(),
		},
		liquid_staking: LiquidStakingConfig { initial_bond: LIQUID_STAKING_INITIAL_BOND },
		// The chain prices its genesis assets: price, supply and TVL of each may be fed.
		oracle_feeds: OracleFeedsConfig { feeds: genesis_feeds() },
	})
}

/// The oracle keys of the genesis assets: SLC, vSLC, USDS and WETH.
pub fn genesis_feeds() -> Vec<OracleKey> {
	let assets = [
		AssetKind::Native,
		AssetKind::WithId(VSLC_ASSET_ID),
		AssetKind::WithId(USD_STABLE),
		AssetKind::WithId(WRAPPED_ETH),
	];
	assets
		.into_iter()
		.flat_map(|a| {
			[OracleKey::Price(a.clone()), OracleKey::Supply(a.clone()), OracleKey::Tvl(a)]
		})
		.collect()
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// `development`: Alice is the only validator, sudo and oracle feeder.
pub fn development_config_genesis() -> Value {
	sluice_genesis(
		development_network(),
		vec![validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		dev_accounts(),
		Sr25519Keyring::Alice.to_account_id(),
		vec![Sr25519Keyring::Alice.to_account_id()],
	)
}

fn four_validators() -> Vec<Validator> {
	vec![
		validator(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		validator(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		validator(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		validator(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	]
}

/// `local_testnet`: Alice, Bob, Charlie and Dave validate; Alice is sudo; the validators feed
/// the oracle.
pub fn local_config_genesis() -> Value {
	let validators = four_validators();
	let feeders = validators.iter().map(|v| v.stash.clone()).collect();
	let root = Sr25519Keyring::Alice.to_account_id();
	sluice_genesis(development_network(), validators, dev_accounts(), root, feeders)
}

/// The name of the `testnet` preset.
pub const TESTNET_PRESET: &str = "testnet";

/// `testnet`: the public network's grid and settings; Alice, Bob, Charlie and Dave validate (and
/// can be slashed) and feed the oracle; no sudo key.
pub fn testnet_config_genesis() -> Value {
	let network = Network {
		grid: TimeGrid::TESTNET,
		settings: Settings::TESTNET,
		sudo: None,
		invulnerable: false,
	};
	let validators = four_validators();
	let feeders = validators.iter().map(|v| v.stash.clone()).collect();
	let root = Sr25519Keyring::Alice.to_account_id();
	sluice_genesis(network, validators, dev_accounts(), root, feeders)
}

/// Provides the JSON representation of the preset named `id`.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		TESTNET_PRESET => testnet_config_genesis(),
		_ => return None,
	};
	serde_json::to_string(&patch).ok().map(String::into_bytes)
}

/// The names of the presets above.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
		PresetId::from(TESTNET_PRESET),
	]
}
