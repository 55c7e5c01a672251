package dev.berth.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.api.ApiCallers;
import dev.berth.api.Pages;
import dev.berth.auth.Paging;
import dev.berth.auth.SystemAdministration.AuditEvent;
import dev.berth.auth.SystemAdministration;
import dev.berth.registry.Listing;

/** Admin-only, registry-wide: the audit trail and the rotation of the token signing key. */
@RestController
@RequestMapping(path = "/api/v1", produces = "application/json")
class SystemController {

    record RotatedKey(String kid) {
    }

    private final SystemAdministration system;
    private final ApiCallers callers;

    SystemController(SystemAdministration system, ApiCallers callers) {
        this.system = system;
        this.callers = callers;
    }

    /** The audit trail, newest first. */
    @GetMapping("/audit")
    ResponseEntity<Listing<AuditEvent>> audit(@RequestParam(defaultValue = "0") int page,
                                              @RequestParam(defaultValue = "20") int size,
                                              HttpServletRequest request) {
        return Pages.of(system.audit(callers.require(request), Paging.of(page, size)));
    }

    /** Signs new registry tokens with a new key; tokens signed before stay valid until they expire. */
    @PostMapping("/signing-keys/rotate")
    RotatedKey rotate(HttpServletRequest request) {
        return new RotatedKey(system.rotateSigningKey(callers.require(request)));
    }
}
