// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.api.ChannelId;
import network.perun.api.Params;
import network.perun.api.Signature;
import network.perun.api.SignedState;
import network.perun.api.State;
import network.perun.backend.eth.abi.AbiValue;
import network.perun.backend.eth.crypto.Keccak;

/**
 * Calldata for the Perun contracts (and the ERC20 calls the funder makes), and the topics of their events.
 *
 * <pre>
 * calldata = selector:4 || abi.encode(arguments...)       selector = keccak256(signature)[0..4]
 * Adjudicator   register(SignedState,SignedState[])  progress(Params,State,State,uint256,bytes)
 *               conclude(Params,State,State[])        concludeFinal(Params,State,bytes[])   disputes(bytes32)
 * AssetHolder   deposit(bytes32,uint256)  withdraw(WithdrawalAuth,bytes)  holdings(bytes32)  settled(bytes32)
 *               adjudicator()  token()
 * ERC20         approve(address,uint256)  transfer(address,uint256)  allowance(address,address)  balanceOf(address)
 * SignedState = (Params params, State state, bytes[] sigs)
 * </pre>
 */
public final class PerunCalls {
  /** The canonical tuple type of {@code Params}. */
  public static final String PARAMS_TYPE = "(uint256,uint256,(address,bytes)[],address,bool,bool)";
  /** The canonical tuple type of {@code State}. */
  public static final String STATE_TYPE = "(bytes32,uint64,((uint256,address,bytes)[],uint256[],uint256[][],(bytes32,uint256[],uint16[])[]),bytes,bool)";
  /** The canonical tuple type of {@code Adjudicator.SignedState}. */
  public static final String SIGNED_STATE_TYPE = "(" + PARAMS_TYPE + "," + STATE_TYPE + ",bytes[])";
  /** The canonical tuple type of {@code AssetHolder.WithdrawalAuth}. */
  public static final String WITHDRAWAL_AUTH_TYPE = "(bytes32,(address,bytes),address,uint256)";

  public static final Bytes REGISTER = selector("register(" + SIGNED_STATE_TYPE + "," + SIGNED_STATE_TYPE + "[])");
  public static final Bytes PROGRESS = selector("progress(" + PARAMS_TYPE + "," + STATE_TYPE + "," + STATE_TYPE + ",uint256,bytes)");
  public static final Bytes CONCLUDE = selector("conclude(" + PARAMS_TYPE + "," + STATE_TYPE + "," + STATE_TYPE + "[])");
  public static final Bytes CONCLUDE_FINAL = selector("concludeFinal(" + PARAMS_TYPE + "," + STATE_TYPE + ",bytes[])");
  public static final Bytes DISPUTES = selector("disputes(bytes32)");
  public static final Bytes DEPOSIT = selector("deposit(bytes32,uint256)");
  public static final Bytes WITHDRAW = selector("withdraw(" + WITHDRAWAL_AUTH_TYPE + ",bytes)");
  public static final Bytes HOLDINGS = selector("holdings(bytes32)");
  public static final Bytes SETTLED = selector("settled(bytes32)");
  public static final Bytes ADJUDICATOR = selector("adjudicator()");
  public static final Bytes TOKEN = selector("token()");
  public static final Bytes APPROVE = selector("approve(address,uint256)");
  public static final Bytes TRANSFER = selector("transfer(address,uint256)");
  public static final Bytes ALLOWANCE = selector("allowance(address,address)");
  public static final Bytes BALANCE_OF = selector("balanceOf(address)");

  /** topic0 of {@code ChannelUpdate(bytes32 indexed channelID, uint64 version, uint8 phase, uint64 timeout)}. */
  public static final Bytes CHANNEL_UPDATE_TOPIC = topic("ChannelUpdate(bytes32,uint64,uint8,uint64)");
  /** topic0 of {@code Deposited(bytes32 indexed fundingID, uint256 amount)}. */
  public static final Bytes DEPOSITED_TOPIC = topic("Deposited(bytes32,uint256)");
  /** topic0 of {@code Withdrawn(bytes32 indexed fundingID, uint256 amount, address receiver)}. */
  public static final Bytes WITHDRAWN_TOPIC = topic("Withdrawn(bytes32,uint256,address)");
  /** topic0 of {@code OutcomeSet(bytes32 indexed channelID)}. */
  public static final Bytes OUTCOME_SET_TOPIC = topic("OutcomeSet(bytes32)");

  private PerunCalls() {}

  /** The 4-byte selector of a function signature. */
  public static Bytes selector(String signature) {
    return Bytes.wrap(Arrays.copyOf(Keccak.keccak256(signature.getBytes(StandardCharsets.US_ASCII)), 4));
  }

  /** The 32-byte topic of an event signature. */
  public static Bytes topic(String signature) {
    return Bytes.wrap(Keccak.keccak256(signature.getBytes(StandardCharsets.US_ASCII)));
  }

  // ---- Adjudicator ----

