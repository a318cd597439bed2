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
use sluice_primitives::staking::{EraIndex, PoolStaking};
use sp_runtime::{DispatchError, DispatchResult, PerThing, Perbill};

impl<T: Config> Pallet<T> {
	/// Processes the start of a new era. Errors are reported as events and leave the books as
	/// they were: the hook must not fail the block.
	pub(crate) fn on_new_era() {
		let era = T::Staking::current_era();
		// The election that planned `era` used the nominations in force now.
		ElectedWith::<T>::insert(era, Nominations::<T>::get());
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
		Self::list_payouts(era);
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

	/// Lists the payouts of the era that last ended: the validators elected with the pool's
	/// nominations that the pool was exposed to. Drops payouts past the history depth.
	fn list_payouts(era: EraIndex) {
		let Some(ended) = T::Staking::last_completed_era() else { return };
		// Older nomination records can no longer be listed.
		let stale: Vec<_> = ElectedWith::<T>::iter_keys().filter(|e| *e < ended).collect();
		for old in stale {
			ElectedWith::<T>::remove(old);
		}
		if let Some(elected) = ElectedWith::<T>::take(ended) {
			let pool = Self::account_id();
			let exposed: Vec<_> = elected
				.into_iter()
				.filter(|validator| T::Staking::is_exposed(&pool, ended, validator))
				.collect();
			if !exposed.is_empty() && !PendingPayouts::<T>::contains_key(ended) {
				PendingPayouts::<T>::insert(ended, BoundedVec::truncate_from(exposed));
				let mut eras = PayoutEras::<T>::get();
				if eras.is_full() {
					Self::expire_oldest_payouts(&mut eras);
				}
				// Room was just made.
				let _ = eras.try_push(ended);
				PayoutEras::<T>::put(eras);
			}
		}
		// Payouts the staking system no longer pays.
		let mut eras = PayoutEras::<T>::get();
		while eras.first().is_some_and(|e| e.saturating_add(T::Staking::history_depth()) < era) {
			Self::expire_oldest_payouts(&mut eras);
		}
		PayoutEras::<T>::put(eras);
	}

	fn expire_oldest_payouts(eras: &mut BoundedVec<EraIndex, T::MaxPayoutEras>) {
		if eras.is_empty() {
			return;
		}
		let era = eras.remove(0);
		for validator in PendingPayouts::<T>::take(era) {
			Self::deposit_event(Event::PayoutExpired { validator, era });
		}
	}

	/// Scores one page of the validator set and, once a pass over the whole set is complete,
	/// nominates the best: see [`score`]. Also nominates again when the staking system chilled
	/// the pool, though the choice did not change.
	pub(crate) fn renominate() {
		let params = Params::<T>::get();
		let cursor = CandidateCursor::<T>::get();
		let (page, ended) = T::Staking::candidates(cursor.as_ref(), T::MaxCandidates::get());
		let mut shortlist = Shortlist::<T>::get().into_inner();
		let next = page.last().map(|c| c.who.clone());
		for candidate in page {
			if let Some(points) = score(&candidate, params.commission_cap) {
				shortlist.retain(|(who, ..)| *who != candidate.who);
				shortlist.push((candidate.who, points, candidate.commission));
			}
		}
		// Best score first; then lower commission; then by account (deterministic).
		shortlist.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)).then(a.0.cmp(&b.0)));
		shortlist.truncate(T::MaxNominations::get() as usize);
		let pool = Self::account_id();
		let chilled = !T::Staking::is_nominating(&pool);
		if !ended && next.is_some() {
			// The pass goes on next era; a chilled pool nominates its last choice again.
			CandidateCursor::<T>::set(next);
			Shortlist::<T>::put(BoundedVec::truncate_from(shortlist));
			let last = Nominations::<T>::get().into_inner();
			if chilled && !last.is_empty() && T::Staking::nominate(&pool, last.clone()).is_ok() {
				Self::deposit_event(Event::Nominated { validators: last });
			}
			return;
		}
		CandidateCursor::<T>::kill();
		Shortlist::<T>::kill();
		// Validators that earned points outrank any that did not; those are chosen only when
		// none did (a new chain).
		if shortlist.first().is_some_and(|(_, points, _)| *points > 0) {
			shortlist.retain(|(_, points, _)| *points > 0);
		}
		let chosen: Vec<T::AccountId> = shortlist.into_iter().map(|(who, ..)| who).collect();
		if chosen.is_empty()
			|| (!chilled && chosen.as_slice() == Nominations::<T>::get().as_slice())
		{
			return;
		}
		let want = wanted_validators(params.max_validator_share);
		if (chosen.len() as u32) < want {
			Self::deposit_event(Event::NominationsUnderSpread { have: chosen.len() as u32, want });
		}
		if T::Staking::nominate(&pool, chosen.clone()).is_ok() {
			Nominations::<T>::put(BoundedVec::truncate_from(chosen.clone()));
			Self::deposit_event(Event::Nominated { validators: chosen });
		}
	}

	/// The oldest pending payout, taken out of the lists.
	fn take_oldest_payout() -> Option<(T::AccountId, EraIndex)> {
		let mut eras = PayoutEras::<T>::get();
		let era = *eras.first()?;
		let mut validators = PendingPayouts::<T>::get(era);
		let validator = validators.pop();
		if validators.is_empty() {
			PendingPayouts::<T>::remove(era);
			eras.remove(0);
			PayoutEras::<T>::put(eras);
		} else {
			PendingPayouts::<T>::insert(era, validators);
		}
		validator.map(|v| (v, era))
	}

	fn claim(validator: T::AccountId, era: EraIndex) {
		let pool = Self::account_id();
		let claimed =
			frame_support::storage::with_storage_layer(|| Self::do_payout(&pool, &validator, era));
		if claimed.is_err() {
			Self::deposit_event(Event::PayoutSkipped { validator, era });
		}
	}

	/// Claims one pending payout if `remaining` allows it (`on_idle`). Returns the weight used.
	pub(crate) fn claim_one_payout(remaining: Weight) -> Weight {
		let needed = T::WeightInfo::payout().saturating_add(T::Staking::payout_weight());
		let check = T::DbWeight::get().reads(2);
		if !remaining.all_gte(needed.saturating_add(check)) {
			return Weight::zero();
		}
		let Some((validator, era)) = Self::take_oldest_payout() else { return check };
		Self::claim(validator, era);
		needed.saturating_add(check)
	}

	/// Claims the oldest pending payout in `on_initialize` when half the history depth has
	/// passed since its era: `on_idle` gets no weight in full blocks, and one claim per block
	/// clears an era's payouts (at most `MaxNominations`) well within the other half.
	pub(crate) fn claim_urgent_payout() -> Weight {
		let check = T::DbWeight::get().reads(1);
		let Some(oldest) = PayoutEras::<T>::get().first().copied() else { return check };
		let urgent_after = T::Staking::history_depth() / 2;
		if oldest.saturating_add(urgent_after) > T::Staking::current_era() {
			return check;
		}
		if let Some((validator, era)) = Self::take_oldest_payout() {
			Self::claim(validator, era);
		}
		check.saturating_add(T::WeightInfo::payout()).saturating_add(T::Staking::payout_weight())
	}
}

