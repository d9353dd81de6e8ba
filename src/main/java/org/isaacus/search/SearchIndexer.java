package org.isaacus.search;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.isaacus.search.SearchDocuments.Kind;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the indexes equal to PostgreSQL. Cases, tasks, ethics statements and public permits: every change leaves
 * a row in {@code search_change} in its own transaction (triggers, V13); each round drains those rows into
 * OpenSearch and deletes them in one transaction, so a round that OpenSearch refuses leaves them for the next one.
 * The engine's element history is append-only: a round reads the rows after its mark (re-reading the last seconds'
 * rows, whose transactions may have committed late). Every {@code reconcile-interval} each index's count is
 * compared with PostgreSQL's and a kind that disagrees (an index lost or restored from an old snapshot) gets a
 * full pass; an index made from an older mapping is rebuilt.
 */
@Component
class SearchIndexer {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    /** One node drains at a time (rounds on several nodes would race on the same documents). */
    private static final long DRAIN_LOCK = 0x5EA2C4L;

    private static final Duration OVERLAP = Duration.ofSeconds(10);

    private final DSLContext db;
    private final SearchDocuments documents;
    private final Map<Kind, SearchIndex> indexes = new EnumMap<>(Kind.class);
    private final Duration reconcileInterval;
    private final ArrayDeque<long[]> elementMarks = new ArrayDeque<>(); // {nanoTime, seq}
    private long elementMark = -1;
    private long savedElementMark = -1;
    private long reconciledAt = Long.MIN_VALUE;
    private volatile boolean reachable = true;
    private volatile String lastProblem = "";

    SearchIndexer(
            DSLContext db,
            SearchDocuments documents,
            org.opensearch.client.opensearch.OpenSearchClient client,
            @Value("${isaacus.search.reconcile-interval:PT30S}") Duration reconcileInterval) {
        this.db = db;
        this.documents = documents;
        this.reconcileInterval = reconcileInterval;
        for (Kind kind : Kind.values()) {
            indexes.put(kind, new SearchIndex(client, kind.alias));
        }
    }

    /** A submission is searchable at once: its round starts when the submission commits (through the outbox). */
    @org.springframework.modulith.events.ApplicationModuleListener
    void on(org.isaacus.intake.ApplicationSubmitted submitted) {
        indexChanges();
    }

    @Scheduled(initialDelay = 1000, fixedDelayString = "${isaacus.search.index-interval:PT1S}")
    synchronized void indexChanges() {
        try {
            for (var entry : indexes.entrySet()) {
                entry.getValue().ensure();
                if (entry.getValue().outdated()) {
                    log.info("The {} index has an older mapping; rebuilding it", entry.getKey().alias);
                    rebuild(entry.getKey());
                }
            }
            int drained;
            do {
                drained = drain();
            } while (drained == SearchDocuments.BATCH);
            indexElements();
            if (System.nanoTime() - reconciledAt > reconcileInterval.toNanos() || reconciledAt == Long.MIN_VALUE) {
                deadlinesPassed(); // the overdue facet may lag by this interval
                drain();
                reconcile();
                reconciledAt = System.nanoTime();
            }
            if (!reachable) {
                log.info("Search is back; the indexes caught up");
            }
            reachable = true;
        } catch (IOException | RuntimeException e) {
            String problem = String.valueOf(e.getMessage());
            if (reachable || !problem.equals(lastProblem)) {
                log.warn("Search is not reachable or refused the index, indexing waits: {}", problem, e);
            }
            lastProblem = problem;
            reachable = false;
            indexes.values().forEach(SearchIndex::forget);
        }
    }

    /** One batch of the outbox into the indexes; returns how many change rows it took. */
    private int drain() {
        return db.transactionResult(tx -> {
            var dsl = tx.dsl();
            if (!dsl.fetchOne("SELECT pg_try_advisory_xact_lock(?)", DRAIN_LOCK).get(0, Boolean.class)) {
                return 0;
            }
            var rows = dsl.fetch("SELECT seq, kind, id FROM search_change ORDER BY seq LIMIT " + SearchDocuments.BATCH);
            if (rows.isEmpty()) {
                return 0;
            }
            Map<Kind, Set<String>> keys = new EnumMap<>(Kind.class);
            List<Long> seqs = new ArrayList<>();
            for (var r : rows) {
                seqs.add(r.get(0, Long.class));
                keys.computeIfAbsent(Kind.named(r.get(1, String.class)), k -> new LinkedHashSet<>())
                        .add(r.get(2, String.class));
            }
            for (var entry : keys.entrySet()) {
                var found = documents.byKeys(entry.getKey(), List.copyOf(entry.getValue()));
                SearchIndex index = indexes.get(entry.getKey());
                index.upsert(found);
                Set<String> gone = new HashSet<>(entry.getValue());
                found.forEach(d -> gone.remove((String) d.get("id")));
                index.delete(gone);
            }
            dsl.execute("DELETE FROM search_change WHERE seq = ANY(?)", (Object) seqs.toArray(Long[]::new));
            return rows.size();
        });
    }

