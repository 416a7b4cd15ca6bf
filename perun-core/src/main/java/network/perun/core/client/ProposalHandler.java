// SPDX-License-Identifier: Apache-2.0
package network.perun.core.client;

/**
 * Decides on incoming channel proposals. Called on an executor thread, once per valid proposal; invalid
 * proposals are rejected with the reason before they reach it.
 */
@FunctionalInterface
public interface ProposalHandler {
  /** Handles {@code proposal}; must call exactly one of {@code responder.accept} or {@code responder.reject}. */
  void handleProposal(IncomingProposal proposal, ProposalResponder responder);

  /** A handler that rejects every proposal with {@code reason}. */
  static ProposalHandler rejectAll(String reason) {
    return (proposal, responder) -> responder.reject(reason);
  }
}
