// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.Allocation;
import network.perun.backend.eth.contracts.Abi.Asset;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.Participant;
import network.perun.backend.eth.contracts.Abi.State;
import network.perun.backend.eth.contracts.Abi.SubAlloc;
import network.perun.backend.eth.contracts.Abi.WithdrawalAuth;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** The golden vectors of spec 1.7, computed locally and by the deployed contracts' pure functions. */
class GoldenVectorsTest extends ContractTestBase {
  static final String CHANNEL_ID = "0x894d215aceab9f892f4ec23fffd426bdf0d85adf565883af7d786e183f8d5696";
  static final String STATE_HASH = "0xde4310adf2c34ccb28151bdfb28a70226cbcc816f5d81282c44f570e003d984e";
  static final String DIGEST = "0xc5e5bf1773029e626ccf6883550269b9d410a3049e71685559ff78444f12bb8d";
  static final String SIG_A = "0x2ec20416c8b3897a8a6976003a7a520dd991860eabaacf11755e499410771a45"
      + "060048ca2f4b58984c6d6eec8246a0bcc75fd0d4fca39e264ae598d8a1b54b631b";
  static final String SIG_B = "0xad868b55f2ded76f0ab4d7b43dc2f7e420d78cda72b83ed0ba26cca364b1af25"
      + "15fc57c88889ae10620edbbc80149f39449b710b5ff761b2ce8ed72b021f8fb01c";
  static final String FUNDING_ID_A = "0xcdc877e08e8462e7e6cda41183a91ac8c95a8c31e3f34508fcbd976a8ebc8476";
  static final String AUTH_HASH = "0x3e462c0b09a7370dfb381baaab02e608a2afa010e34bf0214da27d7556c602cf";
  static final String AUTH_SIG_A = "0xb36377601ce133fd92b0ea412b2257fd095379c2f447e46440c977d3a2561ce6"
      + "524860e05f82b5b0d09c2615fc79f8f61a5a82545ac335cc043567acaa1af1d41b";
  static final String COMPLEX_STATE_HASH = "0xa7e16a63374dfe6c57ffb6ceda4a98826ffdba3b8445ca33188daad4cc0601b7";

  static final String GOLDEN_HOLDER = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

  static Params goldenParams() {
    return new Params(BigInteger.valueOf(60), BigInteger.ONE, List.of(part(A), part(B)), Abi.ZERO_ADDRESS, true,
        false);
  }

  static Asset goldenAsset() {
    return new Asset(CHAIN_ID, GOLDEN_HOLDER, Abi.ZERO32);
  }

  static State goldenState() {
    Allocation outcome = new Allocation(List.of(goldenAsset()), List.of(BigInteger.ONE),
        List.of(List.of(Abi.ether(1), Abi.ether(2))), List.of());
    return new State(Abi.bytes(CHANNEL_ID), 3, outcome, new byte[0], false);
  }

  static State complexState() {
    byte[] ones = new byte[32];
    byte[] twos = new byte[32];
    java.util.Arrays.fill(ones, (byte) 0x11);
    java.util.Arrays.fill(twos, (byte) 0x22);
    Allocation outcome = new Allocation(
        List.of(goldenAsset(), new Asset(BigInteger.TWO, Abi.ZERO_ADDRESS, Abi.bytes("0xdeadbeef"))),
        List.of(BigInteger.ONE, BigInteger.TWO),
        List.of(wei(1, 2), wei(3, 4)),
        List.of(new SubAlloc(ones, wei(5, 6), List.of(0, 1)), new SubAlloc(twos, wei(7, 8), List.of(1, 0))));
    return new State(Abi.bytes(CHANNEL_ID), 3, outcome, Abi.bytes("0x0102030405"), true);
  }

  @Test
  void paramsEncodeTo576Bytes() {
    assertEquals(576, goldenParams().encoded().length);
    assertEquals(832, goldenState().encoded().length);
  }

  @Test
  void channelIdLocallyAndOnChain() {
    assertEquals(CHANNEL_ID, Abi.hex(goldenParams().channelId()));
    assertEquals(CHANNEL_ID, Abi.hex(chain.call(adjudicator, Calls.channelId(goldenParams()))));
  }

  @Test
  void stateHashLocallyAndOnChain() {
    assertEquals(STATE_HASH, Abi.hex(goldenState().hash()));
    assertEquals(STATE_HASH, Abi.hex(chain.call(adjudicator, Calls.hashState(goldenState()))));
  }

