// SPDX-License-Identifier: Apache-2.0
/**
 * The channel state machine: phases, the current and staged transactions, signature collection and the rules a
 * state update must follow (go-perun {@code channel.StateMachine}; spec section 1.6).
 */
package network.perun.core.channel;
