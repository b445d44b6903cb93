// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title LicensePricing
/// @notice The cost of `quantity` licenses (licenses, periods or units) of one right of a token when `sold`
/// were sold before: each one costs `price + slope * (its index)`, so
/// `cost = quantity * price + slope * (quantity * sold + quantity * (quantity - 1) / 2)`.
/// A fixed price has `slope = 0`; the first license ever sold costs exactly `price`.
/// @dev Bounds that make the formula overflow-free: `price, slope < 2^128`, `quantity <= MAX_QUANTITY`
/// (2^32 - 1) and `sold + quantity <= type(uint64).max`. Then `quantity * price < 2^160`,
/// `quantity * sold + quantity^2 / 2 < 2^97` and the whole cost is below 2^226. Callers check the last two
/// bounds (`fits`); the types enforce the first.
library LicensePricing {
    /// @notice The largest quantity one purchase may buy.
    uint64 internal constant MAX_QUANTITY = type(uint32).max;

    /// @notice Whether buying `quantity` after `sold` stays inside the overflow-free bounds.
    function fits(uint64 quantity, uint64 sold) internal pure returns (bool) {
        return quantity != 0 && quantity <= MAX_QUANTITY && sold <= type(uint64).max - quantity;
    }

    /// @notice The cost of `quantity` more after `sold` (precondition: `fits(quantity, sold)`).
    function cost(uint128 price, uint128 slope, uint64 quantity, uint64 sold) internal pure returns (uint256) {
        uint256 q = quantity;
        return q * price + uint256(slope) * (q * sold + (q * (q - 1)) / 2);
    }
}
