// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {IRoyaltyShareToken} from "../interfaces/IRoyaltyShareToken.sol";
import {IRoyaltyVault} from "../interfaces/IRoyaltyVault.sol";

/// @title RoyaltyShareToken
/// @notice The implementation behind every token's royalty share clone (see IRoyaltyShareToken). The vault
/// and the asset token id are the clone's immutable arguments, so a clone needs no initializer (and none can
/// be front-run). The implementation itself has no arguments and is never used directly.
contract RoyaltyShareToken is IRoyaltyShareToken, ERC20 {
    constructor() ERC20("", "") {}

    /// @inheritdoc IRoyaltyShareToken
    function mint(address to, uint256 amount) external {
        if (msg.sender != vault()) revert ShareNotVault(msg.sender);
        _mint(to, amount);
    }

    /// @notice "zkprov royalty share" for every clone (the asset is `assetTokenId()`).
    function name() public pure override returns (string memory) {
        return "zkprov royalty share";
    }

    /// @notice "ZKRS".
    function symbol() public pure override returns (string memory) {
        return "ZKRS";
    }

    /// @inheritdoc IRoyaltyShareToken
    function vault() public view returns (address vault_) {
        (vault_, ) = abi.decode(Clones.fetchCloneArgs(address(this)), (address, uint256));
    }

    /// @inheritdoc IRoyaltyShareToken
    function assetTokenId() public view returns (uint256 tokenId) {
        (, tokenId) = abi.decode(Clones.fetchCloneArgs(address(this)), (address, uint256));
    }

    /// @dev Reports every balance change to the vault before it happens (mints come from the unissued rest).
    function _update(address from, address to, uint256 value) internal override {
        (address vault_, uint256 tokenId) = abi.decode(Clones.fetchCloneArgs(address(this)), (address, uint256));
        uint256 fromBalance = from == address(0) ? 0 : balanceOf(from);
        IRoyaltyVault(vault_).onSharesMoved(tokenId, from, to, fromBalance, balanceOf(to));
        super._update(from, to, value);
    }
}
