package org.isaacus.notification;

import static org.isaacus.db.Tables.PERSON_LANGUAGE;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The language each person chose in the UI, remembered so that notifications reach them in it. Groups (a
 * committee, a register holder's staff, the officers) have no language of their own and get English, the language
 * every member can be expected to read.
 */
@Service
@Transactional
public class PersonLanguages {

    static final Set<String> LANGUAGES = Set.of("en", "fi", "sv");

    private final DSLContext db;

    PersonLanguages(DSLContext db) {
        this.db = db;
    }

    public void remember(String subject, String language) {
        if (subject == null || !LANGUAGES.contains(language)) {
            return;
        }
        db.insertInto(PERSON_LANGUAGE)
                .set(PERSON_LANGUAGE.SUBJECT, subject)
                .set(PERSON_LANGUAGE.LANGUAGE, language)
                .set(PERSON_LANGUAGE.UPDATED_AT, OffsetDateTime.now())
                .onConflict(PERSON_LANGUAGE.SUBJECT)
                .doUpdate()
                .set(PERSON_LANGUAGE.LANGUAGE, language)
                .set(PERSON_LANGUAGE.UPDATED_AT, OffsetDateTime.now())
                .execute();
    }

    @Transactional(readOnly = true)
    public Locale of(String recipient) {
        return db.select(PERSON_LANGUAGE.LANGUAGE)
                .from(PERSON_LANGUAGE)
                .where(PERSON_LANGUAGE.SUBJECT.eq(recipient))
                .fetchOptional(PERSON_LANGUAGE.LANGUAGE)
                .map(Locale::of)
                .orElse(Locale.ENGLISH);
    }
}
