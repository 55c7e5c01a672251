package dev.berth.management;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.metadata.NamespaceMemberRows;
import dev.berth.metadata.UserRows;
import dev.berth.metadata.UserRows.UserRow;
import dev.berth.registry.Listing;

/** A namespace's robots: accounts named {@code ns+name} that only its owners create and remove. */
@Service
public class RobotAdministration {

    /** A robot: {@code name} within the namespace, {@code username} to log in with ({@code ns+name}). */
    public record Robot(String name, String username, String role, boolean enabled, Instant createdAt) {
    }

    private final NamespaceAdministration namespaceAdministration;
    private final Namespaces namespaces;
    private final Users users;
    private final NamespaceMemberRows memberRows;
    private final UserRows userRows;
    private final AuditLog audit;

    RobotAdministration(NamespaceAdministration namespaceAdministration, Namespaces namespaces, Users users,
                        NamespaceMemberRows memberRows, UserRows userRows, AuditLog audit) {
        this.namespaceAdministration = namespaceAdministration;
        this.namespaces = namespaces;
        this.users = users;
        this.memberRows = memberRows;
        this.userRows = userRows;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public Listing<Robot> robots(Caller caller, String namespace, Paging paging) {
        namespaceAdministration.requireManaged(caller, namespace);
        String prefix = namespace + Users.ROBOT_SEPARATOR;
        return paging.listing(userRows.robots(prefix, paging.offset(), paging.size()), userRows.countRobots(prefix),
                robot -> robotView(namespace, robot));
    }

    @Transactional
    public Robot createRobot(Caller caller, String namespace, String name, String roleName) {
        namespaceAdministration.requireManaged(caller, namespace);
        String username = namespace + Users.ROBOT_SEPARATOR + name;
        List<ManagementException.FieldProblem> problems = new ArrayList<>();
        if (!Users.isValidUsername(name) || !Users.isValidRobotName(username)) {
            problems.add(new ManagementException.FieldProblem("name", "lowercase letters and digits, optionally "
                    + "separated by '.', '_' or '-'; with the namespace at most " + Users.MAX_USERNAME_LENGTH
                    + " characters"));
        }
        Optional<Role> role = Role.fromWireName(roleName).filter(found -> found != Role.OWNER);
        if (role.isEmpty()) {
            problems.add(new ManagementException.FieldProblem("role", "one of reader, writer, maintainer"));
        }
        if (!problems.isEmpty()) {
            throw ManagementException.invalid(problems);
        }
        if (users.exists(username)) {
            throw ManagementException.conflict("the robot " + username + " exists");
        }
        UserAccount robot;
        try {
            robot = users.create(username, null, false);
        } catch (IllegalArgumentException raced) {
            throw ManagementException.conflict(raced.getMessage());
        }
        namespaces.setMember(namespace, robot.id(), role.get());
        audit.record(caller.displayName(), "robot-create", username, AuditLog.Outcome.SUCCESS,
                "role=" + role.get().wireName());
        return robotView(namespace, userRows.find(robot.id()).orElseThrow());
    }

    @Transactional
    public void deleteRobot(Caller caller, String namespace, String name) {
        namespaceAdministration.requireManaged(caller, namespace);
        String username = namespace + Users.ROBOT_SEPARATOR + name;
        UserRow robot = userRows.find(username).filter(UserRow::robot)
                .orElseThrow(() -> ManagementException.notFound("no robot " + username));
        users.delete(robot.id());
        audit.record(caller.displayName(), "robot-delete", username, AuditLog.Outcome.SUCCESS, null);
    }

    private Robot robotView(String namespace, UserRow robot) {
        String role = memberRows.findRole(namespace, robot.id()).orElse(null);
        return new Robot(robot.username().substring(namespace.length() + 1), robot.username(), role,
                robot.enabled(), robot.createdAt());
    }
}
