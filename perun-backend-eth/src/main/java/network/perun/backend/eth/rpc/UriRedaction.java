// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The redaction of an RPC endpoint for messages and logs: a provider's URL often carries credentials or an API key
 * in its user info ({@code https://user:pass@host}), path ({@code https://host/v3/KEY}) or query
 * ({@code ?apikey=KEY}), and error messages end up in logs, events and API answers.
 *
 * <p>The shown form is {@code scheme://host[:port]}, followed by {@code /...} when user info, a path other than
 * {@code /}, a query or a fragment was dropped. {@link #scrub(String, URI)} and {@link #scrub(Throwable, URI)}
 * take the secret parts out of text and exception chains that may quote the endpoint.
 */
public final class UriRedaction {
  /** Secret parts shorter than this are not scrubbed from free text: they would mangle it and hide little. */
  private static final int MIN_SCRUBBED_LENGTH = 3;

  private UriRedaction() {}

  /** {@code uri} as {@code scheme://host[:port]}, with {@code /...} marking dropped user info, path, query or fragment. */
  public static String redact(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme() + "://";
    if (uri.isOpaque()) {
      return scheme + "...";
    }
    String host = uri.getHost() == null ? "?" : uri.getHost();
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath();
    boolean more = (path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null || uri.getRawUserInfo() != null
        || uri.getRawFragment() != null;
    return scheme + host + port + (more ? "/..." : "");
  }

  /**
   * {@code text} with every quote of {@code uri} replaced by its {@link #redact redacted} form, and every remaining
   * user info, password, path, query or fragment of it (raw or decoded, at least three characters) by {@code ...}.
   * Null stays null.
   */
  public static String scrub(String text, URI uri) {
    if (text == null) {
      return null;
    }
    String shown = redact(uri);
    String out = text;
    for (String whole : List.of(uri.toString(), uri.toASCIIString())) {
      out = out.replace(whole, shown);
    }
    for (String secret : secrets(uri)) {
      out = out.replace(secret, "...");
    }
    return out;
  }

  /** The secret parts of {@code uri}, longest first, so a part is replaced before a piece of it is. */
  private static List<String> secrets(URI uri) {
    Set<String> parts = new LinkedHashSet<>();
    add(parts, uri.getRawUserInfo());
    add(parts, uri.getUserInfo());
    String userInfo = uri.getUserInfo();
    if (userInfo != null && userInfo.indexOf(':') >= 0) {
      add(parts, userInfo.substring(0, userInfo.indexOf(':')));
      add(parts, userInfo.substring(userInfo.indexOf(':') + 1));
    }
    if (uri.getRawPath() != null && !uri.getRawPath().equals("/")) {
      add(parts, uri.getRawPath());
      add(parts, uri.getPath());
    }
    add(parts, uri.getRawQuery());
    add(parts, uri.getQuery());
    add(parts, uri.getRawFragment());
    add(parts, uri.getFragment());
    if (uri.isOpaque()) {
      add(parts, uri.getRawSchemeSpecificPart());
    }
    List<String> sorted = new ArrayList<>(parts);
    sorted.sort((a, b) -> b.length() - a.length());
    return sorted;
  }

  private static void add(Set<String> parts, String part) {
    if (part != null && part.length() >= MIN_SCRUBBED_LENGTH) {
      parts.add(part);
    }
  }

  /**
   * {@code error} itself if no message in its cause chain quotes a secret part of {@code uri}; otherwise a copy
   * of the chain where each throwable is a {@link RedactedThrowable} naming the original class, with the scrubbed
   * message and the original stack trace.
   */
  public static Throwable scrub(Throwable error, URI uri) {
    if (error == null || !leaks(error, uri)) {
      return error;
    }
    RedactedThrowable copy = new RedactedThrowable(error.getClass().getName(), scrub(error.getMessage(), uri), scrub(error.getCause(), uri));
    copy.setStackTrace(error.getStackTrace());
    return copy;
  }

  private static boolean leaks(Throwable error, URI uri) {
    Set<Throwable> seen = new java.util.HashSet<>();
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.equals(scrub(message, uri))) {
        return true;
      }
    }
    return false;
  }

  /** A throwable of a cause chain whose message quoted an endpoint: the original's class name and scrubbed message. */
  public static final class RedactedThrowable extends Exception {
    private static final long serialVersionUID = 1L;

    private final String originalClass;

    RedactedThrowable(String originalClass, String message, Throwable cause) {
      super(message, cause);
      this.originalClass = originalClass;
    }

    /** The class name of the throwable this one stands for. */
    public String originalClass() {
      return originalClass;
    }

    @Override
    public String toString() {
      String message = getLocalizedMessage();
      return message == null ? originalClass : originalClass + ": " + message;
    }
  }
}
