//! The oracle: `pallet-oracle` (median of feeders, timestamped) with a root-managed feeder set.
//!
//! The feeder set becomes the restaking pallet's oracle service once that pallet exists
//! (DESIGN §3.4); until then root adds and removes feeders through `OracleFeeders`.

use crate::{AccountId, OracleKey, OracleValue, Runtime, RuntimeEvent};
use frame_support::{
	parameter_types,
	traits::{ConstU32, ConstU64},
	PalletId,
};
use frame_system::EnsureRoot;

/// Instance of `pallet-membership` holding the oracle feeders.
pub type OracleFeedersInstance = pallet_membership::Instance1;

/// Most oracle feeders.
pub const MAX_FEEDERS: u32 = 32;

impl pallet_membership::Config<OracleFeedersInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = EnsureRoot<AccountId>;
	type RemoveOrigin = EnsureRoot<AccountId>;
	type SwapOrigin = EnsureRoot<AccountId>;
	type ResetOrigin = EnsureRoot<AccountId>;
	type PrimeOrigin = EnsureRoot<AccountId>;
	/// The oracle drops a removed feeder's values.
	type MembershipInitialized = ();
	type MembershipChanged = crate::Oracle;
	type MaxMembers = ConstU32<MAX_FEEDERS>;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

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
	type Members = crate::OracleFeeders;
	type WeightInfo = pallet_oracle::weights::SubstrateWeight<Runtime>;
	type MaxHasDispatchedSize = ConstU32<MAX_FEEDERS>;
	type MaxFeedValues = ConstU32<32>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}