  @Test
  void complexStateHashLocallyAndOnChain() {
    assertEquals(COMPLEX_STATE_HASH, Abi.hex(complexState().hash()));
    assertEquals(COMPLEX_STATE_HASH, Abi.hex(chain.call(adjudicator, Calls.hashState(complexState()))));
  }

  @Test
  void eip191DigestOfTheStateHash() {
    byte[] prefix = "\u0019Ethereum Signed Message:\n32".getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[prefix.length + 32];
    System.arraycopy(prefix, 0, message, 0, prefix.length);
    System.arraycopy(Abi.bytes(STATE_HASH), 0, message, prefix.length, 32);
    assertEquals(DIGEST, Abi.hex(Hash.sha3(message)));
  }

  @Test
  void stateSignaturesAreDeterministicAndAcceptedOnChain() {
    assertEquals(SIG_A, Abi.hex(sign(goldenState(), A)));
    assertEquals(SIG_B, Abi.hex(sign(goldenState(), B)));
    TransactionReceipt receipt = register(new Abi.SignedState(goldenParams(), goldenState(),
        List.of(Abi.bytes(SIG_A), Abi.bytes(SIG_B))));
    Dispute d = dispute(Abi.bytes(CHANNEL_ID));
    assertEquals(STATE_HASH, Abi.hex(d.stateHash()));
    assertEquals(3, d.version());
    assertEquals(1, channelUpdates(receipt).size());
  }

  @Test
  void fundingIdOfA() {
    assertEquals(FUNDING_ID_A, Abi.hex(Abi.fundingId(Abi.bytes(CHANNEL_ID), addr(A))));
  }

  @Test
  void withdrawalAuthHashSignatureAndOnChainAcceptance() {
    WithdrawalAuth auth = new WithdrawalAuth(Abi.bytes(CHANNEL_ID), part(A), addr(A), Abi.ether(1));
    assertEquals(288, Abi.encode(auth.abi()).length);
    assertEquals(AUTH_HASH, Abi.hex(auth.hash()));
    assertEquals(AUTH_SIG_A, Abi.hex(sign(auth.hash(), A)));

    // A holder whose adjudicator is dev account 9 settles the golden channel; the golden signature withdraws.
    String holder = chain.deploy(DEPLOYER, Artifact.load("AssetHolderETH"), new Address(addr(9)))
        .getContractAddress();
    byte[] channelId = Abi.bytes(CHANNEL_ID);
    chain.send(A, holder, Calls.deposit(Abi.bytes(FUNDING_ID_A), Abi.ether(1)), Abi.ether(1));
    chain.send(9, holder, Calls.setOutcome(channelId, List.of(part(A), part(B)), List.of(Abi.ether(1),
        BigInteger.ZERO)));
    BigInteger before = anvil.balance(addr(A));
    TransactionReceipt receipt = chain.send(DEPLOYER, holder, Calls.withdraw(auth, Abi.bytes(AUTH_SIG_A)));
    assertEquals(Abi.ether(1), anvil.balance(addr(A)).subtract(before));
    assertEquals(List.of(Calls.WITHDRAWN), Chain.topics0(receipt));
    assertEquals(FUNDING_ID_A, receipt.getLogs().get(0).getTopics().get(1));
  }

  @Test
  void deployedCodeIsTheArtifactsRuntimeCodeWithImmutablesFilledIn() throws IOException {
    assertEquals(Artifact.load("Adjudicator").deployedBytecode(), code(adjudicator));
    assertEquals(Artifact.load("TrivialApp").deployedBytecode(), code(trivialApp));
    Artifact holder = Artifact.load("AssetHolderETH");
    byte[] expected = Abi.bytes(holder.deployedBytecode());
    byte[] adj = Numeric.toBytesPadded(Numeric.toBigInt(adjudicator), 32);
    JsonNode refs = holder.json().get("immutableReferences").get("adjudicator");
    for (JsonNode ref : refs) {
      assertEquals(32, ref.get("length").asInt());
      System.arraycopy(adj, 0, expected, ref.get("start").asInt(), 32);
    }
    assertEquals(Abi.hex(expected), code(ethHolder));
  }

  private static String code(String address) throws IOException {
    return chain.web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
  }

  @Test
  void participantsCcAddressFeedsTheChannelId() {
    Params other = goldenParams().withParticipants(List.of(new Participant(addr(A), new byte[31]), part(B)));
    assertEquals(Abi.hex(other.channelId()), Abi.hex(chain.call(adjudicator, Calls.channelId(other))));
    assertEquals(false, Abi.hex(other.channelId()).equals(CHANNEL_ID));
  }
}
