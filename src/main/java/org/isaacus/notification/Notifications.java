package org.isaacus.notification;

import static org.isaacus.db.Tables.NOTIFICATION;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.jooq.DSLContext;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Notifications to applicants, officers, committees and holders. Every message is stored first (the local
 * mailbox, readable in the app), keyed by the job that caused it, so a redelivered job sends nothing twice
 * and nothing is lost while mail delivery is down; {@link MailDelivery} sends them when SMTP is configured.
 */
@Service
@Transactional
public class Notifications {

    private final DSLContext db;
    private final MessageSource texts;
    private final PersonLanguages languages;

    Notifications(DSLContext db, MessageSource texts, PersonLanguages languages) {
        this.db = db;
        this.texts = texts;
        this.languages = languages;
    }

    public void store(long jobKey, UUID caseId, String template, String recipient, String email, String title) {
        store(jobKey, caseId, template, recipient, email, title, null);
    }

    /** With a detail the message names, e.g. the reason of a deadline extension ({2} in the text). */
    public void store(
            long jobKey, UUID caseId, String template, String recipient, String email, String title, String detail) {
        // written in the language the recipient chose in the UI (English for groups and people who never chose)
        Locale language = languages.of(recipient);
        Object[] args = {
            title == null ? "" : title, caseId == null ? "" : caseId.toString(), detail == null ? "" : detail
        };
        db.insertInto(NOTIFICATION)
                .set(NOTIFICATION.JOB_KEY, jobKey)
                .set(NOTIFICATION.CASE_ID, caseId)
                .set(NOTIFICATION.TEMPLATE, template)
                .set(NOTIFICATION.RECIPIENT, recipient)
                .set(NOTIFICATION.EMAIL, email)
                .set(NOTIFICATION.SUBJECT, texts.getMessage("notification." + template + ".subject", args, language))
                .set(NOTIFICATION.BODY, texts.getMessage("notification." + template + ".body", args, language))
                .onConflictDoNothing()
                .execute();
    }

    /** The mailbox of a user: messages to them or to one of their groups; admins see all. */
    @Transactional(readOnly = true)
    public List<Message> mailbox(CurrentUser user) {
        var condition =
                user.has(Role.ADMIN) ? org.jooq.impl.DSL.trueCondition() : NOTIFICATION.RECIPIENT.in(recipients(user));
        return db.selectFrom(NOTIFICATION)
                .where(condition)
                .orderBy(NOTIFICATION.ID.desc())
                .limit(200)
                .fetch(r -> new Message(
                        r.getId(),
                        r.getCaseId(),
                        r.getTemplate(),
                        r.getRecipient(),
                        r.getSubject(),
                        r.getBody(),
                        r.getCreatedAt()));
    }

    private static List<String> recipients(CurrentUser user) {
        var all = new java.util.ArrayList<>(user.groups());
        all.add(user.subject());
        return all;
    }

    public record Message(
            long id,
            UUID caseId,
            String template,
            String recipient,
            String subject,
            String body,
            OffsetDateTime createdAt) {}
}
