//! Operators: registration (with a self-bond), commission, deregistration; and the helpers
//! every part of the pallet shares.

use crate::{pallet::*, types::*};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{fungibles::Mutate, tokens::Preservation},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating, UniqueSaturatedInto, Zero},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// The account holding deposits, stakes, slashes in their veto window and undistributed
	/// rewards.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	pub(crate) fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	/// The warm-up epoch of block `now`.
	pub(crate) fn epoch(now: BlockNumberFor<T>) -> u32 {
		let length: u32 = T::StakeWarmup::get().unique_saturated_into();
		let now: u32 = now.unique_saturated_into();
		now.checked_div(length).unwrap_or(now)
	}

	pub(crate) fn add(a: Balance, b: Balance) -> Result<Balance, Error<T>> {
		a.checked_add(b).ok_or(Error::<T>::Overflow)
	}

	/// Pays `amount` of `asset` from the pallet's account.
	pub(crate) fn pay(asset: &AssetKind, to: &T::AccountId, amount: Balance) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Assets::transfer(
			asset.clone(),
			&Self::account_id(),
			to,
			amount,
			Preservation::Expendable,
		)
		.map(|_| ())
	}

	/// An operator's commission at `now` (a pending increase counts once due).
	pub fn commission(operator: &Operator<BlockNumberFor<T>>, now: BlockNumberFor<T>) -> Perbill {
		match operator.pending_commission {
			Some((next, from)) if from <= now => next,
			_ => operator.commission,
		}
	}

	/// A registered operator's record.
	pub(crate) fn registered(who: &T::AccountId) -> Result<Operator<BlockNumberFor<T>>, Error<T>> {
		Operators::<T>::get(who).filter(|o| o.registered).ok_or(Error::<T>::NotOperator)
	}

	pub(crate) fn do_register_operator(
		who: T::AccountId,
		commission: Perbill,
		self_bond: Balance,
	) -> DispatchResult {
		match Operators::<T>::get(&who) {
			Some(info) if info.registered => return Err(Error::<T>::AlreadyOperator.into()),
			// Registering again continues the record: its assets (so its pools stay reachable)
			// and its commission, which may only rise after the delay.
			Some(mut info) => {
				info.registered = true;
				Operators::<T>::insert(&who, info);
				Self::do_set_commission(who.clone(), commission)?;
			}
			None => Operators::<T>::insert(&who, Operator::new(commission)),
		}
		if !self_bond.is_zero() {
			Self::do_deposit(who.clone(), AssetKind::Native, self_bond)?;
			Self::do_delegate(who.clone(), who.clone(), AssetKind::Native, self_bond)?;
		}
		ensure!(Self::self_bond(&who) >= T::MinSelfBond::get(), Error::<T>::SelfBondTooLow);
		Self::deposit_event(Event::OperatorRegistered { operator: who, commission });
		Ok(())
	}

	/// Worth of an operator's own SLC delegation to itself.
	pub(crate) fn self_bond(operator: &T::AccountId) -> Balance {
		let Some(delegation) = Delegations::<T>::get((operator, operator, AssetKind::Native))
		else {
			return 0;
		};
		let pool = Pools::<T>::get(operator, AssetKind::Native).unwrap_or_default();
		Self::worth(&pool, delegation.shares)
	}

	pub(crate) fn do_set_commission(who: T::AccountId, commission: Perbill) -> DispatchResult {
		let mut info = Self::registered(&who)?;
		let now = Self::now();
		let current = Self::commission(&info, now);
		let from = if commission <= current {
			info.commission = commission;
			info.pending_commission = None;
			now
		} else {
			info.commission = current;
			let from = now.saturating_add(T::CommissionDelay::get());
			info.pending_commission = Some((commission, from));
			from
		};
		Operators::<T>::insert(&who, info);
		Self::deposit_event(Event::CommissionSet { operator: who, commission, from });
		Ok(())
	}

	pub(crate) fn do_deregister(who: T::AccountId) -> DispatchResult {
		let mut info = Self::registered(&who)?;
		ensure!(info.pending_slashes == 0, Error::<T>::OperatorInUse);
		let now = Self::now();
		for service in info.services.iter() {
			let released = Allocations::<T>::get(&who, service).is_none_or(|a| a.is_released(now));
			ensure!(released, Error::<T>::OperatorInUse);
		}
		for service in core::mem::take(&mut info.services) {
			Self::remove_member(&who, service);
		}
		// The record stays: its pools keep their delegators, who can still withdraw, and
		// registering again continues from it.
		info.registered = false;
		Operators::<T>::insert(&who, info);
		Self::deposit_event(Event::OperatorDeregistered { operator: who });
		Ok(())
	}
}
