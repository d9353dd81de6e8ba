package org.isaacus.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch.core.BulkRequest;

/**
 * An index behind an alias ({@code cases}, {@code tasks}, {@code statements}, {@code permits}, {@code elements}):
 * the mapping in {@code search/<alias>-index.json}, its {@code _meta.version} raised when the mapping changes. A
 * rebuild writes a new physical index from PostgreSQL and moves the alias to it in one step, so searches never see
 * a half-built index (the integration-test distribution has no {@code _reindex}, and none is needed); an index
 * whose mapping version is older than the file's is rebuilt that way.
 */
class SearchIndex {

    static final String CASES = "cases";
    static final String STATEMENTS = "statements";

    private final OpenSearchClient client;
    private final String alias;
    private volatile String index;
    private volatile boolean ready;
    private volatile boolean outdated;

    SearchIndex(OpenSearchClient client, String alias) {
        this.client = client;
        this.alias = alias;
        this.index = alias + "-v1";
    }

    String alias() {
        return alias;
    }

    /** Creates the index and its alias if they are missing, or finds the index the alias points at. */
    void ensure() throws IOException {
        if (ready) {
            return;
        }
        if (client.indices().existsAlias(a -> a.name(alias)).value()) {
            index = client.indices()
                    .getAlias(a -> a.name(alias))
                    .result()
                    .keySet()
                    .iterator()
                    .next();
            var meta = client.indices()
                    .getMapping(m -> m.index(index))
                    .result()
                    .get(index)
                    .mappings()
                    .meta();
            var version = meta == null ? null : meta.get("version");
            outdated = version == null || version.to(Integer.class) < mappingVersion();
        } else {
            create(index);
            client.indices()
                    .updateAliases(
                            u -> u.actions(a -> a.add(add -> add.index(index).alias(alias))));
        }
        ready = true;
    }

    void forget() {
        ready = false;
    }

    /** The index was made from an older mapping and must be rebuilt. */
    boolean outdated() {
        return outdated;
    }

    void delete(java.util.Collection<String> ids) throws IOException {
        if (ids.isEmpty()) {
            return;
        }
        var bulk = new BulkRequest.Builder().index(alias);
        for (String id : ids) {
            bulk.operations(op -> op.delete(d -> d.index(alias).id(id)));
        }
        client.bulk(bulk.build()); // a document that is not there is no error worth stopping for
    }

    /** Written through the alias: after a rebuild on another node it names the new index. */
    void upsert(List<Map<String, Object>> documents) throws IOException {
        write(alias, documents, documents.size() <= 100);
    }

    long count() throws IOException {
        client.indices().refresh(r -> r.index(alias));
        return client.count(c -> c.index(alias)).count();
    }

    /**
     * Writes every document the source hands over into a new index, then moves the alias and drops the old one.
     * While it fills, the new index neither refreshes nor syncs its translog per batch, and reading the next batch
     * from PostgreSQL overlaps writing the last one; when full it is merged into one segment (aggregations over
     * every document are faster then).
     */
    synchronized String rebuild(Consumer<Consumer<List<Map<String, Object>>>> source) throws IOException {
        forget();
        ensure(); // the index the alias names now
        String old = index;
        String fresh = alias + "-" + System.currentTimeMillis();
        create(fresh);
        // what is lost in a crash while filling is written again from PostgreSQL: no refresh, no fsync per batch
        settings(fresh, "{\"index\":{\"refresh_interval\":\"-1\",\"translog.durability\":\"async\"}}");
        var writer = java.util.concurrent.Executors.newSingleThreadExecutor();
        java.util.concurrent.Future<?>[] previous = {java.util.concurrent.CompletableFuture.completedFuture(null)};
        try {
            source.accept(batch -> {
                await(previous[0]);
                previous[0] = writer.submit(() -> {
                    write(fresh, batch, false); // it does not refresh while it fills: nothing to wait for
                    return null;
                });
            });
            await(previous[0]);
        } catch (UncheckedIOException e) {
            client.indices().delete(d -> d.index(fresh));
            throw e.getCause();
        } finally {
            writer.shutdownNow();
        }
        settings(fresh, "{\"index\":{\"refresh_interval\":\"1s\",\"translog.durability\":\"request\"}}");
        merge(fresh);
        client.indices().refresh(r -> r.index(fresh));
        client.indices()
                .updateAliases(u -> u.actions(a -> a.add(add -> add.index(fresh).alias(alias)))
                        .actions(a -> a.remove(r -> r.index(old).alias(alias))));
        index = fresh;
        outdated = false;
        if (!old.equals(fresh)) {
            client.indices().delete(d -> d.index(old));
        }
        return fresh;
    }

    /** Merged as a task (a million documents take longer than a request may), waited for by polling the task. */
    private void merge(String name) throws IOException {
        String task = OpenSearchJson.call(
                        client, "POST", "/" + name + "/_forcemerge?max_num_segments=1&wait_for_completion=false", null)
                .path("task")
                .asText();
        while (!OpenSearchJson.call(client, "GET", "/_tasks/" + task, null)
                .path("completed")
                .asBoolean()) {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while merging " + name, e);
            }
        }
    }

    private static void await(java.util.concurrent.Future<?> write) {
        try {
            write.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io
                    ? new UncheckedIOException(io)
                    : new UncheckedIOException(new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted", e));
        }
    }

    private void settings(String name, String json) throws IOException {
        OpenSearchJson.call(client, "PUT", "/" + name + "/_settings", json);
    }

    private void create(String name) throws IOException {
        if (client.indices().exists(e -> e.index(name)).value()) {
            return;
        }
        try {
            OpenSearchJson.call(client, "PUT", "/" + name, mapping());
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("already_exists")) { // made meanwhile by another node
                throw e;
            }
        }
    }

    /** With {@code waitForRefresh}, a few changed documents are searchable when the call returns. */
    private void write(String target, List<Map<String, Object>> documents, boolean waitForRefresh) throws IOException {
        if (documents.isEmpty()) {
            return;
        }
        var bulk = new BulkRequest.Builder().index(target);
        if (waitForRefresh) {
            bulk.refresh(org.opensearch.client.opensearch._types.Refresh.WaitFor);
        }
        for (Map<String, Object> document : documents) {
            bulk.operations(op -> op.index(
                    i -> i.index(target).id((String) document.get("id")).document(document)));
        }
        var response = client.bulk(bulk.build());
        if (response.errors()) {
            var first = response.items().stream()
                    .filter(i -> i.error() != null)
                    .findFirst()
                    .map(i -> i.error().reason())
                    .orElse("");
            throw new IOException("indexing into " + target + " failed: " + first);
        }
    }

    private int mappingVersion() {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(mapping())
                    .path("mappings")
                    .path("_meta")
                    .path("version")
                    .asInt(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String mapping() {
        try (InputStream in = SearchIndex.class.getResourceAsStream("/search/" + alias + "-index.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
