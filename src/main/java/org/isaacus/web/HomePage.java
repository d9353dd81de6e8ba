package org.isaacus.web;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.isaacus.clock.Deadlines;
import org.isaacus.clock.LegalClock;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.isaacus.intake.ApplicationService;
import org.isaacus.intake.ApplicationStatus;
import org.isaacus.intake.PermitTerms;
import org.isaacus.tasks.TaskQuery;
import org.isaacus.tasks.UserTask;
import org.isaacus.tasks.UserTaskService;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The signed-in home. An applicant sees their applications with the status in words, what happens next and who
 * acts, the dates that matter to them, and what waits for them; everyone else is pointed to their task list.
 */
@Controller
class HomePage {

    /** Statuses after which the decision deadline no longer matters to the applicant. */
    private static final Set<ApplicationStatus> DECIDED_OR_CLOSED = Set.of(
            ApplicationStatus.DRAFT,
            ApplicationStatus.GRANTED,
            ApplicationStatus.GRANTED_WITH_CONDITIONS,
            ApplicationStatus.REFUSED,
            ApplicationStatus.WITHDRAWN,
            ApplicationStatus.LAPSED,
            ApplicationStatus.DATA_IN_PREPARATION,
            ApplicationStatus.DATA_AVAILABLE,
            ApplicationStatus.UNDER_APPEAL,
            ApplicationStatus.SUSPENDED,
            ApplicationStatus.EXPIRED,
            ApplicationStatus.REVOKED,
            ApplicationStatus.CLOSED);

    private final ApplicationService applications;
    private final LegalClock clock;
    private final PermitTerms permits;
    private final UserTaskService tasks;
    private final MessageSource messages;
    private final org.isaacus.fees.PriceList prices;

    HomePage(
            ApplicationService applications,
            LegalClock clock,
            PermitTerms permits,
            UserTaskService tasks,
            MessageSource messages,
            org.isaacus.fees.PriceList prices) {
        this.prices = prices;
        this.applications = applications;
        this.clock = clock;
        this.permits = permits;
        this.tasks = tasks;
        this.messages = messages;
    }

    record Dated(String label, String date) {}

    record Row(UUID id, String title, String status, String statusText, String next, List<Dated> dates) {}

    record Waiting(long jobKey, String name, String title, String due, boolean overdue) {}

    @GetMapping("/")
    String home(Model model, Locale locale) {
        var auth = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        if (auth == null || auth instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
            return portal(model);
        }
        CurrentUser user = CurrentUser.get();
        model.addAttribute("user", user);
        if (!user.has(Role.APPLICANT)) {
            return "home";
        }
        var dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        OffsetDateTime now = OffsetDateTime.now();
        List<Row> rows = new ArrayList<>();
        for (var application : applications.list(user)) {
            var status = application.status();
            List<Dated> dated = new ArrayList<>();
            if (!DECIDED_OR_CLOSED.contains(status)) {
                clock.state(user, application.id())
                        .ifPresent(c -> dated.add(new Dated(
                                text("application.decisionDue", locale),
                                dates.format(c.dueAt().atZoneSameInstant(Deadlines.AUTHORITY_ZONE)))));
            }
            permits.validUntil(application.id())
                    .filter(until -> !until.isBefore(LocalDate.now(Deadlines.AUTHORITY_ZONE)))
                    .ifPresent(until -> dated.add(new Dated(text("home.validUntil", locale), dates.format(until))));
            rows.add(new Row(
                    application.id(),
                    application.title().isBlank() ? text("home.untitled", locale) : application.title(),
                    status.code(),
                    text("status." + status.code(), locale),
                    text("home.next." + status.code(), locale),
                    dated));
        }
        var mine = tasks.page(user, TaskQuery.parse(Map.of("view", "mine", "limit", "50")));
        model.addAttribute("applications", rows);
        model.addAttribute(
                "waiting",
                mine.tasks().stream()
                        .map(t -> new Waiting(
                                t.jobKey(),
                                UserTask.name(messages, t.formId(), locale),
                                t.title(),
                                t.dueAt() == null
                                        ? ""
                                        : dates.format(t.dueAt().atZoneSameInstant(Deadlines.AUTHORITY_ZONE)),
                                t.dueAt() != null && t.dueAt().isBefore(now)))
                        .toList());
        return "applicant-home";
    }

    /** Before signing in: what data there is, how to apply, what it costs, how long it takes. */
    private String portal(Model model) {
        model.addAttribute("prices", prices.today().orElse(null));
        model.addAttribute("topics", PUBLIC_TOPICS);
        return "portal";
    }

    private static final List<String> PUBLIC_TOPICS =
            List.of("diagnoses", "health-care-use", "cancer", "medicines", "mortality", "population", "biobank");

    private String text(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }
}
