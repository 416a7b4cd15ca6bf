// SPDX-License-Identifier: Apache-2.0
/**
 * The public API of perun-java: channel value types, wire messages, their perunio value codec, and the backend
 * SPI.
 *
 * <p>It depends on nothing but {@code java.base}. Backend discovery is done by {@code network.perun.core}, which
 * declares the {@code uses}.
 */
module network.perun.api {
  exports network.perun.api;
  exports network.perun.api.codec;
  exports network.perun.api.chain;
  exports network.perun.api.message;
  exports network.perun.api.spi;
}
