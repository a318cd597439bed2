//! `RestakingApi`: operators' stake and allocations, a staker's deposits, delegations,
//! withdrawals and pending rewards, pending slashes and the oracle's feeder set.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use frame_support::traits::SortedMembers;
use frame_system::pallet_prelude::BlockNumberFor;
use scale_info::TypeInfo;
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::Perbill;

/// An allocation as reported: service, fraction in force, a pending change and the block it
/// applies from, value allocated now.
pub type AllocationView<BlockNumber> =
	(ServiceId, Perbill, Option<(Perbill, BlockNumber)>, Balance);

/// A pending slash with its id.
pub type PendingSlashOf<T> =
	(SlashId, PendingSlash<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>);

/// An operator's state.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct OperatorView<BlockNumber> {
	/// Commission in force.
	pub commission: Perbill,
	/// A commission increase and the block it applies from.
	pub pending_commission: Option<(Perbill, BlockNumber)>,
	/// Per asset: tokens in its pool (delegated and queued).
	pub stake: Vec<(AssetKind, Balance)>,
	/// Value (SLC units) of the stake delegated and not queued.
	pub active_value: Balance,
	/// Per service: fraction in force, a pending change, value allocated now.
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
		/// Slashes waiting for their veto window.
		fn pending_slashes() -> Vec<(SlashId, PendingSlash<AccountId, BlockNumber>)>;
		/// The oracle's feeder set: operators allocating the oracle service's minimum.
		fn oracle_feeders() -> Vec<AccountId>;
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
				Some((*s, a.at(now), a.pending, Self::allocated_value(&operator, *s)))
			})
			.collect();
		Some(OperatorView {
			commission: Self::commission(&info, now),
			pending_commission: info.pending_commission.filter(|(_, from)| *from > now),
			stake,
			active_value: Self::active_value(&operator),
			allocations,
		})
	}

	/// [`RestakingApi::staker`].
	pub fn api_staker(who: T::AccountId) -> StakerView<T::AccountId, BlockNumberFor<T>> {
		let mut pending: Vec<(AssetKind, Balance)> = Unclaimed::<T>::iter_prefix(&who).collect();
		let mut delegations = Vec::new();
		for ((operator, asset), d) in Delegations::<T>::iter_prefix((&who,)) {
			let pool = Pools::<T>::get(&operator, &asset).unwrap_or_default();
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
	pub fn api_oracle_feeders() -> Vec<T::AccountId> {
		Self::sorted_members()
	}
}
