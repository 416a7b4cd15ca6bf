// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

import network.perun.api.ChannelId;
import network.perun.api.State;

/** An update a peer proposed: the new state and the index of the participant who acts. */
public record IncomingUpdate(ChannelId channelId, State state, int actorIndex) {}
