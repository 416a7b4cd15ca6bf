// SPDX-License-Identifier: Apache-2.0
package network.perun.node.daemon;

import network.perun.api.InvalidValueException;
import network.perun.api.chain.AdjudicatorException;
import network.perun.api.chain.FundingTimeoutException;
import network.perun.api.spi.PeerUnreachableException;
import network.perun.core.channel.PhaseTransitionException;
import network.perun.core.client.ChannelClosedException;
import network.perun.core.client.ChannelFundingException;
import network.perun.core.client.PeerRejectedException;
import network.perun.core.client.RequestTimeoutException;
import network.perun.core.client.UpdateConflictException;
import network.perun.node.chain.ChainProtocolException;
import network.perun.node.chain.ChainUnreachableException;
import network.perun.node.http.BodyTooLargeException;
import network.perun.node.http.MalformedJsonException;

/**
 * The stable error codes of the node's local API, each with its HTTP status. Clients branch on the code, never on
 * the message; perun-node/README.md lists them. Codes are never renamed or reused.
 */
public enum ErrorCode {
  UNAUTHORIZED("unauthorized", 401, "no or wrong bearer token"),
  MALFORMED_JSON("malformed-json", 400, "the body is not JSON"),
  INVALID_REQUEST("invalid-request", 400, "a field is missing, of the wrong type or out of range"),
  INVALID_AMOUNT("invalid-amount", 400, "an amount that is not a whole number, negative, or zero where a payment needs more"),
  BODY_TOO_LARGE("body-too-large", 413, "the body is longer than 64 KiB"),
  NOT_FOUND("not-found", 404, "no such endpoint"),
  METHOD_NOT_ALLOWED("method-not-allowed", 405, "the endpoint exists but not with this method"),
  UNKNOWN_CHANNEL("unknown-channel", 404, "no channel has this ID or ID prefix"),
  AMBIGUOUS_CHANNEL("ambiguous-channel", 400, "the ID prefix matches more than one channel"),
  UNKNOWN_CONTACT("unknown-contact", 404, "no contact has this name"),
  UNKNOWN_DECISION("unknown-decision", 404, "no pending decision has this ID (answered, expired or never held)"),
  CONTACT_EXISTS("contact-exists", 409, "a contact with this name or wire address exists"),
  INSUFFICIENT_FUNDS("insufficient-funds", 409, "the amount is more than our balance in the channel or on chain"),
  CHANNEL_NOT_OPEN("channel-not-open", 409, "the channel is not in a phase that allows this (funding, final, settled)"),
  CHANNEL_SETTLING("channel-settling", 409, "the channel is being settled already"),
  UPDATE_CONFLICT("update-conflict", 409, "the peer's concurrent update took precedence; try again"),
  PEER_REJECTED("peer-rejected", 409, "the peer rejected the proposal or update (its reason is in the message)"),
  PEER_TIMEOUT("peer-timeout", 504, "the peer did not answer within request-timeout"),
  PEER_UNREACHABLE("peer-unreachable", 502, "the peer cannot be reached over the network"),
  FUNDING_FAILED("funding-failed", 502, "the channel was agreed but not funded in time; settle it to get the deposit back"),
  CHAIN_ERROR("chain-error", 502, "the chain refused a transaction or cannot be reached"),
  SHUTTING_DOWN("shutting-down", 503, "the node is stopping and takes no new requests"),
  INTERNAL("internal", 500, "a bug in perun; the node's log has the stack trace");

  private final String code;
  private final int httpStatus;
  private final String meaning;

  ErrorCode(String code, int httpStatus, String meaning) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.meaning = meaning;
  }

  /** The code as it appears in the API's error body. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** When it happens. */
  public String meaning() {
    return meaning;
  }

  /** The code of a failure thrown by the node, the client, the chain or the HTTP layer. */
  public static ErrorCode of(Throwable t) {
    return switch (t) {
      case NodeException e -> e.code();
      case PeerRejectedException e -> PEER_REJECTED;
      case RequestTimeoutException e -> PEER_TIMEOUT;
      case PeerUnreachableException e -> PEER_UNREACHABLE;
      case UpdateConflictException e -> UPDATE_CONFLICT;
      case ChannelFundingException e -> FUNDING_FAILED;
      case FundingTimeoutException e -> FUNDING_FAILED;
      case AdjudicatorException e -> CHAIN_ERROR;
      case ChainUnreachableException e -> CHAIN_ERROR;
      case ChainProtocolException e -> CHAIN_ERROR;
      case PhaseTransitionException e -> CHANNEL_NOT_OPEN;
      case ChannelClosedException e -> CHANNEL_NOT_OPEN;
      case MalformedJsonException e -> MALFORMED_JSON;
      case BodyTooLargeException e -> BODY_TOO_LARGE;
      case InvalidValueException e -> INVALID_REQUEST;
      default -> INTERNAL;
    };
  }
}
