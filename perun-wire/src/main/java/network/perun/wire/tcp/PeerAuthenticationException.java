// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.IOException;

/**
 * A peer that failed the authentication exchange: a bad or replayed signature, an identity other than the one
 * dialed, an envelope for someone else, or a message that is not part of the exchange. Not retried.
 */
final class PeerAuthenticationException extends IOException {
  PeerAuthenticationException(String message) {
    super(message);
  }
}
