// SPDX-License-Identifier: Apache-2.0
/** A LevelDB channel store (placeholder until the persistence issue lands). */
module network.perun.persistence.leveldb {
  requires network.perun.persistence.spi;
}
