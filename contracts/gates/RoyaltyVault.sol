// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {SNARK_SCALAR_FIELD} from "@zk-kit/lean-imt.sol/Constants.sol";
import {RoyaltyClaimSignals as S} from "../generated/PublicSignals.sol";
import {IMintGate} from "../interfaces/IMintGate.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {IRoyaltyShareToken} from "../interfaces/IRoyaltyShareToken.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";
import {Groth16Proof, IRoyaltyClaimVerifier} from "../interfaces/IVerifiers.sol";
import {PayeeTags} from "../libraries/PayeeTags.sol";
import {ProofContext} from "../libraries/ProofContext.sol";
import {RoyaltyShares} from "../libraries/RoyaltyShares.sol";
import {RegulatorGoverned} from "./RegulatorGoverned.sol";
import {RoyaltyShareToken} from "./RoyaltyShareToken.sol";

/// @title RoyaltyVault
/// @notice Accrues ETH and allowlisted ERC-20s per token and pays creators, licensors and royalty share
/// holders their cumulative parts (see IRoyaltyVault for the accounting).
/// @dev Deployed by the MintGate (msg.sender at construction); deploys the share token implementation its
/// clones point at. Its only governance is the currency allowlist (the registry's default admin): nothing can
/// move funds out but a valid claim. Deposits and claims run under one reentrancy guard and follow
/// checks-effects-interactions; a failed payout reverts the whole claim, which stays claimable.
contract RoyaltyVault is IRoyaltyVault, RegulatorGoverned, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @inheritdoc IRoyaltyVault
    uint256 public constant SHARE_SUPPLY = 10_000e18;
    /// @notice At most this many ERC-20s are ever allowlisted (bounds the work of a share transfer).
    uint256 public constant MAX_CURRENCIES = 8;
    /// @notice Action tag of a share issue's context.
    bytes32 public constant ISSUE_SHARES_ACTION = keccak256("zkprov.issueShares");

    /// @dev One account's books for one (token, currency): the creator part `C` at its last settlement and
    /// what it earned and was not paid, in units of 1/SHARE_SUPPLY.
    struct Holder {
        uint256 settledAt;
        uint256 owedScaled;
    }

    IMintGate private immutable _mintGate;
    IRoyaltyClaimVerifier private immutable _verifier;
    address private immutable _shareImplementation;

    mapping(uint256 tokenId => mapping(address currency => uint256)) private _accrued;
    mapping(uint256 tokenId => mapping(address currency => uint256)) private _licensorPaid;
    /// @dev Account address(0) is the creator (its unissued units).
    mapping(uint256 tokenId => mapping(address currency => mapping(address account => Holder))) private _holders;
    mapping(uint256 tokenId => address[]) private _tokenCurrencies;
    mapping(uint256 tokenId => mapping(address currency => bool)) private _tokenHasCurrency;
    mapping(uint256 tokenId => address) private _shareTokens;
    mapping(uint256 tokenId => uint256) private _issued;
    mapping(uint256 tokenId => uint256) private _shareNonces;
    mapping(address currency => bool) private _allowed;
    address[] private _currencies;

    /// @param registry_ The registry whose default admin allowlists currencies.
    /// @param verifier_ The generated royalty-claim verifier.
    constructor(IRegistry registry_, IRoyaltyClaimVerifier verifier_) RegulatorGoverned(registry_) {
        _mintGate = IMintGate(msg.sender);
        _verifier = verifier_;
        _shareImplementation = address(new RoyaltyShareToken());
    }

    /// @inheritdoc IRoyaltyVault
    function deposit(uint256 tokenId) external payable nonReentrant {
        if (msg.value == 0) revert VaultZeroDeposit();
        _recordOf(tokenId);
        _credit(tokenId, address(0), msg.value);
    }

    /// @inheritdoc IRoyaltyVault
    function depositToken(
        uint256 tokenId,
        IERC20 currency,
        uint256 amount
    ) external nonReentrant returns (uint256 arrived) {
        if (!_allowed[address(currency)]) revert VaultCurrencyNotAllowed(address(currency));
        _recordOf(tokenId);
        uint256 before = currency.balanceOf(address(this));
        currency.safeTransferFrom(msg.sender, address(this), amount);
        arrived = currency.balanceOf(address(this)) - before;
        if (arrived == 0) revert VaultZeroDeposit();
        _credit(tokenId, address(currency), arrived);
    }

    /// @inheritdoc IRoyaltyVault
    function claim(
        uint256 tokenId,
        Payee payee,
        address payable recipient,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external nonReentrant returns (uint256 amount) {
        return _claim(tokenId, payee, address(0), recipient, proof, nullifier, tags);
    }

    /// @inheritdoc IRoyaltyVault
    function claimCurrency(
        uint256 tokenId,
        Payee payee,
        address currency,
        address payable recipient,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external nonReentrant returns (uint256 amount) {
        return _claim(tokenId, payee, currency, recipient, proof, nullifier, tags);
    }

    /// @inheritdoc IRoyaltyVault
    function issueShares(
        uint256 tokenId,
        address[] calldata recipients,
        uint256[] calldata amounts,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) external nonReentrant returns (address share) {
        _checkIssue(tokenId, recipients, amounts);
        _checkCreatorProof(tokenId, shareIssueContext(tokenId, recipients, amounts), proof, nullifier, tags);
        share = _mintShares(tokenId, recipients, amounts);
    }

    /// @inheritdoc IRoyaltyVault
    function claimHolder(uint256 tokenId, address currency) external nonReentrant returns (uint256 amount) {
        address share = _shareTokens[tokenId];
        uint256 balance = share == address(0) ? 0 : IERC20(share).balanceOf(msg.sender);
        amount = _takeOwed(tokenId, currency, msg.sender, balance, _creatorPart(tokenId, currency));
        if (amount == 0) revert VaultHolderNothingOwed(tokenId, msg.sender, currency);
        emit HolderClaimed(tokenId, msg.sender, currency, amount);
        _pay(currency, payable(msg.sender), amount);
    }

    /// @inheritdoc IRoyaltyVault
    function onSharesMoved(uint256 tokenId, address from, address to, uint256 fromBalance, uint256 toBalance) external {
        if (msg.sender != _shareTokens[tokenId] || msg.sender == address(0)) {
            revert VaultNotShareToken(tokenId, msg.sender);
        }
        // A mint moves units out of the creator's unissued rest (account address(0)).
        if (from == address(0)) fromBalance = SHARE_SUPPLY - _issued[tokenId];
        uint16 bps = _mintGate.tokenRecord(tokenId).licensorBps;
        address[] storage list = _tokenCurrencies[tokenId];
        for (uint256 i; i < list.length; ++i) {
            address currency = list[i];
            uint256 part = RoyaltyShares.creatorShare(_accrued[tokenId][currency], bps);
            _settle(_holders[tokenId][currency][from], fromBalance, part);
            _settle(_holders[tokenId][currency][to], toBalance, part);
        }
    }

    /// @inheritdoc IRoyaltyVault
    function setCurrencyAllowed(address currency, bool allowed) external onlyRegulator {
        if (currency == address(0) || currency.code.length == 0) revert VaultInvalidCurrency(currency);
        if (allowed && !_isListed(currency)) {
            if (_currencies.length == MAX_CURRENCIES) revert VaultTooManyCurrencies(MAX_CURRENCIES);
            _currencies.push(currency);
        }
        _allowed[currency] = allowed;
        emit CurrencyAllowed(currency, allowed);
    }

    /// @inheritdoc IRoyaltyVault
    function isCurrencyAllowed(address currency) external view returns (bool) {
        return currency == address(0) || _allowed[currency];
    }

    /// @inheritdoc IRoyaltyVault
    function currencies() external view returns (address[] memory) {
        return _currencies;
    }

    /// @inheritdoc IRoyaltyVault
    function tokenCurrencies(uint256 tokenId) external view returns (address[] memory) {
        return _tokenCurrencies[tokenId];
    }

    /// @inheritdoc IRoyaltyVault
    function accrued(uint256 tokenId) external view returns (uint256) {
        return _accrued[tokenId][address(0)];
    }

    /// @inheritdoc IRoyaltyVault
    function accruedIn(uint256 tokenId, address currency) external view returns (uint256) {
        return _accrued[tokenId][currency];
    }

    /// @inheritdoc IRoyaltyVault
    function shareOf(uint256 tokenId, Payee payee, address currency) external view returns (uint256) {
        return RoyaltyShares.shareOf(_accrued[tokenId][currency], _mintGate.tokenRecord(tokenId).licensorBps, payee);
    }

    /// @inheritdoc IRoyaltyVault
    function claimable(uint256 tokenId, Payee payee, address currency) external view returns (uint256) {
        if (payee == Payee.Licensor) return _licensorOwed(tokenId, currency);
        return _owedView(tokenId, currency, address(0), SHARE_SUPPLY - _issued[tokenId]);
    }

    /// @inheritdoc IRoyaltyVault
    function holderClaimable(uint256 tokenId, address account, address currency) external view returns (uint256) {
        address share = _shareTokens[tokenId];
        if (share == address(0) || account == address(0)) return 0;
        return _owedView(tokenId, currency, account, IERC20(share).balanceOf(account));
    }

    /// @inheritdoc IRoyaltyVault
    function shareToken(uint256 tokenId) external view returns (address) {
        return _shareTokens[tokenId];
    }

    /// @inheritdoc IRoyaltyVault
    function unissuedShares(uint256 tokenId) external view returns (uint256) {
        return SHARE_SUPPLY - _issued[tokenId];
    }

    /// @inheritdoc IRoyaltyVault
    function shareNonce(uint256 tokenId) external view returns (uint256) {
        return _shareNonces[tokenId];
    }

    /// @inheritdoc IRoyaltyVault
    function claimContext(address recipient, uint256 tokenId, Payee payee) public view returns (uint256) {
        return ProofContext.compute(recipient, abi.encode(tokenId, payee));
    }

    /// @inheritdoc IRoyaltyVault
    function shareIssueContext(
        uint256 tokenId,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) public view returns (uint256) {
        return
            ProofContext.compute(
                address(0),
                abi.encode(ISSUE_SHARES_ACTION, tokenId, _shareNonces[tokenId], recipients, amounts)
            );
    }

    /// @inheritdoc IRoyaltyVault
    function mintGate() external view returns (IMintGate) {
        return _mintGate;
    }

    /// @inheritdoc IRoyaltyVault
    function verifier() external view returns (IRoyaltyClaimVerifier) {
        return _verifier;
    }

    function _claim(
        uint256 tokenId,
        Payee payee,
        address currency,
        address payable recipient,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) private returns (uint256 amount) {
        if (recipient == address(0)) revert VaultInvalidRecipient(recipient);
        if (nullifier >= SNARK_SCALAR_FIELD) revert VaultNullifierOutOfField(nullifier);
        IMintGate.TokenRecord memory record = _recordOf(tokenId);
        if (PayeeTags.digest(tags.creatorTag, tags.licensorTag) != record.tagsDigest) revert VaultTagsMismatch(tokenId);

        if (payee == Payee.Licensor) {
            amount = _licensorOwed(tokenId, currency);
            if (amount == 0) revert VaultNothingOwed(tokenId, payee, currency);
            _licensorPaid[tokenId][currency] += amount;
        } else {
            uint256 part = RoyaltyShares.creatorShare(_accrued[tokenId][currency], record.licensorBps);
            amount = _takeOwed(tokenId, currency, address(0), SHARE_SUPPLY - _issued[tokenId], part);
            if (amount == 0) revert VaultNothingOwed(tokenId, payee, currency);
        }

        uint256[4] memory pub;
        pub[S.TAG] = payee == Payee.Licensor ? tags.licensorTag : tags.creatorTag;
        pub[S.ASSET_HASH] = tokenId;
        pub[S.NULLIFIER] = nullifier;
        pub[S.CONTEXT] = claimContext(recipient, tokenId, payee);
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, pub)) revert VaultInvalidProof();

        emit Claimed(tokenId, payee, nullifier, recipient, currency, amount);
        _pay(currency, recipient, amount);
    }

    function _checkIssue(uint256 tokenId, address[] calldata recipients, uint256[] calldata amounts) private view {
        uint256 n = recipients.length;
        if (n == 0 || n != amounts.length) revert VaultShareIssueLengthMismatch(n, amounts.length);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            if (recipients[i] == address(0) || amounts[i] == 0) {
                revert VaultInvalidShareIssue(recipients[i], amounts[i]);
            }
            total += amounts[i];
        }
        uint256 unissued = SHARE_SUPPLY - _issued[tokenId];
        if (total > unissued) revert VaultSharesExceedUnissued(tokenId, total, unissued);
    }

    /// @dev Creates the token's share clone on the first issue and mints. Each mint reports to onSharesMoved,
    /// which settles the creator (from the unissued rest) and the recipient before the units move; `_issued`
    /// follows each mint so the creator's units stay exact.
    function _mintShares(
        uint256 tokenId,
        address[] calldata recipients,
        uint256[] calldata amounts
    ) private returns (address share) {
        share = _shareTokens[tokenId];
        if (share == address(0)) {
            share = Clones.cloneWithImmutableArgs(_shareImplementation, abi.encode(address(this), tokenId));
            _shareTokens[tokenId] = share;
        }
        uint256 nonce = _shareNonces[tokenId]++;
        for (uint256 i; i < recipients.length; ++i) {
            IRoyaltyShareToken(share).mint(recipients[i], amounts[i]);
            _issued[tokenId] += amounts[i];
        }
        emit SharesIssued(tokenId, share, nonce, recipients, amounts);
    }

    /// @dev Reverts unless the proof shows knowledge of the secret behind `tokenId`'s creator tag for `context`.
    function _checkCreatorProof(
        uint256 tokenId,
        uint256 context,
        Groth16Proof calldata proof,
        uint256 nullifier,
        IMintGate.TokenTags calldata tags
    ) private view {
        if (nullifier >= SNARK_SCALAR_FIELD) revert VaultNullifierOutOfField(nullifier);
        IMintGate.TokenRecord memory record = _recordOf(tokenId);
        if (PayeeTags.digest(tags.creatorTag, tags.licensorTag) != record.tagsDigest) revert VaultTagsMismatch(tokenId);
        uint256[4] memory pub;
        pub[S.TAG] = tags.creatorTag;
        pub[S.ASSET_HASH] = tokenId;
        pub[S.NULLIFIER] = nullifier;
        pub[S.CONTEXT] = context;
        if (!_verifier.verifyProof(proof.a, proof.b, proof.c, pub)) revert VaultInvalidProof();
    }

    function _credit(uint256 tokenId, address currency, uint256 amount) private {
        if (!_tokenHasCurrency[tokenId][currency]) {
            _tokenHasCurrency[tokenId][currency] = true;
            _tokenCurrencies[tokenId].push(currency);
        }
        uint256 total = _accrued[tokenId][currency] + amount;
        _accrued[tokenId][currency] = total;
        emit Deposited(tokenId, msg.sender, currency, amount, total);
    }

    /// @dev Settles `account` (holding `balance` units) and takes the whole wei of what it is owed off its books.
    function _takeOwed(
        uint256 tokenId,
        address currency,
        address account,
        uint256 balance,
        uint256 part
    ) private returns (uint256 amount) {
        Holder storage h = _holders[tokenId][currency][account];
        _settle(h, balance, part);
        amount = h.owedScaled / SHARE_SUPPLY;
        h.owedScaled -= amount * SHARE_SUPPLY;
    }

    function _settle(Holder storage h, uint256 balance, uint256 part) private {
        uint256 settledAt = h.settledAt;
        if (part != settledAt) {
            h.owedScaled += balance * (part - settledAt);
            h.settledAt = part;
        }
    }

    function _owedView(
        uint256 tokenId,
        address currency,
        address account,
        uint256 balance
    ) private view returns (uint256) {
        Holder storage h = _holders[tokenId][currency][account];
        uint256 part = _creatorPart(tokenId, currency);
        return (h.owedScaled + balance * (part - h.settledAt)) / SHARE_SUPPLY;
    }

    function _creatorPart(uint256 tokenId, address currency) private view returns (uint256) {
        return RoyaltyShares.creatorShare(_accrued[tokenId][currency], _mintGate.tokenRecord(tokenId).licensorBps);
    }

    function _licensorOwed(uint256 tokenId, address currency) private view returns (uint256) {
        uint256 share = RoyaltyShares.licensorShare(
            _accrued[tokenId][currency],
            _mintGate.tokenRecord(tokenId).licensorBps
        );
        return share - _licensorPaid[tokenId][currency];
    }

    function _pay(address currency, address payable recipient, uint256 amount) private {
        if (currency == address(0)) {
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, ) = recipient.call{value: amount}("");
            if (!ok) revert VaultTransferFailed(recipient, amount);
        } else {
            IERC20(currency).safeTransfer(recipient, amount);
        }
    }

    function _isListed(address currency) private view returns (bool) {
        for (uint256 i; i < _currencies.length; ++i) if (_currencies[i] == currency) return true;
        return false;
    }

    /// @dev The token's record; reverts for a token that was not minted (its grantedRights would be 0).
    function _recordOf(uint256 tokenId) private view returns (IMintGate.TokenRecord memory record) {
        record = _mintGate.tokenRecord(tokenId);
        if (record.grantedRights == 0) revert VaultUnknownToken(tokenId);
    }
}
