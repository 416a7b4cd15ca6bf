// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Objects;

/**
 * How the node answers incoming channel proposals and payments by itself.
 *
 * @param proposalsFromContacts the rule for proposals from contacts
 * @param proposalsFromOthers the rule for proposals from other peers ({@link Rule#ACCEPT} is not allowed)
 * @param maxAutoDeposit the largest deposit of ours an automatically accepted proposal may ask for
 * @param payments the rule for incoming payments
 * @param maxAutoPayment the largest incoming payment accepted without asking
 * @param decisionTimeout how long a held proposal or payment waits for a decision
 */
public record PolicyConfig(Rule proposalsFromContacts, Rule proposalsFromOthers, BigInteger maxAutoDeposit, Rule payments, BigInteger maxAutoPayment,
    Duration decisionTimeout) {

  public PolicyConfig {
    Objects.requireNonNull(proposalsFromContacts, "proposalsFromContacts");
    Objects.requireNonNull(proposalsFromOthers, "proposalsFromOthers");
    Objects.requireNonNull(payments, "payments");
    if (proposalsFromOthers == Rule.ACCEPT) {
      throw new ConfigException("policy.proposals-from-others must be \"ask\" or \"reject\": a stranger's proposal is never accepted unseen");
    }
    if (maxAutoDeposit.signum() < 0 || maxAutoPayment.signum() < 0) {
      throw new ConfigException("policy limits must not be negative, got max-auto-deposit " + maxAutoDeposit + " and max-auto-payment " + maxAutoPayment);
    }
    if (decisionTimeout.isNegative() || decisionTimeout.isZero()) {
      throw new ConfigException("policy.decision-timeout must be positive, got " + decisionTimeout.toSeconds());
    }
  }

  /** What to do with an incoming proposal or payment. */
  public enum Rule {
    /** Accept within the limit; above it, ask. */
    ACCEPT,
    /** Hold it for a decision through the API. */
    ASK,
    /** Reject it. */
    REJECT;

    static Rule parse(String text, String key) {
      return switch (text) {
        case "accept" -> ACCEPT;
        case "ask" -> ASK;
        case "reject" -> REJECT;
        default -> throw new ConfigException(key + " must be \"accept\", \"ask\" or \"reject\", got \"" + text + "\"");
      };
    }
  }
}
