//! The invariants (`try_state`).

use crate::{pallet::*, types::*};
use alloc::collections::{btree_map::BTreeMap, btree_set::BTreeSet};
use frame_support::{ensure, traits::fungibles::Inspect};
use sluice_primitives::{AssetKind, Balance};

impl<T: Config> Pallet<T> {
	/// Checks the books. Iterates everything: for tests and try-runtime only.
	/// - Per pool: Σ delegation shares + Σ queued withdrawal shares = the pool's shares, and its
	///   queued shares = Σ queued withdrawal shares; delegation and withdrawal counts match.
	/// - Every pool holding stake or shares belongs to an operator record that lists its asset
	///   (so slashes reach it), and accrues only reward assets its operator took a slot for.
	/// - Allocations, operators' service lists and services' member lists agree: an operator
	///   lists exactly the services it has allocation records with, every member of a service
	///   has a record, no list repeats an entry; the allocations reserve at most the operator's
	///   magnitude, which never exceeds [`FULL_MAGNITUDE`].
	/// - Each operator's count of pending slashes is the number of its pending slashes, and
	///   each pending slash has its allocation record.
	/// - The pallet's account holds, per asset, at least idle deposits + pool stakes + slashes
	///   held + rewards streaming + rewards released and not settled + unclaimed rewards.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut shares: BTreeMap<(T::AccountId, AssetKind), (Balance, Balance)> = BTreeMap::new();
		let mut counts: BTreeMap<T::AccountId, (u32, u32)> = BTreeMap::new();
		let now = Self::now();
		let mut accrued: BTreeMap<AssetKind, Balance> = BTreeMap::new();
		for ((who, operator, asset), d) in Delegations::<T>::iter() {
			// Rewards released into the accumulators and not yet settled are owed too.
			let pool = Pools::<T>::get(&operator, &asset).unwrap_or_default();
			for (reward, amount) in Self::owed(&d, &pool) {
				let entry = accrued.entry(reward.clone()).or_default();
				*entry = entry.saturating_add(amount);
			}
			let entry = shares.entry((operator, asset)).or_default();
			entry.0 = entry.0.checked_add(d.shares).ok_or("delegated shares overflow")?;
			counts.entry(who).or_default().0 += 1;
		}
		for (who, _, w) in Withdrawals::<T>::iter() {
			let entry = shares.entry((w.operator, w.asset)).or_default();
			entry.1 = entry.1.checked_add(w.shares).ok_or("queued shares overflow")?;
			counts.entry(who).or_default().1 += 1;
		}
		let mut owed: BTreeMap<AssetKind, Balance> = accrued;
		let mut owe = |asset: &AssetKind, amount: Balance| {
			let entry = owed.entry(asset.clone()).or_default();
			*entry = entry.saturating_add(amount);
		};
		for (operator, asset, pool) in Pools::<T>::iter() {
			let (delegated, queued) =
				shares.remove(&(operator.clone(), asset.clone())).unwrap_or_default();
			ensure!(delegated + queued == pool.shares, "shares differ from the pool's");
			ensure!(queued == pool.queued, "queued shares differ from the pool's");
			owe(&asset, pool.stake);
			for stream in pool.streams.iter() {
				owe(&stream.asset, stream.left);
			}
			if pool.stake > 0 || pool.shares > 0 {
				let info = Operators::<T>::get(&operator).ok_or("a pool without its operator")?;
				ensure!(info.assets.contains(&asset), "a pool slashes cannot reach");
				let rewarded =
					pool.rps.iter().map(|(a, _)| a).chain(pool.streams.iter().map(|s| &s.asset));
				for reward in rewarded {
					ensure!(info.reward_assets.contains(reward), "a reward asset without a slot");
				}
			}
		}
		ensure!(shares.is_empty(), "shares in a pool that does not exist");
		for (who, (d, w)) in counts {
			ensure!(DelegationCount::<T>::get(&who) == d, "delegation count differs");
			ensure!(WithdrawalCount::<T>::get(&who) == w, "withdrawal count differs");
		}

		let mut records: BTreeSet<(T::AccountId, ServiceId)> = BTreeSet::new();
		for (operator, service, _) in Allocations::<T>::iter() {
			records.insert((operator, service));
		}
		let mut pending: BTreeMap<T::AccountId, u32> = BTreeMap::new();
		for (operator, service, slash) in PendingSlashes::<T>::iter() {
			ensure!(records.contains(&(operator.clone(), service)), "a slash without allocation");
			*pending.entry(operator).or_default() += 1;
			for (asset, amount, own) in slash.amounts.iter() {
				ensure!(own <= amount, "an operator's own part above the slash");
				owe(asset, *amount);
			}
		}
		let mut listed = 0usize;
		for (operator, info) in Operators::<T>::iter() {
			ensure!(info.max_magnitude <= FULL_MAGNITUDE, "magnitude above full");
			let unique: BTreeSet<_> = info.services.iter().collect();
			ensure!(unique.len() == info.services.len(), "an operator lists a service twice");
			let mut reserved: Magnitude = 0;
			for service in info.services.iter() {
				let allocation = Allocations::<T>::get(&operator, service)
					.ok_or("an operator lists a service it has no allocation to")?;
				reserved = reserved.saturating_add(allocation.reserved(now));
			}
			listed += info.services.len();
			ensure!(reserved <= info.max_magnitude, "over-allocated");
			ensure!(
				pending.remove(&operator).unwrap_or(0) == info.pending_slashes,
				"pending slash count differs"
			);
			ensure!(
				info.registered || info.services.is_empty(),
				"a deregistered operator allocates"
			);
		}
		ensure!(listed == records.len(), "an allocation its operator does not list");
		ensure!(pending.is_empty(), "a pending slash of no operator");
		for (service, record) in Services::<T>::iter() {
			let unique: BTreeSet<_> = record.operators.iter().collect();
			ensure!(unique.len() == record.operators.len(), "a service lists a member twice");
			for operator in record.operators.iter() {
				ensure!(
					records.contains(&(operator.clone(), service)),
					"a member without an allocation"
				);
			}
		}

		for (_, asset, amount) in Idle::<T>::iter() {
			owe(&asset, amount);
		}
		for (_, asset, amount) in Unclaimed::<T>::iter() {
			owe(&asset, amount);
		}
		for (asset, amount) in owed {
			ensure!(
				T::Assets::balance(asset, &Self::account_id()) >= amount,
				"the pallet holds less than it owes"
			);
		}
		Ok(())
	}
}
