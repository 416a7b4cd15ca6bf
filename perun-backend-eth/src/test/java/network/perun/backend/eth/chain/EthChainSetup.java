// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import network.perun.api.Address;
import network.perun.api.AppId;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.WireAddress;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.Transport;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.EthBackend;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.PerunCalls;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.backend.eth.rpc.EthRpc;
import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.Party;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.memory.InMemoryTransport;

/**
 * The Ethereum backend's {@link ChainSetup} on a shared Anvil chain ({@link EthChainFixture}, one per test class),
 * moving either the ERC20 test token or ETH.
 *
 * <p>Each party gets a fresh key, keccak256(seed || n) with n counting every party made in this JVM, and 10 ETH for
 * gas from dev account 0; its funds come from dev account 1 (tokens) or dev account 0 (ETH). With ETH, the balance
 * the scenarios check is the party's ETH balance plus the gas it paid (read from its receipts) minus the gas money,
 * so it moves exactly with deposits and withdrawals.
 */
final class EthChainSetup implements ChainSetup {
  private static final AtomicLong PARTIES = new AtomicLong();
  private static final BigInteger GAS_MONEY = EthChainFixture.ETHER.multiply(BigInteger.TEN);

  /** What the scenarios move. */
  enum Currency {
    ERC20,
    ETH
  }

  private final EthChainFixture fx;
  private final long seed;
  private final Currency currency;
  private final Map<Address, BigInteger> gasPaid = new HashMap<>();
  private long nextBlockToScan;
  private final EthBackend backend = new EthBackend();
  private final Transport transport = new InMemoryTransport(new PerunIoCodec(new EthBackend().walletBackend().signatureSize()));

  EthChainSetup(EthChainFixture fx, long seed, Currency currency) {
    this.fx = fx;
    this.seed = seed;
    this.currency = currency;
    this.nextBlockToScan = fx.rpc.blockNumber() + 1;
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
    return currency == Currency.ERC20 ? fx.erc20().toAsset() : fx.eth().toAsset();
  }

  @Override
  public Asset otherAsset() {
    return currency == Currency.ERC20 ? fx.eth().toAsset() : fx.erc20().toAsset();
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
      if (currency == Currency.ERC20) {
        fx.chain.sender(fx.dev.get(0)).send("gas money for " + name, account.address(), GAS_MONEY, new byte[0]);
        fx.chain.sender(fx.dev.get(1)).send("tokens for " + name, fx.token, BigInteger.ZERO, PerunCalls.transfer(account.address(), funds));
      } else {
        fx.chain.sender(fx.dev.get(0)).send("gas money and funds for " + name, account.address(), GAS_MONEY.add(funds), new byte[0]);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while funding " + name, e);
    }
    WireAddress identity = new WireAddress(EthBackend.BACKEND_ID, account.address().bytes());
    return new Party(name, identity, wallet, account.address(), fx.chain.funder(account), fx.chain.adjudicator(account, account.address()));
  }

  @Override
  public synchronized BigInteger onChainBalance(Party party) {
    if (currency == Currency.ERC20) {
      return fx.chain.tokenBalance(fx.token, party.address());
    }
    scanGas();
    return fx.rpc.balance(party.address()).add(gasPaid.getOrDefault(party.address(), BigInteger.ZERO)).subtract(GAS_MONEY);
  }

  /** Adds the gas every sender paid in the blocks mined since the last scan. */
  private void scanGas() {
    long head = fx.rpc.blockNumber();
    for (; nextBlockToScan <= head; nextBlockToScan++) {
      JsonNode block = fx.rpc.raw().call("eth_getBlockByNumber", List.of(EthRpc.toQuantity(BigInteger.valueOf(nextBlockToScan)), true));
      for (JsonNode tx : block.path("transactions")) {
        JsonNode receipt = fx.rpc.raw().call("eth_getTransactionReceipt", List.of(tx.get("hash").asText()));
        BigInteger fee = EthRpc.quantity(receipt.get("gasUsed")).multiply(EthRpc.quantity(receipt.get("effectiveGasPrice")));
        gasPaid.merge(EthAddress.of(tx.get("from").asText()), fee, BigInteger::add);
      }
    }
  }

  @Override
  public void advanceChainTime(long seconds) {
    fx.anvil.advanceTime(seconds);
  }

  /** Anvil stamps a block with the wall clock plus the time advanced: a loaded machine reacts within seconds. */
  @Override
  public long clockDrift() {
    return 10;
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
