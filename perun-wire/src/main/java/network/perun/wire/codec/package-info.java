// SPDX-License-Identifier: Apache-2.0
/**
 * The perunio codec of wire envelopes and messages, byte-compatible with go-perun v0.15 (go-perun spec sections
 * 3.1 to 3.3: message type ids, envelope, perunio encoding rules). {@link network.perun.wire.codec.PerunIoCodec}
 * draws every layout.
 */
package network.perun.wire.codec;
