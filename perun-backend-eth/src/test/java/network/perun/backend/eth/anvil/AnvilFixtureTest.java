// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.anvil;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** Tests of the Anvil fixture itself: accounts, time, snapshots and the missing-binary message. */
class AnvilFixtureTest {
  private static AnvilFixture anvil;

  @BeforeAll
  static void start() {
    anvil = AnvilFixture.start();
  }

  @AfterAll
  static void stop() {
    anvil.close();
  }

  @Test
  void answersOnLoopbackWithChainId31337() throws IOException {
    assertTrue(anvil.rpcUrl().startsWith("http://127.0.0.1:"), anvil.rpcUrl());
    assertEquals(BigInteger.valueOf(31337), anvil.web3j().ethChainId().send().getChainId());
    assertTrue(anvil.isRunning());
  }

  @Test
  void devKeysBelongToTheNodesAccounts() throws IOException {
    List<String> accounts = anvil.web3j().ethAccounts().send().getAccounts();
    List<String> fromKeys = IntStream.range(0, 10).mapToObj(AnvilFixture::address).toList();
    assertEquals(accounts.stream().map(String::toLowerCase).toList(), fromKeys);
    assertEquals("0x70997970c51812dc3a010c7d01b50e0d17dc79c8", AnvilFixture.address(1));
    assertEquals("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc", AnvilFixture.address(2));
  }

  @Test
  void increaseTimeThenMineMovesTheClock() {
    long before = anvil.latestTimestamp();
    anvil.increaseTime(3600);
    anvil.mine();
    long after = anvil.latestTimestamp();
    assertTrue(after >= before + 3600, "before " + before + ", after " + after);
    assertTrue(after < before + 3600 + 600, "before " + before + ", after " + after);
  }

  @Test
  void revertRestoresBalancesAndBlockNumber() throws IOException {
    String receiver = "0x00000000000000000000000000000000000000aa";
    String snapshot = anvil.snapshot();
    BigInteger block = anvil.web3j().ethBlockNumber().send().getBlockNumber();
    String hash = anvil.web3j().ethSendTransaction(Transaction.createEtherTransaction(
        AnvilFixture.address(0), null, null, BigInteger.valueOf(21_000), receiver, BigInteger.TEN))
        .send().getTransactionHash();
    TransactionReceipt receipt = anvil.awaitReceipt(hash);
    assertEquals("0x1", receipt.getStatus());
    assertEquals(BigInteger.TEN, anvil.balance(receiver));
    anvil.revert(snapshot);
    assertEquals(BigInteger.ZERO, anvil.balance(receiver));
    assertEquals(block, anvil.web3j().ethBlockNumber().send().getBlockNumber());
    assertThrows(IllegalStateException.class, () -> anvil.revert(snapshot));
  }

  @Test
  void missingBinaryFailsWithTheInstallHint() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> AnvilFixture.start(Path.of("no", "such", "anvil")));
    assertTrue(e.getMessage().contains("npm ci"), e.getMessage());
    assertTrue(e.getMessage().contains("perun-backend-eth/contracts"), e.getMessage());
  }

  @Test
  void closeStopsTheProcess() {
    AnvilFixture second = AnvilFixture.start();
    assertTrue(second.isRunning());
    second.close();
    assertFalse(second.isRunning());
  }
}
