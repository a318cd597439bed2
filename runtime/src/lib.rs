//! # Sluice runtime
//!
//! A solochain runtime with 1-second blocks (Aura + GRANDPA), NPoS staking, a multi-asset ledger,
//! a constant-product DEX (asset conversion) and an oracle. The custom pallets of Sluice
//! (reactors, liquid staking, index funds, restaking) are wired in `configs/`.
//!
//! Layout: [`configs`] holds one module per domain, [`apis`] the runtime APIs,
//! [`genesis_config_presets`] the `development` and `local_testnet` genesis.

#![cfg_attr(not(feature = "std"), no_std)]
// The runtime macro expands to deeply nested types.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Declared before `apis` so that its `list_benchmarks!`/`add_benchmarks!` macros are in scope there.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod genesis_config_presets;
pub mod weights;

use alloc::{borrow::Cow, vec::Vec};
// The governance origins are a pallet of the runtime's own (see `configs::governance::origins`).
use configs::governance::origins::pallet as pallet_sluice_origins;
use sp_runtime::{generic, impl_opaque_keys};
use sp_version::RuntimeVersion;

pub use sluice_primitives::{
	AccountId, AssetId, AssetKind, Balance, BlockNumber, Hash, Nonce, OracleKey, OracleValue,
	Signature, MICRO_SLC, MILLI_SLC, SLC, SLC_DECIMALS,
};

/// Opaque types: what the node needs to know of the runtime without knowing its calls.
pub mod opaque {
	use super::*;
	use sp_runtime::traits::{BlakeTwo256, Hash as HashT};

	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
	/// Opaque block hash type.
	pub type Hash = <BlakeTwo256 as HashT>::Output;
}

impl_opaque_keys! {
	/// The session keys of a validator: Aura for authoring, GRANDPA for finality.
	pub struct SessionKeys {
		/// Aura block-authoring key.
		pub aura: Aura,
		/// GRANDPA finality key.
		pub grandpa: Grandpa,
	}
}

/// Declares [`VERSION`] with the given `spec_version` (a literal: the `runtime_version`
/// attribute reads it at compile time into the wasm's custom section).
macro_rules! runtime_version {
	($spec_version:tt) => {
		/// The version of the runtime. `spec_version` is bumped on every runtime upgrade.
		#[sp_version::runtime_version]
		pub const VERSION: RuntimeVersion = RuntimeVersion {
			spec_name: Cow::Borrowed("sluice"),
			impl_name: Cow::Borrowed("sluice-node"),
			authoring_version: 1,
			spec_version: $spec_version,
			impl_version: 1,
			apis: apis::RUNTIME_API_VERSIONS,
			transaction_version: 1,
			system_version: 1,
		};
	};
}

#[cfg(not(feature = "next-release"))]
runtime_version!(100);
// The next release (feature `next-release`): one `spec_version` later, with its storage
// migrations. Built only for the forkless-upgrade test and the try-runtime check
// (scripts/upgrade-wasm.sh, scripts/try-runtime.sh).
#[cfg(feature = "next-release")]
runtime_version!(101);

/// Time and block constants.
pub mod time {
	use super::BlockNumber;

	/// Target block time: one block per second. Changing it after genesis breaks Aura's slots.
	pub const MILLI_SECS_PER_BLOCK: u64 = 1_000;

	/// Aura slot length, equal to the block time.
	pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

	/// Blocks per minute.
	pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
	/// Blocks per hour.
	pub const HOURS: BlockNumber = MINUTES * 60;
	/// Blocks per day.
	pub const DAYS: BlockNumber = HOURS * 24;
}

/// The address format for describing accounts.
pub type Address = sp_runtime::MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, sp_runtime::traits::BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A block signed with a justification: the form blocks are imported in.
pub type SignedBlock = generic::SignedBlock<Block>;

/// `BlockId` type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions checked on every signed transaction, in order.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Storage migrations run on the next runtime upgrade.
#[cfg(not(feature = "next-release"))]
type Migrations = ();
/// Storage migrations run on the next runtime upgrade: the next release moves the network's
/// settings to `NetworkParams::SettingsInForce` (storage version 0 to 1).
#[cfg(feature = "next-release")]
type Migrations = (pallet_network_params::migrations::v1::MigrateV0ToV1<Runtime>,);

/// Executive: handles dispatch to the various pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	// Core.
	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;
	#[runtime::pallet_index(2)]
	pub type Utility = pallet_utility;
	#[runtime::pallet_index(3)]
	pub type Sudo = pallet_sudo;
	// Before every pallet whose genesis or hooks read the network's parameters.
	#[runtime::pallet_index(4)]
	pub type NetworkParams = pallet_network_params;

	// Money.
	#[runtime::pallet_index(10)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(11)]
	pub type TransactionPayment = pallet_transaction_payment;

	// Consensus and NPoS. `Authorship` and `Staking` come before `Session` so that the
	// session's `on_initialize` sees the era already rotated.
	#[runtime::pallet_index(20)]
	pub type Authorship = pallet_authorship;
	#[runtime::pallet_index(21)]
	pub type Staking = pallet_staking;
	#[runtime::pallet_index(22)]
	pub type Session = pallet_session;
	#[runtime::pallet_index(23)]
	pub type Historical = pallet_session::historical;
	#[runtime::pallet_index(24)]
	pub type Aura = pallet_aura;
	#[runtime::pallet_index(25)]
	pub type Grandpa = pallet_grandpa;
	#[runtime::pallet_index(26)]
	pub type Offences = pallet_offences;

	// Assets and the DEX.
	#[runtime::pallet_index(30)]
	pub type Assets = pallet_assets<Instance1>;
	#[runtime::pallet_index(31)]
	pub type PoolAssets = pallet_assets<Instance2>;
	#[runtime::pallet_index(32)]
	pub type AssetConversion = pallet_asset_conversion;

	// Oracle.
	#[runtime::pallet_index(41)]
	pub type Oracle = pallet_oracle;

	// Sluice: liquid staking and MEV.
	#[runtime::pallet_index(50)]
	pub type LiquidStaking = pallet_liquid_staking;
	#[runtime::pallet_index(51)]
	pub type BlockAuction = pallet_block_auction;

	// Sluice: index funds.
	#[runtime::pallet_index(52)]
	pub type IndexFunds = pallet_index_funds;

	// Sluice: reactors.
	#[runtime::pallet_index(53)]
	pub type Reactors = pallet_reactors;

	// Sluice: restaking (secures the oracle's feeders).
	#[runtime::pallet_index(54)]
	pub type Restaking = pallet_restaking;
	// The gate to the oracle: stake-weighted feeders, registered keys.
	#[runtime::pallet_index(55)]
	pub type OracleFeeds = pallet_oracle_feeds;

	// Governance (OpenGov) and the treasury.
	#[runtime::pallet_index(60)]
	pub type Scheduler = pallet_scheduler;
	#[runtime::pallet_index(61)]
	pub type Preimage = pallet_preimage;
	#[runtime::pallet_index(62)]
	pub type Referenda = pallet_referenda;
	#[runtime::pallet_index(63)]
	pub type ConvictionVoting = pallet_conviction_voting;
	#[runtime::pallet_index(64)]
	pub type Origins = pallet_sluice_origins;
	#[runtime::pallet_index(65)]
	pub type Treasury = pallet_treasury;

	// Accounts: proxies, multisig, identity.
	#[runtime::pallet_index(70)]
	pub type Proxy = pallet_proxy;
	#[runtime::pallet_index(71)]
	pub type Multisig = pallet_multisig;
	#[runtime::pallet_index(72)]
	pub type Identity = pallet_identity;
}
