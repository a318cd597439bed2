//! Storage migrations.
//!
//! - [`v1`] (the next release, feature `next-release`): the settings move from
//!   `NetworkParams::CurrentSettings` to `NetworkParams::SettingsInForce`. It is the migration the
//!   forkless-upgrade test applies to a running network, and the one the try-runtime check runs
//!   against a dev chain's state: a real move of a stored value, checked before and after.

/// Version 0 to 1: the settings move to `SettingsInForce`.
#[cfg(feature = "next-release")]
pub mod v1 {
	use crate::{pallet::CurrentSettings, Config, Pallet, Settings};
	use core::marker::PhantomData;
	use frame_support::{
		migrations::VersionedMigration, pallet_prelude::*, traits::UncheckedOnRuntimeUpgrade,
	};

	/// The version-0 layout.
	mod old {
		use super::*;

		/// The settings, where version 0 keeps them.
		#[frame_support::storage_alias]
		pub type CurrentSettings<T: Config> = StorageValue<Pallet<T>, Settings, OptionQuery>;
	}

	/// Moves the settings; a chain with none stored (built without this pallet's genesis) is
	/// left with none, as it was.
	pub struct MoveSettings<T>(PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for MoveSettings<T> {
		fn on_runtime_upgrade() -> Weight {
			match old::CurrentSettings::<T>::take() {
				Some(settings) => {
					CurrentSettings::<T>::put(settings);
					T::DbWeight::get().reads_writes(1, 2)
				}
				None => T::DbWeight::get().reads(1),
			}
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, sp_runtime::TryRuntimeError> {
			Ok(old::CurrentSettings::<T>::get().encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), sp_runtime::TryRuntimeError> {
			let before = Option::<Settings>::decode(&mut &state[..])
				.map_err(|_| "the pre-upgrade settings do not decode")?;
			ensure!(!old::CurrentSettings::<T>::exists(), "CurrentSettings is still stored");
			match before {
				Some(before) => {
					ensure!(CurrentSettings::<T>::exists(), "SettingsInForce is not stored");
					ensure!(
						CurrentSettings::<T>::get() == before,
						"the settings changed in the move"
					);
				}
				None => ensure!(!CurrentSettings::<T>::exists(), "settings appeared from nowhere"),
			}
			Ok(())
		}
	}

	/// [`MoveSettings`], run once: only on a chain at storage version 0, which it leaves at 1.
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, MoveSettings<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
