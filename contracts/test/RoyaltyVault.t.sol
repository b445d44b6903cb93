// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names, several helper contracts per file).
// solhint-disable one-contract-per-file, private-vars-leading-underscore, gas-custom-errors, no-complex-fallback
pragma solidity ^0.8.28;

import {RoyaltyVault} from "../gates/RoyaltyVault.sol";
import {IMintGate} from "../interfaces/IMintGate.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";
import {Groth16Proof} from "../interfaces/IVerifiers.sol";
import {PayeeTags} from "../libraries/PayeeTags.sol";
import {RoyaltyShares} from "../libraries/RoyaltyShares.sol";
import {AcceptingClaimVerifier} from "./utils/AcceptingClaimVerifier.sol";
import {TestBase} from "./utils/Cheats.sol";

// Accounting tests of the royalty vault. The claim proof is NOT under test here (gates.test.ts covers it
// with real proofs): these tests stand in an accepting verifier to exercise the share arithmetic, the
// per-payee bookkeeping and the payout path in isolation. The stand-in lives only in this test file.

/// @dev Plays the mint gate (the vault's deployer) for a few tokens with different licensor shares, and
/// drives deposits and claims for the fuzzer, keeping ghost totals.
contract VaultHandler is TestBase {
    uint256 internal constant TOKENS = 5;
    RoyaltyVault public immutable vault;

    uint256 public deposited;
    uint256 public paidOut;
    mapping(uint256 tokenId => mapping(IRoyaltyVault.Payee payee => uint256)) public paidTo;

    Groth16Proof private _noProof;

    constructor() {
        vault = new RoyaltyVault(IRegistry(address(this)), new AcceptingClaimVerifier());
    }

    /// @dev The registry view the vault's governance reads: this handler is the regulator.
    function defaultAdmin() external view returns (address) {
        return address(this);
    }

    /// @dev The mint gate view the vault reads. Token t in 1..TOKENS has one of a few bps, 0 and 10000 included.
    function tokenRecord(uint256 tokenId) external pure returns (IMintGate.TokenRecord memory record) {
        if (tokenId == 0 || tokenId > TOKENS) return record;
        uint16[5] memory bps = [uint16(0), 1, 3333, 9999, 10000];
        record = IMintGate.TokenRecord({
            tagsDigest: PayeeTags.digest(1000 + tokenId, 2000 + tokenId),
            grantedRights: 1,
            licensorBps: bps[tokenId - 1]
        });
    }

    function tagsOf(uint256 tokenId) public pure returns (IMintGate.TokenTags memory) {
        return IMintGate.TokenTags({creatorTag: 1000 + tokenId, licensorTag: 2000 + tokenId});
    }

    function licensorBpsOf(uint256 tokenId) external view returns (uint16) {
        return this.tokenRecord(tokenId).licensorBps;
    }

    function nullifierOf(uint256 tokenId, IRoyaltyVault.Payee payee) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(tokenId, payee))) >> 8;
    }

    function recipientOf(uint256 tokenId, IRoyaltyVault.Payee payee) public pure returns (address payable) {
        return payable(address(uint160(0xBEEF0000 + tokenId * 2 + uint256(payee))));
    }

    function deposit(uint256 tokenSeed, uint256 amount) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        amount = bound(amount, 1, 1e24);
        vault.deposit{value: amount}(tokenId);
        deposited += amount;
    }

    function claim(uint256 tokenSeed, bool licensor) public {
        uint256 tokenId = 1 + (tokenSeed % TOKENS);
        IRoyaltyVault.Payee payee = licensor ? IRoyaltyVault.Payee.Licensor : IRoyaltyVault.Payee.Creator;
        uint256 nullifier = nullifierOf(tokenId, payee);
        if (vault.claimable(tokenId, payee, address(0)) == 0) return;
        uint256 amount = vault.claim(tokenId, payee, recipientOf(tokenId, payee), _noProof, nullifier, tagsOf(tokenId));
        paidTo[tokenId][payee] += amount;
        paidOut += amount;
    }

    function claimEverything() external {
        for (uint256 t; t < TOKENS; ++t) {
            claim(t, false);
            claim(t, true);
        }
    }
}

