// SPDX-License-Identifier: Apache-2.0
package network.perun.node.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/** A host and a port as written in the configuration: {@code 127.0.0.1:7151}, {@code localhost:0}, {@code [::1]:7151}. */
public record HostPort(String host, int port) {
  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new ConfigException("a host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new ConfigException("port must be 0..65535, got " + port);
    }
  }

  /**
   * Parses {@code HOST:PORT} (an IPv6 host in brackets).
   *
   * @throws ConfigException naming {@code what} if it is malformed
   */
  public static HostPort parse(String text, String what) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new ConfigException(what + " must be HOST:PORT, got \"" + text + "\"");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new HostPort(host, Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new ConfigException(what + " must be HOST:PORT with a numeric port, got \"" + text + "\"");
    } catch (ConfigException e) {
      throw new ConfigException(what + ": " + e.getMessage());
    }
  }

  /** The resolved socket address. */
  public InetSocketAddress socketAddress() {
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new ConfigException("unknown host \"" + host + "\"", e);
    }
  }

  /** Whether the host is a loopback address. */
  public boolean isLoopback() {
    return socketAddress().getAddress().isLoopbackAddress();
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
