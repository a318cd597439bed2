//! Services and allocations: magnitudes of an operator's stake promised to each service, bounded
//! member slots held by allocated value, and the valuations that count only stake that has
//! warmed up.

use crate::{pallet::*, types::*};
use frame_support::{ensure, pallet_prelude::*, traits::fungibles::Inspect};
use frame_system::pallet_prelude::BlockNumberFor;
use sluice_math::shares::mul_div;
use sluice_primitives::Balance;
use sp_runtime::Rounding;
use sp_runtime::{
	traits::{Convert, Saturating},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// Tokens of `pool` that count in valuations at `epoch`: the earning shares' worth less
	/// what is still warming up.
	pub fn counted<B>(pool: &Pool<B>, epoch: u32) -> Balance {
		Self::worth(pool, pool.earning()).saturating_sub(pool.fresh.at(epoch))
	}

	/// Value (SLC units) of the stake of an operator that counts now: earning, warmed up.
	pub fn counted_value(operator: &T::AccountId) -> Balance {
		Operators::<T>::get(operator).map_or(0, |info| Self::counted_value_of(operator, &info))
	}

	/// [`Self::counted_value`] of an operator whose record the caller holds.
	fn counted_value_of(operator: &T::AccountId, info: &Operator<BlockNumberFor<T>>) -> Balance {
		let epoch = Self::epoch(Self::now());
		info.assets.iter().fold(0, |total: Balance, asset| {
			let pool = Pools::<T>::get(operator, asset).unwrap_or_default();
			total.saturating_add(T::StakeValue::convert((
				asset.clone(),
				Self::counted(&pool, epoch),
			)))
		})
	}

	/// `value × magnitude / max_magnitude`, rounded down.
	fn part_of(value: Balance, magnitude: Magnitude, max: Magnitude) -> Balance {
		mul_div(value, u128::from(magnitude), u128::from(max), Rounding::Down).unwrap_or(0)
	}

	/// Value (SLC units) `operator` has allocated to `service` in force now, of its counted
	/// stake.
	pub fn allocated_value(operator: &T::AccountId, service: ServiceId) -> Balance {
		let Some(info) = Operators::<T>::get(operator) else { return 0 };
		let Some(allocation) = Allocations::<T>::get(operator, service) else { return 0 };
		Self::part_of(
			Self::counted_value_of(operator, &info),
			allocation.at(Self::now()),
			info.max_magnitude,
		)
	}

	/// What holds a member's slot: the value of its allocation counting a pending change at
	/// the larger of old and new; zero below the service's minimum.
	fn slot_value(
		operator: &T::AccountId,
		service: &Service<T::AccountId>,
		id: ServiceId,
	) -> Balance {
		let Some(info) = Operators::<T>::get(operator) else { return 0 };
		let Some(allocation) = Allocations::<T>::get(operator, id) else { return 0 };
		let value = Self::part_of(
			Self::counted_value_of(operator, &info),
			allocation.reserved(Self::now()),
			info.max_magnitude,
		);
		if value < service.min_allocation {
			0
		} else {
			value
		}
	}

	/// The fraction of its stake an allocation of `magnitude` is.
	pub fn fraction(magnitude: Magnitude, max: Magnitude) -> Perbill {
		Perbill::from_rational(magnitude, max.max(1))
	}

	pub(crate) fn do_register_service(
		params: ServiceParams<T::AccountId>,
	) -> Result<ServiceId, DispatchError> {
		ensure!(
			T::Assets::asset_exists(params.reward_asset.clone()),
			Error::<T>::UnknownRewardAsset
		);
		let id = NextServiceId::<T>::get();
		NextServiceId::<T>::put(id.checked_add(1).ok_or(Error::<T>::NoServiceIdLeft)?);
		Services::<T>::insert(
			id,
			Service {
				slasher: params.slasher.clone(),
				resolver: params.resolver.clone(),
				reward_asset: params.reward_asset.clone(),
				min_allocation: params.min_allocation,
				operators: Default::default(),
			},
		);
		Self::deposit_event(Event::ServiceRegistered { service: id, params });
		Ok(id)
	}

	pub(crate) fn do_allocate(
		who: T::AccountId,
		service: ServiceId,
		fraction: Perbill,
	) -> DispatchResult {
		let mut record = Services::<T>::get(service).ok_or(Error::<T>::ServiceNotFound)?;
		ensure!(!PendingSlashes::<T>::contains_key(&who, service), Error::<T>::SlashPending);
		let mut info = Self::registered(&who)?;
		let now = Self::now();
		let magnitude = fraction.mul_floor(info.max_magnitude);
		let existing = Allocations::<T>::get(&who, service);
		ensure!(existing.is_some() || !magnitude.is_zero(), Error::<T>::NotAllocated);
		// An increase runs its delay to the end: replacing it would restart the delay, and a
		// slot held by an increase that never applies would hold no stake at risk.
		ensure!(
			!existing.as_ref().is_some_and(|a| {
				matches!(a.pending, Some((next, from)) if from > now && next > a.current)
			}),
			Error::<T>::AllocationPending
		);
		if existing.is_none() {
			info.services.try_push(service).map_err(|_| Error::<T>::TooManyServices)?;
		}
		if !info.reward_assets.contains(&record.reward_asset) {
			info.reward_assets
				.try_push(record.reward_asset.clone())
				.map_err(|_| Error::<T>::RewardSlotsFull)?;
		}
		if !record.operators.contains(&who) && !magnitude.is_zero() {
			// A slot costs stake: the service's minimum, of stake that has warmed up.
			let value =
				Self::part_of(Self::counted_value_of(&who, &info), magnitude, info.max_magnitude);
			ensure!(value >= record.min_allocation, Error::<T>::BelowMinAllocation);
			if record.operators.is_full() {
				Self::displace_weakest(&mut record, service, &who, value)?;
			}
			record.operators.try_push(who.clone()).map_err(|_| Error::<T>::ServiceFull)?;
			Services::<T>::insert(service, &record);
		}
		let mut allocation = existing.unwrap_or_default().settled(now);
		Operators::<T>::insert(&who, &info);
		// Until it applies, a change keeps the larger of the two magnitudes reserved.
		let others = info
			.services
			.iter()
			.filter(|s| **s != service)
			.filter_map(|s| Allocations::<T>::get(&who, s))
			.fold(0u64, |sum, a| sum.saturating_add(a.reserved(now)));
		ensure!(
			others.saturating_add(allocation.current.max(magnitude)) <= info.max_magnitude,
			Error::<T>::OverAllocated
		);
		// A decrease keeps the stake slashable for the deallocation delay.
		let delay = if magnitude < allocation.current {
			T::DeallocationDelay::get()
		} else {
			T::AllocationDelay::get()
		};
		let from = now.saturating_add(delay);
		allocation.pending = Some((magnitude, from));
		Allocations::<T>::insert(&who, service, allocation);
		Self::deposit_event(Event::AllocationSet { operator: who, service, fraction, from });
		Ok(())
	}

	/// Gives the slot of `service`'s weakest member to `newcomer` if the newcomer's allocation
	/// is worth more; the weakest is deallocated (slashable for the deallocation delay).
	fn displace_weakest(
		record: &mut Service<T::AccountId>,
		service: ServiceId,
		newcomer: &T::AccountId,
		value: Balance,
	) -> DispatchResult {
		let (index, weakest, weakest_value) = record
			.operators
			.iter()
			.enumerate()
			// A member with a slash pending keeps its slot until the slash is resolved.
			.filter(|(_, o)| !PendingSlashes::<T>::contains_key(o, service))
			.map(|(i, o)| (i, o.clone(), Self::slot_value(o, record, service)))
			.min_by_key(|(_, _, v)| *v)
			.ok_or(Error::<T>::ServiceFull)?;
		ensure!(value > weakest_value, Error::<T>::ServiceFull);
		record.operators.remove(index);
		let now = Self::now();
		if let Some(allocation) = Allocations::<T>::get(&weakest, service) {
			let mut allocation = allocation.settled(now);
			let from = now.saturating_add(T::DeallocationDelay::get());
			let sooner = matches!(allocation.pending, Some((0, f)) if f <= from);
			if !allocation.is_released(now) && !sooner {
				allocation.pending = Some((0, from));
			}
			Allocations::<T>::insert(&weakest, service, allocation);
		}
		Self::deposit_event(Event::MemberDisplaced {
			service,
			operator: weakest,
			by: newcomer.clone(),
		});
		Ok(())
	}

	pub(crate) fn do_leave_service(who: T::AccountId, service: ServiceId) -> DispatchResult {
		ensure!(!PendingSlashes::<T>::contains_key(&who, service), Error::<T>::SlashPending);
		let allocation = Allocations::<T>::get(&who, service).ok_or(Error::<T>::NotAllocated)?;
		ensure!(allocation.is_released(Self::now()), Error::<T>::AllocationNotReleased);
		Operators::<T>::mutate(&who, |info| {
			if let Some(info) = info {
				info.services.retain(|s| *s != service);
			}
		});
		Self::remove_member(&who, service);
		Self::deposit_event(Event::ServiceLeft { operator: who, service });
		Ok(())
	}

	/// Drops `who`'s allocation record to `service` and its slot (the operator's own list is
	/// the caller's business).
	pub(crate) fn remove_member(who: &T::AccountId, service: ServiceId) {
		Allocations::<T>::remove(who, service);
		Services::<T>::mutate(service, |s| {
			if let Some(s) = s {
				s.operators.retain(|o| o != who);
			}
		});
	}

	/// A service's members with the value they allocate in force now (zero-valued ones
	/// dropped): what rewards and the oracle's weights are split by.
	pub fn member_values(service: ServiceId) -> alloc::vec::Vec<(T::AccountId, Balance)> {
		Services::<T>::get(service)
			.map(|s| s.operators.into_inner())
			.unwrap_or_default()
			.into_iter()
			.map(|o| {
				let value = Self::allocated_value(&o, service);
				(o, value)
			})
			.filter(|(_, v)| *v > 0)
			.collect()
	}
}
