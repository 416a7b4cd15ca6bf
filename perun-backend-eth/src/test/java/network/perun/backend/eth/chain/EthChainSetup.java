// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.WireAddress;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.Transport;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthBackend;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.Party;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.memory.InMemoryTransport;

/**
 * The Ethereum backend's {@link ChainSetup} on a shared Anvil chain ({@link EthChainFixture}, one per test class):
 * the scenarios move the ERC20 test token, so gas (paid in ETH) never shows in the balances they check.
 *
 * <p>Each party gets a fresh key, keccak256(seed || n) with n counting every party made in this JVM, 10 ETH for
 * gas from dev account 0 and its token funds from dev account 1.
 */
final class EthChainSetup implements ChainSetup {
  private static final AtomicLong PARTIES = new AtomicLong();
  private static final BigInteger GAS_MONEY = EthChainFixture.ETHER.multiply(BigInteger.TEN);

  private final EthChainFixture fx;
  private final long seed;
  private final EthBackend backend = new EthBackend();
  private final Transport transport = new InMemoryTransport(new PerunIoCodec(new EthBackend().walletBackend().signatureSize()));

  EthChainSetup(EthChainFixture fx, long seed) {
    this.fx = fx;
    this.seed = seed;
  }

  @Override
  public ChannelBackend channelBackend() {
    return backend.channelBackend();
  }

  @Override
  public Transport transport() {
    return transport;
  }

  @Override
  public Asset asset() {
    return fx.erc20().toAsset();
  }

  @Override
  public Asset otherAsset() {
    return fx.eth().toAsset();
  }

  /** A 20-byte app address: the Ethereum contracts take an app contract's address. */
  @Override
  public AppId appId() {
    return new AppId(Bytes.fromHex("a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0"));
  }

  @Override
  public Party newParty(String name, BigInteger funds) {
    EthWallet wallet = new EthWallet();
    EthAccount account = wallet.addPrivateKey(Keccak.keccak256(ByteBuffer.allocate(16).putLong(seed).putLong(PARTIES.getAndIncrement()).array()));
    try {
      fx.chain.sender(fx.dev.get(0)).send("gas money for " + name, account.address(), GAS_MONEY, new byte[0]);
      fx.chain.sender(fx.dev.get(1)).send("tokens for " + name, fx.token, BigInteger.ZERO, PerunCalls.transfer(account.address(), funds));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while funding " + name, e);
    }
    WireAddress identity = new WireAddress(EthBackend.BACKEND_ID, account.address().bytes());
    return new Party(name, identity, wallet, account.address(), fx.chain.funder(account), fx.chain.adjudicator(account, account.address()));
  }

  @Override
  public BigInteger onChainBalance(Party party) {
    return fx.chain.tokenBalance(fx.token, party.address());
  }

  @Override
  public void advanceChainTime(long seconds) {
    fx.anvil.advanceTime(seconds);
  }

  @Override
  public long chainTime() {
    return fx.chain.now();
  }

  @Override
  public long transactionCount(Party party) {
    return fx.rpc.pendingNonce(party.address()).longValueExact();
  }

  @Override
  public void close() {
    transport.close();
  }
}
