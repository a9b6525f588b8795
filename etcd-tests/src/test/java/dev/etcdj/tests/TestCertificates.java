package dev.etcdj.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

/**
 * Certificates for the TLS tests, made with the JDK's own {@code keytool} (a CA, and leaves it signs with
 * the SANs, key algorithm and validity a test asks for), and their keys written in the PEM forms users
 * have: PKCS#8, encrypted PKCS#8, PKCS#1 RSA and SEC1 EC.
 */
final class TestCertificates {
    static final String STOREPASS = "changeit";
    final Path dir;

    TestCertificates(Path dir, String caName) throws Exception {
        this.dir = dir;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + caName,
                "-ext", "bc:c", "-validity", "3", "-keystore", store("ca").toString(), "-storetype", "PKCS12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", store("ca").toString(), "-file", ca().toString());
    }

    Path ca() {
        return dir.resolve("ca.pem");
    }

    private Path store(String name) {
        return dir.resolve(name + ".p12");
    }

    /** A leaf signed by this CA: {@code <name>.pem}; {@code san} as keytool takes it ({@code ip:127.0.0.1}). */
    Path leaf(String name, String keyalg, String san, boolean expired) throws Exception {
        List<String> gen = new ArrayList<>(List.of("-genkeypair", "-alias", "leaf", "-keyalg", keyalg, "-dname", "CN=" + name,
                "-keystore", store(name).toString(), "-storetype", "PKCS12"));
        if (keyalg.equals("EC")) {
            gen.addAll(List.of("-groupname", "secp256r1"));
        } else {
            gen.addAll(List.of("-keysize", "2048"));
        }
        keytool(gen.toArray(new String[0]));
        Path csr = dir.resolve(name + ".csr");
        keytool("-certreq", "-alias", "leaf", "-keystore", store(name).toString(), "-file", csr.toString());
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", store("ca").toString(),
                "-infile", csr.toString(), "-outfile", dir.resolve(name + ".pem").toString(), "-rfc",
                "-ext", "san=" + san, "-ext", "eku=serverAuth,clientAuth"));
        sign.addAll(expired ? List.of("-startdate", "-3d", "-validity", "1") : List.of("-validity", "2"));
        keytool(sign.toArray(new String[0]));
        return dir.resolve(name + ".pem");
    }

    PrivateKey key(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store(name))) {
            ks.load(in, STOREPASS.toCharArray());
        }
        return (PrivateKey) ks.getKey("leaf", STOREPASS.toCharArray());
    }

    Path pkcs8(String name) throws Exception {
        return pem(name + "-key.pem", "PRIVATE KEY", key(name).getEncoded());
    }

    Path encryptedPkcs8(String name, char[] password) throws Exception {
        String alg = "PBEWithHmacSHA256AndAES_256";
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(salt);
        new SecureRandom().nextBytes(iv);
        Cipher c = Cipher.getInstance(alg);
        c.init(Cipher.ENCRYPT_MODE, SecretKeyFactory.getInstance(alg).generateSecret(new PBEKeySpec(password)),
                new PBEParameterSpec(salt, 10_000, new IvParameterSpec(iv)));
        byte[] encrypted = c.doFinal(key(name).getEncoded());
        AlgorithmParameters params = c.getParameters();
        // EncryptedPrivateKeyInfo as OpenSSL writes it: { { PBES2, PBES2-params }, encrypted }
        byte[] pbes2 = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x05, 0x0d};
        ByteArrayOutputStream alg2 = new ByteArrayOutputStream();
        alg2.writeBytes(pbes2);
        alg2.writeBytes(params.getEncoded());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(tlv(0x30, alg2.toByteArray()));
        info.writeBytes(tlv(0x04, encrypted));
        byte[] der = tlv(0x30, info.toByteArray());
        new EncryptedPrivateKeyInfo(der);   // well-formed for the JDK too
        return pem(name + "-key.enc.pem", "ENCRYPTED PRIVATE KEY", der);
    }

    /** PKCS#1: the OCTET STRING inside the PKCS#8 structure of an RSA key. */
    Path pkcs1(String name) throws Exception {
        byte[] p8 = key(name).getEncoded();
        int i = 0;
        i = skipHeader(p8, i);                 // SEQUENCE
        i = skipElement(p8, i);                // INTEGER version
        i = skipElement(p8, i);                // AlgorithmIdentifier
        int start = skipHeader(p8, i);         // OCTET STRING
        byte[] pkcs1 = java.util.Arrays.copyOfRange(p8, start, p8.length);
        return pem(name + "-key.rsa.pem", "RSA PRIVATE KEY", pkcs1);
    }

    /** SEC1 with its curve, as OpenSSL writes {@code EC PRIVATE KEY}. */
    Path sec1(String name) throws Exception {
        ECPrivateKey k = (ECPrivateKey) key(name);
        byte[] s = toFixed(k.getS(), 32);
        byte[] curve = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x01, 0x04, 0x20});
        body.writeBytes(s);
        body.write(0xa0);
        body.write(curve.length);
        body.writeBytes(curve);
        ByteArrayOutputStream seq = new ByteArrayOutputStream();
        seq.write(0x30);
        seq.write(body.size());
        seq.writeBytes(body.toByteArray());
        return pem(name + "-key.ec.pem", "EC PRIVATE KEY", seq.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(tag);
        int n = value.length;
        if (n < 0x80) {
            b.write(n);
        } else if (n < 0x100) {
            b.write(0x81);
            b.write(n);
        } else {
            b.write(0x82);
            b.write(n >> 8);
            b.write(n);
        }
        b.writeBytes(value);
        return b.toByteArray();
    }

    private static byte[] toFixed(BigInteger v, int n) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[n];
        int copy = Math.min(b.length, n);
        System.arraycopy(b, b.length - copy, out, n - copy, copy);
        return out;
    }

    private static int skipHeader(byte[] d, int i) {
        int len = d[i + 1] & 0xff;
        return i + 2 + (len < 0x80 ? 0 : len - 0x80);
    }

    private static int skipElement(byte[] d, int i) {
        int len = d[i + 1] & 0xff;
        int header = 2;
        int n = len;
        if (len >= 0x80) {
            header += len - 0x80;
            n = 0;
            for (int j = 0; j < len - 0x80; j++) {
                n = (n << 8) | (d[i + 2 + j] & 0xff);
            }
        }
        return i + header + n;
    }

    private Path pem(String file, String label, byte[] der) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Path p = dir.resolve(file);
        Files.writeString(p, "-----BEGIN " + label + "-----\n" + b64 + "\n-----END " + label + "-----\n");
        return p;
    }

    private void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        if (!List.of(args).contains("-storepass")) {
            cmd.addAll(List.of("-storepass", STOREPASS));
        }
        if (List.of(args).contains("-genkeypair")) {
            cmd.addAll(List.of("-keypass", STOREPASS));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
        }
    }
}
