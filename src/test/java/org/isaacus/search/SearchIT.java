package org.isaacus.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.isaacus.identity.Role;
import org.isaacus.support.Api;
import org.isaacus.support.Cases;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Officer search on the app's own OpenSearch: Finnish inflections, facets, paging and who finds what. */
class SearchIT extends IntegrationTest {

    @Autowired
    JWKSource<SecurityContext> keys;

    @Autowired
    org.isaacus.local.LocalOpenSearch openSearch;

    @Autowired
    org.opensearch.client.opensearch.OpenSearchClient client;

    @Autowired
    org.jooq.DSLContext db;

    Api api;
    Cases cases;
    String aino;
    String bruno;
    String olli;
    String helmi;

    @BeforeEach
    void setUp() {
        api = new Api(baseUrl());
        var tokens = new Tokens(keys);
        aino = tokens.of("aino", Role.APPLICANT);
        bruno = tokens.of("bruno", Role.APPLICANT);
        olli = tokens.of("olli", Role.PERMIT_OFFICER);
        helmi = tokens.member("helmi", "register-holder:thl", Role.REGISTER_HOLDER);
        cases = new Cases(api, aino);
    }

    private JsonNode search(String token, String query) {
        var response = api.get(token, "/api/search/cases" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonNode result) {
        return result.path("hits").findValuesAsText("id");
    }

    @Test
    void aSubmittedCaseIsFoundByInflectedFinnishWordsAndOnlyByThoseWhoMaySeeIt() {
        String marker = "Merkki" + UUID.randomUUID().toString().substring(0, 8);
        String id = cases.readyDraft(
                aino,
                Map.of(
                        "title",
                        "Tutkimuksen aineisto " + marker,
                        "description",
                        "Eettisen toimikunnan lausunnon perusteella rajattu aineisto."));
        assertThat(api.post(aino, "/api/applications/" + id + "/submit", null).status())
                .isEqualTo(200);

        // the officer finds it by the base forms of the words the applicant wrote inflected
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() ->
                        assertThat(ids(search(olli, "?q=tutkimus+" + marker))).contains(id));
        assertThat(ids(search(olli, "?q=lausunto"))).contains(id);
        assertThat(ids(search(olli, "?q=" + marker.toLowerCase()))).containsExactly(id);

        // facets count what matched, and a filter narrows the hits
        var result = search(olli, "?q=" + marker);
        assertThat(result.path("total").asLong()).isEqualTo(1);
        assertThat(result.path("facets").path("type").path("data-permit").asLong())
                .isEqualTo(1);
        assertThat(result.path("facets").path("datasets").path("care-register").asLong())
                .isEqualTo(1);
        assertThat(ids(search(olli, "?q=" + marker + "&type=data-request"))).isEmpty();

        // object-level authorization: the applicant finds it, another applicant and an unconsulted holder do not
        assertThat(ids(search(aino, "?q=" + marker))).containsExactly(id);
        assertThat(ids(search(bruno, "?q=" + marker))).isEmpty();
        assertThat(ids(search(helmi, "?q=" + marker))).isEmpty();
    }

