// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import network.perun.api.Address;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.abi.AbiValue;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.backend.eth.rpc.TransactionSender;

/**
 * Deploys our compiled Perun contracts: the Adjudicator and the asset holders that belong to it.
 *
 * <pre>
 * Adjudicator()                                   AssetHolderETH(address adjudicator)
 * AssetHolderERC20(address adjudicator, address token)
 * PerunToken(address[] initAccounts, uint256 initBalance)      a test token
 * </pre>
 */
public final class PerunDeployment {
  /**
   * The addresses of a deployment.
   *
   * @param adjudicator the Adjudicator
   * @param ethHolder the AssetHolderETH of the Adjudicator
   * @param block the block of the Adjudicator's deployment (where event searches can start)
   */
  public record Contracts(Address adjudicator, Address ethHolder, long block) {
    public Contracts {
      EthAddress.bytes(adjudicator);
      EthAddress.bytes(ethHolder);
    }
  }

  private final EthRpc rpc;
  private final TransactionSender sender;

  /** A deployer that sends from {@code account}, with {@code settings}' confirmations and timeouts. */
  public PerunDeployment(EthRpc rpc, EthAccount account, EthChain.Settings settings) {
    this.rpc = Objects.requireNonNull(rpc, "rpc");
    this.sender = new TransactionSender(rpc, rpc.chainId(), account, settings.senderSettings());
  }

  /** Deploys an Adjudicator and its AssetHolderETH. */
  public Contracts deployAdjudicatorAndEthHolder() throws InterruptedException {
    long block = rpc.blockNumber() + 1;
    Address adjudicator = sender.deploy("deploy Adjudicator", ContractCode.creationCode("Adjudicator").toArray());
    Address ethHolder = sender.deploy("deploy AssetHolderETH", withArgs("AssetHolderETH", AbiValue.address(EthAddress.bytes(adjudicator))));
    return new Contracts(adjudicator, ethHolder, block);
  }

  /** Deploys an AssetHolderERC20 of {@code adjudicator} for {@code token}. */
  public Address deployErc20Holder(Address adjudicator, Address token) throws InterruptedException {
    return sender.deploy("deploy AssetHolderERC20",
        withArgs("AssetHolderERC20", AbiValue.address(EthAddress.bytes(adjudicator)), AbiValue.address(EthAddress.bytes(token))));
  }

  /** Deploys the TrivialApp, an app that accepts every move. */
  public Address deployTrivialApp() throws InterruptedException {
    return sender.deploy("deploy TrivialApp", ContractCode.creationCode("TrivialApp").toArray());
  }

  /** Deploys the test token PerunToken, minting {@code balance} to each of {@code holders}. */
  public Address deployTestToken(List<Address> holders, BigInteger balance) throws InterruptedException {
    List<AbiValue> accounts = new ArrayList<>();
    for (Address h : holders) {
      accounts.add(AbiValue.address(EthAddress.bytes(h)));
    }
    return sender.deploy("deploy PerunToken", withArgs("PerunToken", AbiValue.array(accounts), AbiValue.uint(balance)));
  }

  private static byte[] withArgs(String contract, AbiValue... args) {
    byte[] code = ContractCode.creationCode(contract).toArray();
    byte[] encoded = AbiValue.encode(args);
    byte[] out = new byte[code.length + encoded.length];
    System.arraycopy(code, 0, out, 0, code.length);
    System.arraycopy(encoded, 0, out, code.length, encoded.length);
    return out;
  }
}
