// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import network.perun.backend.eth.anvil.AnvilFixture;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Transactions and calls against an {@link AnvilFixture} chain, sent from its unlocked dev accounts. Every
 * transaction carries an explicit gas limit, so a reverting one is mined (status 0) and its reason is read by
 * replaying it with {@code eth_call} at its block, as a client would.
 */
final class Chain {
  /** Gas limit of every test transaction: high enough for any single operation. */
  static final BigInteger GAS_LIMIT = BigInteger.valueOf(10_000_000);

  private static final String ERROR_SELECTOR = "0x08c379a0";
  private static final String PANIC_SELECTOR = "0x4e487b71";

  final AnvilFixture anvil;
  final Web3j web3j;

  Chain(AnvilFixture anvil) {
    this.anvil = anvil;
    this.web3j = anvil.web3j();
  }

  /** Deploys {@code artifact} from dev account {@code from} with constructor arguments; returns the receipt. */
  @SuppressWarnings("rawtypes")
  TransactionReceipt deploy(int from, Artifact artifact, Type<?>... args) {
    String data = artifact.bytecode() + FunctionEncoder.encodeConstructor(Arrays.<Type>asList(args));
    TransactionReceipt receipt = mined(from, null, data, BigInteger.ZERO);
    requireSuccess(receipt, from, null, data, BigInteger.ZERO);
    return receipt;
  }

  /** Sends a transaction that must succeed. */
  TransactionReceipt send(int from, String to, String data) {
    return send(from, to, data, BigInteger.ZERO);
  }

  /** Sends a value-carrying transaction that must succeed. */
  TransactionReceipt send(int from, String to, String data, BigInteger value) {
    TransactionReceipt receipt = mined(from, to, data, value);
    requireSuccess(receipt, from, to, data, value);
    return receipt;
  }

  /** Sends a transaction that must revert; returns its revert reason (see {@link #reasonOf}). */
  String revertReason(int from, String to, String data) {
    return revertReason(from, to, data, BigInteger.ZERO);
  }

  /** Sends a value-carrying transaction that must revert; returns its revert reason. */
  String revertReason(int from, String to, String data, BigInteger value) {
    TransactionReceipt receipt = mined(from, to, data, value);
    assertEquals("0x0", receipt.getStatus(), "transaction " + receipt.getTransactionHash() + " should revert");
    EthCall replay = call(AnvilFixture.address(from), to, data, value, DefaultBlockParameter.valueOf(receipt.getBlockNumber()));
    if (!replay.hasError()) {
      fail("the reverted transaction succeeds when replayed at block " + receipt.getBlockNumber());
    }
    return reasonOf(replay.getError().getData());
  }

  /** The result of a read-only call at the latest block; a revert fails the test with its reason. */
  byte[] call(String to, String data) {
    EthCall result = call(AnvilFixture.address(0), to, data, BigInteger.ZERO, DefaultBlockParameterName.LATEST);
    if (result.hasError()) {
      fail("call to " + to + " reverted: " + reasonOf(result.getError().getData()) + " ("
          + result.getError().getMessage() + ")");
    }
    return Numeric.hexStringToByteArray(result.getValue());
  }

  /** The 32-byte word {@code index} of a call result. */
  static byte[] word(byte[] result, int index) {
    return Arrays.copyOfRange(result, index * 32, index * 32 + 32);
  }

  /** The unsigned number in word {@code index} of a call result. */
  static BigInteger number(byte[] result, int index) {
    return new BigInteger(1, word(result, index));
  }

  /** The block timestamp of a receipt's block. */
  long timestamp(TransactionReceipt receipt) {
    try {
      return web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(receipt.getBlockNumber()), false).send()
          .getBlock().getTimestamp().longValueExact();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The text of revert data: the message of {@code Error(string)}, {@code "panic 0x.."} for {@code Panic(uint256)},
   * or {@code "revert without reason"} for empty data.
   */
  static String reasonOf(String rawData) {
    // web3j keeps the JSON quotes of the error's data string.
    String data = rawData == null ? null : rawData.replace("\"", "").trim();
    if (data == null || data.equals("0x") || data.isEmpty()) {
      return "revert without reason";
    }
    byte[] bytes = Numeric.hexStringToByteArray(data);
    if (data.startsWith(ERROR_SELECTOR)) {
      int length = new BigInteger(1, Arrays.copyOfRange(bytes, 36, 68)).intValueExact();
      return new String(bytes, 68, length, StandardCharsets.UTF_8);
    }
    if (data.startsWith(PANIC_SELECTOR)) {
      return "panic 0x" + new BigInteger(1, Arrays.copyOfRange(bytes, 4, 36)).toString(16);
    }
    return "unknown revert data " + data;
  }

  private EthCall call(String fromAddress, String to, String data, BigInteger value, DefaultBlockParameter block) {
    try {
      return web3j.ethCall(new Transaction(fromAddress, null, null, GAS_LIMIT, to, value, data), block).send();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TransactionReceipt mined(int from, String to, String data, BigInteger value) {
    try {
      Transaction tx = new Transaction(AnvilFixture.address(from), null, null, GAS_LIMIT, to, value, data);
      EthSendTransaction sent = web3j.ethSendTransaction(tx).send();
      if (sent.hasError()) {
        fail("eth_sendTransaction failed: " + sent.getError().getMessage() + " "
            + reasonOf(sent.getError().getData()));
      }
      return anvil.awaitReceipt(sent.getTransactionHash());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireSuccess(TransactionReceipt receipt, int from, String to, String data, BigInteger value) {
    if (!"0x1".equals(receipt.getStatus())) {
      EthCall replay = call(AnvilFixture.address(from), to, data, value,
          DefaultBlockParameter.valueOf(receipt.getBlockNumber()));
      fail("transaction to " + to + " reverted: "
          + (replay.hasError() ? reasonOf(replay.getError().getData()) : "(replay succeeds)"));
    }
  }

  /** Topic 0 and data words of the logs of a receipt, for event checks. */
  static List<String> topics0(TransactionReceipt receipt) {
    return receipt.getLogs().stream().map(l -> l.getTopics().get(0)).toList();
  }
}
