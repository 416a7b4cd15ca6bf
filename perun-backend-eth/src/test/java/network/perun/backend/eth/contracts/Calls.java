// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.contracts;

import java.math.BigInteger;
import java.util.List;
import network.perun.backend.eth.contracts.Abi.Params;
import network.perun.backend.eth.contracts.Abi.Participant;
import network.perun.backend.eth.contracts.Abi.SignedState;
import network.perun.backend.eth.contracts.Abi.State;
import network.perun.backend.eth.contracts.Abi.WithdrawalAuth;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/** Calldata of every contract function the tests call; the selectors are the spec's (1.8). */
final class Calls {
  private Calls() {}

  static final String REGISTER = "0xe9aa7e02";
  static final String PROGRESS = "0x4c8a2c90";
  static final String CONCLUDE = "0xe7c01d05";
  static final String CONCLUDE_FINAL = "0x75a87223";
  static final String CHANNEL_ID = "0xdb77bb27";
  static final String HASH_STATE = "0x7a114d3d";
  static final String DISPUTES = "0x11be1997";
  static final String DEPOSIT = "0x1de26e16";
  static final String WITHDRAW = "0xfca0f778";
  static final String SET_OUTCOME = "0x295482ce";
  static final String HOLDINGS = "0xae9ee18c";
  static final String SETTLED = "0xd945af1d";
  static final String ADJUDICATOR = "0x53c2ed8e";
  static final String TOKEN = "0xfc0c546a";
  static final String VALID_TRANSITION = "0xf7530b41";
  static final String APPROVE = "0x095ea7b3";
  static final String BALANCE_OF = "0x70a08231";

  static final String CHANNEL_UPDATE = "0x895ef5a5fc3efd313a300b006d6ce97ff0670dfe04f6eea90417edf924fa786b";
  static final String DEPOSITED = "0xcd2fe07293de5928c5df9505b65a8d6506f8668dfe81af09090920687edc48a9";
  static final String WITHDRAWN = "0xd0b6e7d0170f56c62f87de6a8a47a0ccf41c86ffb5084d399d8eb62e823f2a81";
  static final String OUTCOME_SET = "0xef898d6cd3395b6dfe67a3c1923e5c726c1b154e979fb0a25a9c41d0093168b8";

  static String register(SignedState channel, List<SignedState> subChannels) {
    return Abi.call(REGISTER, channel.abi(), Abi.structs(subChannels, SignedState::abi));
  }

  static String progress(Params params, State from, State to, int actorIdx, byte[] sig) {
    return Abi.call(PROGRESS, params.abi(), from.abi(), to.abi(), new Uint256(actorIdx), new DynamicBytes(sig));
  }

  static String conclude(Params params, State state, List<State> subStates) {
    return Abi.call(CONCLUDE, params.abi(), state.abi(), Abi.structs(subStates, State::abi));
  }

  static String concludeFinal(Params params, State state, List<byte[]> sigs) {
    return Abi.call(CONCLUDE_FINAL, params.abi(), state.abi(), Abi.bytesArray(sigs));
  }

  static String channelId(Params params) {
    return Abi.call(CHANNEL_ID, params.abi());
  }

  static String hashState(State state) {
    return Abi.call(HASH_STATE, state.abi());
  }

  static String disputes(byte[] channelId) {
    return Abi.call(DISPUTES, new Bytes32(channelId));
  }

  static String deposit(byte[] fundingId, BigInteger amount) {
    return Abi.call(DEPOSIT, new Bytes32(fundingId), new Uint256(amount));
  }

  static String setOutcome(byte[] channelId, List<Participant> parts, List<BigInteger> balances) {
    return Abi.call(SET_OUTCOME, new Bytes32(channelId), Abi.structs(parts, Participant::abi),
        Abi.uint256s(balances));
  }

  static String withdraw(WithdrawalAuth auth, byte[] sig) {
    return Abi.call(WITHDRAW, auth.abi(), new DynamicBytes(sig));
  }

  static String holdings(byte[] id) {
    return Abi.call(HOLDINGS, new Bytes32(id));
  }

  static String settled(byte[] channelId) {
    return Abi.call(SETTLED, new Bytes32(channelId));
  }

  static String approve(String spender, BigInteger amount) {
    return Abi.call(APPROVE, new Address(spender), new Uint256(amount));
  }

  static String balanceOf(String owner) {
    return Abi.call(BALANCE_OF, new Address(owner));
  }
}
