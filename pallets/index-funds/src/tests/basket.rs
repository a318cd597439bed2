//! Basket changes: a constituent bound in at the oracle's value and ramped up, one ramped down
//! to the minimum weight and taken out.

use super::*;
use crate::{Event, Strategy};
use frame_support::{assert_noop, assert_ok};
use sluice_math::weights::ONE;
use sp_runtime::{FixedU128, Perbill};

fn refeed() {
	for (asset, cents) in [(SLC, 200), (A1, 100), (A2, 400), (A3, 50)] {
		feed_price(asset, cents);
	}
}

#[test]
fn bind_buys_in_at_the_oracle_value_and_ramps_the_new_constituent() {
	build_and_execute(|| {
		let id = create_fund(Strategy::Fixed);
		// The fund is worth $1 000 (100 index tokens at $10). 10 A3 ($5) would be 0.5 % of
		// it: below the minimum weight.
		assert_noop!(
			IndexFunds::bind(
				RuntimeOrigin::signed(MANAGER),
				id,
				A3,
				10 * UNIT,
				Perbill::from_percent(10)
			),
			Error::<Test>::WeightOutOfBounds
		);
		assert_noop!(
			IndexFunds::bind(
				RuntimeOrigin::signed(BOB),
				id,
				A3,
				50 * UNIT,
				Perbill::from_percent(10)
			),
			Error::<Test>::NotManager
		);
		assert_noop!(
			IndexFunds::bind(
				RuntimeOrigin::signed(MANAGER),
				id,
				A1,
				50 * UNIT,
				Perbill::from_percent(10)
			),
			Error::<Test>::DuplicateAsset
		);
		// 50 A3 ($25, 2.44 % of $1 025): the manager gets 2.5 index tokens ($25 at $10).
		let a3 = balance(A3, MANAGER);
		assert_ok!(IndexFunds::bind(
			RuntimeOrigin::signed(MANAGER),
			id,
			A3,
			50 * UNIT,
			Perbill::from_percent(10)
		));
		assert_eq!(a3 - balance(A3, MANAGER), 50 * UNIT + ASSET_MIN);
		assert_eq!(index_tokens(id, MANAGER), 2_500_000_000_000);
		assert_eq!(IndexFunds::api_nav(id), Ok(FixedU128::from_u32(10)));
		let fund = info(id);
		assert_eq!(fund.assets.to_vec(), vec![SLC, A1, A2, A3]);
		// Weights start at the value shares ($400, $300, $300, $25 of $1 025) and move to the
		// old targets scaled by 0.9 with 10 % for A3.
		assert_eq!(fund.schedule.from[3], 25 * ONE / 1_025);
		assert_eq!(
			fund.schedule.to.to_vec(),
			vec![36 * ONE / 100, 27 * ONE / 100, 27 * ONE / 100, 10 * ONE / 100]
		);
		System::assert_last_event(
			Event::Bound {
				index: id,
				asset: A3,
				amount: 50 * UNIT,
				minted: 2_500_000_000_000,
				end: fund.schedule.end,
			}
			.into(),
		);
		// A3 trades. Ten seconds into the ramp its weight is 0.1 point up, so the pool pays
		// about 4 % over the oracle for A3: selling it is refused, buying it is not.
		advance(10);
		refeed();
		assert_noop!(
			IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A3, UNIT, A1, 0, None),
			Error::<Test>::PriceOutOfBound
		);
		assert_ok!(IndexFunds::swap(RuntimeOrigin::signed(BOB), id, A1, UNIT, A3, 0, None));
	});
}

