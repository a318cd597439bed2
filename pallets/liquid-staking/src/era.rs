//! Work done once per era (in `on_initialize`) and reward claims (in `on_idle`).
//!
//! Everything here is bounded by constants, never by the number of stakers: one sync, one
//! withdrawal of unlocked chunks, one release of held income, one fee payment, at most one bond
//! or unbond, one read of at most `MaxCandidates` validators, and at most `MaxNominations`
//! pending payouts.

use crate::{impls::free_buffer, pallet::*, types::*, weights::WeightInfo};
use alloc::vec::Vec;
use frame_support::traits::{fungible::Mutate as _, tokens::Preservation};
use frame_support::{traits::Get, weights::Weight, BoundedVec};
use sluice_math::shares;
use sluice_primitives::staking::PoolStaking;
use sp_runtime::{DispatchError, DispatchResult, PerThing, Perbill};

impl<T: Config> Pallet<T> {
	/// Processes the start of a new era. Errors are reported as events and leave the books as
	/// they were: the hook must not fail the block.
	pub(crate) fn on_new_era() {
		let era = T::Staking::current_era();
		let result = frame_support::storage::with_storage_layer(|| Self::start_era(era));
		if result.is_err() {
			// The era is still marked as processed so the hook does not retry every block.
			Pool::<T>::mutate(|state| state.era = era);
			frame_support::defensive!("liquid staking: processing a new era failed");
		}
		Self::renominate();
	}

	fn start_era(era: sluice_primitives::staking::EraIndex) -> DispatchResult {
		let mut books = Self::sync()?;
		Self::collect_unbonded(&mut books.state)?;
		let released = Self::release_income(&mut books.state)?;
		books.state.fresh = 0;
		Self::merge_queue(era);
		Self::pay_protocol_fee(&mut books.state);
		Self::rebalance(&mut books.state)?;
		let value = crate::impls::pool_value(&books.state)?;
		let rate = shares::rate(value, books.supply).unwrap_or(books.state.era_start_rate);
		books.state.era = era;
		books.state.era_start_rate = rate;
		Pool::<T>::put(&books.state);
		Eras::<T>::mutate(era, |record| {
			record.start_value = value;
			record.released = released;
		});
		if let Some(old) = era.checked_sub(T::HistoryDepth::get()) {
			Eras::<T>::remove(old);
		}
		// A pause for a rate move ends with the era that saw it: the bound restarts from here.
		if Paused::<T>::get() == Some(PauseReason::RateOutOfBounds) {
			Paused::<T>::kill();
			Self::deposit_event(Event::StakingResumed);
		}
		// The nominated validators owe the pool its rewards for the era that last ended.
		if let Some(ended) = T::Staking::last_completed_era() {
			let payouts: Vec<_> =
				Nominations::<T>::get().into_iter().map(|validator| (validator, ended)).collect();
			PendingPayouts::<T>::put(BoundedVec::truncate_from(payouts));
		}
		Self::deposit_event(Event::EraStarted { era, rate });
		Ok(())
	}

	/// Releases last era's income into the value, at most `max_rate_change` of the value (the
	/// rest waits for the next era), and holds this era's income for the next release. Stake
	/// that arrives in an era therefore shares in no income that arrived before it, and income
	/// reaches the rate a whole era after it arrived. Returns what was released.
	fn release_income(state: &mut PoolState) -> Result<sluice_primitives::Balance, DispatchError> {
		let value = crate::impls::pool_value(state)?;
		let cap = Params::<T>::get().max_rate_change.mul_floor(value);
		let released = state.held_ready.min(cap);
		state.held_ready = state.held_ready.saturating_sub(released).saturating_add(state.held_new);
		state.held_new = 0;
		if released > 0 {
			Self::deposit_event(Event::IncomeReleased { amount: released, held: state.held_ready });
		}
		Ok(released)
	}

	/// Pays the protocol fee owed on rewards to the treasury in SLC, as far as the free buffer
	/// allows (the rest waits). SLC, not vSLC: the treasury needs no asset account for it.
	fn pay_protocol_fee(state: &mut PoolState) {
		let (queue, chunks) = Self::coverage();
		let amount = state.fee_owed.min(free_buffer(state, &queue, &chunks));
		if amount == 0 {
			return;
		}
		let paid = T::Currency::transfer(
			&Self::account_id(),
			&T::Treasury::get(),
			amount,
			Preservation::Preserve,
		);
		if paid.is_ok() {
			state.buffer = state.buffer.saturating_sub(amount);
			state.fee_owed = state.fee_owed.saturating_sub(amount);
			Self::deposit_event(Event::ProtocolFeePaid { amount });
		}
	}

