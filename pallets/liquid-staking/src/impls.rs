//! The calls' logic and the pool's books.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{
		fungible::Mutate as _,
		fungibles::{Inspect as _, Mutate as _},
		tokens::{Fortitude, Precision, Preservation},
		Get,
	},
};
use sluice_math::shares;
use sluice_primitives::{
	staking::{Bonded, EraIndex, PoolStaking},
	Balance,
};
use sp_runtime::{traits::Zero, DispatchError, DispatchResult, FixedU128, Saturating};

/// The pool's books with every reward and slash the staking system has applied since the last
/// call recognised: what [`Pallet::sync`] writes and what quotes price against.
#[derive(Clone, Debug)]
pub struct Books {
	/// The pool state after recognition.
	pub state: PoolState,
	/// vSLC supply after the protocol-fee mint.
	pub supply: Balance,
	/// Reward recognised.
	pub reward: Balance,
	/// vSLC to mint to the treasury for the fee on `reward`.
	pub fee_vslc: Balance,
	/// Fee on `reward`, in SLC value.
	pub fee_value: Balance,
	/// Slash recognised.
	pub loss: Balance,
	/// The part of `loss` borne by queued requests.
	pub queue_loss: Balance,
}

impl Books {
	/// What the pool is worth to vSLC holders: bonded + buffer − owed to the queue.
	pub fn value(&self) -> Result<Balance, DispatchError> {
		pool_value(&self.state)
	}
}

/// `staked + buffer − queue_value`.
pub(crate) fn pool_value(state: &PoolState) -> Result<Balance, DispatchError> {
	state
		.staked
		.checked_add(state.buffer)
		.and_then(|assets| assets.checked_sub(state.queue_value))
		.ok_or(DispatchError::Arithmetic(sp_runtime::ArithmeticError::Underflow))
}

/// Buffer not reserved for queued requests: the queue is covered first by unlocking chunks,
/// then by the buffer; what is left may pay instant unstakes or be bonded.
pub(crate) fn free_buffer(state: &PoolState, bonded: Bonded<Balance>) -> Balance {
	let unlocking = bonded.total.saturating_sub(bonded.active);
	// Saturating: a queue fully covered by unlocking chunks reserves nothing of the buffer.
	let uncovered = state.queue_value.saturating_sub(unlocking);
	state.buffer.saturating_sub(uncovered)
}

impl<T: Config> Pallet<T> {
	fn vslc_supply() -> Balance {
		T::Assets::total_issuance(T::VslcAssetId::get())
	}

	fn arithmetic() -> DispatchError {
		Error::<T>::Arithmetic.into()
	}

	/// The books with pending rewards and slashes recognised, without writing anything.
	pub fn books() -> Result<Books, DispatchError> {
		ensure!(Self::vslc_supply() > 0, Error::<T>::PoolNotInitialised);
		let mut state = Pool::<T>::get();
		let bonded = T::Staking::bonded(&Self::account_id()).total;
		let mut books = Books {
			state: state.clone(),
			supply: Self::vslc_supply(),
			reward: 0,
			fee_vslc: 0,
			fee_value: 0,
			loss: 0,
			queue_loss: 0,
		};
		if bonded > state.staked {
			let reward = bonded.saturating_sub(state.staked);
			state.staked = bonded;
			let value = pool_value(&state)?;
			let fee_value = shares::fee_of(reward, Params::<T>::get().protocol_fee).min(value);
			books.fee_vslc = shares::shares_for_fee(fee_value, value, books.supply)
				.ok_or_else(Self::arithmetic)?;
			books.supply = books.supply.checked_add(books.fee_vslc).ok_or_else(Self::arithmetic)?;
			books.reward = reward;
			books.fee_value = fee_value;
		} else if bonded < state.staked {
			let loss = state.staked.saturating_sub(bonded);
			let (_, queue_loss) = shares::split_loss(loss, pool_value(&state)?, state.queue_value)
				.ok_or_else(Self::arithmetic)?;
			if queue_loss > 0 {
				let factor =
					shares::scale_factor(state.queue_factor, state.queue_value, queue_loss)
						.ok_or_else(Self::arithmetic)?;
				if factor.is_zero() {
					// The whole queue is gone: start a new epoch in which old requests are worth
					// nothing and the factor starts again at one.
					state.queue_epoch = state.queue_epoch.saturating_add(1);
					state.queue_factor = FixedU128::from_u32(1);
				} else {
					state.queue_factor = factor;
				}
				state.queue_value = state.queue_value.saturating_sub(queue_loss);
			}
			state.staked = bonded;
			books.loss = loss;
			books.queue_loss = queue_loss;
		}
		books.state = state;
		Ok(books)
	}

