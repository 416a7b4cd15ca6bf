// SPDX-License-Identifier: Apache-2.0
/**
 * A durable channel store on LevelDB ({@code org.iq80.leveldb}, pure Java). Its jars have no module name, so they
 * are the automatic modules {@code leveldb} and {@code leveldb.api}.
 */
module network.perun.persistence.leveldb {
  requires transitive network.perun.persistence.spi;
  requires leveldb;
  requires leveldb.api;

  exports network.perun.persistence.leveldb;
}
