//! The records the pallet keeps.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use core::fmt::Debug;
use frame_support::{traits::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::Perbill;

/// Identifier of a service.
pub type ServiceId = u32;

/// Parts of an operator's stake. An operator's whole stake stands for its `max_magnitude`
/// (initially [`FULL_MAGNITUDE`]); an allocation of `m` to a service is the fraction
/// `m / max_magnitude` of every one of its pools. A slash takes magnitude from the slashing
/// service's allocation and from `max_magnitude` alike, so every other service keeps the
/// tokens it was promised (EigenLayer's unique stake).
pub type Magnitude = u64;

/// An operator's magnitude before any slash: 10^18.
pub const FULL_MAGNITUDE: Magnitude = 1_000_000_000_000_000_000;

/// Most assets delegated to one operator (one pool each).
pub type MaxAssets = ConstU32<8>;
/// Most services one operator allocates to.
pub type MaxServicesPerOperator = ConstU32<8>;
/// Most operators allocated to one service.
pub type MaxOperatorsPerService = ConstU32<64>;
/// Most reward assets one operator's pools accrue: a slot is taken when the operator joins a
/// service paying in a new asset, so no one else can fill them.
pub type MaxRewardAssets = ConstU32<16>;

/// An operator.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Operator<BlockNumber> {
	/// Whether it is registered. A deregistered operator's record stays: its pools keep their
	/// delegators, and registering again continues from its commission and assets.
	pub registered: bool,
	/// Share of rewards the operator keeps before its delegators are paid.
	pub commission: Perbill,
	/// A commission increase and the block from which it applies.
	pub pending_commission: Option<(Perbill, BlockNumber)>,
	/// Assets delegated to the operator (one pool each).
	pub assets: BoundedVec<AssetKind, MaxAssets>,
	/// Services the operator has allocation records with (in force, pending or leaving).
	pub services: BoundedVec<ServiceId, MaxServicesPerOperator>,
	/// Reward assets its pools may accrue (those of the services it joined).
	pub reward_assets: BoundedVec<AssetKind, MaxRewardAssets>,
	/// Magnitude its whole stake stands for; each slash lowers it by the magnitude it took.
	pub max_magnitude: Magnitude,
	/// Slashes in their veto window (delegations to it wait until they are settled).
	pub pending_slashes: u32,
}

impl<BlockNumber> Operator<BlockNumber> {
	/// A fresh record.
	pub fn new(commission: Perbill) -> Self {
		Self {
			registered: true,
			commission,
			pending_commission: None,
			assets: Default::default(),
			services: Default::default(),
			reward_assets: Default::default(),
			max_magnitude: FULL_MAGNITUDE,
			pending_slashes: 0,
		}
	}
}

/// Reward-per-share accumulators, one per reward asset (fixed point, 10^18). Precision: one
/// unit of a reward distributed over `s` shares adds `10^18 / s`; with shares below 10^30 (10^18
/// SLC) the rounding loses under 10^-12 of a unit per share and distribution.
pub type Accumulators = BoundedVec<(AssetKind, u128), MaxRewardAssets>;

/// Rewards being paid into a pool over time: `left` tokens released evenly until `until`,
/// last released at `last`. While the pool has no earning shares the stream pauses (its end
/// moves back), so rewards only ever reach stake that is there while they are paid.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Stream<BlockNumber> {
	/// The reward asset.
	pub asset: AssetKind,
	/// Tokens not yet released.
	pub left: Balance,
	/// The block by which all of `left` is released.
	pub until: BlockNumber,
	/// The block up to which it has been released.
	pub last: BlockNumber,
}

/// Stake added to a pool recently, which valuations do not count yet: `current` was added in
/// warm-up epoch `epoch`, `previous` in the epoch before. Stake added in epoch `e` counts from
/// the start of epoch `e + 2` (after between one and two epochs).
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Fresh {
	/// The epoch `current` was added in.
	pub epoch: u32,
	/// Tokens added in `epoch`.
	pub current: Balance,
	/// Tokens added in `epoch - 1`.
	pub previous: Balance,
}

impl Fresh {
	/// Tokens still warming up in epoch `now`.
	pub fn at(&self, now: u32) -> Balance {
		if self.epoch == now {
			self.current.saturating_add(self.previous)
		} else if self.epoch.saturating_add(1) == now {
			self.current
		} else {
			0
		}
	}

	/// Records `amount` added in epoch `now`.
	pub fn add(&mut self, now: u32, amount: Balance) {
		self.roll(now);
		self.current = self.current.saturating_add(amount);
	}

	/// Takes `amount` out, newest first (stake leaving the pool).
	pub fn remove(&mut self, now: u32, amount: Balance) {
		self.roll(now);
		let from_current = amount.min(self.current);
		self.current = self.current.saturating_sub(from_current);
		self.previous = self.previous.saturating_sub(amount.saturating_sub(from_current));
	}

	/// Moves the record to epoch `now`.
	fn roll(&mut self, now: u32) {
		if self.epoch != now {
			self.previous = self.at(now);
			self.current = 0;
			self.epoch = now;
		}
	}
}

