// SPDX-License-Identifier: Apache-2.0
package network.perun.wire.tcp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The TLS side of a node: a self-signed ECDSA P-256 certificate made at start and a TLS 1.3 context that presents
 * it, demands one from the peer, and accepts any peer certificate.
 *
 * <p>TLS gives confidentiality and integrity only; who the peer is follows from the authentication exchange
 * inside TLS ({@link Handshake}), whose signatures cover the SHA-256 of both certificates
 * ({@link #certificateHash(SSLSession, boolean)}), so a man in the middle, who must present certificates of his
 * own, cannot forward a signature. Nothing depends on a public CA; the certificate's validity dates are fixed and
 * never checked.
 */
final class NodeTls {
  private static final String PROTOCOL = "TLSv1.3";
  private static final String ALIAS = "perun-node";

  private final SSLContext context;
  private final byte[] certificateHash;

  private NodeTls(SSLContext context, byte[] certificateHash) {
    this.context = context;
    this.certificateHash = certificateHash;
  }

  /** A fresh key pair and self-signed certificate, and the TLS context around them. */
  static NodeTls generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keys = generator.generateKeyPair();
      X500Name name = new X500Name("CN=perun-node");
      Date notBefore = new Date(0L);
      Date notAfter = new Date(253402300799000L); // 9999-12-31T23:59:59Z, "no well-defined expiration" (RFC 5280)
      X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, random).add(BigInteger.ONE), notBefore, notAfter, name, keys.getPublic())
          .build(new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random).build(keys.getPrivate()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
      SSLContext context = SSLContext.getInstance(PROTOCOL);
      context.init(new KeyManager[] {new SingleKeyManager(keys.getPrivate(), certificate)}, new TrustManager[] {new AnyCertificate()}, random);
      return new NodeTls(context, sha256(certificate.getEncoded()));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("this JDK cannot make an ECDSA P-256 TLS 1.3 certificate", e);
    }
  }

  /** The SHA-256 of this node's certificate (DER). */
  byte[] certificateHash() {
    return certificateHash.clone();
  }

  /**
   * Puts TLS on a connected socket: the dialing side is the TLS client. Closing the TLS socket closes
   * {@code raw}; the handshake itself runs on the first read or write, or on {@link SSLSocket#startHandshake()}.
   */
  SSLSocket wrap(Socket raw, boolean client) throws IOException {
    SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, null, raw.getPort(), true);
    s.setUseClientMode(client);
    s.setEnabledProtocols(new String[] {PROTOCOL});
    if (!client) {
      s.setNeedClientAuth(true);
    }
    return s;
  }

  /**
   * The SHA-256 of the certificate the peer presented in {@code session}, or of our own when {@code local}.
   *
   * @throws SSLPeerUnverifiedException if the peer presented none
   */
  byte[] certificateHash(SSLSession session, boolean local) throws SSLPeerUnverifiedException {
    if (local) {
      return certificateHash();
    }
    Certificate[] chain = session.getPeerCertificates();
    if (chain.length == 0) {
      throw new SSLPeerUnverifiedException("the peer presented no certificate");
    }
    try {
      return sha256(chain[0].getEncoded());
    } catch (CertificateEncodingException e) {
      throw new SSLPeerUnverifiedException("the peer's certificate cannot be encoded: " + e.getMessage());
    }
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Presents the one key and certificate of this node, on either side of the handshake. */
  private static final class SingleKeyManager extends X509ExtendedKeyManager {
    private final PrivateKey key;
    private final X509Certificate[] chain;

    SingleKeyManager(PrivateKey key, X509Certificate certificate) {
      this.key = key;
      this.chain = new X509Certificate[] {certificate};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return key;
    }
  }

  /**
   * Accepts any non-empty certificate chain: TLS only encrypts; the peer's identity is proven by the
   * authentication exchange, which binds the certificates.
   */
  private static final class AnyCertificate extends X509ExtendedTrustManager {
    private static void check(X509Certificate[] chain) throws CertificateException {
      if (chain == null || chain.length == 0) {
        throw new CertificateException("the peer presented no certificate");
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
      check(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
