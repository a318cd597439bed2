//! The records the pallet keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{traits::Get, BoundedVec, CloneNoBound, EqNoBound, PartialEqNoBound};
use scale_info::TypeInfo;
use sluice_primitives::{AssetId, AssetKind, Balance};
use sp_runtime::{FixedU128, Perbill};

/// How a fund's target weights follow the oracle.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub enum Strategy {
	/// Weights proportional to market capitalisation (price × circulating supply).
	MarketCap,
	/// Weights proportional to the total value locked behind each token.
	Tvl,
	/// Each weight scaled by its token's price change since the last poke (PowerIndex "value
	/// change rate"): winners gain weight, losers lose it.
	PriceMomentum,
	/// Weights stay where they are; pokes only refresh the circuit breaker's prices.
	Fixed,
}

/// A fund's fees. The swap fee stays in the pool (it accrues to holders); join and exit fees
/// are paid in index tokens to the manager.
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct Fees {
	/// Charged on the amount in of a swap, and on the swapped part of single-asset joins and
	/// exits.
	pub swap: Perbill,
	/// Share of the index tokens a join mints that goes to the manager.
	pub join: Perbill,
	/// Share of the index tokens an exit takes that goes to the manager instead of being burned.
	pub exit: Perbill,
}

/// A linear weight schedule: weights move from `from` at `start` to `to` at `end` (seconds since
/// the Unix epoch); fixed point with 10^18 = 100 %.
#[derive(
	CloneNoBound, Debug, Decode, Encode, EqNoBound, MaxEncodedLen, PartialEqNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(S))]
pub struct Schedule<S: Get<u32>> {
	/// Weights at `start`.
	pub from: BoundedVec<u128, S>,
	/// Target weights, reached at `end`.
	pub to: BoundedVec<u128, S>,
	/// When the move started.
	pub start: u64,
	/// When it ends.
	pub end: u64,
}

/// A change the manager scheduled: `value` applies from `at` (seconds since the Unix epoch).
#[derive(
	Clone,
	Copy,
	Debug,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	TypeInfo,
)]
pub struct Pending<V> {
	/// The new value.
	pub value: V,
	/// When it applies.
	pub at: u64,
}

/// One index fund.
#[derive(
	CloneNoBound, Debug, Decode, Encode, EqNoBound, MaxEncodedLen, PartialEqNoBound, TypeInfo,
)]
#[scale_info(skip_type_params(S))]
pub struct IndexInfo<AccountId: Clone + Debug + Eq, S: Get<u32>> {
	/// May schedule strategy and fee changes, pause and resume; receives join and exit fees.
	/// `None` once the manager renounced: no fee is charged and only the admin origin manages.
	pub manager: Option<AccountId>,
	/// The account the manager proposed as its successor; it becomes manager by accepting.
	pub pending_manager: Option<AccountId>,
	/// Paid the creation deposit, held while the fund exists.
	pub creator: AccountId,
	/// The deposit held from `creator`.
	pub deposit: Balance,
	/// The index token (`pallet-assets`).
	pub token: AssetId,
	/// The constituents, in the fund's order.
	pub assets: BoundedVec<AssetKind, S>,
	/// The fund's balance of each constituent (internal accounting; the account may hold more).
	pub balances: BoundedVec<Balance, S>,
	/// Each constituent's decimals, read once when it joined the fund: an issuer who changes
	/// its token's metadata later cannot change how the fund values it.
	pub decimals: BoundedVec<u8, S>,
	/// Weights and their move.
	pub schedule: Schedule<S>,
	/// How targets are computed.
	pub strategy: Strategy,
	/// The fund's fees.
	pub fees: Fees,
	/// Fees that apply once their timelock ends.
	pub pending_fees: Option<Pending<Fees>>,
	/// A strategy that applies once its timelock ends.
	pub pending_strategy: Option<Pending<Strategy>>,
	/// Most index tokens that may exist (joins beyond it are refused); `None`: no cap.
	pub supply_cap: Option<Balance>,
	/// Index tokens in existence (always the token's total issuance).
	pub supply: Balance,
	/// When the fund was last poked (seconds).
	pub last_poke: u64,
	/// Oracle prices of the constituents at the last poke, the circuit breaker's reference.
	pub prices: BoundedVec<FixedU128, S>,
	/// Whether the manager paused swaps and joins.
	pub paused: bool,
	/// The constituent being removed: its weight moves to the minimum, then `finish_unbind`
	/// takes it out.
	pub removing: Option<AssetKind>,
}

/// What a swap fixes and what it limits.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum SwapLimit {
	/// Exactly `amount_in` in, at least `min_amount_out` out.
	ExactIn {
		/// Paid in.
		amount_in: Balance,
		/// Least accepted out.
		min_amount_out: Balance,
	},
	/// Exactly `amount_out` out, at most `max_amount_in` in.
	ExactOut {
		/// Most accepted in.
		max_amount_in: Balance,
		/// Paid out.
		amount_out: Balance,
	},
}

/// A swap's two constituents as the pricing sees them.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SwapContext {
	/// Position of the token paid in.
	pub i: usize,
	/// Position of the token paid out.
	pub o: usize,
	/// The fund's balance of the token in.
	pub b_in: Balance,
	/// Its current weight.
	pub w_in: u128,
	/// The fund's balance of the token out.
	pub b_out: Balance,
	/// Its current weight.
	pub w_out: u128,
	/// Oracle price of the token in.
	pub price_in: FixedU128,
	/// Oracle price of the token out.
	pub price_out: FixedU128,
	/// Decimals of the token in.
	pub d_in: u8,
	/// Decimals of the token out.
	pub d_out: u8,
}

/// What `create_index` sets up, as the caller gave it.
pub struct FundSetup<AccountId, S: Get<u32>> {
	/// The constituents.
	pub assets: BoundedVec<AssetKind, S>,
	/// Their initial weights.
	pub weights: BoundedVec<Perbill, S>,
	/// The creator's initial balances.
	pub amounts: BoundedVec<Balance, S>,
	/// The weighting strategy.
	pub strategy: Strategy,
	/// The fees.
	pub fees: Fees,
	/// The manager.
	pub manager: AccountId,
}
