// SPDX-License-Identifier: MIT
// Test fixtures: ERC-20s with the behaviours the vault and license gate must survive. Never deploy outside tests.
// solhint-disable one-contract-per-file, gas-custom-errors
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice A plain ERC-20 anyone can mint (a stand-in for a stablecoin; 6 decimals like USDC).
contract PlainToken is ERC20 {
    constructor() ERC20("Test USD", "TUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function decimals() public pure override returns (uint8) {
        return 6;
    }
}

/// @notice Burns 1 % of every transfer (fee-on-transfer): the receiver gets 99 %.
contract FeeOnTransferToken is ERC20 {
    constructor() ERC20("Fee USD", "FUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value / 100;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}

/// @notice Calls a configured target with configured data on every transfer (a hook token, like ERC-777),
/// and records whether the call failed. Lets a test re-enter the vault in the middle of a payout or deposit.
contract ReentrantToken is ERC20 {
    address public target;
    bytes public callData;
    bool public reentered;
    bool public reentryFailed;

    constructor() ERC20("Hook USD", "HUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata callData_) external {
        target = target_;
        callData = callData_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = target;
        if (t != address(0) && from != address(0)) {
            target = address(0); // once
            reentered = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, ) = t.call(callData);
            reentryFailed = !ok;
        }
    }
}

/// @notice An ERC-20 whose transfers can be switched to revert (a paused or blocklisting token).
contract RevertingToken is ERC20 {
    bool public paused;

    constructor() ERC20("Paused USD", "PUSD") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function setPaused(bool paused_) external {
        paused = paused_;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (paused && from != address(0)) revert("paused");
        super._update(from, to, value);
    }
}