    @Test
    void pagesFollowEachOtherWithoutRepeatsAndBadRequestsAre400() {
        String marker = "Sivu" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            String id = cases.readyDraft(aino, Map.of("title", "Rekisteritutkimus " + marker + " " + i));
            assertThat(api.post(aino, "/api/applications/" + id + "/submit", null)
                            .status())
                    .isEqualTo(200);
        }
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                search(olli, "?q=" + marker).path("total").asLong())
                        .isEqualTo(3));
        var first = search(olli, "?q=" + marker + "&size=2&sort=title");
        assertThat(ids(first)).hasSize(2);
        var second = search(
                olli,
                "?q=" + marker + "&size=2&sort=title&after="
                        + first.path("next").asText());
        assertThat(ids(second)).hasSize(1).doesNotContainAnyElementsOf(ids(first));
        assertThat(second.path("next").isNull()).isTrue();

        assertThat(api.get(olli, "/api/search/cases?sort=nonsense").status()).isEqualTo(400);
        assertThat(api.get(olli, "/api/search/cases?size=0").status()).isEqualTo(400);
        assertThat(api.get(olli, "/api/search/cases?after=%25%25").status()).isEqualTo(400);
        assertThat(api.get(null, "/api/search/cases").status()).isEqualTo(401);
    }

    @Test
    void withSearchStoppedCasesStillMoveTheApiSaysSoAndTheIndexCatchesUp() {
        openSearch.stop();
        try {
            String marker = "Katko" + UUID.randomUUID().toString().substring(0, 8);
            String id = cases.readyDraft(aino, Map.of("title", "Kuolinsyytutkimus " + marker));
            assertThat(api.post(aino, "/api/applications/" + id + "/submit", null)
                            .status())
                    .isEqualTo(200);
            // the permit path does not wait for search: the case reaches its first task
            cases.awaitTask(olli, id, "completeness-check");
            var down = api.get(olli, "/api/search/cases?q=" + marker);
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().path("detail").asText()).contains("Search is not available");
            // the dashboards and the public lists answer from PostgreSQL meanwhile, and say so
            String mikko = new Tokens(keys).of("mikko", Role.MANAGER);
            var figures = api.get(mikko, "/api/dashboard");
            assertThat(figures.status()).isEqualTo(200);
            assertThat(figures.header("X-Figures-Source")).isEqualTo("postgresql");
            var permits = api.get(null, "/api/public/permits");
            assertThat(permits.status()).isEqualTo(200);
            assertThat(permits.header("X-Figures-Source")).isEqualTo("postgresql");
        } finally {
            openSearch.start();
        }
        // back: the case made meanwhile is found, and the index holds exactly the cases PostgreSQL holds
        // (its shards answer 503 for a moment after the restart)
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() -> {
            var response = api.get(olli, "/api/search/cases?q=kuolinsyytutkimus");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().path("total").asLong()).isGreaterThanOrEqualTo(1);
            long indexed = client.count(c -> c.index("cases")).count();
            long cases = db.fetchOne("SELECT count(*) FROM application WHERE status <> 'draft'")
                    .get(0, Long.class);
            assertThat(indexed).isEqualTo(cases);
            assertThat(client.count(c -> c.index("tasks")).count())
                    .isEqualTo(db.fetchOne("SELECT count(*) FROM user_task").get(0, Long.class));
            assertThat(db.fetchOne("SELECT count(*) FROM search_change").get(0, Long.class))
                    .isZero();
        });
        assertThat(api.get(null, "/api/public/permits").header("X-Figures-Source"))
                .isEqualTo("opensearch");
    }

    @Test
    void earlierEthicsStatementsAreFoundByOfficersAndTheirOwnCommitteeOnly() {
        String reference = "HUS/" + UUID.randomUUID().toString().substring(0, 6) + "/2026";
        db.execute(
                "INSERT INTO ethics_statement (id, committee_id, reference_number, outcome, statement_text, statement_date,"
                        + " valid_until, recorded_by) VALUES (gen_random_uuid(), 'hus', ?, 'favourable',"
                        + " 'Lausunto tutkimuksesta, joka koskee syöpärekisteriä ja kuolinsyitä.', DATE '2026-03-02',"
                        + " DATE '2029-03-02', 'test')",
                reference);
        var tokens = new Tokens(keys);
        String essi = tokens.member("essi", "ethics-committee:hus", Role.ETHICS_COMMITTEE_MEMBER);
        String eero = tokens.member("eero", "ethics-committee:tukija", Role.ETHICS_COMMITTEE_MEMBER);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(api.get(olli, "/api/search/statements?q=lausunto+syöpärekisteri&committee=hus")
                                        .json()
                                        .findValuesAsText("reference"))
                                .contains(reference));
        assertThat(api.get(essi, "/api/search/statements?reference=" + reference)
                        .json()
                        .findValuesAsText("reference"))
                .containsExactly(reference);
        assertThat(api.get(eero, "/api/search/statements?reference=" + reference)
                        .json()
                        .findValuesAsText("reference"))
                .isEmpty();
        assertThat(api.get(olli, "/api/search/statements?reference=" + reference + "&from=2026-03-01&to=2026-03-31")
                        .json()
                        .findValuesAsText("reference"))
                .containsExactly(reference);
        assertThat(api.get(olli, "/api/search/statements?reference=" + reference + "&from=2026-04-01")
                        .json()
                        .findValuesAsText("reference"))
                .isEmpty();
        assertThat(api.get(aino, "/api/search/statements?q=lausunto").status()).isEqualTo(403);
        assertThat(api.get(olli, "/api/search/statements?from=yesterday").status())
                .isEqualTo(400);
    }

    @Test
    void aRebuildWritesNewIndexesAndMovesTheAliasesSearchKeepsAnswering() throws Exception {
        var tokens = new Tokens(keys);
        String admin = tokens.of("admin", Role.ADMIN);
        assertThat(api.post(olli, "/api/search/rebuild", Map.of()).status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get(olli, "/api/search/cases").status() == 200);
        long before = search(olli, "").path("total").asLong();
        var rebuilt = api.post(admin, "/api/search/rebuild", Map.of());
        assertThat(rebuilt.status()).as(rebuilt.toString()).isEqualTo(200);
        String newIndex = rebuilt.json().path("cases").asText();
        assertThat(newIndex).startsWith("cases-").isNotEqualTo("cases-v1");
        assertThat(search(olli, "").path("total").asLong()).isGreaterThanOrEqualTo(before);
        assertThat(client.indices().getAlias(a -> a.name("cases")).result().keySet())
                .containsExactly(newIndex);
    }

    /** An index left by an older mapping (an upgrade) is rebuilt from PostgreSQL and the alias moved to it. */
    @Test
    void anIndexFromAnOlderMappingIsRebuiltFromPostgresql() throws Exception {
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        client.indices().existsAlias(a -> a.name("permits")).value());
        String current = client.indices()
                .getAlias(a -> a.name("permits"))
                .result()
                .keySet()
                .iterator()
                .next();
        try (var created = client.generic()
                .execute(org.opensearch.client.opensearch.generic.Requests.builder()
                        .method("PUT")
                        .endpoint("/permits-legacy")
                        .json("{\"mappings\":{\"properties\":{\"id\":{\"type\":\"keyword\"}}}}")
                        .build())) {
            assertThat(created.getStatus()).isEqualTo(200);
        }
        client.index(i -> i.index("permits-legacy").id("stray").document(Map.of("id", "stray")));
        client.indices()
                .updateAliases(u -> u.actions(
                                a -> a.add(add -> add.index("permits-legacy").alias("permits")))
                        .actions(a -> a.remove(r -> r.index(current).alias("permits"))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var now = client.indices().getAlias(a -> a.name("permits")).result().keySet();
            assertThat(now).doesNotContain("permits-legacy", current);
            assertThat(client.indices().exists(e -> e.index("permits-legacy")).value())
                    .isFalse();
            assertThat(client.count(c -> c.index("permits")).count())
                    .isEqualTo(db.fetchOne("SELECT count(*) FROM public_permit").get(0, Long.class));
        });
    }
}
