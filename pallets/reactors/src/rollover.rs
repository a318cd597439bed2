//! The cycle rollover, in bounded steps: each block does at most `MaxStepsPerBlock` steps, each
//! step handles one venue or one reactor, and no step reads an LP's or LD's record. A rollover
//! that needs more steps continues in the next blocks from where it stopped.
//!
//! 1. `Recall(n)`: venue `n`'s liquidity comes back (or, after `MaxFailedRecalls` rollovers
//!    in a row that could not recall it, is written off); what came back above what was deployed is
//!    fee revenue (a `ReserveShare` to the reserve, the rest to the treasury as PCV); a shortfall
//!    is covered from the reserve, then from the treasury's revenue in that asset, then by
//!    buying the asset with up to `MaxStakeCover` of the reactor's LD stake (at most
//!    `CoverSlippage` worse than the oracle price). The stake is lowered once; every LD's
//!    shares are worth less from then on, so no LD record is touched.
//! 2. `Settle(n)`: reactor `n` is paid its emission (its share of the votes, split between LPs
//!    and LDs by the balance rule) into its reward accumulators, and what it may deploy is fixed:
//!    its idle assets less the requested withdrawals.
//! 3. `Deploy(n)`: venue `n` receives each side's deployable amount times that side's votes for
//!    the venue over its votes.