/// @notice The share split.
contract RoyaltySharesTest is TestBase {
    function testFuzzSharesSumToAccrued(uint256 accrued, uint16 bps) public pure {
        bps = uint16(bound(bps, 0, 10_000));
        uint256 licensor = RoyaltyShares.licensorShare(accrued, bps);
        uint256 creator = RoyaltyShares.creatorShare(accrued, bps);
        assertEq(licensor + creator, accrued, "shares sum");
        assertEq(licensor, (accrued / 10_000) * bps + ((accrued % 10_000) * bps) / 10_000, "licensor share is floor");
    }

    function testFuzzSharesNeverShrink(uint256 before, uint256 added, uint16 bps) public pure {
        bps = uint16(bound(bps, 0, 10_000));
        before = bound(before, 0, type(uint128).max);
        added = bound(added, 0, type(uint128).max);
        uint256 later = before + added;
        assertTrue(
            RoyaltyShares.licensorShare(later, bps) >= RoyaltyShares.licensorShare(before, bps),
            "licensor share shrank"
        );
        assertTrue(
            RoyaltyShares.creatorShare(later, bps) >= RoyaltyShares.creatorShare(before, bps),
            "creator share shrank"
        );
    }

    function testEdgeShares() public pure {
        assertEq(RoyaltyShares.licensorShare(9_999, 1), 0, "rounds down");
        assertEq(RoyaltyShares.creatorShare(9_999, 1), 9_999, "creator gets the remainder");
        assertEq(RoyaltyShares.licensorShare(10_000, 10_000), 10_000, "all to licensor");
        assertEq(RoyaltyShares.creatorShare(10_000, 0), 10_000, "all to creator");
        assertEq(RoyaltyShares.licensorShare(type(uint256).max, 10_000), type(uint256).max, "no overflow");
    }
}

/// @notice Random sequences of deposits and claims keep the books: nothing is paid beyond what accrued,
/// the vault holds exactly the unpaid rest, and once everything is claimed each payee got exactly its share.
contract RoyaltyVaultAccountingTest is TestBase {
    VaultHandler private handler;

    function setUp() public {
        handler = new VaultHandler();
        vm.deal(address(handler), 1e36);
    }

    function targetContracts() public view returns (address[] memory targets) {
        targets = new address[](1);
        targets[0] = address(handler);
    }

    function invariantPaidNeverExceedsAccrued() public view {
        assertTrue(handler.paidOut() <= handler.deposited(), "paid out more than accrued");
    }

    function invariantVaultHoldsTheUnpaidRest() public view {
        assertEq(address(handler.vault()).balance, handler.deposited() - handler.paidOut(), "vault balance");
    }

    function invariantEachPayeeWithinItsShare() public view {
        RoyaltyVault vault = handler.vault();
        for (uint256 t = 1; t <= 5; ++t) {
            for (uint256 p; p < 2; ++p) {
                IRoyaltyVault.Payee payee = IRoyaltyVault.Payee(p);
                uint256 paidTo = handler.paidTo(t, payee);
                uint256 share = vault.shareOf(t, payee, address(0));
                assertTrue(paidTo <= share, "payee paid beyond its share");
                assertEq(paidTo + vault.claimable(t, payee, address(0)), share, "vault's paid record");
            }
        }
    }

    /// hardhat-config: fuzz.runs = 128
    function testFuzzSequenceSettlesExactly(uint256 seed) public {
        for (uint256 i; i < 24; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            if (r % 3 == 0) handler.claim(r >> 8, (r >> 16) & 1 == 1);
            else handler.deposit(r >> 8, r >> 64);
            invariantPaidNeverExceedsAccrued();
            invariantVaultHoldsTheUnpaidRest();
            invariantEachPayeeWithinItsShare();
        }
        handler.claimEverything();
        RoyaltyVault vault = handler.vault();
        uint256 accruedTotal;
        for (uint256 t = 1; t <= 5; ++t) {
            uint256 accrued = vault.accrued(t);
            accruedTotal += accrued;
            uint256 licensor = handler.paidTo(t, IRoyaltyVault.Payee.Licensor);
            uint256 creator = handler.paidTo(t, IRoyaltyVault.Payee.Creator);
            assertEq(licensor, RoyaltyShares.licensorShare(accrued, handler.licensorBpsOf(t)), "licensor total");
            assertEq(creator + licensor, accrued, "token settled");
        }
        assertEq(accruedTotal, handler.deposited(), "accrued total");
        assertEq(address(vault).balance, 0, "vault emptied");
    }
}

/// @dev A recipient that refuses ETH.
contract RefusingRecipient {
    receive() external payable {
        revert("no thanks");
    }
}

/// @dev A recipient that re-enters the vault to claim again while being paid, swallowing the failure.
contract ReenteringRecipient {
    RoyaltyVault private immutable _vault;
    uint256 private immutable _nullifier;
    bool public reentryFailed;
    Groth16Proof private _noProof;

    constructor(RoyaltyVault vault_, uint256 nullifier_) {
        _vault = vault_;
        _nullifier = nullifier_;
    }

    receive() external payable {
        IMintGate.TokenTags memory tags = IMintGate.TokenTags({creatorTag: 1001, licensorTag: 2001});
        try _vault.claim(1, IRoyaltyVault.Payee.Creator, payable(this), _noProof, _nullifier, tags) {
            reentryFailed = false;
        } catch {
            reentryFailed = true;
        }
    }
}