	/// Recognises pending rewards and slashes: mints the protocol fee, writes the books, records
	/// the era's figures and checks the rate bound. Every call and hook starts with it.
	pub(crate) fn sync() -> Result<Books, DispatchError> {
		let books = Self::books()?;
		if books.fee_vslc > 0 {
			T::Assets::mint_into(T::VslcAssetId::get(), &T::Treasury::get(), books.fee_vslc)?;
		}
		if books.reward > 0 || books.loss > 0 {
			Eras::<T>::mutate(books.state.era, |record| {
				// Saturating: per-era statistics, bounded by the total issuance of SLC.
				record.rewards.saturating_accrue(books.reward);
				record.protocol_fee.saturating_accrue(books.fee_value);
				record.slashed.saturating_accrue(books.loss);
			});
			if books.reward > 0 {
				Self::deposit_event(Event::RewardsCompounded {
					amount: books.reward,
					fee_vslc: books.fee_vslc,
				});
			}
			if books.loss > 0 {
				Self::deposit_event(Event::Slashed {
					amount: books.loss,
					queue_part: books.queue_loss,
				});
			}
			if Paused::<T>::get().is_none() {
				if let Some((from, to)) = Self::rate_out_of_bounds(&books)? {
					Paused::<T>::put(PauseReason::RateOutOfBounds);
					Self::deposit_event(Event::RateOutOfBounds { from, to });
					Self::deposit_event(Event::StakingPaused {
						reason: PauseReason::RateOutOfBounds,
					});
				}
			}
		}
		Pool::<T>::put(&books.state);
		Ok(books)
	}

	/// `Some((era start rate, rate))` when `books` put the rate beyond the per-era bound.
	pub(crate) fn rate_out_of_bounds(
		books: &Books,
	) -> Result<Option<(FixedU128, FixedU128)>, DispatchError> {
		let rate = shares::rate(books.value()?, books.supply).ok_or_else(Self::arithmetic)?;
		let from = books.state.era_start_rate;
		let bound = Params::<T>::get().max_rate_change;
		Ok((!shares::within_bound(from, rate, bound)).then_some((from, rate)))
	}

	/// Withdraws unlocked chunks into the buffer. Call after [`Self::sync`].
	pub(crate) fn collect_unbonded(state: &mut PoolState) -> DispatchResult {
		let pool = Self::account_id();
		let before = T::Staking::bonded(&pool);
		if before.total == before.active {
			return Ok(());
		}
		T::Staking::withdraw_unbonded(&pool)?;
		let withdrawn = before.total.saturating_sub(T::Staking::bonded(&pool).total);
		state.staked = state.staked.checked_sub(withdrawn).ok_or_else(Self::arithmetic)?;
		state.buffer = state.buffer.checked_add(withdrawn).ok_or_else(Self::arithmetic)?;
		Ok(())
	}

	/// Current value of a queued request (zero when a slash wiped its queue epoch).
	pub(crate) fn request_value(request: &WithdrawalRequest, state: &PoolState) -> Balance {
		if request.epoch != state.queue_epoch {
			return 0;
		}
		shares::request_value(request.nominal, request.factor, state.queue_factor)
	}

	fn ensure_not_paused() -> DispatchResult {
		ensure!(Paused::<T>::get().is_none(), Error::<T>::StakingPaused);
		Ok(())
	}

	/// Burns exactly `vslc` of `who`'s vSLC.
	fn burn_vslc(who: &T::AccountId, vslc: Balance) -> DispatchResult {
		T::Assets::burn_from(
			T::VslcAssetId::get(),
			who,
			vslc,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)
		.map(|_| ())
	}

