//! Types stored by the pallet and returned by its runtime API.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use scale_info::TypeInfo;
use sluice_primitives::{staking::EraIndex, Balance};
use sp_runtime::{FixedU128, Perbill, Permill};

/// Identifier of a withdrawal request, unique across accounts.
pub type RequestId = u64;

/// Parameters of the pool, set by the admin origin.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub struct PoolParams {
	/// Share of staking rewards and MEV paid to the treasury.
	pub protocol_fee: Permill,
	/// Fee of `instant_unstake`, left in the pool for the holders who stay.
	pub instant_unstake_fee: Permill,
	/// Part of the pool value kept unbonded as the instant-unstake buffer.
	pub buffer_target: Perbill,
	/// Highest commission of a validator the pool nominates.
	pub commission_cap: Perbill,
	/// Largest share of the pool one validator should back: the pool nominates at least
	/// `1 / max_validator_share` validators when enough are eligible.
	pub max_validator_share: Perbill,
	/// Largest exchange-rate move in one era; a larger one pauses `stake`.
	pub max_rate_change: Perbill,
}

impl Default for PoolParams {
	fn default() -> Self {
		Self {
			protocol_fee: Permill::from_percent(10),
			instant_unstake_fee: Permill::from_parts(3_000),
			buffer_target: Perbill::from_percent(5),
			commission_cap: Perbill::from_percent(10),
			max_validator_share: Perbill::from_percent(25),
			max_rate_change: Perbill::from_percent(1),
		}
	}
}

/// The pool's books, in SLC.
///
/// Everything bonded (active and unlocking) plus the unbonded buffer is owed, in this order, to
/// queued withdrawals (`queue_value`), to the treasury (`fee_owed`), to vSLC holders later
/// (`held_ready`, `held_new`: income not released yet) and to vSLC holders now: the rest, the
/// pool's *value*. Exits pay from the value; deposits buy at the value plus the held income.
#[derive(Clone, Decode, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo)]
pub struct PoolState {
	/// Bonded total (active + unlocking) as last recognised; the difference to the staking
	/// system's figure is an unrecognised reward (up) or slash (down).
	pub staked: Balance,
	/// Unbonded SLC the pool account holds on the pool's behalf (stakes not yet bonded, MEV,
	/// unlocked chunks). The pool account's existential deposit is not part of it.
	pub buffer: Balance,
	/// What queued withdrawal requests are worth now (their nominal values scaled by slashes).
	pub queue_value: Balance,
	/// Product of `(1 − queue loss share)` over every slash of the current queue epoch;
	/// precision 10⁻¹⁸, rounded down at each slash (against the queue).
	pub queue_factor: FixedU128,
	/// Bumped when a slash wipes the whole queue (the factor would reach zero); requests of an
	/// older epoch are worth nothing.
	pub queue_epoch: u32,
	/// The era whose start the pool has processed.
	pub era: EraIndex,
	/// The exchange rate at the start of [`Self::era`], the reference of the rate bound.
	pub era_start_rate: FixedU128,
	/// Income of the previous era (rewards and MEV after the protocol fee, instant-unstake fees
	/// and exit rounding), released into the value at the next era's start, at most
	/// `max_rate_change` of the value per era.
	pub held_ready: Balance,
	/// Income of this era; becomes `held_ready` at the next era's start.
	pub held_new: Balance,
	/// Protocol fee on staking rewards owed to the treasury; paid in SLC from the free buffer at
	/// an era's start.
	pub fee_owed: Balance,
	/// SLC staked in this era: still in the buffer, but not for instant unstakes.
	pub fresh: Balance,
}

impl Default for PoolState {
	fn default() -> Self {
		Self {
			staked: 0,
			buffer: 0,
			queue_value: 0,
			queue_factor: FixedU128::from_u32(1),
			queue_epoch: 0,
			era: 0,
			era_start_rate: FixedU128::from_u32(1),
			held_ready: 0,
			held_new: 0,
			fee_owed: 0,
			fresh: 0,
		}
	}
}

/// A queued withdrawal: vSLC burned, SLC owed once the bonding duration has passed.
#[derive(
	Clone, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, Debug, TypeInfo,
)]
pub struct WithdrawalRequest {
	/// The request's id.
	pub id: RequestId,
	/// SLC owed when the request was made.
	pub nominal: Balance,
	/// vSLC burned for it.
	pub vslc: Balance,
	/// The queue factor when the request was made.
	pub factor: FixedU128,
	/// The queue epoch when the request was made.
	pub epoch: u32,
	/// First era in which `withdraw` pays it.
	pub claimable_era: EraIndex,
	/// SLC held from the account for it, returned with it.
	pub deposit: Balance,
}

/// What the pool earned in one era.
#[derive(
	Clone,
	Decode,
	DecodeWithMemTracking,
	Default,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub struct EraRecord {
	/// Staking rewards recognised (before the protocol fee).
	pub rewards: Balance,
	/// Transaction tips received (before the protocol fee).
	pub tips: Balance,
	/// Winning auction bids received (before the protocol fee).
	pub bids: Balance,
	/// Held income released into the value at this era's start.
	pub released: Balance,
	/// Protocol fee taken from both, in SLC value.
	pub protocol_fee: Balance,
	/// Slashes recognised.
	pub slashed: Balance,
	/// Pool value (for vSLC holders) when the era started, the base of the APR estimate.
	pub start_value: Balance,
}

/// Why `stake` is paused.
#[derive(
	Clone,
	Copy,
	Decode,
	DecodeWithMemTracking,
	Encode,
	Eq,
	MaxEncodedLen,
	PartialEq,
	Debug,
	TypeInfo,
)]
pub enum PauseReason {
	/// The exchange rate moved more than `max_rate_change` within an era (a slash); lifted at the
	/// next era's start.
	RateOutOfBounds,
	/// The admin origin paused it.
	Admin,
}
