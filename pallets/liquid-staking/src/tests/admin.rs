use super::*;
use crate::{Error, Event, Params, PauseReason, Paused, PoolParams};
use frame_support::assert_noop;
use sp_runtime::{DispatchError, Perbill, Permill};

#[test]
fn the_admin_pauses_and_resumes_staking() {
	ExtBuilder::default().build_and_execute(|| {
		assert_noop!(LiquidStaking::pause(RuntimeOrigin::signed(ALICE)), DispatchError::BadOrigin);
		assert_noop!(LiquidStaking::resume(RuntimeOrigin::root()), Error::<Test>::NotPaused);
		assert_ok!(LiquidStaking::pause(RuntimeOrigin::root()));
		assert_eq!(Paused::<Test>::get(), Some(PauseReason::Admin));
		assert_noop!(LiquidStaking::pause(RuntimeOrigin::root()), Error::<Test>::StakingPaused);
		assert_noop!(LiquidStaking::resume(RuntimeOrigin::signed(ALICE)), DispatchError::BadOrigin);
		assert_ok!(LiquidStaking::resume(RuntimeOrigin::root()));
		assert_eq!(Paused::<Test>::get(), None);
		assert_eq!(
			events(),
			vec![Event::StakingPaused { reason: PauseReason::Admin }, Event::StakingResumed]
		);
	});
}

#[test]
fn the_admin_sets_valid_params_only() {
	ExtBuilder::default().build_and_execute(|| {
		let params = PoolParams { protocol_fee: Permill::from_percent(5), ..Default::default() };
		assert_noop!(
			LiquidStaking::set_params(RuntimeOrigin::signed(ALICE), params),
			DispatchError::BadOrigin
		);
		for bad in [
			PoolParams { max_rate_change: Perbill::zero(), ..params },
			PoolParams { max_validator_share: Perbill::zero(), ..params },
			PoolParams { buffer_target: Perbill::from_percent(51), ..params },
		] {
			assert_noop!(
				LiquidStaking::set_params(RuntimeOrigin::root(), bad),
				Error::<Test>::InvalidParams
			);
		}
		assert_ok!(LiquidStaking::set_params(RuntimeOrigin::root(), params));
		assert_eq!(Params::<Test>::get(), params);
		assert_eq!(events(), vec![Event::ParamsSet { params }]);
	});
}
