//! The oracle: `pallet-oracle` (median of feeders, timestamped). The feeders are the operators
//! allocating at least the minimum to the restaking pallet's oracle service (DESIGN §3.4): a
//! feeder is secured by stake that an outlier report can slash.

use crate::{OracleKey, OracleValue, Runtime};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};

/// Most feeders that may feed in one block (the oracle service's most operators).
pub const MAX_FEEDERS: u32 = 64;

parameter_types! {
	/// The oracle's pallet id; its account is the feeder when root feeds values.
	pub const OraclePalletId: PalletId = PalletId(*b"slc/orcl");
}

/// A value is the median of at least one feeder's values that are at most 10 minutes old.
pub type CombineData = pallet_oracle::DefaultCombineData<Runtime, ConstU32<1>, ConstU64<600_000>>;

impl pallet_oracle::Config for Runtime {
	type OnNewData = ();
	type CombineData = CombineData;
	type Time = crate::Timestamp;
	type OracleKey = OracleKey;
	type OracleValue = OracleValue;
	type PalletId = OraclePalletId;
	type Members = crate::Restaking;
	type WeightInfo = pallet_oracle::weights::SubstrateWeight<Runtime>;
	type MaxHasDispatchedSize = ConstU32<MAX_FEEDERS>;
	type MaxFeedValues = ConstU32<32>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
