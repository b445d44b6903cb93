// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable one-contract-per-file, private-vars-leading-underscore, gas-custom-errors, no-empty-blocks, reentrancy
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {RoyaltyVault} from "../gates/RoyaltyVault.sol";
import {ILicenseGate} from "../interfaces/ILicenseGate.sol";
import {IMintGate} from "../interfaces/IMintGate.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {IRoyaltyShareToken} from "../interfaces/IRoyaltyShareToken.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";
import {Groth16Proof} from "../interfaces/IVerifiers.sol";
import {LicensePricing} from "../libraries/LicensePricing.sol";
import {PayeeTags} from "../libraries/PayeeTags.sol";
import {RoyaltyShares} from "../libraries/RoyaltyShares.sol";
import {FeeOnTransferToken, PlainToken, ReentrantToken, RevertingToken} from "./mocks/TestTokens.sol";
import {AcceptingClaimVerifier} from "./utils/AcceptingClaimVerifier.sol";
import {TestBase} from "./utils/Cheats.sol";

// Accounting of the multi-currency vault and its royalty shares, with an accepting verifier standing in for
// the claim proofs (test/contracts/market.test.ts covers the proofs themselves). Dust bound, documented in
// IRoyaltyVault: a payout pays whole wei and keeps the remainder on the books, so what is owed but not yet
// payable is below one wei per account (holders and the creator) and currency; nothing is lost.

/// @dev A share holder (a contract so the handler can move its shares and claim for it).
contract ShareHolder {
    receive() external payable {}

    function send(IERC20 share, address to, uint256 amount) external {
        require(share.transfer(to, amount), "transfer");
    }

    function claim(RoyaltyVault vault, uint256 tokenId, address currency) external returns (uint256) {
        return vault.claimHolder(tokenId, currency);
    }
}

