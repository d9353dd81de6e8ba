package org.isaacus.search;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.SearchRequest;
import org.springframework.stereotype.Service;

/**
 * Officer search over cases: words in three languages (inflected Finnish forms match through a prefix subfield),
 * facets, sort and keyset paging. Object-level authorization is part of every query: an applicant finds only their
 * own cases, a register holder only cases it was consulted on, a committee only cases asked of it.
 */
@Service
class CaseSearch {

    static final Set<String> DECIDED = Set.of(
            "granted",
            "granted-with-conditions",
            "refused",
            "withdrawn",
            "lapsed",
            "data-in-preparation",
            "data-available",
            "under-appeal",
            "suspended",
            "expired",
            "revoked",
            "closed");
    static final List<String> FACETS = List.of("status", "type", "datasets", "holders", "committee", "overdue");
    static final Map<String, String> SORTS =
            Map.of("submitted", "submittedAt", "deadline", "decisionDueAt", "title", "title.sort");
    private static final List<String> TEXT_FIELDS = List.of(
            "title^3",
            "title.p6^2",
            "title.sv",
            "title.en",
            "summary^2",
            "summary.p6",
            "summary.sv",
            "summary.en",
            "team");

    record Criteria(String text, Map<String, String> filters, String sort, String after, int size) {}

    record Result(long total, List<Map<String, Object>> hits, Map<String, Map<String, Long>> facets, String next) {}

    static final class SearchUnavailable extends RuntimeException {
        SearchUnavailable(Throwable cause) {
            super(cause);
        }
    }

    private static final java.util.concurrent.ExecutorService FACET_THREADS =
            java.util.concurrent.Executors.newFixedThreadPool(
                    4, Thread.ofPlatform().daemon().name("facets-", 0).factory());

    private final OpenSearchClient client;

    CaseSearch(OpenSearchClient client) {
        this.client = client;
    }

    Result search(CurrentUser user, Criteria criteria) {
        List<Query> filters = new ArrayList<>();
        filters.add(visibleTo(user));
        criteria.filters()
                .forEach((field, value) -> filters.add(Query.of(q -> q.term(t -> t.field(field)
                        .value(
                                field.equals("overdue")
                                        ? FieldValue.of(Boolean.parseBoolean(value))
                                        : FieldValue.of(value))))));
        String sortField = SORTS.get(criteria.sort());
        SortOrder order = criteria.sort().equals("submitted") ? SortOrder.Desc : SortOrder.Asc;
        Query query = Query.of(q -> q.bool(b -> {
            b.filter(filters);
            if (criteria.text() != null && !criteria.text().isBlank()) {
                b.must(m -> m.multiMatch(mm -> mm.query(criteria.text())
                        .fields(TEXT_FIELDS)
                        .type(org.opensearch.client.opensearch._types.query_dsl.TextQueryType.MostFields)));
            }
            return b;
        }));
        var request = SearchRequest.of(s -> {
            s.index(SearchIndex.CASES)
                    .size(criteria.size())
                    .trackTotalHits(t -> t.enabled(true))
                    .query(query)
                    .sort(so -> so.field(f -> f.field(sortField).order(order).missing(FieldValue.of("_last"))))
                    .sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc)));
            if (criteria.after() != null) {
                s.searchAfter(decode(criteria.after()));
            }
            return s;
        });
        // the facet counts apart, in parallel: a request without hits may be answered from the shard request
        // cache until the index next changes (the same view asked again, page after page)
        var facetRequest = SearchRequest.of(s -> {
            s.index(SearchIndex.CASES).size(0).requestCache(true).query(query);
            for (String facet : FACETS) {
                s.aggregations(facet, a -> a.terms(t -> t.field(facet).size(50)));
            }
            return s;
        });
        var facetResponse = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return client.search(facetRequest, Map.class);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                },
                FACET_THREADS);
        try {
            @SuppressWarnings("rawtypes")
            var response = client.search(request, Map.class);
            List<Map<String, Object>> hits = new ArrayList<>();
            String next = null;
            for (var hit : response.hits().hits()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> source = hit.source();
                Map<String, Object> view = new LinkedHashMap<>();
                for (String key : List.of(
                        "id",
                        "title",
                        "status",
                        "type",
                        "purpose",
                        "datasets",
                        "submittedAt",
                        "decisionDueAt",
                        "overdue")) {
                    view.put(key, source.get(key));
                }
                hits.add(view);
                next = encode(hit.sort().stream().map(CaseSearch::sortValue).toList());
            }
            Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
            for (String facet : FACETS) {
                Map<String, Long> buckets = new LinkedHashMap<>();
                var aggregate = facetResponse.join().aggregations().get(facet);
                if (aggregate.isSterms()) {
                    aggregate.sterms().buckets().array().forEach(b -> buckets.put(b.key(), b.docCount()));
                } else if (aggregate.isLterms()) {
                    aggregate
                            .lterms()
                            .buckets()
                            .array()
                            .forEach(b -> buckets.put(
                                    b.keyAsString() != null ? b.keyAsString() : String.valueOf(b.key()), b.docCount()));
                }
                facets.put(facet, buckets);
            }
            long total = response.hits().total() == null
                    ? hits.size()
                    : response.hits().total().value();
            return new Result(total, hits, facets, hits.size() < criteria.size() ? null : next);
        } catch (IOException | RuntimeException e) {
            facetResponse.cancel(true);
            throw new SearchUnavailable(e);
        }
    }

    /** What this person may find: everything for the authority's staff, else only their own part. */
    static Query visibleTo(CurrentUser user) {
        if (user.has(Role.PERMIT_OFFICER) || user.has(Role.MANAGER) || user.has(Role.ADMIN)) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        List<Query> own = new ArrayList<>();
        if (user.has(Role.APPLICANT)) {
            own.add(Query.of(q -> q.term(t -> t.field("applicant").value(FieldValue.of(user.subject())))));
        }
        for (String group : user.organisations()) {
            if (user.has(Role.REGISTER_HOLDER) && group.startsWith("register-holder:")) {
                String holder = group.substring("register-holder:".length());
                own.add(Query.of(q -> q.term(t -> t.field("holders").value(FieldValue.of(holder)))));
            }
            if (user.has(Role.ETHICS_COMMITTEE_MEMBER) && group.startsWith("ethics-committee:")) {
                String committee = group.substring("ethics-committee:".length());
                own.add(Query.of(q -> q.term(t -> t.field("committee").value(FieldValue.of(committee)))));
            }
        }
        if (own.isEmpty()) {
            // nothing to find: a query that matches no case
            return Query.of(q -> q.ids(i -> i.values(List.of("-"))));
        }
        return Query.of(q -> q.bool(b -> b.should(own).minimumShouldMatch("1")));
    }

    private static String sortValue(Object value) {
        if (value instanceof FieldValue field) {
            return field._toJsonString();
        }
        return String.valueOf(value);
    }

    private static String encode(List<String> values) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("\u001f", values).getBytes(StandardCharsets.UTF_8));
    }

    static List<FieldValue> decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<FieldValue> values = new ArrayList<>();
            for (String part : text.split("\u001f", -1)) {
                values.add(FieldValue.of(part));
            }
            if (values.size() != 2) {
                throw new IllegalArgumentException("cursor");
            }
            return values;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("after: not a cursor this search gave out");
        }
    }
}
