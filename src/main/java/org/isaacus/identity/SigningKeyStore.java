package org.isaacus.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Keeps the embedded issuer's signing key under the data directory so tokens survive a restart. */
@Component
class SigningKeyStore {

    private final Path file;

    SigningKeyStore(@Value("${isaacus.data-dir:./data}") String dataDir) {
        this.file = Path.of(dataDir).toAbsolutePath().normalize().resolve("identity/signing-key.jwk.json");
    }

    RSAKey loadOrCreate() {
        try {
            if (Files.exists(file)) {
                return RSAKey.parse(Files.readString(file));
            }
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
            org.isaacus.local.OwnerOnlyFiles.create(file, key.toJSONString());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the signing key " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("signing key " + file + " is unusable", e);
        }
    }
}
