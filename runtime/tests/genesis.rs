//! The genesis presets build valid chains.

mod common;

use common::*;
use frame_support::traits::fungibles::metadata::Inspect as _;
use sluice_runtime::{
	genesis_config_presets::{self, SLC_USDS_POOL, USD_STABLE, WRAPPED_ETH},
	AssetConversion, AssetKind, Runtime, Session, SLC,
};
use sp_keyring::Sr25519Keyring;

#[test]
fn development_preset_has_alice_as_validator_sudo_and_feeder() {
	on_dev_chain(|| {
		let alice = Sr25519Keyring::Alice.to_account_id();
		assert_eq!(Session::validators(), vec![alice.clone()]);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), Some(alice.clone()));
		// The oracle's feeders are the restaking operators of the oracle service, weighted by
		// the stake they allocate to it; the oracle's snapshot is taken at genesis.
		let feeders = vec![(alice.clone(), 10_000 * SLC)];
		assert_eq!(sluice_runtime::Restaking::api_oracle_feeders(), feeders);
		assert_eq!(sluice_runtime::OracleFeeds::feeders(), feeders);
		assert!(
			<sluice_runtime::OracleFeeds as frame_support::traits::SortedMembers<_>>::contains(
				&alice
			)
		);
		// Price, supply and TVL of SLC, vSLC, USDS and WETH may be fed.
		assert_eq!(pallet_oracle_feeds::Feeds::<Runtime>::count(), 12);
		assert_eq!(pallet_staking::Validators::<Runtime>::count(), 1);
		assert!(free_balance(&Sr25519Keyring::Ferdie.to_account_id()) >= 1_000_000 * SLC);
		assert!(free_balance(&sluice_runtime::configs::TreasuryAccount::get()) >= SLC);
	});
}

#[test]
fn development_preset_has_test_assets_and_seeded_pools() {
	on_dev_chain(|| {
		assert_eq!(sluice_runtime::Assets::symbol(USD_STABLE), b"USDS".to_vec());
		assert_eq!(sluice_runtime::Assets::decimals(USD_STABLE), 6);
		assert_eq!(sluice_runtime::Assets::symbol(WRAPPED_ETH), b"WETH".to_vec());
		assert_eq!(sluice_runtime::Assets::decimals(WRAPPED_ETH), 18);
		let reserves =
			AssetConversion::get_reserves(AssetKind::Native, AssetKind::WithId(USD_STABLE));
		assert_eq!(reserves.ok(), Some(SLC_USDS_POOL));
		assert!(AssetConversion::get_reserves(AssetKind::Native, AssetKind::WithId(WRAPPED_ETH))
			.is_ok());
	});
}

#[test]
fn local_preset_has_four_validators() {
	genesis_ext(genesis_config_presets::local_config_genesis()).execute_with(|| {
		produce_block(vec![]);
		let expected: Vec<_> = [
			Sr25519Keyring::Alice,
			Sr25519Keyring::Bob,
			Sr25519Keyring::Charlie,
			Sr25519Keyring::Dave,
		]
		.into_iter()
		.map(|k| k.to_account_id())
		.collect();
		let mut validators = Session::validators();
		validators.sort();
		let mut expected_sorted = expected;
		expected_sorted.sort();
		assert_eq!(validators, expected_sorted);
		assert_eq!(pallet_staking::ValidatorCount::<Runtime>::get(), 4);
	});
}

#[test]
fn presets_are_listed_and_unknown_presets_are_refused() {
	let names = genesis_config_presets::preset_names();
	assert_eq!(names.len(), 3);
	for name in &names {
		assert!(genesis_config_presets::get_preset(name).is_some());
	}
	assert!(genesis_config_presets::get_preset(&"mainnet".into()).is_none());
}

