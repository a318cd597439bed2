//! `frame_system`, timestamp, utility and sudo; block weight and length sized for a 1 s slot.

// `PalletInfo`, `RuntimeOrigin` and `RuntimeTask` are named by the `derive_impl` expansion.
use crate::{
	AccountId, Balance, Block, BlockNumber, Hash, Nonce, OriginCaller, PalletInfo, Runtime,
	RuntimeCall, RuntimeEvent, RuntimeOrigin, RuntimeTask, VERSION,
};
use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstU32, ConstU64},
	weights::{
		constants::{RocksDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		Weight,
	},
};
use frame_system::limits::{BlockLength, BlockWeights};
use sp_runtime::Perbill;

/// Share of a block's weight and length available to normal (user) extrinsics; the rest is kept
/// for operational extrinsics and hooks.
pub const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// Execution time a block may take: 400 ms of the 1 000 ms slot. The author gets half the slot
/// to build (see the node's `block_proposal_slot_portion`); importing peers must execute the
/// block again and gossip it before the next slot, so execution stays well under half a second.
pub const MAXIMUM_BLOCK_WEIGHT: Weight =
	Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND.saturating_mul(2) / 5, u64::MAX);

/// Largest encoded block: 2 MiB, so a full block still crosses the network within the slot.
pub const MAXIMUM_BLOCK_LENGTH: u32 = 2 * 1024 * 1024;

parameter_types! {
	/// Chain version, as reported to clients.
	pub const Version: sp_version::RuntimeVersion = VERSION;
	/// Weight limits of a block, per dispatch class.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		MAXIMUM_BLOCK_WEIGHT,
		NORMAL_DISPATCH_RATIO,
	);
	/// Length limits of a block, per dispatch class.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAXIMUM_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| {
			*max = NORMAL_DISPATCH_RATIO * *max
		})
		.build();
	/// Blocks whose hashes are kept for mortal transactions.
	pub const BlockHashCount: BlockNumber = 2400;
	/// Generic substrate SS58 prefix (42) on dev and local chains.
	pub const SS58Prefix: u8 = 42;
}

/// Every call but `pallet-oracle`'s own `feed_values` (free for members, any key, and weighed
/// without the member provider): signed feeds come through `OracleFeeds::feed`, which checks
/// keys and values and charges what a feed uses. The filter also holds inside `utility` batches;
/// root is not filtered.
pub struct BaseFilter;
impl frame_support::traits::Contains<RuntimeCall> for BaseFilter {
	fn contains(call: &RuntimeCall) -> bool {
		match call {
			RuntimeCall::Oracle(_) => false,
			// Burning one's own balance of an index token or a tAsset through a refund would
			// take it out of the issuance behind the pallet's back (its share of the fund or
			// reactor stranded, and the books off): refused; refunding an empty account is not.
			RuntimeCall::Assets(pallet_assets::Call::refund { id, allow_burn: true }) => {
				!super::assets::reserved_asset_id(id.0)
			}
			// A token's decimals, once described, stay: the index funds, the reactors and
			// wallets value amounts by them, and an issuer who changed them would revalue its
			// token (`clear_metadata` resets them to 0). Names and symbols may change.
			RuntimeCall::Assets(pallet_assets::Call::set_metadata { id, decimals, .. }) => {
				described_decimals(id.0).is_none_or(|d| d == *decimals)
			}
			RuntimeCall::Assets(pallet_assets::Call::clear_metadata { id }) => {
				described_decimals(id.0).is_none()
			}
			_ => true,
		}
	}
}

/// The decimals of asset `id` if it has metadata (`None` if it was never described).
fn described_decimals(id: crate::AssetId) -> Option<u8> {
	pallet_assets::Metadata::<Runtime, super::assets::MainAssetsInstance>::contains_key(id).then(
		|| pallet_assets::Metadata::<Runtime, super::assets::MainAssetsInstance>::get(id).decimals,
	)
}

/// All defaults come from `SolochainDefaultConfig`; the types below are Sluice's own.
#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type BaseCallFilter = BaseFilter;
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	type DbWeight = RocksDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
	type SystemWeightInfo = frame_system::weights::SubstrateWeight<Runtime>;
}

impl pallet_timestamp::Config for Runtime {
	/// A timestamp: milliseconds since the unix epoch.
	type Moment = u64;
	type OnTimestampSet = crate::Aura;
	type MinimumPeriod = ConstU64<{ crate::time::SLOT_DURATION / 2 }>;
	type WeightInfo = pallet_timestamp::weights::SubstrateWeight<Runtime>;
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}
