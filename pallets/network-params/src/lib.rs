#![doc = include_str!("../README.md")]
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
pub mod migrations;
pub mod types;
pub mod weights;

#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;
	use sluice_primitives::Balance;

	/// The in-code storage version: 0, or 1 in the next release (the settings moved to
	/// `SettingsInForce`, see [`migrations::v1`](crate::migrations)).
	pub const STORAGE_VERSION: StorageVersion =
		StorageVersion::new(if cfg!(feature = "next-release") { 1 } else { 0 });

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// Changes the settings (a governance origin).
		type AdminOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// SLC in existence: the emission cap is a share of it.
		type Issuance: Get<Balance>;

		/// The current reactor cycle: the emission schedule is checked at its rate now.
		type CurrentCycle: Get<u32>;

		/// Blocks a governance veto of a restaking slash may take at the longest, from its
		/// submission to its enactment (on the runtime's slash-veto track: its prepare,
		/// decision and confirm periods and its enactment delay, which follow the grid's
		/// governance hour). The veto window must be longer, or a slash of a service without
		/// its own resolver would be paid out before governance could veto it.
		type VetoResolution: Get<u32>;

		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// The time grid, set at genesis and never changed.
	#[pallet::storage]
	pub type Grid<T> = StorageValue<_, TimeGrid, ValueQuery>;

	/// The settings in force.
	#[cfg(not(feature = "next-release"))]
	#[pallet::storage]
	pub type CurrentSettings<T> = StorageValue<_, Settings, ValueQuery>;

	/// The settings in force (stored under `SettingsInForce` from storage version 1).
	#[cfg(feature = "next-release")]
	#[pallet::storage]
	pub type SettingsInForce<T> = StorageValue<_, Settings, ValueQuery>;

	/// The settings in force, under the name the code uses in both layouts.
	#[cfg(feature = "next-release")]
	pub type CurrentSettings<T> = SettingsInForce<T>;

	/// The network's grid and first settings.
	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The time grid (fixed for the chain's life).
		pub grid: TimeGrid,
		/// The settings at genesis.
		pub settings: Settings,
		#[serde(skip)]
		#[allow(missing_docs)]
		pub _marker: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			if let Err(issue) = self.grid.check() {
				panic!("the genesis time grid is out of bounds: {issue:?}");
			}
			// The emission cap is not checked at genesis: the issuance is not built yet, and dev
			// chains emit far above it on purpose.
			if let Err(issue) = self.settings.check() {
				panic!("the genesis settings are out of bounds: {issue:?}");
			}
			Grid::<T>::put(self.grid);
			// After the grid is stored: the veto's resolution time follows its governance hour.
			if self.settings.check_veto_resolution(T::VetoResolution::get()).is_err() {
				panic!(
					"the genesis veto window ({} blocks) ends before a slash-veto referendum can \
					 be enacted ({} blocks)",
					self.settings.veto_window,
					T::VetoResolution::get()
				);
			}
			CurrentSettings::<T>::put(self.settings);
		}
	}

	/// Events of the pallet.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance changed the settings.
		SettingsChanged {
			/// The settings before.
			old: Settings,
			/// The settings now in force.
			new: Settings,
		},
	}

	/// Errors of the pallet: which bound a new setting breaks.
	#[pallet::error]
	pub enum Error<T> {
		/// The emission schedule's rate now would emit more than 5 % of the SLC in existence in
		/// a year.
		EmissionAboveCap,
		/// A decaying emission needs at least one cycle between steps.
		EmissionStepZero,
		/// The veto window is shorter than 10 blocks.
		VetoWindowTooShort,
		/// The veto window ends before a referendum on the slash-veto track, submitted when the
		/// slash is requested, could be enacted.
		VetoWindowEndsBeforeVeto,
		/// The withdrawal delay does not outlast the veto window (a slash requested just before
		/// a withdrawal would miss it).
		WithdrawalNotAfterVeto,
		/// A withdrawal, deallocation or commission delay is longer than 28 days.
		DelayTooLong,
		/// The deallocation delay is shorter than the withdrawal delay.
		DeallocationBeforeWithdrawal,
		/// The commission delay is shorter than the withdrawal delay (delegators could not leave
		/// before a raise).
		CommissionBeforeWithdrawal,
		/// The allocation delay is longer than a week.
		AllocationDelayTooLong,
		/// The reward period is zero or longer than 30 days.
		RewardPeriodOutOfBounds,
		/// The operators' self-bond is below 1 SLC or above 100 000 SLC.
		SelfBondOutOfBounds,
	}

	impl<T> From<SettingsIssue> for Error<T> {
		fn from(issue: SettingsIssue) -> Self {
			match issue {
				SettingsIssue::EmissionAboveCap => Error::EmissionAboveCap,
				SettingsIssue::EmissionStepZero => Error::EmissionStepZero,
				SettingsIssue::VetoWindowTooShort => Error::VetoWindowTooShort,
				SettingsIssue::VetoWindowEndsBeforeVeto => Error::VetoWindowEndsBeforeVeto,
				SettingsIssue::WithdrawalNotAfterVeto => Error::WithdrawalNotAfterVeto,
				SettingsIssue::DelayTooLong => Error::DelayTooLong,
				SettingsIssue::DeallocationBeforeWithdrawal => Error::DeallocationBeforeWithdrawal,
				SettingsIssue::CommissionBeforeWithdrawal => Error::CommissionBeforeWithdrawal,
				SettingsIssue::AllocationDelayTooLong => Error::AllocationDelayTooLong,
				SettingsIssue::RewardPeriodOutOfBounds => Error::RewardPeriodOutOfBounds,
				SettingsIssue::SelfBondOutOfBounds => Error::SelfBondOutOfBounds,
			}
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Replaces the settings with `settings`, each within its bound. Items already made
		/// (withdrawals, allocations, pending slashes, reward streams) keep the delays they were
		/// made with.
		#[pallet::call_index(0)]
		pub fn set_settings(origin: OriginFor<T>, settings: Settings) -> DispatchResult {
			T::AdminOrigin::ensure_origin(origin)?;
			Self::do_set_settings(settings)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The time grid.
		pub fn grid() -> TimeGrid {
			Grid::<T>::get()
		}

		/// The settings in force.
		pub fn settings() -> Settings {
			CurrentSettings::<T>::get()
		}

		pub(crate) fn do_set_settings(settings: Settings) -> DispatchResult {
			settings.check().map_err(Error::<T>::from)?;
			settings.check_veto_resolution(T::VetoResolution::get()).map_err(Error::<T>::from)?;
			settings
				.check_emission(&Self::grid(), T::CurrentCycle::get(), T::Issuance::get())
				.map_err(Error::<T>::from)?;
			let old = CurrentSettings::<T>::get();
			CurrentSettings::<T>::put(settings);
			Self::deposit_event(Event::SettingsChanged { old, new: settings });
			Ok(())
		}

		/// The grid is stored (a chain whose state lacks it, one upgraded to this pallet without
		/// a migration, would silently read the built-in grid), and the stored grid and settings
		/// are within their bounds (a migration or a genesis that skipped the checks would break
		/// this).
		pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
			ensure!(Grid::<T>::exists(), "no time grid is stored");
			ensure!(CurrentSettings::<T>::exists(), "no settings are stored");
			Self::grid().check().map_err(|_| "the time grid is out of bounds")?;
			Self::settings().check().map_err(|_| "the settings are out of bounds")?;
			Self::settings().check_veto_resolution(T::VetoResolution::get()).map_err(|_| {
				"the veto window ends before a slash-veto referendum can be enacted"
			})?;
			Ok(())
		}
	}
}
