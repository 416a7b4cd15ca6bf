// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.client;

import java.math.BigInteger;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.WireAddress;
import network.perun.api.spi.ChannelBackend;
import network.perun.api.spi.Transport;
import network.perun.backend.sim.SimAccount;
import network.perun.backend.sim.SimAsset;
import network.perun.backend.sim.SimBackend;
import network.perun.backend.sim.SimWallet;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.backend.sim.chain.SimFunder;
import network.perun.testkit.conformance.ChainSetup;
import network.perun.testkit.conformance.Party;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.memory.InMemoryTransport;

/** The sim backend's {@link ChainSetup}: a {@link SimChain} on a test-driven clock and an in-memory transport. */
public final class SimChainSetup implements ChainSetup {
  private final SimBackend backend = new SimBackend();
  private final SimClock clock = new SimClock(1_000_000);
  private final SimChain chain = new SimChain(backend.channelBackend(), clock);
  private final Transport transport;
  private final Asset asset = SimAsset.of(1);
  private final long seed;
  private int parties;

  public SimChainSetup(long seed) {
    this(seed, new InMemoryTransport(new PerunIoCodec(new SimBackend().walletBackend().signatureSize())));
  }

  public SimChainSetup(long seed, Transport transport) {
    this.seed = seed;
    this.transport = transport;
  }

  /** A setup whose parties talk over real TCP+TLS connections on loopback. */
  public static SimChainSetup overTcp(long seed) {
    return new SimChainSetup(seed, new TcpTestNetwork(new SimBackend().walletBackend().signatureSize()));
  }

  public SimChain chain() {
    return chain;
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
    return asset;
  }

  @Override
  public synchronized Party newParty(String name, BigInteger funds) {
    SimWallet wallet = SimWallet.fromSeed(seed * 1000 + parties++);
    SimAccount account = wallet.newAccount();
    chain.mint(account.address(), asset, funds);
    WireAddress identity = transport instanceof TcpTestNetwork tcp
        ? tcp.newNode(Bytes.wrap(java.nio.ByteBuffer.allocate(32).putLong(seed).putInt(parties).array()))
        : account.wireAddress();
    return new Party(name, identity, wallet, account.address(), new SimFunder(chain), new SimAdjudicator(chain));
  }

  @Override
  public BigInteger onChainBalance(Party party) {
    return chain.balanceOf(party.address(), asset);
  }

  @Override
  public void advanceChainTime(long seconds) {
    clock.advance(seconds);
  }

  @Override
  public long chainTime() {
    return clock.now();
  }

  @Override
  public long transactionCount(Party party) {
    return chain.transactionCount(party.address());
  }

  @Override
  public void close() {
    transport.close();
  }
}
