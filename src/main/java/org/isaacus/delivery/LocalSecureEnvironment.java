package org.isaacus.delivery;

import static org.isaacus.db.Tables.SPE_ACCESS;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The local secure environment: a directory per permit under {@code <data-dir>/spe/} with the dataset files,
 * the data dictionary, the manifest and checksums, and an access list in PostgreSQL. The app is its only door.
 */
@Component
@ConditionalOnProperty(name = "isaacus.spe.local.enabled", matchIfMissing = true)
@org.springframework.context.annotation.Profile(org.isaacus.local.LocalProfileGuard.PROFILE)
class LocalSecureEnvironment implements SecureEnvironment {

    private final Path root;
    private final DSLContext db;
    private final Clock clock;

    LocalSecureEnvironment(@Value("${isaacus.data-dir:./data}") String dataDir, DSLContext db, Clock clock) {
        this.root = Path.of(dataDir).toAbsolutePath().normalize().resolve("spe");
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<WorkspaceFile> provision(UUID caseId, Path dataset) {
        Path workspace = workspace(caseId);
        try {
            if (Files.exists(workspace)) {
                return files(caseId); // delivered before: a repeated job
            }
            Path incoming = root.resolve(caseId + ".incoming");
            deleteTree(incoming);
            Files.createDirectories(incoming.resolve("data"));
            try (var files = Files.list(dataset)) {
                for (Path f : files.toList()) {
                    Files.copy(f, incoming.resolve("data").resolve(f.getFileName()));
                }
            }
            Files.createDirectories(incoming.resolve("outputs"));
            Files.move(incoming, workspace, StandardCopyOption.ATOMIC_MOVE);
            return files(caseId);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot provision the workspace of " + caseId, e);
        }
    }

    @Override
    @Transactional
    public void grant(UUID caseId, Collection<String> identities, LocalDate validUntil) {
        for (String identity : identities) {
            db.insertInto(SPE_ACCESS)
                    .set(SPE_ACCESS.CASE_ID, caseId)
                    .set(SPE_ACCESS.IDENTITY, identity)
                    .set(SPE_ACCESS.VALID_UNTIL, validUntil)
                    .onConflict(SPE_ACCESS.CASE_ID, SPE_ACCESS.IDENTITY)
                    .doUpdate()
                    .set(SPE_ACCESS.VALID_UNTIL, validUntil)
                    .setNull(SPE_ACCESS.REVOKED_AT)
                    .execute();
        }
        db.update(SPE_ACCESS)
                .set(SPE_ACCESS.REVOKED_AT, OffsetDateTime.now(clock))
                .where(SPE_ACCESS.CASE_ID.eq(caseId))
                .and(SPE_ACCESS.IDENTITY.notIn(identities))
                .and(SPE_ACCESS.REVOKED_AT.isNull())
                .execute();
    }

    @Override
    public boolean accessGranted(UUID caseId) {
        return db.fetchExists(SPE_ACCESS, SPE_ACCESS.CASE_ID.eq(caseId).and(SPE_ACCESS.REVOKED_AT.isNull()));
    }

    @Override
    @Transactional
    public void extend(UUID caseId, LocalDate validUntil) {
        db.update(SPE_ACCESS)
                .set(SPE_ACCESS.VALID_UNTIL, validUntil)
                .where(SPE_ACCESS.CASE_ID.eq(caseId).and(SPE_ACCESS.REVOKED_AT.isNull()))
                .execute();
    }

    @Override
    @Transactional
    public void revoke(UUID caseId) {
        db.update(SPE_ACCESS)
                .set(SPE_ACCESS.REVOKED_AT, OffsetDateTime.now(clock))
                .where(SPE_ACCESS.CASE_ID.eq(caseId).and(SPE_ACCESS.REVOKED_AT.isNull()))
                .execute();
    }

    @Override
    public boolean mayEnter(UUID caseId, Collection<String> identities, LocalDate today) {
        return Files.exists(workspace(caseId))
                && db.fetchExists(
                        SPE_ACCESS,
                        SPE_ACCESS
                                .CASE_ID
                                .eq(caseId)
                                .and(SPE_ACCESS.IDENTITY.in(identities))
                                .and(SPE_ACCESS.REVOKED_AT.isNull())
                                .and(SPE_ACCESS.VALID_UNTIL.ge(today)));
    }

    @Override
    public List<UUID> workspacesOf(Collection<String> identities, LocalDate today) {
        return db
                .select(SPE_ACCESS.CASE_ID)
                .from(SPE_ACCESS)
                .where(SPE_ACCESS
                        .IDENTITY
                        .in(identities)
                        .and(SPE_ACCESS.REVOKED_AT.isNull())
                        .and(SPE_ACCESS.VALID_UNTIL.ge(today)))
                .fetch(SPE_ACCESS.CASE_ID)
                .stream()
                .distinct()
                .filter(id -> Files.exists(workspace(id)))
                .toList();
    }

    @Override
    public List<WorkspaceFile> files(UUID caseId) {
        Path workspace = workspace(caseId);
        if (!Files.exists(workspace)) {
            return List.of();
        }
        try (var paths = Files.walk(workspace)) {
            List<WorkspaceFile> files = new ArrayList<>();
            for (Path p : paths.filter(Files::isRegularFile).sorted().toList()) {
                files.add(new WorkspaceFile(workspace.relativize(p).toString(), Files.size(p), sha256(p)));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<WorkspaceFile> delete(UUID caseId) {
        var files = files(caseId);
        deleteTree(workspace(caseId));
        deleteTree(root.resolve(caseId + ".incoming"));
        return files;
    }

    private Path workspace(UUID caseId) {
        return root.resolve(caseId.toString());
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