/// @dev Plays the mint gate and the registry for the vault; drives deposits in three currencies, share
/// issues, share transfers and every kind of claim, keeping ghost totals.
contract MarketHandler is TestBase {
    uint256 internal constant TOKENS = 3;
    uint256 internal constant HOLDERS = 3;
    uint256 internal constant CURRENCIES = 3;
    RoyaltyVault public immutable vault;
    PlainToken public immutable plain;
    FeeOnTransferToken public immutable feeToken;
    ShareHolder[HOLDERS] public holders;

    mapping(address currency => uint256) public deposited;
    mapping(address currency => uint256) public paidOut;
    mapping(uint256 tokenId => mapping(address currency => uint256)) public licensorPaid;
    /// @dev The creator part paid out, to the creator and to share holders.
    mapping(uint256 tokenId => mapping(address currency => uint256)) public creatorPartPaid;
    /// @dev Set if a share transfer changed what either side could claim.
    bool public transferMovedRevenue;

    Groth16Proof private _noProof;

    constructor() {
        vault = new RoyaltyVault(IRegistry(address(this)), new AcceptingClaimVerifier());
        plain = new PlainToken();
        feeToken = new FeeOnTransferToken();
        for (uint256 i; i < HOLDERS; ++i) holders[i] = new ShareHolder();
    }

    /// @dev After construction: the vault asks this contract (its registry) who the regulator is.
    function init() external {
        vault.setCurrencyAllowed(address(plain), true);
        vault.setCurrencyAllowed(address(feeToken), true);
    }

    function defaultAdmin() external view returns (address) {
        return address(this);
    }

    function tokenRecord(uint256 tokenId) external pure returns (IMintGate.TokenRecord memory record) {
        if (tokenId == 0 || tokenId > TOKENS) return record;
        uint16[3] memory bps = [uint16(0), 2500, 10000];
        record = IMintGate.TokenRecord({
            tagsDigest: PayeeTags.digest(1000 + tokenId, 2000 + tokenId),
            grantedRights: 1,
            licensorBps: bps[tokenId - 1]
        });
    }

    function tagsOf(uint256 tokenId) public pure returns (IMintGate.TokenTags memory) {
        return IMintGate.TokenTags({creatorTag: 1000 + tokenId, licensorTag: 2000 + tokenId});
    }

    function currencyOf(uint256 seed) public view returns (address) {
        uint256 i = seed % CURRENCIES;
        return
            i == 0
                ? address(0)
                : i == 1
                    ? address(plain)
                    : address(feeToken);
    }

    function holderOf(uint256 seed) public view returns (ShareHolder) {
        return holders[seed % HOLDERS];
    }

    function deposit(uint256 tokenSeed, uint256 currencySeed, uint256 amount) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        address currency = currencyOf(currencySeed);
        amount = bound(amount, 100, 1e30);
        uint256 arrived;
        if (currency == address(0)) {
            vault.deposit{value: amount}(tokenId);
            arrived = amount;
        } else {
            PlainToken(currency).mint(address(this), amount);
            IERC20(currency).approve(address(vault), amount);
            arrived = vault.depositToken(tokenId, IERC20(currency), amount);
        }
        deposited[currency] += arrived;
    }

    function issue(uint256 tokenSeed, uint256 holderSeed, uint256 amount) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        uint256 unissued = vault.unissuedShares(tokenId);
        if (unissued == 0) return;
        address[] memory to = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        to[0] = address(holderOf(holderSeed));
        amounts[0] = bound(amount, 1, unissued);
        vault.issueShares(tokenId, to, amounts, _noProof, 0, tagsOf(tokenId));
    }

    function transfer(uint256 tokenSeed, uint256 fromSeed, uint256 toSeed, uint256 amount) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        address share = vault.shareToken(tokenId);
        if (share == address(0)) return;
        ShareHolder from = holderOf(fromSeed);
        ShareHolder to = holderOf(toSeed);
        amount = bound(amount, 0, IERC20(share).balanceOf(address(from)));
        uint256[CURRENCIES] memory fromBefore;
        uint256[CURRENCIES] memory toBefore;
        for (uint256 c; c < CURRENCIES; ++c) {
            fromBefore[c] = vault.holderClaimable(tokenId, address(from), currencyOf(c));
            toBefore[c] = vault.holderClaimable(tokenId, address(to), currencyOf(c));
        }
        from.send(IERC20(share), address(to), amount);
        for (uint256 c; c < CURRENCIES; ++c) {
            if (
                vault.holderClaimable(tokenId, address(from), currencyOf(c)) != fromBefore[c] ||
                vault.holderClaimable(tokenId, address(to), currencyOf(c)) != toBefore[c]
            ) transferMovedRevenue = true;
        }
    }

    function claimLicensor(uint256 tokenSeed, uint256 currencySeed) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        address currency = currencyOf(currencySeed);
        if (vault.claimable(tokenId, IRoyaltyVault.Payee.Licensor, currency) == 0) return;
        uint256 amount = vault.claimCurrency(
            tokenId,
            IRoyaltyVault.Payee.Licensor,
            currency,
            payable(address(0xA11CE)),
            _noProof,
            0,
            tagsOf(tokenId)
        );
        licensorPaid[tokenId][currency] += amount;
        paidOut[currency] += _arrivedAs(currency, amount);
    }

    function claimCreator(uint256 tokenSeed, uint256 currencySeed) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        address currency = currencyOf(currencySeed);
        if (vault.claimable(tokenId, IRoyaltyVault.Payee.Creator, currency) == 0) return;
        uint256 amount = vault.claimCurrency(
            tokenId,
            IRoyaltyVault.Payee.Creator,
            currency,
            payable(address(0xC0FFEE)),
            _noProof,
            0,
            tagsOf(tokenId)
        );
        creatorPartPaid[tokenId][currency] += amount;
        paidOut[currency] += _arrivedAs(currency, amount);
    }

    function claimHolder(uint256 tokenSeed, uint256 holderSeed, uint256 currencySeed) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        address currency = currencyOf(currencySeed);
        ShareHolder h = holderOf(holderSeed);
        if (vault.holderClaimable(tokenId, address(h), currency) == 0) return;
        uint256 amount = h.claim(vault, tokenId, currency);
        creatorPartPaid[tokenId][currency] += amount;
        paidOut[currency] += _arrivedAs(currency, amount);
    }

    function claimEverything() external {
        for (uint256 t; t < TOKENS; ++t) {
            for (uint256 c; c < CURRENCIES; ++c) {
                claimLicensor(t, c);
                claimCreator(t, c);
                for (uint256 h; h < HOLDERS; ++h) claimHolder(t, h, c);
            }
        }
    }

    /// @dev What leaves the vault's balance for a payout of `amount` (the whole amount: a fee-on-transfer
    /// token burns its fee from what the recipient receives, the vault's balance drops by `amount`).
    function _arrivedAs(address, uint256 amount) private pure returns (uint256) {
        return amount;
    }
}

