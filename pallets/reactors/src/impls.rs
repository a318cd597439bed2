//! What the calls do, the voting tally, reward settlement and the invariants.

use crate::{pallet::*, types::*};
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
	index::IndexVotes,
	venue::{Venue, VenueKind},
	AssetKind, Balance,
};
use sp_runtime::{
	traits::{AccountIdConversion, Zero},
	Perbill,
};

impl<T: Config> Pallet<T> {
	/// What `amount` of reactor `id`'s tAsset is worth in the reactor's asset: its pro-rata share
	/// of the LP assets left after any shortfall (rounded down; zero for no such reactor).
	pub fn redemption_value(id: ReactorId, amount: Balance) -> Balance {
		Reactors::<T>::get(id).map_or(0, |r| {
			value_of_shares(amount.min(r.supply), r.supply.saturating_sub(r.shortfall), r.supply)
				.unwrap_or(0)
		})
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

	pub(crate) fn reactor(id: ReactorId) -> Result<Reactor, Error<T>> {
		Reactors::<T>::get(id).ok_or(Error::<T>::ReactorNotFound)
	}

	fn ensure_idle() -> Result<(), Error<T>> {
		ensure!(RolloverPhase::<T>::get() == Phase::Idle, Error::<T>::RolloverInProgress);
		Ok(())
	}

	pub(crate) fn do_create_reactor(asset: AssetKind) -> Result<ReactorId, DispatchError> {
		ensure!(T::Assets::asset_exists(asset.clone()), Error::<T>::UnknownAsset);
		ensure!(!Reactors::<T>::iter_values().any(|r| r.asset == asset), Error::<T>::ReactorExists);
		let id = NextReactorId::<T>::get();
		ensure!(id < T::MaxReactors::get(), Error::<T>::TooManyReactors);
		let t_asset = T::TAssetIdBase::get().checked_add(id).ok_or(Error::<T>::Overflow)?;
		ensure!(!T::TAssets::asset_exists(t_asset), Error::<T>::TAssetIdTaken);
		T::TAssets::create(t_asset, Self::account_id(), false, 1)?;
		Reactors::<T>::insert(
			id,
			Reactor {
				asset: asset.clone(),
				t_asset,
				deposits_paused: false,
				supply: 0,
				idle: 0,
				deployed: 0,
				shortfall: 0,
				withheld: 0,
				staked: 0,
				stake_shares: 0,
				lp_positions: 0,
				lp_rps: 0,
				ld_rps: 0,
				votes: 0,
				deployable: 0,
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

	pub(crate) fn do_add_venue(a: ReactorId, b: ReactorId, kind: VenueKind) -> DispatchResult {
		let (ra, rb) = (Self::reactor(a)?, Self::reactor(b)?);
		ensure!(
			a != b && T::Venue::supports(kind, (&ra.asset, &rb.asset)),
			Error::<T>::UnsupportedVenue
		);
		// One venue per pair and kind: a recall takes all of the pallet's liquidity there.
		ensure!(
			!Venues::<T>::iter_values()
				.any(|v| { v.kind == kind && ((v.a == a && v.b == b) || (v.a == b && v.b == a)) }),
			Error::<T>::VenueExists
		);
		let id = NextVenueId::<T>::get();
		ensure!(id < T::MaxVenues::get(), Error::<T>::TooManyVenues);
		Venues::<T>::insert(id, VenueInfo { kind, a, b, deployed_a: 0, deployed_b: 0 });
		NextVenueId::<T>::put(id.saturating_add(1));
		Self::deposit_event(Event::VenueAdded { venue: id, kind, a, b });
		Ok(())
	}

	/// Settles an LP position's rewards, then clamps its earning part to the tAssets held.
	fn settle_lp(reactor: &mut Reactor, who: &T::AccountId, position: &mut LpPosition) {
		let held = T::TAssets::balance(reactor.t_asset, who);
		let earning = position.earning.min(held);
		// The accumulator only grows and the product is bounded by the minted emissions.
		let owed = accrued(earning, position.rps_paid, reactor.lp_rps).unwrap_or(0);
		position.unclaimed = position.unclaimed.saturating_add(owed);
		position.rps_paid = reactor.lp_rps;
		let dropped = position.earning.saturating_sub(earning);
		position.earning = earning;
		reactor.lp_positions = reactor.lp_positions.saturating_sub(dropped);
	}

	/// SLC that `shares` of the reactor's stake are worth (rounded down).
	pub(crate) fn stake_of(reactor: &Reactor, shares: Balance) -> Balance {
		value_of_shares(shares, reactor.staked, reactor.stake_shares).unwrap_or(0)
	}

	/// Settles an LD position's rewards (they accrue per share).
	fn settle_ld(reactor: &Reactor, position: &mut LdPosition) {
		let owed = accrued(position.shares, position.rps_paid, reactor.ld_rps).unwrap_or(0);
		position.unclaimed = position.unclaimed.saturating_add(owed);
		position.rps_paid = reactor.ld_rps;
	}

	/// Sets the position's counted stake to what its shares are worth now, and `who`'s total
	/// stake (its voting power) with it.
	fn sync_ld(reactor: &Reactor, who: &T::AccountId, position: &mut LdPosition) {
		let now = Self::stake_of(reactor, position.shares);
		Staked::<T>::mutate(who, |s| *s = s.saturating_sub(position.staked).saturating_add(now));
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
		ensure!(!reactor.deposits_paused, Error::<T>::DepositsPaused);
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
		// Settled before the deposit is counted, so the deposit earns from now on.
		Self::settle_lp(&mut reactor, &who, &mut position);
		T::TAssets::mint_into(reactor.t_asset, &who, amount)?;
		position.earning = Self::add(position.earning, amount)?;
		reactor.lp_positions = Self::add(reactor.lp_positions, amount)?;
		reactor.supply = Self::add(reactor.supply, amount)?;
		reactor.idle = Self::add(reactor.idle, amount)?;
		LpPositions::<T>::insert(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::Deposited { reactor: id, who, amount });
		Ok(())
	}

	pub(crate) fn do_request_withdrawal(
		who: T::AccountId,
		id: ReactorId,
		amount: Balance,
	) -> DispatchResult {
		ensure!(!amount.is_zero(), Error::<T>::AmountTooSmall);
		Self::ensure_idle()?;
		let mut reactor = Self::reactor(id)?;
		ensure!(
			T::TAssets::balance(reactor.t_asset, &who) >= amount,
			Error::<T>::InsufficientBalance
		);
		let mut position = LpPositions::<T>::get(id, &who).unwrap_or_default();
		if let Some((old, _)) = position.request {
			reactor.withheld = reactor.withheld.saturating_sub(old);
		}
		reactor.withheld = Self::add(reactor.withheld, amount)?;
		let cycle = CurrentCycle::<T>::get();
		position.request = Some((amount, cycle));
		LpPositions::<T>::insert(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::WithdrawalRequested { reactor: id, who, amount, cycle });
		Ok(())
	}

	pub(crate) fn do_withdraw(who: T::AccountId, id: ReactorId) -> DispatchResult {
		Self::ensure_idle()?;
		let mut reactor = Self::reactor(id)?;
		let mut position = LpPositions::<T>::get(id, &who).ok_or(Error::<T>::NoRequest)?;
		let (requested, cycle) = position.request.ok_or(Error::<T>::NoRequest)?;
		ensure!(cycle < CurrentCycle::<T>::get(), Error::<T>::RequestNotDue);
		// tAssets moved away since the request shrink it.
		let amount = requested.min(T::TAssets::balance(reactor.t_asset, &who));
		ensure!(!amount.is_zero(), Error::<T>::InsufficientBalance);
		ensure!(reactor.idle >= amount, Error::<T>::Overflow);
		Self::settle_lp(&mut reactor, &who, &mut position);
		T::TAssets::burn_from(
			reactor.t_asset,
			&who,
			amount,
			Preservation::Expendable,
			Precision::Exact,
			Fortitude::Polite,
		)?;
		T::Assets::transfer(
			reactor.asset.clone(),
			&Self::account_id(),
			&who,
			amount,
			Preservation::Preserve,
		)?;
		// The burn may leave the position above the tAssets held: clamp it again.
		Self::settle_lp(&mut reactor, &who, &mut position);
		position.request = None;
		reactor.withheld = reactor.withheld.saturating_sub(requested);
		reactor.supply = Self::sub(reactor.supply, amount)?;
		reactor.idle = Self::sub(reactor.idle, amount)?;
		Self::store_lp(id, &who, position);
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::Withdrawn { reactor: id, who, amount });
		Ok(())
	}

	fn store_lp(id: ReactorId, who: &T::AccountId, position: LpPosition) {
		if position == LpPosition::default() {
			LpPositions::<T>::remove(id, who);
		} else {
			LpPositions::<T>::insert(id, who, position);
		}
	}

	fn store_ld(id: ReactorId, who: &T::AccountId, position: LdPosition) {
		if position == LdPosition::default() {
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
		Self::settle_ld(&reactor, &mut position);
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
		let reactor = Self::reactor(id)?;
		let mut position = LdPositions::<T>::get(id, &who).unwrap_or_default();
		ensure!(
			Self::stake_of(&reactor, position.shares) >= amount,
			Error::<T>::InsufficientBalance
		);
		// The shares worth `amount` (rounded up), at most the position's.
		let shares = shares_to_take(amount, reactor.staked, reactor.stake_shares)
			.ok_or(Error::<T>::Overflow)?
			.min(position.shares);
		let cycle = CurrentCycle::<T>::get();
		position.request = Some((shares, cycle));
		LdPositions::<T>::insert(id, &who, position);
		Self::deposit_event(Event::UnstakeRequested { reactor: id, who, amount, cycle });
		Ok(())
	}

	pub(crate) fn do_unstake(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let mut reactor = Self::reactor(id)?;
		let mut position = LdPositions::<T>::get(id, &who).ok_or(Error::<T>::NoRequest)?;
		let (requested, cycle) = position.request.ok_or(Error::<T>::NoRequest)?;
		ensure!(cycle < CurrentCycle::<T>::get(), Error::<T>::RequestNotDue);
		let shares = requested.min(position.shares);
		// What the shares are worth now: a loss cover since the request reached them too.
		let amount = Self::stake_of(&reactor, shares);
		Self::settle_ld(&reactor, &mut position);
		position.shares = Self::sub(position.shares, shares)?;
		position.request = None;
		reactor.stake_shares = Self::sub(reactor.stake_shares, shares)?;
		reactor.staked = Self::sub(reactor.staked, amount)?;
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
		let mut position = LdPositions::<T>::get(id, &who).ok_or(Error::<T>::NoStake)?;
		Self::settle_ld(&reactor, &mut position);
		Self::sync_ld(&reactor, &who, &mut position);
		let staked = position.staked;
		LdPositions::<T>::insert(id, &who, position);
		Self::retally(&who, None)?;
		Self::deposit_event(Event::Recounted { reactor: id, who, staked });
		Ok(())
	}

	/// `who`'s voting power: its stake over all reactors plus its share of the SLC held by the
	/// voting index funds.
	pub fn voting_power(who: &T::AccountId) -> Balance {
		VotingIndices::<T>::get().iter().fold(Staked::<T>::get(who), |power, index| {
			power.saturating_add(T::IndexVotes::holdings_through(*index, who, &AssetKind::Native))
		})
	}

	fn apply_votes(
		power: Balance,
		allocations: &AllocationsOf<T>,
		add: bool,
	) -> Result<(), Error<T>> {
		for (reactor, venue, share) in allocations {
			let votes = share.mul_floor(power);
			let change = |v: Balance| if add { Self::add(v, votes) } else { Self::sub(v, votes) };
			Tally::<T>::try_mutate(reactor, venue, |t| -> Result<(), Error<T>> {
				*t = change(*t)?;
				Ok(())
			})?;
			Reactors::<T>::try_mutate(reactor, |r| -> Result<(), Error<T>> {
				let r = r.as_mut().ok_or(Error::<T>::ReactorNotFound)?;
				r.votes = change(r.votes)?;
				Ok(())
			})?;
			TotalVotes::<T>::try_mutate(|t| -> Result<(), Error<T>> {
				*t = change(*t)?;
				Ok(())
			})?;
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
		ensure!(!Self::voting_power(&who).is_zero(), Error::<T>::NoVotingPower);
		let power = Self::retally(&who, Some(allocations))?;
		Self::deposit_event(Event::Voted { who, power });
		Ok(())
	}

	pub(crate) fn do_claim(who: T::AccountId, id: ReactorId) -> DispatchResult {
		let mut reactor = Self::reactor(id)?;
		let mut total: Balance = 0;
		if let Some(mut lp) = LpPositions::<T>::get(id, &who) {
			Self::settle_lp(&mut reactor, &who, &mut lp);
			total = Self::add(total, core::mem::take(&mut lp.unclaimed))?;
			Self::store_lp(id, &who, lp);
		}
		if let Some(mut ld) = LdPositions::<T>::get(id, &who) {
			// The counted stake is left as it is: `recount` lowers it and the votes together.
			Self::settle_ld(&reactor, &mut ld);
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
		Reactors::<T>::insert(id, reactor);
		Self::deposit_event(Event::Claimed { reactor: id, who, amount: total });
		Ok(())
	}

	/// Checks the books: tAsset supply = LP assets = idle + deployed + shortfall; venue
	/// deployments add up per reactor; the pallet holds the idle assets; votes add up; stakes and
	/// positions add up. Iterates everything: for tests and try-runtime only.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let mut total_votes: Balance = 0;
		let mut staked: Balance = 0;
		for (id, r) in Reactors::<T>::iter() {
			ensure!(
				T::TAssets::total_issuance(r.t_asset) == r.supply,
				"tAsset supply differs from deposits less withdrawals"
			);
			ensure!(
				r.idle.checked_add(r.deployed).and_then(|x| x.checked_add(r.shortfall))
					== Some(r.supply),
				"idle + deployed + shortfall differs from the LP assets"
			);
			let held = T::Assets::balance(r.asset.clone(), &Self::account_id());
			ensure!(held >= r.idle, "the pallet holds less than the idle LP assets");
			let deployed: Balance = Venues::<T>::iter_values()
				.map(|v| {
					(if v.a == id { v.deployed_a } else { 0 }).saturating_add(if v.b == id {
						v.deployed_b
					} else {
						0
					})
				})
				.sum();
			ensure!(deployed == r.deployed, "venue deployments differ from the reactor's");
			let tally: Balance = Tally::<T>::iter_prefix_values(id).sum();
			ensure!(tally == r.votes, "a reactor's votes differ from its tally");
			total_votes = total_votes.saturating_add(r.votes);
			let shares: Balance = LdPositions::<T>::iter_prefix_values(id).map(|p| p.shares).sum();
			ensure!(shares == r.stake_shares, "LD shares differ from the reactor's");
			ensure!(r.staked.is_zero() == r.stake_shares.is_zero(), "a stake without shares");
			let worth: Balance = LdPositions::<T>::iter_prefix_values(id)
				.map(|p| Self::stake_of(&r, p.shares))
				.sum();
			ensure!(worth <= r.staked, "LD shares are worth more than the stake");
			staked = staked.saturating_add(r.staked);
			let earning: Balance =
				LpPositions::<T>::iter_prefix_values(id).map(|p| p.earning).sum();
			ensure!(earning == r.lp_positions, "LP positions differ from the reactor's");
		}
		ensure!(total_votes == TotalVotes::<T>::get(), "total votes differ from the reactors'");
		let counted: Balance = Allocations::<T>::iter_values()
			.map(|(power, allocs)| {
				allocs.iter().map(|(_, _, s)| s.mul_floor(power)).fold(0, Balance::saturating_add)
			})
			.sum();
		ensure!(counted == total_votes, "allocations differ from the total votes");
		let in_account = <T::Currency as fungible::Inspect<_>>::balance(&Self::stake_account());
		ensure!(in_account >= staked, "the stake account holds less than the stakes");
		let counted: Balance = LdPositions::<T>::iter_values().map(|p| p.staked).sum();
		ensure!(
			Staked::<T>::iter_values().sum::<Balance>() == counted,
			"LD totals differ from their positions"
		);
		Ok(())
	}
}
