// SPDX-License-Identifier: Apache-2.0
package network.perun.persistence.spi;

/**
 * How durable a write is when {@link ChannelStore#save} or {@link ChannelStore#remove} returns.
 *
 * <p>Both modes survive a crash of the process ({@code kill -9}): the write has reached the operating system.
 * Only {@link #SYNC} survives a crash of the machine or a power loss.
 */
public enum Durability {
  /** The write is on the disk (fsync per write batch); concurrent writes share one fsync. */
  SYNC,
  /** The write is handed to the operating system and reaches the disk later. */
  ASYNC
}
