//! Stakers: deposits, delegations, queued withdrawals (slashable until they complete) and
//! redelegation.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation, Contains},
};
use sluice_math::shares::{shares_for_amount, shares_to_take, value_of_shares};
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::traits::{Saturating, Zero};

impl<T: Config> Pallet<T> {
	/// Worth of `shares` of `pool` (rounded down).
	pub fn worth<B>(pool: &Pool<B>, shares: Balance) -> Balance {
		value_of_shares(shares, pool.stake, pool.shares).unwrap_or(0)
	}

	pub(crate) fn ensure_amount(amount: Balance) -> DispatchResult {
		ensure!(amount >= T::MinAmount::get() && !amount.is_zero(), Error::<T>::AmountTooSmall);
		Ok(())
	}

	pub(crate) fn do_deposit(
		who: T::AccountId,
		asset: AssetKind,
		amount: Balance,
	) -> DispatchResult {
		ensure!(T::Restakeable::contains(&asset), Error::<T>::AssetNotRestakeable);
		Self::ensure_amount(amount)?;
		let idle = Self::add(Idle::<T>::get(&who, &asset), amount)?;
		T::Assets::transfer(
			asset.clone(),
			&who,
			&Self::account_id(),
			amount,
			Preservation::Preserve,
		)?;
		Idle::<T>::insert(&who, &asset, idle);
		Self::deposit_event(Event::Deposited { who, asset, amount });
		Ok(())
	}

