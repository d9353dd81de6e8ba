package org.isaacus.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Anchors as lines appended to a file outside the database ({@code isaacus.audit.anchor-file}), each forced to
 * disk before it counts: {@code <instant> <row id> <hash>}.
 */
@Component
class FileAuditAnchors implements AuditAnchors {

    private final Path file;

    FileAuditAnchors(@Value("${isaacus.audit.anchor-file:${isaacus.data-dir:./data}/audit/anchors.log}") String file) {
        this.file = Path.of(file).toAbsolutePath().normalize();
    }

    @Override
    public synchronized void append(Anchor anchor) {
        try {
            Files.createDirectories(file.getParent());
            try (var out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                out.write(ByteBuffer.wrap((anchor.at() + " " + anchor.id() + " " + anchor.hash() + "\n")
                        .getBytes(StandardCharsets.US_ASCII)));
                out.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the audit anchor to " + file, e);
        }
    }

    @Override
    public synchronized List<Anchor> all() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Anchor> anchors = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 3) { // a line cut short by a crash is no anchor
                    anchors.add(new Anchor(Instant.parse(parts[0]), Long.parseLong(parts[1]), parts[2]));
                }
            }
            return anchors;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchors in " + file, e);
        }
    }
}