	fn ensure_holds(who: &T::AccountId, vslc: Balance) -> DispatchResult {
		ensure!(vslc > 0, Error::<T>::AmountTooSmall);
		ensure!(
			T::Assets::balance(T::VslcAssetId::get(), who) >= vslc,
			Error::<T>::InsufficientVslc
		);
		Ok(())
	}

	/// Refuses minting while paused, or when recognising the pending rewards or slashes would
	/// pause it.
	fn ensure_minting(books: &Books) -> DispatchResult {
		Self::ensure_not_paused()?;
		let pending = books.reward > 0 || books.loss > 0;
		ensure!(!pending || Self::rate_out_of_bounds(books)?.is_none(), Error::<T>::StakingPaused);
		Ok(())
	}

	fn stake_quote(amount: Balance, books: &Books) -> Result<Balance, DispatchError> {
		Self::ensure_minting(books)?;
		ensure!(amount >= T::MinStake::get(), Error::<T>::BelowMinimumStake);
		let vslc = shares::shares_for_amount(amount, books.value()?, books.supply)
			.ok_or_else(Self::arithmetic)?;
		ensure!(vslc > 0, Error::<T>::AmountTooSmall);
		Ok(vslc)
	}

	/// vSLC `amount` SLC buys now.
	pub fn quote_stake(amount: Balance) -> Result<Balance, DispatchError> {
		Self::stake_quote(amount, &Self::books()?)
	}

	pub(crate) fn do_stake(who: &T::AccountId, amount: Balance) -> DispatchResult {
		// A refusal below rolls the sync back with everything else.
		let mut books = Self::sync()?;
		let vslc = Self::stake_quote(amount, &books)?;
		T::Currency::transfer(who, &Self::account_id(), amount, Preservation::Preserve)?;
		books.state.buffer = books.state.buffer.checked_add(amount).ok_or_else(Self::arithmetic)?;
		T::Assets::mint_into(T::VslcAssetId::get(), who, vslc)?;
		Pool::<T>::put(books.state);
		Self::deposit_event(Event::Staked { who: who.clone(), amount, vslc });
		Ok(())
	}

	/// SLC a withdrawal request for `vslc` would be worth, and the era it becomes claimable.
	pub fn quote_unstake(vslc: Balance) -> Result<(Balance, EraIndex), DispatchError> {
		Self::unstake_quote(vslc, &Self::books()?)
	}

	fn unstake_quote(vslc: Balance, books: &Books) -> Result<(Balance, EraIndex), DispatchError> {
		let amount = shares::value_of_shares(vslc, books.value()?, books.supply)
			.ok_or(Error::<T>::InsufficientVslc)?;
		ensure!(amount > 0, Error::<T>::AmountTooSmall);
		let era = T::Staking::current_era().saturating_add(T::Staking::bonding_duration());
		Ok((amount, era))
	}

	pub(crate) fn do_unstake(who: &T::AccountId, vslc: Balance) -> DispatchResult {
		Self::ensure_holds(who, vslc)?;
		let mut books = Self::sync()?;
		let (amount, claimable_era) = Self::unstake_quote(vslc, &books)?;
		let id = NextRequestId::<T>::get();
		let request = WithdrawalRequest {
			id,
			nominal: amount,
			vslc,
			factor: books.state.queue_factor,
			epoch: books.state.queue_epoch,
			claimable_era,
		};
		Withdrawals::<T>::try_mutate(who, |requests| {
			requests.try_push(request).map_err(|_| Error::<T>::TooManyRequests)
		})?;
		NextRequestId::<T>::put(id.checked_add(1).ok_or_else(Self::arithmetic)?);
		Self::burn_vslc(who, vslc)?;
		let state = &mut books.state;
		state.queue_value = state.queue_value.checked_add(amount).ok_or_else(Self::arithmetic)?;
		// Unbond what the unlocking chunks and the buffer do not cover yet.
		let pool = Self::account_id();
		let bonded = T::Staking::bonded(&pool);
		let unlocking = bonded.total.saturating_sub(bonded.active);
		let shortfall = state.queue_value.saturating_sub(unlocking).saturating_sub(state.buffer);
		if shortfall > 0 {
			T::Staking::unbond(&pool, shortfall).map_err(|_| Error::<T>::CannotUnbond)?;
		}
		Pool::<T>::put(books.state);
		Self::deposit_event(Event::Unstaked { who: who.clone(), id, vslc, amount, claimable_era });
		Ok(())
	}

