package org.isaacus.ethics;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.LocalDate;
import java.util.UUID;
import org.isaacus.identity.Role;
import org.isaacus.support.Api;
import org.isaacus.support.Cases;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.Tokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** An earlier statement is offered for reuse only to the applicant whose case it was given in. */
class EthicsStatementsIT extends IntegrationTest {

    @Autowired
    EthicsStatements statements;

    @Autowired
    JWKSource<SecurityContext> keys;

    @Autowired
    TransactionTemplate tx;

    @Test
    void aStatementFromAnotherApplicantsCaseIsNeverOffered() {
        String owner = "ulla-" + UUID.randomUUID();
        String stranger = "veikko-" + UUID.randomUUID();
        var api = new Api(baseUrl());
        String token = new Tokens(keys).of(owner, Role.APPLICANT);
        UUID caseId = UUID.fromString(new Cases(api, token).draft(token));
        String reference = "HUS/" + UUID.randomUUID();
        tx.executeWithoutResult(
                s -> statements.record(caseId, "hus", reference, "favourable", "Favourable.", LocalDate.now(), "essi"));

        var mine = statements.lookup("hus", reference, owner);
        assertThat(mine.get("ethicsStatementFound")).isEqualTo(true);
        assertThat(mine.get("ethicsStatementText")).isEqualTo("Favourable.");
        assertThat(statements.lookup("hus", reference, stranger).get("ethicsStatementFound"))
                .as("another applicant's statement")
                .isEqualTo(false);
        // a statement recorded from outside the system (no case) is offered, for an officer to confirm
        assertThat(statements.lookup("tukija", "TUKIJA/123/2026", stranger).get("ethicsStatementFound"))
                .isEqualTo(true);
    }
}
