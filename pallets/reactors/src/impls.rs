//! What the calls do, the voting tally, reward settlement and the invariants.

use crate::{pallet::*, types::*};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible,
		fungibles::{Create, Inspect, Mutate},
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sluice_math::{
	rewards::accrued,
	shares::{shares_for_amount, shares_to_take, value_of_shares},
};
use sluice_primitives::{
	index::{IndexId, IndexVotes},
	venue::{Venue, VenueId, VenueKind},
	AssetId, AssetKind, Balance,
};
use sp_runtime::{
	traits::{AccountIdConversion, Zero},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// What `amount` of reactor `id`'s tAsset is worth in the reactor's asset: its pro-rata share
	/// of the LP assets the reactor holds, `(supply − shortfall) / supply` per tAsset (rounded
	/// down; zero for no such reactor).
	pub fn redemption_value(id: ReactorId, amount: Balance) -> Balance {
		Reactors::<T>::get(id).map_or(0, |r| Self::redeem(&r, amount))
	}

	/// What `amount` of the reactor's tAsset redeems for (rounded down).
	pub(crate) fn redeem(reactor: &Reactor, amount: Balance) -> Balance {
		value_of_shares(
			amount.min(reactor.supply),
			reactor.supply.saturating_sub(reactor.shortfall),
			reactor.supply,
		)
		.unwrap_or(0)
	}

	/// The tAssets `who`'s position freezes in its account, for the tAssets' freezer: `None`
	/// for assets that are not tAssets and for nothing frozen.
	pub fn frozen_t_assets(asset: AssetId, who: &T::AccountId) -> Option<Balance> {
		let id = asset.checked_sub(T::TAssetIdBase::get())?;
		if id >= NextReactorId::<T>::get() {
			return None;
		}
		LpPositions::<T>::get(id, who).map(|p| p.locked()).filter(|locked| !locked.is_zero())
	}

	/// The account holding idle LP assets and the venue positions.
	pub fn account_id() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The account holding minted emissions until they are claimed.
	pub fn rewards_account() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(*b"rewards")
	}

	/// The account holding the reserve that covers venue losses first.
	pub fn reserve_account() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(*b"reserve")
	}

	/// The account holding the liquidity directors' staked SLC.
	pub fn stake_account() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(*b"stake")
	}

	/// The account holding the protocol-controlled value: the venue revenue that backs loss
	/// cover and the deployment cap. No treasury spend reaches it.
	pub fn pcv_account() -> T::AccountId {
		T::PalletId::get().into_sub_account_truncating(*b"pcv")
	}

	pub(crate) fn reactor(id: ReactorId) -> Result<Reactor, Error<T>> {
		Reactors::<T>::get(id).ok_or(Error::<T>::ReactorNotFound)
	}

	fn ensure_idle() -> Result<(), Error<T>> {
		ensure!(RolloverPhase::<T>::get() == Phase::Idle, Error::<T>::RolloverInProgress);
		Ok(())
	}

	/// Whether the last rollover left one of the reactor's venues unrecalled.
	pub(crate) fn is_unsettled(reactor: &Reactor) -> bool {
		reactor.unsettled == Some(CurrentCycle::<T>::get())
	}

	/// The rollover running now, if any: what it reads stays as it was when it started.
	pub(crate) fn running_rollover() -> Option<Cycle> {
		(RolloverPhase::<T>::get() != Phase::Idle).then(CurrentCycle::<T>::get)
	}

	/// The cohort of amounts deposited, staked or requested now: the next rollover's (while a
	/// rollover runs, the one after it).
	pub(crate) fn cohort_now() -> Cycle {
		CurrentCycle::<T>::get().saturating_add(1)
	}

	/// Changes cohort `label` of reactor `id` with `change`; `refs` adds (or, negative, drops)
	/// position references. A converted cohort no position refers to is removed.
	pub(crate) fn with_cohort(
		id: ReactorId,
		label: Cycle,
		refs: i8,
		change: impl FnOnce(&mut Cohort),
	) {
		Cohorts::<T>::mutate_exists(id, label, |entry| {
			let mut cohort = entry.take().unwrap_or_default();
			change(&mut cohort);
			cohort.refs = if refs >= 0 {
				cohort.refs.saturating_add(u32::from(refs.unsigned_abs()))
			} else {
				cohort.refs.saturating_sub(u32::from(refs.unsigned_abs()))
			};
			let done = cohort.converted.is_some() || cohort == Cohort::default();
			if !(cohort.refs == 0 && done) {
				*entry = Some(cohort);
			}
		});
	}

	fn converted(id: ReactorId, label: Cycle) -> Option<Conversion> {
		Cohorts::<T>::get(id, label).and_then(|c| c.converted)
	}

	pub(crate) fn do_create_reactor(asset: AssetKind) -> Result<ReactorId, DispatchError> {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		ensure!(!Reactors::<T>::iter_values().any(|r| r.asset == asset), Error::<T>::ReactorExists);
		let id = NextReactorId::<T>::get();
		ensure!(id < T::MaxReactors::get(), Error::<T>::TooManyReactors);
		let t_asset = T::TAssetIdBase::get().checked_add(id).ok_or(Error::<T>::TAssetIdTaken)?;
		ensure!(!T::TAssets::asset_exists(t_asset), Error::<T>::TAssetIdTaken);
		T::TAssets::create(t_asset, Self::account_id(), false, 1)?;
		{
			use sluice_primitives::metadata::TokenNames;
			use sp_runtime::traits::Convert;
			let symbol = [b"t".as_slice(), &T::TokenNames::symbol(&asset)].concat();
			let name = [b"Sluice ".as_slice(), &symbol].concat();
			T::TokenNames::set(t_asset, name, symbol, T::Decimals::convert(asset.clone()))?;
		}
		Reactors::<T>::insert(
			id,
			Reactor {
				asset: asset.clone(),
				t_asset,
				deposits_paused: false,
				paused: false,
				supply: 0,
				idle: 0,
				deployed: 0,
				shortfall: 0,
				withheld: 0,
				staked: 0,
				stake_shares: 0,
				unbonding: 0,
				lp_earning: 0,
				ld_earning: 0,
				lp_rps: 0,
				ld_rps: 0,
				votes: Votes::default(),
				emission_votes: 0,
				deployable: 0,
				at_risk: 0,
				open_cohort: Self::cohort_now(),
				unsettled: None,
				written_off: 0,
				stake_cover: None,
			},
		);
		NextReactorId::<T>::put(id.saturating_add(1));
		Self::deposit_event(Event::ReactorCreated { reactor: id, asset, t_asset });
		Ok(id)
	}

	pub(crate) fn do_set_deposits_paused(reactor: ReactorId, paused: bool) -> DispatchResult {
		Reactors::<T>::try_mutate(reactor, |r| -> DispatchResult {
			let r = r.as_mut().ok_or(Error::<T>::ReactorNotFound)?;
			r.deposits_paused = paused;
			Ok(())
		})?;
		Self::deposit_event(Event::DepositsPaused { reactor, paused });
		Ok(())
	}

	pub(crate) fn do_set_reactor_paused(reactor: ReactorId, paused: bool) -> DispatchResult {
		ensure!(Self::running_rollover().is_none(), Error::<T>::RolloverInProgress);
		Reactors::<T>::try_mutate(reactor, |r| -> DispatchResult {
			let r = r.as_mut().ok_or(Error::<T>::ReactorNotFound)?;
			r.paused = paused;
			Ok(())
		})?;
		Self::deposit_event(Event::ReactorPaused { reactor, paused });
		Ok(())
	}

	pub(crate) fn do_set_venue_paused(id: VenueId, paused: bool) -> DispatchResult {
		let mut venue = Venues::<T>::get(id).ok_or(Error::<T>::VenueNotFound)?;
		ensure!(!venue.removed, Error::<T>::VenueRemoved);
		ensure!(Self::running_rollover().is_none(), Error::<T>::RolloverInProgress);
		venue.paused = paused;
		Venues::<T>::insert(id, venue);
		Self::deposit_event(Event::VenuePaused { venue: id, paused });
		if paused {
			// In an emergency the liquidity comes out now, under the rollover's price check;
			// a recall refused here is not counted towards a write-off.
			Self::recall(id, false);
		}
		Ok(())
	}

	pub(crate) fn do_remove_venue(id: VenueId) -> DispatchResult {
		let mut venue = Venues::<T>::get(id).ok_or(Error::<T>::VenueNotFound)?;
		ensure!(!venue.removed, Error::<T>::VenueRemoved);
		// Deployed liquidity comes back first (pause it); a written-off venue may be abandoned:
		// its write-off becomes a loss like any other, covered from the next rollover on.
		ensure!(
			venue.deployed_a.is_zero() && venue.deployed_b.is_zero(),
			Error::<T>::VenueHoldsLiquidity
		);
		ensure!(Self::running_rollover().is_none(), Error::<T>::RolloverInProgress);
		for (reactor, written_down) in
			[(venue.a, venue.written_down.0), (venue.b, venue.written_down.1)]
		{
			let votes = Tally::<T>::take(reactor, id).live;
			Reactors::<T>::mutate(reactor, |r| {
				if let Some(r) = r.as_mut() {
					r.votes.set(None, r.votes.live.saturating_sub(votes));
					// Abandoned: its write-off is a loss like any other from now on.
					r.written_off = r.written_off.saturating_sub(written_down);
				}
			});
			TotalVotes::<T>::mutate(|t| t.set(None, t.live.saturating_sub(votes)));
		}
		venue.paused = true;
		venue.removed = true;
		Venues::<T>::insert(id, venue);
		Self::deposit_event(Event::VenueRemoved { venue: id });
		Ok(())
	}

	pub(crate) fn do_add_venue(a: ReactorId, b: ReactorId, kind: VenueKind) -> DispatchResult {
		let (ra, rb) = (Self::reactor(a)?, Self::reactor(b)?);
		ensure!(
			a != b && T::Venue::supports(kind, (&ra.asset, &rb.asset)),
			Error::<T>::UnsupportedVenue
		);
		// One venue per pair and kind: a recall takes all of the pallet's liquidity there.
		ensure!(
			!Venues::<T>::iter_values().any(|v| {
				!v.removed && v.kind == kind && ((v.a == a && v.b == b) || (v.a == b && v.b == a))
			}),
			Error::<T>::VenueExists
		);
		let id = NextVenueId::<T>::get();
		ensure!(id < T::MaxVenues::get(), Error::<T>::TooManyVenues);
		Venues::<T>::insert(
			id,
			VenueInfo {
				kind,
				a,
				b,
				deployed_a: 0,
				deployed_b: 0,
				paused: false,
				removed: false,
				failed_recalls: 0,
				written_down: (0, 0),
			},
		);
		NextVenueId::<T>::put(id.saturating_add(1));
		Self::deposit_event(Event::VenueAdded { venue: id, kind, a, b });
		Ok(())
	}

	/// Settles an LP position: its fresh units join the earning ones once their cohort has
	/// converted (rewards up to then on the earning units alone), then rewards up to now.
	pub(crate) fn settle_lp(id: ReactorId, reactor: &Reactor, position: &mut LpPosition) {
		if let Some(label) = Self::resolve_lp(id, reactor, position) {
			Self::with_cohort(id, label, -1, |_| {});
		}
	}

	/// A position's fresh `amount` joins its `earning` units at the accumulator value `rps_at`
	/// of its cohort's conversion: the earning units are paid up to then first.
	fn start_earning(
		(earning, rps_paid, unclaimed): (&mut Balance, &mut u128, &mut Balance),
		amount: Balance,
		rps_at: u128,
	) {
		let owed = accrued(*earning, *rps_paid, rps_at).unwrap_or(0);
		*unclaimed = unclaimed.saturating_add(owed);
		*rps_paid = rps_at;
		*earning = earning.saturating_add(amount);
	}

	/// What [`Self::settle_lp`] does to the position, without dropping the reference to the
	/// cohort it leaves (returned).
	pub(crate) fn resolve_lp(
		id: ReactorId,
		reactor: &Reactor,
		position: &mut LpPosition,
	) -> Option<Cycle> {
		let mut left = None;
		if let Some((amount, label)) = position.fresh {
			if let Some(conversion) = Self::converted(id, label) {
				Self::start_earning(
					(&mut position.earning, &mut position.rps_paid, &mut position.unclaimed),
					amount,
					conversion.lp_rps,
				);
				position.fresh = None;
				left = Some(label);
			}
		}
		// The accumulator only grows and the product is bounded by the minted emissions.
		let owed = accrued(position.earning, position.rps_paid, reactor.lp_rps).unwrap_or(0);
		position.unclaimed = position.unclaimed.saturating_add(owed);
		position.rps_paid = reactor.lp_rps;
		left
	}

	/// Adds `amount` to the position's slot in the cohort of now (`field` of the cohort counts
	/// it). An unconverted earlier cohort in the slot moves into the later one with it.
	fn join_cohort(
		id: ReactorId,
		slot: &mut Option<(Balance, Cycle)>,
		amount: Balance,
		field: fn(&mut Cohort) -> &mut Balance,
	) {
		let label = Self::cohort_now();
		let mut total = amount;
		match slot.take() {
			Some((old, old_label)) if old_label != label => {
				total = total.saturating_add(old);
				Self::with_cohort(id, old_label, -1, |c| {
					let f = field(c);
					*f = f.saturating_sub(old)
				});
				Self::with_cohort(id, label, 1, |c| {
					let f = field(c);
					*f = f.saturating_add(old)
				});
			}
			Some((old, _)) => total = total.saturating_add(old),
			None => Self::with_cohort(id, label, 1, |_| {}),
		}
		Self::with_cohort(id, label, 0, |c| {
			let f = field(c);
			*f = f.saturating_add(amount)
		});
		*slot = Some((total, label));
	}

	/// Takes up to `amount` out of the position's slot and its cohort; returns what it took.
	fn leave_cohort(
		id: ReactorId,
		slot: &mut Option<(Balance, Cycle)>,
		amount: Balance,
		field: fn(&mut Cohort) -> &mut Balance,
	) -> Balance {
		let Some((held, label)) = *slot else { return 0 };
		let taken = amount.min(held);
		let rest = held.saturating_sub(taken);
		let refs = if rest.is_zero() { -1 } else { 0 };
		Self::with_cohort(id, label, refs, |c| {
			let f = field(c);
			*f = f.saturating_sub(taken)
		});
		*slot = (!rest.is_zero()).then_some((rest, label));
		taken
	}

	fn lp_fresh(c: &mut Cohort) -> &mut Balance {
		&mut c.lp_fresh
	}

	fn ld_fresh(c: &mut Cohort) -> &mut Balance {
		&mut c.ld_fresh
	}

	fn ld_leaving(c: &mut Cohort) -> &mut Balance {
		&mut c.ld_leaving
	}

	/// Takes `amount` out of the position's fresh units, then its earning ones; they stop
	/// earning. The caller checked that the position has that much.
	fn take_lp(id: ReactorId, reactor: &mut Reactor, position: &mut LpPosition, amount: Balance) {
		let left = amount.saturating_sub(Self::leave_cohort(
			id,
			&mut position.fresh,
			amount,
			Self::lp_fresh,
		));
		position.earning = position.earning.saturating_sub(left);
		reactor.lp_earning = reactor.lp_earning.saturating_sub(left);
	}

	/// SLC that `shares` of the reactor's stake are worth (rounded down).
	pub(crate) fn stake_of(reactor: &Reactor, shares: Balance) -> Balance {
		value_of_shares(shares, reactor.staked, reactor.stake_shares).unwrap_or(0)
	}

	/// Settles an LD position: fresh shares join the earning ones once their cohort has
	/// converted, leaving shares that have left become unbonded SLC, then rewards up to now.
	pub(crate) fn settle_ld(id: ReactorId, reactor: &Reactor, position: &mut LdPosition) {
		for label in Self::resolve_ld(id, reactor, position).into_iter().flatten() {
			Self::with_cohort(id, label, -1, |_| {});
		}
	}

	/// What [`Self::settle_ld`] does to the position, without dropping the references to the
	/// cohorts it leaves (returned).
	pub(crate) fn resolve_ld(
		id: ReactorId,
		reactor: &Reactor,
		position: &mut LdPosition,
	) -> [Option<Cycle>; 2] {
		let mut left = [None, None];
		if let Some((shares, label)) = position.fresh {
			if let Some(conversion) = Self::converted(id, label) {
				Self::start_earning(
					(&mut position.earning, &mut position.rps_paid, &mut position.unclaimed),
					shares,
					conversion.ld_rps,
				);
				position.fresh = None;
				left[0] = Some(label);
			}
		}
		if let Some((shares, label)) = position.leaving {
			if let Some(conversion) = Self::converted(id, label) {
				// Each LD's part rounds down: together they take at most what left the stake.
				let slc =
					value_of_shares(shares, conversion.staked, conversion.shares).unwrap_or(0);
				position.unbonded = position.unbonded.saturating_add(slc);
				position.shares = position.shares.saturating_sub(shares);
				position.leaving = None;
				left[1] = Some(label);
			}
		}
		let owed = accrued(position.earning, position.rps_paid, reactor.ld_rps).unwrap_or(0);
		position.unclaimed = position.unclaimed.saturating_add(owed);
		position.rps_paid = reactor.ld_rps;
		left
	}

	/// Sets the position's counted stake to what its shares not leaving are worth now, and
	/// `who`'s total stake (its voting power) with it.
	fn sync_ld(reactor: &Reactor, who: &T::AccountId, position: &mut LdPosition) {
		let staying = position.shares.saturating_sub(position.leaving.map_or(0, |(s, _)| s));
		let now = Self::stake_of(reactor, staying);
		Staked::<T>::mutate_exists(who, |s| {
			let total = s.unwrap_or(0).saturating_sub(position.staked).saturating_add(now);
			*s = (!total.is_zero()).then_some(total);
		});
		position.staked = now;
	}

	fn add(a: Balance, b: Balance) -> Result<Balance, Error<T>> {
		a.checked_add(b).ok_or(Error::<T>::Overflow)
	}

	fn sub(a: Balance, b: Balance) -> Result<Balance, Error<T>> {
		a.checked_sub(b).ok_or(Error::<T>::Overflow)
	}

	pub(crate) fn do_deposit(who: T::AccountId, id: ReactorId, amount: Balance) -> DispatchResult {
		ensure!(amount >= T::MinAmount::get() && !amount.is_zero(), Error::<T>::AmountTooSmall);
		let mut reactor = Self::reactor(id)?;
		ensure!(!reactor.deposits_paused && !reactor.paused, Error::<T>::DepositsPaused);
		ensure!(!Self::is_unsettled(&reactor), Error::<T>::ReactorUnsettled);
		// A deposit while a shortfall stands would share in the gains and covers that pay it
		// down, or (minted at the redemption rate) make the shortfall to cover larger: above
		// dust (0.01 % of the supply), and while a venue's write-off may still come back,
		// deposits wait. Below it, tAssets are minted 1:1 and share the dust until it is covered.
		ensure!(
			reactor.shortfall.saturating_mul(10_000) <= reactor.supply
				&& reactor.written_off.is_zero(),
			Error::<T>::ReactorInShortfall
		);
		let minted = amount;
		let account = Self::account_id();
		// The first deposit of an asset also pays its minimum balance, which stays in the
		// pallet's account for good (never counted as idle), so that paying out or deploying the
		// whole idle amount never has to reap the account.
		let kept = if T::Assets::balance(reactor.asset.clone(), &account).is_zero() {
			T::Assets::minimum_balance(reactor.asset.clone())
		} else {
			0
		};
		T::Assets::transfer(
			reactor.asset.clone(),
			&who,
			&account,
			Self::add(amount, kept)?,
			Preservation::Preserve,
		)?;
		let mut position = LpPositions::<T>::get(id, &who).unwrap_or_default();
		Self::settle_lp(id, &reactor, &mut position);
		Self::join_cohort(id, &mut position.fresh, minted, Self::lp_fresh);
		reactor.supply = Self::add(reactor.supply, minted)?;
		reactor.idle = Self::add(reactor.idle, amount)?;
		LpPositions::<T>::insert(id, &who, position);
		T::TAssets::mint_into(reactor.t_asset, &who, minted)?;
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::Deposited { reactor: id, who, amount, minted });
		Ok(())
	}

	pub(crate) fn do_request_withdrawal(
		who: T::AccountId,
		id: ReactorId,
		amount: Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::AmountTooSmall);
		let mut reactor = Self::reactor(id)?;
		let mut position = LpPositions::<T>::get(id, &who).unwrap_or_default();
		ensure!(position.request.is_none(), Error::<T>::RequestPending);
		Self::settle_lp(id, &reactor, &mut position);
		let held = T::TAssets::balance(reactor.t_asset, &who);
		ensure!(held >= amount, Error::<T>::InsufficientBalance);
		// Unfrozen tAssets first, then fresh, then earning units.
		let free = held.saturating_sub(position.locked());
		Self::take_lp(id, &mut reactor, &mut position, amount.saturating_sub(free));
		reactor.withheld = Self::add(reactor.withheld, amount)?;
		let cycle = Self::cohort_now();
		position.request = Some((amount, cycle));
		LpPositions::<T>::insert(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::WithdrawalRequested { reactor: id, who, amount, cycle });
		Ok(())
	}

	pub(crate) fn do_cancel_withdrawal(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let mut reactor = Self::reactor(id)?;
		let mut position = LpPositions::<T>::get(id, &who).ok_or(Error::<T>::NoRequest)?;
		let (amount, _) = position.request.take().ok_or(Error::<T>::NoRequest)?;
		Self::settle_lp(id, &reactor, &mut position);
		// Back at risk from the next rollover, earning from then on.
		Self::join_cohort(id, &mut position.fresh, amount, Self::lp_fresh);
		reactor.withheld = reactor.withheld.saturating_sub(amount);
		LpPositions::<T>::insert(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::WithdrawalCancelled { reactor: id, who, amount });
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: ReactorId) -> DispatchResult {
		Self::ensure_idle()?;
		let mut reactor = Self::reactor(id)?;
		let mut position = LpPositions::<T>::get(id, &who).ok_or(Error::<T>::NoRequest)?;
		let (amount, cycle) = position.request.ok_or(Error::<T>::NoRequest)?;
		ensure!(cycle <= CurrentCycle::<T>::get(), Error::<T>::RequestNotDue);
		ensure!(!Self::is_unsettled(&reactor), Error::<T>::ReactorUnsettled);
		let paid = Self::redeem(&reactor, amount);
		ensure!(reactor.idle >= paid, Error::<T>::LiquidityDeployed);
		Self::settle_lp(id, &reactor, &mut position);
		position.request = None;
		// The burnt tAssets take their part of the shortfall with them.
		reactor.shortfall = reactor.shortfall.saturating_sub(amount.saturating_sub(paid));
		reactor.withheld = reactor.withheld.saturating_sub(amount);
		reactor.supply = Self::sub(reactor.supply, amount)?;
		reactor.idle = Self::sub(reactor.idle, paid)?;
		// Unfrozen before the burn.
		Self::store_lp(id, &who, position);
		T::TAssets::burn_from(
			reactor.t_asset,
			&who,
			amount,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		Self::pay(&reactor.asset, &Self::account_id(), &who, paid)?;
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::Withdrawn { reactor: id, who, amount, paid });
		Ok(())
	}

	pub(crate) fn do_release(who: T::AccountId, id: ReactorId, amount: Balance) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::AmountTooSmall);
		let mut reactor = Self::reactor(id)?;
		let mut position = LpPositions::<T>::get(id, &who).ok_or(Error::<T>::NothingToRelease)?;
		Self::settle_lp(id, &reactor, &mut position);
		let earning = position.earning.saturating_add(position.fresh.map_or(0, |(f, _)| f));
		ensure!(earning >= amount, Error::<T>::NothingToRelease);
		Self::take_lp(id, &mut reactor, &mut position, amount);
		Self::store_lp(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::Released { reactor: id, who, amount });
		Ok(())
	}

	pub(crate) fn do_earn(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let reactor = Self::reactor(id)?;
		let mut position = LpPositions::<T>::get(id, &who).unwrap_or_default();
		Self::settle_lp(id, &reactor, &mut position);
		let held = T::TAssets::balance(reactor.t_asset, &who);
		let amount = held.saturating_sub(position.locked());
		ensure!(!amount.is_zero(), Error::<T>::NothingToEarn);
		Self::join_cohort(id, &mut position.fresh, amount, Self::lp_fresh);
		LpPositions::<T>::insert(id, &who, position);
		Self::deposit_event(Event::Earning { reactor: id, who, amount });
		Ok(())
	}

	/// Stores the position, or removes it once it holds nothing (its accumulator mark aside).
	fn store_lp(id: ReactorId, who: &T::AccountId, position: LpPosition) {
		if (LpPosition { rps_paid: 0, ..position.clone() }) == LpPosition::default() {
			LpPositions::<T>::remove(id, who);
		} else {
			LpPositions::<T>::insert(id, who, position);
		}
	}

	/// Stores the position, or removes it once it holds nothing (its accumulator mark aside).
	fn store_ld(id: ReactorId, who: &T::AccountId, position: LdPosition) {
		if (LdPosition { rps_paid: 0, ..position.clone() }) == LdPosition::default() {
			LdPositions::<T>::remove(id, who);
		} else {
			LdPositions::<T>::insert(id, who, position);
		}
	}

	pub(crate) fn do_stake(who: T::AccountId, id: ReactorId, amount: Balance) -> DispatchResult {
		ensure!(amount >= T::MinAmount::get() && !amount.is_zero(), Error::<T>::AmountTooSmall);
		let mut reactor = Self::reactor(id)?;
		// Shares at the stake's current worth (rounded down: the stake keeps the fraction).
		let shares = if reactor.stake_shares.is_zero() {
			amount
		} else {
			shares_for_amount(amount, reactor.staked, reactor.stake_shares)
				.ok_or(Error::<T>::Overflow)?
		};
		ensure!(!shares.is_zero(), Error::<T>::AmountTooSmall);
		let mut position = LdPositions::<T>::get(id, &who).unwrap_or_default();
		Self::settle_ld(id, &reactor, &mut position);
		Self::join_cohort(id, &mut position.fresh, shares, Self::ld_fresh);
		position.shares = Self::add(position.shares, shares)?;
		reactor.stake_shares = Self::add(reactor.stake_shares, shares)?;
		reactor.staked = Self::add(reactor.staked, amount)?;
		<T::Currency as fungible::Mutate<_>>::transfer(
			&who,
			&Self::stake_account(),
			amount,
			Preservation::Preserve,
		)?;
		Self::sync_ld(&reactor, &who, &mut position);
		LdPositions::<T>::insert(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::retally(&who, None)?;
		Self::deposit_event(Event::Staked { reactor: id, who, amount });
		Ok(())
	}

	pub(crate) fn do_request_unstake(
		who: T::AccountId,
		id: ReactorId,
		amount: Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::AmountTooSmall);
		ensure!(!Self::stake_in_core_vote(&who), Error::<T>::StakeInCoreVote);
		let mut reactor = Self::reactor(id)?;
		let mut position = LdPositions::<T>::get(id, &who).ok_or(Error::<T>::NoStake)?;
		Self::settle_ld(id, &reactor, &mut position);
		let leaving = position.leaving.map_or(0, |(s, _)| s);
		let staying = position.shares.saturating_sub(leaving);
		ensure!(Self::stake_of(&reactor, staying) >= amount, Error::<T>::InsufficientBalance);
		// The shares worth `amount` (rounded up), at most the position's.
		let shares = shares_to_take(amount, reactor.staked, reactor.stake_shares)
			.ok_or(Error::<T>::Overflow)?
			.min(staying);
		// Fresh shares first (they never earned), then earning ones, which stop earning now.
		let left = shares.saturating_sub(Self::leave_cohort(
			id,
			&mut position.fresh,
			shares,
			Self::ld_fresh,
		));
		position.earning = position.earning.saturating_sub(left);
		reactor.ld_earning = reactor.ld_earning.saturating_sub(left);
		// They leave at the next rollover, after its recall: a loss it finds reaches them.
		Self::join_cohort(id, &mut position.leaving, shares, Self::ld_leaving);
		let label = Self::cohort_now();
		Self::sync_ld(&reactor, &who, &mut position);
		LdPositions::<T>::insert(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::retally(&who, None)?;
		Self::deposit_event(Event::UnstakeRequested { reactor: id, who, amount, cycle: label });
		Ok(())
	}

	pub(crate) fn do_cancel_unstake(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let reactor = Self::reactor(id)?;
		let mut position = LdPositions::<T>::get(id, &who).ok_or(Error::<T>::NoRequest)?;
		Self::settle_ld(id, &reactor, &mut position);
		let (shares, _) = position.leaving.ok_or(Error::<T>::NoRequest)?;
		Self::leave_cohort(id, &mut position.leaving, shares, Self::ld_leaving);
		// Back at stake; earning again from the next rollover.
		Self::join_cohort(id, &mut position.fresh, shares, Self::ld_fresh);
		Self::sync_ld(&reactor, &who, &mut position);
		let amount = Self::stake_of(&reactor, shares);
		LdPositions::<T>::insert(id, &who, position);
		Self::retally(&who, None)?;
		Self::deposit_event(Event::UnstakeCancelled { reactor: id, who, amount });
		Ok(())
	}

	pub(crate) fn do_unstake(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let mut reactor = Self::reactor(id)?;
		let mut position = LdPositions::<T>::get(id, &who).ok_or(Error::<T>::NoRequest)?;
		Self::settle_ld(id, &reactor, &mut position);
		let amount = core::mem::take(&mut position.unbonded);
		if amount.is_zero() {
			let due = position.leaving.map(|(_, label)| label);
			return Err(if due.is_some() {
				Error::<T>::RequestNotDue
			} else {
				Error::<T>::NoRequest
			}
			.into());
		}
		reactor.unbonding = Self::sub(reactor.unbonding, amount)?;
		<T::Currency as fungible::Mutate<_>>::transfer(
			&Self::stake_account(),
			&who,
			amount,
			Preservation::Preserve,
		)?;
		Self::sync_ld(&reactor, &who, &mut position);
		Self::store_ld(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::retally(&who, None)?;
		Self::deposit_event(Event::Unstaked { reactor: id, who, amount });
		Ok(())
	}

	pub(crate) fn do_recount(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let reactor = Self::reactor(id)?;
		// A voter through index funds alone has no stake to settle: its votes are recounted
		// with what its frozen index tokens hold now.
		let position = LdPositions::<T>::get(id, &who);
		ensure!(position.is_some() || Allocations::<T>::contains_key(&who), Error::<T>::NoStake);
		let mut staked = 0;
		if let Some(mut position) = position {
			Self::settle_ld(id, &reactor, &mut position);
			Self::sync_ld(&reactor, &who, &mut position);
			staked = position.staked;
			LdPositions::<T>::insert(id, &who, position);
		}
		Self::retally(&who, None)?;
		Self::deposit_event(Event::Recounted { reactor: id, who, staked });
		Ok(())
	}

	/// `who`'s voting power: its stake over all reactors (not leaving) plus the SLC held by the
	/// voting index funds for the index tokens its votes froze (at most the tokens it holds).
	pub fn voting_power(who: &T::AccountId) -> Balance {
		let (locks, released) = IndexVoteLocks::<T>::get(who);
		let locks = if released.is_some() { Default::default() } else { locks };
		VotingIndices::<T>::get().iter().fold(Staked::<T>::get(who), |power, index| {
			let locked = locks.iter().find(|(i, _)| i == index).map_or(0, |(_, tokens)| *tokens);
			let tokens = locked.min(T::IndexVotes::tokens_of(*index, who));
			power.saturating_add(T::IndexVotes::holdings_of(*index, tokens, &AssetKind::Native))
		})
	}

	/// The index tokens of fund `index` that `who`'s votes freeze, for the index tokens'
	/// freezer: `None` when the fund does not vote or nothing is frozen. Tokens of a voter that
	/// stopped stay frozen until the end of the rollover that last split an emission by them.
	pub fn frozen_index_tokens(index: IndexId, who: &T::AccountId) -> Option<Balance> {
		if !VotingIndices::<T>::get().contains(&index) {
			return None;
		}
		let (locks, released) = IndexVoteLocks::<T>::get(who);
		if let Some(cycle) = released {
			let now = CurrentCycle::<T>::get();
			if now > cycle || (now == cycle && Self::running_rollover().is_none()) {
				return None;
			}
		}
		locks.into_iter().find(|(i, _)| *i == index).map(|(_, tokens)| tokens)
	}

	/// Freezes all the index tokens `who` holds of every voting fund (they count in its votes
	/// and cannot move to vote again from another account). When it stops voting, the tokens
	/// stay frozen until the rollover after the next has run: the next rollover splits its
	/// emission by the votes they made.
	fn lock_index_tokens(who: &T::AccountId, voting: bool) {
		IndexVoteLocks::<T>::mutate_exists(who, |entry| {
			if voting {
				let locks: Vec<(IndexId, Balance)> = VotingIndices::<T>::get()
					.iter()
					.map(|index| (*index, T::IndexVotes::tokens_of(*index, who)))
					.filter(|(_, tokens)| !tokens.is_zero())
					.collect();
				*entry = (!locks.is_empty()).then(|| (BoundedVec::truncate_from(locks), None));
			} else if let Some((_, released)) = entry.as_mut() {
				// The next rollover's end; a release already running keeps its (earlier) end.
				released.get_or_insert(Self::cohort_now());
			}
		});
	}

	fn apply_votes(
		power: Balance,
		allocations: &AllocationsOf<T>,
		add: bool,
	) -> Result<(), Error<T>> {
		let rollover = Self::running_rollover();
		for (reactor, venue, share) in allocations {
			// A removed venue's votes were taken out of the tally when it was removed.
			if Venues::<T>::get(venue).is_none_or(|v| v.removed) {
				continue;
			}
			let votes = share.mul_floor(power);
			let change = |v: &mut Votes| -> Result<(), Error<T>> {
				let live = if add { Self::add(v.live, votes)? } else { Self::sub(v.live, votes)? };
				v.set(rollover, live);
				Ok(())
			};
			Tally::<T>::try_mutate(reactor, venue, change)?;
			Reactors::<T>::try_mutate(reactor, |r| -> Result<(), Error<T>> {
				change(&mut r.as_mut().ok_or(Error::<T>::ReactorNotFound)?.votes)
			})?;
			TotalVotes::<T>::try_mutate(change)?;
		}
		Ok(())
	}

	/// Recounts `who`'s votes with its current power, and `allocations` if given (else the
	/// stored ones): votes persist and scale with the power.
	pub(crate) fn retally(
		who: &T::AccountId,
		allocations: Option<AllocationsOf<T>>,
	) -> Result<Balance, Error<T>> {
		let old = Allocations::<T>::take(who);
		if let Some((power, allocations)) = &old {
			Self::apply_votes(*power, allocations, false)?;
		}
		let Some(allocations) = allocations.or(old.map(|(_, a)| a)) else { return Ok(0) };
		let power = Self::voting_power(who);
		if allocations.is_empty() {
			return Ok(power);
		}
		Self::apply_votes(power, &allocations, true)?;
		Allocations::<T>::insert(who, (power, allocations));
		Ok(power)
	}

	pub(crate) fn do_vote(who: T::AccountId, allocations: AllocationsOf<T>) -> DispatchResult {
		let mut total: u64 = 0;
		for (i, (reactor, venue, share)) in allocations.iter().enumerate() {
			let info = Venues::<T>::get(venue).ok_or(Error::<T>::VenueNotFound)?;
			ensure!(!info.removed, Error::<T>::VenueRemoved);
			ensure!(info.a == *reactor || info.b == *reactor, Error::<T>::InvalidAllocation);
			ensure!(
				!allocations.iter().skip(i + 1).any(|(r, v, _)| r == reactor && v == venue),
				Error::<T>::InvalidAllocation
			);
			total = total.saturating_add(u64::from(share.deconstruct()));
		}
		ensure!(
			total <= u64::from(Perbill::one().deconstruct()),
			Error::<T>::AllocationsExceedPower
		);
		let voting = !allocations.is_empty();
		Self::lock_index_tokens(&who, voting);
		// Anyone may stop voting; voting needs power.
		ensure!(!voting || !Self::voting_power(&who).is_zero(), Error::<T>::NoVotingPower);
		let power = Self::retally(&who, Some(allocations))?;
		Self::deposit_event(Event::Voted { who, power });
		Ok(())
	}

	pub(crate) fn do_claim(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let reactor = Self::reactor(id)?;
		let mut total: Balance = 0;
		if let Some(mut lp) = LpPositions::<T>::get(id, &who) {
			Self::settle_lp(id, &reactor, &mut lp);
			total = Self::add(total, core::mem::take(&mut lp.unclaimed))?;
			Self::store_lp(id, &who, lp);
		}
		if let Some(mut ld) = LdPositions::<T>::get(id, &who) {
			// The counted stake is left as it is: `recount` lowers it and the votes together.
			Self::settle_ld(id, &reactor, &mut ld);
			total = Self::add(total, core::mem::take(&mut ld.unclaimed))?;
			Self::store_ld(id, &who, ld);
		}
		ensure!(!total.is_zero(), Error::<T>::NothingToClaim);
		<T::Currency as fungible::Mutate<_>>::transfer(
			&Self::rewards_account(),
			&who,
			total,
			Preservation::Preserve,
		)?;
		Self::deposit_event(Event::Claimed { reactor: id, who, amount: total });
		Ok(())
	}

	/// Checks the books: tAsset supply = LP claims = idle + deployed + shortfall; withheld ≤
	/// supply and frozen tAssets are held; venue deployments add up per reactor; the pallet holds
	/// the idle assets; votes add up; stakes, shares, cohorts and positions add up; the rewards
	/// account holds every reward owed; held SLC = CoRE locks. Iterates everything: for tests and
	/// try-runtime only.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use fungible::InspectHold;
		let mut total_votes: Balance = 0;
		let mut staked: Balance = 0;
		let mut owed_rewards: Balance = 0;
		for (id, r) in Reactors::<T>::iter() {
			ensure!(
				T::TAssets::total_issuance(r.t_asset) == r.supply,
				"tAsset supply differs from the reactor's"
			);
			ensure!(
				r.idle.checked_add(r.deployed).and_then(|x| x.checked_add(r.shortfall))
					== Some(r.supply),
				"idle + deployed + shortfall differs from the LP claims"
			);
			ensure!(r.withheld <= r.supply, "more tAssets withheld than exist");
			let written_off: Balance = Venues::<T>::iter_values()
				.filter(|v| !v.removed)
				.map(|v| v.side_of(id, v.written_down))
				.sum();
			ensure!(written_off == r.written_off, "write-offs differ from the venues'");
			let held = T::Assets::balance(r.asset.clone(), &Self::account_id());
			ensure!(held >= r.idle, "the pallet holds less than the idle LP assets");
			let deployed: Balance = Venues::<T>::iter_values()
				.map(|v| v.side_of(id, (v.deployed_a, v.deployed_b)))
				.sum();
			ensure!(deployed == r.deployed, "venue deployments differ from the reactor's");
			let tally: Balance = Tally::<T>::iter_prefix_values(id).map(|t| t.live).sum();
			ensure!(tally == r.votes.live, "a reactor's votes differ from its tally");
			total_votes = total_votes.saturating_add(r.votes.live);
			let converted =
				|label: Cycle| Cohorts::<T>::get(id, label).is_some_and(|c| c.converted.is_some());
			// Positions: shares, earning units, cohort amounts and references.
			let (mut shares, mut ld_earning, mut unbonded): (Balance, Balance, Balance) = (0, 0, 0);
			let mut worth: Balance = 0;
			let mut cohorts = alloc::collections::BTreeMap::<Cycle, Cohort>::new();
			let mut count = |label: Cycle, f: &dyn Fn(&mut Cohort)| {
				let c = cohorts.entry(label).or_default();
				c.refs = c.refs.saturating_add(1);
				f(c);
			};
			for (_, p) in LdPositions::<T>::iter_prefix(id) {
				let mut settled = p.clone();
				Self::resolve_ld(id, &r, &mut settled);
				owed_rewards = owed_rewards.saturating_add(settled.unclaimed);
				worth = worth.saturating_add(Self::stake_of(&r, settled.shares));
				ensure!(p.earning <= p.shares, "an LD earns on more shares than it has");
				shares = shares.saturating_add(p.shares);
				ld_earning = ld_earning.saturating_add(p.earning);
				unbonded = unbonded.saturating_add(p.unbonded);
				if let Some((f, label)) = p.fresh {
					count(label, &|c| c.ld_fresh = c.ld_fresh.saturating_add(f));
					if converted(label) {
						ld_earning = ld_earning.saturating_add(f);
					}
				}
				if let Some((l, label)) = p.leaving {
					count(label, &|c| c.ld_leaving = c.ld_leaving.saturating_add(l));
					if converted(label) {
						shares = shares.saturating_sub(l);
						let c = Cohorts::<T>::get(id, label).and_then(|c| c.converted);
						unbonded =
							unbonded.saturating_add(c.map_or(0, |c| {
								value_of_shares(l, c.staked, c.shares).unwrap_or(0)
							}));
					}
				}
			}
			ensure!(shares == r.stake_shares, "LD shares differ from the reactor's");
			ensure!(ld_earning == r.ld_earning, "earning LD shares differ from the reactor's");
			ensure!(unbonded <= r.unbonding, "LDs are owed more unbonded SLC than set aside");
			ensure!(r.staked.is_zero() == r.stake_shares.is_zero(), "a stake without shares");
			ensure!(worth <= r.staked, "LD shares are worth more than the stake");
			staked = staked.saturating_add(r.staked).saturating_add(r.unbonding);
			let (mut lp_earning, mut withheld): (Balance, Balance) = (0, 0);
			for (who, p) in LpPositions::<T>::iter_prefix(id) {
				let mut settled = p.clone();
				Self::resolve_lp(id, &r, &mut settled);
				owed_rewards = owed_rewards.saturating_add(settled.unclaimed);
				ensure!(
					T::TAssets::balance(r.t_asset, &who) >= p.locked(),
					"an LP holds fewer tAssets than its position freezes"
				);
				lp_earning = lp_earning.saturating_add(p.earning);
				withheld = withheld.saturating_add(p.request.map_or(0, |(a, _)| a));
				if let Some((f, label)) = p.fresh {
					count(label, &|c| c.lp_fresh = c.lp_fresh.saturating_add(f));
					if converted(label) {
						lp_earning = lp_earning.saturating_add(f);
					}
				}
			}
			ensure!(lp_earning == r.lp_earning, "earning LP units differ from the reactor's");
			ensure!(withheld == r.withheld, "requests differ from the reactor's withheld");
			for (label, stored) in Cohorts::<T>::iter_prefix(id) {
				let counted = cohorts.remove(&label).unwrap_or_default();
				ensure!(stored.refs == counted.refs, "a cohort's references differ");
				if stored.converted.is_none() {
					ensure!(
						(stored.lp_fresh, stored.ld_fresh, stored.ld_leaving)
							== (counted.lp_fresh, counted.ld_fresh, counted.ld_leaving),
						"an open cohort's amounts differ from its positions'"
					);
				}
			}
			ensure!(cohorts.is_empty(), "a position refers to a missing cohort");
		}
		ensure!(
			total_votes == TotalVotes::<T>::get().live,
			"total votes differ from the reactors'"
		);
		let counted: Balance = Allocations::<T>::iter_values()
			.map(|(power, allocs)| {
				allocs
					.iter()
					.filter(|(_, v, _)| Venues::<T>::get(v).is_some_and(|v| !v.removed))
					.map(|(_, _, s)| s.mul_floor(power))
					.fold(0, Balance::saturating_add)
			})
			.sum();
		ensure!(counted == total_votes, "allocations differ from the total votes");
		let in_account = <T::Currency as fungible::Inspect<_>>::balance(&Self::stake_account());
		ensure!(in_account >= staked, "the stake account holds less than the stakes");
		let rewards = <T::Currency as fungible::Inspect<_>>::balance(&Self::rewards_account());
		ensure!(rewards >= owed_rewards, "the rewards account holds less than the rewards owed");
		let counted: Balance = LdPositions::<T>::iter_values().map(|p| p.staked).sum();
		ensure!(
			Staked::<T>::iter_values().sum::<Balance>() == counted,
			"LD totals differ from their positions"
		);
		for (who, vote) in CoreVotes::<T>::iter() {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CoreVote.into(), &who) == vote.locked,
				"SLC held for a CoRE vote differs from the vote's lock"
			);
		}
		let mut proposals = alloc::collections::BTreeMap::<T::AccountId, Balance>::new();
		for candidate in CoreCandidates::<T>::get() {
			let held = proposals.entry(candidate.proposer).or_default();
			*held = held.saturating_add(T::CoreProposalDeposit::get());
		}
		for (who, held) in proposals {
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::CoreProposal.into(), &who) >= held,
				"a CoRE proposer holds less than its proposals' deposits"
			);
		}
		Ok(())
	}
}