/// The block at which the first session after genesis starts (session 1's first block).
fn first_rotation() -> u32 {
	let start = pallet_session::CurrentIndex::<Runtime>::get();
	while pallet_session::CurrentIndex::<Runtime>::get() == start {
		produce_block(vec![]);
	}
	sluice_runtime::System::block_number()
}

#[test]
fn dev_sessions_last_ten_blocks_and_testnet_sessions_an_hour() {
	on_dev_chain(|| assert_eq!(first_rotation(), 10));
	genesis_ext(genesis_config_presets::testnet_config_genesis()).execute_with(|| {
		produce_block(vec![]);
		assert_eq!(first_rotation(), 3_600);
	});
}

#[test]
fn testnet_preset_has_the_public_grid_no_sudo_and_slashable_validators() {
	use pallet_network_params::{Settings, TimeGrid};
	use sluice_runtime::configs::network;
	genesis_ext(genesis_config_presets::testnet_config_genesis()).execute_with(|| {
		produce_block(vec![]);
		assert_eq!(sluice_runtime::NetworkParams::grid(), TimeGrid::TESTNET);
		assert_eq!(sluice_runtime::NetworkParams::settings(), Settings::TESTNET);
		assert_eq!(pallet_sudo::Key::<Runtime>::get(), None);
		assert!(pallet_staking::Invulnerables::<Runtime>::get().is_empty());
		assert_eq!(Session::validators().len(), 4);
		// What the pallets read: day-long eras, 365 a year, a 14-era unbonding, 650 SLC of
		// emissions in the first cycles, a week's withdrawal delay.
		assert_eq!(network::SessionsPerEra::get() * network::SessionPeriod::get(), 86_400);
		assert_eq!(network::ErasPerYear::get(), 365);
		assert_eq!(<Runtime as pallet_staking::Config>::BondingDuration::get(), 14);
		assert_eq!(network::EmissionPerCycle::get(), 650 * SLC);
		assert_eq!(network::WithdrawalDelay::get(), 7 * 86_400);
		assert_eq!(network::LiquidStakingHistory::get(), 30);
	});
	// The dev chain's values for the same items.
	on_dev_chain(|| {
		assert_eq!(network::ErasPerYear::get(), 1_051_200);
		assert_eq!(<Runtime as pallet_staking::Config>::BondingDuration::get(), 4);
		assert_eq!(network::EmissionPerCycle::get(), 100 * SLC);
		assert_eq!(network::LiquidStakingHistory::get(), 2_880);
	});
}

/// The metadata the node serves (the runtime API, as wallets fetch it).
fn served_metadata() -> Vec<u8> {
	use sp_api::runtime_decl_for_metadata::MetadataV2;
	let metadata = <Runtime as MetadataV2<sluice_runtime::Block>>::metadata_at_version(15)
		.expect("metadata V15");
	metadata.to_vec()
}

#[test]
fn every_preset_serves_the_metadata_of_empty_storage() {
	// The wasm builder hashes the metadata of empty storage for `CheckMetadataHash`; a chain
	// whose metadata differed (a constant read from its own genesis) would refuse every
	// transaction signed with the hash.
	let empty = sp_io::TestExternalities::default().execute_with(served_metadata);
	let dev = dev_ext().execute_with(served_metadata);
	let testnet =
		genesis_ext(genesis_config_presets::testnet_config_genesis()).execute_with(served_metadata);
	let local =
		genesis_ext(genesis_config_presets::local_config_genesis()).execute_with(served_metadata);
	assert!(empty.len() > 100_000, "{} bytes", empty.len());
	assert!(dev == empty, "the dev chain's metadata differs from the built-in one");
	assert!(testnet == empty, "the testnet's metadata differs from the built-in one");
	assert!(local == empty, "the local chain's metadata differs from the built-in one");
	// And the chain's own values stay in force underneath: dev's bonding is 4 eras.
	dev_ext().execute_with(|| {
		served_metadata();
		assert_eq!(sluice_runtime::configs::network::BondingDuration::get(), 4);
	});
}
