//! Liquid staking (vSLC): the pool bonds through `pallet-staking` and receives the tips.

use super::{monetary::TreasuryAccount, staking::MAX_NOMINATORS_PER_VALIDATOR};
use crate::{AccountId, Assets, Balance, Balances, Runtime, Staking, SLC};
use alloc::vec::Vec;
use frame_support::{parameter_types, traits::ConstU32, weights::Weight, PalletId};
use frame_system::RawOrigin;
use pallet_staking::{RewardDestination, WeightInfo as _};
use sluice_primitives::staking::{Bonded, EraIndex, PoolStaking, ValidatorCandidate};
use sp_runtime::DispatchResult;
use sp_staking::StakingInterface;

/// Asset id of vSLC in `pallet-assets`.
pub const VSLC_ASSET_ID: sluice_primitives::AssetId = 1_000;

/// SLC bonded by the pool at genesis; the same vSLC is locked in the pool account forever.
pub const LIQUID_STAKING_INITIAL_BOND: Balance = 100 * SLC;

/// SLC the pool account holds beside its bond at genesis: the vSLC metadata deposit (about
/// 1.2 SLC) and the existential deposit. Never counted as pool value.
pub const LIQUID_STAKING_RUNNING_FUNDS: Balance = 10 * SLC;

parameter_types! {
	/// The pool account is derived from it.
	pub const LiquidStakingPalletId: PalletId = PalletId(*b"slc/lstk");
	/// Smallest stake: 1 SLC.
	pub const MinLiquidStake: Balance = SLC;
	/// Held for each queued withdrawal request: 0.1 SLC.
	pub const RequestDeposit: Balance = SLC / 10;
}

/// `pallet-staking` seen through the pool's [`PoolStaking`] interface.
pub struct NposBackend;

impl PoolStaking<AccountId, Balance> for NposBackend {
	fn current_era() -> EraIndex {
		<Staking as StakingInterface>::current_era()
	}
	fn last_completed_era() -> Option<EraIndex> {
		// The planned (current) era runs ahead of the active one; the era before the active one
		// is the last whose reward is known.
		pallet_staking::ActiveEra::<Runtime>::get().and_then(|active| active.index.checked_sub(1))
	}
	fn bonding_duration() -> EraIndex {
		<Staking as StakingInterface>::bonding_duration()
	}
	fn minimum_bond() -> Balance {
		<Staking as StakingInterface>::minimum_nominator_bond()
	}
	fn bonded(who: &AccountId) -> Bonded<Balance> {
		<Staking as StakingInterface>::stake(who)
			.map(|s| Bonded { total: s.total, active: s.active })
			.unwrap_or_default()
	}
	fn bond(who: &AccountId, value: Balance) -> DispatchResult {
		// Rewards are re-bonded as they are paid: the pool compounds.
		Staking::bond(RawOrigin::Signed(who.clone()).into(), value, RewardDestination::Staked)
	}
	fn bond_extra(who: &AccountId, value: Balance) -> DispatchResult {
		<Staking as StakingInterface>::bond_extra(who, value)
	}
	fn unbond(who: &AccountId, value: Balance) -> DispatchResult {
		<Staking as StakingInterface>::unbond(who, value)
	}
	fn unlocking(who: &AccountId) -> Vec<(EraIndex, Balance)> {
		pallet_staking::Ledger::<Runtime>::get(who)
			.map(|ledger| ledger.unlocking.iter().map(|chunk| (chunk.era, chunk.value)).collect())
			.unwrap_or_default()
	}
	fn rebond(who: &AccountId, value: Balance) -> DispatchResult {
		Staking::rebond(RawOrigin::Signed(who.clone()).into(), value)
			.map(|_| ())
			.map_err(|e| e.error)
	}
	fn pending_slash(who: &AccountId) -> Balance {
		// Deferred slashes are stored under the era in which they apply: after the active era,
		// at most `SlashDeferDuration + 1` eras ahead. A few reads, each holding the era's
		// unapplied slashes.
		let Some(active) = pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index) else {
			return 0;
		};
		let last =
			active.saturating_add(super::staking::SlashDeferDuration::get()).saturating_add(1);
		(active..=last)
			.flat_map(pallet_staking::UnappliedSlashes::<Runtime>::get)
			.map(|slash| {
				let own = if &slash.validator == who { slash.own } else { 0 };
				slash
					.others
					.iter()
					.filter(|(staker, _)| staker == who)
					.fold(own, |sum, (_, value)| sum.saturating_add(*value))
			})
			.fold(0, |sum: Balance, value| sum.saturating_add(value))
	}
	fn withdraw_unbonded(who: &AccountId) -> DispatchResult {
		// The pool never withdraws its whole bond, so its ledger (and slashing spans) are never
		// reaped: no span needs clearing.
		<Staking as StakingInterface>::withdraw_unbonded(who.clone(), 0).map(|_| ())
	}
	fn nominate(who: &AccountId, targets: Vec<AccountId>) -> DispatchResult {
		<Staking as StakingInterface>::nominate(who, targets)
	}
	fn candidates(
		after: Option<&AccountId>,
		max: u32,
	) -> (Vec<ValidatorCandidate<AccountId>>, bool) {
		let active = pallet_staking::ActiveEra::<Runtime>::get().map(|e| e.index);
		let last = Self::last_completed_era();
		let points = last.map(pallet_staking::ErasRewardPoints::<Runtime>::get);
		let mut validators = match after {
			Some(after) => {
				pallet_staking::Validators::<Runtime>::iter_from(pallet_staking::Validators::<
					Runtime,
				>::hashed_key_for(after))
			}
			None => pallet_staking::Validators::<Runtime>::iter(),
		};
		let page: Vec<_> = validators
			.by_ref()
			.take(max as usize)
			.map(|(who, prefs)| {
				let era_points =
					points.as_ref().and_then(|p| p.individual.get(&who).copied()).unwrap_or(0);
				let elected_commission = active
					.filter(|era| {
						pallet_staking::ErasStakersOverview::<Runtime>::contains_key(era, &who)
					})
					.map(|era| {
						pallet_staking::ErasValidatorPrefs::<Runtime>::get(era, &who).commission
					});
				ValidatorCandidate {
					slashed: pallet_staking::SlashingSpans::<Runtime>::contains_key(&who),
					who,
					commission: prefs.commission,
					blocked: prefs.blocked,
					era_points,
					elected_commission,
				}
			})
			.collect();
		let ended = (page.len() as u32) < max;
		(page, ended)
	}
	fn is_nominating(who: &AccountId) -> bool {
		pallet_staking::Nominators::<Runtime>::contains_key(who)
	}
	fn is_exposed(who: &AccountId, era: EraIndex, validator: &AccountId) -> bool {
		// One page per validator in this runtime (`MaxBackersPerWinner` = the page size).
		let Some(overview) = pallet_staking::ErasStakersOverview::<Runtime>::get(era, validator)
		else {
			return false;
		};
		(0..overview.page_count).any(|page| {
			pallet_staking::ErasStakersPaged::<Runtime>::get((era, validator, page))
				.is_some_and(|exposure| exposure.others.iter().any(|o| &o.who == who))
		})
	}
	fn history_depth() -> EraIndex {
		super::staking::HistoryDepth::get()
	}
	fn payout(payer: &AccountId, validator: &AccountId, era: EraIndex) -> DispatchResult {
		Staking::payout_stakers(RawOrigin::Signed(payer.clone()).into(), validator.clone(), era)
			.map(|_| ())
			.map_err(|e| e.error)
	}
	fn payout_weight() -> Weight {
		<Runtime as pallet_staking::Config>::WeightInfo::payout_stakers_alive_staked(
			MAX_NOMINATORS_PER_VALIDATOR,
		)
	}
}