/// A validator's score, `None` when the pool must not nominate it: blocked, commission above the
/// cap, a slashing record, or a commission raised since it was elected (a validator that draws
/// nominations with a low commission and raises it after the election). Otherwise its last
/// era's points scaled by the share of rewards it passes on, `points × (1 − commission)`:
/// validators that produced blocks and keep little rank first; one that was not elected scores
/// zero, so a key-ground set of new zero-commission accounts ranks below every producing one.
pub(crate) fn score<AccountId>(
	candidate: &sluice_primitives::staking::ValidatorCandidate<AccountId>,
	cap: Perbill,
) -> Option<u128> {
	let raised = candidate.elected_commission.is_some_and(|then| candidate.commission > then);
	if candidate.blocked || candidate.commission > cap || candidate.slashed || raised {
		return None;
	}
	// The higher of the commission now and when elected: a cut just before the scoring does
	// not buy a rank.
	let commission = candidate
		.elected_commission
		.map_or(candidate.commission, |then| then.max(candidate.commission));
	let kept = Perbill::ACCURACY.saturating_sub(commission.deconstruct());
	Some(u128::from(candidate.era_points).saturating_mul(u128::from(kept)))
}

/// Validators needed so that none backs more than `max_share` of the pool: ⌈1 / max_share⌉.
pub(crate) fn wanted_validators(max_share: Perbill) -> u32 {
	let parts = max_share.deconstruct().max(1);
	Perbill::ACCURACY.div_ceil(parts)
}
