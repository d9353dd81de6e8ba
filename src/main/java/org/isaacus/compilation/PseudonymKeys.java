package org.isaacus.compilation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-permit pseudonymisation keys, stored only encrypted (AES-256-GCM) under the authority's master key, with the
 * case id as authenticated data: a sealed key copied to another case's row does not open. The master key comes from
 * configuration in production ({@code isaacus.compilation.master-key}, base64) and is generated once under the data
 * directory locally (owner-only from the start).
 */
@Component
class PseudonymKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec master;

    PseudonymKeys(
            @Value("${isaacus.compilation.master-key:}") String configured,
            @Value("${isaacus.data-dir:./data}") String dataDir,
            org.springframework.core.env.Environment env) {
        if (configured.isBlank()
                && !env.acceptsProfiles(
                        org.springframework.core.env.Profiles.of(org.isaacus.local.LocalProfileGuard.PROFILE))) {
            throw new IllegalStateException(
                    "isaacus.compilation.master-key is not set (32 bytes, base64); a master key is"
                            + " generated under the data directory only in the local profile");
        }
        this.master = new SecretKeySpec(configured.isBlank() ? localKey(Path.of(dataDir)) : decode(configured), "AES");
    }

    /** Sealed keys of this format: a version byte, then IV and ciphertext bound to the case. */
    private static final byte BOUND = 2;
    /** Keys sealed before the case was bound in: IV (12) + key (32) + tag (16), no version byte. */
    private static final int UNBOUND_LENGTH = 60;

    /** A fresh 256-bit permit key for the case, returned sealed. */
    byte[] newEncryptedKey(java.util.UUID caseId) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return encrypt(key, caseId);
    }

    byte[] decrypt(byte[] sealed, java.util.UUID caseId) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            if (sealed.length == UNBOUND_LENGTH) {
                // sealed before this version: readable, but not bound to its case (new permits' keys are)
                cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, sealed, 0, 12));
                return cipher.doFinal(sealed, 12, sealed.length - 12);
            }
            if (sealed[0] != BOUND) {
                throw new IllegalStateException("a permit key in an unknown format");
            }
            cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, sealed, 1, 12));
            cipher.updateAAD(caseId.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return cipher.doFinal(sealed, 13, sealed.length - 13);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a permit key does not open for this case with this master key", e);
        }
    }

    /** Whether a sealed key predates the case binding. */
    static boolean unbound(byte[] sealed) {
        return sealed.length == UNBOUND_LENGTH;
    }

    /** A key sealed before the case binding, sealed again bound to its case (the key itself is unchanged). */
    byte[] reseal(byte[] unbound, java.util.UUID caseId) {
        if (!unbound(unbound)) {
            throw new IllegalArgumentException("the key is bound to its case already");
        }
        return encrypt(decrypt(unbound, caseId), caseId);
    }

    private byte[] encrypt(byte[] plain, java.util.UUID caseId) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, iv));
            cipher.updateAAD(caseId.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(1 + 12 + sealed.length)
                    .put(BOUND)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] decode(String base64) {
        byte[] key = Base64.getDecoder().decode(base64.strip());
        if (key.length != 32) {
            throw new IllegalStateException("isaacus.compilation.master-key must be 32 bytes in base64");
        }
        return key;
    }

    private static byte[] localKey(Path dataDir) {
        Path file = dataDir.toAbsolutePath().normalize().resolve("keys/compilation-master.key");
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file));
            }
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            org.isaacus.local.OwnerOnlyFiles.create(file, Base64.getEncoder().encodeToString(key));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the master key " + file, e);
        }
    }
}
