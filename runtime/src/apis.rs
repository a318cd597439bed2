//! Runtime APIs: what the node and clients (Polkadot.js `api.call.*`) can ask the runtime.

use crate::{
	AccountId, AssetKind, Balance, Block, BlockAuction, BlockNumber, Executive, Grandpa,
	IndexFunds, InherentDataExt, LiquidStaking, Nonce, Oracle, OracleKey, OracleValue, Reactors,
	Restaking, Runtime, RuntimeCall, RuntimeGenesisConfig, SessionKeys, Staking, System,
	TransactionPayment, VERSION,
};
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use pallet_grandpa::AuthorityId as GrandpaId;
use pallet_oracle::DataProviderExtended;
use sp_api::impl_runtime_apis;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_runtime::{
	traits::{Block as BlockT, NumberFor},
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_version::RuntimeVersion;

/// Identifies the oracle provider in `OracleApi` (Sluice runs one oracle).
pub type OracleProviderId = u8;

/// An oracle value with the time it was combined.
pub type TimestampedOracleValue = pallet_oracle::TimestampedValue<OracleValue, u64>;

impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			crate::configs::network::with_built_in_values(|| {
				OpaqueMetadata::new(Runtime::metadata().into())
			})
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			crate::configs::network::with_built_in_values(|| Runtime::metadata_at_version(version))
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(crate::Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(
			encoded: Vec<u8>,
		) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		fn submit_report_equivocation_unsigned_extrinsic(
			equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			let key_owner_proof = key_owner_proof.decode()?;
			Grandpa::submit_unsigned_equivocation_report(equivocation_proof, key_owner_proof)
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			authority_id: GrandpaId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			use codec::Encode;
			use frame_support::traits::KeyOwnerProofSystem;
			// A proof in the current session (the node asks while the set is live).
			crate::Historical::prove((sp_consensus_grandpa::KEY_TYPE, authority_id))
				.map(|proof| proof.encode())
				.map(sp_consensus_grandpa::OpaqueKeyOwnershipProof::new)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_staking_runtime_api::StakingApi<Block, Balance, AccountId> for Runtime {
		fn nominations_quota(balance: Balance) -> u32 {
			Staking::api_nominations_quota(balance)
		}

		fn eras_stakers_page_count(era: sp_staking::EraIndex, account: AccountId) -> sp_staking::Page {
			Staking::api_eras_stakers_page_count(era, account)
		}

		fn pending_rewards(era: sp_staking::EraIndex, account: AccountId) -> bool {
			Staking::api_pending_rewards(era, account)
		}
	}

	impl pallet_asset_conversion::AssetConversionApi<Block, Balance, AssetKind> for Runtime {
		fn quote_price_exact_tokens_for_tokens(
			asset1: AssetKind,
			asset2: AssetKind,
			amount: Balance,
			include_fee: bool,
		) -> Option<Balance> {
			crate::AssetConversion::quote_price_exact_tokens_for_tokens(asset1, asset2, amount, include_fee)
		}

		fn quote_price_tokens_for_exact_tokens(
			asset1: AssetKind,
			asset2: AssetKind,
			amount: Balance,
			include_fee: bool,
		) -> Option<Balance> {
			crate::AssetConversion::quote_price_tokens_for_exact_tokens(asset1, asset2, amount, include_fee)
		}

		fn get_reserves(asset1: AssetKind, asset2: AssetKind) -> Option<(Balance, Balance)> {
			crate::AssetConversion::get_reserves(asset1, asset2).ok()
		}
	}

	impl pallet_oracle_runtime_api::OracleApi<
		Block,
		OracleProviderId,
		OracleKey,
		TimestampedOracleValue,
	> for Runtime {
		fn get_value(_provider_id: OracleProviderId, key: OracleKey) -> Option<TimestampedOracleValue> {
			Oracle::get(&key)
		}

		fn get_all_values(
			_provider_id: OracleProviderId,
		) -> Vec<(OracleKey, Option<TimestampedOracleValue>)> {
			<Oracle as DataProviderExtended<_, _>>::get_all_values().collect()
		}
	}

	impl pallet_liquid_staking::runtime_api::LiquidStakingApi<Block, AccountId> for Runtime {
		fn pool_info() -> pallet_liquid_staking::runtime_api::PoolInfo {
			// The books are consistent by construction; a broken pool reads as all zero.
			LiquidStaking::pool_info().unwrap_or_default()
		}
		fn quote_stake(amount: Balance) -> Result<Balance, sp_runtime::DispatchError> {
			LiquidStaking::quote_stake(amount)
		}
		fn quote_unstake(
			vslc: Balance,
		) -> Result<(Balance, sp_staking::EraIndex), sp_runtime::DispatchError> {
			LiquidStaking::quote_unstake(vslc)
		}
		fn quote_instant_unstake(
			vslc: Balance,
		) -> Result<(Balance, Balance), sp_runtime::DispatchError> {
			LiquidStaking::quote_instant_unstake(vslc)
		}
		fn withdrawals(who: AccountId) -> Vec<pallet_liquid_staking::runtime_api::WithdrawalInfo> {
			LiquidStaking::withdrawals_of(&who)
		}
		fn eras() -> Vec<(sp_staking::EraIndex, pallet_liquid_staking::EraRecord)> {
			LiquidStaking::era_records()
		}
		fn apr() -> pallet_liquid_staking::runtime_api::AprEstimate {
			LiquidStaking::apr()
		}
	}

	impl pallet_block_auction::runtime_api::BlockAuctionApi<Block, AccountId, BlockNumber> for Runtime {
		fn best_bid() -> Option<(AccountId, Balance, BlockNumber)> {
			BlockAuction::best_bid()
		}
		fn min_bid() -> Balance {
			crate::configs::block_auction::MinBundleBid::get()
		}
	}

	impl pallet_index_funds::runtime_api::IndexFundsApi<Block> for Runtime {
		fn index(index: u32) -> Option<pallet_index_funds::runtime_api::IndexView> {
			IndexFunds::api_index(index)
		}
		fn nav(index: u32) -> Result<sp_runtime::FixedU128, sp_runtime::DispatchError> {
			IndexFunds::api_nav(index)
		}
		fn quote_swap(
			index: u32,
			asset_in: AssetKind,
			amount_in: Balance,
			asset_out: AssetKind,
		) -> Result<Balance, sp_runtime::DispatchError> {
			IndexFunds::quote_swap(index, asset_in, amount_in, asset_out)
		}
		fn quote_join(
			index: u32,
			pool_out: Balance,
		) -> Result<(Vec<Balance>, Balance), sp_runtime::DispatchError> {
			IndexFunds::quote_join(index, pool_out)
		}
		fn quote_exit(index: u32, pool_in: Balance) -> Result<Vec<Balance>, sp_runtime::DispatchError> {
			IndexFunds::quote_exit(index, pool_in)
		}
		fn quote_join_single(
			index: u32,
			asset: AssetKind,
			amount_in: Balance,
		) -> Result<pallet_index_funds::runtime_api::SingleQuote, sp_runtime::DispatchError> {
			IndexFunds::quote_join_single(index, asset, amount_in)
		}
		fn quote_exit_single(
			index: u32,
			asset: AssetKind,
			pool_in: Balance,
		) -> Result<pallet_index_funds::runtime_api::SingleQuote, sp_runtime::DispatchError> {
			IndexFunds::quote_exit_single(index, asset, pool_in)
		}
	}

	impl pallet_reactors::runtime_api::ReactorsApi<Block, AccountId> for Runtime {
		fn reactor(reactor: u32) -> Option<pallet_reactors::runtime_api::ReactorView> {
			Reactors::api_reactor(reactor)
		}
		fn position(reactor: u32, who: AccountId) -> pallet_reactors::runtime_api::PositionView {
			Reactors::api_position(reactor, who)
		}
		fn apr(reactor: u32) -> Option<(sp_runtime::FixedU128, sp_runtime::FixedU128)> {
			Reactors::api_apr(reactor)
		}
		fn singularity_ratio() -> Option<sp_runtime::FixedU128> {
			Reactors::api_singularity_ratio()
		}
		fn cycle() -> (u32, pallet_reactors::Phase) {
			Reactors::api_cycle()
		}
	}

	impl pallet_restaking::runtime_api::RestakingApi<Block, AccountId, BlockNumber> for Runtime {
		fn operator(
			operator: AccountId,
		) -> Option<pallet_restaking::runtime_api::OperatorView<BlockNumber>> {
			Restaking::api_operator(operator)
		}
		fn staker(
			who: AccountId,
		) -> pallet_restaking::runtime_api::StakerView<AccountId, BlockNumber> {
			Restaking::api_staker(who)
		}
		fn pending_slashes(
		) -> Vec<(AccountId, pallet_restaking::ServiceId, pallet_restaking::PendingSlash<AccountId, BlockNumber>)> {
			Restaking::api_pending_slashes()
		}
		fn oracle_feeders() -> Vec<(AccountId, Balance)> {
			Restaking::api_oracle_feeders()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::{baseline, BenchmarkList};
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;

			let mut list = Vec::<BenchmarkList>::new();
			// The benchmarked pallets are named by their runtime aliases.
			use crate::*;
			list_benchmarks!(list, extra);

			let storage_info = crate::AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{baseline, BenchmarkBatch};
			use sp_storage::TrackedStorageKey;
			use frame_system_benchmarking::Pallet as SystemBench;
			use baseline::Pallet as BaselineBench;
			use frame_support::traits::WhitelistedStorageKeys;

			impl frame_system_benchmarking::Config for Runtime {}
			impl baseline::Config for Runtime {}

			let whitelist: Vec<TrackedStorageKey> = crate::AllPalletsWithSystem::whitelisted_storage_keys();

			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			use crate::*;
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks).unwrap();
			(weight, crate::configs::system::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select).expect("execute-block failed")
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}
}
