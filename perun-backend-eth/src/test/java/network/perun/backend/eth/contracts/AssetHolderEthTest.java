// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import java.math.BigInteger;
import org.junit.jupiter.api.BeforeAll;
import org.web3j.abi.datatypes.Address;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** The asset holder cases (spec 6, 65-76) on AssetHolderETH. */
class AssetHolderEthTest extends AssetHolderSuite {
  static String holderEth;

  @BeforeAll
  static void deployHolder() {
    holderEth = chain.deploy(DEPLOYER, Artifact.load("AssetHolderETH"), new Address(addr(ADJ))).getContractAddress();
  }

  @Override
  String holder() {
    return holderEth;
  }

  @Override
  TransactionReceipt deposit(int dev, byte[] fundingId, BigInteger amount) {
    return chain.send(dev, holderEth, Calls.deposit(fundingId, amount), amount);
  }

  @Override
  String depositWithWrongValueFails(int dev, byte[] fundingId, BigInteger amount) {
    return chain.revertReason(dev, holderEth, Calls.deposit(fundingId, amount), amount.subtract(BigInteger.ONE));
  }

  @Override
  String wrongValueReason() {
    return "wrong amount of ETH for deposit";
  }

  @Override
  BigInteger balanceOf(String owner) {
    return anvil.balance(owner);
  }
}
