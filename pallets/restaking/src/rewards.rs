//! Rewards: a distribution is split among a service's members by counted, allocated stake
//! (stake that has warmed up), each operator keeps its commission, and the rest is released
//! into its pools' reward-per-share accumulators evenly over `RewardPeriod` blocks, so stake
//! earns only for the blocks it is there.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sluice_math::{
	rewards::{accrued, rps_increment, streamed, RPS_ONE},
	shares::mul_div,
	slashing::{pro_rata, split_commission},
};
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::traits::{Convert, Saturating, UniqueSaturatedInto, Zero};
use sp_runtime::Rounding;

impl<T: Config> Pallet<T> {
	/// An operator's pool in `asset` with its streams released up to `now` (a default pool if
	/// there is none), for reading: what the release would forfeit is left out of it.
	pub fn pool(
		operator: &T::AccountId,
		asset: &AssetKind,
		now: BlockNumberFor<T>,
	) -> Pool<BlockNumberFor<T>> {
		let mut pool = Pools::<T>::get(operator, asset).unwrap_or_default();
		Self::release(&mut pool, now);
		pool
	}

	/// [`Self::pool`] for a caller that writes the pool back: what the release forfeits is
	/// credited to the treasury.
	pub(crate) fn load_pool(
		operator: &T::AccountId,
		asset: &AssetKind,
		now: BlockNumberFor<T>,
	) -> Pool<BlockNumberFor<T>> {
		let mut pool = Pools::<T>::get(operator, asset).unwrap_or_default();
		let treasury = T::Treasury::get();
		for (reward, amount) in Self::release(&mut pool, now) {
			Unclaimed::<T>::mutate(&treasury, &reward, |u| *u = u.saturating_add(amount));
		}
		pool
	}

	/// Releases what each stream owes up to `now` into the accumulators (what rounding keeps
	/// back stays in the stream). A stream of a pool without earning shares is forfeited:
	/// returned, for the treasury, so rewards never wait for whoever delegates next.
	fn release(
		pool: &mut Pool<BlockNumberFor<T>>,
		now: BlockNumberFor<T>,
	) -> Vec<(AssetKind, Balance)> {
		let earning = pool.earning();
		let mut released: Vec<(AssetKind, u128)> = Vec::new();
		let mut forfeited = Vec::new();
		for stream in pool.streams.iter_mut() {
			if stream.last >= now {
				continue;
			}
			if earning.is_zero() {
				forfeited.push((stream.asset.clone(), core::mem::take(&mut stream.left)));
				continue;
			}
			let elapsed = now.saturating_sub(stream.last);
			let remaining = stream.until.saturating_sub(stream.last);
			let amount = streamed(
				stream.left,
				elapsed.unique_saturated_into(),
				remaining.unique_saturated_into(),
			);
			stream.last = now.min(stream.until);
			let Some(increment) = rps_increment(amount, earning).filter(|i| !i.is_zero()) else {
				continue;
			};
			// What the increment pays out in all, rounded up: at most `amount`.
			let used = mul_div(increment, earning, RPS_ONE, Rounding::Up).unwrap_or(amount);
			stream.left = stream.left.saturating_sub(used.min(amount));
			released.push((stream.asset.clone(), increment));
		}
		// A stream past its end keeps only rounding dust, too little to pay anyone a unit.
		pool.streams.retain(|s| !s.left.is_zero() && s.last < s.until);
		for (asset, increment) in released {
			Self::add_rps(pool, &asset, increment);
		}
		forfeited
	}

	fn add_rps(pool: &mut Pool<BlockNumberFor<T>>, asset: &AssetKind, increment: u128) {
		match pool.rps.iter_mut().find(|(a, _)| a == asset) {
			Some((_, rps)) => *rps = rps.saturating_add(increment),
			// Streams and accumulators are one per reward asset of the operator's services,
			// both bounded by `MaxRewardAssets`: a stream's asset has a place here.
			None => {
				let _ = pool.rps.try_push((asset.clone(), increment));
			}
		}
	}

