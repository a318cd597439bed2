//! A mock runtime: system, balances and the auction, with an MEV sink that pays a pool account.

use crate as pallet_block_auction;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Credit, ConstU128, ConstU32, Hooks, OnUnbalanced},
	weights::Weight,
};
use sp_runtime::{BuildStorage, Permill};

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

pub const SEARCHER: AccountId = 1;
pub const RIVAL: AccountId = 2;
pub const TARGET: AccountId = 3;
/// Receives the MEV.
pub const POOL: AccountId = 100;
pub const MIN_BID: Balance = 10;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		BlockAuction: pallet_block_auction,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type Balance = Balance;
	type AccountStore = System;
	type ExistentialDeposit = ConstU128<1>;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Pays every credit to [`POOL`].
pub struct PoolSink;
impl OnUnbalanced<Credit<AccountId, Balances>> for PoolSink {
	fn on_nonzero_unbalanced(credit: Credit<AccountId, Balances>) {
		let _ = <Balances as frame_support::traits::fungible::Balanced<AccountId>>::resolve(
			&POOL, credit,
		);
	}
}

parameter_types! {
	pub const FailedBundleFee: Permill = Permill::from_percent(10);
}

parameter_types! {
	/// Settable in tests.
	pub static MaxBundleWeight: Weight = Weight::from_parts(1_000_000_000, 1_000_000);
}

impl crate::Config for Test {
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MevSink = PoolSink;
	type MinBid = ConstU128<MIN_BID>;
	type FailedBundleFee = FailedBundleFee;
	type MaxCallsPerBundle = ConstU32<4>;
	type MaxBundleLength = ConstU32<512>;
	type MaxBundleWeight = MaxBundleWeight;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(SEARCHER, 1_000), (RIVAL, 1_000), (TARGET, 1), (POOL, 1)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

pub fn build_and_execute(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		BlockAuction::do_try_state(System::block_number()).expect("invariants hold");
	});
}

/// Moves to the next block and runs the auction's hook; returns the weight it used.
pub fn next_block() -> Weight {
	let n = System::block_number() + 1;
	System::set_block_number(n);
	BlockAuction::on_initialize(n)
}

/// The auction's events since the last call.
pub fn events() -> Vec<crate::Event<Test>> {
	let events = System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::BlockAuction(e) => Some(e),
			_ => None,
		})
		.collect();
	System::reset_events();
	events
}

/// A transfer call, as a bundle holds it.
pub fn transfer(to: AccountId, amount: Balance) -> RuntimeCall {
	RuntimeCall::Balances(pallet_balances::Call::transfer_allow_death { dest: to, value: amount })
}

/// A remark call.
pub fn remark() -> RuntimeCall {
	RuntimeCall::System(frame_system::Call::remark { remark: vec![1, 2, 3] })
}
