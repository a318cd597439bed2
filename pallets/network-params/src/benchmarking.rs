//! Benchmarks (v2 syntax).

use super::*;
use crate::pallet::{Call, Config, CurrentSettings, Pallet};
use frame_benchmarking::v2::*;
use frame_support::traits::EnsureOrigin;

#[benchmarks]
mod benchmarks {
	use super::*;

	/// Replacing the settings: the checks, the issuance and cycle reads, one write, the event.
	#[benchmark]
	fn set_settings() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut settings = Settings::TESTNET;
		settings.emission.per_cycle = 1;
		settings.veto_window = settings.veto_window.saturating_add(1);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, settings);

		assert_eq!(CurrentSettings::<T>::get(), settings);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
