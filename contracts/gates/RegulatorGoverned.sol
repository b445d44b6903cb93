// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IRegistry} from "../interfaces/IRegistry.sol";

/// @title RegulatorGoverned
/// @notice Gates take their governance from the registry: whoever is the registry's default admin (the
/// regulator) configures the gate. One two-step handover in the registry moves all of it; no gate holds
/// an admin of its own.
/// @dev Reverts with the same error as the registry's admin-only functions:
/// `AccessControlUnauthorizedAccount(account, DEFAULT_ADMIN_ROLE)`.
abstract contract RegulatorGoverned {
    IRegistry internal immutable _registry;

    modifier onlyRegulator() {
        _checkRegulator();
        _;
    }

    constructor(IRegistry registry_) {
        _registry = registry_;
    }

    function _checkRegulator() internal view {
        if (msg.sender != _registry.defaultAdmin()) {
            revert IAccessControl.AccessControlUnauthorizedAccount(msg.sender, bytes32(0));
        }
    }
}
