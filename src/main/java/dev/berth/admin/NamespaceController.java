package dev.berth.admin;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.berth.api.ApiCallers;
import dev.berth.api.Pages;
import dev.berth.management.NamespaceAdministration.Member;
import dev.berth.management.NamespaceAdministration;
import dev.berth.management.RobotAdministration;
import dev.berth.management.RobotAdministration.Robot;
import dev.berth.management.Paging;
import dev.berth.registry.Listing;

/** {@code /api/v1/namespaces}: namespaces, their members and robots. */
@RestController
@RequestMapping(path = "/api/v1/namespaces", produces = "application/json")
class NamespaceController {

    /**
     * @param publicPull anonymous pull: true, false, or null to follow the registry's default
     * @param role       the caller's role in it
     * @param owner      the user whose own namespace it is, also after that account was deleted; null otherwise
     */
    record NamespaceView(String name, @JsonProperty("public") Boolean publicPull, String role, Instant createdAt,
                         long usedBytes, Long quotaBytes, String owner) {

        static NamespaceView of(NamespaceAdministration.Namespace namespace) {
            return new NamespaceView(namespace.name(), namespace.publicPull(), namespace.role(),
                    namespace.createdAt(), namespace.usedBytes(), namespace.quotaBytes(), namespace.owner());
        }
    }

    record CreateNamespace(String name, @JsonProperty("public") Boolean publicPull) {
    }

    /**
     * {@code public}: true, false, or null to follow the default; {@code quotaBytes} (admins only): a
     * number of bytes, or null to follow {@code berth.quota.default}. Left out, each stays as it is.
     */
    static final class UpdateNamespace {
        private Boolean publicPull;
        private boolean publicGiven;
        private Long quotaBytes;
        private boolean quotaGiven;

        public Long getQuotaBytes() {
            return quotaBytes;
        }

        public void setQuotaBytes(Long quotaBytes) {
            this.quotaBytes = quotaBytes;
            this.quotaGiven = true;
        }

        @JsonProperty("public")
        public Boolean getPublic() {
            return publicPull;
        }

        @JsonProperty("public")
        public void setPublic(Boolean publicPull) {
            this.publicPull = publicPull;
            this.publicGiven = true;
        }
    }

    record SetMember(String role) {
    }

    record CreateRobot(String name, String role) {
    }

    private final NamespaceAdministration namespaces;
    private final RobotAdministration robots;
    private final ApiCallers callers;

    NamespaceController(NamespaceAdministration namespaces, RobotAdministration robots, ApiCallers callers) {
        this.namespaces = namespaces;
        this.robots = robots;
        this.callers = callers;
    }

    @GetMapping
    ResponseEntity<Listing<NamespaceView>> list(@RequestParam(defaultValue = "0") int page,
                                                @RequestParam(defaultValue = "20") int size,
                                                HttpServletRequest request) {
        Listing<NamespaceAdministration.Namespace> found =
                namespaces.list(callers.require(request), Paging.of(page, size));
        return Pages.of(new Listing<>(found.items().stream().map(NamespaceView::of).toList(), found.page(),
                found.size(), found.total()));
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<NamespaceView> create(@RequestBody CreateNamespace body, HttpServletRequest request) {
        NamespaceView created = NamespaceView.of(
                namespaces.create(callers.require(request), body.name(), body.publicPull()));
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{name}").buildAndExpand(created.name()).toUri()).body(created);
    }

    @GetMapping("/{name}")
    NamespaceView get(@PathVariable String name, HttpServletRequest request) {
        return NamespaceView.of(namespaces.get(callers.require(request), name));
    }

    @PatchMapping(path = "/{name}", consumes = "application/json")
    NamespaceView update(@PathVariable String name, @RequestBody UpdateNamespace body, HttpServletRequest request) {
        return NamespaceView.of(namespaces.update(callers.require(request), name, body.publicGiven,
                body.publicPull, body.quotaGiven, body.quotaBytes));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(@PathVariable String name, HttpServletRequest request) {
        namespaces.delete(callers.require(request), name);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/members")
    ResponseEntity<Listing<Member>> members(@PathVariable String name, @RequestParam(defaultValue = "0") int page,
                                            @RequestParam(defaultValue = "20") int size,
                                            HttpServletRequest request) {
        return Pages.of(namespaces.members(callers.require(request), name, Paging.of(page, size)));
    }

    @PutMapping(path = "/{name}/members/{username}", consumes = "application/json")
    Member setMember(@PathVariable String name, @PathVariable String username, @RequestBody SetMember body,
                     HttpServletRequest request) {
        return namespaces.setMember(callers.require(request), name, username, body.role());
    }

    @DeleteMapping("/{name}/members/{username}")
    ResponseEntity<Void> removeMember(@PathVariable String name, @PathVariable String username,
                                      HttpServletRequest request) {
        namespaces.removeMember(callers.require(request), name, username);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{name}/robots")
    ResponseEntity<Listing<Robot>> robots(@PathVariable String name, @RequestParam(defaultValue = "0") int page,
                                          @RequestParam(defaultValue = "20") int size, HttpServletRequest request) {
        return Pages.of(robots.robots(callers.require(request), name, Paging.of(page, size)));
    }

    @PostMapping(path = "/{name}/robots", consumes = "application/json")
    ResponseEntity<Robot> createRobot(@PathVariable String name, @RequestBody CreateRobot body,
                                      HttpServletRequest request) {
        Robot created = robots.createRobot(callers.require(request), name, body.name(), body.role());
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{robot}").buildAndExpand(created.name()).toUri()).body(created);
    }

    @DeleteMapping("/{name}/robots/{robot}")
    ResponseEntity<Void> deleteRobot(@PathVariable String name, @PathVariable String robot,
                                     HttpServletRequest request) {
        robots.deleteRobot(callers.require(request), name, robot);
        return ResponseEntity.noContent().build();
    }
}
