// SPDX-License-Identifier: Apache-2.0
package network.perun.core.backend;

import java.util.List;
import network.perun.api.PerunException;

/**
 * A backend that could not be chosen: none on the class path, an unknown ID, two providers with one ID, or
 * several backends and no ID to choose between them.
 *
 * <p>Each {@link Reason} has one stable message that names the fix. {@link BackendRegistry} never picks a
 * backend silently and never falls back to a no-op backend.
 */
public class BackendNotFoundException extends PerunException {
  private static final long serialVersionUID = 1L;

  /** Why no backend could be chosen. */
  public enum Reason {
    /** No provider was found at all. */
    NONE_FOUND,
    /** No provider has the requested ID. */
    UNKNOWN_ID,
    /** Two providers have the same ID. */
    DUPLICATE_ID,
    /** Several providers were found and the caller named none of them. */
    NONE_CHOSEN
  }

  private static final String ADD_A_BACKEND =
      "Add network.perun:perun-backend-sim (tests) or network.perun:perun-backend-eth to the runtime dependencies, "
          + "or pass a Backend instance directly with BackendRegistry.of(backend).";

  private final Reason reason;

  private BackendNotFoundException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Which of the failure cases this is. */
  public Reason reason() {
    return reason;
  }

  static BackendNotFoundException noneFound(List<String> loadFailures) {
    return new BackendNotFoundException(Reason.NONE_FOUND,
        "No Perun backend found on the class path or module path.\n" + ADD_A_BACKEND + failureReport(loadFailures));
  }

  static BackendNotFoundException unknownId(String id, List<String> available, List<String> loadFailures) {
    if (available.isEmpty()) {
      return new BackendNotFoundException(Reason.UNKNOWN_ID,
          "No Perun backend with id \"" + id + "\": no backend found on the class path or module path.\n" + ADD_A_BACKEND
              + failureReport(loadFailures));
    }
    return new BackendNotFoundException(Reason.UNKNOWN_ID,
        "No Perun backend with id \"" + id + "\"; available: " + String.join(", ", available) + ".\n"
            + "Use one of these ids, or add the module that provides \"" + id + "\" to the runtime dependencies."
            + failureReport(loadFailures));
  }

  static BackendNotFoundException duplicateId(String id, String firstClass, String secondClass) {
    return new BackendNotFoundException(Reason.DUPLICATE_ID,
        "Two Perun backend providers have the id \"" + id + "\": " + firstClass + " and " + secondClass + ".\n"
            + "Keep only one of them on the class path or module path (often two versions of one backend module).");
  }

  static BackendNotFoundException noneChosen(List<String> available) {
    return new BackendNotFoundException(Reason.NONE_CHOSEN,
        "Several Perun backends found (" + String.join(", ", available) + ") and none chosen.\n"
            + "Pass the id of the one to use, such as BackendRegistry.create(\"" + available.get(0) + "\", config).");
  }

  private static String failureReport(List<String> loadFailures) {
    return loadFailures.isEmpty() ? "" : "\nProviders that failed to load: " + String.join("; ", loadFailures);
  }
}