impl pallet_liquid_staking::Config for Runtime {
	type Currency = Balances;
	type RuntimeHoldReason = crate::RuntimeHoldReason;
	/// 0.1 SLC held for each queued withdrawal request.
	type RequestDeposit = RequestDeposit;
	type Assets = Assets;
	type Staking = NposBackend;
	type PalletId = LiquidStakingPalletId;
	type VslcAssetId = ConstU32<VSLC_ASSET_ID>;
	type Treasury = TreasuryAccount;
	/// Root or the protocol-admin track.
	type AdminOrigin = super::governance::AdminOrigin;
	type MinStake = MinLiquidStake;
	/// Sixteen queued withdrawals per account.
	type MaxWithdrawalRequests = ConstU32<16>;
	/// The nomination quota of `pallet-staking`.
	type MaxNominations = ConstU32<16>;
	/// Validators read when choosing nominations (the whole set on dev and local chains).
	type MaxCandidates = ConstU32<128>;
	/// The bonding duration (4 eras) plus two, with room for longer durations.
	type MaxQueueEras = ConstU32<32>;
	/// More than staking's history depth (84 eras): payouts expire by age first.
	type MaxPayoutEras = ConstU32<128>;
	/// A day of eras, at least 30 (2 880 on dev chains, 30 on the testnet).
	type HistoryDepth = super::network::LiquidStakingHistory;
	type ErasPerYear = super::network::ErasPerYear;
	type WeightInfo = crate::weights::pallet_liquid_staking::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = NposBenchmarkHelper;
}

/// Prepares `pallet-staking` for the liquid-staking benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct NposBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_liquid_staking::benchmarking::BenchmarkHelper<AccountId> for NposBenchmarkHelper {
	fn prepare_payout(pool: &AccountId) -> (AccountId, EraIndex) {
		let era = <Staking as StakingInterface>::current_era();
		// A bonded validator of the benchmark genesis (Alice on the dev chain).
		let validator = pallet_staking::Validators::<Runtime>::iter_keys()
			.next()
			.expect("the benchmark genesis has a validator");
		let stake = NposBackend::bonded(pool).active;
		<Staking as StakingInterface>::add_era_stakers(
			&era,
			&validator,
			alloc::vec![(pool.clone(), stake)],
		);
		pallet_staking::ErasValidatorReward::<Runtime>::insert(era, 1_000 * SLC);
		pallet_staking::ErasRewardPoints::<Runtime>::insert(
			era,
			pallet_staking::EraRewardPoints {
				total: 1,
				individual: [(validator.clone(), 1)].into_iter().collect(),
			},
		);
		<Staking as StakingInterface>::set_era(era.saturating_add(1));
		(validator, era)
	}
	fn set_era(era: EraIndex) {
		<Staking as StakingInterface>::set_era(era);
	}
	fn expose(who: &AccountId, era: EraIndex, validator: &AccountId) {
		let stake = NposBackend::bonded(who).active;
		<Staking as StakingInterface>::add_era_stakers(
			&era,
			validator,
			alloc::vec![(who.clone(), stake)],
		);
	}
	fn add_candidates(n: u32) {
		for i in 0..n {
			let who: AccountId = frame_benchmarking::account("candidate", i, 0);
			pallet_staking::Validators::<Runtime>::insert(
				who,
				pallet_staking::ValidatorPrefs {
					commission: sp_runtime::Perbill::from_percent(i % 10),
					blocked: false,
				},
			);
		}
	}
}
