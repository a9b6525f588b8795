package dev.etcdj.http;

import dev.etcdj.http.internal.Pem;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from the PEM files etcd and etcdctl use ({@code --cacert}, {@code --cert}, {@code --key}),
 * with the JDK alone. The key may be PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED
 * PRIVATE KEY}, with a password), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}).
 * The server is trusted only if its certificate chains to one of the CA bundle's certificates; hostname
 * verification is the HTTP client's and stays on (an IP SAN matches an IP endpoint); there is no option to
 * turn either off. Problems with the files (unreadable, not PEM, a wrong password, a key that does not
 * match the certificate) are {@link IllegalArgumentException}s naming the file, before any connection;
 * key material is never put in a message.
 *
 * <pre>{@code
 * HttpAdapter.newBuilder().endpoints("https://10.0.0.5:2379")
 *         .sslContext(Tls.fromPem(Path.of("ca.pem"), Path.of("client.pem"), Path.of("client-key.pem"), null))
 *         .build();
 * }</pre>
 */
public final class Tls {
    private Tls() {
    }

    /**
     * {@return a context that trusts the CA certificates of {@code caBundle} and presents no client certificate}
     *
     * @param caBundle a PEM file of CA certificates
     */
    public static SSLContext trusting(Path caBundle) {
        return context(caBundle, null, null);
    }

    /**
     * {@return a context that trusts {@code caBundle} and presents the client certificate chain
     * {@code certificateChain} (leaf first) with {@code privateKey}}
     *
     * @param keyPassword the password of an encrypted key, or null; it is not kept
     * @param caBundle a PEM file of CA certificates
     * @param certificateChain a PEM file of the client's certificate chain, leaf first
     * @param privateKey a PEM file of the client's private key (PKCS#8, encrypted PKCS#8, PKCS#1 or SEC1)
     */
    public static SSLContext fromPem(Path caBundle, Path certificateChain, Path privateKey, char[] keyPassword) {
        Objects.requireNonNull(certificateChain, "certificateChain == null");
        Objects.requireNonNull(privateKey, "privateKey == null");
        List<X509Certificate> chain = certificates(certificateChain);
        PrivateKey key = Pem.privateKey(Pem.read(privateKey), keyPassword, privateKey.toString());
        checkPair(chain.get(0), key, certificateChain, privateKey);
        return context(caBundle, chain, key);
    }

    private static SSLContext context(Path caBundle, List<X509Certificate> chain, PrivateKey key) {
        Objects.requireNonNull(caBundle, "caBundle == null");
        List<X509Certificate> cas = certificates(caBundle);
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            javax.net.ssl.KeyManager[] keyManagers = null;
            if (key != null) {
                char[] transientPassword = new char[0];
                KeyStore identity = KeyStore.getInstance("PKCS12");
                identity.load(null, null);
                identity.setKeyEntry("client", key, transientPassword, chain.toArray(new Certificate[0]));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(identity, transientPassword);
                keyManagers = kmf.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, tmf.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("the JDK could not build a TLS context: " + e, e);
        }
    }

    private static List<X509Certificate> certificates(Path file) {
        String text = Pem.read(file);
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Pem.Block b : Pem.blocks(text, file.toString())) {
                if (b.label().equals("CERTIFICATE")) {
                    Collection<? extends Certificate> cs = cf.generateCertificates(new ByteArrayInputStream(b.der()));
                    for (Certificate c : cs) {
                        out.add((X509Certificate) c);
                    }
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(file + ": a CERTIFICATE block is not a valid X.509 certificate", e);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no CERTIFICATE block");
        }
        return out;
    }

    /** Signs a challenge with the key and verifies it with the certificate: they belong together, or not. */
    private static void checkPair(X509Certificate cert, PrivateKey key, Path certFile, Path keyFile) {
        String alg = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
                : key.getAlgorithm();
        try {
            byte[] challenge = "etcdj key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] signature = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(cert.getPublicKey());
            v.update(challenge);
            if (v.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of another algorithm than the certificate's: fall through
        }
        throw new IllegalArgumentException("the private key " + keyFile + " does not match the certificate " + certFile
                + " (" + cert.getSubjectX500Principal().getName() + ")");
    }
}
