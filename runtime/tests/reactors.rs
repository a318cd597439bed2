//! Reactors on the real runtime: an SLC and a USDS reactor paired in the SLC/USDS
//! asset-conversion pool; LPs deposit, LDs stake and vote, the rollover deploys into the pool,
//! swaps earn fees, the next rollover sweeps them to the reactors' PCV account, withdrawals are
//! paid and emissions claimed.

mod common;

use common::*;
use pallet_reactors::Revenue;
use sluice_primitives::venue::VenueKind;
use sluice_runtime::{
	configs::monetary::TreasuryAccount,
	genesis_config_presets::{USDS, USD_STABLE},
	AssetKind, OracleKey, Reactors, Runtime, RuntimeCall, RuntimeOrigin, System, SLC,
};
use sp_keyring::Sr25519Keyring::{Alice, Bob, Charlie, Dave, Eve, Ferdie};
use sp_runtime::{FixedU128, Perbill};

const USD: AssetKind = AssetKind::WithId(USD_STABLE);

fn apply(who: sp_keyring::Sr25519Keyring, call: RuntimeCall) {
	let results = produce_block(vec![signed(who, call.clone())]);
	assert_eq!(results, vec![Ok(Ok(()))], "{call:?}");
	Reactors::do_try_state().expect("reactor invariants hold");
}

fn reactors(call: pallet_reactors::Call<Runtime>) -> RuntimeCall {
	RuntimeCall::Reactors(call)
}

fn swap(from: AssetKind, to: AssetKind, amount: u128) -> RuntimeCall {
	RuntimeCall::AssetConversion(pallet_asset_conversion::Call::swap_exact_tokens_for_tokens {
		path: vec![Box::new(from), Box::new(to)],
		amount_in: amount,
		amount_out_min: 1,
		send_to: Ferdie.to_account_id(),
		keep_alive: true,
	})
}

/// LPs: Bob deposits 1 000 SLC in reactor 0, Charlie 1 000 USDS in reactor 1. LDs: Dave and
/// Eve stake 100 SLC on reactors 0 and 1 and send all their votes to venue 0.
fn fund_and_vote() {
	apply(Bob, reactors(pallet_reactors::Call::deposit { reactor: 0, amount: 1_000 * SLC }));
	apply(Charlie, reactors(pallet_reactors::Call::deposit { reactor: 1, amount: 1_000 * USDS }));
	for (ld, reactor) in [(Dave, 0), (Eve, 1)] {
		apply(ld, reactors(pallet_reactors::Call::stake { reactor, amount: 100 * SLC }));
		apply(
			ld,
			reactors(pallet_reactors::Call::vote {
				allocations: vec![(reactor, 0, Perbill::one())].try_into().expect("fits"),
			}),
		);
	}
}

