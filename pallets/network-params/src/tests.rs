//! Unit tests: the bounds of the settings, the emission schedule, the genesis checks.

use crate::{mock::*, pallet::*, types::*};
use frame_support::{assert_noop, assert_ok};
use sluice_primitives::SLC;
use sp_runtime::{BuildStorage, DispatchError, Perbill};

/// A change to settings and the error it must meet.
type SettingsCase = (fn(&mut Settings), Error<Test>);
/// A change to a grid and the issue it must meet.
type GridCase = (fn(&mut TimeGrid), GridIssue);

fn set(settings: Settings) -> sp_runtime::DispatchResult {
	NetworkParams::set_settings(RuntimeOrigin::root(), settings)
}

#[test]
fn both_presets_are_within_the_bounds() {
	assert_eq!(TimeGrid::TESTNET.check(), Ok(()));
	assert_eq!(TimeGrid::DEVELOPMENT.check(), Ok(()));
	assert_eq!(Settings::TESTNET.check(), Ok(()));
	assert_eq!(Settings::DEVELOPMENT.check(), Ok(()));
	// Testnet: 86 400-block eras, 365 of them and 365 cycles a year.
	assert_eq!(TimeGrid::TESTNET.era_length(), 86_400);
	assert_eq!(TimeGrid::TESTNET.eras_per_year(), 365);
	assert_eq!(TimeGrid::TESTNET.cycles_per_year(), 365);
	// Dev: 30-block eras and cycles, 1 051 200 of each a year.
	assert_eq!(TimeGrid::DEVELOPMENT.eras_per_year(), 1_051_200);
	assert_eq!(TimeGrid::DEVELOPMENT.cycles_per_year(), 1_051_200);
}

#[test]
fn the_emission_falls_by_a_fifth_each_year_of_cycles() {
	let schedule = Settings::TESTNET.emission;
	assert_eq!(schedule.at(0), 650 * SLC);
	assert_eq!(schedule.at(364), 650 * SLC);
	assert_eq!(schedule.at(365), 520 * SLC);
	assert_eq!(schedule.at(730), 416 * SLC);
	// 650 × 0.8³ = 332.8 SLC.
	assert_eq!(schedule.at(3 * 365), 332_800_000_000_000);
	// A schedule without decay stays.
	assert_eq!(Settings::DEVELOPMENT.emission.at(1_000_000), 100 * SLC);
}

#[test]
fn governance_changes_a_setting_within_its_bounds_and_the_change_is_announced() {
	new_test_ext().execute_with(|| {
		let mut settings = Settings::TESTNET;
		settings.veto_window = 3 * DAY;
		settings.min_self_bond = 5_000 * SLC;
		assert_ok!(set(settings));
		assert_eq!(NetworkParams::settings(), settings);
		System::assert_last_event(
			Event::SettingsChanged { old: Settings::TESTNET, new: settings }.into(),
		);
		// The grid did not move.
		assert_eq!(NetworkParams::grid(), TimeGrid::TESTNET);
	});
}

#[test]
fn only_the_admin_origin_changes_the_settings() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			NetworkParams::set_settings(RuntimeOrigin::signed(1), Settings::TESTNET),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn each_bound_is_refused_with_its_own_error() {
	new_test_ext().execute_with(|| {
		let base = Settings::TESTNET;
		let cases: [SettingsCase; 10] = [
			(|s| s.emission.per_cycle = 1_644 * SLC + SLC, Error::EmissionAboveCap),
			(|s| s.emission.decay_every = 0, Error::EmissionStepZero),
			(|s| s.veto_window = MIN_VETO_WINDOW - 1, Error::VetoWindowTooShort),
			(|s| s.veto_window = s.withdrawal_delay, Error::WithdrawalNotAfterVeto),
			(|s| s.commission_delay = MAX_DELAY + 1, Error::DelayTooLong),
			(
				|s| s.deallocation_delay = s.withdrawal_delay - 1,
				Error::DeallocationBeforeWithdrawal,
			),
			(|s| s.commission_delay = s.withdrawal_delay - 1, Error::CommissionBeforeWithdrawal),
			(|s| s.allocation_delay = MAX_ALLOCATION_DELAY + 1, Error::AllocationDelayTooLong),
			(|s| s.reward_period = 0, Error::RewardPeriodOutOfBounds),
			(|s| s.min_self_bond = MAX_SELF_BOND + 1, Error::SelfBondOutOfBounds),
		];
		for (change, error) in cases {
			let mut settings = base;
			change(&mut settings);
			assert_noop!(set(settings), error);
		}
	});
}

#[test]
fn the_emission_cap_is_five_percent_of_the_issuance_a_year_at_the_rate_now() {
	new_test_ext().execute_with(|| {
		// 12 M SLC in existence: 600 000 SLC a year, 1 643.83 SLC a day-long cycle.
		let mut settings = Settings::TESTNET;
		settings.emission =
			EmissionSchedule { per_cycle: 1_643 * SLC, decay: Perbill::zero(), decay_every: 0 };
		assert_ok!(set(settings));
		settings.emission.per_cycle = 1_644 * SLC;
		assert_noop!(set(settings), Error::<Test>::EmissionAboveCap);
		// Three years of 20 % decay later, a schedule starting at 3 000 SLC emits 1 536 SLC a
		// cycle now: within the cap.
		Cycle::put(3 * 365);
		settings.emission = EmissionSchedule {
			per_cycle: 3_000 * SLC,
			decay: Perbill::from_percent(20),
			decay_every: 365,
		};
		assert_ok!(set(settings));
	});
}

