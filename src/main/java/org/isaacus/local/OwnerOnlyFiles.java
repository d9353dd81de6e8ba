package org.isaacus.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Secrets on disk (the master key, the issuer's signing key): the file and its directory are created readable by
 * the owner only from the first byte, not opened to the umask and narrowed afterwards.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    /** Writes a new secret file; fails if one is there (a secret is never overwritten by accident). */
    public static void create(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.exists(dir)) {
            Files.createDirectories(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        try (var out = Files.newByteChannel(
                file,
                java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            out.write(java.nio.ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
        } catch (FileAlreadyExistsException e) {
            throw new IOException("will not overwrite the secret " + file, e);
        }
    }
}
