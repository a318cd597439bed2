//! Feeding through the gate, the feeder snapshot and the registered keys.

use crate::{mock::*, pallet::*};
use frame_support::{assert_noop, assert_ok, dispatch::Pays};
use sp_runtime::{DispatchError, FixedU128};

fn feed(
	who: AccountId,
	values: Vec<(sluice_primitives::OracleKey, u32)>,
) -> Result<Pays, DispatchError> {
	let values: Vec<_> = values.into_iter().map(|(k, v)| (k, FixedU128::from_u32(v))).collect();
	OracleFeeds::feed(RuntimeOrigin::signed(who), values.try_into().expect("fits"))
		.map(|info| info.pays_fee)
		.map_err(|e| e.error)
}

#[test]
fn only_snapshot_feeders_feed_registered_keys_once_per_block() {
	build_and_execute(|| {
		assert_eq!(OracleFeeds::feeders(), vec![(1, 100), (2, 50)]);
		assert_noop!(feed(3, vec![(price(1), 1)]), Error::<Test>::NotFeeder);
		assert_noop!(feed(1, vec![]), Error::<Test>::EmptyFeed);
		assert_noop!(feed(1, vec![(price(9), 1)]), Error::<Test>::UnknownFeed);
		assert_noop!(feed(1, vec![(price(1), 0)]), Error::<Test>::ZeroValue);
		assert_noop!(feed(1, vec![(price(1), 1), (price(1), 2)]), Error::<Test>::DuplicateKey);
		assert_eq!(feed(1, vec![(price(1), 1), (price(2), 3)]), Ok(Pays::No));
		assert_eq!(
			Fed::get(),
			vec![(1, price(1), FixedU128::from_u32(1)), (1, price(2), FixedU128::from_u32(3))]
		);
		assert_noop!(feed(1, vec![(price(1), 2)]), Error::<Test>::AlreadyFed);
		run_to_block(2);
		assert_ok!(feed(1, vec![(price(1), 2)]));
	});
}

#[test]
fn a_feed_beyond_the_free_allowance_pays() {
	build_and_execute(|| {
		assert_ok!(OracleFeeds::register_feed(RuntimeOrigin::root(), price(3)));
		// Too many values: paid, and it leaves the allowance for a small feed.
		assert_eq!(feed(2, vec![(price(1), 1), (price(2), 1), (price(3), 1)]), Ok(Pays::Yes));
		run_to_block(2);
		assert_eq!(feed(2, vec![(price(1), 1), (price(2), 1)]), Ok(Pays::No));
		// Within `FREE_INTERVAL` blocks of a free feed, even a small one pays.
		run_to_block(1 + FREE_INTERVAL);
		assert_eq!(feed(2, vec![(price(1), 1)]), Ok(Pays::Yes));
		run_to_block(2 + FREE_INTERVAL);
		assert_eq!(feed(2, vec![(price(1), 1)]), Ok(Pays::No));
	});
}

#[test]
fn at_most_max_free_per_block_feeds_are_free_in_a_block() {
	build_and_execute(|| {
		// Three feeders, two free feeds a block: the third small feed of the block pays.
		Stakes::put((1..=3).map(|f| (f, 10)).collect::<Vec<_>>());
		OracleFeeds::refresh();
		assert_eq!(feed(1, vec![(price(1), 1)]), Ok(Pays::No));
		assert_eq!(feed(2, vec![(price(1), 1)]), Ok(Pays::No));
		assert_eq!(feed(3, vec![(price(1), 1)]), Ok(Pays::Yes));
		assert_eq!(FreeFeeds::<Test>::get(), (1, 2));
		// The count belongs to its block: feeder 3 has had no free feed yet.
		run_to_block(2);
		assert_eq!(feed(3, vec![(price(2), 1)]), Ok(Pays::No));
		assert_eq!(FreeFeeds::<Test>::get(), (2, 1));
	});
}

#[test]
fn the_snapshot_follows_the_stake_every_interval_and_forgets_who_left() {
	build_and_execute(|| {
		assert_ok!(feed(2, vec![(price(1), 1)]));
		// Feeder 2 leaves, 3 and 4 join: the snapshot changes only at the next interval.
		Stakes::put(vec![(1, 100), (3, 70), (4, 10), (5, 20)]);
		run_to_block(REFRESH - 1);
		assert_eq!(OracleFeeds::feeders(), vec![(1, 100), (2, 50)]);
		run_to_block(REFRESH);
		// At most three feeders: the heaviest. Feeder 2's values are forgotten with the
		// block's spare weight (the same block here), its last feed at once.
		assert_eq!(OracleFeeds::feeders(), vec![(1, 100), (3, 70), (5, 20)]);
		assert!(LastFed::<Test>::get(2).is_none());
		assert_eq!(Forgotten::get(), vec![2]);
		assert!(Fed::get().iter().all(|(who, _, _)| *who != 2));
		assert_eq!(Leavers::<Test>::count(), 0);
		assert_noop!(feed(2, vec![(price(1), 1)]), Error::<Test>::NotFeeder);
		assert_noop!(feed(4, vec![(price(1), 1)]), Error::<Test>::NotFeeder);
		assert_ok!(feed(3, vec![(price(1), 1)]));
	});
}

#[test]
fn leavers_are_forgotten_only_with_spare_weight_and_not_once_back() {
	use frame_support::traits::Hooks;
	build_and_execute(|| {
		assert_ok!(feed(2, vec![(price(1), 1)]));
		Stakes::put(vec![(1, 100)]);
		run_to_block(REFRESH - 1);
		// The snapshot block, with no spare weight: feeder 2 waits in the queue.
		System::set_block_number(REFRESH);
		OracleFeeds::on_initialize(REFRESH);
		assert_eq!(
			OracleFeeds::on_idle(REFRESH, frame_support::weights::Weight::zero()),
			frame_support::weights::Weight::zero()
		);
		assert!(Leavers::<Test>::contains_key(2));
		// Full blocks until the next snapshot, where it is back: it keeps its values.
		Stakes::put(vec![(1, 100), (2, 50)]);
		for n in REFRESH + 1..=2 * REFRESH {
			System::set_block_number(n);
			OracleFeeds::on_initialize(n);
		}
		assert!(!Leavers::<Test>::contains_key(2));
		run_to_block(2 * REFRESH + 3);
		assert!(Forgotten::get().is_empty());
		assert!(Fed::get().iter().any(|(who, _, _)| *who == 2));
	});
}

#[test]
fn keys_are_registered_by_the_origin_bounded_and_cleared_when_removed() {
	build_and_execute(|| {
		assert_noop!(
			OracleFeeds::register_feed(RuntimeOrigin::signed(1), price(3)),
			DispatchError::BadOrigin
		);
		assert_noop!(
			OracleFeeds::register_feed(RuntimeOrigin::root(), price(1)),
			Error::<Test>::AlreadyRegistered
		);
		for id in 3..=6 {
			assert_ok!(OracleFeeds::register_feed(RuntimeOrigin::root(), price(id)));
		}
		assert_noop!(
			OracleFeeds::register_feed(RuntimeOrigin::root(), price(7)),
			Error::<Test>::TooManyFeeds
		);
		assert_noop!(
			OracleFeeds::remove_feed(RuntimeOrigin::root(), price(7)),
			Error::<Test>::UnknownFeed
		);
		assert_ok!(OracleFeeds::remove_feed(RuntimeOrigin::root(), price(1)));
		assert_eq!(Cleared::get(), vec![(price(1), vec![1, 2])]);
		assert_noop!(feed(1, vec![(price(1), 1)]), Error::<Test>::UnknownFeed);
	});
}
