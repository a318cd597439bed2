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
		ensure!(Self::price(&asset).is_some(), Error::<T>::UnpricedAsset);
		CoreCandidates::<T>::try_mutate(|candidates| -> DispatchResult {
			ensure!(!candidates.iter().any(|c| c.asset == asset), Error::<T>::AlreadyProposed);
			let candidate = CoreCandidate { asset: asset.clone(), votes: 0, proposer: who.clone() };
			candidates.try_push(candidate).map_err(|_| Error::<T>::TooManyCandidates)?;
			Ok(())
		})?;
		T::Currency::hold(&HoldReason::CoreProposal.into(), &who, T::CoreProposalDeposit::get())?;
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
		let staked = Staked::<T>::get(&who);
		let power =
			amount.saturating_add(staked.saturating_mul(u128::from(T::CoreStakeMultiplier::get())));
		ensure!(!power.is_zero(), Error::<T>::NoVotingPower);
		CoreCandidates::<T>::try_mutate(|candidates| -> DispatchResult {
			let candidate = candidates
				.iter_mut()
				.find(|c| c.asset == asset)
				.ok_or(Error::<T>::NotACandidate)?;
			candidate.votes = candidate.votes.saturating_add(power);
			Ok(())
		})?;
		if !amount.is_zero() {
			T::Currency::hold(&HoldReason::CoreVote.into(), &who, amount)?;
		}
		CoreVotes::<T>::insert(&who, CoreVote { round: info.round, locked: amount, staked });
		Self::deposit_event(Event::CoreVoted { round: info.round, who, asset, power });
		Ok(())
	}

	pub(crate) fn do_core_unlock(who: T::AccountId) -> DispatchResult {
		let vote = CoreVotes::<T>::get(&who).ok_or(Error::<T>::NothingToUnlock)?;
		ensure!(!Self::in_open_round(&vote), Error::<T>::CoreInProgress);
		T::Currency::release(
			&HoldReason::CoreVote.into(),
			&who,
			vote.locked,
			Precision::BestEffort,
		)?;
		CoreVotes::<T>::remove(&who);
		Ok(())
	}

	fn in_open_round(vote: &CoreVote) -> bool {
		CoreRound::<T>::get().is_some_and(|open| open.round == vote.round)
	}

	/// Whether `who`'s stake counts in the open round's vote (and so cannot be asked to leave).
	pub(crate) fn stake_in_core_vote(who: &T::AccountId) -> bool {
		CoreVotes::<T>::get(who).is_some_and(|v| !v.staked.is_zero() && Self::in_open_round(&v))
	}

	/// Ends the round once its last block has come: the top `winners` candidates with votes
	/// get reactors; proposers of candidates with at least `CoreMinSupport` of the votes get
	/// their deposits back, the others' are burnt. Bounded by `MaxCoreCandidates`.
	pub(crate) fn finish_core(now: BlockNumberFor<T>) -> Weight {
		let read = T::DbWeight::get().reads(1);
		let Some(info) = CoreRound::<T>::get() else { return read };
		if now < info.ends {
			return read;
		}
		let mut candidates = CoreCandidates::<T>::take().into_inner();
		// Most votes first; among equals, the earlier proposal.
		candidates.sort_by_key(|c| core::cmp::Reverse(c.votes));
		let total = candidates.iter().fold(0, |t: Balance, c| t.saturating_add(c.votes));
		let support = T::CoreMinSupport::get().mul_ceil(total);
		let deposit = T::CoreProposalDeposit::get();
		let reason = HoldReason::CoreProposal.into();
		let mut created = 0u32;
		for (rank, candidate) in candidates.into_iter().enumerate() {
			let wins = rank < info.winners as usize && !candidate.votes.is_zero();
			// An asset that got a reactor meanwhile, or a full reactor set, creates nothing.
			if wins && Self::do_create_reactor(candidate.asset).is_ok() {
				created = created.saturating_add(1);
			}
			// The deposit was held at the proposal: releasing or burning it cannot fail for
			// lack of funds, and a failure leaves it held, never lost to someone else.
			let _ = if candidate.votes >= support && !candidate.votes.is_zero() {
				T::Currency::release(&reason, &candidate.proposer, deposit, Precision::BestEffort)
			} else {
				T::Currency::burn_held(
					&reason,
					&candidate.proposer,
					deposit,
					Precision::BestEffort,
					frame_support::traits::tokens::Fortitude::Force,
				)
			};
		}
		CoreRound::<T>::kill();
		Self::deposit_event(Event::CoreCompleted { round: info.round, created });
		T::WeightInfo::core_finish(T::MaxCoreCandidates::get())
	}
}
