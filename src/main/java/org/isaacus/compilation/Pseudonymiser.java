package org.isaacus.compilation;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a person identifier with the permit's pseudonym: the first 128 bits of HMAC-SHA-256 under the
 * permit key, in hex. The same person gets the same pseudonym in every register of one permit and an unrelated
 * one in any other permit. Not thread-safe (one per compilation).
 */
final class Pseudonymiser {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    static final int LENGTH = 32;

    private final Mac mac;
    private final byte[] digest = new byte[32];

    Pseudonymiser(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the pseudonym of {@code id[0, length)} into {@code out[0, 32)}; returns the person key (64 bits). */
    long pseudonymise(byte[] id, int length, byte[] out) {
        mac.update(id, 0, length);
        try {
            mac.doFinal(digest, 0);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        long key = 0;
        for (int i = 0; i < 16; i++) {
            int b = digest[i] & 0xff;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xf];
            if (i < 8) {
                key = (key << 8) | b;
            }
        }
        return key;
    }

    String pseudonym(String id) {
        byte[] out = new byte[LENGTH];
        byte[] bytes = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        pseudonymise(bytes, bytes.length, out);
        return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
