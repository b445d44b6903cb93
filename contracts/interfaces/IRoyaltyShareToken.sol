// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRoyaltyShareToken
/// @notice Transferable shares of one token's creator part of its revenue: a plain ERC-20 (18 decimals,
/// `SHARE_SUPPLY` units = 100 %), so wallets and AMMs trade it like any other. Revenue is claimed at the
/// vault (`claimHolder`); every balance change is reported to the vault first, so revenue earned before a
/// transfer stays with the sender.
/// @dev One minimal clone (OpenZeppelin `Clones`, EIP-1167 with immutable args: the vault and the token id)
/// per asset token. Trade-off against one ERC-1155 for all tokens: a clone costs a deployment at the first
/// issue, but an ERC-1155 id is not an ERC-20 and no AMM pool takes it.
interface IRoyaltyShareToken is IERC20 {
    /// @notice Only the vault mints.
    error ShareNotVault(address caller);

    /// @notice Mints `amount` share units to `to` (the vault, on a share issue).
    function mint(address to, uint256 amount) external;

    /// @notice The vault whose revenue these shares claim.
    function vault() external view returns (address);

    /// @notice The asset token these shares are of.
    function assetTokenId() external view returns (uint256);
}
