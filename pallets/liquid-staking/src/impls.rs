//! The calls' logic and the pool's books.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{
		fungible::{Mutate as _, MutateHold as _},
		fungibles::{Inspect as _, Mutate as _},
		tokens::{Fortitude, Precision, Preservation},
		Get,
	},
	BoundedVec,
};
use sluice_math::shares;
use sluice_primitives::{
	staking::{EraIndex, PoolStaking},
	Balance,
};
use sp_runtime::{
	traits::Zero, DispatchError, DispatchResult, FixedPointNumber, FixedU128, Rounding, Saturating,
};

/// The pool's books with every reward and slash the staking system has applied since the last
/// call recognised: what [`Pallet::sync`] writes and what quotes price against.
#[derive(Clone, Debug)]
pub struct Books {
	/// The pool state after recognition.
	pub state: PoolState,
	/// vSLC supply.
	pub supply: Balance,
	/// Reward recognised (held as income, less the protocol fee).
	pub reward: Balance,
	/// Protocol fee on `reward`, owed to the treasury.
	pub fee_value: Balance,
	/// Slash recognised.
	pub loss: Balance,
	/// The part of `loss` borne by queued requests.
	pub queue_loss: Balance,
	/// Whether the loss wiped the queue (a new queue epoch began).
	pub queue_wiped: bool,
	/// What deferred slashes the staking system has recorded will take from the pool's bond.
	/// While it is not zero the pool is in *bunker mode*: stakes and instant unstakes are priced
	/// as if it had been taken already.
	pub pending_slash: Balance,
}

impl Books {
	/// What the pool is worth to vSLC holders now: bonded + buffer − owed to the queue and the
	/// treasury − income held back.
	pub fn value(&self) -> Result<Balance, DispatchError> {
		pool_value(&self.state)
	}

	/// The value instant unstakes are paid from and stakes are priced at (with the held income):
	/// the value less the holders' part of the pending slashes. The queue bears the rest when a
	/// slash lands, pro rata as the loss splits (see [`shares::split_loss`]), rounded against
	/// the holders.
	pub fn exit_value(&self) -> Result<Balance, DispatchError> {
		let value = self.value()?;
		if self.pending_slash == 0 {
			return Ok(value);
		}
		let state = &self.state;
		let holders = value.saturating_add(state.held_ready).saturating_add(state.held_new);
		let part = shares::mul_div(
			self.pending_slash,
			holders,
			holders.saturating_add(state.queue_value),
			Rounding::Up,
		)
		.unwrap_or(self.pending_slash);
		Ok(value.saturating_sub(part))
	}
}

/// `staked + buffer − queue_value − fee_owed − held_ready − held_new`.
pub(crate) fn pool_value(state: &PoolState) -> Result<Balance, DispatchError> {
	state
		.staked
		.checked_add(state.buffer)
		.and_then(|assets| assets.checked_sub(state.queue_value))
		.and_then(|rest| rest.checked_sub(state.fee_owed))
		.and_then(|rest| rest.checked_sub(state.held_ready))
		.and_then(|rest| rest.checked_sub(state.held_new))
		.ok_or(DispatchError::Arithmetic(sp_runtime::ArithmeticError::Underflow))
}

/// Amounts by era: the queue by claimable era, or unlocking chunks by the era they unlock in.
pub(crate) type ByEra = Vec<(EraIndex, Balance)>;

/// What the `chunks` unlocking in an era `keep` accepts add up to.
pub(crate) fn sum_chunks(
	chunks: &[(EraIndex, Balance)],
	keep: impl Fn(EraIndex) -> bool,
) -> Balance {
	chunks
		.iter()
		.filter(|(era, _)| keep(*era))
		.fold(0, |sum: Balance, (_, value)| sum.saturating_add(*value))
}

/// Queue units for a request of `nominal` made at queue factor `factor` (rounded up).
pub(crate) fn queue_units(nominal: Balance, factor: FixedU128) -> Balance {
	shares::mul_div(nominal, FixedU128::accuracy(), factor.into_inner(), Rounding::Up)
		.unwrap_or(Balance::MAX)
}

/// What `units` queue units are worth at queue factor `factor` (rounded up: never reserves less
/// than the requests are worth).
pub(crate) fn units_value(units: Balance, factor: FixedU128) -> Balance {
	shares::mul_div(units, factor.into_inner(), FixedU128::accuracy(), Rounding::Up)
		.unwrap_or(Balance::MAX)
}