/// @notice Deposits and payout failure paths.
contract RoyaltyVaultPayoutTest is TestBase {
    VaultHandler private handler;
    RoyaltyVault private vault;
    Groth16Proof private noProof;

    function setUp() public {
        handler = new VaultHandler();
        vault = handler.vault();
        vm.deal(address(this), 100 ether);
    }

    /// @dev The handler's tags for token t, computed here: an external call would consume vm.expectRevert.
    function _tags(uint256 tokenId) private pure returns (IMintGate.TokenTags memory) {
        return IMintGate.TokenTags({creatorTag: 1000 + tokenId, licensorTag: 2000 + tokenId});
    }

    function testDepositNeedsAMintedToken() public {
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultUnknownToken.selector, 99));
        vault.deposit{value: 1}(99);
    }

    function testDepositNeedsValue() public {
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultZeroDeposit.selector));
        vault.deposit(1);
    }

    function testPlainTransfersAreRefused() public {
        (bool ok, ) = address(vault).call{value: 1}("");
        assertTrue(!ok, "vault took ETH naming no token");
    }

    function testNothingOwedBeforeDeposits() public {
        vm.expectRevert(
            abi.encodeWithSelector(IRoyaltyVault.VaultNothingOwed.selector, 1, IRoyaltyVault.Payee.Creator, address(0))
        );
        vault.claim(1, IRoyaltyVault.Payee.Creator, payable(address(0xBEEF)), noProof, 7, _tags(1));
    }

    function testRefusedTransferKeepsTheClaimClaimable() public {
        vault.deposit{value: 1 ether}(1);
        RefusingRecipient refusing = new RefusingRecipient();
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultTransferFailed.selector, address(refusing), 1 ether));
        vault.claim(1, IRoyaltyVault.Payee.Creator, payable(address(refusing)), noProof, 7, _tags(1));
        assertEq(
            vault.claimable(1, IRoyaltyVault.Payee.Creator, address(0)),
            1 ether,
            "paid recorded for a failed transfer"
        );
        assertEq(address(vault).balance, 1 ether, "vault balance after failed transfer");

        vault.claim(1, IRoyaltyVault.Payee.Creator, payable(address(0xBEEF)), noProof, 7, _tags(1));
        assertEq(address(0xBEEF).balance, 1 ether, "later claim paid");
    }

    function testReentrantClaimIsPaidOnce() public {
        vault.deposit{value: 1 ether}(1);
        ReenteringRecipient attacker = new ReenteringRecipient(vault, 7);
        vault.claim(1, IRoyaltyVault.Payee.Creator, payable(address(attacker)), noProof, 7, _tags(1));
        assertTrue(attacker.reentryFailed(), "re-entry succeeded");
        assertEq(address(attacker).balance, 1 ether, "attacker balance");
        assertEq(address(vault).balance, 0, "vault balance");
    }

    function testSecondClaimPaysOnlyNewAccruals() public {
        vault.deposit{value: 3 ether}(2); // token 2: licensor 1 bps
        vault.claim(2, IRoyaltyVault.Payee.Creator, payable(address(0xC1)), noProof, 9, _tags(2));
        vm.expectRevert(
            abi.encodeWithSelector(IRoyaltyVault.VaultNothingOwed.selector, 2, IRoyaltyVault.Payee.Creator, address(0))
        );
        vault.claim(2, IRoyaltyVault.Payee.Creator, payable(address(0xC1)), noProof, 9, _tags(2));
        vault.deposit{value: 1 ether}(2);
        uint256 second = vault.claim(2, IRoyaltyVault.Payee.Creator, payable(address(0xC1)), noProof, 9, _tags(2));
        assertEq(second, 1 ether - (1 ether * 1) / 10_000, "second payout");
        assertEq(address(0xC1).balance, 4 ether - (4 ether * 1) / 10_000, "creator total");
    }

    function testSameNullifierForBothPayeesIsPaidBothShares() public {
        vault.deposit{value: 1 ether}(3); // token 3: licensor 3333 bps
        vault.claim(3, IRoyaltyVault.Payee.Licensor, payable(address(0xD1)), noProof, 5, _tags(3));
        vault.claim(3, IRoyaltyVault.Payee.Creator, payable(address(0xD1)), noProof, 5, _tags(3));
        assertEq(address(0xD1).balance, 1 ether, "both shares");
    }

    function testClaimNeedsTheTokensTags() public {
        vault.deposit{value: 1 ether}(1);
        IMintGate.TokenTags memory swapped = IMintGate.TokenTags({creatorTag: 2001, licensorTag: 1001});
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultTagsMismatch.selector, 1));
        vault.claim(1, IRoyaltyVault.Payee.Creator, payable(address(0xBEEF)), noProof, 7, swapped);
    }

    function testClaimRejectsZeroRecipientAndUnreducedNullifier() public {
        vault.deposit{value: 1 ether}(1);
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultInvalidRecipient.selector, address(0)));
        vault.claim(1, IRoyaltyVault.Payee.Creator, payable(address(0)), noProof, 7, _tags(1));
        vm.expectRevert(abi.encodeWithSelector(IRoyaltyVault.VaultNullifierOutOfField.selector, FIELD));
        vault.claim(1, IRoyaltyVault.Payee.Creator, payable(address(0xBEEF)), noProof, FIELD, _tags(1));
    }
}
