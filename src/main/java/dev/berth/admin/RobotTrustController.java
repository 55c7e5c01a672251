package dev.berth.admin;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.berth.api.ApiCallers;
import dev.berth.identity.workload.TrustRule;
import dev.berth.management.RobotTrustAdministration;

/**
 * {@code /api/v1/namespaces/{name}/robots/{robot}/trust}: the rules by which CI jobs log in as a robot
 * with their OIDC tokens (workload identity).
 */
@RestController
@RequestMapping(path = "/api/v1/namespaces/{name}/robots/{robot}/trust", produces = "application/json")
class RobotTrustController {

    /** {@code conditions}: claim name to required value, {@code *} for any run of characters. */
    record CreateRule(String issuer, String audience, Map<String, String> conditions) {
    }

    record Rules(List<TrustRule> items) {
    }

    private final RobotTrustAdministration trust;
    private final ApiCallers callers;

    RobotTrustController(RobotTrustAdministration trust, ApiCallers callers) {
        this.trust = trust;
        this.callers = callers;
    }

    @GetMapping
    Rules rules(@PathVariable String name, @PathVariable String robot, HttpServletRequest request) {
        return new Rules(trust.rules(callers.require(request), name, robot));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<TrustRule> add(@PathVariable String name, @PathVariable String robot, @RequestBody CreateRule body,
                                  HttpServletRequest request) {
        TrustRule rule = trust.addRule(callers.require(request), name, robot, body.issuer(), body.audience(),
                body.conditions());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(rule.id()).toUri()).body(rule);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> remove(@PathVariable String name, @PathVariable String robot, @PathVariable long id,
                                HttpServletRequest request) {
        trust.removeRule(callers.require(request), name, robot, id);
        return ResponseEntity.noContent().build();
    }
}
