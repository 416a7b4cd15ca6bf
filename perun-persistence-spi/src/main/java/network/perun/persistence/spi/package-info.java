// SPDX-License-Identifier: Apache-2.0
/**
 * The persistence port of perun-java: {@link network.perun.persistence.spi.ChannelStore} keeps a
 * {@link network.perun.persistence.spi.PersistedChannel} snapshot per channel under the write-ahead rule, and
 * gives them back for the restore on start (go-perun's persister and restorer, spec section 4).
 *
 * <p>{@link network.perun.persistence.spi.InMemoryChannelStore} is the reference implementation;
 * {@link network.perun.persistence.spi.PersistedChannelCodec} is the record encoding for stores that keep bytes.
 */
package network.perun.persistence.spi;