/// The queue's claim on the buffer: for each era in which requests become claimable, what the
/// requests claimable by then are worth beyond the chunks that unlock by then; the largest of
/// these. A chunk unlocking after a request's era does not cover it. At least what the whole
/// queue is worth beyond every unlocking chunk.
pub(crate) fn reserved_for_queue(
	state: &PoolState,
	queue: &[(EraIndex, Balance)],
	chunks: &[(EraIndex, Balance)],
) -> Balance {
	let mut owed: Balance = 0;
	let mut worst: Balance = 0;
	for (era, units) in queue {
		owed = owed.saturating_add(units_value(*units, state.queue_factor));
		let arriving = sum_chunks(chunks, |unlocks| unlocks <= *era);
		worst = worst.max(owed.saturating_sub(arriving));
	}
	let all_chunks = sum_chunks(chunks, |_| true);
	worst.min(state.queue_value).max(state.queue_value.saturating_sub(all_chunks))
}

/// Buffer not reserved for queued requests: what may pay instant unstakes and the protocol fee,
/// or be bonded.
pub(crate) fn free_buffer(
	state: &PoolState,
	queue: &[(EraIndex, Balance)],
	chunks: &[(EraIndex, Balance)],
) -> Balance {
	state.buffer.saturating_sub(reserved_for_queue(state, queue, chunks))
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
		let pool = Self::account_id();
		let bonded = T::Staking::bonded(&pool).total;
		let mut books = Books {
			state: state.clone(),
			supply: Self::vslc_supply(),
			reward: 0,
			fee_value: 0,
			loss: 0,
			queue_loss: 0,
			queue_wiped: false,
			pending_slash: T::Staking::pending_slash(&pool),
		};
		if bonded > state.staked {
			// Income: the protocol fee is owed in SLC, the rest is held until it is released.
			let reward = bonded.saturating_sub(state.staked);
			let fee_value = shares::fee_of(reward, Params::<T>::get().protocol_fee);
			state.staked = bonded;
			state.fee_owed = state.fee_owed.checked_add(fee_value).ok_or_else(Self::arithmetic)?;
			state.held_new = state
				.held_new
				.checked_add(reward.saturating_sub(fee_value))
				.ok_or_else(Self::arithmetic)?;
			books.reward = reward;
			books.fee_value = fee_value;
		} else if bonded < state.staked {
			let loss = state.staked.saturating_sub(bonded);
			// Holders own their value and the income held for them (theirs too, not released
			// yet): the loss splits pro rata between that and the queue.
			let total =
				pool_value(&state)?.saturating_add(state.held_ready).saturating_add(state.held_new);
			let (holders_loss, queue_loss) =
				shares::split_loss(loss, total, state.queue_value).ok_or_else(Self::arithmetic)?;
			if queue_loss > 0 {
				let factor =
					shares::scale_factor(state.queue_factor, state.queue_value, queue_loss)
						.ok_or_else(Self::arithmetic)?;
				if factor.is_zero() {
					// The whole queue is gone: start a new epoch in which old requests are worth
					// nothing and the factor starts again at one.
					state.queue_epoch = state.queue_epoch.saturating_add(1);
					state.queue_factor = FixedU128::from_u32(1);
					books.queue_wiped = true;
				} else {
					state.queue_factor = factor;
				}
				state.queue_value = state.queue_value.saturating_sub(queue_loss);
			}
			// The holders' part falls on their value and on the held income, pro rata.
			let cut = |held: Balance| {
				shares::mul_div(holders_loss, held, total, Rounding::Down).unwrap_or(0).min(held)
			};
			let (cut_ready, cut_new) = (cut(state.held_ready), cut(state.held_new));
			state.held_ready = state.held_ready.saturating_sub(cut_ready);
			state.held_new = state.held_new.saturating_sub(cut_new);
			state.staked = bonded;
			// A loss beyond the holders' value comes out of held income, then the fee owed.
			let assets = state.staked.saturating_add(state.buffer);
			let mut deficit = state
				.queue_value
				.saturating_add(state.fee_owed)
				.saturating_add(state.held_ready)
				.saturating_add(state.held_new)
				.saturating_sub(assets);
			for part in [&mut state.held_new, &mut state.held_ready, &mut state.fee_owed] {
				let cut = deficit.min(*part);
				*part = part.saturating_sub(cut);
				deficit = deficit.saturating_sub(cut);
			}
			books.loss = loss;
			books.queue_loss = queue_loss;
		}
		books.state = state;
		Ok(books)
	}

	/// Recognises pending rewards and slashes: writes the books, records the era's figures and
	/// checks the rate bound. Every call and hook starts with it.
	pub(crate) fn sync() -> Result<Books, DispatchError> {
		let books = Self::books()?;
		if books.queue_wiped {
			QueueByEra::<T>::kill();
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
					fee: books.fee_value,
				});
			}
			if books.loss > 0 {
				Self::deposit_event(Event::Slashed {
					amount: books.loss,
					queue_part: books.queue_loss,
				});
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

	/// The queue by era and the pool's unlocking chunks, for [`free_buffer`].
	pub(crate) fn coverage() -> (ByEra, ByEra) {
		(QueueByEra::<T>::get().into_inner(), T::Staking::unlocking(&Self::account_id()))
	}

	/// Buffer free for instant unstakes: not reserved for the queue, and not staked this era.
	pub(crate) fn instant_buffer(state: &PoolState) -> Balance {
		let (queue, chunks) = Self::coverage();
		free_buffer(state, &queue, &chunks).saturating_sub(state.fresh)
	}

	/// Adds `units` to the queue entry of `era`.
	fn enqueue(era: EraIndex, units: Balance) -> DispatchResult {
		QueueByEra::<T>::try_mutate(|queue| {
			match queue.iter().position(|(e, _)| *e >= era) {
				Some(i) if queue.get(i).map(|(e, _)| *e) == Some(era) => {
					if let Some((_, entry)) = queue.get_mut(i) {
						*entry = entry.saturating_add(units);
					}
					Ok(())
				}
				Some(i) => queue.try_insert(i, (era, units)),
				None => queue.try_push((era, units)),
			}
			.map_err(|_| Error::<T>::QueueFull.into())
		})
	}

	/// Takes `request`'s units out of the queue entry that holds them (the merged first entry
	/// once its era has passed).
	fn dequeue(request: &WithdrawalRequest, state: &PoolState) {
		if request.epoch != state.queue_epoch {
			return;
		}
		let units = queue_units(request.nominal, request.factor);
		QueueByEra::<T>::mutate(|queue| {
			let merged = queue.first().map(|(era, _)| *era).unwrap_or_default();
			let key = request.claimable_era.max(merged);
			if let Some(i) = queue.iter().position(|(era, _)| *era == key) {
				if let Some((_, entry)) = queue.get_mut(i) {
					*entry = entry.saturating_sub(units);
					if *entry == 0 {
						queue.remove(i);
					}
				}
			}
		});
	}

	/// Merges the queue entries of eras up to `era` into one, keyed `era` (their requests are all
	/// claimable now). Keeps the queue within its bound.
	pub(crate) fn merge_queue(era: EraIndex) {
		QueueByEra::<T>::mutate(|queue| {
			let due = queue.iter().take_while(|(e, _)| *e <= era).count();
			if due == 0 {
				return;
			}
			let units = queue
				.iter()
				.take(due)
				.fold(0, |sum: Balance, (_, units)| sum.saturating_add(*units));
			let rest: Vec<_> = queue.iter().skip(due).cloned().collect();
			let mut merged = alloc::vec![(era, units)];
			merged.extend(rest);
			// No longer than before: `due ≥ 1` entries became one.
			*queue = BoundedVec::truncate_from(merged);
		});
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

	/// Shares `amount` buys and where the SLC goes, when the holders own `value` now: the full
	/// value (`value` + held income) prices it; see [`shares::deposit_split`].
	fn deposit_quote(
		amount: Balance,
		value: Balance,
		books: &Books,
	) -> Result<(Balance, Balance, Balance, Balance), DispatchError> {
		let state = &books.state;
		shares::deposit_split(amount, value, state.held_ready, state.held_new, books.supply)
			.ok_or_else(Self::arithmetic)
	}

	/// Books `amount` SLC entering the pool, priced with the holders owning `value`, as
	/// `deposit_quote` split it: the held parts join the held income. Returns the shares to mint.
	fn enter(amount: Balance, value: Balance, books: &mut Books) -> Result<Balance, DispatchError> {
		let (vslc, _, to_ready, to_new) = Self::deposit_quote(amount, value, books)?;
		ensure!(vslc > 0, Error::<T>::AmountTooSmall);
		let state = &mut books.state;
		state.held_ready = state.held_ready.checked_add(to_ready).ok_or_else(Self::arithmetic)?;
		state.held_new = state.held_new.checked_add(to_new).ok_or_else(Self::arithmetic)?;
		Ok(vslc)
	}

	fn stake_quote(amount: Balance, books: &Books) -> Result<Balance, DispatchError> {
		Self::ensure_minting(books)?;
		ensure!(amount >= T::MinStake::get(), Error::<T>::BelowMinimumStake);
		// A stake pays the value less the holders' part of pending slashes (bunker mode).
		let (vslc, ..) = Self::deposit_quote(amount, books.exit_value()?, books)?;
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
		Self::stake_quote(amount, &books)?;
		let vslc = Self::enter(amount, books.exit_value()?, &mut books)?;
		T::Currency::transfer(who, &Self::account_id(), amount, Preservation::Preserve)?;
		let state = &mut books.state;
		state.buffer = state.buffer.checked_add(amount).ok_or_else(Self::arithmetic)?;
		state.fresh = state.fresh.checked_add(amount).ok_or_else(Self::arithmetic)?;
		T::Assets::mint_into(T::VslcAssetId::get(), who, vslc)?;
		Pool::<T>::put(books.state);
		Self::deposit_event(Event::Staked { who: who.clone(), amount, vslc });
		Ok(())
	}

	/// SLC a withdrawal request for `vslc` would be worth, and the era it becomes claimable.
	pub fn quote_unstake(vslc: Balance) -> Result<(Balance, EraIndex), DispatchError> {
		Self::unstake_quote(vslc, &Self::books()?).map(|(amount, _, era)| (amount, era))
	}

	/// A request's value, what leaves the holders' value for it (see [`shares::exit_split`]),
	/// and its claimable era. Priced at the value: a pending slash reaches it in the queue.
	fn unstake_quote(
		vslc: Balance,
		books: &Books,
	) -> Result<(Balance, Balance, EraIndex), DispatchError> {
		let (amount, removed) = shares::exit_split(vslc, books.value()?, books.supply)
			.ok_or(Error::<T>::InsufficientVslc)?;
		ensure!(amount > 0, Error::<T>::AmountTooSmall);
		let era = T::Staking::current_era().saturating_add(T::Staking::bonding_duration());
		Ok((amount, removed, era))
	}

	pub(crate) fn do_unstake(who: &T::AccountId, vslc: Balance) -> DispatchResult {
		Self::ensure_holds(who, vslc)?;
		let mut books = Self::sync()?;
		let (amount, removed, claimable_era) = Self::unstake_quote(vslc, &books)?;
		let id = NextRequestId::<T>::get();
		let request = WithdrawalRequest {
			id,
			nominal: amount,
			vslc,
			factor: books.state.queue_factor,
			epoch: books.state.queue_epoch,
			claimable_era,
			deposit: T::RequestDeposit::get(),
		};
		if request.deposit > 0 {
			T::Currency::hold(&HoldReason::WithdrawalRequest.into(), who, request.deposit)
				.map_err(|_| Error::<T>::CannotPayDeposit)?;
		}
		Self::enqueue(claimable_era, queue_units(amount, request.factor))?;
		Withdrawals::<T>::try_mutate(who, |requests| {
			requests.try_push(request).map_err(|_| Error::<T>::TooManyRequests)
		})?;
		NextRequestId::<T>::put(id.checked_add(1).ok_or_else(Self::arithmetic)?);
		Self::burn_vslc(who, vslc)?;
		let state = &mut books.state;
		state.queue_value = state.queue_value.checked_add(amount).ok_or_else(Self::arithmetic)?;
		// Exit rounding stays with the holders as income.
		state.held_new = state
			.held_new
			.checked_add(removed.saturating_sub(amount))
			.ok_or_else(Self::arithmetic)?;
		// Unbond what the buffer and the chunks unlocking by its era do not cover: the new
		// request is the last to become claimable, and a chunk unbonded now unlocks in its era.
		let pool = Self::account_id();
		let (queue, chunks) = Self::coverage();
		let queued = queue
			.iter()
			.fold(0, |sum: Balance, (_, units)| {
				sum.saturating_add(units_value(*units, state.queue_factor))
			})
			.max(state.queue_value);
		let unlocking = sum_chunks(&chunks, |era| era <= claimable_era);
		let shortfall = queued.saturating_sub(unlocking).saturating_sub(state.buffer);
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

	/// Returns the deposit of a request that is gone.
	fn release_deposit(who: &T::AccountId, request: &WithdrawalRequest) -> DispatchResult {
		if request.deposit > 0 {
			T::Currency::release(
				&HoldReason::WithdrawalRequest.into(),
				who,
				request.deposit,
				Precision::BestEffort,
			)?;
		}
		Ok(())
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
		Self::dequeue(&request, &books.state);
		Self::release_deposit(who, &request)?;
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
		// The request's value re-enters the pool as a stake would, at the value it left at: a
		// request carries its part of pending slashes into the queue, so cancelling it must not
		// buy at the bunker price (unstake then cancel would take the other holders' part).
		let vslc = Self::enter(amount, books.value()?, &mut books)?;
		let state = &mut books.state;
		state.queue_value = state.queue_value.checked_sub(amount).ok_or_else(Self::arithmetic)?;
		Self::dequeue(&request, state);
		// Re-bond what was unbonded for it: the chunks unlocking from its era on (rebonding takes
		// the last ones first), so cancelling cannot be used to force unbonding.
		let pool = Self::account_id();
		let later = sum_chunks(&T::Staking::unlocking(&pool), |era| era >= request.claimable_era);
		let rebond = amount.min(later);
		if rebond > 0 {
			T::Staking::rebond(&pool, rebond).map_err(|_| Error::<T>::CannotRebond)?;
		}
		T::Assets::mint_into(T::VslcAssetId::get(), who, vslc)?;
		Self::release_deposit(who, &request)?;
		Pool::<T>::put(books.state);
		Self::put_requests(who, rest);
		Self::deposit_event(Event::UnstakeCancelled { who: who.clone(), id, amount, vslc });
		Ok(())
	}

	/// SLC paid and fee kept for an instant unstake of `vslc` now.
	pub fn quote_instant_unstake(vslc: Balance) -> Result<(Balance, Balance), DispatchError> {
		Self::instant_unstake_quote(vslc, &Self::books()?).map(|(paid, fee, _)| (paid, fee))
	}

	/// SLC paid, fee kept, and what leaves the holders' value. Priced at the exit value (less
	/// pending slashes), paid only from buffer that is free and was not staked this era.
	fn instant_unstake_quote(
		vslc: Balance,
		books: &Books,
	) -> Result<(Balance, Balance, Balance), DispatchError> {
		let (value, removed) = shares::exit_split(vslc, books.exit_value()?, books.supply)
			.ok_or(Error::<T>::InsufficientVslc)?;
		let fee = shares::fee_of(value, Params::<T>::get().instant_unstake_fee);
		let amount = value.saturating_sub(fee);
		ensure!(amount > 0, Error::<T>::AmountTooSmall);
		ensure!(Self::instant_buffer(&books.state) >= amount, Error::<T>::InsufficientBuffer);
		Ok((amount, fee, removed))
	}

	pub(crate) fn do_instant_unstake(who: &T::AccountId, vslc: Balance) -> DispatchResult {
		Self::ensure_holds(who, vslc)?;
		let mut books = Self::sync()?;
		let (amount, fee, removed) = Self::instant_unstake_quote(vslc, &books)?;
		Self::burn_vslc(who, vslc)?;
		T::Currency::transfer(&Self::account_id(), who, amount, Preservation::Preserve)?;
		let state = &mut books.state;
		state.buffer = state.buffer.checked_sub(amount).ok_or(Error::<T>::InsufficientBuffer)?;
		// The fee and the exit rounding are income of those who stay.
		state.held_new = state
			.held_new
			.checked_add(removed.saturating_sub(amount))
			.ok_or_else(Self::arithmetic)?;
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
		// Solvency: bonded + buffer covers the queue, the fee owed and the held income.
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
		for (who, requests) in Withdrawals::<T>::iter() {
			ensure!(!requests.is_empty(), "empty request list kept in storage");
			use frame_support::traits::fungible::InspectHold as _;
			let deposits = requests.iter().fold(0, |sum: Balance, r| sum.saturating_add(r.deposit));
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::WithdrawalRequest.into(), &who)
					== deposits,
				"request deposits are not held in full"
			);
			for request in requests.iter() {
				ensure!(request.id < next, "request id from the future");
				owed = owed.saturating_add(Self::request_value(request, state));
			}
		}
		ensure!(owed <= state.queue_value, "requests are worth more than the queue");
		// The queue by era reserves at least what the requests are worth, is sorted, and has
		// merged every era that has passed into its first entry.
		let queue = QueueByEra::<T>::get();
		let reserved = queue.iter().fold(0, |sum: Balance, (_, units)| {
			sum.saturating_add(units_value(*units, state.queue_factor))
		});
		ensure!(reserved >= owed, "the queue by era reserves less than the requests are worth");
		ensure!(queue.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)), "queue eras unsorted");
		ensure!(
			queue.iter().filter(|(era, _)| *era < state.era).count() <= 1,
			"passed queue eras not merged"
		);
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