	fn take_request(
		who: &T::AccountId,
		id: RequestId,
	) -> Result<(WithdrawalRequest, Vec<WithdrawalRequest>), DispatchError> {
		let mut requests = Withdrawals::<T>::get(who).into_inner();
		let position =
			requests.iter().position(|r| r.id == id).ok_or(Error::<T>::RequestNotFound)?;
		let request = requests.remove(position);
		Ok((request, requests))
	}

	fn put_requests(who: &T::AccountId, requests: Vec<WithdrawalRequest>) {
		if requests.is_empty() {
			Withdrawals::<T>::remove(who);
		} else {
			// The list only shrank, so it fits the bound it was read with.
			Withdrawals::<T>::insert(who, BoundedRequests::<T>::truncate_from(requests));
		}
	}

	pub(crate) fn do_withdraw(who: &T::AccountId, id: RequestId) -> DispatchResult {
		let (request, rest) = Self::take_request(who, id)?;
		ensure!(T::Staking::current_era() >= request.claimable_era, Error::<T>::NotClaimable);
		let mut books = Self::sync()?;
		let amount = Self::request_value(&request, &books.state);
		Self::collect_unbonded(&mut books.state)?;
		let state = &mut books.state;
		ensure!(state.buffer >= amount, Error::<T>::FundsNotReady);
		if amount > 0 {
			T::Currency::transfer(&Self::account_id(), who, amount, Preservation::Preserve)?;
		}
		state.buffer = state.buffer.saturating_sub(amount);
		state.queue_value = state.queue_value.checked_sub(amount).ok_or_else(Self::arithmetic)?;
		Pool::<T>::put(books.state);
		Self::put_requests(who, rest);
		Self::deposit_event(Event::Withdrawn { who: who.clone(), id, amount });
		Ok(())
	}

	pub(crate) fn do_cancel_unstake(who: &T::AccountId, id: RequestId) -> DispatchResult {
		let (request, rest) = Self::take_request(who, id)?;
		// A refusal below rolls the sync back with everything else.
		let mut books = Self::sync()?;
		Self::ensure_minting(&books)?;
		let amount = Self::request_value(&request, &books.state);
		let vslc = shares::shares_for_amount(amount, books.value()?, books.supply)
			.ok_or_else(Self::arithmetic)?;
		ensure!(vslc > 0, Error::<T>::AmountTooSmall);
		let state = &mut books.state;
		state.queue_value = state.queue_value.checked_sub(amount).ok_or_else(Self::arithmetic)?;
		T::Assets::mint_into(T::VslcAssetId::get(), who, vslc)?;
		Pool::<T>::put(books.state);
		Self::put_requests(who, rest);
		Self::deposit_event(Event::UnstakeCancelled { who: who.clone(), id, amount, vslc });
		Ok(())
	}

	/// SLC paid and fee kept for an instant unstake of `vslc` now.
	pub fn quote_instant_unstake(vslc: Balance) -> Result<(Balance, Balance), DispatchError> {
		Self::instant_unstake_quote(vslc, &Self::books()?)
	}

	fn instant_unstake_quote(
		vslc: Balance,
		books: &Books,
	) -> Result<(Balance, Balance), DispatchError> {
		let value = shares::value_of_shares(vslc, books.value()?, books.supply)
			.ok_or(Error::<T>::InsufficientVslc)?;
		let fee = shares::fee_of(value, Params::<T>::get().instant_unstake_fee);
		let amount = value.saturating_sub(fee);
		ensure!(amount > 0, Error::<T>::AmountTooSmall);
		let bonded = T::Staking::bonded(&Self::account_id());
		ensure!(free_buffer(&books.state, bonded) >= amount, Error::<T>::InsufficientBuffer);
		Ok((amount, fee))
	}

	pub(crate) fn do_instant_unstake(who: &T::AccountId, vslc: Balance) -> DispatchResult {
		Self::ensure_holds(who, vslc)?;
		let mut books = Self::sync()?;
		let (amount, fee) = Self::instant_unstake_quote(vslc, &books)?;
		Self::burn_vslc(who, vslc)?;
		T::Currency::transfer(&Self::account_id(), who, amount, Preservation::Preserve)?;
		books.state.buffer =
			books.state.buffer.checked_sub(amount).ok_or(Error::<T>::InsufficientBuffer)?;
		Pool::<T>::put(books.state);
		Self::deposit_event(Event::InstantUnstaked { who: who.clone(), vslc, amount, fee });
		Ok(())
	}

