//! Slashing: a request takes its tokens out of the operator's pools at once and holds them in
//! the pallet through the veto window (the slashed stake is captured when the offence is
//! reported: no one can leave ahead of it, and stake delegated afterwards is not touched); a
//! veto gives them back, settling pays them to the treasury and the reporter. One pending slash
//! per (operator, service): further requests in the same incident raise it to the largest
//! fraction instead of adding up.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*};
use sluice_math::shares::mul_div;
use sluice_primitives::Balance;
use sp_runtime::Rounding;
use sp_runtime::{
	traits::{Saturating, Zero},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// Requests a slash of `fraction` of `operator`'s allocation to `service`.
	pub(crate) fn do_request_slash(
		service: ServiceId,
		operator: T::AccountId,
		fraction: Perbill,
		evidence: &[u8],
		reporter: Option<T::AccountId>,
	) -> DispatchResult {
		ensure!(Services::<T>::contains_key(service), Error::<T>::ServiceNotFound);
		ensure!(!fraction.is_zero(), Error::<T>::ZeroSlash);
		let now = Self::now();
		// A slash of this pair whose window has passed is paid out first: a new incident.
		if PendingSlashes::<T>::get(&operator, service).is_some_and(|p| p.due <= now) {
			Self::do_settle_slash(operator.clone(), service)?;
		}
		let mut info = Operators::<T>::get(&operator).ok_or(Error::<T>::NotAllocated)?;
		let mut allocation =
			Allocations::<T>::get(&operator, service).ok_or(Error::<T>::NotAllocated)?.settled(now);
		let mut slash = match PendingSlashes::<T>::get(&operator, service) {
			Some(pending) => {
				ensure!(fraction > pending.fraction, Error::<T>::SlashAlreadyPending);
				pending
			}
			None => {
				ensure!(!allocation.current.is_zero(), Error::<T>::NotAllocated);
				info.pending_slashes = info.pending_slashes.saturating_add(1);
				PendingSlash {
					fraction: Perbill::zero(),
					allocated: allocation.current,
					taken: 0,
					restore: Default::default(),
					amounts: Default::default(),
					// The window starts with the incident; raising it later does not move it,
					// so a slasher cannot keep an operator frozen.
					due: now.saturating_add(T::VetoWindow::get()),
					evidence: [0; 32],
					reporter: None,
				}
			}
		};
		// The incident takes `fraction` of the allocation it began with, at most what is still
		// allocated.
		let extra =
			fraction.mul_ceil(slash.allocated).saturating_sub(slash.taken).min(allocation.current);
		if !extra.is_zero() {
			let max_before = info.max_magnitude;
			info.max_magnitude = max_before.saturating_sub(extra);
			allocation.current = allocation.current.saturating_sub(extra);
			// A pending change loses as much (at most all of it), so no service's reservation
			// outgrows the smaller stake.
			match allocation.pending {
				Some((next, from)) => {
					let cut = next.min(extra);
					allocation.pending = Some((next.saturating_sub(cut), from));
					slash.restore.current = slash.restore.current.saturating_add(extra);
					slash.restore.next = slash.restore.next.saturating_add(cut);
				}
				None => slash.restore.applied = slash.restore.applied.saturating_add(extra),
			}
			slash.taken = slash.taken.saturating_add(extra);
			Self::take_from_pools(&operator, &info, service, extra, max_before, &mut slash)?;
		}
		slash.fraction = fraction;
		slash.evidence = sp_io::hashing::blake2_256(evidence);
		if slash.reporter.is_none() {
			slash.reporter = reporter;
		}
		Self::deposit_event(Event::SlashRequested {
			operator: operator.clone(),
			service,
			fraction,
			due: slash.due,
			evidence: slash.evidence,
		});
		Operators::<T>::insert(&operator, info);
		Allocations::<T>::insert(&operator, service, allocation);
		PendingSlashes::<T>::insert(&operator, service, slash);
		Ok(())
	}

	/// Takes `magnitude / max_before` of each of the operator's pools (rounded up) into the
	/// pending slash: one write per pool, whatever the number of delegators and withdrawals.
	fn take_from_pools(
		operator: &T::AccountId,
		info: &Operator<frame_system::pallet_prelude::BlockNumberFor<T>>,
		service: ServiceId,
		magnitude: Magnitude,
		max_before: Magnitude,
		slash: &mut PendingSlash<T::AccountId, frame_system::pallet_prelude::BlockNumberFor<T>>,
	) -> DispatchResult {
		let now = Self::now();
		for asset in info.assets.iter() {
			if !Pools::<T>::contains_key(operator, asset) {
				continue;
			}
			let mut pool = Self::load_pool(operator, asset, now);
			let amount =
				mul_div(pool.stake, u128::from(magnitude), u128::from(max_before), Rounding::Up)
					.unwrap_or(pool.stake)
					.min(pool.stake);
			if amount.is_zero() {
				continue;
			}
			// The part of it the operator's own delegation bears (rounded down).
			let own_shares =
				Delegations::<T>::get((operator, operator, asset)).map_or(0, |d| d.shares);
			let own = mul_div(amount, own_shares, pool.shares, Rounding::Down).unwrap_or(0);
			// The warming part is left as it is: the counted part shrinks by the whole slash
			// for the rest of the warm-up (never the other way round).
			pool.stake = pool.stake.saturating_sub(amount);
			Pools::<T>::insert(operator, asset, pool);
			match slash.amounts.iter_mut().find(|(a, _, _)| a == asset) {
				Some((_, held, held_own)) => {
					*held = Self::add(*held, amount)?;
					*held_own = Self::add(*held_own, own)?;
				}
				// One entry per asset of the operator: fits `MaxAssets`.
				None => slash
					.amounts
					.try_push((asset.clone(), amount, own))
					.map_err(|_| Error::<T>::TooManyAssets)?,
			}
			Self::deposit_event(Event::Slashed {
				operator: operator.clone(),
				service,
				asset: asset.clone(),
				amount,
			});
		}
		Ok(())
	}

	pub(crate) fn do_veto_slash(operator: T::AccountId, service: ServiceId) -> DispatchResult {
		let slash =
			PendingSlashes::<T>::get(&operator, service).ok_or(Error::<T>::SlashNotFound)?;
		let now = Self::now();
		ensure!(slash.due > now, Error::<T>::VetoWindowOver);
		PendingSlashes::<T>::remove(&operator, service);
		let mut info = Operators::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
		info.max_magnitude = info.max_magnitude.saturating_add(slash.taken);
		info.pending_slashes = info.pending_slashes.saturating_sub(1);
		// The allocation gets back exactly what was taken (nothing but time changes it while the
		// slash is pending: a change pending then may have applied meanwhile).
		if let Some(allocation) = Allocations::<T>::get(&operator, service) {
			let mut allocation = allocation.settled(now);
			let restore = &slash.restore;
			match allocation.pending {
				Some((next, from)) => {
					allocation.current = allocation
						.current
						.saturating_add(restore.current)
						.saturating_add(restore.applied);
					allocation.pending = Some((next.saturating_add(restore.next), from));
				}
				None => {
					allocation.current = allocation
						.current
						.saturating_add(restore.next)
						.saturating_add(restore.applied)
				}
			}
			Allocations::<T>::insert(&operator, service, allocation);
		}
		Operators::<T>::insert(&operator, info);
		let treasury = T::Treasury::get();
		for (asset, amount, _) in slash.amounts {
			let mut pool = Self::load_pool(&operator, &asset, now);
			if pool.shares.is_zero() {
				// Everyone has left: no one to give it back to.
				Self::pay_or_credit(&asset, &treasury, amount);
			} else {
				pool.stake = Self::add(pool.stake, amount)?;
				Pools::<T>::insert(&operator, &asset, pool);
			}
		}
		Self::deposit_event(Event::SlashVetoed { operator, service });
		Ok(())
	}

	pub(crate) fn do_settle_slash(operator: T::AccountId, service: ServiceId) -> DispatchResult {
		let slash =
			PendingSlashes::<T>::get(&operator, service).ok_or(Error::<T>::SlashNotFound)?;
		ensure!(slash.due <= Self::now(), Error::<T>::SlashNotDue);
		PendingSlashes::<T>::remove(&operator, service);
		Operators::<T>::mutate(&operator, |info| {
			if let Some(info) = info {
				info.pending_slashes = info.pending_slashes.saturating_sub(1);
			}
		});
		let treasury = T::Treasury::get();
		for (asset, amount, own) in slash.amounts {
			let reporter_part: Balance = match &slash.reporter {
				Some(reporter) => {
					// Paid out of the operator's own loss only: reporting itself through
					// another account never pays an operator.
					let part = T::ReporterReward::get().mul_floor(own);
					// A reporter who cannot receive it (below the asset's minimum balance)
					// leaves it to the treasury.
					if Self::pay(&asset, reporter, part).is_ok() {
						part
					} else {
						0
					}
				}
				None => 0,
			};
			let to_treasury = amount.saturating_sub(reporter_part);
			Self::pay_or_credit(&asset, &treasury, to_treasury);
			Self::deposit_event(Event::SlashSettled {
				operator: operator.clone(),
				service,
				asset,
				treasury: to_treasury,
				reporter: reporter_part,
			});
		}
		Ok(())
	}

	/// Pays `amount` to `to`, or if the transfer cannot be made (an amount below the asset's
	/// minimum balance for an account that holds none) credits it as unclaimed.
	pub(crate) fn pay_or_credit(
		asset: &sluice_primitives::AssetKind,
		to: &T::AccountId,
		amount: Balance,
	) {
		if Self::pay(asset, to, amount).is_err() {
			Unclaimed::<T>::mutate(to, asset, |u| *u = u.saturating_add(amount));
		}
	}
}
