package org.isaacus.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.isaacus.local.OwnerOnlyFiles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The audit chain's HMAC key, never in the database: whoever can write the audit table cannot forge a link
 * without it. Read from {@code isaacus.audit.key-file}; locally the file is generated, owner-only, on first use.
 */
@Component
class AuditKey {

    private final SecretKeySpec key;

    AuditKey(
            @Value("${isaacus.audit.key-file:${isaacus.data-dir:./data}/secrets/audit-chain.key}") String file,
            org.springframework.core.env.Environment env) {
        Path path = Path.of(file).toAbsolutePath().normalize();
        try {
            if (!Files.exists(path)
                    && !env.acceptsProfiles(
                            org.springframework.core.env.Profiles.of(org.isaacus.local.LocalProfileGuard.PROFILE))) {
                throw new IllegalStateException("the audit chain key file " + path + " does not exist (isaacus.audit"
                        + ".key-file); a key is generated only in the local profile");
            }
            if (!Files.exists(path)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                OwnerOnlyFiles.create(path, HexFormat.of().formatHex(fresh));
            }
            byte[] bytes = HexFormat.of().parseHex(Files.readString(path).strip());
            if (bytes.length < 32) {
                throw new IllegalStateException("the audit chain key in " + path + " is shorter than 256 bits");
            }
            this.key = new SecretKeySpec(bytes, "HmacSHA256");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit chain key " + path, e);
        }
    }

    String mac(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