	pub(crate) fn do_payout(
		who: &T::AccountId,
		validator: &T::AccountId,
		era: EraIndex,
	) -> DispatchResult {
		// Recognise a pending slash before the reward lands in the same bond: netted against
		// the reward, the queue would bear only the net loss (or none) while the slash has
		// already cut the unlocking chunks that pay it.
		Self::sync()?;
		T::Staking::payout(who, validator, era)?;
		Self::sync().map(|_| ())
	}

	pub(crate) fn do_pause(reason: PauseReason) -> DispatchResult {
		ensure!(Paused::<T>::get().is_none(), Error::<T>::StakingPaused);
		Paused::<T>::put(reason);
		Self::deposit_event(Event::StakingPaused { reason });
		Ok(())
	}

	pub(crate) fn do_resume() -> DispatchResult {
		ensure!(Paused::<T>::get().is_some(), Error::<T>::NotPaused);
		let books = Self::sync()?;
		let rate = shares::rate(books.value()?, books.supply).ok_or_else(Self::arithmetic)?;
		Pool::<T>::mutate(|state| state.era_start_rate = rate);
		Paused::<T>::kill();
		Self::deposit_event(Event::StakingResumed);
		Ok(())
	}

	pub(crate) fn do_set_params(params: PoolParams) -> DispatchResult {
		ensure!(
			!params.max_rate_change.is_zero()
				&& !params.max_validator_share.is_zero()
				&& params.buffer_target <= sp_runtime::Perbill::from_percent(50),
			Error::<T>::InvalidParams
		);
		Params::<T>::put(params);
		Self::deposit_event(Event::ParamsSet { params });
		Ok(())
	}

	/// The exchange rate: SLC per vSLC.
	pub fn exchange_rate() -> Result<FixedU128, DispatchError> {
		let books = Self::books()?;
		shares::rate(books.value()?, books.supply).ok_or_else(Self::arithmetic)
	}

	/// Checks the pool's invariants (run by `try_state`, after every unit test and by the
	/// runtime's integration tests).
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use frame_support::traits::fungible::Inspect as _;
		let books = Self::books()?;
		let state = &books.state;
		let pool = Self::account_id();
		// Solvency: bonded + buffer covers the queue.
		let value = books.value()?;
		// The buffer is real SLC in the pool account.
		ensure!(T::Currency::balance(&pool) >= state.buffer, "buffer exceeds the pool's free SLC");
		// Requests are covered by unlocking chunks and the buffer.
		let bonded = T::Staking::bonded(&pool);
		let unlocking = bonded.total.saturating_sub(bonded.active);
		ensure!(
			state.queue_value <= unlocking.saturating_add(state.buffer),
			"queued requests are not covered by unbonding and the buffer"
		);
		// Lazily valued requests never add up to more than the queue aggregate.
		let mut owed: Balance = 0;
		let next = NextRequestId::<T>::get();
		for (_, requests) in Withdrawals::<T>::iter() {
			ensure!(!requests.is_empty(), "empty request list kept in storage");
			for request in requests.iter() {
				ensure!(request.id < next, "request id from the future");
				owed = owed.saturating_add(Self::request_value(request, state));
			}
		}
		ensure!(owed <= state.queue_value, "requests are worth more than the queue");
		// The locked shares keep the supply and the value positive.
		ensure!(
			T::Assets::balance(T::VslcAssetId::get(), &pool) > 0,
			"the pool's locked vSLC is gone"
		);
		ensure!(books.supply > 0 && value > 0, "vSLC without value");
		ensure!(
			Nominations::<T>::get().len() as u32 <= T::MaxNominations::get(),
			"too many nominations"
		);
		Ok(())
	}
}

/// The bounded list of one account's requests.
pub(crate) type BoundedRequests<T> =
	frame_support::BoundedVec<WithdrawalRequest, <T as Config>::MaxWithdrawalRequests>;