/// @notice Random sequences of deposits in three currencies (one fee-on-transfer), share issues, transfers
/// and claims keep the books.
contract RoyaltyMarketAccountingTest is TestBase {
    MarketHandler private handler;

    function setUp() public {
        handler = new MarketHandler();
        handler.init();
        vm.deal(address(handler), 1e36);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function _balanceOf(address currency, address account) private view returns (uint256) {
        return currency == address(0) ? account.balance : IERC20(currency).balanceOf(account);
    }

    /// The vault's balance of each currency is exactly what arrived minus what was paid out.
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantVaultBalanceIsTheUnpaidRest() public view {
        RoyaltyVault vault = handler.vault();
        for (uint256 c; c < 3; ++c) {
            address currency = handler.currencyOf(c);
            assertEq(
                _balanceOf(currency, address(vault)),
                handler.deposited(currency) - handler.paidOut(currency),
                "vault balance per currency"
            );
        }
    }

    /// No payee is paid beyond its share; the licensor's share is the floor of its bps whatever was issued;
    /// the creator part paid plus what is still claimable never exceeds the creator part, and falls short
    /// of it by at most one wei per account (the creator and each holder): the documented dust.
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantSharesSumToTheCreatorPart() public view {
        RoyaltyVault vault = handler.vault();
        for (uint256 t = 1; t <= 3; ++t) {
            for (uint256 c; c < 3; ++c) {
                address currency = handler.currencyOf(c);
                uint256 licensorShare = vault.shareOf(t, IRoyaltyVault.Payee.Licensor, currency);
                assertEq(
                    licensorShare,
                    RoyaltyShares.licensorShare(vault.accruedIn(t, currency), handler.tokenRecord(t).licensorBps),
                    "licensor share undiluted"
                );
                assertEq(
                    handler.licensorPaid(t, currency) + vault.claimable(t, IRoyaltyVault.Payee.Licensor, currency),
                    licensorShare,
                    "licensor paid + claimable"
                );
                uint256 part = vault.shareOf(t, IRoyaltyVault.Payee.Creator, currency);
                uint256 owed =
                    handler.creatorPartPaid(t, currency) + vault.claimable(t, IRoyaltyVault.Payee.Creator, currency);
                for (uint256 h; h < 3; ++h) {
                    owed += vault.holderClaimable(t, address(handler.holderOf(h)), currency);
                }
                assertTrue(owed <= part, "creator part over-paid");
                assertTrue(part - owed <= 4, "creator part dust above one wei per account");
            }
        }
    }

    /// A share transfer never changed what its sender or receiver could claim.
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantTransfersMoveNoEarnedRevenue() public view {
        assertTrue(!handler.transferMovedRevenue(), "a transfer moved revenue earned before it");
    }

    /// Issued plus unissued units are always the whole supply.
    /// hardhat-config: invariant.runs = 16
    /// hardhat-config: invariant.depth = 24
    function invariantSupplyIsWhole() public view {
        RoyaltyVault vault = handler.vault();
        for (uint256 t = 1; t <= 3; ++t) {
            address share = vault.shareToken(t);
            uint256 issued = share == address(0) ? 0 : IERC20(share).totalSupply();
            assertEq(issued + vault.unissuedShares(t), vault.SHARE_SUPPLY(), "share supply");
        }
    }

    /// hardhat-config: fuzz.runs = 32
    function testFuzzSequenceSettlesWithinDust(uint256 seed) public {
        for (uint256 i; i < 32; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 kind = r % 7;
            if (kind < 2) handler.deposit(r >> 8, r >> 16, r >> 64);
            else if (kind == 2) handler.issue(r >> 8, r >> 16, (r >> 64) % 4e21);
            else if (kind == 3) handler.transfer(r >> 8, r >> 16, r >> 24, r >> 64);
            else if (kind == 4) handler.claimCreator(r >> 8, r >> 16);
            else if (kind == 5) handler.claimHolder(r >> 8, r >> 16, r >> 24);
            else handler.claimLicensor(r >> 8, r >> 16);
        }
        invariantTransfersMoveNoEarnedRevenue();
        handler.claimEverything();
        invariantVaultBalanceIsTheUnpaidRest();
        invariantSharesSumToTheCreatorPart();
        RoyaltyVault vault = handler.vault();
        for (uint256 c; c < 3; ++c) {
            address currency = handler.currencyOf(c);
            uint256 stranded = _balanceOf(currency, address(vault));
            // At most one wei per account (creator + 3 holders) per token stays owed but not yet payable.
            assertTrue(stranded <= 3 * 4, "more than the documented dust left after every claim");
            uint256 accruedTotal;
            for (uint256 t = 1; t <= 3; ++t) {
                accruedTotal += vault.accruedIn(t, currency);
                assertEq(vault.claimable(t, IRoyaltyVault.Payee.Licensor, currency), 0, "licensor settled");
            }
            assertEq(accruedTotal, handler.deposited(currency), "accrued total per currency");
        }
    }
}

/// @notice Share issues, transfers and claims, step by step.
contract RoyaltySharesFlowTest is TestBase {
    MarketHandler private handler;
    RoyaltyVault private vault;
    Groth16Proof private noProof;

    function setUp() public {
        handler = new MarketHandler();
        handler.init();
        vault = handler.vault();
        vm.deal(address(this), 100 ether);
        vm.deal(address(handler), 100 ether);
    }

    function _tags(uint256 tokenId) private pure returns (IMintGate.TokenTags memory) {
        return IMintGate.TokenTags({creatorTag: 1000 + tokenId, licensorTag: 2000 + tokenId});
    }

    function _one(address a) private pure returns (address[] memory out) {
        out = new address[](1);
        out[0] = a;
    }

    function _oneAmount(uint256 a) private pure returns (uint256[] memory out) {
        out = new uint256[](1);
        out[0] = a;
    }

    function testRevenueBeforeAnIssueStaysTheCreators() public {
        vault.deposit{value: 1 ether}(2); // token 2: licensor 2500 bps, creator part 0.75 ether
        ShareHolder h = handler.holderOf(0);
        vault.issueShares(2, _one(address(h)), _oneAmount(3_000e18), noProof, 0, _tags(2)); // 30 %
        assertEq(vault.holderClaimable(2, address(h), address(0)), 0, "holder earned before its shares");
        assertEq(vault.claimable(2, IRoyaltyVault.Payee.Creator, address(0)), 0.75 ether, "creator keeps it");
        vault.deposit{value: 1 ether}(2);
        assertEq(vault.holderClaimable(2, address(h), address(0)), 0.225 ether, "holder 30 % of 0.75");
        assertEq(vault.claimable(2, IRoyaltyVault.Payee.Creator, address(0)), 0.75 ether + 0.525 ether, "creator");
        assertEq(vault.claimable(2, IRoyaltyVault.Payee.Licensor, address(0)), 0.5 ether, "licensor undiluted");
        assertEq(h.claim(vault, 2, address(0)), 0.225 ether, "holder paid");
        assertEq(address(h).balance, 0.225 ether, "holder balance");
    }

    function testATransferMovesOnlyLaterRevenue() public {
        ShareHolder a = handler.holderOf(0);
        ShareHolder b = handler.holderOf(1);
        vault.issueShares(1, _one(address(a)), _oneAmount(5_000e18), noProof, 0, _tags(1)); // token 1: 0 bps
        vault.deposit{value: 1 ether}(1);
        IERC20 share = IERC20(vault.shareToken(1));
        a.send(share, address(b), 5_000e18);
        assertEq(vault.holderClaimable(1, address(a), address(0)), 0.5 ether, "sender keeps what it earned");
        assertEq(vault.holderClaimable(1, address(b), address(0)), 0, "receiver gets none of it");
        vault.deposit{value: 1 ether}(1);
        assertEq(vault.holderClaimable(1, address(a), address(0)), 0.5 ether, "sender earns no more");
        assertEq(vault.holderClaimable(1, address(b), address(0)), 0.5 ether, "receiver earns from now");
    }

    function testShareTokenIsAPlainErc20OfTheAsset() public {
        vault.issueShares(3, _one(address(0xB0B)), _oneAmount(1e18), noProof, 0, _tags(3));
        IRoyaltyShareToken share = IRoyaltyShareToken(vault.shareToken(3));
        assertEq(share.assetTokenId(), 3, "asset token id");
        assertTrue(share.vault() == address(vault), "vault");
        assertEq(share.balanceOf(address(0xB0B)), 1e18, "balance");
        assertEq(share.totalSupply(), 1e18, "supply");
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyShareToken.ShareNotVault.selector, address(this)));
        share.mint(address(this), 1);
    }

    function testIssueRejections() public {
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultShareIssueLengthMismatch.selector, 0, 0));
        vault.issueShares(1, new address[](0), new uint256[](0), noProof, 0, _tags(1));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultShareIssueLengthMismatch.selector, 1, 2));
        vault.issueShares(1, _one(address(0xB0B)), new uint256[](2), noProof, 0, _tags(1));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultInvalidShareIssue.selector, address(0), 1));
        vault.issueShares(1, _one(address(0)), _oneAmount(1), noProof, 0, _tags(1));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultInvalidShareIssue.selector, address(0xB0B), 0));
        vault.issueShares(1, _one(address(0xB0B)), _oneAmount(0), noProof, 0, _tags(1));
        uint256 supply = 10_000e18;
        vm.expectRevert(
            abi.encodeWithSelector(IRoyaltyVault.VaultSharesExceedUnissued.selector, 1, supply + 1, supply)
        );
        vault.issueShares(1, _one(address(0xB0B)), _oneAmount(supply + 1), noProof, 0, _tags(1));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultUnknownToken.selector, 99));
        vault.issueShares(99, _one(address(0xB0B)), _oneAmount(1), noProof, 0, _tags(99));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultTagsMismatch.selector, 1));
        vault.issueShares(1, _one(address(0xB0B)), _oneAmount(1), noProof, 0, _tags(2));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultNullifierOutOfField.selector, FIELD));
        vault.issueShares(1, _one(address(0xB0B)), _oneAmount(1), noProof, FIELD, _tags(1));
    }

    function testOnlyTheSharesTokenReportsMoves() public {
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultNotShareToken.selector, 1, address(this)));
        vault.onSharesMoved(1, address(1), address(2), 0, 0);
        vault.issueShares(1, _one(address(0xB0B)), _oneAmount(1), noProof, 0, _tags(1));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultNotShareToken.selector, 1, address(this)));
        vault.onSharesMoved(1, address(1), address(2), 0, 0);
    }

    function testHolderWithNothingOwedIsRefused() public {
        vm.expectRevert(
            abi.encodeWithSelector(IRoyaltyVault.VaultHolderNothingOwed.selector, 1, address(this), address(0))
        );
        vault.claimHolder(1, address(0));
    }

    function testTheWholeSupplyIssuedLeavesTheCreatorNothingNew() public {
        vault.deposit{value: 1 ether}(1);
        vault.issueShares(1, _one(address(0xB0B)), _oneAmount(10_000e18), noProof, 0, _tags(1));
        vault.deposit{value: 1 ether}(1);
        assertEq(vault.claimable(1, IRoyaltyVault.Payee.Creator, address(0)), 1 ether, "creator: pre-issue only");
        assertEq(vault.holderClaimable(1, address(0xB0B), address(0)), 1 ether, "holder: everything after");
        assertEq(vault.unissuedShares(1), 0, "nothing unissued");
    }
}

