package org.isaacus.compilation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per-permit pseudonymisation keys, stored only encrypted (AES-256-GCM) under the authority's master key. The
 * master key comes from configuration in production ({@code isaacus.compilation.master-key}, base64) and is
 * generated once under the data directory locally.
 */
@Component
class PseudonymKeys {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec master;

    PseudonymKeys(
            @Value("${isaacus.compilation.master-key:}") String configured,
            @Value("${isaacus.data-dir:./data}") String dataDir) {
        this.master = new SecretKeySpec(configured.isBlank() ? localKey(Path.of(dataDir)) : decode(configured), "AES");
    }

    /** A fresh 256-bit permit key, returned encrypted. */
    byte[] newEncryptedKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return encrypt(key);
    }

    byte[] decrypt(byte[] sealed) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, master, new GCMParameterSpec(128, sealed, 0, 12));
            return cipher.doFinal(sealed, 12, sealed.length - 12);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("a permit key does not open with this master key", e);
        }
    }

    private byte[] encrypt(byte[] plain) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, master, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(12 + sealed.length).put(iv).put(sealed).array();
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
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the master key " + file, e);
        }
    }
}
