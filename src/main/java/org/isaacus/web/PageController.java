package org.isaacus.web;

import java.util.UUID;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.DemoUser;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** Server-rendered shells; the data comes from the REST API, the forms are rendered by form-js. */
@Controller
class PageController {

    private final boolean demoUsers;

    PageController(@Value("${isaacus.identity.embedded-issuer.enabled:true}") boolean demoUsers) {
        this.demoUsers = demoUsers;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("demoUsers", demoUsers ? DemoUser.all() : java.util.List.of());
        return "login";
    }

    @GetMapping("/applications")
    String applications(Model model) {
        model.addAttribute("user", CurrentUser.get());
        return "applications";
    }

    @GetMapping("/applications/{id}")
    String application(@PathVariable UUID id, Model model) {
        model.addAttribute("user", CurrentUser.get());
        model.addAttribute("applicationId", id);
        return "application";
    }

    @GetMapping("/search")
    String search(Model model) {
        model.addAttribute("user", CurrentUser.get());
        return "search";
    }

    @GetMapping("/mailbox")
    String mailbox(Model model) {
        model.addAttribute("user", CurrentUser.get());
        return "mailbox";
    }

    /** Public: the list of granted permits needs no sign-in. */
    @GetMapping("/permits")
    String permits() {
        return "permits";
    }

    @GetMapping("/dashboard")
    String dashboard(Model model) {
        model.addAttribute("user", CurrentUser.get());
        return "dashboard";
    }

    @GetMapping("/workspaces")
    String workspaces(Model model) {
        model.addAttribute("user", CurrentUser.get());
        return "workspaces";
    }

    @GetMapping("/workspaces/{caseId}")
    String workspace(@PathVariable UUID caseId, Model model) {
        model.addAttribute("user", CurrentUser.get());
        model.addAttribute("caseId", caseId);
        return "workspace";
    }
}