/// @notice Currencies: the allowlist, fee-on-transfer tokens measured on arrival, and ERC-20s that revert
/// or re-enter leave everything claimable.
contract RoyaltyCurrencyTest is TestBase {
    MarketHandler private handler;
    RoyaltyVault private vault;
    Groth16Proof private noProof;

    function setUp() public {
        handler = new MarketHandler();
        handler.init();
        vault = handler.vault();
    }

    function _tags(uint256 tokenId) private pure returns (IMintGate.TokenTags memory) {
        return IMintGate.TokenTags({creatorTag: 1000 + tokenId, licensorTag: 2000 + tokenId});
    }

    function _allow(address currency) private {
        vm.prank(address(handler));
        vault.setCurrencyAllowed(currency, true);
    }

    function testOnlyAllowlistedTokensAreAccepted() public {
        PlainToken other = new PlainToken();
        other.mint(address(this), 100);
        other.approve(address(vault), 100);
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultCurrencyNotAllowed.selector, address(other)));
        vault.depositToken(1, IERC20(address(other)), 100);
        _allow(address(other));
        assertEq(vault.depositToken(1, IERC20(address(other)), 100), 100, "credited");
        vm.prank(address(handler));
        vault.setCurrencyAllowed(address(other), false);
        assertTrue(!vault.isCurrencyAllowed(address(other)), "removed");
        // Removal stops deposits, not claims.
        vault.claimCurrency(
            1,
            IRoyaltyVault.Payee.Creator,
            address(other),
            payable(address(0xC1)),
            noProof,
            0,
            _tags(1)
        );
        assertEq(other.balanceOf(address(0xC1)), 100, "claimed after removal");
    }

    function testAllowlistGovernanceAndBounds() public {
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultInvalidCurrency.selector, address(0)));
        vm.prank(address(handler));
        vault.setCurrencyAllowed(address(0), true);
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultInvalidCurrency.selector, address(0xDEAD)));
        vm.prank(address(handler));
        vault.setCurrencyAllowed(address(0xDEAD), true);
        // Two allowlisted by the handler already; six more fit, the ninth does not.
        for (uint256 i; i < 6; ++i) _allow(address(new PlainToken()));
        address ninth = address(new PlainToken());
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultTooManyCurrencies.selector, 8));
        vm.prank(address(handler));
        vault.setCurrencyAllowed(ninth, true);
        assertEq(vault.currencies().length, 8, "currencies listed");
    }

    function testFeeOnTransferCreditsWhatArrived() public {
        FeeOnTransferToken fee = handler.feeToken();
        fee.mint(address(this), 10_000);
        fee.approve(address(vault), 10_000);
        assertEq(vault.depositToken(2, IERC20(address(fee)), 10_000), 9_900, "net credited");
        assertEq(vault.accruedIn(2, address(fee)), 9_900, "accrued net");
        assertEq(fee.balanceOf(address(vault)), 9_900, "books equal balance");
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultZeroDeposit.selector));
        vault.depositToken(2, IERC20(address(fee)), 0);
    }

    function testRevertingTokenLeavesTheClaimClaimable() public {
        RevertingToken paused = new RevertingToken();
        _allow(address(paused));
        paused.mint(address(this), 1_000);
        paused.approve(address(vault), 1_000);
        vault.depositToken(1, IERC20(address(paused)), 1_000);
        paused.setPaused(true);
        vm.expectRevert(bytes("paused"));
        vault.claimCurrency(
            1,
            IRoyaltyVault.Payee.Creator,
            address(paused),
            payable(address(0xC1)),
            noProof,
            0,
            _tags(1)
        );
        assertEq(vault.claimable(1, IRoyaltyVault.Payee.Creator, address(paused)), 1_000, "still claimable");
        paused.setPaused(false);
        vault.claimCurrency(
            1,
            IRoyaltyVault.Payee.Creator,
            address(paused),
            payable(address(0xC1)),
            noProof,
            0,
            _tags(1)
        );
        assertEq(paused.balanceOf(address(0xC1)), 1_000, "paid once unpaused");
    }

    function testReentrantTokenIsPaidOnceAndLeavesTheRestClaimable() public {
        ReentrantToken hook = new ReentrantToken();
        _allow(address(hook));
        hook.mint(address(this), 2_000);
        hook.approve(address(vault), 2_000);
        vault.depositToken(2, IERC20(address(hook)), 2_000); // token 2: licensor 2500 bps
        // The payout re-enters to claim the licensor's share in the same currency: refused by the guard.
        hook.arm(
            address(vault),
            abi.encodeCall(
                vault.claimCurrency,
                (2, IRoyaltyVault.Payee.Licensor, address(hook), payable(address(0xA1)), noProof, 0, _tags(2))
            )
        );
        vault.claimCurrency(
            2,
            IRoyaltyVault.Payee.Creator,
            address(hook),
            payable(address(0xC1)),
            noProof,
            0,
            _tags(2)
        );
        assertTrue(hook.reentered() && hook.reentryFailed(), "re-entry was not refused");
        assertEq(hook.balanceOf(address(0xC1)), 1_500, "creator paid once");
        assertEq(vault.claimable(2, IRoyaltyVault.Payee.Licensor, address(hook)), 500, "licensor still claimable");
        vault.claimCurrency(
            2,
            IRoyaltyVault.Payee.Licensor,
            address(hook),
            payable(address(0xA1)),
            noProof,
            0,
            _tags(2)
        );
        assertEq(hook.balanceOf(address(vault)), 0, "all paid");
    }

    function testReentrantDepositIsRefused() public {
        ReentrantToken hook = new ReentrantToken();
        _allow(address(hook));
        hook.mint(address(this), 2_000);
        hook.approve(address(vault), 2_000);
        // During its transferFrom the token tries to deposit again (a double credit if it got through).
        hook.arm(address(vault), abi.encodeCall(vault.depositToken, (1, IERC20(address(hook)), 1_000)));
        assertEq(vault.depositToken(1, IERC20(address(hook)), 1_000), 1_000, "credited once");
        assertTrue(hook.reentryFailed(), "re-entrant deposit went through");
        assertEq(vault.accruedIn(1, address(hook)), hook.balanceOf(address(vault)), "books equal balance");
    }

    function testEthSentWithNothingRefused() public {
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultZeroDeposit.selector));
        vault.deposit(1);
    }
}

