use crate::{mock::*, Nominations, Pool};

#[test]
fn genesis_bonds_locks_shares_and_nominates() {
	ExtBuilder::default().build_and_execute(|| {
		assert_eq!(MockStaking::ledger(pool()).active, INITIAL_BOND);
		assert_eq!(vslc(pool()), INITIAL_BOND);
		assert_eq!(Pool::<Test>::get().staked, INITIAL_BOND);
		assert_eq!(super::rate(), sp_runtime::FixedU128::from_u32(1));
		// Lowest commission first, blocked (14) and above the 10 % cap (13) left out.
		assert_eq!(Nominations::<Test>::get().into_inner(), vec![12, 11]);
		assert_eq!(MockStaking::nominated(), vec![12, 11]);
	});
}
