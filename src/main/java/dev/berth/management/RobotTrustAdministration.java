package dev.berth.management;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.berth.auth.AuditLog;
import dev.berth.auth.Caller;
import dev.berth.auth.UserAccount;
import dev.berth.auth.Users;
import dev.berth.identity.workload.TrustRule;
import dev.berth.identity.workload.TrustRules;

/** Which CI jobs may log in as a namespace's robot: only the namespace's owners (and admins) say. */
@Service
public class RobotTrustAdministration {

    private final NamespaceAdministration namespaceAdministration;
    private final Users users;
    private final TrustRules trustRules;
    private final AuditLog audit;

    RobotTrustAdministration(NamespaceAdministration namespaceAdministration, Users users, TrustRules trustRules,
                             AuditLog audit) {
        this.namespaceAdministration = namespaceAdministration;
        this.users = users;
        this.trustRules = trustRules;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    public List<TrustRule> rules(Caller caller, String namespace, String robotName) {
        return trustRules.rules(robot(caller, namespace, robotName).id());
    }

    @Transactional
    public TrustRule addRule(Caller caller, String namespace, String robotName, String issuer, String audience,
                             Map<String, String> conditions) {
        UserAccount robot = robot(caller, namespace, robotName);
        TrustRule rule;
        try {
            rule = trustRules.add(robot.id(), issuer, audience, conditions, caller.displayName());
        } catch (TrustRules.InvalidRule invalid) {
            throw ManagementException.invalid(invalid.problems().stream()
                    .map(problem -> new ManagementException.FieldProblem(problem.field(), problem.message())).toList());
        }
        audit.record(caller.displayName(), "robot-trust-add", robot.username(), AuditLog.Outcome.SUCCESS,
                "rule=" + rule.id() + " issuer=" + rule.issuer() + " audience=" + rule.audience() + " conditions="
                        + rule.conditions());
        return rule;
    }

    @Transactional
    public void removeRule(Caller caller, String namespace, String robotName, long id) {
        UserAccount robot = robot(caller, namespace, robotName);
        if (!trustRules.remove(robot.id(), id)) {
            throw ManagementException.notFound("robot " + robot.username() + " has no trust rule " + id);
        }
        audit.record(caller.displayName(), "robot-trust-remove", robot.username(), AuditLog.Outcome.SUCCESS,
                "rule=" + id);
    }

    private UserAccount robot(Caller caller, String namespace, String robotName) {
        namespaceAdministration.requireManaged(caller, namespace);
        String username = namespace + Users.ROBOT_SEPARATOR + robotName;
        return users.find(username).filter(UserAccount::robot)
                .orElseThrow(() -> ManagementException.notFound("no robot " + username));
    }
}
