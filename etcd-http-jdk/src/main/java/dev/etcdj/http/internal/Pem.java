package dev.etcdj.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PEM blocks and private keys with the JDK alone: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8
 * ({@code ENCRYPTED PRIVATE KEY}, PBES2 as OpenSSL writes it), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1
 * EC ({@code EC PRIVATE KEY}); the last two are rewrapped as PKCS#8 with a few lines of DER. Errors are
 * {@link IllegalArgumentException}s that name the file and never quote key material.
 */
public final class Pem {
    private static final byte[] RSA_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
    private static final byte[] EC_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final byte[] ED25519_OID = {0x2b, 0x65, 0x70};

    /** One PEM block: its label ({@code CERTIFICATE}, {@code PRIVATE KEY}, ...), headers present, and DER bytes. */
    public record Block(String label, boolean hasHeaders, byte[] der) {
    }

    private Pem() {
    }

    /** Returns every PEM block of {@code text}; {@code where} names the file for messages. */
    public static List<Block> blocks(String text, String where) {
        List<Block> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", at);
            if (begin < 0) {
                return out;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new IllegalArgumentException(where + ": a PEM header without its closing dashes");
            }
            String label = text.substring(begin + 11, labelEnd);
            String endMarker = "-----END " + label + "-----";
            int end = text.indexOf(endMarker, labelEnd);
            if (end < 0) {
                throw new IllegalArgumentException(where + ": no \"" + endMarker + "\"");
            }
            String body = text.substring(labelEnd + 5, end);
            boolean headers = body.contains(":");
            StringBuilder b64 = new StringBuilder();
            for (String line : body.split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.contains(":")) {
                    b64.append(l);
                }
            }
            try {
                out.add(new Block(label, headers, Base64.getMimeDecoder().decode(b64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": the " + label + " block is not valid Base64");
            }
            at = end + endMarker.length();
        }
    }

    /**
     * Returns the private key of the first key block of {@code text}.
     *
     * @param password for an encrypted PKCS#8 key, else ignored (may be null)
     */
    public static PrivateKey privateKey(String text, char[] password, String where) {
        for (Block b : blocks(text, where)) {
            switch (b.label()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), where);
                case "ENCRYPTED PRIVATE KEY":
                    return pkcs8(decrypt(b.der(), password, where), where);
                case "RSA PRIVATE KEY":
                    legacyEncryption(b, where);
                    return pkcs8(wrap(seq(RSA_OID, new byte[] {0x05, 0x00}), b.der()), where);
                case "EC PRIVATE KEY":
                    legacyEncryption(b, where);
                    return pkcs8(wrap(seq(EC_OID, curveOf(b.der(), where)), b.der()), where);
                default:
                    // a certificate or parameters before the key: skip
            }
        }
        throw new IllegalArgumentException(where + ": no PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
    }

    private static void legacyEncryption(Block b, String where) {
        if (b.hasHeaders()) {
            throw new IllegalArgumentException(where + ": the key is encrypted in OpenSSL's legacy format (Proc-Type "
                    + "headers); convert it with: openssl pkcs8 -topk8 -in KEY -out KEY.pk8");
        }
    }

    private static PrivateKey pkcs8(byte[] der, String where) {
        String alg = contains(der, RSA_OID) ? "RSA" : contains(der, EC_OID) ? "EC" : contains(der, ED25519_OID) ? "Ed25519" : null;
        if (alg == null) {
            throw new IllegalArgumentException(where + ": a private key of an algorithm other than RSA, EC or Ed25519");
        }
        try {
            return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(where + ": not a valid " + alg + " private key (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static byte[] decrypt(byte[] der, char[] password, String where) {
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException(where + ": the key is encrypted and no password was given");
        }
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            String alg = info.getAlgParameters() != null ? info.getAlgParameters().toString() : info.getAlgName();
            SecretKeyFactory factory = SecretKeyFactory.getInstance(alg);
            PBEKeySpec spec = new PBEKeySpec(password);
            try {
                Cipher cipher = Cipher.getInstance(alg);
                cipher.init(Cipher.DECRYPT_MODE, factory.generateSecret(spec), info.getAlgParameters());
                return info.getKeySpec(cipher).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException(where + ": cannot decrypt the key: wrong password, or an encryption the JDK "
                    + "does not support (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    /** The named-curve OID in SEC1's {@code [0] parameters}. */
    private static byte[] curveOf(byte[] sec1, String where) {
        for (int i = 0; i + 2 < sec1.length; i++) {
            if ((sec1[i] & 0xff) == 0xa0 && sec1[i + 2] == 0x06) {
                int len = sec1[i + 3] & 0xff;
                byte[] oid = new byte[len + 2];
                System.arraycopy(sec1, i + 2, oid, 0, len + 2);
                return oid;
            }
        }
        throw new IllegalArgumentException(where + ": the EC PRIVATE KEY names no curve (write it with its parameters)");
    }

    /** {@code SEQUENCE { OID(algorithm), parameters }}: the OID given as its contents, the parameters encoded. */
    private static byte[] seq(byte[] oid, byte[] parameters) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x06);
        b.write(oid.length);
        b.writeBytes(oid);
        b.writeBytes(parameters);
        return tlv(0x30, b.toByteArray());
    }

    /** PKCS#8 {@code PrivateKeyInfo}: version 0, the algorithm, the key as an OCTET STRING. */
    private static byte[] wrap(byte[] algorithm, byte[] key) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x02, 0x01, 0x00});
        b.writeBytes(algorithm);
        b.writeBytes(tlv(0x04, key));
        return tlv(0x30, b.toByteArray());
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
        } else if (n < 0x10000) {
            b.write(0x82);
            b.write(n >> 8);
            b.write(n);
        } else {
            b.write(0x83);
            b.write(n >> 16);
            b.write(n >> 8);
            b.write(n);
        }
        b.writeBytes(value);
        return b.toByteArray();
    }

    private static boolean contains(byte[] der, byte[] oid) {
        outer:
        for (int i = 0; i + oid.length <= Math.min(der.length, 64); i++) {
            for (int j = 0; j < oid.length; j++) {
                if (der[i + j] != oid[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Reads a file as text for PEM. */
    public static String read(java.nio.file.Path p) {
        try {
            return java.nio.file.Files.readString(p, StandardCharsets.US_ASCII);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