  /** {@code register(channel, subChannels)}; the sub-channels in depth-first order of their {@code locked} entries. */
  public static byte[] register(SignedState channel, List<SignedState> subChannels) {
    List<AbiValue> subs = new ArrayList<>(subChannels.size());
    for (SignedState s : subChannels) {
      subs.add(signedState(s));
    }
    return call(REGISTER, signedState(channel), AbiValue.array(subs));
  }

  /** {@code progress(params, oldState, newState, actorIdx, sig)}: {@code sig} is the actor's signature on the new state. */
  public static byte[] progress(Params params, State oldState, State newState, int actorIndex, Signature signature) {
    return call(PROGRESS, PerunAbi.params(params), PerunAbi.state(oldState), PerunAbi.state(newState), AbiValue.uint(actorIndex),
        AbiValue.bytes(signature.bytes().toArray()));
  }

  /** {@code conclude(params, state, subStates)}; the sub-states in depth-first order. */
  public static byte[] conclude(Params params, State state, List<State> subStates) {
    List<AbiValue> subs = new ArrayList<>(subStates.size());
    for (State s : subStates) {
      subs.add(PerunAbi.state(s));
    }
    return call(CONCLUDE, PerunAbi.params(params), PerunAbi.state(state), AbiValue.array(subs));
  }

  /** {@code concludeFinal(params, state, sigs)}. */
  public static byte[] concludeFinal(Params params, State state, List<Signature> signatures) {
    return call(CONCLUDE_FINAL, PerunAbi.params(params), PerunAbi.state(state), signatures(signatures));
  }

  /** {@code disputes(channelID)}: returns {@code (uint64 timeout, uint64 challengeDuration, uint64 version, bool hasApp, uint8 phase, bytes32 stateHash)}. */
  public static byte[] disputes(ChannelId channelId) {
    return call(DISPUTES, AbiValue.bytes32(channelId.bytes().toArray()));
  }

  // ---- AssetHolder ----

  /** {@code deposit(fundingID, amount)}. */
  public static byte[] deposit(Bytes fundingId, BigInteger amount) {
    return call(DEPOSIT, AbiValue.bytes32(fundingId.toArray()), AbiValue.uint(amount));
  }

  /** {@code withdraw(auth, sig)}. */
  public static byte[] withdraw(WithdrawalAuth auth, Signature signature) {
    return call(WITHDRAW, PerunAbi.withdrawalAuth(auth), AbiValue.bytes(signature.bytes().toArray()));
  }

  /** {@code holdings(fundingID)}. */
  public static byte[] holdings(Bytes fundingId) {
    return call(HOLDINGS, AbiValue.bytes32(fundingId.toArray()));
  }

  /** {@code settled(channelID)}. */
  public static byte[] settled(ChannelId channelId) {
    return call(SETTLED, AbiValue.bytes32(channelId.bytes().toArray()));
  }

  /** {@code adjudicator()}. */
  public static byte[] adjudicator() {
    return ADJUDICATOR.toArray();
  }

  /** {@code token()} of an ERC20 asset holder. */
  public static byte[] token() {
    return TOKEN.toArray();
  }

  // ---- ERC20 ----

  /** {@code approve(spender, amount)}. */
  public static byte[] approve(Address spender, BigInteger amount) {
    return call(APPROVE, AbiValue.address(EthAddress.bytes(spender)), AbiValue.uint(amount));
  }

  /** {@code transfer(to, amount)}. */
  public static byte[] transfer(Address to, BigInteger amount) {
    return call(TRANSFER, AbiValue.address(EthAddress.bytes(to)), AbiValue.uint(amount));
  }

  /** {@code allowance(owner, spender)}. */
  public static byte[] allowance(Address owner, Address spender) {
    return call(ALLOWANCE, AbiValue.address(EthAddress.bytes(owner)), AbiValue.address(EthAddress.bytes(spender)));
  }

  /** {@code balanceOf(owner)}. */
  public static byte[] balanceOf(Address owner) {
    return call(BALANCE_OF, AbiValue.address(EthAddress.bytes(owner)));
  }

  // ---- parts ----

  /** {@code SignedState} as an ABI tuple. */
  public static AbiValue signedState(SignedState s) {
    return AbiValue.tuple(PerunAbi.params(s.params()), PerunAbi.state(s.state()), signatures(s.signatures()));
  }

  private static AbiValue signatures(List<Signature> signatures) {
    List<AbiValue> sigs = new ArrayList<>(signatures.size());
    for (Signature sig : signatures) {
      sigs.add(AbiValue.bytes(sig.bytes().toArray()));
    }
    return AbiValue.array(sigs);
  }

  private static byte[] call(Bytes selector, AbiValue... args) {
    byte[] body = AbiValue.encode(args);
    byte[] out = new byte[4 + body.length];
    selector.copyTo(out, 0);
    System.arraycopy(body, 0, out, 4, body.length);
    return out;
  }
}
