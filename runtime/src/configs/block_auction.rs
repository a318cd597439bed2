//! The top-of-block bundle auction: winning bids are MEV paid into the liquid-staking pool.

use crate::{Balances, LiquidStaking, Runtime, RuntimeCall, RuntimeHoldReason, MILLI_SLC};
use frame_support::{parameter_types, traits::ConstU32, weights::Weight};
use sp_runtime::Permill;

parameter_types! {
	/// Smallest bid: 0.01 SLC.
	pub const MinBundleBid: crate::Balance = 10 * MILLI_SLC;
	/// A winning bundle that fails pays 1 % of its bid.
	pub const FailedBundleFee: Permill = Permill::from_percent(1);
	/// A bundle may use a tenth of the block's weight.
	pub MaxBundleWeight: Weight =
		super::system::RuntimeBlockWeights::get().max_block.saturating_div(10);
}

impl pallet_block_auction::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type MevSink = LiquidStaking;
	type MinBid = MinBundleBid;
	type FailedBundleFee = FailedBundleFee;
	/// Sixteen calls per bundle.
	type MaxCallsPerBundle = ConstU32<16>;
	/// 16 KiB of encoded calls.
	type MaxBundleLength = ConstU32<{ 16 * 1024 }>;
	type MaxBundleWeight = MaxBundleWeight;
	type WeightInfo = crate::weights::pallet_block_auction::WeightInfo<Runtime>;
}
