//! A mock runtime: system, balances and the auction, with an MEV sink that pays a pool account,
//! and a `trap` pallet whose call panics (a bug a bundle could reach). `next_block` builds a
//! block as the node's block builder does: hooks, the bundle inherent (left out if it panics or
//! fails to apply), `on_finalize`.

use crate as pallet_block_auction;
use frame_support::{
	derive_impl, parameter_types,
	traits::{fungible::Credit, ConstU128, ConstU32, Hooks, OnUnbalanced},
	weights::Weight,
};
use sp_runtime::BuildStorage;

pub type AccountId = u64;
pub type Balance = u128;
type Block = frame_system::mocking::MockBlock<Test>;

pub const SEARCHER: AccountId = 1;
pub const RIVAL: AccountId = 2;
pub const TARGET: AccountId = 3;
/// Receives the MEV.
pub const POOL: AccountId = 100;
pub const MIN_BID: Balance = 10;

/// A pallet with a bug: its call panics, as a trap in any pallet a bundle can reach would.
#[frame_support::pallet(dev_mode)]
pub mod pallet_trap {
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::config]
	pub trait Config: frame_system::Config {}

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Panics.
		#[pallet::call_index(0)]
		pub fn boom(origin: OriginFor<T>) -> DispatchResult {
			ensure_signed(origin)?;
			panic!("a bug in a pallet a bundle reached");
		}
	}
}

impl pallet_trap::Config for Test {}

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		BlockAuction: pallet_block_auction,
		Trap: pallet_trap,
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
	/// Settable in tests.
	pub static MaxBundleWeight: Weight = Weight::from_parts(1_000_000_000, 1_000_000);
	/// Units of balance per 10⁶ of ref time a bundle must bid (settable in tests).
	pub static SpacePrice: Balance = 0;
}

/// Prices block space at [`SpacePrice`] per 10⁶ of ref time.
pub struct MockSpacePrice;
impl crate::BlockSpacePrice for MockSpacePrice {
	fn price(weight: Weight, _length: u32) -> Balance {
		SpacePrice::get().saturating_mul(u128::from(weight.ref_time() / 1_000_000))
	}
}

impl crate::Config for Test {
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MevSink = PoolSink;
	type MinBid = ConstU128<MIN_BID>;
	type BlockSpacePrice = MockSpacePrice;
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

/// How the bundle inherent of a block went.
#[derive(Debug, PartialEq)]
pub enum Inherent {
	/// The block had no winning bundle.
	None,
	/// Applied; the weight it used.
	Applied(Weight),
	/// Panicked while the block was built: left out, its changes discarded.
	Trapped,
}

/// Builds the next block as the node's block builder does: `on_initialize`, the bundle
/// inherent (a panic discards it and leaves it out of the block), `on_finalize`. Returns the
/// hook's weight and what happened to the inherent.
pub fn build_block() -> (Weight, Inherent) {
	use frame_support::{dispatch::GetDispatchInfo, inherent::ProvideInherent};
	use sp_runtime::traits::Dispatchable;
	let n = System::block_number() + 1;
	System::set_block_number(n);
	let hooks = BlockAuction::on_initialize(n);
	let inherent = match BlockAuction::create_inherent(&Default::default()) {
		None => Inherent::None,
		Some(call) => {
			let call = RuntimeCall::BlockAuction(call);
			let declared = call.get_dispatch_info().call_weight;
			match sluice_test_support::apply_as_block_builder(|| {
				call.dispatch(RuntimeOrigin::none())
			}) {
				Some(Ok(post)) => Inherent::Applied(post.actual_weight.unwrap_or(declared)),
				Some(Err(e)) => panic!("the bundle inherent failed to dispatch: {e:?}"),
				None => Inherent::Trapped,
			}
		}
	};
	BlockAuction::on_finalize(n);
	(hooks, inherent)
}

/// Builds the next block; returns the weight the auction used in it.
pub fn next_block() -> Weight {
	match build_block() {
		(hooks, Inherent::Applied(used)) => hooks.saturating_add(used),
		(hooks, _) => hooks,
	}
}

/// A call that panics.
pub fn boom() -> RuntimeCall {
	RuntimeCall::Trap(pallet_trap::Call::boom {})
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
