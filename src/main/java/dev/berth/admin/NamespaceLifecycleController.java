package dev.berth.admin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.api.ApiCallers;
import dev.berth.management.LifecycleAdministration;
import dev.berth.registry.lifecycle.ImmutableTags;
import dev.berth.registry.lifecycle.RetentionPolicies;

/** {@code /api/v1/namespaces/{name}/...}: the namespace's immutable tags and retention, for its owners and admins. */
@RestController
@RequestMapping(path = "/api/v1/namespaces/{name}", produces = "application/json")
class NamespaceLifecycleController {

    /** @param repository absent for a rule on the whole namespace */
    record ImmutableTagRule(String pattern, String repository) {
    }

    /** @param repository absent for the namespace's policy */
    record RetentionBody(String repository, Integer keepLast, String keepPattern, Integer maxAgeDays) {
    }

    private final LifecycleAdministration lifecycle;
    private final ApiCallers callers;

    NamespaceLifecycleController(LifecycleAdministration lifecycle, ApiCallers callers) {
        this.lifecycle = lifecycle;
        this.callers = callers;
    }

    @GetMapping("/immutable-tags")
    List<ImmutableTags.Rule> immutableTags(@PathVariable String name, HttpServletRequest request) {
        return lifecycle.immutableTags(callers.require(request), name);
    }

    @PostMapping(path = "/immutable-tags", consumes = "application/json")
    ResponseEntity<ImmutableTags.Rule> addImmutableTag(@PathVariable String name, @RequestBody ImmutableTagRule body,
                                                       HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(
                lifecycle.addImmutableTag(callers.require(request), name, body.pattern(), body.repository()));
    }

    /** The rule to remove is named by query parameters: {@code pattern}, and {@code repository} when it has one. */
    @DeleteMapping("/immutable-tags")
    ResponseEntity<Void> removeImmutableTag(@PathVariable String name, @RequestParam String pattern,
                                            @RequestParam(required = false) String repository,
                                            HttpServletRequest request) {
        lifecycle.removeImmutableTag(callers.require(request), name, pattern, repository);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/retention")
    List<RetentionPolicies.Policy> retention(@PathVariable String name, HttpServletRequest request) {
        return lifecycle.retention(callers.require(request), name);
    }

    @PutMapping(path = "/retention", consumes = "application/json")
    RetentionPolicies.Policy setRetention(@PathVariable String name, @RequestBody RetentionBody body,
                                          HttpServletRequest request) {
        return lifecycle.setRetention(callers.require(request), name, body.repository(), body.keepLast(),
                body.keepPattern(), body.maxAgeDays());
    }

    /** The namespace's policy, or with {@code repository} that repository's own. */
    @DeleteMapping("/retention")
    ResponseEntity<Void> removeRetention(@PathVariable String name,
                                         @RequestParam(required = false) String repository,
                                         HttpServletRequest request) {
        lifecycle.removeRetention(callers.require(request), name, repository);
        return ResponseEntity.noContent().build();
    }
}
