// SPDX-License-Identifier: Apache-2.0
package network.perun.backend.eth.rpc;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import network.perun.api.Address;
import network.perun.api.Bytes;
import network.perun.backend.eth.EthAccount;
import network.perun.backend.eth.EthAddress;
import network.perun.backend.eth.crypto.Keccak;
import network.perun.backend.eth.crypto.RecoverableSignature;

/**
 * An EIP-1559 (type 2) transaction, signed with an {@link EthAccount}.
 *
 * <pre>
 * (to is empty for a contract creation)
 * fields   [chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList = []]
 * hash     keccak256(0x02 || rlp(fields))                          what is signed (no EIP-191 prefix)
 * raw      0x02 || rlp(fields ++ [yParity, r, s])                  what eth_sendRawTransaction takes
 * </pre>
 */
public record Eip1559Transaction(BigInteger chainId, BigInteger nonce, BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas, BigInteger gasLimit,
    Optional<Address> to, BigInteger value, Bytes data) {
  private static final int TYPE = 2;

  public Eip1559Transaction {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
    Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
    Objects.requireNonNull(gasLimit, "gasLimit");
    to.ifPresent(EthAddress::bytes);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(data, "data");
  }

  /** The hash the sender signs. */
  public byte[] signingHash() {
    return Keccak.keccak256(typed(Rlp.list(fields())));
  }

  /** The signed raw transaction. */
  public byte[] sign(EthAccount account) {
    RecoverableSignature sig = account.signHash(signingHash());
    List<byte[]> items = fields();
    items.add(Rlp.uint(BigInteger.valueOf(sig.recoveryId())));
    items.add(Rlp.uint(sig.r()));
    items.add(Rlp.uint(sig.s()));
    return typed(Rlp.list(items));
  }

  private List<byte[]> fields() {
    List<byte[]> f = new ArrayList<>(12);
    f.add(Rlp.uint(chainId));
    f.add(Rlp.uint(nonce));
    f.add(Rlp.uint(maxPriorityFeePerGas));
    f.add(Rlp.uint(maxFeePerGas));
    f.add(Rlp.uint(gasLimit));
    f.add(Rlp.bytes(to.map(EthAddress::bytes).orElse(new byte[0])));
    f.add(Rlp.uint(value));
    f.add(Rlp.bytes(data.toArray()));
    f.add(Rlp.list(List.of()));
    return f;
  }

  private static byte[] typed(byte[] rlp) {
    byte[] out = new byte[rlp.length + 1];
    out[0] = TYPE;
    System.arraycopy(rlp, 0, out, 1, rlp.length);
    return out;
  }
}