	/// Brings the free buffer back towards its target: bonds the excess, or unbonds the
	/// shortfall (counting chunks already unlocking beyond the queue's needs).
	fn rebalance(state: &mut PoolState) -> DispatchResult {
		let pool = Self::account_id();
		let bonded = T::Staking::bonded(&pool);
		let value = crate::impls::pool_value(state)?;
		let target = Params::<T>::get().buffer_target.mul_floor(value);
		let (queue, chunks) = Self::coverage();
		let free = free_buffer(state, &queue, &chunks);
		let unlocking = bonded.total.saturating_sub(bonded.active);
		// Unlocking beyond what the queue needs will land in the buffer.
		let arriving = unlocking.saturating_sub(state.queue_value);
		let projected = free.saturating_add(arriving);
		if projected > target {
			let excess = projected.saturating_sub(target).min(free);
			if excess > 0 {
				if let Ok(amount) = Self::bond_from_buffer(state, bonded.total, excess) {
					Self::deposit_event(Event::BufferBonded { amount });
				}
			}
		} else if projected < target {
			let room = bonded.active.saturating_sub(T::Staking::minimum_bond());
			let shortfall = target.saturating_sub(projected).min(room);
			if shortfall > 0 && T::Staking::unbond(&pool, shortfall).is_ok() {
				Self::deposit_event(Event::BufferRefilling { amount: shortfall });
			}
		}
		Ok(())
	}

	/// Bonds up to `amount` of the buffer; returns what the staking system actually bonded
	/// (it may bond less than asked, never more than the account's free balance).
	fn bond_from_buffer(
		state: &mut PoolState,
		bonded_total: sluice_primitives::Balance,
		amount: sluice_primitives::Balance,
	) -> Result<sluice_primitives::Balance, sp_runtime::DispatchError> {
		let pool = Self::account_id();
		if bonded_total == 0 {
			T::Staking::bond(&pool, amount)?;
		} else {
			T::Staking::bond_extra(&pool, amount)?;
		}
		let bonded = T::Staking::bonded(&pool).total.saturating_sub(bonded_total).min(amount);
		state.buffer = state.buffer.saturating_sub(bonded);
		state.staked = state.staked.saturating_add(bonded);
		Ok(bonded)
	}

	/// Chooses the validators to nominate: not blocked, commission at most the cap, lowest
	/// commission first (ties by account), at most `MaxNominations`. Nominates them when the
	/// choice changed.
	pub(crate) fn renominate() {
		let params = Params::<T>::get();
		let mut eligible: Vec<_> = T::Staking::candidates(T::MaxCandidates::get())
			.into_iter()
			.filter(|c| !c.blocked && c.commission <= params.commission_cap)
			.collect();
		eligible.sort_by(|a, b| (a.commission, &a.who).cmp(&(b.commission, &b.who)));
		eligible.truncate(T::MaxNominations::get() as usize);
		let chosen: Vec<T::AccountId> = eligible.into_iter().map(|c| c.who).collect();
		if chosen.is_empty() || chosen.as_slice() == Nominations::<T>::get().as_slice() {
			return;
		}
		let want = wanted_validators(params.max_validator_share);
		if (chosen.len() as u32) < want {
			Self::deposit_event(Event::NominationsUnderSpread { have: chosen.len() as u32, want });
		}
		if T::Staking::nominate(&Self::account_id(), chosen.clone()).is_ok() {
			Nominations::<T>::put(BoundedVec::truncate_from(chosen.clone()));
			Self::deposit_event(Event::Nominated { validators: chosen });
		}
	}

	/// Claims one pending payout if `remaining` allows it. Returns the weight used.
	pub(crate) fn claim_one_payout(remaining: Weight) -> Weight {
		let needed = T::WeightInfo::payout().saturating_add(T::Staking::payout_weight());
		let check = T::DbWeight::get().reads(1);
		if !remaining.all_gte(needed.saturating_add(check)) {
			return Weight::zero();
		}
		let mut pending = PendingPayouts::<T>::get();
		let Some((validator, era)) = pending.pop() else { return check };
		PendingPayouts::<T>::put(pending);
		let pool = Self::account_id();
		let claimed =
			frame_support::storage::with_storage_layer(|| Self::do_payout(&pool, &validator, era));
		if claimed.is_err() {
			Self::deposit_event(Event::PayoutSkipped { validator, era });
		}
		needed.saturating_add(check)
	}
}

/// Validators needed so that none backs more than `max_share` of the pool: ⌈1 / max_share⌉.
pub(crate) fn wanted_validators(max_share: Perbill) -> u32 {
	let parts = max_share.deconstruct().max(1);
	Perbill::ACCURACY.div_ceil(parts)
}
