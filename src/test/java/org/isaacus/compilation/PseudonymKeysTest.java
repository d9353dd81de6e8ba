package org.isaacus.compilation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Permit keys are bound to their case, and the local master key is the owner's alone from its first byte. */
class PseudonymKeysTest {

    private static final org.springframework.mock.env.MockEnvironment LOCAL =
            new org.springframework.mock.env.MockEnvironment();

    static {
        LOCAL.setActiveProfiles("local");
    }

    @Test
    void withoutTheLocalProfileAMasterKeyMustBeConfigured(@TempDir Path data) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new PseudonymKeys("", data.toString(), new org.springframework.mock.env.MockEnvironment()))
                .hasMessageContaining("isaacus.compilation.master-key is not set");
        org.assertj.core.api.Assertions.assertThat(data.resolve("keys")).doesNotExist();
    }

    @Test
    void aSealedKeyOpensForItsCaseOnly(@TempDir Path data) {
        var keys = new PseudonymKeys("", data.toString(), LOCAL);
        UUID mine = UUID.randomUUID();
        byte[] sealed = keys.newEncryptedKey(mine);
        assertThat(keys.decrypt(sealed, mine)).hasSize(32);
        // the same sealed bytes copied to another case's row
        assertThatThrownBy(() -> keys.decrypt(sealed, UUID.randomUUID()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not open for this case");
        // and under another master key it opens for nobody
        var other =
                new PseudonymKeys(java.util.Base64.getEncoder().encodeToString(new byte[32]), data.toString(), LOCAL);
        assertThatThrownBy(() -> other.decrypt(sealed, mine)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLocalMasterKeyAndItsDirectoryAreTheOwnersOnly(@TempDir Path data) throws Exception {
        new PseudonymKeys("", data.toString(), LOCAL);
        Path file = data.resolve("keys/compilation-master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        // the same key on the next start
        byte[] sealed = new PseudonymKeys("", data.toString(), LOCAL).newEncryptedKey(new UUID(0, 1));
        assertThat(new PseudonymKeys("", data.toString(), LOCAL).decrypt(sealed, new UUID(0, 1)))
                .hasSize(32);
    }

    @Test
    void aKeySealedBeforeTheBindingIsResealedBoundWithTheSameKey(@TempDir Path data) throws Exception {
        var keys = new PseudonymKeys("", data.toString(), LOCAL);
        UUID caseId = new UUID(0, 7);
        // sealed the old way: IV and ciphertext under the master key, no case
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        byte[] iv = new byte[12];
        var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        var master = new javax.crypto.spec.SecretKeySpec(
                java.util.Base64.getDecoder()
                        .decode(Files.readString(data.resolve("keys/compilation-master.key"))
                                .strip()),
                "AES");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, master, new javax.crypto.spec.GCMParameterSpec(128, iv));
        byte[] old = java.nio.ByteBuffer.allocate(60)
                .put(iv)
                .put(cipher.doFinal(key))
                .array();
        assertThat(PseudonymKeys.unbound(old)).isTrue();
        assertThat(keys.decrypt(old, new UUID(0, 8)))
                .as("unbound: opens for any case")
                .isEqualTo(key);

        byte[] resealed = keys.reseal(old, caseId);
        assertThat(PseudonymKeys.unbound(resealed)).isFalse();
        assertThat(keys.decrypt(resealed, caseId)).isEqualTo(key);
        assertThatThrownBy(() -> keys.decrypt(resealed, new UUID(0, 8))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> keys.reseal(resealed, caseId)).isInstanceOf(IllegalArgumentException.class);
    }
}
