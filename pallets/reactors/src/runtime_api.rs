//! `ReactorsApi`: reactor state, APRs, positions with pending rewards, singularity ratio.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use codec::{Codec, Decode, Encode};
use core::fmt::Debug;
use frame_support::traits::{fungibles::Inspect, Get};
use scale_info::TypeInfo;
use sluice_math::{rewards::split_emission, shares::mul_div};
use sluice_primitives::{venue::VenueId, AssetId, AssetKind, Balance};
use sp_runtime::{FixedPointNumber, FixedU128, Rounding};

/// A reactor as a front end shows it.
#[derive(Clone, Decode, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct ReactorView {
	/// The LP asset.
	pub asset: AssetKind,
	/// Its tAsset.
	pub t_asset: AssetId,
	/// Whether deposits are paused.
	pub deposits_paused: bool,
	/// Whether it is paused in an emergency (no deposits, nothing deployed).
	pub paused: bool,
	/// Part of the shortfall written off with venues that may still give it back.
	pub written_off: Balance,
	/// LP side: tAssets in existence (claims on idle + deployed).
	pub supply: Balance,
	/// Idle part.
	pub idle: Balance,
	/// Deployed part.
	pub deployed: Balance,
	/// Lost beyond what the reserve, the revenue and the LD stake covered.
	pub shortfall: Balance,
	/// tAssets under withdrawal requests.
	pub withheld: Balance,
	/// What a tAsset redeems for now, in the asset: (supply − shortfall) / supply.
	pub redemption_rate: Option<FixedU128>,
	/// LD side: SLC staked.
	pub staked: Balance,
	/// Votes directing it.
	pub votes: Balance,
	/// Value of the LD side over the LP side at oracle prices (1 = balanced).
	pub balance_ratio: Option<FixedU128>,
	/// Quantity deployed in each venue.
	pub deployed_per_venue: Vec<(VenueId, Balance)>,
	/// Fees kept as protocol-controlled value, in the asset, over all cycles, less losses they
	/// covered.
	pub revenue: Balance,
}

/// An account's position in a reactor.
#[derive(Clone, Decode, Default, Encode, Eq, PartialEq, Debug, TypeInfo)]
pub struct PositionView {
	/// tAssets held.
	pub t_assets: Balance,
	/// tAssets earning LP rewards.
	pub earning: Balance,
	/// tAssets that start earning after the rollover of the given cycle.
	pub fresh: Option<(Balance, Cycle)>,
	/// Pending withdrawal request (tAssets, cycle from which it can be withdrawn).
	pub withdrawal: Option<(Balance, Cycle)>,
	/// SLC the stake is worth (what it was staked at, less its part of any loss cover),
	/// leaving shares included.
	pub staked: Balance,
	/// Pending unstake request (SLC its shares are worth now, cycle of the rollover they leave
	/// at).
	pub unstake: Option<(Balance, Cycle)>,
	/// SLC of shares that have left, ready to unstake.
	pub unbonded: Balance,
	/// SLC `claim` would pay now.
	pub pending_rewards: Balance,
}

sp_api::decl_runtime_apis! {
	/// Figures of the reactors.
	pub trait ReactorsApi<AccountId> where AccountId: Codec {
		/// A reactor's state.
		fn reactor(reactor: ReactorId) -> Option<ReactorView>;
		/// `who`'s position in a reactor.
		fn position(reactor: ReactorId, who: AccountId) -> PositionView;
		/// Annualised (LP, LD) reward rates at this cycle's votes and oracle prices.
		fn apr(reactor: ReactorId) -> Option<(FixedU128, FixedU128)>;
		/// Protocol-controlled value (fees swept, at oracle prices) over deployed liquidity.
		fn singularity_ratio() -> Option<FixedU128>;
		/// The current cycle and where its rollover is.
		fn cycle() -> (Cycle, Phase);
	}
}

