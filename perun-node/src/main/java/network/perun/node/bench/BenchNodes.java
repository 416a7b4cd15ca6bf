// SPDX-License-Identifier: Apache-2.0
package network.perun.node.bench;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import network.perun.api.Address;
import network.perun.api.Allocation;
import network.perun.api.Asset;
import network.perun.api.Balances;
import network.perun.api.PerunException;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthChannelBackend;
import network.perun.backend.eth.EthWallet;
import network.perun.backend.eth.EthWalletBackend;
import network.perun.backend.sim.SimAsset;
import network.perun.backend.sim.chain.SimAdjudicator;
import network.perun.backend.sim.chain.SimChain;
import network.perun.backend.sim.chain.SimClock;
import network.perun.backend.sim.chain.SimFunder;
import network.perun.core.client.Channel;
import network.perun.core.client.ChannelProposal;
import network.perun.core.client.Client;
import network.perun.core.client.ProposalHandler;
import network.perun.core.client.UpdateHandler;
import network.perun.persistence.leveldb.LevelDbChannelStore;
import network.perun.persistence.spi.ChannelStore;
import network.perun.wire.codec.PerunIoCodec;
import network.perun.wire.tcp.Ed25519WireIdentity;
import network.perun.wire.tcp.Ed25519WireVerifier;
import network.perun.wire.tcp.TcpTransport;

/**
 * The two nodes of {@code perun bench}, Alice and Bob, in this JVM: each a {@link Client} with its own TCP+TLS
 * transport on loopback and, unless the durability is {@code none}, its own LevelDB store.
 *
 * <p>Signatures, channel IDs and state encoding are the Ethereum backend's ({@link EthChannelBackend}: secp256k1
 * over the EIP-191 hash of the ABI-encoded state, 65-byte signatures, Ethereum accounts of backend ID 1), so the
 * figures hold for Ethereum channels. The chain is the simulated one: {@link SimChain} takes any channel backend
 * for IDs and signature checks, and its funder and adjudicator take addresses of any backend. The asset is a sim
 * asset, which the Ethereum ABI encodes as a foreign asset {@code (backend 0, zero holder, asset bytes)}.
 */
final class BenchNodes implements AutoCloseable {
  static final Asset ASSET = SimAsset.of(1);
  static final BigInteger DEPOSIT = BigInteger.TEN.pow(15);
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  final EthChannelBackend channelBackend = new EthChannelBackend();
  final SimChain chain = new SimChain(channelBackend, new SimClock(0));
  final EthWallet aliceWallet = new EthWallet();
  final EthWallet bobWallet = new EthWallet();
  final EthAccount aliceAccount = aliceWallet.addPrivateKey(CryptoLimit.sha256("perun bench alice"));
  final EthAccount bobAccount = bobWallet.addPrivateKey(CryptoLimit.sha256("perun bench bob"));
  final TcpTransport aliceTransport;
  final TcpTransport bobTransport;
  final Client alice;
  final Client bob;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final List<ChannelStore> stores = new ArrayList<>();

  /** Starts both nodes; their stores (if any) live in {@code dir}/alice and {@code dir}/bob. */
  BenchNodes(Path dir, BenchDurability durability) {
    PerunIoCodec codec = new PerunIoCodec(new EthWalletBackend().signatureSize());
    SecureRandom random = new SecureRandom();
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    aliceTransport = TcpTransport.builder(Ed25519WireIdentity.generate(random), new Ed25519WireVerifier(), codec).listen(loopback).start();
    bobTransport = TcpTransport.builder(Ed25519WireIdentity.generate(random), new Ed25519WireVerifier(), codec).listen(loopback).start();
    aliceTransport.addPeer(bobTransport.address(), bobTransport.listenAddress());
    bobTransport.addPeer(aliceTransport.address(), aliceTransport.listenAddress());
    chain.mint(aliceAccount.address(), ASSET, DEPOSIT.multiply(BigInteger.valueOf(1_000_000)));
    chain.mint(bobAccount.address(), ASSET, DEPOSIT.multiply(BigInteger.valueOf(1_000_000)));
    alice = client(aliceWallet, aliceTransport, store(dir, "alice", durability), ProposalHandler.rejectAll("alice proposes herself"));
    bob = client(bobWallet, bobTransport, store(dir, "bob", durability), (proposal, responder) -> {
      try {
        responder.accept(bobAccount.address(), TIMEOUT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  private Optional<ChannelStore> store(Path dir, String name, BenchDurability durability) {
    if (durability.durability.isEmpty()) {
      return Optional.empty();
    }
    ChannelStore store = LevelDbChannelStore.open(dir.resolve(name), durability.durability.get(), new EthWalletBackend().signatureSize());
    stores.add(store);
    return Optional.of(store);
  }

  private Client client(EthWallet wallet, TcpTransport transport, Optional<ChannelStore> store, ProposalHandler proposals) {
    Client.Builder b = Client.builder()
        .identity(transport.address())
        .transport(transport)
        .funder(new SimFunder(chain))
        .adjudicator(new SimAdjudicator(chain))
        .wallet(wallet)
        .channelBackend(channelBackend)
        .executor(executor)
        .random(new SecureRandom())
        .ticker(System::nanoTime)
        .responseTimeout(TIMEOUT)
        .proposalHandler(proposals)
        .updateHandler(UpdateHandler.acceptAll());
    store.ifPresent(b::store);
    return b.build();
  }

  /** Alice opens {@code n} channels with Bob, at most {@code parallel} at a time; her side of each. */
  List<Channel> open(int n, int parallel) throws InterruptedException {
    Allocation alloc = Allocation.of(List.of(ASSET), Balances.ofSingleAsset(DEPOSIT, DEPOSIT));
    ChannelProposal proposal = ChannelProposal.ledger(bob.identity(), aliceAccount.address(), alloc, 3600);
    List<Channel> opened = new ArrayList<>(n);
    for (int start = 0; start < n; start += parallel) {
      List<Future<Channel>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(n, start + parallel); i++) {
        batch.add(executor.submit(() -> alice.proposeChannel(proposal, TIMEOUT)));
      }
      for (Future<Channel> f : batch) {
        try {
          opened.add(f.get());
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof PerunException pe ? pe : new IllegalStateException("opening a channel failed", e.getCause());
        }
      }
    }
    return opened;
  }

  Address aliceAddress() {
    return aliceAccount.address();
  }

  @Override
  public void close() {
    alice.close();
    bob.close();
    aliceTransport.close();
    bobTransport.close();
    executor.shutdownNow();
    stores.forEach(ChannelStore::close);
  }
}
