//! What the liquid-staking pool needs from the chain's staking system.
//!
//! The runtime implements [`PoolStaking`] over `pallet-staking`; pallet tests plug an in-memory
//! ledger. The pool never reads `pallet-staking` storage itself.

use alloc::vec::Vec;
use codec::{Decode, Encode, MaxEncodedLen};
use frame_support::weights::Weight;
use scale_info::TypeInfo;
use sp_runtime::{DispatchResult, Perbill};

/// Index of a staking era.
pub type EraIndex = u32;

/// A validator the pool could nominate, as the staking system describes it.
#[derive(Clone, Debug, Decode, Encode, Eq, MaxEncodedLen, PartialEq, TypeInfo)]
pub struct ValidatorCandidate<AccountId> {
	/// The validator's stash.
	pub who: AccountId,
	/// The share of rewards the validator keeps before paying nominators.
	pub commission: Perbill,
	/// Whether the validator refuses new nominations.
	pub blocked: bool,
	/// Era points it earned in the last completed era (zero when it was not elected).
	pub era_points: u32,
	/// Whether the staking system holds a slashing record for it.
	pub slashed: bool,
	/// Its commission when it was elected for the active era, if it was.
	pub elected_commission: Option<Perbill>,
}

/// A staker's bonded funds.
#[derive(Clone, Copy, Debug, Default, Eq, PartialEq)]
pub struct Bonded<Balance> {
	/// Everything bonded: active plus unlocking chunks.
	pub total: Balance,
	/// The part that earns rewards (and can be unbonded).
	pub active: Balance,
}

/// The staking operations of a pool that bonds from its own account and compounds its rewards.
pub trait PoolStaking<AccountId, Balance> {
	/// The era the staking system has planned most recently.
	fn current_era() -> EraIndex;
	/// The last era whose rewards can be paid out, if any has ended.
	fn last_completed_era() -> Option<EraIndex>;
	/// Eras between `unbond` and the funds being withdrawable.
	fn bonding_duration() -> EraIndex;
	/// The smallest active bond a nominator may keep.
	fn minimum_bond() -> Balance;
	/// `who`'s bonded funds; zero when `who` is not bonded.
	fn bonded(who: &AccountId) -> Bonded<Balance>;
	/// Bonds `value` of `who`'s free balance, rewards re-bonded (compounded) as they are paid.
	fn bond(who: &AccountId, value: Balance) -> DispatchResult;
	/// Bonds `value` more of `who`'s free balance.
	fn bond_extra(who: &AccountId, value: Balance) -> DispatchResult;
	/// Starts unbonding `value` of `who`'s active bond; withdrawable after the bonding duration.
	fn unbond(who: &AccountId, value: Balance) -> DispatchResult;
	/// `who`'s unlocking chunks: (era in which it can be withdrawn, value).
	fn unlocking(who: &AccountId) -> Vec<(EraIndex, Balance)>;
	/// Moves up to `value` of `who`'s unlocking chunks back into the active bond, the chunks
	/// unlocking last first.
	fn rebond(who: &AccountId, value: Balance) -> DispatchResult;
	/// What slashes the staking system has recorded but not applied yet (deferred) will take
	/// from `who`'s bond.
	fn pending_slash(who: &AccountId) -> Balance;
	/// Moves every unlocked chunk of `who` back to its free balance.
	fn withdraw_unbonded(who: &AccountId) -> DispatchResult;
	/// Nominates `targets` from `who`.
	fn nominate(who: &AccountId, targets: Vec<AccountId>) -> DispatchResult;
	/// Up to `max` validators in the staking system's order, starting after `after` (from the
	/// first when `None`), and whether the list ended within them.
	fn candidates(
		after: Option<&AccountId>,
		max: u32,
	) -> (Vec<ValidatorCandidate<AccountId>>, bool);
	/// Whether `who` nominates (staking may have chilled it).
	fn is_nominating(who: &AccountId) -> bool;
	/// Whether `who` backed `validator` in `era`'s exposure.
	fn is_exposed(who: &AccountId, era: EraIndex, validator: &AccountId) -> bool;
	/// Eras after which an era's rewards can no longer be claimed.
	fn history_depth() -> EraIndex;
	/// Pays the rewards of `validator`'s nominators (the pool among them) for `era`.
	fn payout(payer: &AccountId, validator: &AccountId, era: EraIndex) -> DispatchResult;
	/// Worst-case weight of one [`Self::payout`].
	fn payout_weight() -> Weight;
}
