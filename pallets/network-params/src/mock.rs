//! A mock runtime: this pallet, with the issuance and the current cycle kept in storage.

use crate::{self as pallet_network_params, Settings, TimeGrid};
use frame_support::{derive_impl, pallet_prelude::ValueQuery, traits::Get};
use frame_system::EnsureRoot;
use sluice_primitives::{Balance, SLC};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		NetworkParams: pallet_network_params,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// SLC in existence.
#[frame_support::storage_alias]
pub type Issuance = StorageValue<Mock, Balance, ValueQuery>;
/// The reactors' cycle.
#[frame_support::storage_alias]
pub type Cycle = StorageValue<Mock, u32, ValueQuery>;

pub struct MockIssuance;
impl Get<Balance> for MockIssuance {
	fn get() -> Balance {
		Issuance::get()
	}
}

pub struct MockCycle;
impl Get<u32> for MockCycle {
	fn get() -> u32 {
		Cycle::get()
	}
}

impl pallet_network_params::Config for Test {
	type AdminOrigin = EnsureRoot<u64>;
	type Issuance = MockIssuance;
	type CurrentCycle = MockCycle;
	/// The runtime's slash-veto track on the testnet grid: 26 hours and one block.
	type VetoResolution = frame_support::traits::ConstU32<{ VETO_RESOLUTION }>;
	type WeightInfo = ();
}

/// Blocks a slash veto takes at the longest in the mock.
pub const VETO_RESOLUTION: u32 = 26 * crate::HOUR + 1;

/// Genesis with the testnet grid and settings, and 12 M SLC in existence.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = RuntimeGenesisConfig {
		network_params: pallet_network_params::GenesisConfig {
			grid: TimeGrid::TESTNET,
			settings: Settings::TESTNET,
			..Default::default()
		},
		..Default::default()
	}
	.build_storage()
	.expect("the genesis builds");
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Issuance::put(12_000_000 * SLC);
	});
	ext
}
