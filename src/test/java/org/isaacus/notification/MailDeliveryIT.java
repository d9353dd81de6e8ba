package org.isaacus.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.isaacus.db.Tables.NOTIFICATION;

import java.time.Clock;
import java.util.Map;
import org.isaacus.support.IntegrationTest;
import org.isaacus.support.TestComponents;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** Stored notifications survive a mail server that is down, and go out once it answers. */
class MailDeliveryIT extends IntegrationTest {

    @Autowired
    Notifications notifications;

    @Autowired
    DSLContext db;

    @Autowired
    com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> keys;

    /** A person who chose Finnish in the UI gets their messages in Finnish; one who never chose, in English. */
    @Test
    void aPersonGetsMessagesInTheLanguageTheyChose() {
        var api = new org.isaacus.support.Api(baseUrl());
        String ulla = new org.isaacus.support.Tokens(keys).of("ulla", org.isaacus.identity.Role.APPLICANT);
        assertThat(api.get(ulla, "/api/notifications?lang=fi").status()).isEqualTo(200);
        long finnish = System.nanoTime();
        // no address: nothing for the mail delivery, which the other test watches
        notifications.store(finnish, null, "decision-issued", "ulla", null, "Uni ja vuorotyö");
        long english = finnish + 1;
        notifications.store(english, null, "decision-issued", "ville", null, "Sleep");
        assertThat(db.select(NOTIFICATION.SUBJECT)
                        .from(NOTIFICATION)
                        .where(NOTIFICATION.JOB_KEY.eq(finnish))
                        .fetchOne(NOTIFICATION.SUBJECT))
                .isEqualTo("Päätös hakemukseesi");
        assertThat(db.select(NOTIFICATION.SUBJECT)
                        .from(NOTIFICATION)
                        .where(NOTIFICATION.JOB_KEY.eq(english))
                        .fetchOne(NOTIFICATION.SUBJECT))
                .isEqualTo("Decision on your application");
    }

    @Test
    void nothingIsLostWhileTheMailServerIsDown() throws Exception {
        long jobKey = System.nanoTime();
        notifications.store(jobKey, null, "decision-issued", "someone", "someone@uni.example", "Sleep and shift work");
        var addresses = new NotificationAddresses(Map.of(), "isaacus@test.example");
        // the app's own delivery (every second, up to 20 attempts) must not take this row: park it past its limit
        db.update(NOTIFICATION)
                .set(NOTIFICATION.ATTEMPTS, 20)
                .where(NOTIFICATION.JOB_KEY.eq(jobKey))
                .execute();
        int limit = 30;

        var down = new JavaMailSenderImpl();
        down.setHost("127.0.0.1");
        down.setPort(TestComponents.freePort()); // nothing listens there
        new MailDelivery(db, down, addresses, Clock.systemUTC(), limit).deliver();
        var row = db.selectFrom(NOTIFICATION)
                .where(NOTIFICATION.JOB_KEY.eq(jobKey))
                .fetchOne();
        assertThat(row.getSentAt()).isNull();
        assertThat(row.getAttempts()).isEqualTo(21);
        assertThat(row.getLastError()).isNotBlank();

        var up = new JavaMailSenderImpl();
        up.setHost("127.0.0.1");
        up.setPort(TestComponents.mail().getSmtp().getPort());
        new MailDelivery(db, up, addresses, Clock.systemUTC(), limit).deliver();
        assertThat(db.selectFrom(NOTIFICATION)
                        .where(NOTIFICATION.JOB_KEY.eq(jobKey))
                        .fetchOne()
                        .getSentAt())
                .isNotNull();
        var received = TestComponents.mail().getReceivedMessagesForDomain("uni.example");
        assertThat(received).extracting(m -> m.getSubject()).contains("Decision on your application");

        // a redelivered job stores nothing twice
        notifications.store(jobKey, null, "decision-issued", "someone", "someone@uni.example", "Sleep and shift work");
        assertThat(db.fetchCount(NOTIFICATION, NOTIFICATION.JOB_KEY.eq(jobKey))).isEqualTo(1);
    }
}