	/// What a delegation has earned since it was last settled, per reward asset of its
	/// (released) pool.
	pub(crate) fn owed<'a>(
		delegation: &'a Delegation,
		pool: &'a Pool<BlockNumberFor<T>>,
	) -> impl Iterator<Item = (&'a AssetKind, Balance)> + 'a {
		pool.rps.iter().map(|(asset, rps)| {
			let paid = delegation.paid.iter().find(|(a, _)| a == asset).map_or(0, |(_, p)| *p);
			(asset, accrued(delegation.shares, paid, *rps).unwrap_or(0))
		})
	}

	/// Settles a delegation's rewards against its released pool's accumulators.
	pub(crate) fn settle(
		who: &T::AccountId,
		delegation: &mut Delegation,
		pool: &Pool<BlockNumberFor<T>>,
	) {
		for (asset, owed) in Self::owed(delegation, pool) {
			if !owed.is_zero() {
				Unclaimed::<T>::mutate(who, asset, |u| *u = u.saturating_add(owed));
			}
		}
		delegation.paid = pool.rps.clone();
	}

	/// Returns the number of operators the service lists (what the call's weight depends on).
	pub(crate) fn do_distribute_rewards(
		who: T::AccountId,
		service: ServiceId,
		amount: Balance,
	) -> Result<u32, DispatchError> {
		let record = Services::<T>::get(service).ok_or(Error::<T>::ServiceNotFound)?;
		Self::ensure_amount(amount)?;
		let weights = Self::member_values(service);
		let total = weights.iter().fold(0, |t: Balance, (_, w)| t.saturating_add(*w));
		ensure!(!total.is_zero(), Error::<T>::NoStakeAllocated);
		let asset = record.reward_asset.clone();
		T::Assets::transfer(
			asset.clone(),
			&who,
			&Self::account_id(),
			amount,
			Preservation::Preserve,
		)?;
		let now = Self::now();
		for (operator, weight) in weights {
			let part = pro_rata(amount, weight, total).ok_or(Error::<T>::Overflow)?;
			let info = Operators::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
			let (commission, delegators) = split_commission(part, Self::commission(&info, now));
			let paid = Self::stream_to_pools(&operator, &info.assets, &asset, delegators, now)?;
			// The commission, and what rounding left over.
			let to_operator = commission.saturating_add(delegators.saturating_sub(paid));
			Unclaimed::<T>::mutate(&operator, &asset, |u| *u = u.saturating_add(to_operator));
		}
		Self::deposit_event(Event::RewardsDistributed { service, asset, amount });
		Ok(record.operators.len() as u32)
	}

	/// Shares `amount` of `reward` among an operator's pools by the value of their counted
	/// stake and adds each part to the pool's stream (released over `RewardPeriod` from now);
	/// returns what was handed to the pools.
	fn stream_to_pools(
		operator: &T::AccountId,
		assets: &[AssetKind],
		reward: &AssetKind,
		amount: Balance,
		now: BlockNumberFor<T>,
	) -> Result<Balance, DispatchError> {
		let epoch = Self::epoch(now);
		let pools: Vec<(AssetKind, Pool<BlockNumberFor<T>>, Balance)> = assets
			.iter()
			.filter(|a| Pools::<T>::contains_key(operator, a))
			.map(|a| {
				let pool = Self::load_pool(operator, a, now);
				let value = T::StakeValue::convert((a.clone(), Self::counted(&pool, epoch)));
				(a.clone(), pool, value)
			})
			.collect();
		let total = pools.iter().fold(0, |t: Balance, (_, _, v)| t.saturating_add(*v));
		let until = now.saturating_add(T::RewardPeriod::get());
		let mut paid: Balance = 0;
		for (asset, mut pool, value) in pools {
			let Some(part) = pro_rata(amount, value, total).filter(|p| !p.is_zero()) else {
				// Written back all the same: loading it may have released or forfeited.
				Pools::<T>::insert(operator, &asset, pool);
				continue;
			};
			match pool.streams.iter_mut().find(|s| &s.asset == reward) {
				Some(stream) => {
					stream.left = Self::add(stream.left, part)?;
					stream.until = until;
					stream.last = now;
				}
				None => pool
					.streams
					.try_push(Stream { asset: reward.clone(), left: part, until, last: now })
					.map_err(|_| Error::<T>::RewardSlotsFull)?,
			}
			Pools::<T>::insert(operator, &asset, pool);
			paid = paid.saturating_add(part);
		}
		Ok(paid)
	}

	pub(crate) fn do_claim(who: T::AccountId, asset: AssetKind) -> DispatchResult {
		let now = Self::now();
		let delegations: Vec<_> = Delegations::<T>::iter_prefix((&who,)).collect();
		for ((operator, pool_asset), mut delegation) in delegations {
			let pool = Self::load_pool(&operator, &pool_asset, now);
			Self::settle(&who, &mut delegation, &pool);
			Pools::<T>::insert(&operator, &pool_asset, pool);
			Delegations::<T>::insert((&who, &operator, &pool_asset), delegation);
		}
		let amount = Unclaimed::<T>::take(&who, &asset);
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		Self::pay(&asset, &who, amount)?;
		Self::deposit_event(Event::Claimed { who, asset, amount });
		Ok(())
	}
}
