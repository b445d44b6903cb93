// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ILicenseGate} from "../interfaces/ILicenseGate.sol";

/// @title LicensePricing
/// @notice The cost of `quantity` licenses (licenses, periods or units) of one right of a token when `sold`
/// were sold before. License number `i` (counting from 0) costs
/// - Fixed: `price`;
/// - Linear: `price + slope * i`, so `cost = quantity * price + slope * (quantity * sold + quantity * (quantity - 1) / 2)`;
/// - Step (tiers): `price + slope * floor(i / tier)`: the first `tier` sell at `price`, the next `tier` at
///   `price + slope`, and so on, so `cost = quantity * price + slope * (S(sold + quantity) - S(sold))` with
///   `S(n) = sum_{i < n} floor(i / tier) = tier * k * (k - 1) / 2 + k * (n - k * tier)`, `k = floor(n / tier)`.
/// The first license ever sold costs exactly `price`, and the cost is path-independent: buying `a` then `b`
/// costs what buying `a + b` at once costs. The formulas are exact (no rounding).
/// @dev Bounds that make every formula overflow-free: `price, slope < 2^128`, `tier >= 1`,
/// `quantity <= MAX_QUANTITY` (2^32 - 1) and `sold + quantity <= type(uint64).max`. Then `quantity * price < 2^160`;
/// Linear: `quantity * sold + quantity^2 / 2 < 2^97`; Step: `S(n) <= n * k / 2 < 2^128` and
/// `S(sold + quantity) - S(sold) <= quantity * (sold + quantity) / tier < 2^96`; the whole cost is below 2^226 and
/// sixteen right bits' costs sum below 2^230. Callers check the last two bounds (`fits`); the types enforce the
/// first; `LicenseGate` refuses Step terms with `tier == 0`. Checked arithmetic stays on as a second guard.
library LicensePricing {
    /// @notice The largest quantity one purchase may buy.
    uint64 internal constant MAX_QUANTITY = type(uint32).max;

    /// @notice Whether buying `quantity` after `sold` stays inside the overflow-free bounds.
    function fits(uint64 quantity, uint64 sold) internal pure returns (bool) {
        return quantity != 0 && quantity <= MAX_QUANTITY && sold <= type(uint64).max - quantity;
    }

    /// @notice The cost of `quantity` more after `sold` under terms `t` (precondition: `fits(quantity, sold)`).
    function costOf(ILicenseGate.Terms memory t, uint64 quantity, uint64 sold) internal pure returns (uint256) {
        if (t.pricing == ILicenseGate.Pricing.Step) return stepCost(t.price, t.slope, t.tier, quantity, sold);
        return cost(t.price, t.slope, quantity, sold);
    }

    /// @notice The linear (or, with `slope = 0`, fixed) cost of `quantity` more after `sold`
    /// (precondition: `fits(quantity, sold)`).
    function cost(uint128 price, uint128 slope, uint64 quantity, uint64 sold) internal pure returns (uint256) {
        uint256 q = quantity;
        return q * price + uint256(slope) * (q * sold + (q * (q - 1)) / 2);
    }

    /// @notice The tiered cost of `quantity` more after `sold`: `slope` more for each full `tier` sold
    /// (preconditions: `fits(quantity, sold)`, `tier != 0`).
    function stepCost(
        uint128 price,
        uint128 slope,
        uint64 tier,
        uint64 quantity,
        uint64 sold
    ) internal pure returns (uint256) {
        uint256 q = quantity;
        return q * price + uint256(slope) * (_steps(uint256(sold) + q, tier) - _steps(sold, tier));
    }

    /// @dev `sum_{i < n} floor(i / tier)`: `k` full tiers (levels 0 .. k - 1) and `n - k * tier` at level `k`.
    function _steps(uint256 n, uint256 tier) private pure returns (uint256) {
        uint256 k = n / tier;
        if (k == 0) return 0;
        return tier * ((k * (k - 1)) / 2) + k * (n - k * tier);
    }
}
