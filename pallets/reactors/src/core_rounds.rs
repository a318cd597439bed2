//! CoRE (Collateralized Reactor Events): a voting round in which SLC holders choose which
//! proposed assets get reactors. Votes lock SLC for the round; a voter's power is the SLC it
//! locks plus its reactor stake times `CoreStakeMultiplier` (staked SLC counts more). When the
//! round ends, the `winners` candidates with the most votes get reactors.

use crate::{pallet::*, types::*, weights::WeightInfo};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungible::MutateHold, fungibles::Inspect, tokens::Precision},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::{traits::Zero, Saturating};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_start_core(duration: BlockNumberFor<T>, winners: u32) -> DispatchResult {
		ensure!(CoreRound::<T>::get().is_none(), Error::<T>::CoreInProgress);
		ensure!(
			winners > 0 && winners <= T::MaxCoreCandidates::get() && !duration.is_zero(),
			Error::<T>::InvalidCoreRound
		);
		let round = CoreRoundId::<T>::mutate(|r| {
			*r = r.saturating_add(1);
			*r
		});
		let ends = frame_system::Pallet::<T>::block_number().saturating_add(duration);
		CoreRound::<T>::put(CoreRoundInfo { round, ends, winners });
		Self::deposit_event(Event::CoreStarted { round, ends, winners });
		Ok(())
	}

	pub(crate) fn do_propose_reactor(who: T::AccountId, asset: AssetKind) -> DispatchResult {
		let info = CoreRound::<T>::get().ok_or(Error::<T>::NoCoreRound)?;
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		ensure!(!Reactors::<T>::iter_values().any(|r| r.asset == asset), Error::<T>::ReactorExists);
		CoreCandidates::<T>::try_mutate(|candidates| -> DispatchResult {
			ensure!(!candidates.iter().any(|(a, _)| a == &asset), Error::<T>::AlreadyProposed);
			candidates.try_push((asset.clone(), 0)).map_err(|_| Error::<T>::TooManyCandidates)?;
			Ok(())
		})?;
		Self::deposit_event(Event::ReactorProposed { round: info.round, who, asset });
		Ok(())
	}

	pub(crate) fn do_core_vote(
		who: T::AccountId,
		asset: AssetKind,
		amount: Balance,
	) -> DispatchResult {
		let info = CoreRound::<T>::get().ok_or(Error::<T>::NoCoreRound)?;
		ensure!(!CoreVotes::<T>::contains_key(&who), Error::<T>::AlreadyVoted);
		let staked =
			Staked::<T>::get(&who).saturating_mul(u128::from(T::CoreStakeMultiplier::get()));
		let power = amount.saturating_add(staked);
		ensure!(!power.is_zero(), Error::<T>::NoVotingPower);
		CoreCandidates::<T>::try_mutate(|candidates| -> DispatchResult {
			let candidate = candidates
				.iter_mut()
				.find(|(a, _)| a == &asset)
				.ok_or(Error::<T>::NotACandidate)?;
			candidate.1 = candidate.1.saturating_add(power);
			Ok(())
		})?;
		if !amount.is_zero() {
			T::Currency::hold(&HoldReason::CoreVote.into(), &who, amount)?;
		}
		CoreVotes::<T>::insert(&who, (info.round, amount));
		Self::deposit_event(Event::CoreVoted { round: info.round, who, asset, power });
		Ok(())
	}

	pub(crate) fn do_core_unlock(who: T::AccountId) -> DispatchResult {
		let (round, amount) = CoreVotes::<T>::get(&who).ok_or(Error::<T>::NothingToUnlock)?;
		ensure!(
			CoreRound::<T>::get().is_none_or(|open| open.round != round),
			Error::<T>::CoreInProgress
		);
		T::Currency::release(&HoldReason::CoreVote.into(), &who, amount, Precision::BestEffort)?;
		CoreVotes::<T>::remove(&who);
		Ok(())
	}

	/// Ends the round once its last block has come: the top `winners` candidates with votes
	/// get reactors. Bounded by `MaxCoreCandidates`.
	pub(crate) fn finish_core(now: BlockNumberFor<T>) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(info) = CoreRound::<T>::get() else { return read };
		if now < info.ends {
			return read;
		}
		let mut candidates = CoreCandidates::<T>::take().into_inner();
		// Most votes first; among equals, the earlier proposal.
		candidates.sort_by_key(|c| core::cmp::Reverse(c.1));
		let mut created = 0u32;
		for (asset, votes) in candidates.into_iter().take(info.winners as usize) {
			if votes.is_zero() {
				break;
			}
			// An asset that got a reactor meanwhile, or a full reactor set, creates nothing.
			if Self::do_create_reactor(asset).is_ok() {
				created = created.saturating_add(1);
			}
		}
		CoreRound::<T>::kill();
		Self::deposit_event(Event::CoreCompleted { round: info.round, created });
		T::WeightInfo::core_finish(T::MaxCoreCandidates::get())
	}
}
