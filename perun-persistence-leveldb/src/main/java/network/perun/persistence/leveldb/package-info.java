// SPDX-License-Identifier: Apache-2.0
/** A durable channel store on LevelDB: {@link network.perun.persistence.leveldb.LevelDbChannelStore}. */
package network.perun.persistence.leveldb;
