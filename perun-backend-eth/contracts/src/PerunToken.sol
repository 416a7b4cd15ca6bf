// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title PerunToken: a plain ERC-20 token for tests; the constructor mints to a list of accounts.
contract PerunToken {
    string public constant name = "PerunToken";
    string public constant symbol = "PRN";
    uint8 public constant decimals = 18;

    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    /// Mints `initBalance` to every account of `initAccounts`.
    constructor(address[] memory initAccounts, uint256 initBalance) {
        for (uint256 i = 0; i < initAccounts.length; i++) {
            balanceOf[initAccounts[i]] += initBalance;
            emit Transfer(address(0), initAccounts[i], initBalance);
        }
        totalSupply = initBalance * initAccounts.length;
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        return true;
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        move(msg.sender, to, amount);
        return true;
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed != type(uint256).max) {
            require(allowed >= amount, "ERC20: insufficient allowance");
            unchecked {
                allowance[from][msg.sender] = allowed - amount;
            }
        }
        move(from, to, amount);
        return true;
    }

    function move(address from, address to, uint256 amount) private {
        require(to != address(0), "ERC20: transfer to the zero address");
        uint256 fromBalance = balanceOf[from];
        require(fromBalance >= amount, "ERC20: transfer amount exceeds balance");
        unchecked {
            balanceOf[from] = fromBalance - amount;
            balanceOf[to] += amount;
        }
        emit Transfer(from, to, amount);
    }
}
