//! Benchmarks of every call (v2 syntax), each at `n` constituents up to `MaxConstituents`.

use super::*;
use crate::pallet::{Call, Config, Indices, NextIndexId, Owed, Pallet, PerAsset};
use alloc::{vec, vec::Vec};
use frame_benchmarking::v2::*;
use frame_support::{
	traits::{
		fungibles::{Inspect as _, Mutate as _},
		Get,
	},
	BoundedVec,
};
use frame_system::RawOrigin;
use sluice_primitives::{AssetKind, Balance};
use sp_runtime::{FixedU128, Perbill};

/// What the benchmarks need from the runtime: tokens to put in funds and oracle values.
pub trait BenchmarkHelper<AccountId> {
	/// Creates token `id` (a `pallet-assets` token any account may hold) and returns it.
	fn create_asset(id: u32) -> AssetKind;
	/// Feeds a fresh price, supply and TVL of `asset`.
	fn set_price(asset: AssetKind, price: FixedU128);
	/// Moves the clock (and what depends on it) forward by `seconds`.
	fn advance(seconds: u64);
	/// Freezes `who`'s account in `asset` (a token from `create_asset`), as its issuer can.
	fn freeze(asset: AssetKind, who: &AccountId);
	/// Thaws what [`BenchmarkHelper::freeze`] froze.
	fn thaw(asset: AssetKind, who: &AccountId);
}

/// A fund's constituents' balance at creation.
const FUND: Balance = 1_000_000_000_000_000_000;

/// `n` tokens priced $1 (the native SLC first), and `who` funded with plenty of each.
fn assets<T: Config>(n: u32, who: &T::AccountId) -> Vec<AssetKind> {
	// Off the genesis instant, so that pokes are due and the clock reads a real time.
	T::BenchmarkHelper::advance(T::PokeInterval::get());
	let mut assets = vec![AssetKind::Native];
	assets.extend((1..n).map(|i| T::BenchmarkHelper::create_asset(10_000 + i)));
	for asset in &assets {
		T::BenchmarkHelper::set_price(asset.clone(), FixedU128::from_u32(1));
		T::Assets::mint_into(asset.clone(), who, FUND.saturating_mul(100)).expect("mints");
	}
	assets
}

/// Equal weights for `n` constituents, the remainder on the first.
fn equal_weights(n: u32) -> Vec<Perbill> {
	let each = 1_000_000_000 / n;
	let mut weights = vec![Perbill::from_parts(each); n as usize];
	if let Some(first) = weights.first_mut() {
		*first = Perbill::from_parts(1_000_000_000 - each * (n - 1));
	}
	weights
}

fn per_asset<T: Config, V: Clone>(v: Vec<V>) -> PerAsset<T, V> {
	v.try_into().ok().expect("at most MaxConstituents")
}

/// A name (or symbol) of the longest length.
fn name<T: Config>() -> BoundedVec<u8, T::StringLimit> {
	vec![b'x'; T::StringLimit::get() as usize].try_into().expect("fits")
}

fn fees() -> Fees {
	Fees {
		swap: Perbill::from_rational(3u32, 1_000),
		join: Perbill::from_rational(1u32, 1_000),
		exit: Perbill::from_rational(2u32, 1_000),
	}
}

/// The manager of the benchmarks' funds (not the caller, so exits pay the fee path).
fn manager<T: Config>() -> T::AccountId {
	let manager: T::AccountId = account("manager", 0, 0);
	T::Assets::mint_into(AssetKind::Native, &manager, FUND).expect("mints");
	manager
}