/// The stake delegated to one operator in one asset. A slash lowers `stake` only, so every
/// share (delegated or queued for withdrawal) loses the same fraction in one write.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Pool<BlockNumber> {
	/// Tokens in the pool.
	pub stake: Balance,
	/// Shares outstanding (delegations and queued withdrawals).
	pub shares: Balance,
	/// Part of `shares` queued for withdrawal: slashable, not earning rewards.
	pub queued: Balance,
	/// Recently delegated tokens, not yet counted in the pool's value.
	pub fresh: Fresh,
	/// Rewards per earning share, per reward asset.
	pub rps: Accumulators,
	/// Rewards being released into `rps`, one stream per reward asset.
	pub streams: BoundedVec<Stream<BlockNumber>, MaxRewardAssets>,
}

impl<BlockNumber> Pool<BlockNumber> {
	/// Shares earning rewards: delegated, not queued.
	pub fn earning(&self) -> Balance {
		self.shares.saturating_sub(self.queued)
	}
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
	/// The account that may veto its slashes; `None`: the runtime's fallback origin
	/// (governance).
	pub resolver: Option<AccountId>,
	/// The asset its rewards are paid in.
	pub reward_asset: AssetKind,
	/// Least stake value (SLC units) an operator must allocate to count as a member.
	pub min_allocation: Balance,
	/// Its members: operators holding one of its bounded slots. A slot is held by allocated
	/// value; when the slots are full a newcomer allocating more than the weakest member takes
	/// its slot (the weakest is deallocated).
	pub operators: BoundedVec<AccountId, MaxOperatorsPerService>,
}

/// The parameters of a new service.
#[derive(
	Clone, Debug, Decode, DecodeWithMemTracking, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo,
)]
pub struct ServiceParams<AccountId> {
	/// The account that may request slashes.
	pub slasher: AccountId,
	/// The account that may veto its slashes; `None`: the runtime's fallback origin.
	pub resolver: Option<AccountId>,
	/// The asset its rewards are paid in.
	pub reward_asset: AssetKind,
	/// Least stake value (SLC units) a member allocates.
	pub min_allocation: Balance,
}

/// An operator's allocation to a service: a magnitude of its stake, changed with a delay.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Allocation<BlockNumber> {
	/// The magnitude in force.
	pub current: Magnitude,
	/// A change and the block from which it applies.
	pub pending: Option<(Magnitude, BlockNumber)>,
}

impl<BlockNumber: PartialOrd + Copy> Allocation<BlockNumber> {
	/// The magnitude in force at `now`.
	pub fn at(&self, now: BlockNumber) -> Magnitude {
		match self.pending {
			Some((next, from)) if from <= now => next,
			_ => self.current,
		}
	}

	/// What the limit counts at `now`: the magnitude in force, or while a change is pending the
	/// larger of the two, so a pending decrease frees no room before it applies.
	pub fn reserved(&self, now: BlockNumber) -> Magnitude {
		match self.pending {
			Some((next, from)) if from > now => next.max(self.current),
			_ => self.at(now),
		}
	}

	/// The same allocation with a change that has applied by `now` folded into `current`.
	pub fn settled(mut self, now: BlockNumber) -> Self {
		if matches!(self.pending, Some((_, from)) if from <= now) {
			self.current = self.at(now);
			self.pending = None;
		}
		self
	}

	/// Whether it is released at `now`: nothing in force and nothing pending.
	pub fn is_released(&self, now: BlockNumber) -> bool {
		self.reserved(now) == 0
	}
}

/// Where the magnitude a slash took came from, so that a veto gives back exactly that.
#[derive(Clone, Debug, Decode, Default, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct Restore {
	/// Taken from the magnitude in force while a change was pending.
	pub current: Magnitude,
	/// Taken from a pending change's target.
	pub next: Magnitude,
	/// Taken from the magnitude in force while no change was pending.
	pub applied: Magnitude,
}

/// A slash in its veto window: the tokens it took are held apart from the pools (so the slashed
/// stake is captured at the request and no one can leave ahead of it); a veto gives them back,
/// settling after the window pays them to the treasury and the reporter.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct PendingSlash<AccountId, BlockNumber> {
	/// Fraction of the allocation the incident takes (the largest requested in it).
	pub fraction: Perbill,
	/// The allocation's magnitude when the incident began.
	pub allocated: Magnitude,
	/// Magnitude taken in all (from the allocation and from the operator's `max_magnitude`).
	pub taken: Magnitude,
	/// What a veto gives back to the allocation: to the magnitude in force while a change is
	/// pending, to the change's target, and to the magnitude in force with no change pending
	/// (see [`Restore`]).
	pub restore: Restore,
	/// Per asset: tokens taken from the pool (held until settled), and the part of them taken
	/// from the operator's own delegation (what bounds the reporter's reward).
	pub amounts: BoundedVec<(AssetKind, Balance, Balance), MaxAssets>,
	/// The first block it can be settled in.
	pub due: BlockNumber,
	/// Blake2-256 hash of the evidence given.
	pub evidence: [u8; 32],
	/// Who reported it (an outlier report), paid a share of it when it is settled.
	pub reporter: Option<AccountId>,
}
