package dev.berth.management;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.auth.Namespaces;
import dev.berth.auth.Role;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.metadata.NamespaceMemberEntityRepository;
import dev.berth.metadata.UserEntity;
import dev.berth.metadata.UserEntityRepository;
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
    private final NamespaceMemberEntityRepository memberRows;
    private final UserEntityRepository userRows;
    private final AuditLog audit;

    RobotAdministration(NamespaceAdministration namespaceAdministration, Namespaces namespaces, Users users,
                        NamespaceMemberEntityRepository memberRows, UserEntityRepository userRows, AuditLog audit) {
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
        return Listing.of(robotRows(namespace, paging.pageable(Sort.by("username"))),
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
        return robotView(namespace, userRows.findById(robot.id()).orElseThrow());
    }

    @Transactional
    public void deleteRobot(Caller caller, String namespace, String name) {
        namespaceAdministration.requireManaged(caller, namespace);
        String username = namespace + Users.ROBOT_SEPARATOR + name;
        UserEntity robot = userRows.findByUsername(username).filter(UserEntity::isRobot)
                .orElseThrow(() -> ManagementException.notFound("no robot " + username));
        users.delete(robot.getId());
        audit.record(caller.displayName(), "robot-delete", username, AuditLog.Outcome.SUCCESS, null);
    }

    private Page<UserEntity> robotRows(String namespace, Pageable pageable) {
        return userRows.findByRobotTrueAndUsernameStartingWith(namespace + Users.ROBOT_SEPARATOR, pageable);
    }

    private Robot robotView(String namespace, UserEntity robot) {
        String role = memberRows.findRole(namespace, robot.getId()).orElse(null);
        return new Robot(robot.getUsername().substring(namespace.length() + 1), robot.getUsername(), role,
                robot.isEnabled(), robot.getCreatedAt());
    }
}
