//! The top-of-block bundle auction: winning bids are MEV paid into the liquid-staking pool.

use crate::{Balances, Runtime, RuntimeCall, RuntimeHoldReason, MILLI_SLC};
use frame_support::{
	dispatch::{DispatchClass, DispatchInfo, Pays},
	parameter_types,
	traits::ConstU32,
	weights::Weight,
};

parameter_types! {
	/// Smallest bid: 0.01 SLC.
	pub const MinBundleBid: crate::Balance = 10 * MILLI_SLC;
	/// A bundle may use a tenth of the block's weight.
	pub MaxBundleWeight: Weight =
		super::system::RuntimeBlockWeights::get().max_block.saturating_div(10);
}

impl pallet_block_auction::Config for Runtime {
	type RuntimeCall = RuntimeCall;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	/// Winning bids go to the liquid-staking pool, recorded apart from tips.
	type MevSink = pallet_liquid_staking::AuctionBids<Runtime>;
	type MinBid = MinBundleBid;
	type BlockSpacePrice = TransactionFeeForSpace;
	/// Sixteen calls per bundle.
	type MaxCallsPerBundle = ConstU32<16>;
	/// 16 KiB of encoded calls.
	type MaxBundleLength = ConstU32<{ 16 * 1024 }>;
	type MaxBundleWeight = MaxBundleWeight;
	type WeightInfo = crate::weights::pallet_block_auction::WeightInfo<Runtime>;
}

/// A bundle's block space costs what transaction-payment would charge an ordinary normal-class
/// transaction of the same weight now: base fee plus weight fee, with the current fee multiplier.
/// (The submission pays the length fee for the calls' bytes.)
pub struct TransactionFeeForSpace;

impl pallet_block_auction::BlockSpacePrice for TransactionFeeForSpace {
	fn price(weight: Weight, _length: u32) -> crate::Balance {
		let info = DispatchInfo {
			call_weight: weight,
			extension_weight: Weight::zero(),
			class: DispatchClass::Normal,
			pays_fee: Pays::Yes,
		};
		pallet_transaction_payment::Pallet::<Runtime>::compute_fee(0, &info, 0)
	}
}
