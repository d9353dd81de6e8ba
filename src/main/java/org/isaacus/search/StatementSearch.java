package org.isaacus.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch._types.query_dsl.TextQueryType;
import org.springframework.stereotype.Service;

/**
 * The lookup of earlier ethics statements: by words of the project or the statement (three languages), the
 * committee, the reference number and the date. Officers see all; a committee member only the statements of
 * their own committee.
 */
@Service
class StatementSearch {

    record Criteria(String text, String committee, String reference, String from, String to, int size) {}

    private final OpenSearchClient client;

    StatementSearch(OpenSearchClient client) {
        this.client = client;
    }

    /** Null when this person may not look statements up at all. */
    static Query visibleTo(CurrentUser user) {
        if (user.has(Role.PERMIT_OFFICER) || user.has(Role.MANAGER)) {
            return Query.of(q -> q.matchAll(m -> m));
        }
        if (!user.has(Role.ETHICS_COMMITTEE_MEMBER)) {
            return null;
        }
        List<FieldValue> committees = user.organisations().stream()
                .filter(g -> g.startsWith("ethics-committee:"))
                .map(g -> FieldValue.of(g.substring("ethics-committee:".length())))
                .toList();
        if (committees.isEmpty()) {
            return Query.of(q -> q.ids(i -> i.values(List.of("-"))));
        }
        return Query.of(q -> q.terms(t -> t.field("committee").terms(v -> v.value(committees))));
    }

    List<Map<String, Object>> search(Query visible, Criteria criteria) {
        List<Query> filters = new ArrayList<>();
        filters.add(visible);
        if (criteria.committee() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("committee").value(FieldValue.of(criteria.committee())))));
        }
        if (criteria.reference() != null) {
            filters.add(Query.of(q -> q.term(t -> t.field("reference").value(FieldValue.of(criteria.reference())))));
        }
        if (criteria.from() != null || criteria.to() != null) {
            filters.add(Query.of(q -> q.range(r -> {
                r.field("statementDate");
                if (criteria.from() != null) {
                    r.gte(JsonData.of(criteria.from()));
                }
                if (criteria.to() != null) {
                    r.lte(JsonData.of(criteria.to()));
                }
                return r;
            })));
        }
        try {
            @SuppressWarnings("rawtypes")
            var response = client.search(
                    s -> s.index(SearchIndex.STATEMENTS)
                            .size(criteria.size())
                            .query(q -> q.bool(b -> {
                                b.filter(filters);
                                if (criteria.text() != null && !criteria.text().isBlank()) {
                                    b.must(m -> m.multiMatch(mm -> mm.query(criteria.text())
                                            .type(TextQueryType.MostFields)
                                            .fields(List.of(
                                                    "project^3",
                                                    "project.p6^2",
                                                    "project.sv",
                                                    "project.en",
                                                    "text^2",
                                                    "text.p6",
                                                    "text.sv",
                                                    "text.en",
                                                    "reference.words",
                                                    "committeeName",
                                                    "applicant"))));
                                }
                                return b;
                            }))
                            .sort(so -> so.field(f -> f.field("statementDate").order(SortOrder.Desc)))
                            .sort(so -> so.field(f -> f.field("id").order(SortOrder.Asc))),
                    Map.class);
            List<Map<String, Object>> hits = new ArrayList<>();
            for (var hit : response.hits().hits()) {
                @SuppressWarnings("unchecked")
                Map<String, Object> source = hit.source();
                hits.add(source);
            }
            return hits;
        } catch (IOException | RuntimeException e) {
            throw new CaseSearch.SearchUnavailable(e);
        }
    }
}
