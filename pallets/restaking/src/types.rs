//! The records the pallet keeps.

use codec::{Decode, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::Perbill;

/// Identifier of a service.
pub type ServiceId = u32;

/// Identifier of a pending slash.
pub type SlashId = u32;

/// Most assets delegated to one operator (one pool each).
pub type MaxAssets = ConstU32<8>;
/// Most services one operator allocates to.
pub type MaxServicesPerOperator = ConstU32<8>;
/// Most operators allocated to one service.
pub type MaxOperatorsPerService = ConstU32<64>;
/// Most reward assets one pool accrues.
pub type MaxRewardAssets = ConstU32<4>;

/// An operator.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Operator<BlockNumber> {
	/// Share of rewards the operator keeps before its delegators are paid.
	pub commission: Perbill,
	/// A commission increase and the block from which it applies.
	pub pending_commission: Option<(Perbill, BlockNumber)>,
	/// Assets delegated to the operator (one pool each).
	pub assets: BoundedVec<AssetKind, MaxAssets>,
	/// Services the operator has allocations to.
	pub services: BoundedVec<ServiceId, MaxServicesPerOperator>,
}

/// Reward-per-share accumulators, one per reward asset (fixed point, 10^18).
pub type Accumulators = BoundedVec<(AssetKind, u128), MaxRewardAssets>;

/// The stake delegated to one operator in one asset. A slash lowers `stake` only, so every
/// share (delegated or queued for withdrawal) loses the same fraction in one write.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Pool {
	/// Tokens in the pool.
	pub stake: Balance,
	/// Shares outstanding (delegations and queued withdrawals).
	pub shares: Balance,
	/// Part of `shares` queued for withdrawal: slashable, not earning rewards.
	pub queued: Balance,
	/// Rewards per earning share, per reward asset.
	pub rps: Accumulators,
}

/// A staker's delegation to an operator in one asset.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Delegation {
	/// Shares of the operator's pool.
	pub shares: Balance,
	/// The pool's accumulators when the delegation was last settled.
	pub paid: Accumulators,
}

/// A queued withdrawal: shares leaving an operator's pool, slashable until it completes.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Withdrawal<AccountId, BlockNumber> {
	/// The operator.
	pub operator: AccountId,
	/// The asset.
	pub asset: AssetKind,
	/// Shares of the operator's pool.
	pub shares: Balance,
	/// The first block it can complete in.
	pub due: BlockNumber,
}

/// A service (AVS) that borrows operators' stake.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Service<AccountId> {
	/// The account that may request slashes.
	pub slasher: AccountId,
	/// The asset its rewards are paid in.
	pub reward_asset: AssetKind,
	/// Least stake value (SLC units) an operator must allocate to count as a member.
	pub min_allocation: Balance,
	/// Operators with an allocation to it.
	pub operators: BoundedVec<AccountId, MaxOperatorsPerService>,
}

/// An operator's allocation to a service: a fraction of its stake, changed with a delay.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Allocation<BlockNumber> {
	/// The fraction in force.
	pub current: Perbill,
	/// A change and the block from which it applies.
	pub pending: Option<(Perbill, BlockNumber)>,
}

impl<BlockNumber: PartialOrd + Copy> Allocation<BlockNumber> {
	/// The fraction in force at `now`.
	pub fn at(&self, now: BlockNumber) -> Perbill {
		match self.pending {
			Some((next, from)) if from <= now => next,
			_ => self.current,
		}
	}

	/// What the 100 % limit counts at `now`: the fraction in force, or while a change is
	/// pending the larger of the two, so a pending decrease frees no room before it applies.
	pub fn reserved(&self, now: BlockNumber) -> Perbill {
		match self.pending {
			Some((next, from)) if from > now => next.max(self.current),
			_ => self.at(now),
		}
	}
}

/// A slash waiting for its veto window to pass.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct PendingSlash<AccountId, BlockNumber> {
	/// The service it was requested by.
	pub service: ServiceId,
	/// The operator.
	pub operator: AccountId,
	/// Fraction of each of the operator's pools it takes (the requested fraction times the
	/// allocation to the service when requested, rounded up).
	pub portion: Perbill,
	/// The block from which it is applied.
	pub due: BlockNumber,
	/// Blake2-256 hash of the evidence given.
	pub evidence: [u8; 32],
}
