// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth;

import java.util.Set;
import network.perun.api.Asset;
import network.perun.api.Bytes;
import network.perun.api.Params;
import network.perun.api.spi.Account;
import network.perun.api.spi.Backend;
import network.perun.testkit.conformance.ChannelBackendConformanceTest;
import network.perun.testkit.random.RandomValues;

class EthChannelBackendConformanceTest extends ChannelBackendConformanceTest {
  private final EthWallet wallet = new EthWallet();
  private final TestKeys keys = new TestKeys(7);

  @Override
  protected Backend backend() {
    return new EthBackend();
  }

  @Override
  protected Account newAccount() {
    return keys.addTo(wallet);
  }

  @Override
  protected Asset randomAsset(RandomValues random) {
    return new EthAsset(random.unsignedBits(random.between(1, 256)), EthAddress.of(random.bytes(EthAddress.LENGTH).toArray())).toAsset();
  }

  /** The contracts' Params have no aux: the backend requires zero aux. */
  @Override
  protected Bytes randomAux(RandomValues random) {
    return Params.ZERO_AUX;
  }

  @Override
  protected Set<ParamsField> paramsFieldsOutsideTheChannelId() {
    return Set.of(ParamsField.AUX);
  }

  /** The contracts' State has no app: it comes from the params, to which the channel ID commits. */
  @Override
  protected Set<StateField> stateFieldsBoundOnlyThroughTheChannelId() {
    return Set.of(StateField.APP);
  }
}