#[test]
fn unbind_ramps_to_the_minimum_then_the_remainder_is_bought_at_the_oracle_value() {
	build_and_execute(|| {
		let id = create_fund(Strategy::Fixed);
		assert_noop!(
			IndexFunds::unbind(RuntimeOrigin::signed(BOB), id, A1),
			Error::<Test>::NotManager
		);
		assert_noop!(
			IndexFunds::finish_unbind(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotRemoving
		);
		assert_ok!(IndexFunds::unbind(RuntimeOrigin::signed(MANAGER), id, A1));
		// 30 % to 2 %: 28 points at 0.01 % a second, 2 800 s.
		System::assert_last_event(
			Event::UnbindStarted { index: id, asset: A1, end: START + 2_800 }.into(),
		);
		assert_eq!(info(id).schedule.to[1], 2 * ONE / 100);
		assert_noop!(
			IndexFunds::unbind(RuntimeOrigin::signed(MANAGER), id, A2),
			Error::<Test>::RemovalInProgress
		);
		advance(1_400);
		refeed();
		assert_noop!(
			IndexFunds::finish_unbind(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::StillRemoving
		);
		// A poke meanwhile keeps A1's target at the minimum.
		assert_ok!(IndexFunds::poke(RuntimeOrigin::signed(CHARLIE), id));
		assert_eq!(info(id).schedule.to[1], 2 * ONE / 100);
		advance(3_000);
		refeed();
		let end = info(id).schedule.end;
		assert!(IndexFunds::now() >= end);
		// Nobody traded A1 out on the way down: the 300 A1 are still 30 % of the fund's value,
		// and they leave only once trades have taken them under twice the minimum weight.
		assert_noop!(
			IndexFunds::finish_unbind(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::RemainderTooLarge
		);
		// Charlie buys A1 with A2 in steps (each within the oracle bound, every few seconds
		// with a poke now and then re-anchoring the pool) until A1 is under 3 % of the fund.
		let share = || {
			let b = info(id).balances.to_vec();
			b[1] * 100 / (b[0] * 2 + b[1] + b[2] * 4)
		};
		let mut rounds = 0;
		while share() >= 3 {
			rounds += 1;
			assert!(rounds < 2_000, "A1 never left: {}%", share());
			advance(5);
			refeed();
			let _ = IndexFunds::poke(RuntimeOrigin::signed(CHARLIE), id);
			let mut amount = 20 * UNIT;
			while amount > 0
				&& IndexFunds::swap(RuntimeOrigin::signed(CHARLIE), id, A2, amount, A1, 0, None)
					.is_err()
			{
				amount /= 2;
			}
		}
		// Bob buys the remainder at $1 an A1 with SLC and A2 pro rata to the fund's balances,
		// once the last poke's schedule (A1 still at the minimum) has ended.
		let end = info(id).schedule.end;
		advance(end.saturating_sub(IndexFunds::now()));
		refeed();
		let fund = info(id);
		let (b_slc, b_a1, b_a2) = (fund.balances[0], fund.balances[1], fund.balances[2]);
		let nav = IndexFunds::api_nav(id).expect("nav");
		let (slc, a1, a2) = (balance(SLC, BOB), balance(A1, BOB), balance(A2, BOB));
		next_block();
		assert_ok!(IndexFunds::finish_unbind(RuntimeOrigin::signed(BOB), id));
		let (paid_slc, paid_a2) = (slc - balance(SLC, BOB), a2 - balance(A2, BOB));
		assert_eq!(balance(A1, BOB) - a1, b_a1 + ASSET_MIN);
		// In dollars ($2 an SLC, $4 an A2, $1 an A1): at least the remainder's value, at most a
		// few units more (each payment rounds up).
		let paid = paid_slc * 2 + paid_a2 * 4;
		assert!(paid >= b_a1 && paid <= b_a1 + 8, "paid {paid} for {b_a1}");
		// Pro rata: the same fraction of each balance.
		assert_eq!(paid_slc, (b_slc * b_a1).div_ceil(b_slc * 2 + b_a2 * 4));
		let fund = info(id);
		assert_eq!(fund.assets.to_vec(), vec![SLC, A2]);
		assert_eq!(fund.balances.to_vec(), vec![b_slc + paid_slc, b_a2 + paid_a2]);
		assert_eq!(fund.removing, None);
		// The holders' value at oracle prices did not fall.
		assert!(IndexFunds::api_nav(id).expect("nav") >= nav);
		assert_eq!(fund.schedule.to.iter().sum::<u128>(), ONE);
		System::assert_last_event(
			Event::Unbound {
				index: id,
				asset: A1,
				remainder: b_a1,
				buyer: BOB,
				paid: bounded(vec![paid_slc, paid_a2]),
			}
			.into(),
		);
		// Two constituents left: no more removals.
		assert_noop!(
			IndexFunds::unbind(RuntimeOrigin::signed(MANAGER), id, A2),
			Error::<Test>::TooFewConstituents
		);
	});
}

#[test]
fn a_removal_can_be_called_off() {
	build_and_execute(|| {
		let id = create_fund(Strategy::Fixed);
		assert_noop!(
			IndexFunds::cancel_unbind(RuntimeOrigin::signed(MANAGER), id),
			Error::<Test>::NotRemoving
		);
		assert_ok!(IndexFunds::unbind(RuntimeOrigin::signed(MANAGER), id, A1));
		assert_noop!(
			IndexFunds::cancel_unbind(RuntimeOrigin::signed(BOB), id),
			Error::<Test>::NotManager
		);
		assert_ok!(IndexFunds::cancel_unbind(RuntimeOrigin::signed(MANAGER), id));
		System::assert_last_event(Event::UnbindCancelled { index: id, asset: A1 }.into());
		assert_eq!(info(id).removing, None);
		// Another removal may start.
		assert_ok!(IndexFunds::unbind(RuntimeOrigin::root(), id, A2));
	});
}
