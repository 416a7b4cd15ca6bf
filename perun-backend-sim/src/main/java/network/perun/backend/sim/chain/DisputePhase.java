// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.sim.chain;

/** The phase of a channel's on-chain dispute, with the Adjudicator contract's numeric codes. */
public enum DisputePhase {
  /** A state is registered; newer states may refute it until the timeout. */
  DISPUTE(0),
  /** An app channel is advanced on chain, one move per challenge duration. */
  FORCEEXEC(1),
  /** The outcome is fixed and pushed to the asset holders. */
  CONCLUDED(2);

  private final int code;

  DisputePhase(int code) {
    this.code = code;
  }

  /** The contract's {@code uint8} phase code. */
  public int code() {
    return code;
  }
}
