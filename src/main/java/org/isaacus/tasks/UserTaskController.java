package org.isaacus.tasks;

import java.util.Map;
import org.isaacus.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/tasks")
class UserTaskController {

    private final UserTaskService tasks;

    UserTaskController(UserTaskService tasks) {
        this.tasks = tasks;
    }

    /** A page of the task list: {@code ?view=mine|unassigned|all&step=&type=&dataset=&holder=&due=overdue|week
     * &sort=due|deadline&q=&after=&limit=} (see {@link TaskQuery}). */
    @GetMapping
    TaskQuery.Page list(@RequestParam Map<String, String> params) {
        return tasks.page(CurrentUser.get(), TaskQuery.parse(params));
    }

    @GetMapping("/{jobKey}")
    UserTask get(@PathVariable long jobKey) {
        return tasks.get(CurrentUser.get(), jobKey);
    }

    @PostMapping("/{jobKey}/claim")
    UserTask claim(@PathVariable long jobKey) {
        return tasks.claim(CurrentUser.get(), jobKey);
    }

    @PostMapping("/{jobKey}/unclaim")
    UserTask unclaim(@PathVariable long jobKey) {
        return tasks.unclaim(CurrentUser.get(), jobKey);
    }

    /** An officer gives the task to a colleague: {@code {"assignee": "oona"}}. */
    @PostMapping("/{jobKey}/assign")
    UserTask assign(@PathVariable long jobKey, @RequestBody Map<String, Object> body) {
        return tasks.assign(CurrentUser.get(), jobKey, body.get("assignee") instanceof String s ? s.strip() : null);
    }

    @PostMapping("/{jobKey}/complete")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void complete(@PathVariable long jobKey, @RequestBody Map<String, Object> data) {
        tasks.complete(CurrentUser.get(), jobKey, data);
    }
}
