package dev.berth.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.berth.api.ApiCallers;
import dev.berth.management.UserAdministration;

/** {@code /api/v1/me}: who the caller is, and their namespaces. */
@RestController
@RequestMapping(path = "/api/v1/me", produces = "application/json")
class MeController {

    private final UserAdministration users;
    private final ApiCallers callers;

    MeController(UserAdministration users, ApiCallers callers) {
        this.users = users;
        this.callers = callers;
    }

    @GetMapping
    UserAdministration.Me me(HttpServletRequest request) {
        return users.me(callers.require(request));
    }
}