/// A funded caller and a market-cap fund of `n` constituents created by it and managed by
/// [`manager`].
fn fund<T: Config>(n: u32) -> (T::AccountId, u32, Vec<AssetKind>) {
	let who: T::AccountId = whitelisted_caller();
	let assets = assets::<T>(n, &who);
	let id = NextIndexId::<T>::get();
	let manager = manager::<T>();
	Pallet::<T>::create_index(
		RawOrigin::Signed(who.clone()).into(),
		per_asset::<T, _>(assets.clone()),
		per_asset::<T, _>(equal_weights(n)),
		per_asset::<T, _>(vec![FUND; n as usize]),
		Strategy::MarketCap,
		fees(),
		manager,
		name::<T>(),
		name::<T>(),
	)
	.expect("creates");
	(who, id, assets)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn create_index(n: Linear<2, { T::MaxConstituents::get() }>) {
		let who: T::AccountId = whitelisted_caller();
		let assets = assets::<T>(n, &who);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			per_asset::<T, _>(assets),
			per_asset::<T, _>(equal_weights(n)),
			per_asset::<T, _>(vec![FUND; n as usize]),
			Strategy::MarketCap,
			fees(),
			who.clone(),
			name::<T>(),
			name::<T>(),
		);
		assert!(Indices::<T>::contains_key(0));
	}

	#[benchmark]
	fn join(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, _) = fund::<T>(n);
		let supply = T::InitialSupply::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, supply, per_asset::<T, _>(vec![Balance::MAX; n as usize]));
		assert_eq!(Indices::<T>::get(id).map(|i| i.supply), Some(supply.saturating_mul(2)));
	}

	#[benchmark]
	fn exit(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, _) = fund::<T>(n);
		let pool_in = T::InitialSupply::get() / 2;
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, pool_in, per_asset::<T, _>(vec![0; n as usize]));
		assert!(Indices::<T>::get(id).is_some_and(|i| i.supply < T::InitialSupply::get()));
	}

	#[benchmark]
	fn join_single(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, assets) = fund::<T>(n);
		let asset = assets.last().cloned().expect("n ≥ 2");
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, asset, FUND / 10, 0);
		assert!(Indices::<T>::get(id).is_some_and(|i| i.supply > T::InitialSupply::get()));
	}

	#[benchmark]
	fn exit_single(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, assets) = fund::<T>(n);
		let asset = assets.last().cloned().expect("n ≥ 2");
		let pool_in = T::InitialSupply::get() / 100;
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, asset, pool_in, 0);
		assert!(Indices::<T>::get(id).is_some_and(|i| i.supply < T::InitialSupply::get()));
	}

	#[benchmark]
	fn swap(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, assets) = fund::<T>(n);
		let asset_in = assets.first().cloned().expect("n ≥ 2");
		let asset_out = assets.last().cloned().expect("n ≥ 2");
		// Mid-schedule, so the current weights are interpolated.
		Pallet::<T>::poke(RawOrigin::Signed(who.clone()).into(), id).expect("pokes");
		T::BenchmarkHelper::advance(1);
		for asset in &assets {
			T::BenchmarkHelper::set_price(asset.clone(), FixedU128::from_u32(1));
		}
		// With a price limit, the worst case: the spot price after the swap is computed.
		let limit = Some(FixedU128::from_u32(1_000));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, asset_in, FUND / 100, asset_out.clone(), 0, limit);
		assert!(Indices::<T>::get(id).is_some_and(|i| i.balances.last() < Some(&FUND)));
	}

	#[benchmark]
	fn swap_exact_out(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, assets) = fund::<T>(n);
		let asset_in = assets.first().cloned().expect("n ≥ 2");
		let asset_out = assets.last().cloned().expect("n ≥ 2");
		Pallet::<T>::poke(RawOrigin::Signed(who.clone()).into(), id).expect("pokes");
		T::BenchmarkHelper::advance(1);
		for asset in &assets {
			T::BenchmarkHelper::set_price(asset.clone(), FixedU128::from_u32(1));
		}
		let limit = Some(FixedU128::from_u32(1_000));
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id, asset_in, FUND, asset_out.clone(), FUND / 100, limit);
		assert!(Indices::<T>::get(id).is_some_and(|i| i.balances.last() < Some(&FUND)));
	}

	#[benchmark]
	fn set_supply_cap() {
		let (_, id, _) = fund::<T>(2);
		let manager = manager::<T>();
		let cap = Some(T::InitialSupply::get().saturating_mul(10));
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, cap);
		assert_eq!(Indices::<T>::get(id).and_then(|i| i.supply_cap), cap);
	}

	#[benchmark]
	fn poke(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, assets) = fund::<T>(n);
		// A price jump: the weights re-anchor and the targets follow the market caps.
		if let Some(last) = assets.last() {
			T::BenchmarkHelper::set_price(last.clone(), FixedU128::from_rational(3, 2));
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);
		let moved = FixedU128::from_rational(3, 2);
		assert!(Indices::<T>::get(id).is_some_and(|i| i.prices.last() == Some(&moved)));
	}

	#[benchmark]
	fn set_strategy() {
		let (_, id, _) = fund::<T>(T::MaxConstituents::get());
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, Strategy::Tvl);
		assert_eq!(
			Indices::<T>::get(id).and_then(|i| i.pending_strategy).map(|p| p.value),
			Some(Strategy::Tvl)
		);
	}

	#[benchmark]
	fn set_fees() {
		let (_, id, _) = fund::<T>(T::MaxConstituents::get());
		let new = Fees { swap: Perbill::zero(), ..fees() };
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, new);
		assert_eq!(Indices::<T>::get(id).and_then(|i| i.pending_fees).map(|p| p.value), Some(new));
	}

	#[benchmark]
	fn pause() {
		let (_, id, _) = fund::<T>(T::MaxConstituents::get());
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);
		assert_eq!(Indices::<T>::get(id).map(|i| i.paused), Some(true));
	}

	#[benchmark]
	fn resume() {
		let (_, id, _) = fund::<T>(T::MaxConstituents::get());
		Pallet::<T>::pause(RawOrigin::Signed(manager::<T>()).into(), id).expect("pauses");
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);
		assert_eq!(Indices::<T>::get(id).map(|i| i.paused), Some(false));
	}

	#[benchmark]
	fn bind(n: Linear<2, { T::MaxConstituents::get() - 1 }>) {
		let (_, id, _) = fund::<T>(n);
		let manager = manager::<T>();
		let asset = T::BenchmarkHelper::create_asset(20_000);
		T::BenchmarkHelper::set_price(asset.clone(), FixedU128::from_u32(1));
		T::Assets::mint_into(asset.clone(), &manager, FUND.saturating_mul(2)).expect("mints");
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, asset, FUND, Perbill::from_percent(5));
		assert_eq!(Indices::<T>::get(id).map(|i| i.assets.len()), Some(n as usize + 1));
	}

	#[benchmark]
	fn unbind(n: Linear<3, { T::MaxConstituents::get() }>) {
		let (_, id, assets) = fund::<T>(n);
		let asset = assets.last().cloned().expect("n ≥ 3");
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, asset.clone());
		assert_eq!(Indices::<T>::get(id).and_then(|i| i.removing), Some(asset));
	}

	#[benchmark]
	fn finish_unbind(n: Linear<3, { T::MaxConstituents::get() }>) {
		let (who, id, assets) = fund::<T>(n);
		let asset = assets.last().cloned().expect("n ≥ 3");
		Pallet::<T>::unbind(RawOrigin::Signed(manager::<T>()).into(), id, asset).expect("starts");
		let end = Indices::<T>::get(id).map(|i| i.schedule.end).unwrap_or_default();
		// Arbitrage took the removed constituent down to a hundredth of the others' balance
		// (the account keeps the rest, which the fund no longer counts).
		Indices::<T>::mutate(id, |info| {
			if let Some(balance) = info.as_mut().and_then(|i| i.balances.last_mut()) {
				*balance = FUND / 100;
			}
		});
		let now = Pallet::<T>::now();
		T::BenchmarkHelper::advance(end.saturating_sub(now).saturating_add(1));
		for asset in &assets {
			T::BenchmarkHelper::set_price(asset.clone(), FixedU128::from_u32(1));
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);
		assert_eq!(Indices::<T>::get(id).map(|i| i.assets.len()), Some(n as usize - 1));
	}

	#[benchmark]
	fn cancel_unbind() {
		let (_, id, assets) = fund::<T>(T::MaxConstituents::get());
		let asset = assets.last().cloned().expect("n ≥ 3");
		Pallet::<T>::unbind(RawOrigin::Signed(manager::<T>()).into(), id, asset).expect("starts");
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);
		assert_eq!(Indices::<T>::get(id).and_then(|i| i.removing), None);
	}

	/// The worst case: every constituent and the SLC beside them swept to the creator, the
	/// token destroyed at once.
	#[benchmark]
	fn close_index(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, _) = fund::<T>(n);
		let all = T::InitialSupply::get() - T::LockedSupply::get();
		Pallet::<T>::exit(
			RawOrigin::Signed(who.clone()).into(),
			id,
			all,
			per_asset::<T, _>(vec![0; n as usize]),
		)
		.expect("exits");
		// The exit fee went to the manager, who exits too (next block).
		T::BenchmarkHelper::advance(1);
		let manager = manager::<T>();
		let fee = T::IndexTokens::balance(
			Indices::<T>::get(id).map(|i| i.token).unwrap_or_default(),
			&manager,
		);
		if fee > 0 {
			Pallet::<T>::exit(
				RawOrigin::Signed(manager).into(),
				id,
				fee,
				per_asset::<T, _>(vec![0; n as usize]),
			)
			.expect("exits");
		}
		#[extrinsic_call]
		_(RawOrigin::Signed(who), id);
		assert!(Indices::<T>::get(id).is_none());
	}

	/// The worst case: the fund is paused and every constituent but SLC is frozen in the
	/// fund's account, so each of them is tried, rolled back and recorded as owed.
	#[benchmark]
	fn recovery_exit(n: Linear<2, { T::MaxConstituents::get() }>) {
		let (who, id, assets) = fund::<T>(n);
		Pallet::<T>::pause(RawOrigin::Signed(manager::<T>()).into(), id).expect("pauses");
		let account = Pallet::<T>::account_of(id);
		for asset in assets.iter().skip(1) {
			T::BenchmarkHelper::freeze(asset.clone(), &account);
		}
		let pool_in = T::InitialSupply::get() / 2;
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, pool_in);
		let owed = assets.iter().skip(1).filter(|a| Owed::<T>::get((id, (*a).clone()), &who) > 0);
		assert_eq!(owed.count(), n as usize - 1);
	}

	#[benchmark]
	fn claim() {
		let (who, id, assets) = fund::<T>(2);
		let asset = assets.last().cloned().expect("n ≥ 2");
		let account = Pallet::<T>::account_of(id);
		T::BenchmarkHelper::freeze(asset.clone(), &account);
		let pool_in = T::InitialSupply::get() / 2;
		Pallet::<T>::recovery_exit(RawOrigin::Signed(who.clone()).into(), id, pool_in)
			.expect("exits");
		T::BenchmarkHelper::thaw(asset.clone(), &account);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), id, asset.clone());
		assert_eq!(Owed::<T>::get((id, asset), &who), 0);
	}

	#[benchmark]
	fn propose_manager() {
		let (_, id, _) = fund::<T>(2);
		let new: T::AccountId = account("new manager", 0, 0);
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id, new.clone());
		assert_eq!(Indices::<T>::get(id).and_then(|i| i.pending_manager), Some(new));
	}

	#[benchmark]
	fn accept_manager() {
		let (_, id, _) = fund::<T>(2);
		let new: T::AccountId = account("new manager", 0, 0);
		Pallet::<T>::propose_manager(RawOrigin::Signed(manager::<T>()).into(), id, new.clone())
			.expect("proposes");
		#[extrinsic_call]
		_(RawOrigin::Signed(new.clone()), id);
		assert_eq!(Indices::<T>::get(id).and_then(|i| i.manager), Some(new));
	}

	#[benchmark]
	fn renounce_manager() {
		let (_, id, _) = fund::<T>(2);
		let manager = manager::<T>();
		#[extrinsic_call]
		_(RawOrigin::Signed(manager), id);
		assert_eq!(Indices::<T>::get(id).map(|i| i.manager.is_none()), Some(true));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
