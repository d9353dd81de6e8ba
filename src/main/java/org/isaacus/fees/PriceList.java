package org.isaacus.fees;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.isaacus.clock.Deadlines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The price list in force today, as the public reads it: fees.dmn evaluated for each kind of application, so the
 * page and the fee a case is charged come from the same table. Kept for the day it was read on.
 */
@Service
public class PriceList {

    private static final Logger log = LoggerFactory.getLogger(PriceList.class);

    /** The kinds of application the price list distinguishes, with the facts fees.dmn reads for each. */
    public enum Kind {
        DATA_PERMIT("data-permit", false, "eu-eea", 1),
        THESIS("data-permit", true, "eu-eea", 1),
        OUTSIDE_EEA("data-permit", false, "outside-eea", 1),
        MANY_CONTROLLERS("data-permit", false, "eu-eea", 16),
        DATA_REQUEST("data-request", false, "eu-eea", 1),
        AMENDMENT("amendment", false, "eu-eea", 1),
        RENEWAL("renewal", false, "eu-eea", 1);

        final String applicationType;
        final boolean thesis;
        final String establishment;
        final int controllers;

        Kind(String applicationType, boolean thesis, String establishment, int controllers) {
            this.applicationType = applicationType;
            this.thesis = thesis;
            this.establishment = establishment;
            this.controllers = controllers;
        }

        /** The message key of its name: {@code prices.kind.data-permit}. */
        public String key() {
            return "prices.kind." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public record Price(Kind kind, BigDecimal baseFee, BigDecimal hourlyRate) {}

    private final CamundaClient engine;
    private final ObjectMapper json;
    private volatile LocalDate readOn;
    private volatile List<Price> prices = List.of();

    PriceList(CamundaClient engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    /** Today's prices; empty while the engine cannot be reached (the page says so). */
    public Optional<List<Price>> today() {
        LocalDate today = LocalDate.now(Deadlines.AUTHORITY_ZONE);
        if (!today.equals(readOn)) {
            try {
                List<Price> read = new ArrayList<>();
                for (Kind kind : Kind.values()) {
                    read.add(evaluate(kind, today));
                }
                prices = List.copyOf(read);
                readOn = today;
            } catch (RuntimeException e) {
                log.warn("Could not read the price list from fees.dmn: {}", e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.of(prices);
    }

    private Price evaluate(Kind kind, LocalDate day) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("feeDate", day.toString());
        facts.put("applicationType", kind.applicationType);
        facts.put("thesis", kind.thesis);
        facts.put("establishment", kind.establishment);
        facts.put("registerHolders", java.util.Collections.nCopies(kind.controllers, "holder"));
        facts.put("estimatedHours", 0);
        facts.put("cancelled", false);
        var result = engine.newEvaluateDecisionCommand()
                .decisionId("fees")
                .variables(facts)
                .send()
                .join(30, java.util.concurrent.TimeUnit.SECONDS);
        try {
            JsonNode out = json.readTree(result.getDecisionOutput());
            return new Price(
                    kind,
                    out.get("baseFee").decimalValue(),
                    out.get("hourlyRate").decimalValue());
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException(
                    "fees.dmn gave no price for " + kind + ": " + result.getDecisionOutput(), e);
        }
    }
}
