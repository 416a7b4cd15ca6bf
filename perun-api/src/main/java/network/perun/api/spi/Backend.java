// SPDX-License-Identifier: Apache-2.0
package network.perun.api.spi;

/**
 * A blockchain backend: the signature scheme, the channel ID and state signing of one kind of chain.
 *
 * <p>Created by a {@link BackendProvider}; funding and adjudication are separate ports.
 */
public interface Backend {
  /** The numeric backend ID used in addresses and assets on the wire (0 = sim, 1 = Ethereum). */
  int backendId();

  /** The provider ID this backend was created by, such as {@code sim} or {@code eth}. */
  String name();

  /** The backend's signature scheme and address format. */
  WalletBackend walletBackend();

  /** The backend's channel ID and state signing. */
  ChannelBackend channelBackend();
}
