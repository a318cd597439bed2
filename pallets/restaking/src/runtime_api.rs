//! `RestakingApi`: operators' stake and allocations, a staker's deposits, delegations,
//! withdrawals and pending rewards, pending slashes and the oracle's feeder set.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::Perbill;

/// An allocation as reported: service, fraction in force, a pending change and the block it
/// applies from, value allocated now.
pub type AllocationView<BlockNumber> =
	(ServiceId, Perbill, Option<(Perbill, BlockNumber)>, Balance);

/// A pending slash with its operator and service.
pub type PendingSlashOf<T> = (
	<T as frame_system::Config>::AccountId,
	ServiceId,
	PendingSlash<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>,
);

/// An operator's state.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct OperatorView<BlockNumber> {
	/// Whether it is registered (a deregistered operator's pools remain).
	pub registered: bool,
	/// Commission in force.
	pub commission: Perbill,
	/// A commission increase and the block it applies from.
	pub pending_commission: Option<(Perbill, BlockNumber)>,
	/// Per asset: tokens in its pool (delegated and queued).
	pub stake: Vec<(AssetKind, Balance)>,
	/// Value (SLC units) of the stake that counts now: delegated, not queued, warmed up.
	pub counted_value: Balance,
	/// Worth of its own SLC delegation to itself.
	pub self_bond: Balance,
	/// Slashes in their veto window.
	pub pending_slashes: u32,
	/// Per service: fraction of its stake in force, a pending change, value allocated now.
	pub allocations: Vec<AllocationView<BlockNumber>>,
}

/// A staker's position.
#[derive(Clone, Decode, Default, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct StakerView<AccountId, BlockNumber> {
	/// Deposits not delegated.
	pub idle: Vec<(AssetKind, Balance)>,
	/// Delegations: operator, asset, worth now.
	pub delegations: Vec<(AccountId, AssetKind, Balance)>,
	/// Queued withdrawals: id, operator, asset, worth now, first block it can complete in.
	pub withdrawals: Vec<(u32, AccountId, AssetKind, Balance, BlockNumber)>,
	/// Rewards `claim` would pay now, per reward asset.
	pub pending_rewards: Vec<(AssetKind, Balance)>,
}

sp_api::decl_runtime_apis! {
	/// Figures of restaking.
	pub trait RestakingApi<AccountId, BlockNumber> where
		AccountId: Codec,
		BlockNumber: Codec,
	{
		/// An operator's state, if registered.
		fn operator(operator: AccountId) -> Option<OperatorView<BlockNumber>>;
		/// A staker's deposits, delegations, withdrawals and pending rewards.
		fn staker(who: AccountId) -> StakerView<AccountId, BlockNumber>;
		/// Slashes in their veto window: operator, service, slash.
		fn pending_slashes() -> Vec<(AccountId, ServiceId, PendingSlash<AccountId, BlockNumber>)>;
		/// The oracle's feeders with their weights: operators allocating at least the oracle
		/// service's minimum of counted stake, and the value they allocate.
		fn oracle_feeders() -> Vec<(AccountId, Balance)>;
	}
}

impl<T: Config> Pallet<T> {
	/// [`RestakingApi::operator`].
	pub fn api_operator(operator: T::AccountId) -> Option<OperatorView<BlockNumberFor<T>>> {
		let info = Operators::<T>::get(&operator)?;
		let now = frame_system::Pallet::<T>::block_number();
		let stake = info
			.assets
			.iter()
			.map(|a| (a.clone(), Pools::<T>::get(&operator, a).map_or(0, |p| p.stake)))
			.collect();
		let allocations = info
			.services
			.iter()
			.filter_map(|s| {
				let a = Allocations::<T>::get(&operator, s)?;
				let max = info.max_magnitude;
				let pending = a
					.pending
					.filter(|(_, from)| *from > now)
					.map(|(m, from)| (Self::fraction(m, max), from));
				let value = Self::allocated_value(&operator, *s);
				Some((*s, Self::fraction(a.at(now), max), pending, value))
			})
			.collect();
		Some(OperatorView {
			registered: info.registered,
			commission: Self::commission(&info, now),
			pending_commission: info.pending_commission.filter(|(_, from)| *from > now),
			stake,
			counted_value: Self::counted_value(&operator),
			self_bond: Self::self_bond(&operator),
			pending_slashes: info.pending_slashes,
			allocations,
		})
	}

	/// [`RestakingApi::staker`].
	pub fn api_staker(who: T::AccountId) -> StakerView<T::AccountId, BlockNumberFor<T>> {
		let mut pending: Vec<(AssetKind, Balance)> = Unclaimed::<T>::iter_prefix(&who).collect();
		let mut delegations = Vec::new();
		let now = frame_system::Pallet::<T>::block_number();
		for ((operator, asset), d) in Delegations::<T>::iter_prefix((&who,)) {
			let pool = Self::pool(&operator, &asset, now);
			for (reward, owed) in Self::owed(&d, &pool) {
				match pending.iter_mut().find(|(a, _)| a == reward) {
					Some((_, total)) => *total = total.saturating_add(owed),
					None => pending.push((reward.clone(), owed)),
				}
			}
			delegations.push((operator, asset, Self::worth(&pool, d.shares)));
		}
		let withdrawals = Withdrawals::<T>::iter_prefix(&who)
			.map(|(id, w)| {
				let pool = Pools::<T>::get(&w.operator, &w.asset).unwrap_or_default();
				(id, w.operator, w.asset, Self::worth(&pool, w.shares), w.due)
			})
			.collect();
		pending.retain(|(_, amount)| *amount > 0);
		StakerView {
			idle: Idle::<T>::iter_prefix(&who).collect(),
			delegations,
			withdrawals,
			pending_rewards: pending,
		}
	}

	/// [`RestakingApi::pending_slashes`].
	pub fn api_pending_slashes() -> Vec<PendingSlashOf<T>> {
		PendingSlashes::<T>::iter().collect()
	}

	/// [`RestakingApi::oracle_feeders`].
	pub fn api_oracle_feeders() -> Vec<(T::AccountId, Balance)> {
		Self::oracle_feeders()
	}
}
