package org.isaacus.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.isaacus.identity.CurrentUser;
import org.isaacus.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.server.ResponseStatusException;

/** The audit chain's state for admins: the latest scheduled verification, and a button to verify now. */
@Controller
class AuditController {

    private final AuditWatch watch;
    private final AuditAnchors anchors;

    AuditController(AuditWatch watch, AuditAnchors anchors) {
        this.watch = watch;
        this.anchors = anchors;
    }

    @GetMapping("/api/admin/audit")
    @ResponseBody
    Map<String, Object> state() {
        requireAdmin();
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("verification", watch.latest().orElse(null));
        var all = anchors.all();
        state.put("latestAnchor", all.isEmpty() ? null : all.get(all.size() - 1));
        return state;
    }

    @PostMapping("/api/admin/audit/verification")
    @ResponseBody
    AuditWatch.Checked verifyNow() {
        requireAdmin();
        return watch.verify();
    }

    @GetMapping("/admin/audit")
    String page(Model model) {
        requireAdmin();
        var checked = watch.latest().orElse(null);
        model.addAttribute("checked", checked);
        model.addAttribute("checkedAt", checked == null ? null : local(checked.at()));
        var all = anchors.all();
        var anchor = all.isEmpty() ? null : all.get(all.size() - 1);
        model.addAttribute("anchor", anchor);
        model.addAttribute("anchoredAt", anchor == null ? null : local(anchor.at()));
        return "audit";
    }

    @PostMapping("/admin/audit/verification")
    String verifyFromPage() {
        requireAdmin();
        watch.verify();
        return "redirect:/admin/audit";
    }

    private static String local(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(at.atZone(java.time.ZoneId.of("Europe/Helsinki")));
    }

    private static void requireAdmin() {
        if (!CurrentUser.get().has(Role.ADMIN)) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
