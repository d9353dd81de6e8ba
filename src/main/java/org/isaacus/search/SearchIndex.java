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
import org.opensearch.client.opensearch.generic.Requests;

/**
 * An index behind an alias ({@code cases}, {@code statements}): the mapping in {@code search/<alias>-index.json}.
 * A rebuild writes a new physical index from PostgreSQL and moves the alias to it in one step, so searches never
 * see a half-built index (the integration-test distribution has no {@code _reindex}, and none is needed).
 */
class SearchIndex {

    static final String CASES = "cases";
    static final String STATEMENTS = "statements";

    private final OpenSearchClient client;
    private final String alias;
    private volatile String index;
    private volatile boolean ready;

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

    void upsert(List<Map<String, Object>> documents) throws IOException {
        write(index, documents);
    }

    long count() throws IOException {
        client.indices().refresh(r -> r.index(alias));
        return client.count(c -> c.index(alias)).count();
    }

    /** Writes every document the source hands over into a new index, then moves the alias and drops the old one. */
    synchronized String rebuild(Consumer<Consumer<List<Map<String, Object>>>> source) throws IOException {
        ensure();
        String old = index;
        String fresh = alias + "-" + System.currentTimeMillis();
        create(fresh);
        IOException[] failure = {null};
        source.accept(batch -> {
            try {
                if (failure[0] == null) {
                    write(fresh, batch);
                }
            } catch (IOException e) {
                failure[0] = e;
            }
        });
        if (failure[0] != null) {
            client.indices().delete(d -> d.index(fresh));
            throw failure[0];
        }
        client.indices().refresh(r -> r.index(fresh));
        client.indices()
                .updateAliases(u -> u.actions(a -> a.add(add -> add.index(fresh).alias(alias)))
                        .actions(a -> a.remove(r -> r.index(old).alias(alias))));
        index = fresh;
        client.indices().delete(d -> d.index(old));
        return fresh;
    }

    private void create(String name) throws IOException {
        if (client.indices().exists(e -> e.index(name)).value()) {
            return;
        }
        try (var response = client.generic()
                .execute(Requests.builder()
                        .method("PUT")
                        .endpoint("/" + name)
                        .json(mapping())
                        .build())) {
            String body = response.getBody().map(b -> b.bodyAsString()).orElse("");
            if (response.getStatus() >= 300 && !body.contains("already_exists")) {
                throw new IOException("could not create " + name + ": " + body);
            }
        }
    }

    private void write(String target, List<Map<String, Object>> documents) throws IOException {
        if (documents.isEmpty()) {
            return;
        }
        var bulk = new BulkRequest.Builder().index(target);
        if (documents.size() <= 100) {
            // a few changed cases: searchable when the round ends, not a refresh interval later
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

    private String mapping() {
        try (InputStream in = SearchIndex.class.getResourceAsStream("/search/" + alias + "-index.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
