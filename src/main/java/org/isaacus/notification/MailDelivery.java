package org.isaacus.notification;

import static org.isaacus.db.Tables.NOTIFICATION;

import java.time.Clock;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends stored notifications over SMTP when {@code spring.mail.host} is set. A message is marked sent only after
 * the server took it; a failure counts an attempt and the message is tried again next round, so nothing is lost
 * while the mail server is down (at most one duplicate if the server accepted a message and the database then
 * failed).
 */
@Component
@ConditionalOnProperty("spring.mail.host")
class MailDelivery {

    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

    private final DSLContext db;
    private final JavaMailSender mail;
    private final NotificationAddresses addresses;
    private final Clock clock;
    private final int maxAttempts;

    MailDelivery(
            DSLContext db,
            JavaMailSender mail,
            NotificationAddresses addresses,
            Clock clock,
            @org.springframework.beans.factory.annotation.Value("${isaacus.notification.max-attempts:20}")
                    int maxAttempts) {
        this.db = db;
        this.mail = mail;
        this.addresses = addresses;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
    }

    @Scheduled(fixedDelayString = "${isaacus.notification.delivery-interval:PT30S}", initialDelayString = "PT5S")
    void deliver() {
        var pending = db.selectFrom(NOTIFICATION)
                .where(NOTIFICATION.SENT_AT.isNull())
                .and(NOTIFICATION.EMAIL.isNotNull())
                .and(NOTIFICATION.ATTEMPTS.lt(maxAttempts))
                .orderBy(NOTIFICATION.ID)
                .limit(50)
                .fetch();
        for (var n : pending) {
            var message = new SimpleMailMessage();
            message.setFrom(addresses.from());
            message.setTo(n.getEmail());
            message.setSubject(n.getSubject());
            message.setText(n.getBody());
            try {
                mail.send(message);
                db.update(NOTIFICATION)
                        .set(NOTIFICATION.SENT_AT, OffsetDateTime.now(clock))
                        .where(NOTIFICATION.ID.eq(n.getId()))
                        .execute();
            } catch (MailException e) {
                log.warn("Mail {} to {} not sent yet: {}", n.getId(), n.getEmail(), e.getMessage());
                db.update(NOTIFICATION)
                        .set(NOTIFICATION.ATTEMPTS, NOTIFICATION.ATTEMPTS.plus(1))
                        .set(NOTIFICATION.LAST_ERROR, String.valueOf(e.getMessage()))
                        .where(NOTIFICATION.ID.eq(n.getId()))
                        .execute();
                return; // the server is likely down: try the rest next round
            }
        }
    }
}
