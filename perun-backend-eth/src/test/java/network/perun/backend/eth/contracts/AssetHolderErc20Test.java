// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The asset holder cases (spec 6, 65-76) on AssetHolderERC20 with a PerunToken; depositors approve first. */
class AssetHolderErc20Test extends AssetHolderSuite {
  static String token;
  static String holderErc20;

  @BeforeAll
  static void deployTokenAndHolder() {
    DynamicArray<Address> holders = new DynamicArray<>(Address.class,
        List.of(new Address(addr(DEPLOYER)), new Address(addr(A)), new Address(addr(B)), new Address(addr(C))));
    token = chain.deploy(DEPLOYER, Artifact.load("PerunToken"), holders, new Uint256(Abi.ether(1000)))
        .getContractAddress();
    holderErc20 = chain.deploy(DEPLOYER, Artifact.load("AssetHolderERC20"), new Address(addr(ADJ)),
        new Address(token)).getContractAddress();
  }

  @Override
  String holder() {
    return holderErc20;
  }

  @Override
  TransactionReceipt deposit(int dev, byte[] fundingId, BigInteger amount) {
    chain.send(dev, token, Calls.approve(holderErc20, amount));
    return chain.send(dev, holderErc20, Calls.deposit(fundingId, amount));
  }

  @Override
  String depositWithWrongValueFails(int dev, byte[] fundingId, BigInteger amount) {
    chain.send(dev, token, Calls.approve(holderErc20, amount));
    return chain.revertReason(dev, holderErc20, Calls.deposit(fundingId, amount), BigInteger.ONE);
  }

  @Override
  String wrongValueReason() {
    return "message value must be 0 for token deposit";
  }

  @Override
  BigInteger balanceOf(String owner) {
    return Chain.number(chain.call(token, Calls.balanceOf(owner)), 0);
  }

  @Test
  void theHolderNamesItsTokenAndAdjudicator() {
    assertEquals(new Address(token), new Address(Chain.number(chain.call(holderErc20, Calls.TOKEN), 0)));
    assertEquals(new Address(addr(ADJ)), new Address(Chain.number(chain.call(holderErc20, Calls.ADJUDICATOR), 0)));
  }

  @Test
  void aDepositWithoutAllowanceFails() {
    assertEquals("ERC20: insufficient allowance", chain.revertReason(A, holderErc20,
        Calls.deposit(fidA, BigInteger.ONE)));
  }
}
