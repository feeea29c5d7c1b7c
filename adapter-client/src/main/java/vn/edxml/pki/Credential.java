package vn.edxml.pki;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain (leaf first). Immutable.
 *
 * @param privateKey the signing key
 * @param chain the certificate chain, leaf first, ending at (but excluding or including) the CA
 */
public record Credential(PrivateKey privateKey, List<X509Certificate> chain) {

  public Credential {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a credential needs at least its own certificate");
    }
    chain = List.copyOf(chain);
  }

  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** A PKCS#12 key store holding this credential under {@code alias}. */
  public KeyStore toKeyStore(String alias, char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(alias, privateKey, password, chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a PKCS#12 key store", e);
    }
  }

  /**
   * Writes this credential as a PKCS#12 file (created with owner-only permissions where possible).
   */
  public void writePkcs12(Path file, String alias, char[] password) throws IOException {
    KeyStore store = toKeyStore(alias, password);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      store.store(out, password);
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot write key store " + file, e);
    }
    Pem.restrictToOwner(tmp);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}