#[test]
fn liquidity_is_deployed_by_votes_earns_fees_for_pcv_and_is_withdrawn() {
	on_dev_chain(|| {
		// Root creates the SLC and USDS reactors and pairs them in the SLC/USDS pool.
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), AssetKind::Native).is_ok());
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), USD).is_ok());
		assert!(Reactors::add_venue(RuntimeOrigin::root(), 0, 1, VenueKind::Dex).is_ok());
		feed_prices(FixedU128::from_u32(1));

		// LPs: Bob 1 000 SLC, Charlie 1 000 USDS. LDs: Dave and Eve stake 100 SLC each and
		// send all their votes to the pool.
		fund_and_vote();
		assert_eq!(asset_balance(3_001, &Charlie.to_account_id()), 1_000 * USDS);
		// Bob will take 100 SLC out after the rollover: they stay idle.
		apply(
			Bob,
			reactors(pallet_reactors::Call::request_withdrawal { reactor: 0, amount: 100 * SLC }),
		);

		run_rollover();
		let slc = Reactors::api_reactor(0).expect("exists");
		let usd = Reactors::api_reactor(1).expect("exists");
		// The pool is 1 SLC : 1 USDS: 900 SLC pair with 900 USDS.
		assert_eq!((slc.deployed, slc.idle), (900 * SLC, 100 * SLC));
		assert_eq!((usd.deployed, usd.idle), (900 * USDS, 100 * USDS));
		assert_eq!(slc.deployed_per_venue, vec![(0, 900 * SLC)]);
		// Nothing was at risk during the cycle that ended: no emission yet.
		assert!(!reactor_events()
			.iter()
			.any(|e| matches!(e, pallet_reactors::Event::Emitted { .. })));

		let bob_before = free_balance(&Bob.to_account_id());
		apply(Bob, reactors(pallet_reactors::Call::withdraw { reactor: 0 }));
		assert_eq!(free_balance(&Bob.to_account_id()) + last_fee_paid() - bob_before, 100 * SLC);

		// Traders swap back and forth: the pool earns fees on the reactors' share too.
		// Each round trip sells back what it bought, so the pool ends near the oracle's price
		// (the rollover trades through a pool only within 2 % of it).
		for _ in 0..3 {
			let usds = asset_balance(USD_STABLE, &Ferdie.to_account_id());
			apply(Ferdie, swap(AssetKind::Native, USD, 20_000 * SLC));
			let bought = asset_balance(USD_STABLE, &Ferdie.to_account_id()) - usds;
			apply(Ferdie, swap(USD, AssetKind::Native, bought));
		}
		let pcv = pallet_reactors::Pallet::<Runtime>::pcv_account();
		let (p_slc, p_usd) = (free_balance(&pcv), asset_balance(USD_STABLE, &pcv));
		let treasury = TreasuryAccount::get();
		let t_usd = asset_balance(USD_STABLE, &treasury);
		System::reset_events();
		run_rollover();
		// The cycle the liquidity was deployed for pays its emission.
		assert!(reactor_events()
			.iter()
			.any(|e| matches!(e, pallet_reactors::Event::Emitted { .. })));
		let swept = Revenue::<Runtime>::get(0) + Revenue::<Runtime>::get(1);
		assert!(swept > 0, "no fees were swept");
		assert!(
			free_balance(&pcv) > p_slc || asset_balance(USD_STABLE, &pcv) > p_usd,
			"the PCV received nothing"
		);
		// The PCV is the reactors' own account, out of reach of treasury spends (the treasury
		// receives no USDS; its SLC moves with fees and era payouts).
		assert_eq!(asset_balance(USD_STABLE, &treasury), t_usd);
		assert!(Reactors::api_singularity_ratio().is_some_and(|r| r > FixedU128::from_u32(0)));
		// LPs still own exactly what they hold tAssets for.
		assert_eq!(Reactors::api_reactor(0).expect("exists").supply, 900 * SLC);
		assert_eq!(Reactors::api_reactor(1).expect("exists").supply, 1_000 * USDS);

		// Dave claims his LD rewards.
		let pending = Reactors::api_position(0, Dave.to_account_id()).pending_rewards;
		assert!(pending > 0);
		let dave_before = free_balance(&Dave.to_account_id());
		apply(Dave, reactors(pallet_reactors::Call::claim { reactor: 0 }));
		assert_eq!(free_balance(&Dave.to_account_id()) + last_fee_paid() - dave_before, pending);
	});
}

#[test]
fn a_two_asset_index_fund_is_a_venue_too() {
	on_dev_chain(|| {
		feed_prices(FixedU128::from_u32(1));
		// Alice's SLC/USDS fund at 50/50 with a 0.3 % swap fee and no join or exit fee.
		apply(
			Alice,
			RuntimeCall::IndexFunds(pallet_index_funds::Call::create_index {
				assets: vec![AssetKind::Native, USD].try_into().expect("fits"),
				weights: vec![Perbill::from_percent(50); 2].try_into().expect("fits"),
				amounts: vec![10_000 * SLC, 10_000 * USDS].try_into().expect("fits"),
				strategy: pallet_index_funds::Strategy::Fixed,
				fees: pallet_index_funds::Fees {
					swap: Perbill::from_rational(3u32, 1_000),
					..Default::default()
				},
				manager: Alice.to_account_id(),
				name: b"Sluice index".to_vec().try_into().expect("fits"),
				symbol: b"SIX".to_vec().try_into().expect("fits"),
			}),
		);
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), AssetKind::Native).is_ok());
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), USD).is_ok());
		assert!(Reactors::add_venue(RuntimeOrigin::root(), 0, 1, VenueKind::IndexFund(0)).is_ok());
		// A fund of other assets is no venue for this pair.
		assert!(Reactors::add_venue(RuntimeOrigin::root(), 0, 1, VenueKind::IndexFund(7)).is_err());
		fund_and_vote();
		run_rollover();
		// 1 000 of each joined the fund (it is 1 : 1): the reactors' account holds a tenth of
		// the fund's supply.
		let fund = pallet_index_funds::Indices::<Runtime>::get(0).expect("exists");
		let account = pallet_reactors::Pallet::<Runtime>::account_id();
		let held = asset_balance(fund.token, &account);
		assert_eq!(held, fund.supply / 11);
		let slc = Reactors::api_reactor(0).expect("exists");
		assert!(slc.deployed > 999 * SLC && slc.deployed <= 1_000 * SLC, "{}", slc.deployed);

		// Swaps through the fund earn its swap fee.
		let swap = |from: AssetKind, to: AssetKind, amount: u128| {
			RuntimeCall::IndexFunds(pallet_index_funds::Call::swap {
				index: 0,
				asset_in: from,
				amount_in: amount,
				asset_out: to,
				min_amount_out: 0,
				max_price: None,
			})
		};
		// Round trips that sell back what they bought leave the fund near the oracle's price
		// (100 SLC moves the 11 000 / 11 000 fund's price under 2 %, so the way back stays
		// within the oracle bound).
		for _ in 0..3 {
			let usds = asset_balance(USD_STABLE, &Ferdie.to_account_id());
			apply(Ferdie, swap(AssetKind::Native, USD, 100 * SLC));
			let bought = asset_balance(USD_STABLE, &Ferdie.to_account_id()) - usds;
			apply(Ferdie, swap(USD, AssetKind::Native, bought));
		}
		System::reset_events();
		run_rollover();
		assert!(
			!reactor_events()
				.iter()
				.any(|e| matches!(e, pallet_reactors::Event::VenueSkipped { .. })),
			"{:?}",
			reactor_events()
		);
		let swept = Revenue::<Runtime>::get(0) + Revenue::<Runtime>::get(1);
		assert!(swept > 0, "no fees were swept");
		assert_eq!(Reactors::api_reactor(0).expect("exists").supply, 1_000 * SLC);
		assert_eq!(Reactors::api_reactor(1).expect("exists").supply, 1_000 * USDS);
	});
}

