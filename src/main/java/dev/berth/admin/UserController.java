package dev.berth.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.berth.api.ApiCallers;
import dev.berth.api.Pages;
import dev.berth.management.Paging;
import dev.berth.management.UserAdministration.User;
import dev.berth.management.UserAdministration;
import dev.berth.registry.Listing;

/** {@code /api/v1/users}: accounts. Admins manage them; a user may read theirs and change their password. */
@RestController
@RequestMapping(path = "/api/v1/users", produces = "application/json")
class UserController {

    /** @param admin whether the user administers the registry; false when left out */
    record CreateUser(String username, String password, Boolean admin) {
    }

    /**
     * Each field left out (or null) stays as it is; {@code admin} and {@code enabled} are for admins
     * only. {@code currentPassword} is required to change one's own {@code password}.
     */
    record UpdateUser(String password, String currentPassword, Boolean admin, Boolean enabled) {
    }

    private final UserAdministration users;
    private final ApiCallers callers;

    UserController(UserAdministration users, ApiCallers callers) {
        this.users = users;
        this.callers = callers;
    }

    @GetMapping
    ResponseEntity<Listing<User>> list(@RequestParam(defaultValue = "0") int page,
                                       @RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
        return Pages.of(users.list(callers.require(request), Paging.of(page, size)));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<User> create(@RequestBody CreateUser body, HttpServletRequest request) {
        User created = users.create(callers.require(request), body.username(), body.password(), body.admin());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{username}").buildAndExpand(created.username()).toUri()).body(created);
    }

    @GetMapping("/{username}")
    User get(@PathVariable String username, HttpServletRequest request) {
        return users.get(callers.require(request), username);
    }

    @PatchMapping(path = "/{username}", consumes = "application/json")
    User update(@PathVariable String username, @RequestBody UpdateUser body, HttpServletRequest request) {
        return users.update(callers.require(request), username, body.password(), body.currentPassword(),
                body.admin(), body.enabled(), request.getRemoteAddr());
    }

    @DeleteMapping("/{username}")
    ResponseEntity<Void> delete(@PathVariable String username, HttpServletRequest request) {
        users.delete(callers.require(request), username);
        return ResponseEntity.noContent().build();
    }
}