    /** The element instances the engine's history touched since the mark of {@link #OVERLAP} ago. */
    private void indexElements() throws IOException {
        long last = documents.lastHistorySeq();
        long now = System.nanoTime();
        if (elementMark < 0) {
            elementMark = mark("elements", 0);
        }
        while (!elementMarks.isEmpty() && now - elementMarks.peekFirst()[0] > OVERLAP.toNanos()) {
            elementMarks.pollFirst();
        }
        long from = elementMarks.isEmpty()
                ? elementMark
                : Math.min(elementMark, elementMarks.peekFirst()[1]);
        if (last > from) {
            var keys = documents.elementsTouched(from, last);
            for (int i = 0; i < keys.size(); i += SearchDocuments.BATCH) {
                var batch = keys.subList(i, Math.min(keys.size(), i + SearchDocuments.BATCH));
                indexes.get(Kind.ELEMENT).upsert(documents.byKeys(Kind.ELEMENT, batch));
            }
        }
        elementMarks.addLast(new long[] {now, elementMark});
        elementMark = last;
        // after a restart, start where the overlap window starts
        long restartFrom = elementMarks.peekFirst()[1];
        if (restartFrom != savedElementMark) {
            saveMark("elements", restartFrom);
            savedElementMark = restartFrom;
        }
    }

    /** Cases whose legal deadline passed since the last round turn overdue: they go through the outbox. */
    private void deadlinesPassed() {
        db.transaction(tx -> {
            tx.dsl()
                    .execute("INSERT INTO search_change (kind, id) SELECT 'case', case_id::text FROM legal_clock"
                            + " WHERE due_at <= now() AND due_at > coalesce((SELECT to_timestamp(position / 1e6)"
                            + " FROM search_mark WHERE name = 'deadlines'), now() - interval '1 day')");
            tx.dsl()
                    .execute("INSERT INTO search_mark VALUES ('deadlines', (extract(epoch FROM now()) * 1e6)::bigint)"
                            + " ON CONFLICT (name) DO UPDATE SET position = excluded.position");
        });
    }

    private long mark(String name, long otherwise) {
        var row = db.fetchOne("SELECT position FROM search_mark WHERE name = ?", name);
        return row == null ? otherwise : row.get(0, Long.class);
    }

    private void saveMark(String name, long position) {
        db.execute(
                "INSERT INTO search_mark VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
                name,
                position);
    }

    /**
     * Every index made from an older mapping is rebuilt (the alias is looked up again: another node may have moved
     * it), and every kind whose index count differs from PostgreSQL's gets a full pass.
     */
    private void reconcile() throws IOException {
        for (var entry : indexes.entrySet()) {
            Kind kind = entry.getKey();
            entry.getValue().forget();
            entry.getValue().ensure();
            if (entry.getValue().outdated()) {
                log.info("The {} index has an older mapping; rebuilding it", kind.alias);
                rebuild(kind);
                continue;
            }
            long expected = documents.expected(kind);
            long indexed = entry.getValue().count();
            if (indexed != expected) {
                log.info("The {} index holds {} documents, PostgreSQL {}: a full pass", kind.alias, indexed, expected);
                SearchIndex index = entry.getValue();
                all(kind, batch -> {
                    try {
                        index.upsert(batch);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** Every index written anew from PostgreSQL, each alias moved when its new index is complete. */
    synchronized Map<String, String> rebuild() throws IOException {
        Map<String, String> built = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            built.put(kind.alias, rebuild(kind));
        }
        return built;
    }

    synchronized String rebuild(Kind kind) throws IOException {
        return indexes.get(kind).rebuild(sink -> all(kind, sink));
    }

    private void all(Kind kind, java.util.function.Consumer<List<Map<String, Object>>> sink) {
        String after = kind.first();
        while (true) {
            var batch = documents.after(kind, after);
            sink.accept(batch);
            if (batch.size() < SearchDocuments.BATCH) {
                return;
            }
            after = (String) batch.getLast().get("id");
        }
    }
}