use crate::{pallet::*, types::*, weights::WeightInfo};
use frame_support::{
	pallet_prelude::*,
	storage::with_storage_layer,
	traits::{
		fungible,
		fungibles::{Inspect, Mutate},
		tokens::Preservation,
		UnixTime,
	},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sluice_math::{
	rewards::{rps_increment, split_emission},
	shares::{amount_at_price, mul_div, value_at_price},
};
use sluice_primitives::{
	oracle::PriceProvider,
	venue::{Market, Venue, VenueKind},
	AssetKind, Balance, OracleKey,
};
use sp_runtime::{
	traits::{Convert, Zero},
	Rounding,
};

impl<T: Config> Pallet<T> {
	/// The block hook: starts a rollover on a cycle boundary and runs its steps.
	pub(crate) fn on_block(now: BlockNumberFor<T>) -> Weight {
		let mut weight = T::WeightInfo::on_initialize_idle();
		let mut phase = RolloverPhase::<T>::get();
		if phase == Phase::Idle {
			if now.is_zero() || !(now % T::CycleLength::get()).is_zero() {
				return weight;
			}
			let cycle = CurrentCycle::<T>::mutate(|c| {
				*c = c.saturating_add(1);
				*c
			});
			// The emission for the cycle that ended is split by the votes that directed its
			// deployment; the votes now direct the next one (and pay for it a rollover later).
			EmissionVotes::<T>::mutate(|(last, now)| {
				*last = *now;
				*now = TotalVotes::<T>::get().live;
			});
			Self::deposit_event(Event::RolloverStarted { cycle });
			phase = Phase::Recall(0);
		}
		for _ in 0..T::MaxStepsPerBlock::get() {
			let (next, step) = Self::step(phase);
			weight.saturating_accrue(step);
			phase = next;
			if phase == Phase::Idle {
				Self::deposit_event(Event::RolloverCompleted { cycle: CurrentCycle::<T>::get() });
				break;
			}
		}
		RolloverPhase::<T>::put(phase);
		weight
	}

	/// One step of the rollover; returns the next phase and the step's weight.
	pub(crate) fn step(phase: Phase) -> (Phase, Weight) {
		match phase {
			Phase::Idle => (Phase::Idle, Weight::zero()),
			Phase::Recall(n) if n >= NextVenueId::<T>::get() => (Phase::Settle(0), Weight::zero()),
			Phase::Recall(n) => {
				Self::recall(n, true);
				(Phase::Recall(n.saturating_add(1)), T::WeightInfo::rollover_recall())
			}
			Phase::Settle(n) if n >= NextReactorId::<T>::get() => {
				(Phase::Deploy(0), Weight::zero())
			}
			Phase::Settle(n) => {
				Self::settle(n);
				(Phase::Settle(n.saturating_add(1)), T::WeightInfo::rollover_settle())
			}
			Phase::Deploy(n) if n >= NextVenueId::<T>::get() => (Phase::Idle, Weight::zero()),
			Phase::Deploy(n) => {
				Self::deploy(n);
				(Phase::Deploy(n.saturating_add(1)), T::WeightInfo::rollover_deploy())
			}
		}
	}

	/// Recalls venue `id`'s liquidity. When it cannot (its price is off the oracle's or
	/// unpriced, or the venue refuses), the liquidity stays recorded as deployed and both
	/// reactors are unsettled: their books may hide a loss. In a rollover (`rollover`) that
	/// counts as a failed recall; after `MaxFailedRecalls` in a row the venue's deployment is
	/// written off (each reactor's shortfall takes it, shared pro rata by its tAssets), so a
	/// venue that never gives the liquidity back does not block its reactors for ever. Later
	/// recalls are still tried, and what they bring back pays the shortfall down.
	pub(crate) fn recall(id: u32, rollover: bool) {
		let Some(mut venue) = Venues::<T>::get(id) else { return };
		if !venue.holds_liquidity() {
			return;
		}
		let (id_a, id_b) = (venue.a, venue.b);
		let (Some(mut a), Some(mut b)) = (Reactors::<T>::get(id_a), Reactors::<T>::get(id_b))
		else {
			return;
		};
		let received = match Self::check_venue(venue.kind, &a.asset, &b.asset) {
			Err(reason) => {
				Self::deposit_event(Event::VenueSkipped { venue: id, reason });
				None
			}
			Ok(()) => {
				let account = Self::account_id();
				with_storage_layer(|| T::Venue::recall(venue.kind, (&a.asset, &b.asset), &account))
					.inspect_err(|_| Self::deposit_event(Event::VenueRecallFailed { venue: id }))
					.ok()
			}
		};
		if let Some((got_a, got_b)) = received {
			Self::deposit_event(Event::Recalled { venue: id, a: got_a, b: got_b });
			// What was written off came back (in what the recall brought): no longer provisional
			// (a removed venue's write-off stopped being so when it was removed).
			if !venue.removed {
				a.written_off = a.written_off.saturating_sub(venue.written_down.0);
				b.written_off = b.written_off.saturating_sub(venue.written_down.1);
			}
			Self::settle_side(id_a, &mut a, venue.deployed_a, got_a);
			Self::settle_side(id_b, &mut b, venue.deployed_b, got_b);
			venue.deployed_a = 0;
			venue.deployed_b = 0;
			venue.written_down = (0, 0);
			venue.failed_recalls = 0;
		} else {
			if rollover {
				venue.failed_recalls = venue.failed_recalls.saturating_add(1);
			}
			let deployed = (venue.deployed_a, venue.deployed_b);
			if deployed == (0, 0) {
				// Written off already: the reactors' books assume nothing comes back.
			} else if rollover && venue.failed_recalls >= T::MaxFailedRecalls::get() {
				Self::write_down(&mut a, deployed.0);
				Self::write_down(&mut b, deployed.1);
				venue.written_down = (
					venue.written_down.0.saturating_add(deployed.0),
					venue.written_down.1.saturating_add(deployed.1),
				);
				venue.deployed_a = 0;
				venue.deployed_b = 0;
				Self::deposit_event(Event::VenueWrittenDown {
					venue: id,
					a: deployed.0,
					b: deployed.1,
				});
			} else if rollover {
				// (An emergency recall that is refused leaves the books as the last rollover
				// settled them.)
				let cycle = Some(CurrentCycle::<T>::get());
				a.unsettled = cycle;
				b.unsettled = cycle;
			}
		}
		Venues::<T>::insert(id, venue);
		Reactors::<T>::insert(id_a, a);
		Reactors::<T>::insert(id_b, b);
	}

	/// Writes off `amount` of the reactor's deployed asset: every tAsset redeems for its share
	/// of what is left.
	fn write_down(reactor: &mut Reactor, amount: Balance) {
		let amount = amount.min(reactor.deployed);
		reactor.deployed = reactor.deployed.saturating_sub(amount);
		reactor.shortfall = reactor.shortfall.saturating_add(amount);
		reactor.written_off = reactor.written_off.saturating_add(amount);
	}

	/// Whether the venue's price of the pair is within `MaxPoolDeviation` of the oracle's: the
	/// worth, at fresh oracle prices, of the amounts of equal worth in the venue. A venue with no
	/// price (an empty pool) is not traded through either.
	pub(crate) fn check_venue(
		kind: VenueKind,
		a: &AssetKind,
		b: &AssetKind,
	) -> Result<(), SkipReason> {
		let (amount_a, amount_b) = T::Venue::spot(kind, (a, b)).ok_or(SkipReason::Unpriced)?;
		let worth = Self::value(a, amount_a).zip(Self::value(b, amount_b));
		let (worth_a, worth_b) = worth.ok_or(SkipReason::Unpriced)?;
		let high = worth_a.max(worth_b);
		let gap = high.saturating_sub(worth_a.min(worth_b));
		if gap > T::MaxPoolDeviation::get().mul_floor(high) {
			return Err(SkipReason::OffOracle);
		}
		Ok(())
	}

	/// Books `received` against `deployed` for one side of a recalled venue. A gain pays an
	/// earlier shortfall down first and then goes to the reserve and PCV; a loss is covered
	/// from the reserve, the reactor's revenue and its stake.
	fn settle_side(id: ReactorId, reactor: &mut Reactor, deployed: Balance, received: Balance) {
		let account = Self::account_id();
		reactor.deployed = reactor.deployed.saturating_sub(deployed);
		if received >= deployed {
			let gain = received.saturating_sub(deployed);
			// A gain pays down an earlier shortfall first: it belongs to the tAsset holders.
			let recovered = gain.min(reactor.shortfall);
			reactor.shortfall = reactor.shortfall.saturating_sub(recovered);
			reactor.idle = reactor.idle.saturating_add(deployed).saturating_add(recovered);
			let revenue = gain.saturating_sub(recovered);
			if !revenue.is_zero() {
				let to_reserve = T::ReserveShare::get().mul_floor(revenue);
				let to_treasury = revenue.saturating_sub(to_reserve);
				// Both transfers move tokens the recall just paid in: they cannot fail for lack
				// of funds; a failure leaves the revenue idle in the pallet account, never lost.
				let _ = Self::pay(&reactor.asset, &account, &Self::reserve_account(), to_reserve);
				if Self::pay(&reactor.asset, &account, &Self::pcv_account(), to_treasury).is_ok() {
					Revenue::<T>::mutate(id, |r| *r = r.saturating_add(to_treasury));
				}
				Self::deposit_event(Event::RevenueSwept { reactor: id, amount: revenue });
			}
		} else {
			reactor.idle = reactor.idle.saturating_add(received);
			Self::cover_loss(id, reactor, deployed.saturating_sub(received), true);
		}
	}

	/// Covers `loss` of the reactor's asset (already out of its books) from the reserve, then
	/// the revenue this reactor's liquidity built, then by buying it back with its stake; what
	/// comes in is idle again, the rest is shortfall. `LossCovered` reports a new loss, and a
	/// standing one only when some of it was covered.
	fn cover_loss(id: ReactorId, reactor: &mut Reactor, loss: Balance, new: bool) {
		let account = Self::account_id();
		let mut left = loss;
		let mut cover = |from: &T::AccountId, most: Balance| {
			let available = T::Assets::reducible_balance(
				reactor.asset.clone(),
				from,
				Preservation::Preserve,
				frame_support::traits::tokens::Fortitude::Polite,
			);
			let amount = left.min(available).min(most);
			if Self::pay(&reactor.asset, from, &account, amount).is_ok() {
				left = left.saturating_sub(amount);
				amount
			} else {
				0
			}
		};
		let from_reserve = cover(&Self::reserve_account(), Balance::MAX);
		// Only the revenue this reactor's liquidity built.
		let from_revenue = cover(&Self::pcv_account(), Revenue::<T>::get(id));
		Revenue::<T>::mutate(id, |r| *r = r.saturating_sub(from_revenue));
		let (from_stake, stake_spent) = Self::cover_from_stake(reactor, left);
		let uncovered = left.saturating_sub(from_stake);
		reactor.idle = reactor.idle.saturating_add(loss.saturating_sub(uncovered));
		reactor.shortfall = reactor.shortfall.saturating_add(uncovered);
		if !new && uncovered == loss {
			return;
		}
		Self::deposit_event(Event::LossCovered {
			reactor: id,
			from_reserve,
			from_revenue,
			from_stake,
			stake_spent,
			uncovered,
		});
	}

	/// Buys back up to `loss` of the reactor's asset with at most `MaxStakeCover` of its LD
	/// stake; returns (asset covered, SLC spent). Anything bought beyond the loss goes to the
	/// reserve. A failed or unpriced purchase takes nothing.
	fn cover_from_stake(reactor: &mut Reactor, loss: Balance) -> (Balance, Balance) {
		// One rollover's covers together take at most `MaxStakeCover` of the stake it started
		// with (an emergency recall between rollovers counts with the last one).
		let cycle = CurrentCycle::<T>::get();
		let spent = match reactor.stake_cover {
			Some((c, spent)) if c == cycle => spent,
			_ => 0,
		};
		let limit = T::MaxStakeCover::get()
			.mul_floor(reactor.staked.saturating_add(spent))
			.saturating_sub(spent);
		if loss.is_zero() || limit.is_zero() {
			return (0, 0);
		}
		let (stake, account) = (Self::stake_account(), Self::account_id());
		let bought = if reactor.asset == AssetKind::Native {
			let amount = loss.min(limit);
			Self::pay(&AssetKind::Native, &stake, &account, amount).map(|_| (amount, amount))
		} else {
			Self::buy_back(&reactor.asset, loss, limit)
		};
		let Ok((got, paid)) = bought else { return (0, 0) };
		reactor.staked = reactor.staked.saturating_sub(paid);
		reactor.stake_cover = Some((cycle, spent.saturating_add(paid)));
		let excess = got.saturating_sub(loss);
		// The excess was just received: a failure leaves it in the pallet account, not lost.
		let _ = Self::pay(&reactor.asset, &account, &Self::reserve_account(), excess);
		(got.min(loss), paid)
	}

	/// Buys `loss` of `asset` for SLC from the stake account if the oracle price allows it
	/// within `limit`, else sells `limit` for as much as it fetches.
	fn buy_back(
		asset: &AssetKind,
		loss: Balance,
		limit: Balance,
	) -> Result<(Balance, Balance), DispatchError> {
		let unpriced = DispatchError::Other("unpriced");
		let slippage = T::CoverSlippage::get();
		let fair_in = Self::value(asset, loss)
			.and_then(|v| Self::amount(&AssetKind::Native, v))
			.ok_or(unpriced)?;
		let max_in = fair_in.saturating_add(slippage.mul_ceil(fair_in));
		let (stake, account) = (Self::stake_account(), Self::account_id());
		with_storage_layer(|| {
			if max_in <= limit {
				let paid =
					T::Market::buy(&AssetKind::Native, asset, &stake, &account, loss, max_in)?;
				Ok((loss, paid))
			} else {
				let worth = Self::value(&AssetKind::Native, limit)
					.and_then(|v| Self::amount(asset, v))
					.ok_or(unpriced)?;
				let min_out = worth.saturating_sub(slippage.mul_ceil(worth)).max(1);
				let got =
					T::Market::sell(&AssetKind::Native, asset, &stake, &account, limit, min_out)?;
				Ok((got, limit))
			}
		})
	}

	pub(crate) fn pay(
		asset: &AssetKind,
		from: &T::AccountId,
		to: &T::AccountId,
		amount: Balance,
	) -> DispatchResult {
		if amount.is_zero() {
			return Ok(());
		}
		T::Assets::transfer(asset.clone(), from, to, amount, Preservation::Preserve).map(|_| ())
	}

	/// The oracle price of `asset`, if one was fed within `MaxOracleAge`: an older price is
	/// missing data.
	pub(crate) fn price(asset: &AssetKind) -> Option<u128> {
		let reading = T::Oracle::reading(&OracleKey::Price(asset.clone()))?;
		let now_ms = u64::try_from(T::Time::now().as_millis()).unwrap_or(u64::MAX);
		let age_ms = now_ms.saturating_sub(reading.timestamp_ms);
		(age_ms <= T::MaxOracleAge::get().saturating_mul(1_000)).then(|| reading.value.into_inner())
	}

	/// Value of `amount` of `asset` in oracle units (US dollars × 10^18), if freshly priced.
	pub(crate) fn value(asset: &AssetKind, amount: Balance) -> Option<Balance> {
		value_at_price(amount, Self::price(asset)?, T::Decimals::convert(asset.clone()))
	}

	/// Amount of `asset` worth `value` oracle units, if freshly priced.
	pub(crate) fn amount(asset: &AssetKind, value: Balance) -> Option<Balance> {
		amount_at_price(value, Self::price(asset)?, T::Decimals::convert(asset.clone()))
	}

	/// The most of `reactor`'s asset that may be deployed: `DeploymentCap × (value of the LD
	/// stake + value of the revenue swept)`, in the asset's units.
	pub(crate) fn deployment_cap(id: ReactorId, reactor: &Reactor) -> Option<Balance> {
		let backing = Self::value(&AssetKind::Native, reactor.staked)?
			.checked_add(Self::value(&reactor.asset, Revenue::<T>::get(id))?)?;
		let cap_value = backing.checked_mul(u128::from(T::DeploymentCap::get()))?;
		Self::amount(&reactor.asset, cap_value)
	}

	fn settle(id: ReactorId) {
		let Some(mut reactor) = Reactors::<T>::get(id) else { return };
		// A shortfall the recalls' gains left standing (a loss the stake could not buy back at
		// the pushed price it was booked at) is covered again, once a rollover, with every venue
		// recalled, and none while a venue's write-off may still come back (it is not known yet
		// what is lost).
		if !reactor.shortfall.is_zero()
			&& reactor.written_off.is_zero()
			&& !Self::is_unsettled(&reactor)
		{
			let standing = core::mem::take(&mut reactor.shortfall);
			Self::cover_loss(id, &mut reactor, standing, false);
		}
		Self::emit(id, &mut reactor);
		let cycle = CurrentCycle::<T>::get();
		// Cohorts convert in order, at most two a rollover (a backlog left by rollovers that
		// could not recall everything drains), and none while a venue was not recalled: its
		// leaving shares would leave at a worth that may hide a loss.
		if !Self::is_unsettled(&reactor) {
			for _ in 0..2 {
				if reactor.open_cohort > cycle {
					break;
				}
				Self::convert(id, reactor.open_cohort, &mut reactor);
				reactor.open_cohort = reactor.open_cohort.saturating_add(1);
			}
		}
		// What stays deployed is at risk in the cycle that starts; the deploys add theirs.
		reactor.at_risk = reactor.deployed;
		// The votes this rollover deploys by split the emission a rollover from now.
		reactor.emission_votes = reactor.votes.counted(Some(cycle));
		let withheld = Self::redeem(&reactor, reactor.withheld);
		let free = reactor.idle.saturating_sub(withheld);
		// Unpriced, the cap is unknown: nothing is deployed rather than too much; a paused
		// reactor deploys nothing.
		let cap = if reactor.paused { 0 } else { Self::deployment_cap(id, &reactor).unwrap_or(0) };
		reactor.deployable = free.min(cap.saturating_sub(reactor.deployed));
		Reactors::<T>::insert(id, reactor);
	}

	/// Cohort `cycle` converts, after the emission for the cycle before it: its deposits and
	/// stakes start earning, and its leaving shares leave the stake (after the recall, so a loss
	/// found there reached them) and are set aside for their LDs.
	fn convert(id: ReactorId, cycle: Cycle, reactor: &mut Reactor) {
		let Some(mut cohort) = Cohorts::<T>::get(id, cycle) else { return };
		if cohort.converted.is_some() {
			return;
		}
		reactor.lp_earning = reactor.lp_earning.saturating_add(cohort.lp_fresh);
		reactor.ld_earning = reactor.ld_earning.saturating_add(cohort.ld_fresh);
		let conversion = Conversion {
			lp_rps: reactor.lp_rps,
			ld_rps: reactor.ld_rps,
			staked: reactor.staked,
			shares: reactor.stake_shares,
		};
		let leaving = Self::stake_of(reactor, cohort.ld_leaving);
		reactor.staked = reactor.staked.saturating_sub(leaving);
		reactor.stake_shares = reactor.stake_shares.saturating_sub(cohort.ld_leaving);
		reactor.unbonding = reactor.unbonding.saturating_add(leaving);
		cohort.converted = Some(conversion);
		if cohort.refs == 0 {
			Cohorts::<T>::remove(id, cycle);
		} else {
			Cohorts::<T>::insert(id, cycle, cohort);
		}
	}

	/// Mints the reactor's emission for the cycle that ended into its accumulators: its share
	/// by the votes that directed that cycle's deployment, split between the LP and LD units
	/// that were earning all through it by the balance rule.
	fn emit(id: ReactorId, reactor: &mut Reactor) {
		let (total, _) = EmissionVotes::<T>::get();
		if total.is_zero() || reactor.emission_votes.is_zero() {
			return;
		}
		let emission =
			mul_div(T::EmissionPerCycle::get(), reactor.emission_votes, total, Rounding::Down)
				.unwrap_or(0);
		// Earning LP units pay for the liquidity at risk during the cycle: the emission is
		// scaled down to the part of them that was deployed (none deployed, none paid).
		let earning = Self::redeem(reactor, reactor.lp_earning);
		let at_risk = reactor.at_risk.min(earning);
		if at_risk.is_zero() {
			return;
		}
		let emission = mul_div(emission, at_risk, earning, Rounding::Down).unwrap_or(0);
		let values = Self::value(&reactor.asset, at_risk)
			.zip(Self::value(&AssetKind::Native, Self::stake_of(reactor, reactor.ld_earning)));
		let Some((v_lp, v_ld)) = values else {
			Self::deposit_event(Event::EmissionSkipped { reactor: id });
			return;
		};
		let (lp, ld) = split_emission(emission, v_lp, v_ld).unwrap_or((0, 0));
		let rewards = Self::rewards_account();
		let mut paid = (0, 0);
		if let Some(inc) = rps_increment(lp, reactor.lp_earning) {
			if <T::Currency as fungible::Mutate<_>>::mint_into(&rewards, lp).is_ok() {
				reactor.lp_rps = reactor.lp_rps.saturating_add(inc);
				paid.0 = lp;
			}
		}
		if let Some(inc) = rps_increment(ld, reactor.ld_earning) {
			if <T::Currency as fungible::Mutate<_>>::mint_into(&rewards, ld).is_ok() {
				reactor.ld_rps = reactor.ld_rps.saturating_add(inc);
				paid.1 = ld;
			}
		}
		Self::deposit_event(Event::Emitted { reactor: id, lp: paid.0, ld: paid.1 });
	}

	/// Part of `reactor`'s deployable amount its votes send to `venue`.
	fn share(id: ReactorId, reactor: &Reactor, venue: u32) -> Balance {
		// The votes as they stood when the rollover started: votes moved since count from the
		// next one.
		let rollover = Some(CurrentCycle::<T>::get());
		let votes = Tally::<T>::get(id, venue).counted(rollover);
		let amount =
			mul_div(reactor.deployable, votes, reactor.votes.counted(rollover), Rounding::Down)
				.unwrap_or(0);
		// Requests made during this rollover are kept idle too.
		amount.min(reactor.idle.saturating_sub(Self::redeem(reactor, reactor.withheld)))
	}

	fn deploy(id: u32) {
		let Some(mut venue) = Venues::<T>::get(id) else { return };
		// A venue whose last recall failed still holds that liquidity: nothing more goes in;
		// nor into a paused one (a removed venue is paused for good).
		if venue.holds_liquidity() || venue.paused {
			return;
		}
		let (Some(mut a), Some(mut b)) = (Reactors::<T>::get(venue.a), Reactors::<T>::get(venue.b))
		else {
			return;
		};
		let amounts = (Self::share(venue.a, &a, id), Self::share(venue.b, &b, id));
		if amounts.0.is_zero() || amounts.1.is_zero() {
			return;
		}
		if let Err(reason) = Self::check_venue(venue.kind, &a.asset, &b.asset) {
			Self::deposit_event(Event::VenueSkipped { venue: id, reason });
			return;
		}
		let account = Self::account_id();
		let used = with_storage_layer(|| {
			T::Venue::deploy(venue.kind, (&a.asset, &b.asset), &account, amounts)
		});
		let Ok((used_a, used_b)) = used else { return };
		a.idle = a.idle.saturating_sub(used_a);
		a.deployed = a.deployed.saturating_add(used_a);
		a.at_risk = a.at_risk.saturating_add(used_a);
		b.idle = b.idle.saturating_sub(used_b);
		b.deployed = b.deployed.saturating_add(used_b);
		b.at_risk = b.at_risk.saturating_add(used_b);
		venue.deployed_a = used_a;
		venue.deployed_b = used_b;
		Reactors::<T>::insert(venue.a, a);
		Reactors::<T>::insert(venue.b, b);
		Venues::<T>::insert(id, venue);
		Self::deposit_event(Event::Deployed { venue: id, a: used_a, b: used_b });
	}
}
