// SPDX-License-Identifier: MIT
// Test code follows test conventions (Foundry-style names).
pragma solidity ^0.8.28;

import {DomainTags} from "../generated/DomainTags.sol";
import {ProvenancePacked as P} from "../generated/PublicSignals.sol";
import {TestBase} from "./utils/Cheats.sol";

// The generated unpack helpers of the provenance circuit's packed signal (contracts/generated/PublicSignals.sol),
// checked against the packing written out here: granted | required << 16 | bps << 32 | now << 48 |
// maxAttestationAge << 112, with the widths of circuits/domain.json. MintGate reads requiredRights, now,
// maxAttestationAge, grantedRights and bps through them.
contract ProvenancePackedTest is TestBase {
    function _pack(
        uint256 granted,
        uint256 required,
        uint256 bps,
        uint256 time,
        uint256 maxAge
    ) private pure returns (uint256) {
        return granted | (required << 16) | (bps << 32) | (time << 48) | (maxAge << 112);
    }

    function testFuzzUnpackInvertsPack(
        uint16 granted,
        uint16 required,
        uint16 bps,
        uint64 time,
        uint64 maxAge
    ) public pure {
        uint256 b = bps % (1 << DomainTags.BPS_BITS);
        uint256 packed = _pack(granted, required, b, time, maxAge);
        assertEq(P.unpackGrantedRights(packed), granted, "grantedRights");
        assertEq(P.unpackRequiredRights(packed), required, "requiredRights");
        assertEq(P.unpackLicensorBps(packed), b, "licensorBps");
        assertEq(P.unpackNow(packed), time, "now");
        assertEq(P.unpackMaxAttestationAge(packed), maxAge, "maxAttestationAge");
        assertEq(packed & ~P.FIELDS_MASK, 0, "no bit outside the fields");
    }

    function testFieldsMaskIsTheFieldsWidths() public pure {
        uint256 all = _pack(
            (1 << DomainTags.RIGHTS_BITS) - 1,
            (1 << DomainTags.RIGHTS_BITS) - 1,
            (1 << DomainTags.BPS_BITS) - 1,
            (1 << DomainTags.TIME_BITS) - 1,
            (1 << DomainTags.TIME_BITS) - 1
        );
        assertEq(P.FIELDS_MASK, all, "FIELDS_MASK");
        // Bits 46 and 47 (between bps and now) and every bit from 176 up belong to no field.
        assertEq(P.FIELDS_MASK & (3 << 46), 0, "gap between licensorBps and now");
        assertEq(P.FIELDS_MASK >> 176, 0, "above maxAttestationAge");
    }
}