impl<T: Config> Pallet<T> {
	/// [`ReactorsApi::reactor`].
	pub fn api_reactor(id: ReactorId) -> Option<ReactorView> {
		let r = Reactors::<T>::get(id)?;
		let redemption_rate =
			FixedU128::checked_from_rational(r.supply.saturating_sub(r.shortfall), r.supply);
		let balance_ratio = Self::value(&r.asset, Self::redeem(&r, r.supply))
			.zip(Self::value(&AssetKind::Native, r.staked))
			.and_then(|(lp, ld)| FixedU128::checked_from_rational(ld, lp));
		let deployed_per_venue = Venues::<T>::iter()
			.filter_map(|(v, info)| {
				let q = if info.a == id {
					info.deployed_a
				} else if info.b == id {
					info.deployed_b
				} else {
					return None;
				};
				Some((v, q))
			})
			.collect();
		Some(ReactorView {
			asset: r.asset,
			t_asset: r.t_asset,
			deposits_paused: r.deposits_paused,
			paused: r.paused,
			written_off: r.written_off,
			supply: r.supply,
			idle: r.idle,
			deployed: r.deployed,
			shortfall: r.shortfall,
			withheld: r.withheld,
			redemption_rate,
			staked: r.staked,
			votes: r.votes.live,
			balance_ratio,
			deployed_per_venue,
			revenue: Revenue::<T>::get(id),
		})
	}

	/// [`ReactorsApi::position`].
	pub fn api_position(id: ReactorId, who: T::AccountId) -> PositionView {
		let Some(r) = Reactors::<T>::get(id) else { return PositionView::default() };
		let t_assets = T::TAssets::balance(r.t_asset, &who);
		let mut lp = LpPositions::<T>::get(id, &who).unwrap_or_default();
		let mut ld = LdPositions::<T>::get(id, &who).unwrap_or_default();
		Self::resolve_lp(id, &r, &mut lp);
		Self::resolve_ld(id, &r, &mut ld);
		PositionView {
			t_assets,
			earning: lp.earning,
			fresh: lp.fresh,
			withdrawal: lp.request,
			staked: Self::stake_of(&r, ld.shares),
			unstake: ld.leaving.map(|(shares, cycle)| (Self::stake_of(&r, shares), cycle)),
			unbonded: ld.unbonded,
			pending_rewards: lp.unclaimed.saturating_add(ld.unclaimed),
		}
	}

	/// [`ReactorsApi::apr`].
	pub fn api_apr(id: ReactorId) -> Option<(FixedU128, FixedU128)> {
		let r = Reactors::<T>::get(id)?;
		let emission = mul_div(
			T::EmissionPerCycle::get(),
			r.votes.live,
			TotalVotes::<T>::get().live,
			Rounding::Down,
		)?;
		let (v_lp, v_ld) = (
			Self::value(&r.asset, Self::redeem(&r, r.lp_earning))?,
			Self::value(&AssetKind::Native, Self::stake_of(&r, r.ld_earning))?,
		);
		let (lp, ld) = split_emission(emission, v_lp, v_ld)?;
		let per_year = u128::from(T::CyclesPerYear::get());
		let yearly = |reward: Balance, base: Balance| {
			let value = Self::value(&AssetKind::Native, reward.saturating_mul(per_year))?;
			FixedU128::checked_from_rational(value, base)
		};
		Some((yearly(lp, v_lp).unwrap_or_default(), yearly(ld, v_ld).unwrap_or_default()))
	}

	/// [`ReactorsApi::singularity_ratio`].
	pub fn api_singularity_ratio() -> Option<FixedU128> {
		let (mut pcv, mut deployed) = (0u128, 0u128);
		for (id, r) in Reactors::<T>::iter() {
			pcv = pcv.saturating_add(Self::value(&r.asset, Revenue::<T>::get(id))?);
			deployed = deployed.saturating_add(Self::value(&r.asset, r.deployed)?);
		}
		FixedU128::checked_from_rational(pcv, deployed)
	}

	/// [`ReactorsApi::cycle`].
	pub fn api_cycle() -> (Cycle, Phase) {
		(CurrentCycle::<T>::get(), RolloverPhase::<T>::get())
	}
}