	pub(crate) fn do_withdraw(
		who: T::AccountId,
		asset: AssetKind,
		amount: Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::AmountTooSmall);
		let idle = Idle::<T>::get(&who, &asset);
		let left = idle.checked_sub(amount).ok_or(Error::<T>::InsufficientBalance)?;
		Self::pay(&asset, &who, amount)?;
		Self::set_idle(&who, &asset, left);
		Self::deposit_event(Event::Withdrawn { who, asset, amount });
		Ok(())
	}

	fn set_idle(who: &T::AccountId, asset: &AssetKind, amount: Balance) {
		if amount.is_zero() {
			Idle::<T>::remove(who, asset);
		} else {
			Idle::<T>::insert(who, asset, amount);
		}
	}

	pub(crate) fn do_delegate(
		who: T::AccountId,
		operator: T::AccountId,
		asset: AssetKind,
		amount: Balance,
	) -> DispatchResult {
		let idle = Idle::<T>::get(&who, &asset);
		let left = idle.checked_sub(amount).ok_or(Error::<T>::InsufficientBalance)?;
		Self::delegate_tokens(&who, operator, asset.clone(), amount)?;
		Self::set_idle(&who, &asset, left);
		Ok(())
	}

	/// Adds `amount` tokens the pallet holds for `who` to a delegation to `operator`.
	fn delegate_tokens(
		who: &T::AccountId,
		operator: T::AccountId,
		asset: AssetKind,
		amount: Balance,
	) -> DispatchResult {
		Self::registered(&operator)?;
		ensure!(T::Restakeable::contains(&asset), Error::<T>::AssetNotRestakeable);
		Self::ensure_amount(amount)?;
		// A slash in its veto window could still be vetoed: stake joining now would share in
		// the tokens it gives back. Delegations wait until it is settled (`settle_slash`).
		let mut info = Self::registered(&operator)?;
		ensure!(info.pending_slashes == 0, Error::<T>::SlashPending);
		if !info.assets.contains(&asset) {
			info.assets.try_push(asset.clone()).map_err(|_| Error::<T>::TooManyAssets)?;
			Operators::<T>::insert(&operator, &info);
		}
		let now = Self::now();
		let mut pool = Self::load_pool(&operator, &asset, now);
		let shares = if pool.shares.is_zero() {
			amount
		} else {
			// A pool slashed to nothing with shares left takes no new stake.
			shares_for_amount(amount, pool.stake, pool.shares).ok_or(Error::<T>::PoolEmptied)?
		};
		ensure!(!shares.is_zero(), Error::<T>::AmountTooSmall);
		let key = (who, &operator, &asset);
		let mut delegation = match Delegations::<T>::get(key) {
			Some(d) => d,
			None => {
				let count = DelegationCount::<T>::get(who);
				ensure!(count < T::MaxDelegations::get(), Error::<T>::TooManyDelegations);
				DelegationCount::<T>::insert(who, count.saturating_add(1));
				Delegation { shares: 0, paid: pool.rps.clone() }
			}
		};
		Self::settle(who, &mut delegation, &pool);
		delegation.shares = Self::add(delegation.shares, shares)?;
		pool.shares = Self::add(pool.shares, shares)?;
		pool.stake = Self::add(pool.stake, amount)?;
		pool.fresh.add(Self::epoch(now), amount);
		Delegations::<T>::insert(key, delegation);
		Pools::<T>::insert(&operator, &asset, pool);
		Self::deposit_event(Event::Delegated { who: who.clone(), operator, asset, amount, shares });
		Ok(())
	}

	pub(crate) fn do_queue_withdrawal(
		who: T::AccountId,
		operator: T::AccountId,
		asset: AssetKind,
		amount: Option<Balance>,
	) -> DispatchResult {
		let key = (&who, &operator, &asset);
		let mut delegation = Delegations::<T>::get(key).ok_or(Error::<T>::NoDelegation)?;
		let now = Self::now();
		ensure!(Pools::<T>::contains_key(&operator, &asset), Error::<T>::NoPool);
		let mut pool = Self::load_pool(&operator, &asset, now);
		let shares = match amount {
			None => delegation.shares,
			Some(amount) => {
				Self::ensure_amount(amount)?;
				ensure!(
					Self::worth(&pool, delegation.shares) >= amount,
					Error::<T>::InsufficientBalance
				);
				// The shares worth `amount`, rounded up, at most the delegation's.
				shares_to_take(amount, pool.stake, pool.shares)
					.ok_or(Error::<T>::PoolEmptied)?
					.min(delegation.shares)
			}
		};
		ensure!(!shares.is_zero(), Error::<T>::InsufficientBalance);
		let count = WithdrawalCount::<T>::get(&who);
		ensure!(count < T::MaxWithdrawals::get(), Error::<T>::TooManyWithdrawals);
		Self::settle(&who, &mut delegation, &pool);
		delegation.shares = delegation.shares.saturating_sub(shares);
		if who == operator && asset == AssetKind::Native && Self::registered(&who).is_ok() {
			ensure!(
				Self::worth(&pool, delegation.shares) >= T::MinSelfBond::get(),
				Error::<T>::SelfBondTooLow
			);
		}
		let worth = Self::worth(&pool, shares);
		pool.queued = Self::add(pool.queued, shares)?;
		// Stake leaving stops counting at once; what leaves is taken from the warming part
		// first, so the counted part never grows by a withdrawal.
		pool.fresh.remove(Self::epoch(now), worth);
		let id = NextWithdrawalId::<T>::get(&who);
		let due = now.saturating_add(T::WithdrawalDelay::get());
		Withdrawals::<T>::insert(
			&who,
			id,
			Withdrawal { operator: operator.clone(), asset: asset.clone(), shares, due },
		);
		NextWithdrawalId::<T>::insert(&who, id.saturating_add(1));
		WithdrawalCount::<T>::insert(&who, count.saturating_add(1));
		if delegation.shares.is_zero() {
			Delegations::<T>::remove(key);
			DelegationCount::<T>::mutate(&who, |c| *c = c.saturating_sub(1));
		} else {
			Delegations::<T>::insert(key, delegation);
		}
		Pools::<T>::insert(&operator, &asset, pool);
		Self::deposit_event(Event::WithdrawalQueued {
			who,
			id,
			operator,
			asset,
			amount: worth,
			due,
		});
		Ok(())
	}

	/// Completes a due withdrawal: pays its worth out, or with `redelegate_to` delegates it.
	pub(crate) fn do_complete_withdrawal(
		who: T::AccountId,
		id: u32,
		redelegate_to: Option<T::AccountId>,
	) -> DispatchResult {
		let withdrawal = Withdrawals::<T>::get(&who, id).ok_or(Error::<T>::NoWithdrawal)?;
		let now = Self::now();
		ensure!(now >= withdrawal.due, Error::<T>::WithdrawalNotDue);
		// A veto would give the pool back what the slash took: leaving now at the slashed
		// worth would hand the withdrawal's part of it to the shares that stay.
		ensure!(
			Operators::<T>::get(&withdrawal.operator).is_none_or(|o| o.pending_slashes == 0),
			Error::<T>::SlashPending
		);
		ensure!(
			Pools::<T>::contains_key(&withdrawal.operator, &withdrawal.asset),
			Error::<T>::NoPool
		);
		let mut pool = Self::load_pool(&withdrawal.operator, &withdrawal.asset, now);
		// Its worth now: a slash since it was queued reached it too.
		let amount = Self::worth(&pool, withdrawal.shares);
		pool.shares = pool.shares.saturating_sub(withdrawal.shares);
		pool.queued = pool.queued.saturating_sub(withdrawal.shares);
		pool.stake = pool.stake.saturating_sub(amount);
		Pools::<T>::insert(&withdrawal.operator, &withdrawal.asset, pool);
		Withdrawals::<T>::remove(&who, id);
		WithdrawalCount::<T>::mutate(&who, |c| *c = c.saturating_sub(1));
		match redelegate_to {
			Some(operator) => {
				Self::delegate_tokens(&who, operator, withdrawal.asset.clone(), amount)?
			}
			None => Self::pay(&withdrawal.asset, &who, amount)?,
		}
		Self::deposit_event(Event::WithdrawalCompleted {
			who,
			id,
			asset: withdrawal.asset,
			amount,
		});
		Ok(())
	}
}
