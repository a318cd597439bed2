//! A mock runtime: this pallet with a feeder set, an oracle sink and a member-change log kept in
//! storage.

use crate::{self as pallet_oracle_feeds};
use frame_support::{derive_impl, traits::ConstU32};
use frame_system::EnsureRoot;
use sluice_primitives::{
	oracle::{FeedSink, FeederSet},
	Balance, OracleKey, OracleValue,
};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		OracleFeeds: pallet_oracle_feeds,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The feeders the restaking side reports.
#[frame_support::storage_alias]
pub type Stakes =
	StorageValue<Mock, Vec<(AccountId, Balance)>, frame_support::pallet_prelude::ValueQuery>;
/// Values the sink received, in order.
#[frame_support::storage_alias]
pub type Fed = StorageValue<
	Mock,
	Vec<(AccountId, OracleKey, OracleValue)>,
	frame_support::pallet_prelude::ValueQuery,
>;
/// Keys the sink cleared, with the feeders.
#[frame_support::storage_alias]
pub type Cleared =
	StorageValue<Mock, Vec<(OracleKey, Vec<AccountId>)>, frame_support::pallet_prelude::ValueQuery>;
/// Feeders whose values were forgotten, in order.
#[frame_support::storage_alias]
pub type Forgotten = StorageValue<Mock, Vec<AccountId>, frame_support::pallet_prelude::ValueQuery>;

pub struct MockFeeders;
impl FeederSet<AccountId> for MockFeeders {
	fn feeders() -> Vec<(AccountId, Balance)> {
		let mut feeders = Stakes::get();
		feeders.sort();
		feeders
	}
}

pub struct MockSink;
impl FeedSink<AccountId> for MockSink {
	fn feed(who: &AccountId, key: &OracleKey, value: OracleValue) -> sp_runtime::DispatchResult {
		Fed::mutate(|f| f.push((*who, key.clone(), value)));
		Ok(())
	}
	fn clear(key: &OracleKey, feeders: &[AccountId]) {
		Cleared::mutate(|c| c.push((key.clone(), feeders.to_vec())));
	}
	fn forget(feeder: &AccountId, _: u32) -> bool {
		Forgotten::mutate(|o| o.push(*feeder));
		Fed::mutate(|f| f.retain(|(who, _, _)| who != feeder));
		true
	}
}

pub const REFRESH: u64 = 10;
pub const FREE_VALUES: u32 = 2;
pub const FREE_INTERVAL: u64 = 5;

impl pallet_oracle_feeds::Config for Test {
	type Feeders = MockFeeders;
	type Sink = MockSink;
	type RegisterOrigin = EnsureRoot<AccountId>;
	type MaxFeeders = ConstU32<3>;
	type MaxFeeds = ConstU32<6>;
	type MaxFeedValues = ConstU32<4>;
	type FreeValues = ConstU32<FREE_VALUES>;
	type FreeInterval = frame_support::traits::ConstU64<FREE_INTERVAL>;
	type MaxFreePerBlock = ConstU32<2>;
	type RefreshInterval = frame_support::traits::ConstU64<REFRESH>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchmarkHelper;
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchmarkHelper {
	fn keys(n: u32) -> Vec<OracleKey> {
		(0..n).map(|i| price(100 + i)).collect()
	}
	fn feeders(n: u32) -> Vec<AccountId> {
		let feeders: Vec<AccountId> = (0..u64::from(n)).map(|i| 1_000 + i).collect();
		Stakes::put(feeders.iter().map(|f| (*f, 10)).collect::<Vec<_>>());
		feeders
	}
	fn prefill(feeders: &[AccountId], keys: &[OracleKey]) {
		for feeder in feeders {
			for key in keys {
				Fed::mutate(|f| f.push((*feeder, key.clone(), OracleValue::from_u32(1))));
			}
		}
	}
}

pub fn price(id: u32) -> OracleKey {
	OracleKey::Price(sluice_primitives::AssetKind::WithId(id))
}

/// Feeders 1 (weight 100) and 2 (weight 50) in the snapshot; keys Price(1), Price(2)
/// registered at genesis; block 1.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_oracle_feeds::GenesisConfig::<Test> {
		feeds: vec![price(1), price(2)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Stakes::put(vec![(1, 100), (2, 50)]);
		OracleFeeds::refresh();
	});
	ext
}

/// Runs `test` and checks the pallet's invariants after it.
pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		OracleFeeds::do_try_state().expect("invariants hold after the test");
	});
}

/// Moves to block `n`, running the pallet's hooks in each block on the way (with a block's
/// worth of spare weight for `on_idle`).
pub fn run_to_block(n: u64) {
	use frame_support::traits::Hooks;
	while System::block_number() < n {
		let next = System::block_number() + 1;
		System::set_block_number(next);
		OracleFeeds::on_initialize(next);
		OracleFeeds::on_idle(next, frame_support::weights::Weight::from_parts(200_000_000, 20_000));
	}
}
