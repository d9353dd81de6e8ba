package org.isaacus.forms;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A request refused as a whole (403, 404, 409, 429), said in the reader's language: the problem's detail is the
 * message {@code code} of the bundles, resolved by Spring's problem-details handler in the request's locale.
 * Arguments that are themselves codes (a status, a request) go in as {@link #words(String)}.
 */
public class Refusal extends ResponseStatusException {

    public Refusal(HttpStatus status, String code, Object... arguments) {
        super(status, code, null, code, arguments);
    }

    /** A date as the reader writes it (the request's locale). */
    public static String date(java.time.LocalDate date) {
        return java.time.format.DateTimeFormatter.ofLocalizedDate(java.time.format.FormatStyle.MEDIUM)
                .withLocale(org.springframework.context.i18n.LocaleContextHolder.getLocale())
                .format(date);
    }

    /** An argument said from the bundles too (e.g. {@code status.granted}). */
    public static MessageSourceResolvable words(String code) {
        return new DefaultMessageSourceResolvable(new String[] {code}, code);
    }
}
