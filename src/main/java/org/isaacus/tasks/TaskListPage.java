package org.isaacus.tasks;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.isaacus.catalogue.Catalogue;
import org.isaacus.clock.Deadlines;
import org.isaacus.forms.FormDefinitions;
import org.isaacus.identity.CurrentUser;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The task list as a server-rendered page: views as links, filters as a plain GET form, the next page as a
 * link. Works without JavaScript and with the keyboard alone; every state of the list is a URL to share.
 */
@Controller
class TaskListPage {

    private static final List<String> CASE_TYPES = List.of("data-permit", "data-request", "amendment", "renewal");

    private final UserTaskService tasks;
    private final FormDefinitions forms;
    private final Catalogue catalogue;
    private final MessageSource messages;

    TaskListPage(UserTaskService tasks, FormDefinitions forms, Catalogue catalogue, MessageSource messages) {
        this.tasks = tasks;
        this.forms = forms;
        this.catalogue = catalogue;
        this.messages = messages;
    }

    record Option(String value, String label) {}

    record ViewLink(String name, String href, boolean current, TaskQuery.Count count) {}

    record Row(
            long jobKey,
            String name,
            String title,
            String caseType,
            String due,
            boolean overdue,
            String decisionDue,
            String assignee) {}

    @GetMapping("/tasks")
    String list(@RequestParam Map<String, String> params, Model model, Locale locale) {
        CurrentUser user = CurrentUser.get();
        TaskQuery query = TaskQuery.parse(params);
        TaskQuery.Page page = tasks.page(user, query);
        var dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
        OffsetDateTime now = OffsetDateTime.now();
        model.addAttribute("user", user);
        model.addAttribute("query", query);
        model.addAttribute("params", params);
        model.addAttribute(
                "rows",
                page.tasks().stream()
                        .map(t -> new Row(
                                t.jobKey(),
                                taskName(t.formId(), locale),
                                t.title(),
                                t.caseType() == null ? "" : text("casetype." + t.caseType(), t.caseType(), locale),
                                t.dueAt() == null
                                        ? ""
                                        : dates.format(t.dueAt().atZoneSameInstant(Deadlines.AUTHORITY_ZONE)),
                                t.dueAt() != null && t.dueAt().isBefore(now),
                                t.decisionDueAt() == null
                                        ? ""
                                        : dates.format(t.decisionDueAt().atZoneSameInstant(Deadlines.AUTHORITY_ZONE)),
                                t.assignee()))
                        .toList());
        model.addAttribute(
                "views",
                java.util.Arrays.stream(TaskQuery.View.values())
                        .map(v -> {
                            String name = v.name().toLowerCase(Locale.ROOT);
                            return new ViewLink(
                                    name,
                                    ServletUriComponentsBuilder.fromCurrentRequest()
                                            .replaceQueryParam("view", name)
                                            .replaceQueryParam("after")
                                            .build()
                                            .toUriString(),
                                    v == query.view(),
                                    page.counts().get(name));
                        })
                        .toList());
        model.addAttribute(
                "next",
                page.next() == null
                        ? null
                        : ServletUriComponentsBuilder.fromCurrentRequest()
                                .replaceQueryParam("after", page.next())
                                .build()
                                .toUriString());
        model.addAttribute(
                "first",
                query.after() == null
                        ? null
                        : ServletUriComponentsBuilder.fromCurrentRequest()
                                .replaceQueryParam("after")
                                .build()
                                .toUriString());
        model.addAttribute(
                "steps",
                forms.ids().stream()
                        .filter(id -> !id.equals("permit-application"))
                        .map(id -> new Option(id, taskName(id, locale)))
                        .sorted(Comparator.comparing(Option::label))
                        .toList());
        model.addAttribute(
                "caseTypes",
                CASE_TYPES.stream()
                        .map(t -> new Option(t, text("casetype." + t, t, locale)))
                        .toList());
        var datasets = catalogue.datasets();
        model.addAttribute(
                "datasets",
                datasets.stream().map(d -> new Option(d.id(), d.name(locale))).toList());
        model.addAttribute(
                "holders",
                catalogue.holders().stream()
                        .map(h -> new Option(h.id(), h.name(locale)))
                        .toList());
        return "tasks";
    }

    /** One task: the page shell names it in the reader's language; form and case come from the API. */
    @GetMapping("/tasks/{jobKey}")
    String task(@org.springframework.web.bind.annotation.PathVariable long jobKey, Model model, Locale locale) {
        CurrentUser user = CurrentUser.get();
        UserTask task = tasks.seen(user, jobKey);
        model.addAttribute("user", user);
        model.addAttribute("jobKey", jobKey);
        model.addAttribute("taskName", taskName(task.formId(), locale));
        model.addAttribute("officer", user.has(org.isaacus.identity.Role.PERMIT_OFFICER));
        return "task";
    }

    private String taskName(String formId, Locale locale) {
        return UserTask.name(messages, formId, locale);
    }

    private String text(String key, String fallback, Locale locale) {
        return messages.getMessage(key, null, fallback, locale);
    }
}