/// @notice The price curve at its edges.
contract LicensePricingTest is TestBase {
    function testFirstLicenseCostsThePrice() public pure {
        assertEq(LicensePricing.cost(7, 1_000, 1, 0), 7, "first license");
        assertEq(LicensePricing.cost(7, 1_000, 1, 1), 1_007, "second license");
        assertEq(LicensePricing.cost(7, 0, 3, 5), 21, "fixed");
        assertEq(LicensePricing.cost(0, 0, 1, 0), 0, "free");
    }

    function testFuzzCostIsTheSumOfUnitPrices(uint128 price, uint128 slope, uint64 quantity, uint64 sold) public pure {
        quantity = uint64(bound(quantity, 1, 40));
        sold = uint64(bound(sold, 0, type(uint64).max - quantity));
        uint256 sum;
        for (uint256 i; i < quantity; ++i) sum += uint256(price) + uint256(slope) * (uint256(sold) + i);
        assertEq(LicensePricing.cost(price, slope, quantity, sold), sum, "closed form");
    }

    function testLargestPurchaseDoesNotOverflow() public pure {
        uint64 q = LicensePricing.MAX_QUANTITY;
        uint64 sold = type(uint64).max - q;
        assertTrue(LicensePricing.fits(q, sold), "largest purchase fits");
        uint256 c = LicensePricing.cost(type(uint128).max, type(uint128).max, q, sold);
        uint256 expected =
            uint256(q) * type(uint128).max +
                uint256(type(uint128).max) * (uint256(q) * sold + (uint256(q) * (q - 1)) / 2);
        assertEq(c, expected, "max cost");
    }

    function testStepTiersStartAtThePrice() public pure {
        assertEq(LicensePricing.stepCost(7, 100, 10, 1, 0), 7, "first license");
        assertEq(LicensePricing.stepCost(7, 100, 10, 1, 9), 7, "last of the first tier");
        assertEq(LicensePricing.stepCost(7, 100, 10, 1, 10), 107, "first of the second tier");
        assertEq(LicensePricing.stepCost(1, 1, 10, 25, 0), 45, "10 x 1 + 10 x 2 + 5 x 3");
        assertEq(LicensePricing.stepCost(5, 0, 3, 4, 2), 20, "no slope is a fixed price");
    }

    function testFuzzStepCostIsTheSumOfUnitPrices(
        uint128 price,
        uint128 slope,
        uint64 tier,
        uint64 quantity,
        uint64 sold
    ) public pure {
        tier = uint64(bound(tier, 1, type(uint64).max));
        quantity = uint64(bound(quantity, 1, 40));
        sold = uint64(bound(sold, 0, type(uint64).max - quantity));
        uint256 sum;
        for (uint256 i; i < quantity; ++i) sum += uint256(price) + uint256(slope) * ((uint256(sold) + i) / tier);
        assertEq(LicensePricing.stepCost(price, slope, tier, quantity, sold), sum, "closed form");
    }

    /// Buying `a` then `b` costs what buying `a + b` at once costs, on every curve: splitting a purchase
    /// neither saves nor loses anything.
    function testFuzzCostIsPathIndependent(
        uint128 price,
        uint128 slope,
        uint64 tier,
        uint64 a,
        uint64 b,
        uint64 sold
    ) public pure {
        tier = uint64(bound(tier, 1, type(uint64).max));
        a = uint64(bound(a, 1, LicensePricing.MAX_QUANTITY - 1));
        b = uint64(bound(b, 1, LicensePricing.MAX_QUANTITY - a));
        sold = uint64(bound(sold, 0, type(uint64).max - a - b));
        assertTrue(LicensePricing.fits(a + b, sold), "bounded inside the limits");
        assertEq(
            LicensePricing.cost(price, slope, a + b, sold),
            LicensePricing.cost(price, slope, a, sold) + LicensePricing.cost(price, slope, b, sold + a),
            "linear"
        );
        assertEq(
            LicensePricing.stepCost(price, slope, tier, a + b, sold),
            LicensePricing.stepCost(price, slope, tier, a, sold) +
                LicensePricing.stepCost(price, slope, tier, b, sold + a),
            "step"
        );
    }

    /// A tiered price lies between the fixed price and the linear curve of the same slope; tier 1 is linear.
    function testFuzzStepLiesBetweenFixedAndLinear(
        uint128 price,
        uint128 slope,
        uint64 tier,
        uint64 quantity,
        uint64 sold
    ) public pure {
        tier = uint64(bound(tier, 1, type(uint64).max));
        quantity = uint64(bound(quantity, 1, LicensePricing.MAX_QUANTITY));
        sold = uint64(bound(sold, 0, type(uint64).max - quantity));
        uint256 step = LicensePricing.stepCost(price, slope, tier, quantity, sold);
        assertTrue(step >= LicensePricing.cost(price, 0, quantity, sold), "at least fixed");
        assertTrue(step <= LicensePricing.cost(price, slope, quantity, sold), "at most linear");
        assertEq(
            LicensePricing.stepCost(price, slope, 1, quantity, sold),
            LicensePricing.cost(price, slope, quantity, sold),
            "tier 1"
        );
    }

    function testLargestStepPurchaseDoesNotOverflow() public pure {
        uint64 q = LicensePricing.MAX_QUANTITY;
        uint64 sold = type(uint64).max - q;
        uint128 m = type(uint128).max;
        // Tier 1 steps at every license: the steepest tiered curve, equal to the linear one.
        assertEq(LicensePricing.stepCost(m, m, 1, q, sold), LicensePricing.cost(m, m, q, sold), "tier 1 at the bound");
        // The widest tier: every license sold is in tier 0 or 1.
        uint64 wide = type(uint64).max;
        assertEq(LicensePricing.stepCost(m, m, wide, q, sold), uint256(q) * m, "one tier");
        assertEq(LicensePricing.stepCost(m, m, wide - q, q, sold), uint256(q) * m + uint256(m) * q, "second tier");
    }

    function testCostOfFollowsThePricingRule() public pure {
        ILicenseGate.Terms memory t;
        t.price = 3;
        t.slope = 2;
        t.pricing = ILicenseGate.Pricing.Linear;
        assertEq(LicensePricing.costOf(t, 4, 5), LicensePricing.cost(3, 2, 4, 5), "linear");
        t.pricing = ILicenseGate.Pricing.Step;
        t.tier = 4;
        assertEq(LicensePricing.costOf(t, 4, 5), LicensePricing.stepCost(3, 2, 4, 4, 5), "step");
        assertEq(LicensePricing.costOf(t, 4, 5), 3 * 4 + 2 * (1 + 1 + 1 + 2), "step by hand");
    }

    function testBoundsAreRefused() public pure {
        assertTrue(!LicensePricing.fits(0, 0), "zero quantity");
        assertTrue(!LicensePricing.fits(LicensePricing.MAX_QUANTITY + 1, 0), "quantity above 2^32 - 1");
        assertTrue(!LicensePricing.fits(2, type(uint64).max - 1), "sold counter would overflow");
        assertTrue(LicensePricing.fits(1, type(uint64).max - 1), "last unit");
    }
}