#[test]
#[should_panic(expected = "the genesis time grid is out of bounds: SlashDeferDuration")]
fn a_genesis_grid_whose_slashes_outlast_the_bonding_is_refused() {
	let mut grid = TimeGrid::TESTNET;
	grid.slash_defer_duration = grid.bonding_duration;
	let _ = RuntimeGenesisConfig {
		network_params: crate::GenesisConfig { grid, ..Default::default() },
		..Default::default()
	}
	.build_storage();
}

#[test]
fn each_grid_bound_is_checked() {
	let cases: [GridCase; 8] = [
		(|g| g.session_period = MIN_SESSION_PERIOD - 1, GridIssue::SessionPeriod),
		(|g| g.sessions_per_era = MAX_SESSIONS_PER_ERA + 1, GridIssue::SessionsPerEra),
		(|g| g.bonding_duration = MAX_BONDING_DURATION + 1, GridIssue::BondingDuration),
		(|g| g.slash_defer_duration = g.bonding_duration, GridIssue::SlashDeferDuration),
		(|g| g.slash_defer_duration = 0, GridIssue::SlashDeferDuration),
		(|g| g.cycle_length = MIN_CYCLE_LENGTH - 1, GridIssue::CycleLength),
		(|g| g.stake_warmup = 0, GridIssue::StakeWarmup),
		(|g| g.governance_hour = MAX_GOVERNANCE_HOUR + 1, GridIssue::GovernanceHour),
	];
	for (change, issue) in cases {
		let mut grid = TimeGrid::TESTNET;
		change(&mut grid);
		assert_eq!(grid.check(), Err(issue));
	}
}

#[test]
fn try_state_catches_settings_out_of_bounds() {
	new_test_ext().execute_with(|| {
		assert_ok!(NetworkParams::do_try_state());
		CurrentSettings::<Test>::mutate(|s| s.reward_period = 0);
		assert!(NetworkParams::do_try_state().is_err());
		// A chain without the grid stored (it would read the built-in one) fails too.
		CurrentSettings::<Test>::put(Settings::TESTNET);
		Grid::<Test>::kill();
		assert!(NetworkParams::do_try_state().is_err());
	});
}

#[test]
fn the_veto_window_must_outlast_a_slash_veto_referendum() {
	new_test_ext().execute_with(|| {
		// The mock's slash-veto track takes 26 hours and a block (93 601 blocks) at the longest.
		let mut settings = Settings::TESTNET;
		settings.veto_window = 93_601;
		assert_noop!(set(settings), Error::<Test>::VetoWindowEndsBeforeVeto);
		settings.veto_window = 20;
		assert_noop!(set(settings), Error::<Test>::VetoWindowEndsBeforeVeto);
		settings.veto_window = 93_602;
		assert_ok!(set(settings));
		assert_eq!(NetworkParams::settings().veto_window, 93_602);
		// A migration that shortened it would be caught.
		CurrentSettings::<Test>::mutate(|s| s.veto_window = 93_601);
		assert!(NetworkParams::do_try_state().is_err());
	});
}

#[test]
#[should_panic(
	expected = "the genesis veto window (93601 blocks) ends before a slash-veto referendum"
)]
fn a_genesis_veto_window_shorter_than_a_veto_referendum_is_refused() {
	let mut settings = Settings::TESTNET;
	settings.veto_window = 93_601;
	let _ = RuntimeGenesisConfig {
		network_params: crate::GenesisConfig { settings, ..Default::default() },
		..Default::default()
	}
	.build_storage();
}

/// The next release's migration (`cargo test -p pallet-network-params --features next-release`).
#[cfg(feature = "next-release")]
mod next_release {
	use super::*;
	use crate::migrations::v1::MigrateV0ToV1;
	use frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

	/// The raw storage key of `NetworkParams::<item>`.
	fn key(item: &str) -> Vec<u8> {
		[sp_io::hashing::twox_128(b"NetworkParams"), sp_io::hashing::twox_128(item.as_bytes())]
			.concat()
	}

	#[test]
	fn the_settings_move_once_from_current_settings_to_settings_in_force() {
		new_test_ext().execute_with(|| {
			// A version-0 chain: settings under the old key (the testnet's with a 2 000 SLC
			// self-bond), nothing under the new one.
			let mut settings = Settings::TESTNET;
			settings.min_self_bond = 2_000 * SLC;
			sp_io::storage::clear(&key("SettingsInForce"));
			sp_io::storage::set(&key("CurrentSettings"), &codec::Encode::encode(&settings));
			StorageVersion::new(0).put::<NetworkParams>();

			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(sp_io::storage::get(&key("CurrentSettings")), None);
			assert_eq!(NetworkParams::settings(), settings);
			assert_eq!(NetworkParams::on_chain_storage_version(), StorageVersion::new(1));
			assert_ok!(NetworkParams::do_try_state());

			// A second run (a later upgrade that still lists it) changes nothing.
			sp_io::storage::set(
				&key("CurrentSettings"),
				&codec::Encode::encode(&Settings::TESTNET),
			);
			MigrateV0ToV1::<Test>::on_runtime_upgrade();
			assert_eq!(NetworkParams::settings(), settings);
		});
	}
}
