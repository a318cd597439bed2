//! What the calls do, slashes in the hook, reward settlement, the oracle's feeder set and the
//! invariants.

use crate::{pallet::*, types::*, weights::WeightInfo};
use alloc::vec::Vec;
use codec::Encode;
use frame_support::{
	ensure,
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		Contains, SortedMembers,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sluice_math::{
	rewards::{accrued, rps_increment},
	shares::{shares_for_amount, shares_to_take, value_of_shares, within_bound},
	slashing::{portion, pro_rata, slash_amount, split_commission},
};
use sluice_primitives::{oracle::FeedCheck, AssetKind, Balance, OracleKey};
use sp_runtime::{
	traits::{AccountIdConversion, Convert, Saturating, Zero},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// The account holding deposits, stakes and undistributed rewards.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	fn now() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number()
	}

	fn add(a: Balance, b: Balance) -> Result<Balance, Error<T>> {
		a.checked_add(b).ok_or(Error::<T>::Overflow)
	}

	fn sub(a: Balance, b: Balance) -> Result<Balance, Error<T>> {
		a.checked_sub(b).ok_or(Error::<T>::Overflow)
	}

	fn pay(asset: &AssetKind, to: &T::AccountId, amount: Balance) -> DispatchResult {
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

	/// Worth of `shares` of `pool` (rounded down).
	pub fn worth(pool: &Pool, shares: Balance) -> Balance {
		value_of_shares(shares, pool.stake, pool.shares).unwrap_or(0)
	}

	/// An operator's commission at `now` (a pending increase counts once due).
	pub fn commission(operator: &Operator<BlockNumberFor<T>>, now: BlockNumberFor<T>) -> Perbill {
		match operator.pending_commission {
			Some((next, from)) if from <= now => next,
			_ => operator.commission,
		}
	}

	/// Value (SLC units) of the stake earning in an operator's pools: delegated, not queued.
	pub fn active_value(operator: &T::AccountId) -> Balance {
		let Some(info) = Operators::<T>::get(operator) else { return 0 };
		info.assets.iter().fold(0, |total: Balance, asset| {
			let pool = Pools::<T>::get(operator, asset).unwrap_or_default();
			let active = Self::worth(&pool, pool.shares.saturating_sub(pool.queued));
			total.saturating_add(T::StakeValue::convert((asset.clone(), active)))
		})
	}

	/// Value (SLC units) `operator` has allocated to `service` at `now`.
	pub fn allocated_value(operator: &T::AccountId, service: ServiceId) -> Balance {
		Allocations::<T>::get(operator, service)
			.map_or(0, |a| a.at(Self::now()).mul_floor(Self::active_value(operator)))
	}

	/// What a delegation has earned since it was last settled, per reward asset of its pool.
	pub(crate) fn owed<'a>(
		delegation: &'a Delegation,
		pool: &'a Pool,
	) -> impl Iterator<Item = (&'a AssetKind, Balance)> + 'a {
		pool.rps.iter().map(|(asset, rps)| {
			let paid = delegation.paid.iter().find(|(a, _)| a == asset).map_or(0, |(_, p)| *p);
			(asset, accrued(delegation.shares, paid, *rps).unwrap_or(0))
		})
	}

	/// Settles a delegation's rewards against its pool's accumulators (every reward asset).
	fn settle(who: &T::AccountId, delegation: &mut Delegation, pool: &Pool) {
		for (asset, owed) in Self::owed(delegation, pool) {
			if !owed.is_zero() {
				Unclaimed::<T>::mutate(who, asset, |u| *u = u.saturating_add(owed));
			}
		}
		delegation.paid = pool.rps.clone();
	}

	pub(crate) fn do_register_operator(who: T::AccountId, commission: Perbill) -> DispatchResult {
		ensure!(!Operators::<T>::contains_key(&who), Error::<T>::AlreadyOperator);
		Operators::<T>::insert(
			&who,
			Operator {
				commission,
				pending_commission: None,
				assets: Default::default(),
				services: Default::default(),
			},
		);
		Self::deposit_event(Event::OperatorRegistered { operator: who, commission });
		Ok(())
	}

	pub(crate) fn do_set_commission(who: T::AccountId, commission: Perbill) -> DispatchResult {
		let mut info = Operators::<T>::get(&who).ok_or(Error::<T>::NotOperator)?;
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
		let info = Operators::<T>::get(&who).ok_or(Error::<T>::NotOperator)?;
		let now = Self::now();
		for service in info.services.iter() {
			let released =
				Allocations::<T>::get(&who, service).is_none_or(|a| a.reserved(now).is_zero());
			ensure!(released, Error::<T>::OperatorInUse);
		}
		ensure!(
			!PendingSlashes::<T>::iter_values().any(|s| s.operator == who),
			Error::<T>::OperatorInUse
		);
		for service in info.services.iter() {
			Allocations::<T>::remove(&who, service);
			Services::<T>::mutate(service, |s| {
				if let Some(s) = s {
					s.operators.retain(|o| o != &who);
				}
			});
		}
		// The pools stay: delegators can still queue and complete withdrawals.
		Operators::<T>::remove(&who);
		Self::deposit_event(Event::OperatorDeregistered { operator: who });
		Ok(())
	}

	pub(crate) fn do_deposit(
		who: T::AccountId,
		asset: AssetKind,
		amount: Balance,
	) -> DispatchResult {
		ensure!(T::Restakeable::contains(&asset), Error::<T>::AssetNotRestakeable);
		ensure!(amount >= T::MinAmount::get() && !amount.is_zero(), Error::<T>::AmountTooSmall);
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
		if left.is_zero() {
			Idle::<T>::remove(&who, &asset);
		} else {
			Idle::<T>::insert(&who, &asset, left);
		}
		Self::deposit_event(Event::Withdrawn { who, asset, amount });
		Ok(())
	}

	pub(crate) fn do_delegate(
		who: T::AccountId,
		operator: T::AccountId,
		asset: AssetKind,
		amount: Balance,
	) -> DispatchResult {
		let mut info = Operators::<T>::get(&operator).ok_or(Error::<T>::NotOperator)?;
		ensure!(T::Restakeable::contains(&asset), Error::<T>::AssetNotRestakeable);
		ensure!(amount >= T::MinAmount::get() && !amount.is_zero(), Error::<T>::AmountTooSmall);
		let idle = Idle::<T>::get(&who, &asset);
		let left = idle.checked_sub(amount).ok_or(Error::<T>::InsufficientBalance)?;
		let mut pool = Pools::<T>::get(&operator, &asset).unwrap_or_default();
		if !info.assets.contains(&asset) {
			info.assets.try_push(asset.clone()).map_err(|_| Error::<T>::TooMany)?;
			Operators::<T>::insert(&operator, &info);
		}
		let shares = if pool.shares.is_zero() {
			amount
		} else {
			// A pool slashed to nothing with shares left takes no new stake.
			shares_for_amount(amount, pool.stake, pool.shares).ok_or(Error::<T>::PoolEmptied)?
		};
		ensure!(!shares.is_zero(), Error::<T>::AmountTooSmall);
		let key = (&who, &operator, &asset);
		let mut delegation = match Delegations::<T>::get(key) {
			Some(d) => d,
			None => {
				let count = DelegationCount::<T>::get(&who);
				ensure!(count < T::MaxDelegations::get(), Error::<T>::TooMany);
				DelegationCount::<T>::insert(&who, count.saturating_add(1));
				Delegation { shares: 0, paid: pool.rps.clone() }
			}
		};
		Self::settle(&who, &mut delegation, &pool);
		delegation.shares = Self::add(delegation.shares, shares)?;
		pool.shares = Self::add(pool.shares, shares)?;
		pool.stake = Self::add(pool.stake, amount)?;
		Delegations::<T>::insert(key, delegation);
		Pools::<T>::insert(&operator, &asset, pool);
		if left.is_zero() {
			Idle::<T>::remove(&who, &asset);
		} else {
			Idle::<T>::insert(&who, &asset, left);
		}
		Self::deposit_event(Event::Delegated { who, operator, asset, amount, shares });
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
		let mut pool = Pools::<T>::get(&operator, &asset).ok_or(Error::<T>::NoDelegation)?;
		let shares = match amount {
			None => delegation.shares,
			Some(amount) => {
				ensure!(
					amount >= T::MinAmount::get() && !amount.is_zero(),
					Error::<T>::AmountTooSmall
				);
				ensure!(
					Self::worth(&pool, delegation.shares) >= amount,
					Error::<T>::InsufficientBalance
				);
				// The shares worth `amount`, rounded up, at most the delegation's.
				shares_to_take(amount, pool.stake, pool.shares)
					.ok_or(Error::<T>::Overflow)?
					.min(delegation.shares)
			}
		};
		ensure!(!shares.is_zero(), Error::<T>::InsufficientBalance);
		let count = WithdrawalCount::<T>::get(&who);
		ensure!(count < T::MaxWithdrawals::get(), Error::<T>::TooMany);
		Self::settle(&who, &mut delegation, &pool);
		delegation.shares = Self::sub(delegation.shares, shares)?;
		pool.queued = Self::add(pool.queued, shares)?;
		let id = NextWithdrawalId::<T>::get(&who);
		let due = Self::now().saturating_add(T::WithdrawalDelay::get());
		let worth = Self::worth(&pool, shares);
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

	pub(crate) fn do_complete_withdrawal(who: T::AccountId, id: u32) -> DispatchResult {
		let withdrawal = Withdrawals::<T>::get(&who, id).ok_or(Error::<T>::NoWithdrawal)?;
		ensure!(Self::now() >= withdrawal.due, Error::<T>::WithdrawalNotDue);
		let mut pool =
			Pools::<T>::get(&withdrawal.operator, &withdrawal.asset).ok_or(Error::<T>::Overflow)?;
		// Its worth now: a slash since it was queued reached it too.
		let amount = Self::worth(&pool, withdrawal.shares);
		pool.shares = Self::sub(pool.shares, withdrawal.shares)?;
		pool.queued = Self::sub(pool.queued, withdrawal.shares)?;
		pool.stake = Self::sub(pool.stake, amount)?;
		Self::pay(&withdrawal.asset, &who, amount)?;
		Pools::<T>::insert(&withdrawal.operator, &withdrawal.asset, pool);
		Withdrawals::<T>::remove(&who, id);
		WithdrawalCount::<T>::mutate(&who, |c| *c = c.saturating_sub(1));
		Self::deposit_event(Event::WithdrawalCompleted {
			who,
			id,
			asset: withdrawal.asset,
			amount,
		});
		Ok(())
	}

	pub(crate) fn do_register_service(
		slasher: T::AccountId,
		reward_asset: AssetKind,
		min_allocation: Balance,
	) -> Result<ServiceId, DispatchError> {
		ensure!(T::Assets::asset_exists(reward_asset.clone()), Error::<T>::RewardAssetMismatch);
		let id = NextServiceId::<T>::get();
		NextServiceId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Services::<T>::insert(
			id,
			Service {
				slasher: slasher.clone(),
				reward_asset: reward_asset.clone(),
				min_allocation,
				operators: Default::default(),
			},
		);
		Self::deposit_event(Event::ServiceRegistered {
			service: id,
			slasher,
			reward_asset,
			min_allocation,
		});
		Ok(id)
	}

	pub(crate) fn do_allocate(
		who: T::AccountId,
		service: ServiceId,
		fraction: Perbill,
	) -> DispatchResult {
		let mut info = Operators::<T>::get(&who).ok_or(Error::<T>::NotOperator)?;
		let mut record = Services::<T>::get(service).ok_or(Error::<T>::ServiceNotFound)?;
		let now = Self::now();
		let mut allocation = match Allocations::<T>::get(&who, service) {
			Some(a) => a,
			None => {
				// A slot in the service costs stake: its minimum, allocated.
				ensure!(
					fraction.mul_floor(Self::active_value(&who)) >= record.min_allocation,
					Error::<T>::BelowMinAllocation
				);
				info.services.try_push(service).map_err(|_| Error::<T>::TooMany)?;
				record.operators.try_push(who.clone()).map_err(|_| Error::<T>::TooMany)?;
				Operators::<T>::insert(&who, &info);
				Services::<T>::insert(service, record);
				Allocation::default()
			}
		};
		allocation.current = allocation.at(now);
		allocation.pending = None;
		// Until it applies, a change keeps the larger of the two fractions reserved.
		let others = info
			.services
			.iter()
			.filter(|s| **s != service)
			.filter_map(|s| Allocations::<T>::get(&who, s))
			.fold(0u64, |sum, a| sum.saturating_add(u64::from(a.reserved(now).deconstruct())));
		let this = u64::from(allocation.current.max(fraction).deconstruct());
		ensure!(
			others.saturating_add(this) <= u64::from(Perbill::one().deconstruct()),
			Error::<T>::OverAllocated
		);
		let from = now.saturating_add(T::AllocationDelay::get());
		allocation.pending = Some((fraction, from));
		Allocations::<T>::insert(&who, service, allocation);
		Self::deposit_event(Event::AllocationSet { operator: who, service, fraction, from });
		Ok(())
	}

	/// Queues a slash of `fraction` of `operator`'s allocation to `service`.
	pub(crate) fn do_request_slash(
		service: ServiceId,
		operator: T::AccountId,
		fraction: Perbill,
		evidence: &[u8],
	) -> Result<SlashId, DispatchError> {
		ensure!(Services::<T>::contains_key(service), Error::<T>::ServiceNotFound);
		let now = Self::now();
		let allocated =
			Allocations::<T>::get(&operator, service).map(|a| a.at(now)).unwrap_or_default();
		ensure!(!allocated.is_zero() && !fraction.is_zero(), Error::<T>::NotAllocated);
		let id = NextSlashId::<T>::get();
		ensure!(
			id.saturating_sub(SlashCursor::<T>::get()) < T::MaxPendingSlashes::get(),
			Error::<T>::TooManyPendingSlashes
		);
		let portion = portion(fraction, allocated);
		let due = now.saturating_add(T::VetoWindow::get());
		let evidence = sp_io::hashing::blake2_256(evidence);
		PendingSlashes::<T>::insert(
			id,
			PendingSlash { service, operator: operator.clone(), portion, due, evidence },
		);
		NextSlashId::<T>::put(id.checked_add(1).ok_or(Error::<T>::Overflow)?);
		Self::deposit_event(Event::SlashRequested {
			id,
			service,
			operator,
			portion,
			due,
			evidence,
		});
		Ok(id)
	}

	/// The hook: applies at most `MaxSlashesPerBlock` slashes whose veto window has passed, in
	/// the order they fall due.
	pub(crate) fn apply_due_slashes(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::on_initialize_idle();
		let (mut cursor, next) = (SlashCursor::<T>::get(), NextSlashId::<T>::get());
		let start = cursor;
		for _ in 0..T::MaxSlashesPerBlock::get() {
			if cursor >= next {
				break;
			}
			match PendingSlashes::<T>::get(cursor) {
				Some(slash) if slash.due > now => break,
				Some(slash) => {
					PendingSlashes::<T>::remove(cursor);
					Self::apply_slash(cursor, slash);
					// The work is one write per pool whatever the number of delegators; the
					// benchmark's time still grows with the trie, so charge its largest case.
					weight.saturating_accrue(T::WeightInfo::apply_slash(1_000));
				}
				// Vetoed.
				None => {}
			}
			cursor = cursor.saturating_add(1);
		}
		if cursor != start {
			SlashCursor::<T>::put(cursor);
		}
		weight
	}

	/// Takes the slash's portion of each of the operator's pools to the treasury: one write
	/// per pool, whatever the number of delegators and queued withdrawals.
	pub(crate) fn apply_slash(id: SlashId, slash: PendingSlash<T::AccountId, BlockNumberFor<T>>) {
		let assets = Operators::<T>::get(&slash.operator).map(|o| o.assets).unwrap_or_default();
		let treasury = T::Treasury::get();
		let result = with_storage_layer(|| -> DispatchResult {
			for asset in assets.iter() {
				let Some(mut pool) = Pools::<T>::get(&slash.operator, asset) else { continue };
				let amount = slash_amount(pool.stake, slash.portion);
				Self::pay(asset, &treasury, amount)?;
				pool.stake = pool.stake.saturating_sub(amount);
				Pools::<T>::insert(&slash.operator, asset, pool);
				Self::deposit_event(Event::Slashed {
					id,
					operator: slash.operator.clone(),
					asset: asset.clone(),
					amount,
				});
			}
			Ok(())
		});
		if result.is_err() {
			Self::deposit_event(Event::SlashFailed { id });
		}
	}

	/// Returns the number of operators the service lists (what the call's weight depends on).
	pub(crate) fn do_distribute_rewards(
		who: T::AccountId,
		service: ServiceId,
		amount: Balance,
	) -> Result<u32, DispatchError> {
		let record = Services::<T>::get(service).ok_or(Error::<T>::ServiceNotFound)?;
		ensure!(amount >= T::MinAmount::get() && !amount.is_zero(), Error::<T>::AmountTooSmall);
		let weights: Vec<(T::AccountId, Balance)> = record
			.operators
			.iter()
			.map(|o| (o.clone(), Self::allocated_value(o, service)))
			.filter(|(_, w)| !w.is_zero())
			.collect();
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
			let paid = Self::reward_pools(&operator, &info.assets, &asset, delegators)?;
			// The commission, and what rounding or pools without earning shares left over.
			let to_operator = commission.saturating_add(delegators.saturating_sub(paid));
			Unclaimed::<T>::mutate(&operator, &asset, |u| *u = u.saturating_add(to_operator));
		}
		Self::deposit_event(Event::RewardsDistributed { service, asset, amount });
		Ok(record.operators.len() as u32)
	}

	/// Shares `amount` of `reward` among an operator's pools by the value of their earning
	/// stake, into their accumulators; returns what was distributed.
	fn reward_pools(
		operator: &T::AccountId,
		assets: &[AssetKind],
		reward: &AssetKind,
		amount: Balance,
	) -> Result<Balance, DispatchError> {
		let pools: Vec<(AssetKind, Pool, Balance)> = assets
			.iter()
			.filter_map(|a| {
				let pool = Pools::<T>::get(operator, a)?;
				let active = Self::worth(&pool, pool.shares.saturating_sub(pool.queued));
				Some((a.clone(), pool, T::StakeValue::convert((a.clone(), active))))
			})
			.collect();
		let total = pools.iter().fold(0, |t: Balance, (_, _, v)| t.saturating_add(*v));
		let mut paid: Balance = 0;
		for (asset, mut pool, value) in pools {
			let Some(part) = pro_rata(amount, value, total) else { continue };
			let earning = pool.shares.saturating_sub(pool.queued);
			let Some(increment) = rps_increment(part, earning) else { continue };
			match pool.rps.iter_mut().find(|(a, _)| a == reward) {
				Some((_, rps)) => *rps = rps.saturating_add(increment),
				None => pool
					.rps
					.try_push((reward.clone(), increment))
					.map_err(|_| Error::<T>::RewardAssetMismatch)?,
			}
			Pools::<T>::insert(operator, &asset, pool);
			paid = paid.saturating_add(part);
		}
		Ok(paid)
	}

	pub(crate) fn do_claim(who: T::AccountId, asset: AssetKind) -> DispatchResult {
		let delegations: Vec<_> = Delegations::<T>::iter_prefix((&who,)).collect();
		for ((operator, pool_asset), mut delegation) in delegations {
			let pool = Pools::<T>::get(&operator, &pool_asset).unwrap_or_default();
			Self::settle(&who, &mut delegation, &pool);
			Delegations::<T>::insert((&who, &operator, &pool_asset), delegation);
		}
		let amount = Unclaimed::<T>::take(&who, &asset);
		ensure!(!amount.is_zero(), Error::<T>::NothingToClaim);
		Self::pay(&asset, &who, amount)?;
		Self::deposit_event(Event::Claimed { who, asset, amount });
		Ok(())
	}

	pub(crate) fn do_report_outlier(operator: T::AccountId, key: OracleKey) -> DispatchResult {
		let (own, combined) =
			T::FeedCheck::feed(&operator, &key).ok_or(Error::<T>::NotAnOutlier)?;
		ensure!(
			Reported::<T>::get(&operator, &key) != Some(own.timestamp_ms),
			Error::<T>::AlreadyReported
		);
		ensure!(
			combined.timestamp_ms <= own.timestamp_ms.saturating_add(T::OutlierWindow::get()),
			Error::<T>::StaleFeed
		);
		ensure!(
			!within_bound(combined.value, own.value, T::OutlierBound::get()),
			Error::<T>::NotAnOutlier
		);
		Reported::<T>::insert(&operator, &key, own.timestamp_ms);
		let evidence = (&key, own, combined).encode();
		Self::do_request_slash(
			T::OracleService::get(),
			operator,
			T::OutlierSlash::get(),
			&evidence,
		)?;
		Ok(())
	}

	/// Checks the books. Iterates everything: for tests and try-runtime only.
	/// - Σ delegation shares + Σ queued withdrawal shares = the pool's shares, per pool;
	///   queued = Σ queued withdrawal shares; no pool's holders can take out more than its stake.
	/// - Each operator's allocations reserve at most 100 %.
	/// - The pallet's account holds, per asset, at least idle deposits + pool stakes + unclaimed
	///   rewards; delegation and withdrawal counts match.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::btree_map::BTreeMap;
		let mut shares: BTreeMap<(T::AccountId, AssetKind), (Balance, Balance)> = BTreeMap::new();
		let mut counts: BTreeMap<T::AccountId, (u32, u32)> = BTreeMap::new();
		for ((who, operator, asset), d) in Delegations::<T>::iter() {
			shares.entry((operator, asset)).or_default().0 += d.shares;
			counts.entry(who).or_default().0 += 1;
		}
		for (who, _, w) in Withdrawals::<T>::iter() {
			shares.entry((w.operator, w.asset)).or_default().1 += w.shares;
			counts.entry(who).or_default().1 += 1;
		}
		let mut owed: BTreeMap<AssetKind, Balance> = BTreeMap::new();
		for (operator, asset, pool) in Pools::<T>::iter() {
			let (delegated, queued) =
				shares.remove(&(operator.clone(), asset.clone())).unwrap_or_default();
			ensure!(delegated + queued == pool.shares, "shares differ from the pool's");
			ensure!(queued == pool.queued, "queued shares differ from the pool's");
			*owed.entry(asset).or_default() += pool.stake;
		}
		ensure!(shares.is_empty(), "shares in a pool that does not exist");
		for (who, (d, w)) in counts {
			ensure!(DelegationCount::<T>::get(&who) == d, "delegation count differs");
			ensure!(WithdrawalCount::<T>::get(&who) == w, "withdrawal count differs");
		}
		let now = Self::now();
		for (operator, info) in Operators::<T>::iter() {
			let reserved: u64 = info
				.services
				.iter()
				.filter_map(|s| Allocations::<T>::get(&operator, s))
				.map(|a| u64::from(a.reserved(now).deconstruct()))
				.sum();
			ensure!(reserved <= u64::from(Perbill::one().deconstruct()), "over-allocated");
		}
		for (_, asset, amount) in Idle::<T>::iter() {
			*owed.entry(asset).or_default() += amount;
		}
		for (_, asset, amount) in Unclaimed::<T>::iter() {
			*owed.entry(asset).or_default() += amount;
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

/// The oracle's feeder set: operators allocating at least the oracle service's minimum to it.
impl<T: Config> SortedMembers<T::AccountId> for Pallet<T> {
	fn sorted_members() -> Vec<T::AccountId> {
		let Some(service) = Services::<T>::get(T::OracleService::get()) else { return Vec::new() };
		let mut members: Vec<T::AccountId> = service
			.operators
			.into_iter()
			.filter(|o| Self::is_member(o, service.min_allocation))
			.collect();
		members.sort();
		members
	}

	fn contains(who: &T::AccountId) -> bool {
		Services::<T>::get(T::OracleService::get())
			.is_some_and(|s| s.operators.contains(who) && Self::is_member(who, s.min_allocation))
	}
}

impl<T: Config> Pallet<T> {
	fn is_member(operator: &T::AccountId, min: Balance) -> bool {
		let value = Self::allocated_value(operator, T::OracleService::get());
		!value.is_zero() && value >= min
	}
}