fn feed_prices(usd_in_slc: FixedU128) {
	apply(
		Alice,
		RuntimeCall::OracleFeeds(pallet_oracle_feeds::Call::feed {
			values: vec![
				(OracleKey::Price(AssetKind::Native), FixedU128::from_u32(1)),
				(OracleKey::Price(USD), usd_in_slc),
			]
			.try_into()
			.expect("fits"),
		}),
	);
}

#[test]
fn a_venue_loss_is_bought_back_with_the_ld_stake_through_the_dex() {
	on_dev_chain(|| {
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), AssetKind::Native).is_ok());
		assert!(Reactors::create_reactor(RuntimeOrigin::root(), USD).is_ok());
		assert!(Reactors::add_venue(RuntimeOrigin::root(), 0, 1, VenueKind::Dex).is_ok());
		feed_prices(FixedU128::from_u32(1));
		fund_and_vote();
		run_rollover();
		assert_eq!(Reactors::api_reactor(1).expect("exists").deployed, 1_000 * USDS);

		// Ferdie buys USDS with 2 000 SLC: the pool keeps less USDS, so the reactors' share
		// comes back with less USDS than went in. The oracle follows the new price.
		apply(Ferdie, swap(AssetKind::Native, USD, 2_000 * SLC));
		let slc_per_usd =
			pallet_asset_conversion::Pallet::<Runtime>::quote_price_exact_tokens_for_tokens(
				USD,
				AssetKind::Native,
				USDS,
				false,
			)
			.expect("the pool has liquidity");
		assert!(slc_per_usd > SLC, "USDS got dearer");
		feed_prices(FixedU128::from_rational(slc_per_usd, SLC));
		System::reset_events();
		run_rollover();

		// No reserve or revenue in USDS yet: the USDS reactor's LD stake bought the loss back
		// through the pool, within half the stake and 5 % of the oracle price.
		let cover = reactor_events().into_iter().find_map(|e| match e {
			pallet_reactors::Event::LossCovered {
				reactor: 1,
				from_reserve,
				from_revenue,
				from_stake,
				stake_spent,
				uncovered,
			} => Some((from_reserve, from_revenue, from_stake, stake_spent, uncovered)),
			_ => None,
		});
		let (from_reserve, from_revenue, from_stake, spent, uncovered) =
			cover.expect("the USDS side lost");
		assert_eq!((from_reserve, from_revenue, uncovered), (0, 0, 0));
		assert!(from_stake > 0 && spent > 0 && spent <= 50 * SLC, "{from_stake} for {spent}");
		// The price paid is within the bound: spent ≤ 1.05 × the loss's oracle worth in SLC.
		let worth = from_stake * slc_per_usd / USDS;
		assert!(spent * 100 <= worth * 105, "{spent} for {worth}");
		let usd = Reactors::api_reactor(1).expect("exists");
		assert_eq!((usd.staked, usd.shortfall), (100 * SLC - spent, 0));
		assert_eq!(Reactors::api_position(1, Eve.to_account_id()).staked, 100 * SLC - spent);

		// Charlie gets his 1 000 USDS back.
		apply(
			Charlie,
			reactors(pallet_reactors::Call::request_withdrawal {
				reactor: 1,
				amount: 1_000 * USDS,
			}),
		);
		run_rollover();
		let before = asset_balance(USD_STABLE, &Charlie.to_account_id());
		apply(Charlie, reactors(pallet_reactors::Call::withdraw { reactor: 1 }));
		assert_eq!(asset_balance(USD_STABLE, &Charlie.to_account_id()) - before, 1_000 * USDS);
	});
}
